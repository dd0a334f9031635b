"""How a table cell's text is read as a value: the one grammar every reader's cells go through.

Every format reader (text, HTML, PDF, DOCX) hands the builder a cell's text; this module alone
decides whether that text is a number, blank, not applicable, or unreadable.  The grammar is
strict on purpose: a checker that reads two figures glued together (``1 1``, ``3，5``, ``1¹``,
``1①``) as one number reports false arithmetic errors, so anything that is not one number
written in an unambiguous way is ``unreadable`` (TAB004 reports it; unreadable is never 0).

A number is, after trimming the whitespace around it:

* ASCII digits or full-width digits (``１２``), with an optional sign and decimal part;
* or digits grouped by thousands separators: a first group of one to three digits, then groups
  of exactly three, each after the same comma (``1,234``, ``1,234,567``, ``1，234``);
* optionally followed by one of the form's units (``251000元``, ``3 件``), kept for FEE003.

Not a number: two figures separated by a space, line break or comma that is not a thousands
grouping (``1 1``, ``1\\n1``, ``1,1``, ``3，5``, ``12,34``), spaces used as thousands separators
(``1 234``: it cannot be told from two cells run together), superscript, subscript, circled
or other non-ASCII digits (``1¹``, ``1①``, ``١``), and mixed separators (``1,234，567``).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from functools import cache
from typing import Any

from gixcheck.form.tables import value_vocabulary

# Full-width digits, signs and point (U+FF10-FF19, U+FF0B, U+FF0D, U+FF0E), folded to ASCII
# before the number is read.  Only these: NFKC would also fold superscripts (¹) and circled
# digits (①) into digits.
_FULL_WIDTH = str.maketrans(
    {0xFF10 + d: ord("0") + d for d in range(10)} | {0xFF0B: "+", 0xFF0D: "-", 0xFF0E: "."}
)
_FULL_WIDTH_COMMA = chr(0xFF0C)


@cache
def _grammar() -> tuple[re.Pattern[str], re.Pattern[str], frozenset[str]]:
    v = value_vocabulary()
    units = "|".join(re.escape(u) for u in sorted(v["units"], key=len, reverse=True))
    digits = r"(?:[0-9]{1,3}(?:(?P<sep>[,\uff0c])[0-9]{3})(?:(?P=sep)[0-9]{3})*|[0-9]+)"
    number = re.compile(
        rf"^(?P<sign>[+-]?)(?P<int>{digits})(?:\.(?P<frac>[0-9]+))?(?:[ \u3000]*(?P<unit>{units}))?$"
    )
    return number, re.compile(v["separators"]), frozenset(v["not_applicable"])


def read_value(text: str) -> dict[str, Any]:
    """The typed value of a cell's text: ``{"kind": ...}`` with ``value`` (and ``unit``) for a
    number.  Kinds: ``number``, ``blank`` (empty: not zero), ``na`` (``/``, ``—``, ``无``: not
    applicable) and ``unreadable`` (anything else; never 0)."""
    number, spaces, not_applicable = _grammar()
    s = text.strip().translate(_FULL_WIDTH)  # every Unicode space (U+3000, U+00A0 ...)
    if not s:
        return {"kind": "blank"}
    m = number.match(s)
    if m:
        whole = m.group("int").replace(",", "").replace(_FULL_WIDTH_COMMA, "")
        sign = "-" if m.group("sign") == "-" else ""
        frac = m.group("frac")
        value: int | Decimal = (
            int(sign + whole) if frac is None else Decimal(f"{sign}{whole}.{frac}")
        )
        cell: dict[str, Any] = {"kind": "number", "value": value}
        if m.group("unit"):
            cell["unit"] = m.group("unit")
        return cell
    # Not-applicable marks are many dashes and slashes, written with spaces at times (— —).
    if spaces.sub("", unicodedata.normalize("NFKC", s)) in not_applicable:
        return {"kind": "na"}
    if not spaces.sub("", unicodedata.normalize("NFKC", s)):
        return {"kind": "blank"}  # only separators and invisible spaces
    return {"kind": "unreadable"}

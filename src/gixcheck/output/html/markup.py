"""Small pieces of markup every part of the page uses: escaping, badges, ids, words."""

from __future__ import annotations

import html
import re
from typing import Any

from gixcheck.output.common import word
from gixcheck.output.safe import UNSAFE_CHARS, visible

GRADES = ("A", "B", "C", "D", "E")


def escape(value: object) -> str:
    """Text from a report for the page: control characters shown, markup escaped (quotes too,
    so the same function is safe inside attribute values)."""
    s = "" if value is None else str(value)
    if _PLAIN(s):  # most texts (figures, names, labels): nothing to show or escape
        return s
    return html.escape(visible(s, one_line=False), quote=True)


# What escape leaves as it is: none of html.escape's five characters, and nothing visible()
# shows as an escape (a page's texts are mostly such, tens of thousands of them a batch).
_PLAIN = re.compile(f"[^&<>\"'{UNSAFE_CHARS}]*").fullmatch


def w(key: str, lang: str, **values: Any) -> str:
    """A page word (``html_<key>`` in messages/output.toml)."""
    return word(f"html_{key}", lang, **values)


def grade_badge(grade: str | None, lang: str) -> str:
    """The grade letter on its colour; an unreadable report has none (it was not assessed)."""
    if grade in GRADES:
        return f'<span class="grade g-{grade}">{grade}</span>'
    return f'<span class="grade g-none" title="{escape(word("word_no_grade", lang))}">—</span>'


def grade_key(grade: str | None) -> str:
    """A grade as a filter and class key: A–E, or ``none``."""
    return grade if grade in GRADES else "none"


def cell_id(index: int | str, pointer: str) -> str:
    """The HTML id of a report's cell: the report number and the cell's JSON Pointer."""
    return f"r{index}-{pointer}"


def cell_ref(index: int | str, pointer: str) -> str:
    """``escape(cell_id(index, pointer))`` with the report number written as it is, so that a
    batch's worker can write :data:`PLACE` there for the writer to number (escaping changes
    neither ``r``, ``-`` nor digits)."""
    return f"r{index}-{escape(pointer)}"


# Where a report section made before its place in the batch is known has its number. escape()
# never writes a control character as it is (it shows it as ``\x01``), so in a section this
# character can only be a number's place.
PLACE = "\x01"


def is_cell(pointer: object) -> bool:
    return isinstance(pointer, str) and pointer.startswith("/tables/") and "/rows/" in pointer

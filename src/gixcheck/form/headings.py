"""Section headings by meaning: which of the six sections a heading opens, and how well it
keeps the standard wording (data: ``sections.toml``).

:func:`match_heading` reads one candidate heading (a line or a paragraph);
:func:`find_headings` finds headings inside running text, where a crawler or a pre-2019 page
ran the whole report into one line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, Literal

from gixcheck.form._data import load
from gixcheck.form.labels import fold

Quality = Literal["standard", "variant", "misspelt"]

# A heading is short: its body (after the number) is at most this long, or the standard wording
# plus this much (a unit or a colon after it).
_MAX_BODY = 48
_EXTRA = 12
# One slip (a character added, dropped or changed) is read as a misspelling only in wording at
# least this long, so that it cannot turn one section's heading into another's.
_MIN_FUZZY = 6


@dataclass(frozen=True)
class HeadingMatch:
    """A section heading as matched.

    ``key`` is the section's canonical key, ``number`` and ``standard`` its standard number and
    heading (``四`` and ``四、政府信息公开行政复议、行政诉讼情况``); ``written_number`` and ``text`` are
    as written; ``quality`` is ``standard``, ``variant`` or ``misspelt``; ``variant`` is the
    accepted variant or known misspelling matched (``None`` for the standard wording or a
    one-character slip of it); ``start``/``end`` locate the heading in the text searched.
    """

    key: str
    number: str
    standard: str
    quality: Quality
    variant: str | None
    written_number: str
    text: str
    start: int = 0
    end: int = 0

    @property
    def standard_body(self) -> str:
        """The standard wording without its number: ``总体情况``."""
        return heading_text(self.key)


def _sections() -> dict[str, dict[str, Any]]:
    data: dict[str, dict[str, Any]] = load("sections")["sections"]
    return data


def _numbering() -> dict[str, Any]:
    data: dict[str, Any] = load("sections")["numbering"]
    return data


def form_sections() -> dict[str, dict[str, Any]]:
    """The sections' data: key → number, heading, variants, misspellings (form order)."""
    return _sections()


def section_keys() -> tuple[str, ...]:
    """The six canonical keys in form order."""
    return tuple(_sections())


def heading_text(key: str) -> str:
    """The standard wording of a section's heading without its number (``总体情况``)."""
    return str(_sections()[key]["heading"])


def section_number(key: str) -> str:
    return str(_sections()[key]["number"])


def standard_heading(key: str) -> str:
    """The standard heading with its number: ``一、总体情况``."""
    return f"{section_number(key)}{_numbering()['standard_separator']}{heading_text(key)}"


def section_name(key: str | None) -> str:
    """A section as a message names it: its standard heading, or the key when the form has no
    such section (the preamble, a rule set's own key)."""
    return standard_heading(key) if key in _sections() else str(key)


@cache
def _loose_table() -> dict[int, None]:
    return {ord(c): None for c in _numbering()["conjunctions"]}


def _loose(text: str) -> str:
    """The wording with 、/与/和/及 removed: they are interchangeable inside a heading."""
    return fold(text).translate(_loose_table()).rstrip(_numbering()["colons"])


@dataclass(frozen=True)
class _Name:
    key: str
    text: str  # as in the data
    loose: str
    kind: Literal["standard", "variant", "misspelling"]


@cache
def _names() -> tuple[_Name, ...]:
    out: list[_Name] = []
    for key, e in _sections().items():
        out.append(_Name(key, e["heading"], _loose(e["heading"]), "standard"))
        out.extend(_Name(key, v, _loose(v), "variant") for v in e.get("variants", []))
        out.extend(_Name(key, v, _loose(v), "misspelling") for v in e.get("misspellings", []))
    return tuple(out)


@cache
def _head_re() -> re.Pattern[str]:
    n = _numbering()
    numerals = re.escape(n["numerals"])
    seps = "".join(re.escape(s) for s in n["separators"])
    return re.compile(rf"^\s*([{numerals}]{{1,2}})\s*([{seps}]?)\s*(\S.*)$", re.S)


def _one_slip(a: str, b: str) -> bool:
    """``a`` and ``b`` differ by exactly one character added, dropped or changed."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1 :]


def _match_body(body: str) -> tuple[_Name, bool] | None:
    """The name a heading body matches, and whether by a one-character slip."""
    loose = _loose(body)
    if not loose:
        return None
    exact = [n for n in _names() if n.loose == loose]
    if exact:
        return min(exact, key=lambda n: ("standard", "variant", "misspelling").index(n.kind)), False
    # The wording followed by a little more (a unit, a note): the longest name found at the start.
    starts = [
        n
        for n in _names()
        if loose.startswith(n.loose) and len(n.loose) >= 2 and len(loose) - len(n.loose) <= _EXTRA
    ]
    if starts:
        return max(starts, key=lambda n: len(n.loose)), False
    # Cut short (三、收到和处理政府信息公开申请) or with a word before it (二、2023年主动公开…).
    partial = [
        n
        for n in _names()
        if (len(loose) >= _MIN_FUZZY and n.loose.startswith(loose))
        or (n.loose in loose and len(n.loose) >= 4 and len(loose) - len(n.loose) <= _EXTRA)
    ]
    if len({n.key for n in partial}) == 1:
        return max(partial, key=lambda n: len(n.loose)), False
    slips = [n for n in _names() if len(n.loose) >= _MIN_FUZZY and _one_slip(loose, n.loose)]
    if len({n.key for n in slips}) == 1:
        return slips[0], True
    return None


# Pure in its text (the form data is read once): the HTML reader asks the same headings of
# every nested element, build.py of every line.  HeadingMatch is frozen, so sharing is safe.
@lru_cache(maxsize=4096)
def match_heading(text: str) -> HeadingMatch | None:
    """The section ``text`` opens when it is a numbered section heading, else ``None``.

    ``一、总体情况`` is standard; ``一总体情况``, ``一.总体情况``, ``四、政府信息公开行政复议与行政诉讼情况``
    and the listed variants are variants; ``四、政府信息公开行政法复议、行政诉讼情况`` is misspelt.
    """
    m = _head_re().match(text)
    if not m:
        return None
    n = _numbering()
    number, sep, body = m.group(1), m.group(2), m.group(3).strip()
    if any(e in body for e in n["sentence_end"]) or len(fold(body)) > _MAX_BODY:
        return None
    found = _match_body(body)
    if found is None:
        return None
    name, slipped = found
    quality: Quality
    if slipped or name.kind == "misspelling":
        quality = "misspelt"
    elif (
        name.kind == "standard"
        and sep == n["standard_separator"]
        and fold(body).rstrip(n["colons"]) == fold(name.text)
    ):
        quality = "standard"
    else:
        quality = "variant"
    variant = name.text if name.kind != "standard" else None
    if quality == "variant" and variant is None and fold(body) != fold(name.text):
        variant = body  # 与/和/及 for 、: the wording itself is the variant
    return HeadingMatch(
        key=name.key,
        number=section_number(name.key),
        standard=standard_heading(name.key),
        quality=quality,
        variant=variant,
        written_number=number,
        text=text.strip(),
        start=0,
        end=len(text),
    )


@cache
def _inline_re() -> re.Pattern[str]:
    """A numbered heading inside running text: number, separator, then a known wording.

    Each wording's characters may be spaced out, and 、/与/和/及 stand for one another; the number
    must not be part of （一） or of a longer numeral.
    """
    n = _numbering()
    numerals = re.escape(n["numerals"])
    seps = "".join(re.escape(s) for s in n["separators"])
    conj = "".join(re.escape(c) for c in n["conjunctions"])
    alts = []
    for name in sorted(_names(), key=lambda x: -len(x.text)):
        parts = []
        for ch in fold(name.text):
            parts.append(f"[{conj}]?" if ch in n["conjunctions"] else re.escape(ch))
        alts.append(r"\s*".join(parts))
    not_before = re.escape(n["not_before"])
    return re.compile(
        rf"(?<![{numerals}{not_before}])([{numerals}]{{1,2}})\s*([{seps}]?)\s*((?:{'|'.join(alts)}))"
    )


def find_headings(text: str) -> list[HeadingMatch]:
    """Every numbered section heading inside ``text`` (a crawled page run into one line), in
    order, each with its ``start``/``end`` in ``text``.

    Only the known wordings (standard, variants, misspellings) are found inside running text;
    one-character slips are recognised only where a heading stands alone (:func:`match_heading`).
    """
    out: list[HeadingMatch] = []
    for m in _inline_re().finditer(text):
        hit = match_heading(m.group(0))
        if hit is None:
            continue
        out.append(
            HeadingMatch(
                key=hit.key,
                number=hit.number,
                standard=hit.standard,
                quality=hit.quality,
                variant=hit.variant,
                written_number=hit.written_number,
                text=m.group(0).strip(),
                start=m.start(),
                end=m.end(),
            )
        )
    return out


def strip_number(heading: str) -> str:
    """A heading's wording without its number and separator: ``一、总体情况`` → ``总体情况``."""
    m = _head_re().match(heading)
    return m.group(3).strip() if m else heading.strip()


@cache
def _numbered_re() -> re.Pattern[str]:
    n = _numbering()
    numerals = re.escape(n["numerals"])
    seps = "".join(re.escape(s) for s in n["line_separators"])
    return re.compile(rf"^\s*[{numerals}]+\s*[{seps}]")


def is_numbered(text: str) -> bool:
    """Whether ``text`` opens with a section-style number (``一、`` ``二．``)."""
    return bool(_numbered_re().match(text))

"""Label normalisation and the form's table labels (data: ``tables.toml``).

Real tables misspell labels, split them over lines, insert spaces and mix full- and half-width
brackets.  Everything that compares labels goes through :func:`normalise`, and the labels
themselves come from data, so a new misspelling is a one-line change to ``tables.toml``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

from gixcheck.form._data import load


def form() -> dict[str, Any]:
    """The parsed table data (``tables.toml``): labels, grids, kinds, normalisation."""
    return load("tables")


@cache
def _drop() -> re.Pattern[str]:
    # A character class, not str.translate: translating with a table looks every character up
    # in a dict (about 100 ns each on Chinese text); the regex skips the kept ones in C.
    chars = "".join(re.escape(c) for c in form()["normalise"]["drop"])
    return re.compile(f"[{chars}]+" if chars else "(?!)")


@cache
def _numbering() -> re.Pattern[str]:
    return re.compile(form()["normalise"]["numbering"])


@cache
def _punct() -> re.Pattern[str]:
    return re.compile(form()["normalise"]["punctuation"])


# The fullwidth forms of ASCII (U+FF01-U+FF5E) and the ideographic space, with their NFKC.
_WIDE = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in (*range(0xFF01, 0xFF5F), 0x3000)}
_WIDE_RE = re.compile(r"[\uff01-\uff5e\u3000]")


def fold(text: str) -> str:
    """NFKC-fold and remove spaces, line breaks and quotes; keep numbering and punctuation."""
    return _drop().sub("", _nfkc(text))


def _nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, faster on Chinese text.

    Almost all that NFKC changes in a report is fullwidth punctuation (，（）；：), and a full
    NFKC costs about 90 ns a character.  Each such character is replaced by its NFKC
    (``str.replace``, fast); when what is left is in NFKC the result is the same, because NFKC
    decomposes character by character and a character's NFKC decomposes as it does; otherwise
    NFKC finishes the work (``is_normalized`` answers exactly).
    """
    if unicodedata.is_normalized("NFKC", text):
        return text
    for wide in set(_WIDE_RE.findall(text)):
        text = text.replace(wide, _WIDE[wide])
    if unicodedata.is_normalized("NFKC", text):
        return text
    return unicodedata.normalize("NFKC", text)


def normalise(text: str) -> str:
    """The form of a label used for matching: folded, numbering and punctuation removed."""
    s = fold(text)
    for old, new in form()["normalise"]["replace"].items():
        s = s.replace(old, new)
    numbering = _numbering()
    while True:
        m = numbering.match(s)
        if not m or m.end() == len(s):
            break
        s = s[m.end() :]
    return _punct().sub("", s)


@dataclass(frozen=True)
class Label:
    key: str
    label: str
    display: str
    variants: tuple[str, ...]  # normalised label and aliases, longest first
    group: str | None = None
    only_in_group: bool = False
    single_row: bool = False
    layouts: tuple[str, ...] = ()
    block: str | None = None


def _labels(entries: dict[str, dict[str, Any]]) -> list[Label]:
    out = []
    for key, e in entries.items():
        names = [e["label"], *e.get("aliases", [])]
        variants = tuple(sorted({normalise(n) for n in names}, key=lambda v: (-len(v), v)))
        out.append(
            Label(
                key=key,
                label=e["label"],
                display=e.get("display", e["label"]),
                variants=variants,
                group=e.get("group"),
                only_in_group=e.get("only_in_group", False),
                single_row=e.get("single_row", False),
                layouts=tuple(e.get("layouts", ())),
                block=e.get("block"),
            )
        )
    return out


@cache
def labels(table: str, part: str) -> tuple[Label, ...]:
    """``labels("table_3", "rows")`` and friends, in form order."""
    return tuple(_labels(form()[table][part]))


@cache
def label_index(table: str, part: str) -> dict[str, Label]:
    return {lab.key: lab for lab in labels(table, part)}


def best_match(text: str, candidates: tuple[Label, ...], *, exact: bool = False) -> Label | None:
    """The candidate whose label (or alias) is found in ``text``; the longest match wins.

    ``exact`` requires the whole normalised text to equal a variant (used for header cells,
    where a short label such as 其他 must not match inside a longer one).
    """
    norm = normalise(text)
    if not norm:
        return None
    best: tuple[int, Label] | None = None
    for lab in candidates:
        for v in lab.variants:
            hit = norm == v if exact else v in norm
            if hit and (best is None or len(v) > best[0]):
                best = (len(v), lab)
    return best[1] if best else None


def display(table: str, part: str, key: str) -> str:
    lab = label_index(table, part).get(key)
    return lab.display if lab else key


def table_name(table: str) -> str:
    """``表三`` for ``table_3``: the name a person reads."""
    names: dict[str, str] = form()["names"]
    return names.get(table, table)


@cache
def table_names() -> dict[str, str]:
    return dict(form()["names"])

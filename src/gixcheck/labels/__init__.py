"""Label normalisation and the form's label tables (kept as data in ``form.toml``).

Real tables misspell labels, split them over lines, insert spaces and mix full- and half-width
brackets.  Everything that compares labels goes through :func:`normalise`, and the labels
themselves come from data, so a new misspelling is a one-line change to ``form.toml``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from gixcheck._toml import loads as toml_loads

_NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十\d]+\)|\d+[.、]|[①-⑳]|[（(][一二三四五六七八九十\d]+[）)])"
)
_PUNCT = re.compile(r"[()\[\]【】〔〕<>《》,，、.。:：;；/／\-—_·…!！?？]")


@cache
def form() -> dict[str, Any]:
    text = resources.files("gixcheck.labels").joinpath("form.toml").read_text(encoding="utf-8")
    return toml_loads(text)


@cache
def _drop_table() -> dict[int, None]:
    drop = form()["normalise"]["drop"]
    return {ord(c): None for c in drop}


def fold(text: str) -> str:
    """NFKC-fold and remove spaces, line breaks and quotes; keep numbering and punctuation."""
    return unicodedata.normalize("NFKC", text).translate(_drop_table())


def normalise(text: str) -> str:
    """The form of a label used for matching: folded, numbering and punctuation removed."""
    s = fold(text)
    for old, new in form()["normalise"]["replace"].items():
        s = s.replace(old, new)
    while True:
        m = _NUMBERING.match(s)
        if not m or m.end() == len(s):
            break
        s = s[m.end() :]
    return _PUNCT.sub("", s)


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


TABLE_NAMES = {"table_2": "表二", "table_3": "表三", "table_4": "表四"}

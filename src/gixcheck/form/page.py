"""How a report page names itself, and what on a page is not the report (data: ``page.toml``).

Used by every reader: the web page's ``<title>``, a saved-as-PDF page's printed headline, a
crawled text's header lines — and to keep navigation bars, breadcrumbs, share buttons and
footers out of the title, the body and the paragraphs.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from gixcheck.form._data import load
from gixcheck.form.dates import year_of
from gixcheck.form.labels import fold


def _data() -> dict[str, Any]:
    return load("page")


def is_title_like(text: str, *, named: bool = True) -> bool:
    """Whether ``text`` reads as a report's title: short, no sentence, a year and the document
    named (2023年政府信息公开工作年度报告).  ``named=False`` also accepts a title that misnames
    the document (2021年政务公开工作总结): still the title, and the title rule's to judge."""
    d = _data()
    t = fold(text)
    if not t or len(t) > d["title_max_chars"] or d["sentence_end"] in t:
        return False
    if t.startswith(tuple(d["title_never_starts"])):
        return False
    if not any(w in t for w in d["title_needs_any"]):
        return False
    if named and not any(w in t for w in d["title_document"]):
        return False
    return year_of(t) is not None


def clean_title(title: str) -> str | None:
    """The report's title from a page ``<title>``: the site name and column cut off."""
    t = title.strip()
    if not t:
        return None
    parts = [t]
    for sep in _data()["title_separators"]:
        parts = [p for part in parts for p in part.split(sep)]
    for p in parts:
        if is_title_like(p):
            return p.strip()
    return None


def _labels_alt(labels: list[str]) -> str:
    """An alternation of field labels, each allowing spaces between its characters: pages
    align two- and three-character labels with spaces (``名 称:``, ``索 引 号:``)."""
    ordered = sorted(labels, key=len, reverse=True)
    return "|".join(r"\s*".join(re.escape(ch) for ch in x) for x in ordered)


@cache
def _source_re() -> re.Pattern[str]:
    alt = _labels_alt(_data()["source_labels"])
    colons = re.escape(_data()["colons"])
    stops = re.escape(_data()["colons"] + _data()["name_stops"])
    return re.compile(rf"(?:{alt})\s*[{colons}]\s*([^\s{stops}]{{2,40}})")


def source_body(text: str) -> str | None:
    """The body a 来源 line names (来源：平潭综合实验区管委会办公室 时间：…)."""
    m = _source_re().search(text)
    if not m:
        return None
    name = m.group(1)
    # A date label run on without a space (来源：XX办公室时间：…) is not part of the name.
    for label in load("dates")["labels"]["published"]:
        if label in name:
            name = name.split(label)[0]
    return name or None


@cache
def _furniture() -> tuple[int, tuple[str, ...], tuple[str, ...]]:
    f = _data()["furniture"]
    return f["max_chars"], tuple(f["markers"]), tuple(f["nav_words"])


def is_furniture(text: str) -> bool:
    """Whether a line of a page is the site's furniture (navigation, breadcrumb, share or print
    buttons, related links, footer) rather than the report."""
    limit, markers, nav = _furniture()
    t = text.strip()
    if not t or len(t) > limit:
        return False
    if any(m in t for m in markers):
        return True
    f = _data()["furniture"]
    if len(t) <= f["badge_max_chars"] and t.endswith(tuple(f["badge_suffixes"])):
        return True
    if _only(fold(t), f["share_words"]):
        return True
    rest = fold(t)
    hits = 0
    for w in sorted(nav, key=len, reverse=True):
        if w in rest:
            hits += rest.count(w)
            rest = rest.replace(w, "")
    return (hits >= 3 and len(rest) <= 4) or (hits >= 1 and not rest)


def _only(text: str, words: list[str]) -> bool:
    """Whether ``text`` is made of nothing but ``words``."""
    rest = text
    for w in sorted(words, key=len, reverse=True):
        rest = rest.replace(w, "")
    return bool(text) and not rest


@cache
def _announced_re() -> re.Pattern[str]:
    d = _data()
    stops = re.escape(d["announced_stops"])
    verbs = "|".join(re.escape(v) for v in d["announced_verbs"])
    documents = "|".join(re.escape(w) for w in d["title_document"])
    opening, closing = (re.escape(q) for q in d["announced_quotes"])
    return re.compile(
        rf"{opening}(?P<quoted>[^{closing}]{{1,{d['title_max_chars']}}}){closing}"
        rf"|(?:{verbs})(?P<named>[^{stops}]{{1,{d['title_max_chars']}}}?(?:{documents}))"
    )


def announced_title(text: str) -> str | None:
    """The report's name as a preamble announces it (see ``announced_verbs`` in page.toml), when
    it reads as a title; else ``None``."""
    for m in _announced_re().finditer(text):
        name = m.group("quoted") or m.group("named")
        if name and is_title_like(name) and title_words()["document"] in name:
            return name.strip()
    return None


def title_words() -> dict[str, Any]:
    """How a title is read for its body and year (``title_lead``, ``year_suffix``, ``document``)."""
    words: dict[str, Any] = _data()["title_words"]
    return words


def strip_label(text: str) -> str:
    """A line without a crawler's field label (``标题: …`` → ``…``)."""
    t = text.strip()
    m = _title_label_re().match(t)
    return t[m.end() :].strip() if m else t


@cache
def _title_label_re() -> re.Pattern[str]:
    colons = re.escape(_data()["colons"])
    return re.compile(rf"(?:{_labels_alt(_data()['title_labels'])})(?:\s*[{colons}]|\s|$)")


def printed_pattern(name: str) -> str:
    """A pattern of a printed page's text (``enumeration``, ``heading``, ``numeric``,
    ``page_number``)."""
    pattern: str = _data()["printed"][name]
    return pattern

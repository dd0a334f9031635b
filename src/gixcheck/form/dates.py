"""Dates, years and periods as reports and their pages write them (data: ``dates.toml``).

One reader for every format: the page's 发布时间/时间 line, a 成文日期, a signature date in figures
or in Chinese numerals, the date in a page address (``t20240308``) and its month folder
(``/202403/``), the statistics period.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

from gixcheck.form._data import load


@dataclass(frozen=True)
class DateHit:
    """A date found in text: ``value`` is ``YYYY-MM-DD``; ``text`` the date as written."""

    value: str
    text: str
    start: int
    end: int


def _data() -> dict[str, Any]:
    return load("dates")


@cache
def _re(key: str) -> re.Pattern[str]:
    return re.compile(_data()[key])


def iso(y: int | str, m: int | str, d: int | str) -> str | None:
    """``YYYY-MM-DD`` for a real calendar day, else ``None``."""
    try:
        day = _dt.date(int(y), int(m), int(d))
    except ValueError:
        return None
    return day.isoformat() if 1900 <= day.year <= 2200 else None


def _numeral(text: str) -> int | None:
    """一 … 三十一, and the digit-by-digit years 二〇二四."""
    nums: dict[str, int] = _data()["numerals"]
    ten = _data()["ten"]
    if ten in text:
        a, _, b = text.partition(ten)
        hi = nums.get(a, -1) if a else 1
        lo = nums.get(b, -1) if b else 0
        return hi * 10 + lo if hi >= 0 and lo >= 0 else None
    digits = [nums.get(c) for c in text]
    if any(d is None for d in digits):
        return None
    return int("".join(str(d) for d in digits))


def _nfkc(text: str) -> str:
    # NFKC keeps the length of CJK text and full-width digits map one to one, so offsets hold.
    out = unicodedata.normalize("NFKC", text)
    return out if len(out) == len(text) else text


def find_dates(text: str) -> list[DateHit]:
    """Every date in ``text``, in figures or in Chinese numerals, in order."""
    s = _nfkc(text)
    hits: list[DateHit] = []
    for m in _re("date").finditer(s):
        value = iso(*m.groups())
        if value:
            hits.append(DateHit(value, text[m.start() : m.end()].strip(), m.start(), m.end()))
    for m in _re("numeral_date").finditer(s):
        y, mo, d = (_numeral(g) for g in m.groups())
        value = iso(y, mo, d) if None not in (y, mo, d) else None  # type: ignore[arg-type]
        if value:
            hits.append(DateHit(value, text[m.start() : m.end()].strip(), m.start(), m.end()))
    return sorted(hits, key=lambda h: h.start)


def parse_date(text: str) -> str | None:
    """The first date in ``text`` as ``YYYY-MM-DD`` (``2024-03-08 15:34`` → ``2024-03-08``)."""
    hits = find_dates(text)
    return hits[0].value if hits else None


def date_line(text: str) -> DateHit | None:
    """The date when ``text`` is nothing but a date (the line under a signature)."""
    t = text.strip()
    hits = find_dates(t)
    if len(hits) == 1 and hits[0].start == 0 and len(t) - hits[0].end <= 1:
        return hits[0]
    return None


_TIME = re.compile(r"\s*\d{1,2}:\d{2}(?::\d{2})?")


@cache
def _label_re(kind: str) -> re.Pattern[str]:
    labels = sorted(_data()["labels"][kind], key=len, reverse=True)
    alt = "|".join(re.escape(x) for x in labels)
    colons = re.escape(_data()["colons"])
    return re.compile(rf"(?:{alt})\s*[{colons}]?\s*")


def labelled_dates(text: str, kind: str) -> list[DateHit]:
    """Dates that follow a ``kind`` label (``published``: 发布时间/时间 …, ``written``: 成文日期)."""
    s = _nfkc(text)
    out: list[DateHit] = []
    # A shorter label inside a longer one of another kind (日期 in 成文日期) is not a label.
    others = [
        (m.start(), m.end())
        for other in _data()["labels"]
        if other not in (kind, "url")
        for m in _label_re(other).finditer(s)
    ]
    for m in _label_re(kind).finditer(s):
        if any(a < m.start() < b for a, b in others):
            continue
        hits = find_dates(s[m.end() : m.end() + 24])
        if hits and hits[0].start == 0:
            h = hits[0]
            b = m.end() + h.end
            if t := _TIME.match(s, b):
                b = t.end()
            out.append(DateHit(h.value, text[m.start() : b].strip(), m.start(), b))
    return out


def labelled_url(text: str) -> str | None:
    """An address after a URL label (原文链接: https://…), as crawlers write it above a page."""
    m = _label_re("url").search(text)
    if not m:
        return None
    u = re.match(r"https?://\S+", text[m.end() :])
    return u.group(0) if u else None


def meta_names(kind: str) -> tuple[str, ...]:
    """Lower-cased ``<meta>`` names or properties that carry ``kind`` (published, url, title …)."""
    return tuple(_data()["meta"][kind])


def url_dates(url: str) -> list[tuple[str, str, str]]:
    """``(kind, value, text)`` for the dates a page address shows: ``url`` for ``t20240308``
    (``2024-03-08``) and ``url_folder`` for ``/202403/`` (``2024-03``)."""
    out: list[tuple[str, str, str]] = []
    path = re.sub(r"^[a-z]+://[^/]+", "", url.strip(), flags=re.I).split("?")[0]
    for m in re.finditer(_data()["url"]["day"], path):
        value = iso(*m.groups())
        if value:
            out.append(("url", value, m.group(0).lstrip("/_")))
    for m in re.finditer(_data()["url"]["folder"], path):
        out.append(("url_folder", f"{m.group(1)}-{m.group(2)}", m.group(0).strip("/")))
    return out


def year_of(text: str) -> tuple[int, int, int] | None:
    """``(year, start, end)`` of the first ``2023年`` (or ``二〇二三年``) in ``text``."""
    s = _nfkc(text)
    best: tuple[int, int, int] | None = None
    for key in ("year", "year_in_numerals"):
        for m in _re(key).finditer(s):
            y = int(m.group(1)) if key == "year" else _numeral(m.group(1))
            if y is not None and 1990 <= y <= 2100:
                if best is None or m.start() < best[1]:
                    best = (y, m.start(), m.end())
                break
    return best


@dataclass(frozen=True)
class Period:
    text: str
    start: str | None
    end: str | None


def find_period(text: str) -> Period | None:
    """The statistics period a sentence states (自2023年1月1日起至2023年12月31日止)."""
    p = _data()["period"]
    s = _nfkc(text)
    m = re.search(p["pattern"], s)
    if not m or not any(w in s for w in p["context"]):
        return None
    y1, m1, d1, y2, m2, d2 = m.groups()
    return Period(m.group(0), iso(y1, m1, d1), iso(y2 or y1, m2, d2))

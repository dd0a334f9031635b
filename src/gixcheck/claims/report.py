"""Claims of a whole canonical report, as the rule kinds use them.

Rules of several families (TXT, FEE, DDL) read the same claims; extracting them once per report
keeps a run fast.  The caches are keyed on the :class:`~gixcheck.model.Report` object, so a new
report (or a changed one built anew) is read afresh.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import Any

from gixcheck.claims.extract import extract_report_claims, split_sentences
from gixcheck.claims.model import Claim
from gixcheck.claims.numbers import normalize_text
from gixcheck.model import Report

__all__ = [
    "PlacedClaim",
    "report_claims",
    "report_normalized",
    "report_paragraphs",
    "report_sentences",
]


@dataclass(frozen=True)
class PlacedClaim:
    """A claim with where it stands in the report: ``pointer`` of its paragraph, ``section``
    key (``"preamble"`` for text before section 一)."""

    claim: Claim
    pointer: str
    section: str


Paragraph = tuple[str, str, str, dict[str, Any]]
Split = list[tuple[int, int, str]]

_CACHE: weakref.WeakKeyDictionary[Report, list[PlacedClaim]] = weakref.WeakKeyDictionary()
# Paragraphs and their sentence splits, read once per report (extraction and the sentence
# rules both need them).
_SENTENCES: weakref.WeakKeyDictionary[Report, list[tuple[Paragraph, Split]]] = (
    weakref.WeakKeyDictionary()
)


_NORMALIZED: weakref.WeakKeyDictionary[Report, list[str]] = weakref.WeakKeyDictionary()


def _paragraphs(report: Report) -> list[Paragraph]:
    out: list[Paragraph] = []
    pre = report.data.get("preamble")
    for j, p in enumerate(pre if isinstance(pre, list) else []):
        if isinstance(p, dict) and isinstance(p.get("text"), str):
            out.append((p["text"], f"/preamble/{j}", "preamble", dict(p.get("source") or {})))
    for i, s in enumerate(report.sections):
        key = str(s.get("key") or "")
        if "paragraphs" in s:
            for j, p in enumerate(report.paragraphs(s)):
                text = p.get("text")
                if isinstance(text, str):
                    src = dict(p.get("source") or {})
                    out.append((text, f"/sections/{i}/paragraphs/{j}", key, src))
        elif isinstance(s.get("text"), str):
            out.append((s["text"], f"/sections/{i}/text", key, dict(s.get("source") or {})))
    return out


def report_sentences(report: Report) -> list[tuple[Paragraph, Split]]:
    """Every paragraph (as :func:`report_paragraphs` gives it) with its
    :func:`~gixcheck.claims.extract.split_sentences` split; computed once per report, so
    callers must not change what they get."""
    cached = _SENTENCES.get(report)
    if cached is None:
        cached = [(p, split_sentences(p[0])) for p in _paragraphs(report)]
        _SENTENCES[report] = cached
    return cached


def report_normalized(report: Report) -> list[str]:
    """The text of each paragraph of :func:`report_sentences`, normalised
    (:func:`~gixcheck.claims.numbers.normalize`); computed once per report.  Normalising is
    character for character, so a sentence's slice of it is the normalised sentence."""
    cached = _NORMALIZED.get(report)
    if cached is None:
        cached = [normalize_text(p[0]) for p, _split in report_sentences(report)]
        _NORMALIZED[report] = cached
    return cached


def report_paragraphs(report: Report) -> list[tuple[str, str, str, dict[str, Any]]]:
    """``(text, pointer, section key, source)`` for the preamble and every section paragraph
    (a new list and new source dicts each call: callers may change them)."""
    return [(t, ptr, sec, dict(src)) for (t, ptr, sec, src), _split in report_sentences(report)]


def report_claims(report: Report) -> list[PlacedClaim]:
    """Every claim of the report's narrative (preamble and sections), in document order."""
    cached = _CACHE.get(report)
    if cached is not None:
        return cached
    placed: list[PlacedClaim] = []
    paragraphs = report_sentences(report)
    found = extract_report_claims(
        (
            (text, source, split, norm)
            for ((text, _p, _s, source), split), norm in zip(
                paragraphs, report_normalized(report), strict=True
            )
        ),
        report.year,
        report.body or None,
    )
    for ((_text, pointer, section, _source), _split), claims in zip(paragraphs, found, strict=True):
        for c in claims:
            placed.append(PlacedClaim(c, pointer, section))
    _CACHE[report] = placed
    return placed

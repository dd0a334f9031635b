"""Claims of a whole canonical report, as the rule kinds use them.

Rules of several families (TXT, FEE, DDL) read the same claims; extracting them once per report
keeps a run fast.  The cache is keyed on the :class:`~gixcheck.model.Report` object, so a new
report (or a changed one built anew) is read afresh.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import Any

from gixcheck.claims.extract import extract_claims
from gixcheck.claims.model import Claim
from gixcheck.model import Report

__all__ = ["PlacedClaim", "report_claims", "report_paragraphs"]


@dataclass(frozen=True)
class PlacedClaim:
    """A claim with where it stands in the report: ``pointer`` of its paragraph, ``section``
    key (``"preamble"`` for text before section 一)."""

    claim: Claim
    pointer: str
    section: str


_CACHE: weakref.WeakKeyDictionary[Report, list[PlacedClaim]] = weakref.WeakKeyDictionary()


def report_paragraphs(report: Report) -> list[tuple[str, str, str, dict[str, Any]]]:
    """``(text, pointer, section key, source)`` for the preamble and every section paragraph."""
    out: list[tuple[str, str, str, dict[str, Any]]] = []
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


def report_claims(report: Report) -> list[PlacedClaim]:
    """Every claim of the report's narrative (preamble and sections), in document order."""
    cached = _CACHE.get(report)
    if cached is not None:
        return cached
    placed: list[PlacedClaim] = []
    body = report.body or None
    for text, pointer, section, source in report_paragraphs(report):
        for c in extract_claims([(text, source)], report.year, body):
            placed.append(PlacedClaim(c, pointer, section))
    _CACHE[report] = placed
    return placed

"""What the narrative claims, as rule kinds use it: the report's claims, which of them are worth
comparing, and how a finding records one as evidence.

The built-in TXT, FEE, DDL and XYR kinds use exactly these; a pack's kind that reads the text
should too, so that its findings' evidence has the same shape and it skips the same claims.
"""

from __future__ import annotations

from typing import Any

from gixcheck.claims.model import Claim
from gixcheck.claims.report import PlacedClaim, report_claims
from gixcheck.model import CellValue, Report

__all__ = [
    "Claim",
    "PlacedClaim",
    "cell_evidence",
    "claim_evidence",
    "report_claims",
    "usable_claim",
    "usable_claims",
]


def usable_claim(pc: PlacedClaim, *, numeric: bool = True) -> bool:
    """A claim worth comparing at all: about this year, not a filing count (another body's
    figure), not approximate (约、近、超过); with ``numeric``, one that states a number."""
    c = pc.claim
    if c.year_scope != "this_year" or c.scope == "filing" or c.has("approx"):
        return False
    return not (numeric and c.value is None)


def usable_claims(report: Report, *, numeric: bool = True) -> list[PlacedClaim]:
    """The report's claims that :func:`usable_claim` keeps, in document order."""
    return [pc for pc in report_claims(report) if usable_claim(pc, numeric=numeric)]


def claim_evidence(pc: PlacedClaim) -> dict[str, Any]:
    """A claim as a finding's ``evidence``: what was said, its scope, its sentence and where."""
    c = pc.claim
    return {
        "claim": {
            "subject": c.subject,
            "value": c.value,
            "unit": c.unit,
            "scope": c.scope,
            "scope_text": c.scope_text,
            "year_scope": c.year_scope,
            "qualifiers": list(c.qualifiers),
            "text": c.text,
        },
        "sentence": c.sentence,
        "paragraph": pc.pointer,
    }


def cell_evidence(cells: list[CellValue]) -> list[dict[str, Any]]:
    """Table cells as a finding's ``evidence``: pointer, label and value of each."""
    return [{"pointer": c.pointer, "label": c.label, "value": c.value} for c in cells]

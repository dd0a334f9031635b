"""The claims of every real report at hand are exactly those the extractor gave before its
speed work (``data/real_claims.json``, written by ``real_claims.py``).

The fast paths of the extractor (literal gates before regex searches, the number scanner,
the normalisation shortcut) must never change a claim; these reports are the guard.
"""

from __future__ import annotations

import json

import pytest

from gixcheck.claims.report import report_claims
from gixcheck.model import Report

from .real_claims import FIXTURE, placed_dict, variant_claims

CASES = json.loads(FIXTURE.read_text(encoding="utf-8"))


def test_fixture_has_the_reports() -> None:
    assert len(CASES) >= 20
    assert sum(len(c["claims"]) for c in CASES) >= 200


@pytest.mark.parametrize("case", CASES, ids=[c["report"] for c in CASES])
def test_report_claims_unchanged(case: dict) -> None:
    report = Report(json.loads(json.dumps(case["narrative"])))
    got = [placed_dict(pc) for pc in report_claims(report)]
    assert got == case["claims"]


@pytest.mark.parametrize("case", CASES, ids=[c["report"] for c in CASES])
def test_variant_claims_unchanged(case: dict) -> None:
    report = Report(json.loads(json.dumps(case["narrative"])))
    got = [c.to_dict() for c in variant_claims(report)]
    assert got == case["variant"]

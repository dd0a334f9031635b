"""Shared fixtures: paths to the test documents copied from the corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# HYPOTHESIS_PROFILE=ci: the longer fuzzing pass .ci/run makes of tests/hardening (the tests
# that take their number of examples from the profile; the others keep their own).
settings.register_profile(
    "ci",
    max_examples=int(os.environ.get("GIXCHECK_FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
if os.environ.get("HYPOTHESIS_PROFILE"):
    settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])

DATA = Path(__file__).parent / "data"
SEED = DATA / "text" / "seed_panji_2021.txt"


@pytest.fixture
def seed_path() -> Path:
    return SEED


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def _edit(text: str, lines: dict[int, str] | None, replace: list[tuple[str, str]] | None) -> str:
    out = text.split("\n")
    for n, new in (lines or {}).items():
        out[n - 1] = new
    result = "\n".join(out)
    for old, new in replace or []:
        assert old in result, f"{old!r} not in the seed"
        result = result.replace(old, new, 1)
    return result


@pytest.fixture
def seed_variant(seed_text: str):  # type: ignore[no-untyped-def]
    """``seed_variant(lines={92: "\\t3"}, replace=[("old", "new")])`` → the edited seed text.

    Line edits assert nothing on their own; tests check the old line first where it matters.
    """

    def make(
        lines: dict[int, str] | None = None, replace: list[tuple[str, str]] | None = None
    ) -> str:
        return _edit(seed_text, lines, replace)

    return make


@pytest.fixture
def check_text():  # type: ignore[no-untyped-def]
    """Check report text with the national rules; returns the single ReportResult."""
    import gixcheck

    def run(text: str, **kw):  # type: ignore[no-untyped-def]
        result = gixcheck.check(text.encode("utf-8"), **kw)
        assert len(result.reports) == 1
        return result.reports[0]

    return run

"""Mutated real documents into every extractor: a report, a finding or a clean GIX001 — never
an exception, never a GIX003.  GIXCHECK_FUZZ_LONG=1 runs many more examples."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gixcheck

DATA = Path(__file__).parents[1] / "data"
LONG = bool(os.environ.get("GIXCHECK_FUZZ_LONG"))
DOCS = {
    "text": (DATA / "text" / "seed_panji_2021.txt", 40),
    "html": (DATA / "html" / "shanghai_bangongting_2019.html", 25),
    "docx": (DATA / "docx" / "template_2021_blank.docx", 25),
    "pdf": (DATA / "pdf" / "hzq2023_working.pdf", 6),  # a PDF takes ~0.3 s to read
}


@st.composite
def mutated(draw: st.DrawFn, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 8))):
        op = draw(st.sampled_from(["flip", "cut", "insert", "truncate"]))
        i = draw(st.integers(0, max(0, len(out) - 1)))
        if op == "flip" and out:
            out[i] = draw(st.integers(0, 255))
        elif op == "cut":
            del out[i : i + draw(st.integers(1, 64))]
        elif op == "insert":
            out[i:i] = draw(st.binary(min_size=1, max_size=16))
        else:
            del out[i:]
    return bytes(out)


@pytest.mark.parametrize("fmt", sorted(DOCS))
def test_mutated_documents_never_crash(fmt: str) -> None:
    path, examples = DOCS[fmt]
    original = path.read_bytes()

    @settings(
        max_examples=examples * (20 if LONG else 1),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        derandomize=not LONG,
    )
    @given(mutated(original))
    def run(data: bytes) -> None:
        rep = gixcheck.check(data).reports[0]
        assert not [f for f in rep.findings if f.rule == "GIX003"], rep.findings
        if not rep.readable:
            assert [f.rule for f in rep.findings] == ["GIX001"]

    run()

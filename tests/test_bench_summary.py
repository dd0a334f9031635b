"""``bench/all.py --only-summary`` rewrites the summary of ``bench/RESULTS.md`` from its sections
without losing what was written by hand of each round, and without adding blank lines."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"

RESULTS = """# Benchmark results

<!-- summary:begin -->
## Summary: issue 14's targets (bench/all.py)

Machine: an old machine line.

Seventh round (by hand): what changed and how it was measured.

Reproduce: `.venv/bin/python bench/all.py` (old text).

| target | measured | met |
|---|---|---|
| old | row | yes |
<!-- summary:end -->

## PDF reading vs PDFium's own text extraction

Machine: the PDF section's own machine line.

**Ratio reader / floor: median 4.0×, worst 5.8×** (before: median 4.3×, worst 6.4×).
"""


@pytest.fixture
def bench_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.syspath_prepend(str(BENCH))
    spec = importlib.util.spec_from_file_location("bench_all_under_test", BENCH / "all.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "bench_all_under_test", module)
    spec.loader.exec_module(module)
    results = tmp_path / "RESULTS.md"
    results.write_text(RESULTS, encoding="utf-8")
    monkeypatch.setattr(module, "RESULTS", results)
    return module


def test_only_summary_keeps_the_hand_written_paragraphs(bench_all: Any) -> None:
    bench_all.write_summary(bench_all.summary([]))
    once = bench_all.RESULTS.read_text(encoding="utf-8")
    assert "Machine: an old machine line." in once
    assert "Seventh round (by hand): what changed and how it was measured." in once
    assert "Machine: the PDF section's own machine line." in once  # never taken for the run's
    assert once.count("Machine: the PDF section's own machine line.") == 1
    assert (
        "| PDF reading ≤ 6× pypdfium2's text extraction | median 4.0×, worst 5.8× | yes |" in once
    )
    assert "| old | row | yes |" not in once  # the table is made anew from the sections
    bench_all.write_summary(bench_all.summary([]))
    assert bench_all.RESULTS.read_text(encoding="utf-8") == once  # a rewrite changes nothing


def test_a_new_run_puts_its_line_first_and_keeps_the_rounds(bench_all: Any) -> None:
    bench_all.write_summary(bench_all.summary([("pdf.py", "0.5 0.4 0.3", 60.0)]))
    text = bench_all.RESULTS.read_text(encoding="utf-8")
    new = text.index("pdf.py 0.5 0.4 0.3")
    assert new < text.index("Machine: an old machine line.")
    assert new < text.index("Seventh round (by hand)")
    assert "<!-- summary:end -->\n\n## PDF reading" in text

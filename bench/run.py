"""gixcheck benchmarks: writes bench/RESULTS.md with every figure and the machine it ran on.

Run from the repository root with the project installed:

    .venv/bin/python bench/run.py            # full run (10,000-report batch included)
    .venv/bin/python bench/run.py --quick    # smaller batches, for a quick look

Timings are wall-clock medians/p95 over repeated in-process calls (time.perf_counter), after a
warm-up call; the CLI and batch figures run the installed `gixcheck` as a subprocess, so they
include interpreter start-up.  Peak memory is the child's maximum resident set size
(resource.getrusage RUSAGE_CHILDREN).  Nothing here is asserted: these are measurements.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SEED = DATA / "text" / "seed_panji_2021.txt"
GIXCHECK = str(Path(sys.executable).with_name("gixcheck"))


def timings(fn: Callable[[], object], n: int) -> list[float]:
    fn()  # warm-up: lazy imports and caches are start-up, measured separately
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def stats(ms: list[float]) -> tuple[float, float]:
    ms = sorted(ms)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return statistics.median(ms), p95


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (
        f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} CPUs{mem}; "
        f"Python {platform.python_version()}"
    )


_WRAP = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
    "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def run_cli(args: list[str]) -> tuple[float, int]:
    """Wall time (s) and peak RSS (KiB) of one gixcheck run, measured by a fresh wrapper process
    so the peak belongs to this run alone (the largest of gixcheck and its worker processes)."""
    out = subprocess.run(
        [sys.executable, "-c", _WRAP, GIXCHECK, *args], capture_output=True, text=True, check=True
    ).stdout.split()
    return float(out[0]), int(out[1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--out", default=str(ROOT / "bench" / "RESULTS.md"))
    ap.add_argument(
        "--no-pdf", action="store_true", help="skip bench/pdf.py (bench/all.py runs it)"
    )
    opts = ap.parse_args()

    import gixcheck
    from gixcheck.model import canonical_json

    rows: list[tuple[str, str, str]] = []
    report = gixcheck.extract(SEED)
    canonical = canonical_json(report).encode("utf-8")

    # --- check time per canonical JSON report (schema validation included)
    n = 200 if opts.quick else 1000
    med, p95 = stats(timings(lambda: gixcheck.check(canonical), n))
    floor_med, floor_p95 = stats(timings(lambda: json.loads(canonical), n))
    rows.append(
        (
            "check one canonical JSON report (seed)",
            f"{med:.2f} ms median, {p95:.2f} ms p95",
            f"{n} calls",
        )
    )
    rows.append(
        (
            "floor: bare json.loads of the same bytes",
            f"{floor_med:.3f} ms median, {floor_p95:.3f} ms p95",
            f"{n} calls",
        )
    )
    rows.append(("ratio check / json.loads (medians)", f"{med / floor_med:.0f}×", ""))

    # --- extraction per format
    from gixcheck.api import extract

    cases = [
        ("text (seed, pasted text)", SEED, 1),
        ("HTML (上海市人民政府办公厅 2019)", DATA / "html" / "shanghai_bangongting_2019.html", 1),
        ("DOCX (blank 2021 form)", DATA / "docx" / "template_2021_blank.docx", 1),
    ]
    for label, path, _pages in cases:
        if path.exists():
            med, p95 = stats(timings(lambda p=path: extract(p), 20 if opts.quick else 50))
            rows.append((f"extract {label}", f"{med:.1f} ms median, {p95:.1f} ms p95", ""))
    import pdf as pdf_bench  # bench/pdf.py

    for pdf in sorted((DATA / "pdf").glob("*.pdf")):
        pages = pdf_bench.pages_of(pdf.read_bytes())
        med, p95 = stats(timings(lambda p=pdf: extract(p), 3 if opts.quick else 10))
        rows.append(
            (
                f"extract PDF {pdf.name} ({pages} pages)",
                f"{med:.0f} ms median ({med / pages:.0f} ms a page), {p95:.0f} ms p95",
                "",
            )
        )

    # --- CLI cold start
    for args in (["--version"], ["rules"]):
        walls = [run_cli(args)[0] * 1000 for _ in range(5 if opts.quick else 10)]
        med, p95 = stats(walls)
        rows.append(
            (
                f"cold start `gixcheck {' '.join(args)}`",
                f"{med:.0f} ms median, {p95:.0f} ms p95",
                "subprocess",
            )
        )

    # --- batch throughput and memory
    sizes = (1000,) if opts.quick else (1000, 10000)
    tmp = Path(tempfile.mkdtemp(prefix="gixbench-"))
    try:
        for size in sizes:
            folder = tmp / f"b{size}"
            folder.mkdir()
            for i in range(size):
                (folder / f"r{i:05d}.json").write_bytes(canonical)
            t = time.perf_counter()
            for f in sorted(folder.iterdir()):
                json.loads(f.read_bytes())
            floor = time.perf_counter() - t
            for jobs in (1, 2):
                wall, rss = run_cli(
                    [
                        str(folder),
                        "--format",
                        "json",
                        "-o",
                        os.devnull,
                        "--jobs",
                        str(jobs),
                        "--no-progress",
                    ]
                )
                rows.append(
                    (
                        f"batch {size:,} JSON reports, --jobs {jobs}",
                        f"{wall:.1f} s ({size / wall:,.0f} reports/s), peak RSS {rss / 1024:.0f} MiB",
                        f"floor json.loads loop {floor:.2f} s",
                    )
                )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    lines = [
        "# Benchmark results",
        "",
        f"Machine: {machine()}.",
        "",
        "Reproduce: `.venv/bin/python bench/run.py` (add `--quick` for a short run). In-process",
        "figures are medians and 95th percentiles of repeated calls after one warm-up call; CLI and",
        "batch figures are whole `gixcheck` subprocesses (interpreter start-up included); peak RSS is",
        "the largest resident set of a child process (`getrusage(RUSAGE_CHILDREN)`).",
        "",
        "| what | result | notes |",
        "|---|---|---|",
        *(f"| {a} | {b} | {c} |" for a, b, c in rows),
        "",
    ]
    # Other benchmarks (bench/pdf.py, bench/pool.py) keep their own sections, each between
    # "<!-- … -->" markers after this table: they stay as they are.
    out = Path(opts.out)
    old = out.read_text(encoding="utf-8") if out.exists() else ""
    # only the marked sections: anything else is this table's previous run
    kept = "\n\n".join(re.findall(r"<!-- [\w-]+:(?:begin|start).*?<!-- [\w-]+:end -->", old, re.S))
    out.write_text("\n".join(lines) + ("\n" + kept if kept else ""), encoding="utf-8")
    print("\n".join(lines))

    # --- PDF reading vs PDFium's own text extraction (its own section, bench/pdf.py)
    if opts.no_pdf:
        return
    rounds = 5 if opts.quick else 15
    rows_pdf = pdf_bench.measure(pdf_bench.pdfs(pdf_bench.CORPUS), rounds)
    pdf_bench.write_section(pdf_bench.section(rows_pdf, rounds, None), Path(opts.out))


if __name__ == "__main__":
    main()

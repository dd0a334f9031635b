"""The writing process of a batch: its CPU per report, and how many workers it can keep busy.

    .venv/bin/python bench/writer.py                 # writes its RESULTS.md section
    .venv/bin/python bench/writer.py --copies 10 --no-write

A pooled run has one process that hands documents out, takes the results back in input order,
applies the batch rules (XYR008) and writes every output; the workers check.  However many
workers there are, that process handles every report, so its CPU per report bounds the batch:
at *w* ms a report it can serve at most (worker ms a report) / *w* workers.  The pool benchmark
(``bench/pool.py``) simulates workers with tiny results and does not see this cost.

Method: a folder of the real reports (``bench/check.py``'s set) each under ``--copies``
distinct body names (a batch meets a new body in nearly every report).  For each format,
``gixcheck FOLDER --format F -j 2 -o FILE`` runs inside a fresh Python process that reports its
own CPU time (``RUSAGE_SELF``: the workers are the forkserver's children, not counted), once
for the whole folder and once for its first five reports; the difference divided by the
difference in reports is the writer's CPU a report (start-up cancels out).  The worker's CPU a
report is the same difference for ``-j 1`` (everything in one process) less the writer's.
Median of ``--repeats`` runs.  Nothing is asserted: these are measurements.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BEGIN, END = "<!-- writer-bench:begin -->", "<!-- writer-bench:end -->"
FORMATS = ("json", "sarif", "csv", "junit", "html", "text")
_TOWNS = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥金木水火土山川河林石"


def _inner(folder: str, fmt: str, jobs: str, out: str, *extra: str) -> None:
    import resource

    from gixcheck.cli import main

    sys.argv = ["gixcheck", folder, "--format", fmt, "-j", jobs, "-o", out, "--no-progress"]
    sys.argv += list(extra)
    with contextlib.suppress(SystemExit):
        main()
    ru = resource.getrusage(resource.RUSAGE_SELF)
    sys.__stderr__.write(f"\nCPU {ru.ru_utime + ru.ru_stime}\n")


def make_folder(root: Path, copies: int) -> tuple[Path, Path, int]:
    sys.path.insert(0, str(HERE))
    import check

    reports = check.reports()
    whole, small = root / "all", root / "first5"
    whole.mkdir()
    small.mkdir()
    n = 0
    for k in range(copies):
        for i, (_name, data) in enumerate(reports):
            doc = json.loads(data)
            meta = doc.get("metadata") or {}
            if meta.get("body"):
                meta["body"] = _TOWNS[k % len(_TOWNS)] + str(k) + meta["body"]
            name = f"{k:03d}_{i:02d}.json"
            (whole / name).write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
            n += 1
    for p in sorted(whole.iterdir())[:5]:
        shutil.copy(p, small / p.name)
    return whole, small, n


def cpu(folder: Path, fmt: str, jobs: int, out: Path, extra: tuple[str, ...] = ()) -> float:
    done = subprocess.run(
        [sys.executable, __file__, "--inner", str(folder), fmt, str(jobs), str(out), *extra],
        capture_output=True,
        text=True,
        check=False,
    )
    for line in reversed(done.stderr.splitlines()):
        if line.startswith("CPU "):
            return float(line.split()[1])
    raise SystemExit(f"no CPU figure from the run: {done.stderr[-500:]}")


def per_report(
    whole: Path, small: Path, n: int, fmt: str, jobs: int, out: Path, extra: tuple[str, ...] = ()
) -> float:
    """ms of the process's own CPU a report, start-up cancelled out."""
    big = cpu(whole, fmt, jobs, out, extra)
    return (big - cpu(small, fmt, jobs, out, extra)) * 1000 / (n - 5)


def section(rows: list[tuple[str, str, float, float]], n: int, repeats: int) -> str:
    sys.path.insert(0, str(HERE))
    from run import machine

    lines = [
        BEGIN,
        "## The writing process of a batch (bench/writer.py)",
        "",
        f"Machine: {machine()}.",
        "",
        "Reproduce: `.venv/bin/python bench/writer.py`. Method in the script's docstring: "
        f"{n} reports (the real reports, each under distinct body names), `-j 2`, the "
        "program's own process CPU per report with start-up cancelled out, median of "
        f"{repeats} runs. *Workers served* = the worker's CPU a report / the writer's: beyond "
        "that many workers the writing process, not the workers, sets the pace. The copies "
        "of one report share their sentences, so XYR008 (template copies) finds every copy "
        "after the first and the writing process redoes what the worker wrote of it; the "
        "rows *without XYR008* (`--ignore XYR008`) are a batch of reports that share no text.",
        "",
        "| format | rules | writing process, CPU a report | worker, CPU a report "
        "| workers served |",
        "|---|---|---|---|---|",
    ]
    for fmt, rules, writer, worker in rows:
        lines.append(
            f"| {fmt} | {rules} | {writer:.2f} ms | {worker:.2f} ms | {worker / writer:.1f} |"
        )
    lines.append(END)
    return "\n".join(lines)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--inner":
        _inner(*sys.argv[2:])
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=30)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--formats", default=",".join(FORMATS))
    ap.add_argument("--formats-without-xyr008", default="json,sarif")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        whole, small, n = make_folder(Path(tmp), args.copies)
        out = Path(tmp) / "out"
        runs = [(f, "national", ()) for f in args.formats.split(",") if f] + [
            (f, "without XYR008", ("--ignore", "XYR008"))
            for f in args.formats_without_xyr008.split(",")
            if f
        ]
        for fmt, rules, extra in runs:
            writers = [per_report(whole, small, n, fmt, 2, out, extra) for _ in range(args.repeats)]
            alone = [per_report(whole, small, n, fmt, 1, out, extra) for _ in range(args.repeats)]
            writer = statistics.median(writers)
            worker = statistics.median(alone) - writer
            rows.append((fmt, rules, writer, worker))
            print(f"{fmt} ({rules}): writer {writer:.2f} ms, worker {worker:.2f} ms a report")
    text = section(rows, n, args.repeats)
    print(text)
    if not args.no_write:
        results = HERE / "RESULTS.md"
        old = results.read_text(encoding="utf-8") if results.exists() else ""
        if BEGIN in old and END in old:
            head, rest = old.split(BEGIN, 1)
            new = head + text + rest.split(END, 1)[1]
        else:
            new = old.rstrip("\n") + "\n\n" + text + "\n"
        results.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    os.environ.setdefault("NO_COLOR", "1")
    main()

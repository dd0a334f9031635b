"""Peak memory per output format for big batches (issue 14 §3): is it flat in the batch size?

Makes N synthetic canonical reports from the seed (each its own body, a few cells changed by a
fixed random seed so that every report has findings, some blank cells and an arithmetic error
now and then), then runs the real ``gixcheck`` program on the folder once per format and once
with every format at once, each written to a file, with the default memory limit on.

Peak RSS is each process's own high-water mark (``VmHWM`` in ``/proc/<pid>/status``), sampled
every 0.1 s for the main process and for every worker; the largest seen is reported for each.
So the main process (where the outputs are written) is measured apart from the workers (where
reports are read and checked).

    .venv/bin/python bench/memory.py            # 1,000 and 10,000 reports
    .venv/bin/python bench/memory.py --sizes 200 --formats json html
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "data" / "text" / "seed_panji_2021.txt"
RESULTS = ROOT / "bench" / "RESULTS.md"
BEGIN, END = "<!-- output-memory:begin -->", "<!-- output-memory:end -->"
FORMATS = [
    "text",
    "concise",
    "statistics",
    "json",
    "sarif",
    "junit",
    "github",
    "csv",
    "csv-reports",
    "html",
]
MiB = 1024 * 1024


def make_reports(folder: Path, n: int) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    import gixcheck
    from gixcheck.model import jsonable

    base = jsonable(gixcheck.extract(SEED))
    folder.mkdir(parents=True)
    for i in range(n):
        rnd = random.Random(i)
        rep = json.loads(json.dumps(base))
        rep["metadata"]["title"] = rep["metadata"]["title"].replace("潘集区", f"合成{i:05d}区")
        rep["metadata"]["body"] = f"合成{i:05d}区人民政府"
        rows = rep["tables"]["table_3"]["rows"]
        keys = sorted(rows)
        for _ in range(rnd.randint(0, 4)):
            row = rows[rnd.choice(keys)]
            col = rnd.choice(sorted(row))
            if rnd.random() < 0.5:
                row[col] = None  # a blank cell: TAB003
            else:
                row[col] = {"kind": "number", "value": rnd.randint(0, 9), "raw": "x"}
        (folder / f"r{i:05d}.json").write_text(json.dumps(rep, ensure_ascii=False), "utf-8")


def _hwm(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def _children(pid: int) -> list[int]:
    try:
        kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    out = [int(k) for k in kids]
    for k in list(out):
        out += _children(k)
    return out


def run(
    folder: Path, out: Path, formats: list[str], jobs: int, src: Path | None = None
) -> dict[str, float]:
    args = [sys.executable, "-m", "gixcheck", str(folder), "--no-progress", "--jobs", str(jobs)]
    env = {**os.environ, **({"PYTHONPATH": str(src)} if src else {})}
    for f in formats:
        args += ["--format", f, "-o", str(out / f"out.{f}")]
    start = time.perf_counter()
    proc = subprocess.Popen(
        args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT, env=env
    )
    main_peak = worker_peak = 0
    while proc.poll() is None:
        main_peak = max(main_peak, _hwm(proc.pid))
        for kid in _children(proc.pid):
            worker_peak = max(worker_peak, _hwm(kid))
        time.sleep(0.1)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode not in (0, 1):
        raise SystemExit(f"gixcheck failed ({proc.returncode}): {err[-2000:]}")
    size = sum((out / f"out.{f}").stat().st_size for f in formats)
    return {
        "seconds": time.perf_counter() - start,
        "main": main_peak / MiB,
        "worker": worker_peak / MiB,
        "output": size / MiB,
    }


def section(rows: list[tuple[int, str, dict[str, float]]], jobs: int) -> str:
    lines = [
        BEGIN,
        "## Peak memory per output format (bench/memory.py)",
        "",
        f"Machine: {platform.system()} {platform.release()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}.",
        "",
        f"Synthetic canonical reports made from the seed (each a different body, 0–4 table-三"
        f" cells blanked or changed, so reports have findings), checked by the `gixcheck`"
        f" program with `--jobs {jobs}`, each format written to a file, default memory limit"
        " (4096 MB) on. Peak RSS is each process's own high-water mark (`VmHWM`), sampled every"
        " 0.1 s: *main* is the process that writes the outputs, *worker* the largest checking"
        " process. Flat means the 10,000-report figure is the 1,000-report figure, not ten"
        " times it. At 10,000 reports only every format at once is run (`--all-only`): it is"
        " every sink together, and a 10,000-report run per format takes an hour here."
        " Reproduce: `.venv/bin/python bench/memory.py`; the 0.1 rows with `--src` pointing at a"
        " checkout of 146bb65 and `--sizes 1000 --formats sarif junit html`.",
        "",
        "| reports | format | main peak RSS | worker peak RSS | output size | time |",
        "|---:|---|---:|---:|---:|---:|",
    ]
    for n, fmt, r in rows:
        lines.append(
            f"| {n:,} | {fmt} | {r['main']:.0f} MiB | {r['worker']:.0f} MiB | "
            f"{r['output']:.1f} MiB | {r['seconds']:.0f} s |"
        )
    lines.append(END)
    return "\n".join(lines)


def write_section(text: str) -> None:
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    if BEGIN in old and END in old:
        new = old[: old.index(BEGIN)] + text + old[old.index(END) + len(END) :]
    else:
        new = old.rstrip("\n") + "\n\n" + text + "\n"
    RESULTS.write_text(new, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--formats", nargs="+", default=FORMATS)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument(
        "--all-only",
        type=int,
        nargs="*",
        default=[10000],
        help="sizes measured only with every format at once (a 10,000-report run per format"
        " takes long on a shared machine)",
    )
    ap.add_argument("--src", type=Path, help="run the gixcheck of this src folder instead")
    ap.add_argument("--label", default="", help="added to each row's format (e.g. 'before')")
    ap.add_argument("--no-write", action="store_true", help="print, do not update RESULTS.md")
    opts = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="gixcheck-memory-") as tmp:
        for n in opts.sizes:
            folder = Path(tmp) / f"in{n}"
            make_reports(folder, n)
            runs = [*([f] for f in opts.formats), opts.formats]
            if n in opts.all_only:
                runs = [opts.formats]
            for fmts in runs:
                out = Path(tmp) / "out"
                out.mkdir()
                label = fmts[0] if len(fmts) == 1 else "every format at once"
                label += f" ({opts.label})" if opts.label else ""
                r = run(folder, out, fmts, opts.jobs, opts.src)
                print(
                    f"{n:>6} {label:<22} main {r['main']:6.0f} MiB  worker {r['worker']:5.0f} MiB"
                    f"  output {r['output']:8.1f} MiB  {r['seconds']:5.0f} s",
                    flush=True,
                )
                rows.append((n, label, r))
                shutil.rmtree(out)
            shutil.rmtree(folder)
    text = section(rows, opts.jobs)
    if not opts.no_write:
        write_section(text)
    print(text)


if __name__ == "__main__":
    main()

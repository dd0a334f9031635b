"""Pool throughput when 1 % of documents are slow: writes the "Pool" section of RESULTS.md.

    .venv/bin/python bench/pool.py            # simulated 1/2/16 workers + real CLI batches
    .venv/bin/python bench/pool.py --quick    # fewer documents

Simulated: N documents whose cost is a sleep (5 ms; 1 % of them, placed at random with a fixed
seed, 0.5 s), run through gixcheck.pool with 1, 2 and 16 workers, and through the previous
design (ProcessPoolExecutor with 4 × jobs documents in flight, results in input order) with the
same documents.  Sleeping documents let 16 workers run on a small machine: the figure is how
busy the pool keeps its workers.  Efficiency = (total cost / workers) / wall time, where the
ideal also cannot be shorter than the slowest document.

Real: a folder of canonical JSON reports (the seed) where 1 % are slow (the test plugin's
``spin 1``: one CPU second each), checked by the gixcheck program with --jobs 1 (in the
program's own process) and --jobs 2; efficiency = T(jobs 1) / (2 × T(jobs 2)).
Nothing is asserted: these are measurements.
"""

from __future__ import annotations

import argparse
import heapq
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

import pool_work  # noqa: E402  (after the path: the workers import it by this name)
from run import machine  # noqa: E402

from gixcheck.model import canonical_json  # noqa: E402
from gixcheck.pool import Pool, _context  # noqa: E402

SEED = ROOT / "tests" / "data" / "text" / "seed_panji_2021.txt"
PLUGIN = ROOT / "tests" / "batch" / "fixtures" / "misbehave.py"
FAST, SLOW = 0.005, 0.5


def costs(n: int) -> list[float]:
    rng = random.Random(1)
    slow = set(rng.sample(range(n), max(1, n // 100)))
    return [SLOW if i in slow else FAST for i in range(n)]


def ideal(work: list[float], jobs: int) -> float:
    return max(sum(work) / jobs, max(work))


def in_order(work: list[float], jobs: int) -> float:
    """The shortest time any pool handing documents out in input order can take (greedy list
    scheduling): a slow document near the end of the batch is a tail no pool avoids."""
    free = [0.0] * jobs
    for c in work:
        heapq.heappush(free, heapq.heappop(free) + c)
    return max(free)


def new_pool(work: list[float], jobs: int) -> float:
    t = time.perf_counter()
    with Pool(jobs, pool_work.setup, preload=("pool_work",)) as pool:
        for _ in pool.map(work):
            pass
    return time.perf_counter() - t


def _old_init() -> None:
    pass


def old_pool(work: list[float], jobs: int) -> float:
    """The previous batch.run: a window of 4 × jobs futures, taken in input order."""
    t = time.perf_counter()
    window: deque[Future[float]] = deque()
    with ProcessPoolExecutor(max_workers=jobs, mp_context=_context(())) as ex:
        for c in work:
            window.append(ex.submit(pool_work._cost, c))
            if len(window) >= jobs * 4:
                window.popleft().result()
        while window:
            window.popleft().result()
    return time.perf_counter() - t


def cli(folder: Path, jobs: int) -> float:
    t = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "gixcheck",
            str(folder),
            "--plugin",
            str(PLUGIN),
            "--format",
            "json",
            "-o",
            str(folder.parent / "out.json"),
            "--jobs",
            str(jobs),
        ],
        capture_output=True,
        check=False,
    )
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--out", default=str(ROOT / "bench" / "RESULTS.md"))
    opts = ap.parse_args()
    n = 600 if opts.quick else 2000
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    work = costs(n)
    rows = []
    for jobs in (1, 2, 16):
        best = ideal(work, jobs)
        new = new_pool(work, jobs)
        old = old_pool(work, jobs)
        rows.append(
            f"| simulated, {jobs} worker(s), {n} documents | {best:.2f} s | "
            f"{in_order(work, jobs):.2f} s | "
            f"{new:.2f} s ({best / new:.0%}) | {old:.2f} s ({best / old:.0%}) |"
        )
        print(rows[-1], flush=True)

    from gixcheck import api

    m = 300 if opts.quick else 1000
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        good = canonical_json(api.extract(SEED))
        rng = random.Random(2)
        slow = set(rng.sample(range(m), m // 100))
        for i in range(m):
            if i in slow:
                (folder / f"r{i:05}.txt").write_bytes(b"GIXCHECK-TEST spin 1\n" + SEED.read_bytes())
            else:
                (folder / f"r{i:05}.json").write_text(good, encoding="utf-8")
        t1 = cli(folder, 1)
        t2 = cli(folder, 2)
    real = (
        f"| real CLI, {m} JSON reports ({m // 100} slow, 1 CPU-second each) | "
        f"--jobs 1: {t1:.1f} s | --jobs 2: {t2:.1f} s | efficiency {t1 / (2 * t2):.0%} |"
    )
    print(real)

    section = "\n".join(
        [
            "<!-- pool:start (written by bench/pool.py; keep this section) -->",
            "## Pool: throughput with 1 % slow documents",
            "",
            f"Machine: {machine()}.",
            "",
            "Reproduce: `.venv/bin/python bench/pool.py`. Method in the script's docstring: the",
            "simulated documents cost a sleep (5 ms; 1 % cost 0.5 s), so 16 workers can run on",
            "this machine; efficiency = ideal time (total cost / workers, at least the slowest",
            'document) / wall time. "previous" is the design before the reliability work',
            "(ProcessPoolExecutor, 4 × jobs documents in flight, results in input order).",
            '"in-order bound" is the best any pool handing documents out in input order can do',
            "(a slow document near the end is a tail); wall times include starting the workers",
            f"(about 0.3–0.5 s). Load average when the run started: {load}.",
            "",
            "| batch | ideal | in-order bound | this pool (efficiency) | previous (efficiency) |",
            "|---|---|---|---|---|",
            *rows,
            "",
            "| batch | | | |",
            "|---|---|---|---|",
            real,
            "<!-- pool:end -->",
        ]
    )
    path = Path(opts.out)
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    pattern = re.compile(r"<!-- pool:start.*?<!-- pool:end -->", re.S)
    if pattern.search(old):
        new_text = pattern.sub(lambda _: section, old)
    else:
        new_text = old.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(new_text, encoding="utf-8")


if __name__ == "__main__":
    main()

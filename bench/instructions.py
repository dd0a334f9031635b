"""Instructions per check, counted by valgrind's cachegrind (which other load on a shared machine
does not disturb, unlike CPU time).

    .venv/bin/python bench/instructions.py            # every real report, and the whole ones
    .venv/bin/python bench/instructions.py --rounds 5

The reports are those of ``bench/check.py`` (the canonical JSON of every real report at hand),
written to a temporary folder first.  Each count runs the program twice under cachegrind: once
checking every report once (warm-up: imports, compiled patterns, plans), once checking them
``1 + rounds`` times; the difference divided by ``rounds`` is the instructions of one pass.  The
same is done for a bare ``json.loads`` of the same bytes, the floor of ``bench/check.py``.

Caveat: cachegrind runs without the CPU's SHA extensions, so the sha256 of each input (a few
per cent of the instructions here) costs far less on real hardware.  Needs ``valgrind``.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _inner(folder: str, pattern: str, rounds: int, floor: bool) -> None:
    from gixcheck.api import Options, prepare

    data = [Path(f).read_bytes() for f in sorted(glob.glob(os.path.join(folder, pattern)))]
    check = json.loads if floor else prepare(Options())[1]
    for d in data:
        check(d)
    for _ in range(rounds):
        for d in data:
            check(d)


def _count(folder: str, pattern: str, rounds: int, floor: bool) -> int:
    cmd = [
        "valgrind",
        "--tool=cachegrind",
        "--cache-sim=no",
        "--cachegrind-out-file=/dev/null",
        sys.executable,
        __file__,
        "--inner",
        folder,
        pattern,
        str(rounds),
        "1" if floor else "0",
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stderr
    found = re.search(r"I\s+refs:\s+([\d,]+)", out)
    if found is None:
        raise SystemExit(f"no instruction count in valgrind's output:\n{out}")
    return int(found.group(1).replace(",", ""))


def per_pass(folder: str, pattern: str, rounds: int, floor: bool) -> float:
    """Millions of instructions of one pass over the reports matching ``pattern``."""
    base = _count(folder, pattern, 0, floor)
    more = _count(folder, pattern, rounds, floor)
    return (more - base) / rounds / 1e6


def main() -> None:
    if len(sys.argv) == 6 and sys.argv[1] == "--inner":
        _inner(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5] == "1")
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    opts = ap.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")
    sys.path.insert(0, str(HERE))
    import check

    with tempfile.TemporaryDirectory() as folder:
        for i, (name, data) in enumerate(check.reports()):
            kind = "whole" if check.whole(data) else "part"
            Path(folder, f"{i:03d}_{kind}_{name}.json").write_bytes(data)
        for label, pattern in (
            ("every report", "*.json"),
            ("whole reports", "[0-9][0-9][0-9]_whole_*.json"),
        ):
            n = len(glob.glob(os.path.join(folder, pattern)))
            mine = per_pass(folder, pattern, opts.rounds, floor=False)
            floor = per_pass(folder, pattern, opts.rounds, floor=True)
            print(
                f"{label} ({n}): checking {mine:.1f} M instructions a pass, "
                f"json.loads {floor:.1f} M, ratio {mine / floor:.1f}x"
            )


if __name__ == "__main__":
    main()

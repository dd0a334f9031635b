"""Instructions per check, per HTML page and per PDF, counted by valgrind's cachegrind (which
other load on a shared machine does not disturb, unlike CPU time).

    .venv/bin/python bench/instructions.py                 # checking, HTML and PDF reading
    .venv/bin/python bench/instructions.py --only check    # or html, pdf
    .venv/bin/python bench/instructions.py --rounds 5

Each figure runs the program twice under cachegrind: once doing the work on every input once
(warm-up: imports, compiled patterns, plans), once doing it ``1 + rounds`` times; the
difference divided by ``rounds`` is the instructions of one pass over the inputs.  The same is
done for the floor the CPU-time benchmarks measure against:

- *checking*: the reports of ``bench/check.py`` (the canonical JSON of every real report at
  hand, written to a temporary folder first), a batch worker's ``check_item``, against a bare
  ``json.loads`` of the same bytes;
- *HTML*: the pages of ``bench/check.py``'s HTML section, ``extract_html`` against
  ``lxml.html.document_fromstring``;
- *PDF*: the PDFs of ``bench/pdf.py``, ``extract_pdf`` against PDFium's own text extraction
  (``bench/pdf.py``'s floor).

An instruction ratio is not the CPU-time ratio the targets are stated in: the interpreter runs
fewer instructions per cycle than the floors' C loops (checking: about 6.6x in instructions
against 11-13x in CPU time).  It is the figure to compare two versions of the code by, since it
moves by a per cent or two between runs where CPU time moves by twenty.

Caveat: cachegrind runs without the CPU's SHA extensions, so the sha256 of each input (a few
per cent of the instructions of a check) costs far less on real hardware.  Needs ``valgrind``.
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _inner(folder: str, pattern: str, rounds: int, mode: str) -> None:
    paths = sorted(glob.glob(os.path.join(folder, pattern)))
    data = [Path(f).read_bytes() for f in paths]
    work: Callable[[bytes, str], object]
    if mode == "loads":
        work = lambda d, _n: json.loads(d)  # noqa: E731
    elif mode == "check":
        from gixcheck.api import Options, prepare

        check_item = prepare(Options())[1]
        work = lambda d, _n: check_item(d)  # noqa: E731
    elif mode == "lxml":
        import lxml.html

        work = lambda d, _n: lxml.html.document_fromstring(d)  # noqa: E731
    elif mode == "html":
        from gixcheck.extract.html import extract_html

        work = extract_html
    elif mode == "pdfium":
        sys.path.insert(0, str(HERE))
        import pdf

        work = lambda d, _n: pdf.floor(d)  # noqa: E731
    else:
        from gixcheck.extract.pdf import extract_pdf

        work = extract_pdf
    names = [Path(f).name for f in paths]
    for d, n in zip(data, names, strict=True):
        work(d, n)
    for _ in range(rounds):
        for d, n in zip(data, names, strict=True):
            work(d, n)


def _count(folder: str, pattern: str, rounds: int, mode: str) -> int:
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
        mode,
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stderr
    found = re.search(r"I\s+refs:\s+([\d,]+)", out)
    if found is None:
        raise SystemExit(f"no instruction count in valgrind's output:\n{out}")
    return int(found.group(1).replace(",", ""))


def per_pass(folder: str, pattern: str, rounds: int, mode: str) -> float:
    """Millions of instructions of one pass over the inputs matching ``pattern``."""
    base = _count(folder, pattern, 0, mode)
    more = _count(folder, pattern, rounds, mode)
    return (more - base) / rounds / 1e6


def _copy_unique(paths: list[Path], folder: str) -> int:
    """Each input once (by content) into ``folder``, its name kept after a number."""
    seen: set[str] = set()
    for path in paths:
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digest not in seen:
            seen.add(digest)
            Path(folder, f"{len(seen):03d}_{path.name}").write_bytes(data)
    return len(seen)


def _line(label: str, n: int, mine: float, what: str, floor: float, floor_name: str) -> str:
    return (
        f"{label} ({n}): {what} {mine:.1f} M instructions a pass, "
        f"{floor_name} {floor:.1f} M, ratio {mine / floor:.1f}x"
    )


def main() -> None:
    if len(sys.argv) == 6 and sys.argv[1] == "--inner":
        _inner(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5])
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--only", choices=("check", "html", "pdf"))
    opts = ap.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")
    sys.path.insert(0, str(HERE))
    import check
    import pdf

    r = opts.rounds
    if opts.only in (None, "check"):
        with tempfile.TemporaryDirectory() as folder:
            for i, (name, data) in enumerate(check.reports()):
                kind = "whole" if check.whole(data) else "part"
                Path(folder, f"{i:03d}_{kind}_{name}.json").write_bytes(data)
            for label, pattern in (
                ("every report", "*.json"),
                ("whole reports", "[0-9][0-9][0-9]_whole_*.json"),
            ):
                n = len(glob.glob(os.path.join(folder, pattern)))
                mine = per_pass(folder, pattern, r, "check")
                floor = per_pass(folder, pattern, r, "loads")
                print(_line(label, n, mine, "checking", floor, "json.loads"), flush=True)
    if opts.only in (None, "html"):
        with tempfile.TemporaryDirectory() as folder:
            n = _copy_unique(check._files("*.html", "*.htm"), folder)
            mine = per_pass(folder, "*", r, "html")
            floor = per_pass(folder, "*", r, "lxml")
            print(_line("HTML pages", n, mine, "extract_html", floor, "lxml parse"), flush=True)
    if opts.only in (None, "pdf"):
        with tempfile.TemporaryDirectory() as folder:
            n = _copy_unique(pdf.pdfs(pdf.CORPUS), folder)
            mine = per_pass(folder, "*", r, "pdf")
            floor = per_pass(folder, "*", r, "pdfium")
            print(_line("PDFs", n, mine, "extract_pdf", floor, "PDFium text"), flush=True)


if __name__ == "__main__":
    main()

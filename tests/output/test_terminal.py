"""What a person at a terminal sees: the progress bar is cleared before results and warnings
are printed, never written over.  The program runs on a pseudo-terminal and its output is
replayed on a minimal screen model (carriage return, line feed, cursor up, erase line)."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"
SEED = DATA / "text" / "seed_panji_2021.txt"
_TOKEN = re.compile(r"\x1b\[([0-9;?]*)([A-Za-z])|\x1b\][^\x07]*\x07|\r|\n|.", re.S)


def screen(output: str) -> list[str]:
    """The lines left on the screen after ``output`` is written to a terminal."""
    rows: list[list[str]] = [[]]
    r = c = 0
    for m in _TOKEN.finditer(output):
        s = m.group()
        if s == "\r":
            c = 0
        elif s == "\n":
            r, c = r + 1, 0  # a pty turns LF into CR LF
            while len(rows) <= r:
                rows.append([])
        elif m.group(2):
            arg, cmd = m.group(1), m.group(2)
            if cmd == "K":
                rows[r] = rows[r][:c] if arg in ("", "0") else []
            elif cmd == "A":
                r = max(0, r - int(arg or 1))
        elif not s.startswith("\x1b"):
            line = rows[r]
            line.extend(" " * (c - len(line)))
            if c < len(line):
                line[c] = s
            else:
                line.append(s)
            c += 1
    return ["".join(line).rstrip() for line in rows]


def on_a_terminal(*args: str) -> str:
    """Run gixcheck with stdout and stderr on one pseudo-terminal; everything it wrote."""
    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "PRE_COMMIT", "NO_COLOR")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "gixcheck", *args],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
        env={**env, "COLUMNS": "120", "TERM": "xterm"},
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:  # the other end closed: the program ended
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=120)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def test_results_and_warnings_never_land_on_the_progress_bar(tmp_path: Path) -> None:
    """0.1 printed text results and the unreadable-file warning onto the bar's line."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_broken.pdf").write_bytes(b"%PDF-1.4 cut short")
    for i in range(5):
        (folder / f"r{i}.txt").write_bytes(SEED.read_bytes())
    raw = on_a_terminal(str(folder), "--jobs", "1")
    assert "━" in raw  # there was a bar
    lines = screen(raw)
    assert not [line for line in lines if "━" in line], lines  # and it is gone
    warning = [line for line in lines if line.startswith("gixcheck: ") and "a_broken.pdf" in line]
    assert warning, lines
    headers = [line for line in lines if line.startswith(str(folder))]
    assert len(headers) == 6, lines  # every report's header starts its own line

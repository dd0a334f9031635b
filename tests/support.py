"""Helpers shared by test modules (importable because pytest puts tests/ on sys.path)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any


def run_cli(
    *args: str,
    cwd: Path | None = None,
    stdin: bytes | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run the real ``gixcheck`` program in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "gixcheck", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        input=stdin.decode() if stdin is not None else None,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def json_paths(obj: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path (keys and indexes) into a JSON-like value, the root included."""
    out = [prefix]
    if isinstance(obj, dict):
        for k, v in obj.items():
            out += json_paths(v, (*prefix, k))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            out += json_paths(v, (*prefix, i))
    return out


def sigint_default() -> None:
    """``preexec_fn`` for a child that a test stops with SIGINT: a shell starts background
    jobs with SIGINT ignored, the child inherits that, and Python then never raises
    KeyboardInterrupt — the test would measure the shell, not gixcheck."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)

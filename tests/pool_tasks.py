"""Task functions for tests of gixcheck.pool (importable by worker processes: tests/ is on
sys.path)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any


def setup_echo() -> Callable[[Any], Any]:
    def run(task: Any) -> Any:
        kind, arg = task
        if kind == "sleep":
            time.sleep(arg)
        elif kind == "waitfor":
            path, seconds = arg
            end = time.monotonic() + seconds
            while not os.path.exists(path):
                if time.monotonic() > end:
                    return "gave up"
                time.sleep(0.02)
        elif kind == "touch":
            open(arg, "w").close()
        elif kind == "exit":
            raise SystemExit(3)
        elif kind == "die":
            os._exit(7)
        return task

    return run


def setup_broken() -> Callable[[Any], Any]:
    raise RuntimeError("cannot set up")

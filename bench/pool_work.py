"""The simulated documents of bench/pool.py (a module of its own: worker processes import it)."""

from __future__ import annotations

import time
from collections.abc import Callable


def setup() -> Callable[[float], float]:
    return _cost


def _cost(seconds: float) -> float:
    # Wall-clock cost, not CPU: 16 simulated workers can then run on a 2-CPU machine, and what
    # is measured is how well the pool keeps them busy.
    time.sleep(seconds)
    return seconds

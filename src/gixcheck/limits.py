"""Per-document limits: size, PDF pages, time and memory.  Every refusal is a GIX001 naming
the limit, and the batch goes on with the next document.

| limit | default | option / config key |
|---|---|---|
| input size | 20 MB | ``--max-size MB`` / ``max-size`` |
| PDF pages | 200 | ``--max-pages N`` / ``max-pages`` |
| time to read and check one document | 60 s | ``--timeout SECONDS`` / ``timeout`` |
| memory (address space) of a checking process | 4096 MB | ``--max-memory MB`` / ``max-memory`` |

The time limit uses a real-time interval timer, so it applies where gixcheck runs documents in a
process's main thread (the CLI and its worker processes); the memory limit is set only by the
CLI and its workers, never on a process that merely imports gixcheck.
"""

from __future__ import annotations

import signal
import threading
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 20 * MB
    max_pages: int = 200
    timeout: float = 60.0
    max_memory_mb: int | None = 4096


DEFAULT = Limits()
_current: ContextVar[Limits] = ContextVar("gixcheck_limits", default=DEFAULT)


def current() -> Limits:
    """The limits in force for the document being read (extractors ask for max_pages here)."""
    return _current.get()


class DocumentTimeout(BaseException):
    """Raised inside a document's work when its time is up.

    A BaseException, like KeyboardInterrupt, so that an extractor's broad ``except Exception``
    cannot swallow it and carry on.
    """


def _expired(signum: int, frame: object) -> None:
    raise DocumentTimeout()


# ``signal.signal`` without its wrapper, which turns the handler given back into an enum by
# trying and failing (3 µs, twice a document: 3–4 % of checking the smallest report).  The C
# function takes and gives the same handlers, so the one given back is put back as it was.
try:
    from _signal import signal as _set_handler
except ImportError:  # pragma: no cover - CPython has it
    _set_handler = signal.signal


class applied:  # lower case: used as a function, ``with applied(limits):``
    """Run one document's work under ``limits`` (time limit included where possible).

    A small class rather than a generator made into a context manager: entered for every
    document, at a fraction of the cost.
    """

    __slots__ = ("_limits", "_previous", "_timer", "_token")

    def __init__(self, limits: Limits) -> None:
        self._limits = limits
        self._token: Any = None
        self._timer = False
        self._previous: Any = None

    def __enter__(self) -> None:
        limits = self._limits
        self._token = _current.set(limits)
        timer = self._timer = (
            limits.timeout > 0
            and hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread()
        )
        if timer:
            self._previous = _set_handler(signal.SIGALRM, _expired)
            signal.setitimer(signal.ITIMER_REAL, limits.timeout)

    def __exit__(self, *exc: object) -> None:
        if self._timer:
            signal.setitimer(signal.ITIMER_REAL, 0)
            _set_handler(signal.SIGALRM, self._previous)
        _current.reset(self._token)


def set_memory_limit(mb: int | None) -> None:
    """Cap this process's address space so a hostile document ends in MemoryError, not in
    the machine swapping.  Never raises: where the platform has no such limit, nothing is set."""
    if not mb:
        return
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        want = mb * MB
        if hard != resource.RLIM_INFINITY:
            want = min(want, hard)
        if soft == resource.RLIM_INFINITY or soft > want:
            resource.setrlimit(resource.RLIMIT_AS, (want, hard))
    except (ImportError, ValueError, OSError):
        pass

"""A small process pool for batches that survives its workers.

``concurrent.futures.ProcessPoolExecutor`` cannot do what a batch of untrusted documents needs:
when one worker dies (the OOM killer, a segfault in a C library) the whole executor is broken,
and it cannot stop one worker that hangs inside C code.  This pool gives each worker one task at
a time over its own pipe, so the parent always knows which document a worker holds and since
when:

* a worker that dies is replaced, and its document comes back as :class:`Lost` naming the
  signal or exit code — never re-run in the parent, where it would crash the parent too;
* a worker that does not answer before the task's deadline is killed (``SIGKILL`` works on a
  stopped or spinning process alike) and replaced, and its document comes back as :class:`Lost`;
* results come back in input order through a reorder buffer of up to ``max_buffered`` finished
  results (and ``max_buffered_bytes`` of them, kept pickled as they arrived), so a slow document
  holds back only itself and output stays byte-identical whatever the number of workers;
* the buffer is for reordering, not a queue in front of a slow consumer: once ``lookahead``
  results are ready in order and waiting to be taken, a task goes out only as a result is
  taken, so a consumer slower than the workers (many output formats at once) holds a few
  results, not ``max_buffered`` of them.

Workers are started by the forkserver and cannot outlive the batch: they ignore ``SIGINT``
(the parent decides what an interrupt means), exit when their pipe closes, and on Linux ask the
kernel to kill them when their parent (the forkserver, which exits when this process does)
goes, so a ``SIGKILL``/``SIGTERM`` of the program leaves nothing running.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import selectors
import signal
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Message tags on a worker's pipe (first byte).
_READY = b"R"  # set up, waiting for a task
_SETUP_FAILED = b"S"  # setup raised: body is the reason (UTF-8)
_DONE = b"D"  # body is the pickled result
_RAISED = b"E"  # the task raised something it should have handled: body is the reason

# A worker that does not get ready within this time (plugin imports, rule sets, the previous
# report) is treated as failed to start.
SETUP_TIMEOUT = 120.0
# Consecutive workers that fail to start before the pool gives up (a broken installation,
# not a bad document).
MAX_START_FAILURES = 3


@dataclass(frozen=True)
class Lost:
    """A task whose worker never answered: it died or ran past its deadline."""

    index: int
    why: str  # "died", "overdue", or "raised" (the task raised instead of returning)
    signal: str | None = None  # e.g. "SIGKILL" when the worker was killed by a signal
    exitcode: int | None = None  # when it exited by itself
    seconds: float | None = None  # the deadline it ran past
    detail: str | None = None  # "raised": what the task raised


class PoolError(Exception):
    """The pool cannot run: its workers do not start (the message says why)."""


def _die_with_parent() -> None:
    # The kernel kills this worker when its parent (the forkserver) exits, which it does as soon
    # as the program that started it is gone: a worker stuck in C code cannot outlive the run.
    # The forkserver hands every child its "alive" pipe (so children could start processes of
    # their own); a worker holding it would keep the forkserver, and so itself, alive for ever.
    with contextlib.suppress(ImportError, AttributeError, OSError, TypeError):
        from multiprocessing import forkserver

        fd = forkserver._forkserver._forkserver_alive_fd  # type: ignore[attr-defined]
        if fd is not None:
            forkserver._forkserver._forkserver_alive_fd = None  # type: ignore[attr-defined]
            os.close(fd)
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, int(signal.SIGKILL), 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _serve(
    conn: Connection, setup: Callable[..., Callable[[Any], Any]], args: tuple[Any, ...]
) -> None:
    """A worker's life: set up once, then answer one task at a time until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    try:
        fn = setup(*args)
    except BaseException as exc:  # anything: the parent must hear why, not wait for a reply
        conn.send_bytes(_SETUP_FAILED + f"{type(exc).__name__}: {exc}".encode())
        return
    conn.send_bytes(_READY)
    while True:
        try:
            task = pickle.loads(conn.recv_bytes())
        except (EOFError, OSError):
            return  # the parent is gone or done
        try:
            reply = _DONE + pickle.dumps(fn(task), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException as exc:  # SystemExit from a plugin, an unpicklable result …
            reply = _RAISED + f"{type(exc).__name__}: {exc}".encode()
        conn.send_bytes(reply)


@dataclass
class _Worker:
    process: Any  # a multiprocessing Process of the pool's context
    conn: Connection
    started: float
    ready: bool = False
    task: int | None = None  # index of the task it holds
    since: float = 0.0
    eof: bool = False  # its pipe closed: only its exit is still to be seen


@dataclass
class _Buffer:
    """Finished results waiting for their turn, kept as the bytes that arrived."""

    done: dict[int, bytes | Lost] = field(default_factory=dict)
    size: int = 0

    def put(self, index: int, value: bytes | Lost) -> None:
        self.done[index] = value
        if isinstance(value, bytes):
            self.size += len(value)

    def take(self, index: int) -> bytes | Lost:
        value = self.done.pop(index)
        if isinstance(value, bytes):
            self.size -= len(value)
        return value


class Pool(Generic[T, R]):
    """``jobs`` worker processes, each running ``setup(*setup_args)`` once to get the function
    it applies to tasks.  ``deadline`` seconds per task (None: no deadline).

    Use as a context manager, or call :meth:`close`: it kills and reaps every worker, at once.
    """

    def __init__(
        self,
        jobs: int,
        setup: Callable[..., Callable[[T], R]],
        setup_args: tuple[Any, ...] = (),
        *,
        deadline: float | None = None,
        max_buffered: int = 4096,
        max_buffered_bytes: int = 256 * 1024 * 1024,
        lookahead: int | None = None,
        preload: Sequence[str] = (),
    ) -> None:
        if jobs < 1:
            raise ValueError("jobs must be at least 1")
        self.jobs = jobs
        self.setup = setup
        self.setup_args = setup_args
        self.deadline = deadline
        self.max_buffered = max(1, max_buffered)
        self.max_buffered_bytes = max_buffered_bytes
        # Results ready in order beyond which the consumer, not a slow document, is what
        # they wait for: enough that every worker has one to follow it while it is taken.
        self.lookahead = max(1, lookahead if lookahead is not None else max(8, 2 * jobs))
        self._ctx = _context(preload)
        self._workers: list[_Worker] = []
        # Every worker's pipe and sentinel, registered once: a wait is then one poll of the
        # registered set, not a new set built (and each pipe registered) per result, which
        # cost the writing process more the more workers there were.
        self._selector = selectors.DefaultSelector()
        self._closed = False
        self._start_failures = 0
        self.replaced = 0  # workers replaced after a death or a missed deadline

    # -- life cycle
    def __enter__(self) -> Pool[T, R]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Kill and reap every worker (idempotent).  Results not yet taken are dropped."""
        self._closed = True
        workers, self._workers = self._workers, []
        with contextlib.suppress(OSError, ValueError):
            self._selector.close()
        for w in workers:
            with contextlib.suppress(OSError, ValueError, AttributeError):
                w.process.kill()
        for w in workers:
            with contextlib.suppress(OSError, ValueError, AttributeError, AssertionError):
                w.process.join(5)
            with contextlib.suppress(OSError):
                w.conn.close()

    def pids(self) -> list[int]:
        """The workers' process ids (for tests and diagnostics)."""
        return [w.process.pid for w in self._workers if w.process.pid is not None]

    def _start(self) -> _Worker:
        parent_end, child_end = self._ctx.Pipe(duplex=True)
        proc = self._ctx.Process(
            target=_serve, args=(child_end, self.setup, self.setup_args), daemon=True
        )
        proc.start()
        # Only the worker may hold its end: when the worker dies the parent's end reads EOF.
        child_end.close()
        w = _Worker(proc, parent_end, time.monotonic())
        self._workers.append(w)
        self._selector.register(parent_end, selectors.EVENT_READ, (False, w))
        self._selector.register(proc.sentinel, selectors.EVENT_READ, (True, w))
        return w

    def _retire(self, w: _Worker) -> None:
        self._unregister(w.conn)
        self._unregister(w.process.sentinel)
        with contextlib.suppress(OSError, ValueError):
            w.process.kill()
        with contextlib.suppress(OSError, ValueError, AssertionError):
            w.process.join(5)
        with contextlib.suppress(OSError):
            w.conn.close()
        self._workers.remove(w)

    # -- running
    def map(self, tasks: Sequence[T]) -> Iterator[R | Lost]:
        """Each task's result (or :class:`Lost`), in the order of ``tasks``."""
        if self._closed:
            raise PoolError("the pool is closed")
        n = len(tasks)
        buf = _Buffer()
        next_task = 0  # next index to hand out
        next_out = 0  # next index to yield
        ready_end = 0  # first index from next_out on whose result has not arrived
        try:
            for _ in range(min(self.jobs, n)):
                self._start()
            while next_out < n:
                busy = any(w.task is not None for w in self._workers)
                if busy:
                    self._wait(buf, block=False)  # collect what is finished, so no one idles
                ready_end = max(ready_end, next_out)
                while ready_end in buf.done:
                    ready_end += 1
                # The consumer is behind: one task out per result taken keeps the workers
                # as busy as it can use them, and the buffer from growing to its bound.
                most = 1 if ready_end - next_out >= self.lookahead else None
                next_task = self._hand_out(tasks, next_task, next_out, buf, most)
                if next_out in buf.done:
                    value = buf.take(next_out)
                    next_out += 1
                    yield value if isinstance(value, Lost) else pickle.loads(memoryview(value)[1:])
                    continue
                self._wait(buf, block=True)
        finally:
            self.close()

    def _hand_out(
        self,
        tasks: Sequence[T],
        next_task: int,
        next_out: int,
        buf: _Buffer,
        most: int | None = None,
    ) -> int:
        """Give idle workers the next tasks (at most ``most``) while the buffer has room:
        results waiting for their turn plus tasks in flight never exceed ``max_buffered`` (nor
        their bytes ``max_buffered_bytes``), except that the task the output waits for always
        goes out."""
        in_flight = sum(w.task is not None for w in self._workers)
        first = next_task
        for w in self._workers:
            if next_task >= len(tasks) or (most is not None and next_task - first >= most):
                break
            if not w.ready or w.task is not None:
                continue
            full = (
                len(buf.done) + in_flight >= self.max_buffered
                or buf.size >= self.max_buffered_bytes
            )
            if full and next_task > next_out:
                break
            try:
                w.conn.send_bytes(pickle.dumps(tasks[next_task]))
            except OSError:
                continue  # it just died: its sentinel will say so, and it holds no task
            w.task, w.since = next_task, time.monotonic()
            in_flight += 1
            next_task += 1
        return next_task

    def _wait(self, buf: _Buffer, block: bool) -> None:
        """Record what workers did: answered, died or ran out of time.  ``block``: wait until
        one of these happens; otherwise only look."""
        now = time.monotonic()
        timeout: float | None = None if block else 0.0
        for w in self._workers:
            limit = self._limit_of(w)
            if limit is not None and block:
                left = max(0.0, limit - now)
                timeout = left if timeout is None else min(timeout, left)
        try:
            ready = [key.data for key, _events in self._selector.select(timeout)]
        except InterruptedError:  # pragma: no cover - retried by select itself (PEP 475)
            ready = []
        answered: set[int] = set()
        for is_sentinel, talker in ready:
            if not is_sentinel and self._receive(talker, buf):
                answered.add(id(talker))
        for is_sentinel, dead in ready:
            if not is_sentinel or dead not in self._workers:
                continue
            if id(dead) not in answered and dead.conn.poll(0):
                self._receive(dead, buf)  # it answered before it went
            self._died(dead, buf)
        now = time.monotonic()
        for w in list(self._workers):
            limit = self._limit_of(w)
            if limit is not None and now >= limit:
                self._overdue(w, buf)

    def _unregister(self, fileobj: Any) -> None:
        with contextlib.suppress(KeyError, ValueError, OSError):
            self._selector.unregister(fileobj)

    def _limit_of(self, w: _Worker) -> float | None:
        if not w.ready:
            return w.started + SETUP_TIMEOUT
        if w.task is not None and self.deadline is not None:
            return w.since + self.deadline
        return None

    def _receive(self, w: _Worker, buf: _Buffer) -> bool:
        try:
            msg = w.conn.recv_bytes()
        except (EOFError, OSError):
            w.eof = True  # its death is seen through the sentinel
            self._unregister(w.conn)
            return False
        tag = msg[:1]
        if tag == _READY:
            w.ready = True
            self._start_failures = 0
        elif tag == _SETUP_FAILED:
            raise PoolError(f"a worker process could not start: {msg[1:].decode(errors='replace')}")
        elif w.task is not None:
            if tag == _DONE:
                buf.put(w.task, msg)
            else:
                buf.put(w.task, Lost(w.task, "raised", detail=msg[1:].decode(errors="replace")))
            w.task = None
        return True

    def _died(self, w: _Worker, buf: _Buffer) -> None:
        w.process.join(5)
        code = w.process.exitcode
        if w.task is not None:
            sig = _signal_name(-code) if code is not None and code < 0 else None
            buf.put(w.task, Lost(w.task, "died", signal=sig, exitcode=None if sig else code))
        elif not w.ready:
            self._failed_start(f"exit code {code}")
        self._replace(w)

    def _overdue(self, w: _Worker, buf: _Buffer) -> None:
        if w.task is not None:
            buf.put(w.task, Lost(w.task, "overdue", seconds=self.deadline))
        elif not w.ready:
            self._failed_start(f"not ready after {SETUP_TIMEOUT:g} s")
        self._replace(w)

    def _failed_start(self, why: str) -> None:
        self._start_failures += 1
        if self._start_failures >= MAX_START_FAILURES:
            raise PoolError(f"worker processes do not start ({why})")

    def _replace(self, w: _Worker) -> None:
        self._retire(w)
        self.replaced += 1
        self._start()


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _context(preload: Sequence[str]) -> Any:
    # Never fork: the parent may already run rich's refresh thread, and forking a threaded
    # process can deadlock.  forkserver starts each worker from a clean, single-threaded process
    # (with ``preload`` imported once there, so replacing a worker is cheap).
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(list(dict.fromkeys([*preload, "gixcheck.pool"])))
        return ctx
    return multiprocessing.get_context("spawn")


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1

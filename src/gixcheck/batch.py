"""Batch runs: many reports, optionally in a process pool, with a progress bar.

Results come back in input order whatever ``jobs`` is, so the output of ``--jobs 1`` and
``--jobs 8`` is byte-identical.  Only a bounded window of reports is in flight, and each result
is slimmed in the worker (the canonical report dict is dropped unless an output format needs
the tables), so memory stays flat however many reports a folder holds.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from gixcheck import api
from gixcheck.limits import set_memory_limit
from gixcheck.summary import Summary

# Below this many inputs a pool costs more (starting interpreters) than it saves.
POOL_THRESHOLD = 4
# Reports in flight per worker: enough to keep workers busy, small enough to keep memory flat.
WINDOW_PER_JOB = 4


def default_jobs(n_items: int) -> int:
    if n_items <= POOL_THRESHOLD:
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, n_items))


def progress_wanted(no_progress: bool = False) -> bool:
    """A bar only for a person at a terminal: not in CI, pre-commit, pipes or when asked not."""
    if no_progress or os.environ.get("CI") or os.environ.get("PRE_COMMIT"):
        return False
    return sys.stdout.isatty() and sys.stderr.isatty()


def slim(result: api.ReportResult, keep_tables: bool) -> api.ReportResult:
    """Keep what the outputs need: metadata always, the tables only for html."""
    if result.report is not None:
        data = result.report
        kept: dict[str, Any] = {"metadata": data.get("metadata"), "layout": data.get("layout")}
        if keep_tables:
            kept["tables"] = data.get("tables")
        result.report = kept
    return result


# ----------------------------------------------------------------------------- workers

_check_item: Callable[[api.InputLike], api.ReportResult] | None = None
_keep_tables = False


def _init(opts: api.Options, keep_tables: bool) -> None:
    global _check_item, _keep_tables
    set_memory_limit(opts.limits.max_memory_mb)  # a worker is ours alone to cap
    _, _check_item = api.prepare(opts)
    _keep_tables = keep_tables


def _work(item: str) -> api.ReportResult:
    assert _check_item is not None
    return slim(_check_item(item), _keep_tables)


def _pool_context() -> Any:
    # Never fork: the parent may already run rich's refresh thread, and forking a threaded
    # process can deadlock.  forkserver starts each worker from a clean process.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def run(
    items: Sequence[str],
    opts: api.Options,
    jobs: int | None = None,
    progress: bool = False,
    keep_tables: bool = False,
) -> tuple[api.CheckResult, Iterator[api.ReportResult]]:
    """The run's header and a stream of slimmed results, in input order.

    Setting the run up (rule sets, previous report, baseline) happens here, in this process,
    so a bad option is an error before any worker starts.
    """
    head, check_item = api.prepare(opts)
    n = jobs if jobs is not None else default_jobs(len(items))
    if "-" in items:  # standard input can only be read here
        n = 1

    def serial() -> Iterator[api.ReportResult]:
        for item in items:
            yield slim(check_item(item), keep_tables)

    def pooled() -> Iterator[api.ReportResult]:
        window: deque[tuple[str, Future[api.ReportResult]]] = deque()
        with ProcessPoolExecutor(
            max_workers=n,
            mp_context=_pool_context(),
            initializer=_init,
            initargs=(opts, keep_tables),
        ) as pool:
            for item in items:
                window.append((item, pool.submit(_work, item)))
                if len(window) >= n * WINDOW_PER_JOB:
                    yield _result(*window.popleft(), check_item, keep_tables)
            while window:
                yield _result(*window.popleft(), check_item, keep_tables)

    stream = pooled() if n > 1 and len(items) > 1 else serial()
    if progress:
        stream = _with_progress(stream, len(items))
    return head, stream


def _result(
    item: str,
    fut: Future[api.ReportResult],
    check_item: Callable[[api.InputLike], api.ReportResult],
    keep_tables: bool,
) -> api.ReportResult:
    try:
        return fut.result()
    except Exception:
        # A worker that died (out of memory, a crash in a C library) must not lose the batch:
        # check that one report again here, where an error becomes a finding as usual.
        return slim(check_item(item), keep_tables)


def _with_progress(stream: Iterator[api.ReportResult], total: int) -> Iterator[api.ReportResult]:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    summary = Summary()
    with Progress(
        TextColumn("gixcheck"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[status]}"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("check", total=total, status="")
        for r in stream:
            summary.add(r)
            status = (
                f"E{summary.counts['error']} W{summary.counts['warning']} "
                f"unreadable {summary.unreadable}"
            )
            bar.update(task, advance=1, status=status)
            yield r

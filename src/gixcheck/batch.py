"""Batch runs: many reports, in worker processes that may die, with a progress bar.

Results come back in input order whatever ``jobs`` is, so the output of ``--jobs 1`` and
``--jobs 8`` is byte-identical.  Each result is slimmed in the worker (the canonical report dict
is dropped unless an output format needs the tables), and at most a bounded reorder buffer of
finished results waits for a slow document, so memory stays flat however many reports a folder
holds.

A batch never loses a report: a document whose worker dies (out of memory, a crash in a C
library) or runs past ``--timeout`` (the parent's watchdog kills it, whatever the parser is
doing) becomes a GIX001 finding saying so, the worker is replaced and the batch goes on.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Generator, Sequence
from typing import Any

from gixcheck import api
from gixcheck.limits import MB, set_memory_limit
from gixcheck.messages import Text, text
from gixcheck.output.common import piece_key
from gixcheck.plugins import host
from gixcheck.pool import Lost, Pool, PoolError, cpu_count
from gixcheck.summary import Summary

# Below this many inputs a pool costs more (starting interpreters) than it saves.
POOL_THRESHOLD = 4
# Finished results that may wait for a slow document before the workers pause (and the bytes
# they may take): a slow document holds back only itself, memory stays bounded.
REORDER_RESULTS = 4096
REORDER_BYTES = 256 * MB
# Modules the forkserver imports once, so that starting (or replacing) a worker is cheap
# ("__main__": the program's script, which each worker runs again, as multiprocessing does).
PRELOAD = ("__main__", "gixcheck.api", "gixcheck.batch", "gixcheck.engine", "gixcheck.plugins")


def default_jobs(n_items: int) -> int:
    if n_items <= POOL_THRESHOLD:
        return 1
    return max(1, min(cpu_count(), n_items))


def watchdog_seconds(timeout: float) -> float | None:
    """How long the parent lets a worker hold one document before killing it.

    The worker's own timer (``--timeout``) ends a document cleanly when Python code is
    running; the parent's watchdog is for time spent inside C code, where that timer cannot
    fire, and allows a little more so the worker's own, more precise, answer comes first.
    """
    if not timeout or timeout <= 0 or timeout != timeout or timeout == float("inf"):
        return None
    return timeout + min(10.0, max(1.0, timeout * 0.1))


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


def _setup(
    opts: api.Options, keep_tables: bool, formats: tuple[str, ...] = (), lang: str = "zh"
) -> Callable[[str], api.ReportResult]:
    """Run once in each worker process: what checking one input there takes.  ``formats``:
    the run's output formats whose pieces (``OutputFormat.piece``) the worker makes."""
    set_memory_limit(opts.limits.max_memory_mb)  # a worker is ours alone to cap
    _stdout_to_stderr()
    run, check_item = api.prepare(opts)  # the header the writing process starts from too
    outputs = host(opts.plugins).outputs  # the host prepare() made: the run's plugins
    pieces = [
        (piece_key(name, lang), fmt.piece)
        for name in formats
        if (fmt := outputs.get(name)) is not None and fmt.piece is not None
    ]

    def work(item: str) -> api.ReportResult:
        result = check_item(item)
        for key, make in pieces:
            # one that raises is made by the writing process, which says what is wrong
            with contextlib.suppress(Exception):
                result.pieces[key] = make(result, run, lang)
        return slim(result, keep_tables)

    return work


def _stdout_to_stderr() -> None:
    """A worker writes nothing to standard output (its results go through its pipe): what
    plugin code prints there — ``print()``, or C code writing to descriptor 1 — goes to
    standard error, so it can never corrupt a machine format the program writes."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        sys.stdout.flush()
        os.dup2(sys.stderr.fileno(), sys.stdout.fileno())


def lost_reason(lost: Lost, timeout: float) -> Text:
    """Why a document has no result: what happened to the process checking it."""
    if lost.why == "overdue":
        return text("batch.overdue", seconds=f"{timeout:g}")
    if lost.why == "raised":
        return text("batch.raised", detail=lost.detail or "?")
    if lost.signal == "SIGKILL":
        return text("batch.died_killed", signal=lost.signal)
    if lost.signal in ("SIGSEGV", "SIGBUS", "SIGABRT", "SIGILL", "SIGFPE"):
        return text("batch.died_crashed", signal=lost.signal)
    if lost.signal is not None:
        return text("batch.died_signal", signal=lost.signal)
    return text("batch.died_exit", code=lost.exitcode)


def run(
    items: Sequence[str],
    opts: api.Options,
    jobs: int | None = None,
    progress: bool = False,
    keep_tables: bool = False,
    console: Any = None,
    pieces: tuple[str, ...] = (),
    lang: str = "zh",
) -> tuple[api.CheckResult, Generator[api.ReportResult, None, None]]:
    """The run's header and a stream of slimmed results, in input order.

    Setting the run up (rule sets, previous report, baseline) happens here, in this process,
    so a bad option is an error before any worker starts.  Many inputs (or ``jobs`` > 1) are
    checked in worker processes; ``jobs=1``, a few inputs, or standard input are checked here.

    The stream is a generator: ``stream.close()`` (or an exception, e.g. KeyboardInterrupt,
    raised while it runs) kills and reaps the workers at once.

    ``console`` is the rich Console the bar draws on (default: standard error).  Give the one a
    format prints its results through, so they are printed above the bar, never onto it.

    ``pieces``: the output formats (by name) whose per-report pieces the workers make, in
    ``lang`` (the one process that writes every report then only joins them).
    """
    head, check_item = api.prepare(opts)
    n = jobs if jobs is not None else default_jobs(len(items))
    pooled_run = (
        len(items) > 1
        and "-" not in items  # standard input can only be read here
        and (n > 1 or (jobs is None and len(items) > POOL_THRESHOLD))
    )

    def serial(todo: Sequence[str]) -> Generator[api.ReportResult, None, None]:
        for item in todo:
            yield slim(check_item(item), keep_tables)

    def pooled() -> Generator[api.ReportResult, None, None]:
        done = 0
        pool: Pool[str, api.ReportResult] = Pool(
            n,
            _setup,
            (opts, keep_tables, pieces, lang),
            deadline=watchdog_seconds(opts.limits.timeout),
            max_buffered=REORDER_RESULTS,
            max_buffered_bytes=REORDER_BYTES,
            preload=PRELOAD,
        )
        try:
            with pool:
                for out in pool.map(items):
                    if isinstance(out, Lost):
                        why = lost_reason(out, opts.limits.timeout)
                        failure = api.InputError(why.zh, why.en)
                        out = slim(check_item(items[out.index], failure=failure), keep_tables)
                    done += 1
                    yield out
        except PoolError as exc:
            # No worker starts (a broken installation, not a document): check the rest here.
            sys.stderr.write(f"gixcheck: warning: {exc}; checking in this process\n")
            yield from serial(items[done:])

    stream = pooled() if pooled_run else serial(items)
    if head.batch_pass:  # rules comparing the run's reports (XYR008), in input order, here
        stream = head.batch_pass.stream(stream)
    if progress:
        stream = _with_progress(stream, len(items), console)
    return head, stream


def _with_progress(
    stream: Generator[api.ReportResult, None, None], total: int, console: Any = None
) -> Generator[api.ReportResult, None, None]:
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
        console=console if console is not None else Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("check", total=total, status="")
        try:
            for r in stream:
                summary.add(r)
                status = (
                    f"E{summary.counts['error']} W{summary.counts['warning']} "
                    f"unreadable {summary.unreadable}"
                )
                bar.update(task, advance=1, status=status)
                yield r
        finally:
            stream.close()  # stops the workers now, not when the stream is collected

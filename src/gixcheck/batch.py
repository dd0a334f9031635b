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
from dataclasses import dataclass, field
from typing import Any

from gixcheck import api
from gixcheck.limits import MB, Limits, set_memory_limit

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


@dataclass
class Summary:
    reports: int = 0
    unreadable: int = 0
    counts: dict[str, int] = field(default_factory=lambda: {"error": 0, "warning": 0, "info": 0})
    grades: dict[str, int] = field(default_factory=dict)

    def add(self, r: api.ReportResult) -> None:
        self.reports += 1
        if not r.readable:
            self.unreadable += 1
        for k, v in r.counts().items():
            self.counts[k] += v
        grade = r.grade or "-"  # an unreadable input has no grade
        self.grades[grade] = self.grades.get(grade, 0) + 1

    def exit_code(self, fail_on: str = "error") -> int:
        """1 when a finding (not baselined) is at or above ``fail_on``, as CheckResult says."""
        if fail_on == "never":
            return 0
        levels = ("error", "warning", "info")
        wanted = levels[: levels.index(fail_on) + 1]
        return 1 if any(self.counts[s] for s in wanted) else 0

    def line(self, lang: str = "zh") -> str:
        from gixcheck.output.common import counted, counts_text, word

        grades = " ".join(f"{g}:{n}" for g, n in sorted(self.grades.items()))
        return word(
            "summary_line",
            lang,
            reports=counted("report", self.reports, lang),
            unreadable=self.unreadable,
            counts=counts_text(self.counts, lang),
            grades=grades,
        )


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


# ----------------------------------------------------------------------------- from settings


def split_codes(values: Sequence[str] | None) -> list[str]:
    out: list[str] = []
    for v in values or []:
        out.extend(x.strip().upper() for x in v.split(",") if x.strip())
    return out


def options(settings: Any, h: Any) -> api.Options:
    """Settings (configuration merged with the command line) → run options.

    Raises :class:`api.UsageError` with the one line to show for anything unusable.
    """
    from gixcheck import engine
    from gixcheck.model import Severity

    rulesets = api.resolve_rulesets(h, settings.rules)
    known = {code for rs in rulesets for code in rs.rules}
    for key, codes in (
        ("select", settings.select or []),
        ("ignore", settings.ignore),
        ("extend-select", settings.extend_select),
        ("severity", list(settings.severity)),
    ):
        for c in codes:
            if not any(k.startswith(c) for k in known):
                raise api.UsageError(f"{_origin(settings, key)}: unknown rule code or prefix {c!r}")
    sel = engine.Selection(
        select=list(settings.select) if settings.select else None,
        ignore=list(settings.ignore),
        extend_select=list(settings.extend_select),
        severity={k: Severity(v) for k, v in settings.severity.items()},
    )
    base = None
    if settings.baseline:
        from gixcheck.baseline import BaselineError, load

        try:
            base = load(settings.baseline)
        except BaselineError as exc:
            raise api.UsageError(str(exc)) from None
    prev = settings.previous
    opts = api.Options(
        rules=list(settings.rules),
        previous=prev if isinstance(prev, str) else None,
        previous_map=dict(prev) if isinstance(prev, dict) else {},
        published=settings.published,
        selection=sel,
        lang=settings.lang,
        plugins=tuple(settings.plugins),
        baseline=base,
        limits=Limits(
            max_bytes=int(settings.max_size * MB),
            max_pages=int(settings.max_pages),
            timeout=float(settings.timeout),
            max_memory_mb=int(settings.max_memory),
        ),
    )
    return opts


def _origin(settings: Any, key: str) -> str:
    src = settings.source(key)
    return f"--{key}" if src in ("default", "command line") else f"{key} (in {src})"


def pair_formats(
    formats: Sequence[str], outputs: Sequence[str], raw_args: Sequence[str] | None
) -> list[tuple[str, str | None]]:
    """Pair each ``--format`` with the ``-o`` that follows it (before the next ``--format``).

    ``raw_args`` is the command line as typed; without it, formats and outputs pair by position.
    An ``-o`` given before any ``--format`` belongs to the first format.
    """
    events: list[str] = []
    for tok in raw_args or []:
        if tok == "--":
            break
        if tok == "--format" or tok.startswith("--format="):
            events.append("F")
        elif (
            tok in ("-o", "--output")
            or tok.startswith("--output=")
            or (tok.startswith("-o") and not tok.startswith("--"))
        ):
            events.append("O")
    if events.count("F") != len(formats) or events.count("O") != len(outputs):
        events = []
        for i in range(max(len(formats), len(outputs))):
            events += (["F"] if i < len(formats) else []) + (["O"] if i < len(outputs) else [])
    pairs: list[list[Any]] = []
    pending: list[str] = []
    fi = oi = 0
    for e in events:
        if e == "F":
            pairs.append([formats[fi], pending.pop(0) if pending else None])
            fi += 1
        else:
            out = outputs[oi]
            oi += 1
            if pairs and pairs[-1][1] is None:
                pairs[-1][1] = out
            elif not pairs:
                pending.append(out)
            else:
                raise api.UsageError(f"-o {out}: two outputs for --format {pairs[-1][0]}")
    if pending:
        raise api.UsageError(f"-o {pending[-1]}: give each output its own --format")
    return [(f, o) for f, o in pairs]

"""One run of gixcheck, for both front doors.

A :class:`Session` takes a validated :class:`gixcheck.config.Config` and the paths (or bytes, or
report dicts) to check.  Building it checks everything that can be checked before a report is
read — the plugins, the rule sets, every rule code named, the formats, the baseline, last year's
reports, the inputs and that no output would overwrite one — and raises :class:`UsageError`
(the one line to show) for the first problem.  :meth:`Session.run` then checks the reports and
feeds every output as they come; :meth:`Session.collect` is the Python API's run, keeping every
result.  The CLI only maps its options to a configuration and prints what the session says.
"""

from __future__ import annotations

import contextlib
import os
import stat
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from gixcheck import api, guard, inputs
from gixcheck.api import CheckResult, InputLike, ReportResult, UsageError
from gixcheck.config import Config
from gixcheck.destinations import Destination, OutputError
from gixcheck.messages import text
from gixcheck.pairing import Pairing, body_key
from gixcheck.selection import ALL, Selection
from gixcheck.summary import Summary

Say = Callable[[str], None]


class Interrupted(KeyboardInterrupt):
    """The run was stopped (Ctrl-C, SIGTERM) before every input was checked.

    Still a KeyboardInterrupt for code that catches one; ``done``/``total``/``first`` say
    which inputs were not checked, ``discarded`` which output files were not written.
    """

    def __init__(
        self, done: int, total: int, first: str, discarded: list[str], cause: BaseException
    ) -> None:
        super().__init__("interrupted")
        self.done = done
        self.total = total
        self.first = first
        self.discarded = discarded
        self.cause = cause

    def message(self, lang: str) -> str:
        line = text(
            "session.interrupted", left=self.total - self.done, total=self.total, first=self.first
        )(lang)
        if self.discarded:
            files = text("session.outputs_kept", files=", ".join(self.discarded))(lang)
            line = f"{line}; {files}"
        return line


@dataclass
class Output:
    """One ``--format`` and where it goes."""

    format: str
    path: str | None  # None: standard output
    destination: Destination | None = None
    sink: Any = None
    fmt: Any = None
    failed: str | None = None  # why this output was not written (its format raised)


@dataclass
class Outcome:
    result: CheckResult
    summary: Summary
    outputs: list[Output] = field(default_factory=list)

    def exit_code(self, fail_on: str) -> int:
        if self.summary.unreadable and self.summary.unreadable == self.summary.reports:
            return 2
        if any(o.failed for o in self.outputs):
            return 2  # an output asked for was not written
        return self.summary.exit_code(fail_on)


class Session:
    def __init__(
        self,
        config: Config,
        paths: Sequence[InputLike],
        *,
        writes: Sequence[tuple[str, str]] = (),
        say: Say | None = None,
        progress: bool = False,
    ) -> None:
        from gixcheck.plugins import host

        self.config = config
        self.say: Say = say or (lambda line: warnings.warn(line, RuntimeWarning, stacklevel=3))
        self.host = host(tuple(config.plugins))
        for f in self.host.failures:
            self.say(f"warning: {f.line()}")
        self.rulesets = api.resolve_rulesets(self.host, list(config.rules))
        self.ruleset = api.merged_rules(self.rulesets)
        self._check_codes()
        api.plugin_settings(self.host, config.plugin_options)  # checked before any report
        for fmt, _ in config.outputs:
            if fmt not in self.host.outputs:
                known = ", ".join(sorted(self.host.outputs))
                raise UsageError(f"unknown format {fmt!r} (available: {known})")
        self.baseline = self._baseline()
        files = [p for p in paths if isinstance(p, (str, os.PathLike))]
        self.data_items = [p for p in paths if not isinstance(p, (str, os.PathLike))]
        out_paths = [o for _, o in config.outputs if o not in (None, "-")]
        written = [*out_paths, *(p for _, p in writes)]
        own = list(written)
        if isinstance(config.baseline, str):
            own.append(config.baseline)
        if config.file:
            own.append(config.file)
        try:
            self.scan = inputs.scan(
                [os.fspath(p) for p in files],
                config.excludes,
                own,
                written,
                streams=inputs.redirected_streams(),
            )
            inputs.guard_outputs(
                [*(("-o", o) for o in out_paths), *writes], self.scan, config.excludes
            )
        except inputs.InputsError as exc:
            raise UsageError(str(exc)) from None
        self._previous_items: list[str] = []
        if isinstance(config.previous, str):
            self._previous_items = [config.previous]
        elif isinstance(config.previous, dict) and "tables" not in config.previous:
            self._previous_items = list(config.previous.values())
        for p in self._previous_items:
            r = inputs.real(p)
            if any(r == inputs.real(o) for o in own):
                raise UsageError(f"--previous {p}: is an output of this run")
        self.items: list[InputLike] = [*self.scan.items, *self.data_items]
        if not self.items:
            shown = ", ".join(os.fspath(p) for p in files) or "(no paths)"
            raise UsageError(f"no report files found in {shown}")
        self.progress = progress
        self.pairing = self._pairing()
        self.plan = api.Options(
            rules=list(config.rules),
            published=config.published,
            selection=config.selection,
            lang=config.lang,
            plugins=tuple(config.plugins),
            limits=config.limits,
            previous=self.pairing,
            baseline=self.baseline,
            plugin_options=config.plugin_options,
            caps=config.caps,
        )
        for p in self.scan.own_skipped:
            self.say(text("session.own_file", file=p)(config.lang))
        for p in self.scan.streams_skipped:
            self.say(text("session.stream_file", file=p)(config.lang))
        for p, kind in self.scan.earlier_outputs:
            self.say(text("session.earlier_output", file=p, kind=kind)(config.lang))
        for p in self.scan.folder_links:
            self.say(text("session.folder_link", folder=p)(config.lang))

    # -- validation
    def _check_codes(self) -> None:
        known = {code for rs in self.rulesets for code in rs.rules} | set(self.ruleset.rules)
        for origin, key, code in self.config.named_codes:
            where = f"{origin}: key {key!r}" if origin else f"--{key}"
            if code == ALL:
                if key == "severity":
                    raise UsageError(f"{where}: ALL is not a rule code; name codes or prefixes")
                continue
            if not any(k.startswith(code) for k in known):
                raise UsageError(f"{where}: unknown rule code or prefix {code!r}")
            if key in ("ignore", "per-file-ignores") and code.startswith("GIX"):
                raise UsageError(
                    f"{where}: {code} cannot be ignored: gixcheck always reports its own"
                    " findings (unreadable input, schema violations, crashed rules, stale"
                    " baseline entries)"
                )

    def _baseline(self) -> Any:
        spec = self.config.baseline
        if spec is None or not isinstance(spec, str):
            return spec
        from gixcheck.baseline import BaselineError, load

        try:
            return load(spec)
        except BaselineError as exc:
            raise UsageError(str(exc)) from None

    def _pairing(self) -> Pairing | None:
        prev = self.config.previous
        if prev is None:
            return None
        if isinstance(prev, dict) and "tables" not in prev:
            for p in prev.values():
                self._regular_or_folder(p, folder=False)
            return Pairing(by_path={os.path.abspath(k): v for k, v in prev.items()})
        if isinstance(prev, str) and self._regular_or_folder(prev, folder=True):
            return self._folder_pairing(prev)
        self._readable_previous(prev)
        return Pairing(single=prev)

    @staticmethod
    def _regular_or_folder(path: str, folder: bool) -> bool:
        """True for a folder (when one is allowed); a regular file passes; else UsageError."""
        try:
            st = os.stat(path)
        except FileNotFoundError:
            raise UsageError(f"--previous {path}: no such file or folder") from None
        except OSError as exc:
            raise UsageError(f"--previous {path}: {exc.strerror}") from None
        if stat.S_ISDIR(st.st_mode) and folder:
            return True
        if not stat.S_ISREG(st.st_mode):
            raise UsageError(
                f"--previous {path}: not a regular file"
                + (" or folder" if folder else "")
                + " (a device or a pipe is never read)"
            )
        return False

    def _readable_previous(self, item: Any) -> None:
        try:
            api._to_report(item, self.host, self.config.limits.max_bytes)
        except api.InputError as exc:
            shown = item if isinstance(item, str) else "<data>"
            raise UsageError(f"--previous {shown}: {exc.en}") from None

    def _folder_pairing(self, folder: str) -> Pairing:
        """Last year's reports of a folder, indexed by body and year from their metadata."""
        from gixcheck import batch

        own = [o for _, o in self.config.outputs if o not in (None, "-")]
        found = inputs.scan([folder], self.config.excludes, own)
        plan = api.Options(
            rules=list(self.config.rules),
            selection=Selection(select=[]),  # only the metadata is wanted
            plugins=tuple(self.config.plugins),
            limits=self.config.limits,
            plugin_options=self.config.plugin_options,
        )
        _, stream = batch.run(found.items, plan, jobs=self.config.jobs)
        index: dict[tuple[str, int], list[str]] = {}
        unreadable = []
        for r in stream:
            meta = r.meta
            body, year = body_key(meta.get("body") or ""), meta.get("year")
            if not r.readable or not body or not isinstance(year, int):
                unreadable.append(os.path.basename(r.source))
                continue
            index.setdefault((body, year), []).append(r.source)
        if unreadable:
            self.say(
                "warning: "
                + text(
                    "session.previous_folder_unreadable",
                    n=len(unreadable),
                    folder=folder,
                    files=", ".join(unreadable),
                )(self.config.lang)
            )
        return Pairing(index={k: tuple(v) for k, v in index.items()}, folder=folder)

    # -- running
    def outputs(self) -> list[Output]:
        return [Output(f, o if o not in (None, "-") else None) for f, o in self.config.outputs]

    def run(
        self,
        outputs: Sequence[Output] = (),
        *,
        on_result: Callable[[ReportResult], None] | None = None,
        hold: bool = False,
    ) -> Outcome:
        """Check every input, writing each output as the reports come.

        Outputs are complete or absent: files are written beside their target and put in
        place only when the run succeeded; on an error or an interruption nothing is renamed
        and :class:`Interrupted` says which inputs were not checked.
        """
        from gixcheck import batch

        outs = list(outputs)
        for o in outs:
            o.fmt = self.host.outputs[o.format]
        keep_tables = any("tables" in o.fmt.needs for o in outs)
        raw_to_stdout = any(o.path is None and "terminal" not in o.fmt.needs for o in outs)
        jobs = self.config.jobs if not self.data_items else 1
        # A format for the terminal and the progress bar share one console: the bar is
        # cleared and redrawn below whatever the format prints, never written over.
        terminal = any(o.path is None and "terminal" in o.fmt.needs for o in outs)
        console = _console() if terminal else None
        head, stream = batch.run(
            self.items,  # type: ignore[arg-type]
            self.plan,
            jobs=jobs,
            progress=self.progress and not raw_to_stdout,
            keep_tables=keep_tables,
            console=console,
            pieces=tuple(o.format for o in outs if o.fmt.sink is not None and o.fmt.piece),
            lang=self.config.lang,
        )
        head.fail_on = self.config.fail_on
        summary = Summary()
        summary.folder_links = len(self.scan.folder_links)
        done = 0
        try:
            for o in outs:
                self._open(o, head, console)
            hold = hold or any(o.sink is None and not o.failed for o in outs)
            for r in stream:
                done += 1
                summary.add(r)
                if on_result is not None:
                    on_result(r)
                for o in outs:
                    if o.sink is not None and not o.failed:
                        self._feed(o, lambda o=o, r=r: o.sink.add(r))  # type: ignore[misc]
                if r.pieces:  # written: a held result need not carry its text as well
                    r.pieces = {}
                if hold:
                    head.reports.append(r)
            self.host.finish_run(head)
            lang = self.config.lang
            for o in outs:
                if o.failed:
                    continue
                if o.sink is not None:
                    self._feed(o, o.sink.close)
                else:
                    self._feed(o, lambda o=o: o.fmt.render(head, lang))  # type: ignore[misc]
            for o in outs:
                assert o.destination is not None
                if not o.failed:
                    o.destination.commit()
        except KeyboardInterrupt as exc:
            discarded = self._discard(outs)
            _close(stream)
            first = _name(self.items[done]) if done < len(self.items) else ""
            raise Interrupted(done, len(self.items), first, discarded, exc) from None
        except OSError as exc:
            self._discard(outs)
            _close(stream)
            if isinstance(exc, BrokenPipeError):
                raise
            raise UsageError(f"cannot write output: {exc.strerror}") from None
        except OutputError as exc:
            self._discard(outs)
            _close(stream)
            raise UsageError(str(exc)) from None
        except BaseException:
            self._discard(outs)
            _close(stream)
            raise
        return Outcome(head, summary, outs)

    def _open(self, o: Output, head: CheckResult, console: Any = None) -> None:
        terminal = "terminal" in o.fmt.needs
        o.destination = Destination(o.path, terminal=terminal)
        o.destination.open()
        if o.fmt.sink is None:
            return
        lang = self.config.lang
        if terminal and o.path is None:
            make = lambda: o.fmt.sink(head, lang, console=console or _console())  # noqa: E731
        else:
            make = lambda: o.fmt.sink(head, lang)  # noqa: E731
        self._feed(o, lambda: _started(o, make()))

    def _feed(self, o: Output, produce: Callable[[], Any]) -> bool:
        """Write what the format's code ``produce`` returns to ``o``.  A format that raises
        (anything but an interrupt or an OSError) loses only its own output: it is discarded,
        one line says so, and the other outputs go on.  Writing failing (an OSError) is the
        run's error, as before.  False when the output failed."""
        from gixcheck.output.common import chunks

        assert o.destination is not None
        handle = o.destination.handle
        try:
            produced = produce()
            pieces = iter(chunks(produced)) if produced is not None else iter(())
        except guard.PASS_THROUGH_WRITING:
            raise
        except BaseException as exc:
            self._format_failed(o, exc)
            return False
        while True:
            try:
                piece = next(pieces)
            except StopIteration:
                return True
            except guard.PASS_THROUGH_WRITING:
                raise
            except BaseException as exc:
                self._format_failed(o, exc)
                return False
            handle.write(piece)

    def _format_failed(self, o: Output, exc: BaseException) -> None:
        assert o.destination is not None
        o.destination.discard()
        where = o.path if o.path is not None else text("session.stdout")(self.config.lang)
        o.failed = guard.described(exc)
        plugin = self.host.output_origin.get(o.format, "?")
        self.say(
            "error: "
            + text(
                "session.format_failed",
                format=o.format,
                plugin=plugin,
                error=o.failed,
                output=where,
            )(self.config.lang)
        )

    @staticmethod
    def _discard(outs: Sequence[Output]) -> list[str]:
        discarded = []
        for o in outs:
            if o.destination is not None:
                o.destination.discard()
                if o.path is not None:
                    discarded.append(o.path)
        return discarded

    def collect(self) -> CheckResult:
        """The Python API's run: every result kept, nothing written."""
        return self.run(hold=True).result


def _started(o: Output, sink: Any) -> Any:
    o.sink = sink
    with contextlib.suppress(AttributeError):  # a plugin's own sink class may not take it
        sink.format = o.format
    return sink.start()


def _console() -> Any:
    """A rich console for standard output whose closed pipe ends the run as any other write
    does (rich's own reaction is to exit with 1 on the spot)."""
    import errno

    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError(errno.EPIPE, "Broken pipe")

    return _Console(highlight=False, soft_wrap=True)


def _name(item: InputLike) -> str:
    return api._name_of(item)


def _close(stream: Iterator[Any]) -> None:
    close = getattr(stream, "close", None)
    if close is not None:
        # the run is failing already: its own error is the one to report
        with contextlib.suppress(Exception):
            close()

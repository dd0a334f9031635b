"""check() and extract(): the orchestration the CLI and the Python API share."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from gixcheck import caps, engine, guard, limits, schema
from gixcheck._version import __version__
from gixcheck.caps import Caps
from gixcheck.extract.document import ExtractionError
from gixcheck.inputs import SUPPORTED_SUFFIXES as SUPPORTED_SUFFIXES
from gixcheck.kinds.base import Context, Violation
from gixcheck.limits import Limits
from gixcheck.messages import Text, text
from gixcheck.model import Finding, NotAssessable, Report, Severity, canonical_json
from gixcheck.pairing import Pairing, refusal
from gixcheck.plugin.kind import ReportReader, UnreadableReport, active
from gixcheck.plugins import Host, PluginError, host
from gixcheck.rulesets import RuleSet

InputLike = str | os.PathLike[str] | bytes | dict[str, Any]
DEFAULT_MAX_BYTES = limits.DEFAULT.max_bytes


class InputError(Exception):
    """An input cannot be read as a report (becomes GIX001, or exit 2 when nothing is readable)."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en

    @classmethod
    def of(cls, message: Text) -> InputError:
        return cls(message.zh, message.en)


class UsageError(Exception):
    """The run cannot be done as asked (exit code 2): the message is the one line to show."""


@dataclass
class ReportResult:
    source: str
    sha256: str
    report: dict[str, Any] | None
    findings: list[Finding]
    not_assessable: list[NotAssessable]
    checks_run: int
    score: int | None
    grade: str | None
    readable: bool = True
    # fingerprints for the run's batch rules, consumed by engine.BatchPass (never output)
    batch: dict[str, Any] = field(default_factory=dict, repr=False)
    identity: str = ""  # what the findings' fingerprints were built from (baselines match it)
    previous: str | None = None  # last year's report it was compared with
    previous_missing: Text | None = None  # why it was compared with none, when one was sought
    # findings over the run's caps (gixcheck.caps): counted and baselined, never output
    omitted_findings: list[Finding] = field(default_factory=list, repr=False)
    # output formats' pieces of this report made by the worker that checked it, by
    # "format:lang" (OutputFormat.piece); emptied when the report changes after it
    pieces: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def meta(self) -> dict[str, Any]:
        r = Report(self.report or {})
        return {
            "title": r.title or None,
            "body": r.body or None,
            "year": r.year,
            "layout": r.layout if self.report else None,
        }

    def counts(self) -> dict[str, int]:
        """Findings by severity (those a baseline accepts not counted), the omitted included."""
        c = {"error": 0, "warning": 0, "info": 0}
        for f in (*self.findings, *self.omitted_findings):
            if not f.baselined:
                c[f.severity.value] += 1
        return c

    @property
    def omitted(self) -> dict[str, Any] | None:
        """How many findings the caps left out, by rule and severity; None when none were."""
        return caps.summary(self.omitted_findings) if self.omitted_findings else None

    def to_dict(self, lang: str = "zh", *, convert: bool = True) -> dict[str, Any]:
        """``convert``: as :meth:`Finding.to_dict <gixcheck.model.Finding.to_dict>` takes it."""
        return {
            "source": self.source,
            "sha256": self.sha256,
            "report": self.meta,
            "score": self.score,
            "grade": self.grade,
            "summary": {
                **self.counts(),
                "checks_run": self.checks_run,
                "not_assessable": len(self.not_assessable),
            },
            "findings": [f.to_dict(lang, convert=convert) for f in self.findings],
            **({"omitted": self.omitted} if self.omitted_findings else {}),
            "not_assessable": [n.to_dict(lang) for n in self.not_assessable],
        }


@dataclass
class CheckResult:
    rulesets: list[tuple[str, str]]
    reports: list[ReportResult]
    rules: list[Any] = field(default_factory=list)  # the Rule objects of the run, for SARIF/explain
    extra: dict[str, Any] = field(default_factory=dict)
    # the run-level step of batch rules (XYR008), applied where results are written
    batch_pass: Any = field(default=None, repr=False, compare=False)
    fail_on: str = "error"  # the run's --fail-on: what exit_code() judges by default

    def all_findings(self) -> Iterator[tuple[ReportResult, Finding]]:
        for r in self.reports:
            for f in r.findings:
                yield r, f

    def exit_code(self, fail_on: str | None = None) -> int:
        """What the command line would exit with for these reports (0, 1, or 2 when no input
        could be read)."""
        fail_on = fail_on or self.fail_on
        if self.reports and not any(r.readable for r in self.reports):
            return 2
        if fail_on == "never":
            return 0
        floor = Severity(fail_on).rank
        failing = any(f.severity.rank >= floor for _, f in self.all_findings() if not f.baselined)
        return 1 if failing else 0

    def to_dict(self, lang: str = "zh", reports: bool = True) -> dict[str, Any]:
        """The JSON document; ``reports=False`` leaves the report list empty (a frame)."""
        out: dict[str, Any] = {
            "schema_version": 1,
            "tool": {"name": "gixcheck", "version": __version__},
            "rulesets": [{"name": n, "version": v} for n, v in self.rulesets],
            "reports": [r.to_dict(lang) for r in self.reports] if reports else [],
        }
        if self.extra:
            out["extra"] = self.extra
        return out

    def to_json(self, lang: str = "zh") -> str:
        return canonical_json(self.to_dict(lang))


# ----------------------------------------------------------------------------- inputs


def read_bytes(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of an input (``-``: standard input), or :class:`InputError` saying why not.

    Only a regular file is opened: a FIFO or a device would block or never end.  A folder is
    an input only when a scan could not read it, and says so.
    """
    import stat
    import sys

    try:
        if path == "-":
            data = sys.stdin.buffer.read(max_bytes + 1)
        else:
            st = os.stat(path)
            if stat.S_ISDIR(st.st_mode):
                try:
                    os.listdir(path)
                    reason = "Is a directory"
                except OSError as exc:
                    reason = exc.strerror or type(exc).__name__
                raise InputError.of(text("session.unreadable_folder", reason=reason))
            if not stat.S_ISREG(st.st_mode):
                raise InputError.of(text("session.not_regular"))
            if st.st_size > max_bytes:
                raise InputError.of(text("input.too_large", size=st.st_size, limit=max_bytes))
            with open(path, "rb") as f:
                data = f.read(max_bytes + 1)
    except OSError as exc:
        raise InputError.of(text("input.cannot_read", reason=exc.strerror)) from None
    if len(data) > max_bytes:
        raise InputError.of(text("input.over_limit", limit=max_bytes))
    return data


def _looks_json(data: bytes) -> bool:
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return head in (b"{", b"[")


@functools.cache
def _json_decoder() -> Any:
    """msgspec's untyped JSON decoder giving decimals as :class:`Decimal`, or None without
    msgspec."""
    try:
        import msgspec
    except ImportError:  # pragma: no cover - msgspec is a dependency; without it, slower
        return None
    return msgspec.json.Decoder(float_hook=Decimal)


def _decoded_fast(data: bytes) -> Any:
    """``data`` as JSON when msgspec reads it (what ``json.loads`` makes of it, with numbers
    with a fraction or exponent as Decimal), else ``_UNREAD``.  msgspec is never more lenient
    than ``json.loads``: what it refuses (bad UTF-8, a lone surrogate, NaN, too deep …) is
    left to ``json.loads``, which then accepts it or says why not, as it always did."""
    decoder = _json_decoder()
    if decoder is None:
        return _UNREAD
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data  # as utf-8-sig reads it
    try:
        return decoder.decode(body)
    except Exception:
        return _UNREAD


_UNREAD: Any = object()


def parse_json(data: bytes) -> dict[str, Any]:
    obj = _decoded_fast(data)
    if obj is not _UNREAD:
        if not isinstance(obj, dict) or "schema_version" not in obj or "tables" not in obj:
            raise InputError.of(text("input.json_not_report"))
        return obj
    try:
        decoded = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.end == len(data):
            # the last character's bytes stop short: a file cut off, not another encoding
            raise InputError.of(text("input.json_cut")) from None
        raise InputError.of(text("input.json_not_utf8", reason=exc.reason)) from None
    try:
        obj = json.loads(decoded, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise InputError.of(
            text("input.json_invalid", line=exc.lineno, column=exc.colno, reason=exc.msg)
        ) from None
    except RecursionError:
        raise InputError.of(text("input.json_too_deep")) from None
    if not isinstance(obj, dict) or "schema_version" not in obj or "tables" not in obj:
        raise InputError.of(text("input.json_not_report"))
    return obj


def load_report(data: bytes, name: str, h: Host) -> dict[str, Any]:
    """Bytes of any supported format → the canonical report dict (raises InputError)."""
    if not data.strip():
        raise InputError.of(text("input.empty"))
    head = data[:8192]
    chosen = _sniffed(h, head)
    # Content decides; the .json name only counts when no binary or markup format claims the
    # bytes (a PDF saved as x.json is still a PDF).
    named_json = name.lower().endswith(".json") and (chosen is None or chosen.name == "text")
    if _looks_json(data) or named_json:
        return parse_json(data)
    sha = hashlib.sha256(data).hexdigest()
    if chosen is None:
        chosen = next((e for e in h.extractors if name.lower().endswith(e.suffixes)), None)
    if chosen is None:
        raise InputError.of(text("input.unsupported"))
    from gixcheck.extract.build import build_report

    try:
        with guard.plugin_code():
            doc = chosen.extract(data, name)
        return build_report(doc, name=os.path.basename(name), sha256=sha)
    except (KeyboardInterrupt, limits.DocumentTimeout, MemoryError):
        raise  # the run's: an interrupt, the time limit, the memory limit (said as such)
    except ExtractionError as exc:
        if _caused_by(exc, MemoryError):
            # An extractor's catch-all turned running out of memory into "damaged file";
            # the caller reports it as the memory limit it is.
            raise MemoryError from None
        raise InputError(exc.message_zh, exc.message_en) from None
    except RecursionError:
        raise InputError.of(text("input.too_deep")) from None
    except BaseException as exc:  # an extractor bug (even SystemExit) must not end the batch
        raise InputError.of(
            text(
                "input.extractor_failed",
                extractor=chosen.name,
                plugin=h.extractor_origin.get(chosen.name, "?"),
                error=guard.described(exc),
            )
        ) from None


def _sniffed(h: Host, head: bytes) -> Any:
    """The first extractor whose ``sniff`` claims ``head``; a sniff that raises is that
    extractor's failure (GIX001 naming it), never the run's."""
    for e in h.extractors:
        if e.sniff is None:
            continue
        try:
            with guard.plugin_code():
                claimed = e.sniff(head)
        except guard.PASS_THROUGH:
            raise
        except BaseException as exc:
            error = guard.described(exc)
            raise InputError.of(
                text(
                    "input.extractor_failed",
                    extractor=e.name,
                    plugin=h.extractor_origin.get(e.name, "?"),
                    error=error,
                )
            ) from None
        if claimed:
            return e
    return None


def _caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        if isinstance(cur, kind):
            return True
        seen.add(id(cur))
        cur = cur.__cause__ or cur.__context__
    return False


def _to_report(
    item: InputLike, h: Host, max_bytes: int
) -> tuple[str, bytes | None, dict[str, Any]]:
    if isinstance(item, dict):
        return "<dict>", None, item
    if isinstance(item, bytes):
        return "<bytes>", item, load_report(item, "<bytes>", h)
    name = os.fspath(item)
    data = read_bytes(name, max_bytes)
    return name, data, load_report(data, name, h)


# ----------------------------------------------------------------------------- check


@dataclass
class Options:
    """What a checking process needs, compiled by the session from the run's
    :class:`gixcheck.config.Config` (never from user input directly: the configuration
    validates).  Picklable: batch workers get it once."""

    rules: Sequence[str] = ("national",)
    published: str | None = None
    selection: engine.Selection = field(default_factory=engine.Selection)
    lang: str = "zh"
    plugins: tuple[str, ...] = ()
    limits: Limits = field(default_factory=Limits)
    previous: Pairing | None = None  # how each report finds last year's
    baseline: Any = None  # a gixcheck.baseline.Baseline: recorded findings do not fail the run
    # pack name → key → gixcheck.config.PluginSetting: parsed against each pack's schema where
    # the plugins are loaded (a worker process too), so the plan stays plain data
    plugin_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    caps: Caps = field(default_factory=Caps)  # evidence and findings kept per report


def resolve_rulesets(h: Host, names: Sequence[str]) -> list[RuleSet]:
    try:
        return [h.ruleset(n) for n in names]
    except PluginError as exc:
        raise UsageError(str(exc)) from None


def merged_rules(rulesets: list[RuleSet]) -> RuleSet:
    """Several --rules: one set whose rules are the union (a code defined twice is an error)."""
    from gixcheck.rulesets import RuleSetError, combine

    try:
        return combine(rulesets)
    except RuleSetError as exc:
        raise UsageError(str(exc)) from None


def identity_of(report: Report, data: bytes | None, raw: dict[str, Any]) -> str:
    """What a report's fingerprints are built from: its body and year when its metadata gives
    both (so a PDF and its canonical JSON are the same report), else the file itself — two
    reports that name no body or year must never share fingerprints."""
    if report.body and report.year is not None:
        return report.identity
    digest = hashlib.sha256(data if data is not None else canonical_json(raw).encode("utf-8"))
    return f"sha256:{digest.hexdigest()}"


def check_one(
    name: str,
    data: bytes | None,
    report: dict[str, Any] | None,
    error: InputError | None,
    ruleset: RuleSet,
    h: Host,
    ctx: Context,
    sel: engine.Selection,
    steps: engine.Plan | None = None,
) -> ReportResult:
    """``steps``: :func:`engine.plan` of ``ruleset``, the host's kinds and ``sel``, when the
    caller made it once for many reports."""
    sha = hashlib.sha256(data).hexdigest() if data is not None else ""
    if report is None:
        rule = engine.engine_rule(ruleset, "GIX001")
        err = error or InputError.of(text("input.unreadable"))
        v = Violation(
            pointer="",
            label=os.path.basename(name),
            vars={
                "file": name,
                "reason_zh": err.zh,
                "reason_en": err.en,
                "detail_zh": err.zh,
                "detail_en": err.en,
            },
            evidence={"file": name, "reason": err.en},
            key=err.en,
        )
        # Each unreadable input is its own: by its bytes when they were read, else by its name.
        identity = f"file:{sha}" if sha else f"path:{name}"
        f = engine.finding(rule, identity, v, sel)
        # An unreadable input has no score or grade: it was not assessed, not graded badly.
        return ReportResult(name, sha, None, [f], [], 0, None, None, False, identity=identity)
    rep = Report(report)
    identity = identity_of(rep, data, report)
    # JSON bytes are validated as they are (much faster); other formats' reports as dicts.
    errors = schema.violations(report, data if data is not None and _looks_json(data) else None)
    findings = engine.schema_findings(report, ruleset, identity, sel, errors)
    if not errors:
        with active(ctx):  # plugin_api.read_report (API 1.0) reads with this run's reader
            run = engine.run(
                rep, ruleset, h.kinds, h.kind_origin, ctx, sel, identity=identity, steps=steps
            )
    else:
        # Rules read the report by its schema; on a report that breaks it they would only
        # guess (or crash), so they are reported as not assessable, never as passed.
        why = text("input.schema_not_run")
        run = engine.RuleRun(
            [],
            [
                NotAssessable(r.code, why.zh, why.en)
                for r in ruleset.active()
                if r.kind != "engine" and sel.wants(r.code)
            ],
            0,
        )
    findings.extend(run.findings)
    findings.sort(key=Finding.sort_key)
    score = score_of(findings, ruleset)
    return ReportResult(
        name,
        sha,
        report,
        findings,
        run.not_assessable,
        run.checks_run + 1,
        score,
        ruleset.grade.grade(score),
        batch=run.batch,
        identity=identity,
    )


def score_of(findings: list[Finding], ruleset: RuleSet) -> int:
    """100 − weights × findings, each distinct rule-and-location counted once (national-rules.md):
    three SEC005 topics missing from the same report cost one error; TAB003 is one finding per
    table (the blank cells listed in it), so a table's blank cells cost one warning, and TAB004 on a
    row whose cells ran together is one finding for the row."""
    seen: set[tuple[str, str]] = set()
    counts = {"error": 0, "warning": 0, "info": 0}
    extra = 0.0
    for f in findings:
        # GIX003 is the tool's or the rule set's own failure, never the report's.
        if f.baselined or f.rule == "GIX003":
            continue
        k = (f.rule, f.location.pointer)
        if k in seen:
            continue
        seen.add(k)
        rule = ruleset.rules.get(f.rule)
        if rule is not None and rule.weight is not None:  # a rule set's per-rule weight wins
            extra += rule.weight
        else:
            counts[f.severity.value] += 1
    return ruleset.grade.score(counts, extra)


def _name_of(item: InputLike) -> str:
    if isinstance(item, dict):
        return "<dict>"
    if isinstance(item, bytes):
        return "<bytes>"
    return os.fspath(item)


class CheckItem(Protocol):
    """Checks one input; with ``failure``, records that input as unreadable for that reason
    without reading it (its worker process died or ran out of time)."""

    def __call__(self, item: InputLike, failure: InputError | None = None) -> ReportResult: ...


def prepare(opts: Options) -> tuple[CheckResult, CheckItem]:
    """The run's header (rule sets) and a function checking one input: what a batch worker
    process needs, set up once per process."""
    h = host(opts.plugins)
    rulesets = resolve_rulesets(h, list(opts.rules))
    ruleset = merged_rules(rulesets)
    ctx = Context(
        lang=opts.lang,
        published=opts.published,
        reader=reader(h, opts.limits.max_bytes),
        report_suffixes=report_suffixes(h),
        settings=plugin_settings(h, opts.plugin_options),
        options={
            f"{name}.{key}": setting.value
            for name, table in opts.plugin_options.items()
            for key, setting in table.items()
        },
    )
    rules = [r for r in ruleset.active() if opts.selection.wants(r.code)]
    head = CheckResult(
        rulesets=[c for rs in rulesets for c in rs.chain[:1]], reports=[], rules=rules
    )
    head.batch_pass = engine.BatchPass(ruleset, h.kinds, h.kind_origin, opts.selection, score_of)
    previous = _PreviousReports(opts, h)
    # What the engine looks up of each rule, once per process (a per-file selection: per file)
    steps = engine.plan(ruleset, h.kinds, h.kind_origin, opts.selection)

    def check_item(item: InputLike, failure: InputError | None = None) -> ReportResult:
        with caps.applied(opts.caps):  # evidence is clipped as findings are made
            return _check_item(item, failure)

    def _check_item(item: InputLike, failure: InputError | None) -> ReportResult:
        name = _name_of(item)
        sel = opts.selection.for_path(name) if opts.selection.per_file_ignores else opts.selection
        data: bytes | None = None
        item_ctx = dataclasses.replace(ctx, path=name)
        pair: tuple[str | None, Text | None] = (None, None)
        try:
            if failure is not None:
                # Never parse it here: it crashed its worker.  Its bytes only name it.
                data = item if isinstance(item, bytes) else _bytes_if_file(name, opts.limits)
                raise failure
            with limits.applied(opts.limits):
                name, data, report = _to_report(item, h, opts.limits.max_bytes)
                if opts.previous is not None:
                    item_ctx, pair = previous.context(item_ctx, name, Report(report))
                planned = steps if sel is opts.selection else None
                res = check_one(name, data, report, None, ruleset, h, item_ctx, sel, planned)
        except limits.DocumentTimeout:
            exc = InputError.of(text("input.timeout", seconds=opts.limits.timeout))
            res = check_one(name, data, None, exc, ruleset, h, item_ctx, sel)
        except MemoryError:
            exc = InputError.of(text("input.memory"))
            res = check_one(name, data, None, exc, ruleset, h, item_ctx, sel)
        except InputError as exc:
            res = check_one(name, data, None, exc, ruleset, h, item_ctx, sel)
        res.previous, res.previous_missing = pair
        if opts.baseline is not None:
            opts.baseline.apply(res, ruleset, sel)
            if res.readable:  # an unreadable input is never graded, baselined or not
                res.score = score_of(res.findings, ruleset)
                res.grade = ruleset.grade.grade(res.score)
        # scored and baselined on every finding; only the output is capped
        res.findings, res.omitted_findings = caps.select(res.findings, opts.caps)
        return res

    return head, check_item


def plugin_settings(h: Host, options: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """Each pack's settings (``Context.settings``), checked against the schema it declares:
    ``options`` are :class:`gixcheck.config.PluginSetting` by pack and key.  A
    ``--plugin-option`` string is read as the setting's type wants (a path stays text)."""
    from gixcheck.plugin.pack import setting_value

    tables: dict[str, dict[str, Any]] = {}
    origins: dict[str, dict[str, tuple[str, Path]]] = {}
    for name, table in options.items():
        pack = h.pack(name)
        schema = pack.settings if pack is not None else None
        for key, s in table.items():
            value = setting_value(schema, key, s.value) if s.text else s.value
            tables.setdefault(name, {})[key] = value
            origins.setdefault(name, {})[key] = (s.origin, Path(s.base))
    try:
        return h.settings(tables, origins)
    except PluginError as exc:
        raise UsageError(str(exc)) from None


def reader(h: Host, max_bytes: int) -> ReportReader:
    """How a rule kind reads another report (``ctx.read_report``): as the run reads its
    inputs — the run's extractors, ``--plugin`` ones included, and its ``--max-size``."""

    def read(path: str | os.PathLike[str], /) -> Report:
        name = os.fspath(path)
        try:
            return Report(load_report(read_bytes(name, max_bytes), name, h))
        except InputError as exc:
            raise UnreadableReport(exc.zh, exc.en) from None

    return read


def report_suffixes(h: Host) -> tuple[str, ...]:
    """What a folder of reports holds for this host: JSON and every extractor's suffixes."""
    return tuple(dict.fromkeys((".json", *(s for e in h.extractors for s in e.suffixes))))


def _bytes_if_file(name: str, lim: Limits) -> bytes | None:
    if not os.path.isfile(name):  # a pipe cannot be read twice
        return None
    try:
        return read_bytes(name, lim.max_bytes)
    except InputError:
        return None


class _PreviousReports:
    """Last year's reports of a process, each read once."""

    def __init__(self, opts: Options, h: Host) -> None:
        self.opts = opts
        self.h = h
        self.read: dict[str, Report | InputError] = {}

    def load(self, item: InputLike) -> Report | InputError:
        key = item if isinstance(item, str) else f"<{id(item)}>"
        if key not in self.read:
            try:
                self.read[key] = Report(_to_report(item, self.h, self.opts.limits.max_bytes)[2])
            except InputError as exc:
                self.read[key] = exc
        return self.read[key]

    def context(
        self, ctx: Context, name: str, report: Report
    ) -> tuple[Context, tuple[str | None, Text | None]]:
        """The context checking ``report`` with its previous report, or with why it has none."""
        assert self.opts.previous is not None
        item, why = self.opts.previous.lookup(name, report)
        if item is None:
            return dataclasses.replace(ctx, previous_missing=why), (None, why)
        shown = _name_of(item)
        prev = self.load(item)
        if isinstance(prev, InputError):
            why = Text(
                text("session.previous_unreadable", file=shown, reason=prev.zh).zh,
                text("session.previous_unreadable", file=shown, reason=prev.en).en,
            )
            return dataclasses.replace(ctx, previous_missing=why), (None, why)
        why = refusal(report, prev)
        if why is not None:
            return dataclasses.replace(ctx, previous_missing=why), (None, why)
        return dataclasses.replace(ctx, previous=prev), (shown, None)


def check(
    inputs: InputLike | Sequence[InputLike],
    rules: str | Sequence[str] | None = None,
    previous: InputLike | None = None,
    published: str | None = None,
    select: str | Sequence[str] | None = None,
    ignore: str | Sequence[str] | None = None,
    extend_select: str | Sequence[str] | None = None,
    severity: dict[str, str] | None = None,
    lang: str | None = None,
    plugins: Sequence[str] | None = None,
    baseline: str | os.PathLike[str] | Any = None,
    **options: Any,
) -> CheckResult:
    """Check reports (paths, folders, bytes or report dicts) and return every result.

    The keyword arguments are the command line's options (``fail_on``, ``per_file_ignores``,
    ``jobs``, ``max_size``, ``max_pages``, ``timeout``, ``max_memory``, ``exclude``,
    ``extend_exclude``, ``plugin_options`` … and ``config`` for a configuration file), checked
    the same way: what ``gixcheck`` refuses, this raises as :class:`UsageError` with the same
    line.  No configuration file is read unless ``config`` names one.
    """
    from gixcheck import config as configuration
    from gixcheck.inputs import InputsError
    from gixcheck.session import Session

    given = {
        "rules": [rules] if isinstance(rules, str) else rules,
        "previous": previous,
        "published": published,
        "select": select,
        "ignore": ignore,
        "extend_select": extend_select,
        "severity": severity,
        "lang": lang,
        "plugins": plugins,
        "baseline": baseline,
        **options,
    }
    items = [inputs] if isinstance(inputs, (str, os.PathLike, bytes, dict)) else list(inputs)
    try:
        cfg = configuration.from_api(**given)
        session = Session(cfg, items)
        return session.collect()
    except (configuration.ConfigError, InputsError) as exc:
        raise UsageError(str(exc)) from None


def extract(
    path_or_bytes: str | os.PathLike[str] | bytes, name: str | None = None
) -> dict[str, Any]:
    """The canonical report JSON (as a dict) of an HTML, text, DOCX or PDF report."""
    h = host()
    if isinstance(path_or_bytes, bytes):
        data, label = path_or_bytes, name or "<bytes>"
    else:
        label = os.fspath(path_or_bytes)
        data = read_bytes(label)
    return load_report(data, label, h)

"""check() and extract(): the orchestration the CLI and the Python API share."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from gixcheck import engine, limits, schema
from gixcheck._version import __version__
from gixcheck.extract.document import ExtractionError
from gixcheck.kinds.base import Context, Violation
from gixcheck.limits import Limits
from gixcheck.messages import text
from gixcheck.model import Finding, NotAssessable, Report, Severity, canonical_json
from gixcheck.plugins import Host, PluginError, host
from gixcheck.rulesets import RuleSet

InputLike = str | os.PathLike[str] | bytes | dict[str, Any]
SUPPORTED_SUFFIXES = (".json", ".html", ".htm", ".shtml", ".txt", ".docx", ".pdf")
DEFAULT_MAX_BYTES = limits.DEFAULT.max_bytes


class InputError(Exception):
    """An input cannot be read as a report (becomes GIX001, or exit 2 when nothing is readable)."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en


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
        c = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            if not f.baselined:
                c[f.severity.value] += 1
        return c

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
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
            "findings": [f.to_dict(lang) for f in self.findings],
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

    def all_findings(self) -> Iterator[tuple[ReportResult, Finding]]:
        for r in self.reports:
            for f in r.findings:
                yield r, f

    def exit_code(self, fail_on: str = "error") -> int:
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


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """Files as given, folders as every supported file below them in sorted order."""
    out: list[str] = []
    for p in paths:
        path = Path(p)
        if str(p) == "-":
            out.append("-")
        elif path.is_dir():
            found = sorted(
                str(f)
                for f in path.rglob("*")
                if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES
            )
            out.extend(found)
        elif path.exists():
            out.append(str(path))
        else:
            raise UsageError(f"{p}: no such file or folder")
    return out


def read_bytes(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    import sys

    try:
        if path == "-":
            data = sys.stdin.buffer.read(max_bytes + 1)
        else:
            size = os.path.getsize(path)
            if size > max_bytes:
                raise InputError(
                    f"文件大小 {size} 字节，超过上限 {max_bytes} 字节",
                    f"file is {size} bytes, over the {max_bytes}-byte limit (--max-size)",
                )
            with open(path, "rb") as f:
                data = f.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(
            f"无法读取文件：{exc.strerror}", f"cannot read file: {exc.strerror}"
        ) from None
    if len(data) > max_bytes:
        raise InputError(
            f"输入超过上限 {max_bytes} 字节",
            f"input is over the {max_bytes}-byte limit (--max-size)",
        )
    return data


def _looks_json(data: bytes) -> bool:
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return head in (b"{", b"[")


def parse_json(data: bytes) -> dict[str, Any]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"JSON 不是 UTF-8 编码：{exc.reason}", f"JSON is not UTF-8: {exc.reason}"
        ) from None
    try:
        obj = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"JSON 格式错误（第 {exc.lineno} 行第 {exc.colno} 列）：{exc.msg}",
            f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}",
        ) from None
    except RecursionError:
        raise InputError("JSON 嵌套过深", "JSON is nested too deeply") from None
    if not isinstance(obj, dict) or "schema_version" not in obj or "tables" not in obj:
        raise InputError(
            "JSON 不是 gixcheck 年度报告（缺少 schema_version / tables；请先用 gixcheck extract 转换）",
            "JSON is not a gixcheck report (no schema_version/tables; convert with gixcheck extract)",
        )
    return obj


def load_report(data: bytes, name: str, h: Host) -> dict[str, Any]:
    """Bytes of any supported format → the canonical report dict (raises InputError)."""
    if not data.strip():
        empty = text("input.empty")
        raise InputError(empty.zh, empty.en)
    head = data[:8192]
    chosen = next((e for e in h.extractors if e.sniff is not None and e.sniff(head)), None)
    # Content decides; the .json name only counts when no binary or markup format claims the
    # bytes (a PDF saved as x.json is still a PDF).
    named_json = name.lower().endswith(".json") and (chosen is None or chosen.name == "text")
    if _looks_json(data) or named_json:
        return parse_json(data)
    sha = hashlib.sha256(data).hexdigest()
    if chosen is None:
        chosen = next((e for e in h.extractors if name.lower().endswith(e.suffixes)), None)
    if chosen is None:
        raise InputError("不支持的文件类型（二进制文件？）", "unsupported file type (binary file?)")
    from gixcheck.extract.build import build_report

    try:
        doc = chosen.extract(data, name)
        return build_report(doc, name=os.path.basename(name), sha256=sha)
    except ExtractionError as exc:
        if _caused_by(exc, MemoryError):
            # An extractor's catch-all turned running out of memory into "damaged file";
            # the caller reports it as the memory limit it is.
            raise MemoryError from None
        raise InputError(exc.message_zh, exc.message_en) from None
    except RecursionError:
        raise InputError("文档嵌套过深，无法读取", "the document is nested too deeply") from None
    except Exception as exc:  # an extractor bug must not crash the batch
        raise InputError(
            f"{chosen.name} 提取器出错：{type(exc).__name__}: {exc}",
            f"the {chosen.name} extractor failed: {type(exc).__name__}: {exc}",
        ) from None


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
    rules: Sequence[str] = ("national",)
    previous: InputLike | None = None
    published: str | None = None
    selection: engine.Selection = field(default_factory=engine.Selection)
    lang: str = "zh"
    plugins: tuple[str, ...] = ()
    limits: Limits = field(default_factory=Limits)
    # a mapping of report path → previous-year path (from configuration), beside ``previous``
    previous_map: dict[str, str] = field(default_factory=dict)
    baseline: Any = None  # a gixcheck.baseline.Baseline: recorded findings do not fail the run


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


def check_one(
    name: str,
    data: bytes | None,
    report: dict[str, Any] | None,
    error: InputError | None,
    ruleset: RuleSet,
    h: Host,
    ctx: Context,
    sel: engine.Selection,
) -> ReportResult:
    sha = hashlib.sha256(data).hexdigest() if data is not None else ""
    if report is None:
        rule = engine.engine_rule(ruleset, "GIX001")
        err = error or InputError("无法读取", "unreadable")
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
        )
        f = engine.finding(rule, f"file:{sha}", v, sel)
        findings = [f] if sel.wants("GIX001") else []
        # An unreadable input has no score or grade: it was not assessed, not graded badly.
        return ReportResult(name, sha, None, findings, [], 0, None, None, False)
    rep = Report(report)
    errors = schema.violations(report)
    findings = engine.schema_findings(report, ruleset, rep.identity, sel, errors)
    if not errors:
        run = engine.run(rep, ruleset, h.kinds, h.kind_origin, ctx, sel)
    else:
        # Rules read the report by its schema; on a report that breaks it they would only
        # guess (or crash), so they are reported as not assessable, never as passed.
        run = engine.RuleRun(
            [],
            [
                NotAssessable(
                    r.code,
                    "报告 JSON 不符合 Schema（见 GIX002），规则未运行",
                    "the report JSON does not validate against the schema (see GIX002); not run",
                )
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
    )


def score_of(findings: list[Finding], ruleset: RuleSet) -> int:
    """100 − weights × findings, each distinct rule-and-location counted once (national-rules.md):
    three SEC005 topics missing from the same report cost one error, two blank cells two."""
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
    ctx = Context(lang=opts.lang, published=opts.published)
    if opts.previous is not None:
        ctx.previous = _previous(opts.previous, h, opts.limits.max_bytes)
    previous_of = {os.path.abspath(k): v for k, v in opts.previous_map.items()}
    rules = [r for r in ruleset.active() if opts.selection.wants(r.code)]
    head = CheckResult(
        rulesets=[c for rs in rulesets for c in rs.chain[:1]], reports=[], rules=rules
    )
    head.batch_pass = engine.BatchPass(ruleset, h.kinds, h.kind_origin, opts.selection, score_of)

    def check_item(item: InputLike, failure: InputError | None = None) -> ReportResult:
        name = (
            "<dict>"
            if isinstance(item, dict)
            else "<bytes>"
            if isinstance(item, bytes)
            else os.fspath(item)
        )
        data: bytes | None = None
        item_ctx = ctx
        prev = previous_of.get(os.path.abspath(name)) if previous_of else None
        try:
            if failure is not None:
                # Never parse it here: it crashed its worker.  Its bytes only name it.
                data = item if isinstance(item, bytes) else _bytes_if_file(name, opts.limits)
                raise failure
            with limits.applied(opts.limits):
                if prev is not None:
                    prev_report = _previous(prev, h, opts.limits.max_bytes)
                    item_ctx = dataclasses.replace(ctx, previous=prev_report)
                name, data, report = _to_report(item, h, opts.limits.max_bytes)
                res = check_one(name, data, report, None, ruleset, h, item_ctx, opts.selection)
        except limits.DocumentTimeout:
            exc = InputError(
                f"读取和检查超过 {opts.limits.timeout:g} 秒的时间上限",
                f"reading and checking took longer than the {opts.limits.timeout:g}-second limit"
                " (--timeout)",
            )
            res = check_one(name, data, None, exc, ruleset, h, item_ctx, opts.selection)
        except MemoryError:
            exc = InputError(
                "读取时超出内存上限", "reading it went over the memory limit (--max-memory)"
            )
            res = check_one(name, data, None, exc, ruleset, h, item_ctx, opts.selection)
        except InputError as exc:
            res = check_one(name, data, None, exc, ruleset, h, item_ctx, opts.selection)
        if opts.baseline is not None:
            opts.baseline.apply(res, ruleset, opts.selection)
            res.score = score_of(res.findings, ruleset)
            res.grade = ruleset.grade.grade(res.score)
        return res

    return head, check_item


def _bytes_if_file(name: str, lim: Limits) -> bytes | None:
    if not os.path.isfile(name):  # a pipe cannot be read twice
        return None
    try:
        return read_bytes(name, lim.max_bytes)
    except InputError:
        return None


def _previous(item: InputLike, h: Host, max_bytes: int) -> Report:
    try:
        _, _, prev = _to_report(item, h, max_bytes)
    except InputError as exc:
        raise UsageError(
            f"--previous {item if not isinstance(item, (bytes, dict)) else '<data>'}: {exc.en}"
        ) from None
    return Report(prev)


def iter_check(
    items: Sequence[InputLike], opts: Options
) -> tuple[CheckResult, Iterator[ReportResult]]:
    """The run's header (rule sets) and a lazy stream of per-report results."""
    head, check_item = prepare(opts)
    stream: Iterator[ReportResult] = (check_item(item) for item in items)
    if head.batch_pass:
        stream = head.batch_pass.stream(stream)
    return head, stream


def check(
    inputs: InputLike | Sequence[InputLike],
    rules: str | Sequence[str] = "national",
    previous: InputLike | None = None,
    published: str | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
    extend_select: Sequence[str] = (),
    severity: dict[str, str] | None = None,
    lang: str = "zh",
    plugins: Sequence[str] = (),
    baseline: str | os.PathLike[str] | Any = None,
) -> CheckResult:
    """Check reports (paths, folders, bytes or report dicts) and return every result."""
    items: list[InputLike]
    if isinstance(inputs, (str, os.PathLike)):
        items = list(expand_paths([inputs]))
    elif isinstance(inputs, (bytes, dict)):
        items = [inputs]
    else:
        items = []
        for i in inputs:
            items.extend(expand_paths([i]) if isinstance(i, (str, os.PathLike)) else [i])
    sel = engine.Selection(
        select=list(select) if select is not None else None,
        ignore=list(ignore),
        extend_select=list(extend_select),
        severity={k: Severity(v) for k, v in (severity or {}).items()},
    )
    opts = Options(
        rules=[rules] if isinstance(rules, str) else list(rules),
        previous=previous,
        published=published,
        selection=sel,
        lang=lang,
        plugins=tuple(plugins),
        baseline=_baseline(baseline),
    )
    head, stream = iter_check(items, opts)
    head.reports = list(stream)
    host(opts.plugins).finish_run(head)
    return head


def _baseline(spec: Any) -> Any:
    """A baseline given by path is loaded here; a loaded one is used as it is."""
    if spec is None or not isinstance(spec, (str, os.PathLike)):
        return spec
    from gixcheck.baseline import BaselineError, load

    try:
        return load(spec)
    except BaselineError as exc:
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

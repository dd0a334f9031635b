"""Run a rule set on one report: selection, severity overrides, isolation, not-assessable.

Every rule runs in its own guard: a rule that raises becomes a GIX003 finding naming the rule
and its plugin, and the other rules still run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from gixcheck import guard, schema
from gixcheck.caps import bounded, clip
from gixcheck.kinds.base import BatchKind, Context, RuleKind, Violation
from gixcheck.messages import Text, text
from gixcheck.model import Finding, Location, NotAssessable, Report, Severity, fingerprint, jsonable
from gixcheck.rulesets import AppliesTo, Rule, RuleSet
from gixcheck.selection import Selection as Selection  # re-exported: rule tests build one

# The first report year judged under the 2019 Regulation (国务院令第711号); earlier years fall
# under the 2007 one.
REGIME_2019 = 2019
_POST_2019_LAYOUTS = ("2021", "2019", "mixed")

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def render(template: str, values: dict[str, Any]) -> str:
    """Fill ``{name}`` placeholders; no attribute access or format specs (rule sets are data)."""
    return _PLACEHOLDER.sub(
        lambda m: str(jsonable(values[m.group(1)])) if m.group(1) in values else m.group(0),
        template,
    )


@dataclass
class RuleRun:
    findings: list[Finding]
    not_assessable: list[NotAssessable]
    checks_run: int
    # rule code → fingerprint of this report for the run's batch rules (see BatchPass)
    batch: dict[str, Any] = field(default_factory=dict)


def finding(
    rule: Rule,
    report_identity: str,
    violation: Violation,
    selection: Selection,
    plugin: str | None = None,
) -> Finding:
    # Bounded: a long sentence quoted by thousands of findings must not fill memory (caps.py).
    values = {k: clip(v) for k, v in dict(violation.vars).items()}
    severity = violation.severity or rule.severity
    if violation.severity is None:
        severity = selection.severity_of(rule.code, severity)
    elif rule.code in selection.severity:
        severity = selection.severity[rule.code]
    return Finding(
        rule=rule.code,
        name=rule.name,
        severity=severity,
        category=rule.category,
        message_zh=render(rule.message.get("zh") or rule.message.get("en", ""), values),
        message_en=render(rule.message.get("en") or rule.message.get("zh", ""), values),
        location=Location(violation.pointer, clip(violation.label), violation.source),
        evidence=bounded(violation.evidence),
        fingerprint=fingerprint(rule.code, report_identity, violation.pointer, violation.key),
        plugin=plugin,
    )


def engine_rule(ruleset: RuleSet, code: str) -> Rule:
    rule = ruleset.rules.get(code)
    if rule is not None:
        return rule
    from gixcheck.rulesets import Rule as _Rule

    # A custom rule set that dropped GIX rules still reports engine problems.
    return _Rule(
        code=code,
        name=code.lower(),
        category="engine",
        severity=Severity.ERROR,
        kind="engine",
        summary={"en": code},
        message={"zh": "{detail_zh}", "en": "{detail_en}"},
    )


def schema_findings(
    report: dict[str, Any],
    ruleset: RuleSet,
    identity: str,
    sel: Selection,
    violations: list[tuple[str, str]] | None = None,
) -> list[Finding]:
    """GIX002 for each schema violation (``violations`` when the caller has them already)."""
    rule = engine_rule(ruleset, "GIX002")
    if not sel.wants("GIX002"):
        return []
    out = []
    found = schema.violations(report) if violations is None else violations
    for pointer, message in found:
        v = Violation(
            pointer=pointer,
            label=pointer or "/",
            vars={"pointer": pointer or "/", "detail_zh": message, "detail_en": message},
            evidence={"schema_error": message},
            key=message,
        )
        out.append(finding(rule, identity, v, sel))
    return out


def _range(a: AppliesTo) -> Text:
    if a.year_to is None:
        return text("rules.range_from", start=a.year_from)
    if a.year_from is None:
        return text("rules.range_to", end=a.year_to)
    return text("rules.range_between", start=a.year_from, end=a.year_to)


def applicability(rule: Rule, report: Report) -> NotAssessable | None:
    """Why ``rule`` does not run on ``report`` (not applicable, or its scope cannot be told),
    or ``None`` when it runs.  Checked for every rule, whatever its kind."""
    outside = _outside(rule.applies_to, report)
    return None if outside is None else _na(rule, outside[0], applicable=outside[1])


def _outside(a: AppliesTo, report: Report) -> tuple[Text, bool] | None:
    """Why a report is outside the scope ``a``, with whether the rule still applies (True: the
    report's year, body kind or level cannot be told, so it is not assessable; False: not
    applicable), or ``None`` when the report is inside it."""
    if a.year_from is not None or a.year_to is not None:
        year = report.year
        # The 2019 form did not exist before 2019: a report in it is under the 2019 Regulation.
        if (
            year is None
            and a.year_to is None
            and (a.year_from or 0) <= REGIME_2019
            and report.layout in _POST_2019_LAYOUTS
        ):
            year = REGIME_2019
        if year is None:
            return text("rules.year_unknown"), True
        if (a.year_from is not None and year < a.year_from) or (
            a.year_to is not None and year > a.year_to
        ):
            regime = text("rules.regime_2007") if year < REGIME_2019 else Text("", "")
            r = _range(a)
            why = text(
                "rules.not_applicable_year",
                range_zh=r.zh,
                range_en=r.en,
                year=year,
                regime_zh=regime.zh,
                regime_en=regime.en,
            )
            return why, False
    if a.layouts is not None and report.layout not in a.layouts:
        wanted = "/".join(a.layouts)
        why = text("rules.not_applicable_layout", wanted=wanted, layout=report.layout)
        return why, False
    if a.body_kinds is not None and report.body_kind not in a.body_kinds:
        if report.body_kind == "unknown":
            return text("rules.body_kind_unknown"), True
        wanted_kinds = [text(f"rules.kind_{k}") for k in a.body_kinds]
        this = text(f"rules.kind_{report.body_kind}")
        sep = text("rules.list_or")
        why = text(
            "rules.not_applicable_body_kind",
            wanted_zh=sep.zh.join(w.zh for w in wanted_kinds),
            wanted_en=sep.en.join(w.en for w in wanted_kinds),
            kind_zh=this.zh,
            kind_en=this.en,
        )
        return why, False
    if a.levels is not None:
        level = str(report.metadata.get("level") or "unknown")
        if level not in a.levels:
            if level == "unknown":
                return text("rules.level_unknown"), True
            why = text("rules.not_applicable_level", wanted="/".join(a.levels), level=level)
            return why, False
    return None


def _na(rule: Rule, why: Text, *, applicable: bool = True) -> NotAssessable:
    return NotAssessable(rule.code, why.zh, why.en, applicable=applicable)


class Step(NamedTuple):
    """One rule as :func:`run` runs it, with what it needs of it looked up once."""

    rule: Rule
    kind: RuleKind | None  # None: the rule set names a kind the host lacks (a KeyError as it runs)
    plugin: str
    scope: tuple[Any, ...] | None  # the scope's fields, a dict key; None: a plugin's unhashable one
    batch: bool


def plan(
    ruleset: RuleSet, kinds: dict[str, RuleKind], kind_origin: dict[str, str], sel: Selection
) -> list[Step]:
    """The rules :func:`run` runs, in order: what does not depend on the report (the
    selection, the kind, its plugin, the scope's key), worked out once for a process's run
    instead of for each report."""
    out: list[Step] = []
    for rule in ruleset.active():
        if rule.kind == "engine" or not sel.wants(rule.code):
            continue
        kind = kinds.get(rule.kind)
        a = rule.applies_to
        # Keyed by the scope's fields: a tuple hashes and compares in C, the dataclass in Python.
        scope: tuple[Any, ...] | None = (a.year_from, a.year_to, a.body_kinds, a.levels, a.layouts)
        try:
            hash(scope)
        except TypeError:  # a plugin's unhashable scope (a list for a tuple): told each time
            scope = None
        plugin = kind_origin.get(rule.kind, "?")
        out.append(Step(rule, kind, plugin, scope, isinstance(kind, BatchKind)))
    return out


_UNTOLD: Any = object()


def run(
    report: Report,
    ruleset: RuleSet,
    kinds: dict[str, RuleKind],
    kind_origin: dict[str, str],
    ctx: Context,
    sel: Selection,
    identity: str | None = None,
    steps: list[Step] | None = None,
) -> RuleRun:
    """``identity`` is what the findings' fingerprints are built from (the report's own when
    not given; the run passes the file's when the report names no body or year).  ``steps``:
    :func:`plan` of the same rule set, kinds and selection, when the caller has it."""
    findings: list[Finding] = []
    na: list[NotAssessable] = []
    batch: dict[str, Any] = {}
    checks = 0
    identity = report.identity if identity is None else identity
    if steps is None:
        steps = plan(ruleset, kinds, kind_origin, sel)
    # Most rules share a scope (year_from = 2019): told once per report, with its reason.
    scopes: dict[tuple[Any, ...], tuple[Text, bool] | None] = {}
    guarded = guard.plugin_code()  # one for every rule: entered and left round each
    outcomes = guard.outcomes
    for rule, kind, plugin, scope, is_batch in steps:
        if kind is None:
            kind = kinds[rule.kind]
        if scope is None:
            outside = _outside(rule.applies_to, report)
        else:
            outside = scopes.get(scope, _UNTOLD)
            if outside is _UNTOLD:
                outside = scopes[scope] = _outside(rule.applies_to, report)
        if outside is not None:
            na.append(_na(rule, outside[0], applicable=outside[1]))
            continue
        checks += 1
        try:
            with guarded:  # its print() goes to stderr, never into the output
                if is_batch:
                    fp = kind.fingerprint(report, rule, ctx)  # type: ignore[attr-defined]
                    batch[rule.code] = guard.picklable(fp, "fingerprint")
                    continue
                got = outcomes(kind.check(report, rule, ctx))
                if not got:
                    continue  # most rules on most reports: nothing to make
                made = [
                    o
                    if isinstance(o, NotAssessable)
                    else guard.made(finding(rule, identity, o, sel, plugin))
                    for o in got
                ]
        except guard.PASS_THROUGH:
            raise
        except BaseException as exc:  # isolation: SystemExit, garbage … never stop the others
            crash = engine_rule(ruleset, "GIX003")
            detail = guard.described(exc)
            said = text("rules.crashed", rule=rule.code, plugin=plugin, detail=detail)
            v = Violation(
                pointer="",
                label=rule.code,
                vars={
                    "rule": rule.code,
                    "plugin": plugin,
                    "error": detail,
                    "detail_zh": said.zh,
                    "detail_en": said.en,
                },
                evidence={"rule": rule.code, "plugin": plugin, "error": detail},
                key=rule.code,
            )
            if sel.wants("GIX003"):
                findings.append(finding(crash, identity, v, sel, plugin))
            reason = text("rules.crashed_reason", detail=detail)
            na.append(NotAssessable(rule.code, reason.zh, reason.en))
            continue
        for o in made:
            if isinstance(o, NotAssessable):
                na.append(o)
            else:
                findings.append(o)
    return RuleRun(findings, na, checks, batch)


class BatchPass:
    """The run-level step of batch rules, in the process that writes the results.

    ``stream(results)`` passes each report's result on, in input order, after adding what its
    batch rules find against the reports before it, and re-scoring it (``score``).  The
    fingerprints kept are the batch rules' own (small); nothing else of a report is kept.
    """

    def __init__(
        self,
        ruleset: RuleSet,
        kinds: dict[str, RuleKind],
        kind_origin: dict[str, str],
        sel: Selection,
        score: Any,
    ) -> None:
        self.rules = [
            r
            for r in ruleset.active()
            if isinstance(kinds.get(r.kind), BatchKind) and sel.wants(r.code)
        ]
        self.kinds = kinds
        self.kind_origin = kind_origin
        self.sel = sel
        self.score = score
        self.ruleset = ruleset
        self.seen: dict[str, list[tuple[str, Any]]] = {r.code: [] for r in self.rules}

    def __bool__(self) -> bool:
        return bool(self.rules)

    def apply(self, result: Any) -> Any:
        fingerprints: dict[str, Any] = getattr(result, "batch", None) or {}
        added = False
        identity = Report(result.report or {}).identity
        for rule in self.rules:
            mine = fingerprints.get(rule.code)
            if mine is None:
                continue
            kind = self.kinds[rule.kind]
            plugin = self.kind_origin.get(rule.kind)
            try:
                with guard.plugin_code():
                    got = guard.outcomes(kind.compare(mine, self.seen[rule.code], rule))  # type: ignore[attr-defined]
                    found = [
                        v
                        if isinstance(v, NotAssessable)
                        else guard.made(finding(rule, identity, v, self.sel, plugin))
                        for v in got
                    ]
            except guard.PASS_THROUGH:
                raise
            except BaseException as exc:  # isolation, as for every rule
                detail = guard.described(exc)
                reason = text("rules.crashed_reason", detail=detail)
                result.not_assessable.append(NotAssessable(rule.code, reason.zh, reason.en))
                found = []
            for f in found:
                if isinstance(f, NotAssessable):
                    result.not_assessable.append(f)
                else:
                    result.findings.append(f)
                    added = True
            self.seen[rule.code].append((result.source, mine))
        result.batch = {}
        if added:
            result.findings.sort(key=Finding.sort_key)
            every = [*result.findings, *getattr(result, "omitted_findings", ())]
            result.score = self.score(every, self.ruleset)
            result.grade = self.ruleset.grade.grade(result.score)
        return result

    def stream(self, results: Iterable[Any]) -> Iterator[Any]:
        try:
            for r in results:
                yield self.apply(r)
        finally:
            # closing this stream closes the one it wraps (and stops its workers) at once
            close = getattr(results, "close", None)
            if close is not None:
                close()

"""Run a rule set on one report: selection, severity overrides, isolation, not-assessable.

Every rule runs in its own guard: a rule that raises becomes a GIX003 finding naming the rule
and its plugin, and the other rules still run.
"""

from __future__ import annotations

import itertools
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from types import GeneratorType
from typing import Any, NamedTuple

from gixcheck import guard, schema
from gixcheck.caps import bounded_json, clip
from gixcheck.caps import current as current_caps
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
    parts = _template(template)
    if len(parts) == 1:
        return template  # no placeholder
    out = []
    for i, part in enumerate(parts):
        if i % 2 == 0:
            out.append(part)  # the text between placeholders
        elif part in values:
            out.append(str(jsonable(values[part])))
        else:
            out.append("{" + part + "}")
    return "".join(out)


@lru_cache(maxsize=1024)
def _template(template: str) -> tuple[str, ...]:
    """A message template split at its placeholders: text, name, text, name, …, text (a rule
    set's few templates are made into thousands of messages)."""
    return tuple(_PLACEHOLDER.split(template))


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
    *,
    guarded: bool = False,
) -> Finding:
    """``guarded``: the violation is a rule's (a plugin's, built-in or not), so the finding is
    checked to be JSON (:func:`gixcheck.guard.made`); the engine's own findings need not be."""
    # Bounded: a long sentence quoted by thousands of findings must not fill memory (caps.py).
    n = current_caps().evidence_chars
    values = violation.vars
    if type(values) is not dict:
        values = dict(values)
    for v in values.values():
        if isinstance(v, str) and len(v) > n:  # a text to clip (most findings have none)
            values = {k: clip(v, n) for k, v in values.items()}
            break
    severity = violation.severity or rule.severity
    if selection.severity:  # a run's --severity overrides (none in most runs)
        if violation.severity is None:
            severity = selection.severity_of(rule.code, severity)
        elif rule.code in selection.severity:
            severity = selection.severity[rule.code]
    evidence, evidence_json = bounded_json(violation.evidence, n)
    made = Finding(
        rule=rule.code,
        name=rule.name,
        severity=severity,
        category=rule.category,
        message_zh=render(rule.message.get("zh") or rule.message.get("en", ""), values),
        message_en=render(rule.message.get("en") or rule.message.get("zh", ""), values),
        location=Location(violation.pointer, clip(violation.label, n), violation.source),
        evidence=evidence,
        fingerprint=fingerprint(rule.code, report_identity, violation.pointer, violation.key),
        plugin=plugin,
    )
    return guard.made(made, evidence_json) if guarded else made


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
    scope: int | None  # which of the plan's scopes is the rule's; None: a plugin's unhashable one
    batch: bool


# What a scope's verdict depends on in a report: its year (and the year's type: True is 1 as a
# key, never as a year), layout, body kind and level.
_Facts = tuple[Any, type, str, str, str]
_VERDICTS = 4096  # verdicts and notes kept per plan (reports of a run are of a few kinds)


class Plan:
    """The rules :func:`run` runs on a report, in order, with what does not depend on the
    report worked out once for a process's run (the selection, the kind, its plugin, the
    scope), and the scopes' verdicts on the kinds of report seen (a year, a layout, a body
    kind, a level): most rules share a scope, and most reports of a run are of one kind, so
    a rule outside its scope costs a look-up, not a sentence formatted anew."""

    def __init__(
        self,
        ruleset: RuleSet,
        kinds: dict[str, RuleKind],
        kind_origin: dict[str, str],
        sel: Selection,
    ) -> None:
        self.steps: list[Step] = []
        scopes: dict[tuple[Any, ...], int] = {}
        for rule in ruleset.active():
            if rule.kind == "engine" or not sel.wants(rule.code):
                continue
            kind = kinds.get(rule.kind)
            a = rule.applies_to
            # Keyed by the scope's fields: a tuple hashes and compares in C, the dataclass not.
            key = (a.year_from, a.year_to, a.body_kinds, a.levels, a.layouts)
            try:
                scope: int | None = scopes.setdefault(key, len(scopes))
            except TypeError:  # a plugin's unhashable scope (a list for a tuple): told each time
                scope = None
            plugin = kind_origin.get(rule.kind, "?")
            self.steps.append(Step(rule, kind, plugin, scope, isinstance(kind, BatchKind)))
        # (scope, facts) → why a report with those facts is outside it (None: inside)
        self.verdicts: dict[tuple[int, _Facts], tuple[Text, bool] | None] = {}
        # (step, facts) → the note that the step's rule is outside its scope (frozen: shared)
        self.notes: dict[tuple[int, _Facts], NotAssessable] = {}
        # facts → each step with its note (None: it runs), as a report with them was told
        # (steps with a plugin's unhashable scope are told for each report instead)
        self.schedules: dict[_Facts, list[tuple[Step, NotAssessable | None]]] = {}
        self.told_once = all(step.scope is not None for step in self.steps)

    def verdict(self, step: Step, facts: _Facts, report: Report) -> tuple[Text, bool] | None:
        """Why ``report`` is outside the step's scope (see :func:`_outside`), or None."""
        if step.scope is None:
            return _outside(step.rule.applies_to, report)
        key = (step.scope, facts)
        try:
            return self.verdicts[key]
        except KeyError:
            pass
        if len(self.verdicts) >= _VERDICTS:
            self.verdicts.clear()
        found = self.verdicts[key] = _outside(step.rule.applies_to, report)
        return found

    def note(self, at: int, step: Step, facts: _Facts, outside: tuple[Text, bool]) -> NotAssessable:
        """The note that the step's rule is outside its scope for a report with ``facts``."""
        if step.scope is None:
            return _na(step.rule, outside[0], applicable=outside[1])
        key = (at, facts)
        found = self.notes.get(key)
        if found is None:
            if len(self.notes) >= _VERDICTS:
                self.notes.clear()
            found = self.notes[key] = _na(step.rule, outside[0], applicable=outside[1])
        return found

    def schedule(
        self, facts: _Facts, report: Report
    ) -> Iterable[tuple[Step, NotAssessable | None]]:
        """Each step with the note that its rule is outside its scope for ``report`` (None: it
        runs): as a report with the same facts was told when there was one (the verdicts and
        notes are the same), else told step by step as the rules run, and kept."""
        found = self.schedules.get(facts)
        if found is not None:
            return found
        return self._scheduling(facts, report)

    def _scheduling(
        self, facts: _Facts, report: Report
    ) -> Iterator[tuple[Step, NotAssessable | None]]:
        made: list[tuple[Step, NotAssessable | None]] = []
        for at, step in enumerate(self.steps):
            outside = self.verdict(step, facts, report)
            pair = (step, None if outside is None else self.note(at, step, facts, outside))
            made.append(pair)
            yield pair
        if self.told_once:  # all steps told (a run that stopped midway keeps nothing)
            if len(self.schedules) >= _VERDICTS:
                self.schedules.clear()
            self.schedules[facts] = made


def plan(
    ruleset: RuleSet, kinds: dict[str, RuleKind], kind_origin: dict[str, str], sel: Selection
) -> Plan:
    """The :class:`Plan` of a rule set with these kinds and selection, for :func:`run`."""
    return Plan(ruleset, kinds, kind_origin, sel)


def _facts(report: Report) -> _Facts:
    """What :func:`_outside` reads of a report (a level as it tells them apart)."""
    year = report.year
    level = str(report.metadata.get("level") or "")
    return (year, type(year), report.layout, report.body_kind, level)


_NO_OUTCOME: Any = object()


def run(
    report: Report,
    ruleset: RuleSet,
    kinds: dict[str, RuleKind],
    kind_origin: dict[str, str],
    ctx: Context,
    sel: Selection,
    identity: str | None = None,
    steps: Plan | None = None,
) -> RuleRun:
    """``identity`` is what the findings' fingerprints are built from (the report's own when
    not given; the run passes the file's when the report names no body or year).  ``steps``:
    :func:`plan` of the same rule set, kinds and selection, when the caller has it."""
    findings: list[Finding] = []
    na: list[NotAssessable] = []
    batch: dict[str, Any] = {}
    checks = 0
    identity = report.identity if identity is None else identity
    planned = steps if steps is not None else plan(ruleset, kinds, kind_origin, sel)
    facts = _facts(report)
    # A rule's print() goes to stderr, never into the output (as guard.plugin_code does round
    # each rule): set before each rule, put back once the rules have run.
    stdout = sys.stdout
    outcomes = guard.outcomes
    generator = GeneratorType
    try:
        for step, note in planned.schedule(facts, report):
            rule, kind, plugin, _, is_batch = step
            if kind is None:
                kind = kinds[rule.kind]
            if note is not None:
                na.append(note)
                continue
            checks += 1
            try:
                err = sys.stderr
                if err is not None:
                    sys.stdout = err
                if is_batch:
                    fp = kind.fingerprint(report, rule, ctx)  # type: ignore[attr-defined]
                    batch[rule.code] = guard.picklable(fp, "fingerprint")
                    continue
                returned = kind.check(report, rule, ctx)
                if type(returned) is generator:
                    # most rules on most reports yield nothing: told without more ado
                    first = next(returned, _NO_OUTCOME)
                    if first is _NO_OUTCOME:
                        continue
                    returned = itertools.chain((first,), returned)
                got = outcomes(returned)
                if not got:
                    continue
                made = [
                    o
                    if isinstance(o, NotAssessable)
                    else finding(rule, identity, o, sel, plugin, guarded=True)
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
    finally:
        sys.stdout = stdout
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
        added = changed = False
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
                        else finding(rule, identity, v, self.sel, plugin, guarded=True)
                        for v in got
                    ]
            except guard.PASS_THROUGH:
                raise
            except BaseException as exc:  # isolation, as for every rule
                detail = guard.described(exc)
                reason = text("rules.crashed_reason", detail=detail)
                result.not_assessable.append(NotAssessable(rule.code, reason.zh, reason.en))
                found = []
                changed = True
            if found:
                changed = True
            for f in found:
                if isinstance(f, NotAssessable):
                    result.not_assessable.append(f)
                else:
                    result.findings.append(f)
                    added = True
            self.seen[rule.code].append((result.source, mine))
        result.batch = {}
        if changed:  # what the worker wrote of it (OutputFormat.piece) is out of date
            pieces = getattr(result, "pieces", None)
            if pieces:
                pieces.clear()
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

"""Run a rule set on one report: selection, severity overrides, isolation, not-assessable.

Every rule runs in its own guard: a rule that raises becomes a GIX003 finding naming the rule
and its plugin, and the other rules still run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from gixcheck import schema
from gixcheck.kinds.base import Context, RuleKind, Violation
from gixcheck.model import Finding, Location, NotAssessable, Report, Severity, fingerprint, jsonable
from gixcheck.rulesets import Rule, RuleSet
from gixcheck.selection import Selection as Selection  # re-exported: rule tests build one

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


def finding(
    rule: Rule,
    report_identity: str,
    violation: Violation,
    selection: Selection,
    plugin: str | None = None,
) -> Finding:
    values = dict(violation.vars)
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
        location=Location(violation.pointer, violation.label, violation.source),
        evidence=violation.evidence,
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


def run(
    report: Report,
    ruleset: RuleSet,
    kinds: dict[str, RuleKind],
    kind_origin: dict[str, str],
    ctx: Context,
    sel: Selection,
    identity: str | None = None,
) -> RuleRun:
    """``identity`` is what the findings' fingerprints are built from (the report's own when
    not given; the run passes the file's when the report names no body or year)."""
    findings: list[Finding] = []
    na: list[NotAssessable] = []
    checks = 0
    identity = report.identity if identity is None else identity
    for rule in ruleset.active():
        if rule.kind == "engine" or not sel.wants(rule.code):
            continue
        kind = kinds[rule.kind]
        plugin = kind_origin.get(rule.kind, "?")
        checks += 1
        try:
            outcomes = list(kind.check(report, rule, ctx))
        except Exception as exc:  # isolation: one broken rule never stops the others
            crash = engine_rule(ruleset, "GIX003")
            detail = f"{type(exc).__name__}: {exc}"
            v = Violation(
                pointer="",
                label=rule.code,
                vars={
                    "rule": rule.code,
                    "plugin": plugin,
                    "error": detail,
                    "detail_zh": f"规则 {rule.code}（插件 {plugin}）运行出错：{detail}",
                    "detail_en": f"rule {rule.code} (plugin {plugin}) raised {detail}",
                },
                evidence={"rule": rule.code, "plugin": plugin, "error": detail},
                key=rule.code,
            )
            if sel.wants("GIX003"):
                findings.append(finding(crash, identity, v, sel, plugin))
            na.append(
                NotAssessable(rule.code, f"规则运行出错：{detail}", f"the rule raised {detail}")
            )
            continue
        for o in outcomes:
            if isinstance(o, NotAssessable):
                na.append(o)
            else:
                findings.append(finding(rule, identity, o, sel, plugin))
    return RuleRun(findings, na, checks)

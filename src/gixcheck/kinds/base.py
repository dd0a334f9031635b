"""What a rule kind is: the Python check behind rules, given its parameters by rule-set data."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from gixcheck.model import NotAssessable, Report, Severity
from gixcheck.rulesets import Rule


@dataclass
class Violation:
    """One broken check.  The engine turns it into a Finding with the rule's message template.

    ``vars`` fill the message placeholders (``{lhs}``), ``key`` distinguishes several
    violations at one pointer in the fingerprint, ``severity`` overrides the rule's (TAB004's
    not-applicable cells are warnings).
    """

    pointer: str
    label: str
    vars: dict[str, Any] = field(default_factory=dict)
    evidence: dict[str, Any] = field(default_factory=dict)
    source: dict[str, Any] | None = None
    severity: Severity | None = None
    key: str = ""


Outcome = Violation | NotAssessable


@dataclass
class Context:
    """Run-wide inputs a kind may need beyond the report."""

    lang: str = "zh"
    previous: Report | None = None
    published: str | None = None
    options: dict[str, Any] = field(default_factory=dict)
    # Why there is no previous report, when the run sought one and knows (another body, none
    # of that body in the --previous folder): a message with ``zh`` and ``en``.
    previous_missing: Any = None


class RuleKind:
    """Base class for rule kinds.  Subclasses set ``name`` and implement :meth:`check`.

    ``params`` documents each parameter (name → one line); the docs and ``gixcheck explain``
    show it.
    """

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    params: ClassVar[dict[str, str]] = {}

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        raise NotImplementedError

    # helpers every kind uses
    @staticmethod
    def not_assessable(rule: Rule, zh: str, en: str, pointer: str = "") -> NotAssessable:
        return NotAssessable(rule=rule.code, reason_zh=zh, reason_en=en, pointer=pointer)


def applies(report: Report, rule: Rule) -> bool | tuple[str, str]:
    """Whether a rule's ``body_kinds`` and ``year_from`` parameters let it run on ``report``:
    ``True``, ``False`` (out of its scope: nothing to say), or the (zh, en) reason it cannot be
    told (the rule is then not assessable)."""
    p = rule.params
    kinds = p.get("body_kinds")
    if kinds:
        if report.body_kind == "unknown":
            return ("无法判断发布机关类型", "the body kind cannot be told")
        if report.body_kind not in kinds:
            return False
    year_from = p.get("year_from")
    if year_from is not None:
        if report.year is None:
            return ("无法确定报告年度", "the report year is unknown")
        if report.year < int(year_from):
            return False
    return True


CheckMethod = Callable[[Any, Report, Rule, Context], Iterable[Outcome]]


def scoped(check: CheckMethod) -> CheckMethod:
    """Run a kind's ``check`` only where :func:`applies` lets it: nothing outside the rule's
    scope, a not-assessable outcome where the scope cannot be told."""

    @functools.wraps(check)
    def wrapper(self: Any, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        ok = applies(report, rule)
        if ok is True:
            return check(self, report, rule, ctx)
        if ok is False:
            return ()
        return (NotAssessable(rule=rule.code, reason_zh=ok[0], reason_en=ok[1]),)

    return wrapper


class EngineRule(RuleKind):
    """GIX001–GIX004: raised by the engine itself (unreadable input, schema, crashes, baselines)."""

    name = "engine"
    description = "Findings the engine raises itself; has no check of its own."

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        return ()

"""What a rule kind is: the Python check behind rules, given its parameters by rule-set data."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from gixcheck.kinds.params import NoParams, docs
from gixcheck.messages import Text
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

    ``Params`` is a dataclass declaring the kind's parameters (see :mod:`gixcheck.kinds.params`):
    a rule set is checked against it when it is loaded, and the kind reads the parsed values
    from ``rule.args``.  Which reports a rule is about (years, body kinds, levels, layouts) is
    the rule's ``applies_to``, checked by the engine before ``check`` is called: a kind never
    tests it itself.  A kind without ``Params`` gets the raw ``rule.params`` table, unchecked;
    its ``params`` dict then documents them (name → one line).
    """

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    Params: ClassVar[type | None] = None
    params: ClassVar[dict[str, str]] = {}

    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        if cls.__dict__.get("Params") is not None and "params" not in cls.__dict__:
            cls.params = docs(cls.Params)

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        raise NotImplementedError

    # helpers every kind uses
    @staticmethod
    def not_assessable(
        rule: Rule, zh: str | Text, en: str = "", pointer: str = ""
    ) -> NotAssessable:
        """With a :class:`~gixcheck.messages.Text` (and ``pointer=``), or the two sentences."""
        if isinstance(zh, Text):
            return NotAssessable(rule.code, zh.zh, zh.en, pointer=pointer)
        return NotAssessable(rule=rule.code, reason_zh=zh, reason_en=en, pointer=pointer)


class BatchKind(RuleKind):
    """A rule that compares the reports of one run (XYR008).

    The engine calls :meth:`fingerprint` where the report is checked (a worker process, with
    ``--jobs``); the process that writes the results then calls :meth:`compare` for each report
    in input order, with the fingerprints of the reports before it — so the findings are the
    same whatever ``--jobs``.  A pair of reports is reported on the later one.  Fingerprints
    travel between processes: keep them small and deterministic (no ``hash()``).
    """

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        return ()

    def fingerprint(self, report: Report, rule: Rule, ctx: Context) -> Any:
        raise NotImplementedError

    def compare(self, mine: Any, earlier: list[tuple[str, Any]], rule: Rule) -> Iterable[Violation]:
        """Violations for this report; ``earlier`` is ``(source, fingerprint)`` in run order."""
        raise NotImplementedError


class EngineRule(RuleKind):
    """GIX001–GIX004: raised by the engine itself (unreadable input, schema, crashes, baselines)."""

    name = "engine"
    description = "Findings the engine raises itself; has no check of its own."
    Params = NoParams

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        return ()

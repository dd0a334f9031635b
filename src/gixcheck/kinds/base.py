"""What a rule kind is: the Python check behind rules, given its parameters by rule-set data.

The base class and what it is given live in :mod:`gixcheck.plugin.kind` (the plugin API); the
engine's own rules are here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from gixcheck.kinds.params import NoParams
from gixcheck.model import Report

# The kind's building blocks are the plugin API's (one definition, the built-ins and every
# pack use the same classes).
from gixcheck.plugin.kind import Context, Outcome, RuleKind, Violation
from gixcheck.rulesets import Rule

__all__ = ["BatchKind", "Context", "EngineRule", "Outcome", "RuleKind", "Violation"]


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

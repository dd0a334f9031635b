"""What a rule kind is: the Python check behind rules, given its parameters by rule-set data.

The base class and what it is given live in :mod:`gixcheck.plugin.kind` (the plugin API); the
engine's own rules are here.
"""

from __future__ import annotations

from collections.abc import Iterable

from gixcheck.kinds.params import NoParams
from gixcheck.model import Report

# The kind's building blocks are the plugin API's (one definition, the built-ins and every
# pack use the same classes).
from gixcheck.plugin.kind import Context, Outcome, RuleKind, Violation
from gixcheck.rulesets import Rule

__all__ = ["Context", "EngineRule", "Outcome", "RuleKind", "Violation"]


class EngineRule(RuleKind):
    """GIX001–GIX004: raised by the engine itself (unreadable input, schema, crashes, baselines)."""

    name = "engine"
    description = "Findings the engine raises itself; has no check of its own."
    Params = NoParams

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        return ()

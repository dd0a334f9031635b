"""Rule cases as data: every ``cases/<CODE>.toml`` is run by ``gixcheck.testing``'s helper.

Each rule of the built-in sets has at least one case where it fires and one where it stays
silent, and each rule's ``example`` (``explain`` shows it) is one of its cases, run here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gixcheck.plugins import Host
from gixcheck.testing import RuleCase, load_cases

CASES_DIR = Path(__file__).parent / "cases"
CASES = load_cases(CASES_DIR)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_rule_case(case: RuleCase) -> None:
    case.check()


def _builtin_rules() -> dict[str, object]:
    h = Host(autoload=False)
    rules = {}
    for name in ("national", "practice"):
        for rule in h.ruleset(name).active():
            if rule.kind != "engine":  # GIX: raised by the engine itself (tests/core)
                rules[rule.code] = rule
    return rules


def test_every_rule_has_a_firing_and_a_silent_case() -> None:
    fires: dict[str, int] = {}
    silent: dict[str, int] = {}
    for case in CASES:
        for code in case.fires:
            fires[code] = fires.get(code, 0) + 1
        for code in case.silent:
            silent[code] = silent.get(code, 0) + 1
    rules = _builtin_rules()
    no_fire = sorted(c for c in rules if c not in fires)
    no_silent = sorted(c for c in rules if c not in silent)
    assert not no_fire, f"rules without a case that fires: {no_fire}"
    assert not no_silent, f"rules without a case where they stay silent: {no_silent}"


def test_every_example_is_a_case() -> None:
    # A rule's example (shown by `gixcheck explain`) is executed: it is a case of its file.
    missing = []
    for code, rule in _builtin_rules().items():
        example = getattr(rule, "example", {}) or {}
        mine = [c for c in CASES if c.file.stem == code]
        for which, field in (("fail", "fires"), ("pass", "silent")):
            if which not in example:
                continue
            if not any(c.example == which and code in getattr(c, field) for c in mine):
                missing.append(f"{code} example.{which}")
    assert not missing, missing

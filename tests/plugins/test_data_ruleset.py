"""A data-only rule set (tests/plugins/data/my-rules.toml): each change shows in the results."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from gixcheck import api
from gixcheck.model import canonical_json
from gixcheck.plugins import Host, PluginError
from gixcheck.rulesets import RuleSetError, parse_toml, resolve
from gixcheck.testing import assert_codes, minimal_report, run_rules

MY_RULES = Path(__file__).parent / "data" / "my-rules.toml"


def _seed_variant(seed: Path, tmp_path: Path) -> Path:
    """The real seed report with two numbers changed: ARI005 and MY001 now have work to do."""
    report = api.extract(seed)
    t2 = report["tables"]["table_2"]["rows"]
    t2["normative_docs"]["issued"] = 40  # more issued than in force + repealed (31)
    t3 = report["tables"]["table_3"]["rows"]
    t3["result.granted"]["research"] = 3  # more granted than received (1)
    path = tmp_path / "variant.json"
    path.write_text(canonical_json(report), "utf-8")
    return path


def test_each_change_shows_end_to_end(gx: SimpleNamespace, tmp_path: Path) -> None:
    variant = _seed_variant(gx.SEED, tmp_path)
    national = gx.run(variant, "--format", "json", "--fail-on", "never")
    mine = gx.run(variant, "--rules", MY_RULES, "--format", "json", "--fail-on", "never")
    assert national.returncode == 0 and mine.returncode == 0, mine.stderr
    n, m = gx.findings(national)[0], gx.findings(mine)[0]
    sev_n = {f["rule"]: f["severity"] for f in n}
    sev_m = {f["rule"]: f["severity"] for f in m}
    # a severity changed
    assert sev_n["ARI005"] == "warning" and sev_m["ARI005"] == "error"
    # a rule switched off
    assert "DDL002" in sev_n and "DDL002" not in sev_m
    # an identity added (and the national ones kept)
    assert "MY001" not in sev_n and "MY001" in sev_m
    my001 = next(f for f in m if f["rule"] == "MY001")
    assert my001["location"]["pointer"] == "/tables/table_3/rows/received_new/research"
    assert {"ARI002", "ARI003"} <= set(sev_m)
    doc = json.loads(mine.stdout)
    assert doc["rulesets"] == [{"name": "my-rules", "version": "3"}]


def test_rules_listing_shows_the_switched_off_rule(gx: SimpleNamespace) -> None:
    proc = gx.run("rules", "--rules", MY_RULES)
    assert proc.returncode == 0, proc.stderr
    ddl002 = next(line for line in proc.stdout.splitlines() if line.startswith("DDL002"))
    assert "(off)" in ddl002
    assert any(line.startswith("MY002") for line in proc.stdout.splitlines())


def test_required_phrase_and_weights() -> None:
    # the minimal report does not mention 政务公开专区: MY002 fires, with its own weight of 1
    result = run_rules({}, rules=MY_RULES)
    assert_codes(result, only=["MY002"])
    assert result.score == 99
    # grade weights: a warning costs 10 here, 5 in national
    fragment = {"tables": {"table_2": {"rows": {"rules": {"issued": 3}}}}}
    national = run_rules(fragment, rules="national")
    assert_codes(national, only=["ARI005"])
    assert national.score == 95
    strict = run_rules(fragment, rules=MY_RULES, ignore=["MY002"], severity={"ARI005": "warning"})
    assert strict.score == 90


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[ruleset]\nname = "x"\nextends = "nope"\n', "extends unknown rule set 'nope'"),
        (
            '[ruleset]\nname = "x"\nextends = "national"\n[rules.DDL002]\nenabled = "no"\n',
            "rule DDL002: enabled must be true or false",
        ),
        (
            '[ruleset]\nname = "x"\nextends = "national"\n[rules.ARI005]\nseverity = "fatal"\n',
            "severity must be error, warning or info",
        ),
        (
            '[ruleset]\nname = "x"\nextends = "national"\n[rules.ARI005]\nsevrity = "error"\n',
            "unknown key(s): sevrity",
        ),
        ('[ruleset]\nname = "x"\n[grade]\nweights = { fatal = 3 }\n', "[grade] weights"),
        ('[ruleset]\nname = "x"\nrequires = "jiangsu"\n', "requires must be a list"),
        (
            '[ruleset]\nname = "x"\nextends = "national"\n[rules.NEW1]\nname = "n"\n',
            "rule NEW1: missing category",
        ),
        (
            '[ruleset]\nname = "x"\n[rules.NEW1]\nname = "n"\ncategory = "c"\nseverity = "info"\n'
            'kind = "no-such-kind"\nsummary = { en = "s" }\nmessage = { en = "m" }\n',
            "unknown rule kind 'no-such-kind'",
        ),
    ],
)
def test_broken_rule_sets_name_the_problem(text: str, message: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(PluginError) as err:
        Host(autoload=False).ruleset(str(path))
    assert message in str(err.value)
    assert str(path) in str(err.value)


def test_broken_rule_set_is_exit_2_on_the_command_line(gx: SimpleNamespace, tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('[ruleset]\nname = "x"\nextends = "national"\n[rules.ARI005]\nseverity = 1\n')
    proc = gx.run(gx.SEED, "--rules", path)
    assert proc.returncode == 2
    assert proc.stderr.startswith("gixcheck: error: ") and "ARI005" in proc.stderr


def test_extends_cycle_is_an_error() -> None:
    a = parse_toml('[ruleset]\nname = "a"\nextends = "b"\n', "a.toml")
    b = parse_toml('[ruleset]\nname = "b"\nextends = "a"\n', "b.toml")
    with pytest.raises(RuleSetError, match="extends itself"):
        resolve(a, {"a": a, "b": b}, set())


def test_fragment_merge_keeps_minimal_report_valid() -> None:
    assert_codes(run_rules(minimal_report(2023)), only=[])

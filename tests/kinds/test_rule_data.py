"""Rule data is checked where it is written (at load), and applicability is the engine's.

A typo in a parameter, a regular expression that does not compile or a cell reference that
names no cell of the form stops the load with one line naming the file, the rule and the key;
``applies_to`` is checked by the engine before any kind runs, for every kind.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from gixcheck import engine
from gixcheck.kinds.base import Context
from gixcheck.kinds.refs import Choice, Term, cells, parse_ref
from gixcheck.model import Report
from gixcheck.plugins import Host, PluginError
from gixcheck.rulesets import AppliesTo
from gixcheck.testing import minimal_report, run_rules
from support import run_cli

HEAD = '[ruleset]\nname = "mine"\nextends = "national"\n'


def _load(tmp_path: Path, body: str) -> str:
    path = tmp_path / "mine.toml"
    path.write_text(HEAD + body, encoding="utf-8")
    with pytest.raises(PluginError) as exc:
        Host(autoload=False).ruleset(str(path))
    message = str(exc.value)
    assert "\n" not in message
    assert str(path) in message
    return message


@pytest.mark.parametrize(
    ("body", "names"),
    [
        # a misspelt parameter (op → opp)
        ('[rules.ARI005.params]\nopp = "<="\n', ["rule ARI005", "params.opp", "unknown parameter"]),
        # a wrong type
        ('[rules.XYR003.params]\nthreshold = "high"\n', ["rule XYR003", "params.threshold"]),
        # a value outside its choices
        ('[rules.ARI005.params]\nop = "<>"\n', ["rule ARI005", "params.op"]),
        # a regular expression that does not compile
        ('[rules.TXT005.params]\nframe = "(("\n', ["rule TXT005", "params.frame", "regular"]),
        # an unknown cell key, plain and after filling a for_each value
        ('[rules.ARI001.params]\nrhs = ["result.totl/{col}"]\n', ["rule ARI001", "result.totl"]),
        ('[rules.ARI005.params]\nlhs = ["{row}/issud"]\n', ["rule ARI005", "issud"]),
        ('[rules.TXT001.params.subjects."requests.new"]\ncells = ["received/total"]\n', ["TXT001"]),
        ('[rules.XYR004.params.cells]\ntable_4 = ["cases/review.totl"]\n', ["XYR004", "totl"]),
        # a deadline that is not MM-DD
        ('[rules.DDL001.params.deadlines]\ngovernment = "3-31"\n', ["DDL001", "MM-DD"]),
        # applies_to: an unknown key, a body kind that does not exist
        ("[rules.SEC005]\napplies_to = { year_form = 2019 }\n", ["SEC005", "applies_to.year_form"]),
        ('[rules.SEC005]\napplies_to = { body_kinds = ["govt"] }\n', ["SEC005", "govt"]),
    ],
)
def test_bad_rule_data_is_refused_at_load(tmp_path: Path, body: str, names: list[str]) -> None:
    message = _load(tmp_path, body)
    for n in names:
        assert n in message, message


def test_a_parameter_typo_exits_2_with_one_line(tmp_path: Path, seed_path: Path) -> None:
    rules = tmp_path / "typo.toml"
    rules.write_text(HEAD + '[rules.ARI005.params]\nopp = "<="\n', encoding="utf-8")
    done = run_cli(str(seed_path), "--rules", str(rules))
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "typo.toml" in lines[0] and "ARI005" in lines[0] and "opp" in lines[0]


def test_national_parameters_are_typed() -> None:
    h = Host(autoload=False)
    national = h.ruleset("national")
    for rule in national.active():
        kind = h.kinds[rule.kind]
        if kind.Params is not None:
            assert isinstance(rule.args, kind.Params), rule.code


def test_every_builtin_kind_declares_its_parameters() -> None:
    h = Host(autoload=False)
    for name, kind in h.kinds.items():
        assert kind.Params is not None, name
        # the documentation of each parameter comes from the declaration
        assert set(kind.params) == {f.name for f in dataclasses.fields(kind.Params)}, name


# ----------------------------------------------------------------------------- applies_to


class _Exploding:
    """Stands in for every kind: the engine must not call it for a rule that does not apply."""

    def check(self, report: Any, rule: Any, ctx: Any) -> Any:
        raise AssertionError(f"{rule.code} ran although it does not apply")


@pytest.mark.parametrize(
    ("scope", "report_edit", "applicable"),
    [
        (AppliesTo(year_from=2099), {}, False),
        (AppliesTo(year_to=2000), {}, False),
        (AppliesTo(body_kinds=("department",)), {}, False),
        (AppliesTo(levels=("township",)), {}, False),
        (AppliesTo(layouts=("pre-2019",)), {}, False),
        # what the scope depends on cannot be told: not assessable (not "not applicable")
        (AppliesTo(year_from=2099), {"year": None, "layout": "unknown"}, True),
        (AppliesTo(body_kinds=("department",)), {"body_kind": "unknown"}, True),
        (AppliesTo(levels=("township",)), {"level": "unknown"}, True),
    ],
)
def test_applies_to_holds_for_every_kind(
    scope: AppliesTo, report_edit: dict[str, Any], applicable: bool
) -> None:
    h = Host(autoload=False)
    national = h.ruleset("national")
    rules = {
        code: dataclasses.replace(rule, applies_to=scope) for code, rule in national.rules.items()
    }
    ruleset = dataclasses.replace(national, rules=rules)
    data = minimal_report()
    layout = report_edit.pop("layout", None)
    if layout:
        data["layout"] = layout
    data["metadata"].update(report_edit)
    if data["metadata"].get("year") is None:
        del data["metadata"]["year"]
    exploding = dict.fromkeys(h.kinds, _Exploding())
    run = engine.run(Report(data), ruleset, exploding, {}, Context(), engine.Selection())  # type: ignore[arg-type]
    checked = {r.code for r in ruleset.active() if r.kind != "engine"}
    assert run.findings == []
    assert run.checks_run == 0
    assert {n.rule for n in run.not_assessable} == checked
    # every kind of the national set is among them
    assert {ruleset.rules[c].kind for c in checked} == set(h.kinds) - {"engine"}
    assert {n.applicable for n in run.not_assessable} == {applicable}


def test_not_applicable_is_listed_in_json(seed_path: Path) -> None:
    import gixcheck

    doc = gixcheck.check(seed_path).to_dict("en")
    [fmt004] = [n for n in doc["reports"][0]["not_assessable"] if n["rule"] == "FMT004"]
    assert fmt004["not_applicable"] is True
    assert fmt004["reason"].startswith("not applicable")


# ----------------------------------------------------------------------------- references


def test_one_reference_grammar() -> None:
    assert parse_ref("received_new/total", "table_3") == Term("table_3", "received_new", "total")
    choice = parse_ref(["result.other.*/total", "result.other/total"], "table_3")
    assert isinstance(choice, Choice) and len(choice.alternatives) == 2


def test_wildcard_semantics_2021_and_2019() -> None:
    ref = [parse_ref("result.other.*/total", "table_3")]
    split = Report(minimal_report())
    assert [c.pointer.split("/")[-2] for c in cells(split, "table_3", ref)] == [
        "result.other.overdue_correction",
        "result.other.overdue_fee",
        "result.other.other",
    ]
    data = minimal_report()
    rows = data["tables"]["table_3"]["rows"]
    for k in [k for k in rows if k.startswith("result.other.")]:
        del rows[k]
    rows["result.other"] = dict.fromkeys(rows["result.total"], 0)
    single = Report(data)
    # the 2019 form's single row stands for the three
    assert [c.pointer.split("/")[-2] for c in cells(single, "table_3", ref)] == ["result.other"]
    del rows["result.other"]
    # neither: the base row, missing (not assessable), never an empty sum that reads as 0
    [missing] = cells(Report(data), "table_3", ref)
    assert missing.kind == "missing"


# ----------------------------------------------------------------------------- scoring


def test_gix003_does_not_lower_the_score() -> None:
    from gixcheck.plugin_api import RuleKind, hookimpl

    class Boom(RuleKind):
        name = "test.boom"

        def check(self, report: Any, rule: Any, ctx: Any) -> Any:
            raise RuntimeError("boom")

    class Plugin:
        @staticmethod
        @hookimpl
        def gixcheck_rule_kinds() -> list[Any]:
            return [Boom]

        @staticmethod
        @hookimpl
        def gixcheck_rulesets() -> list[Any]:
            return [
                (
                    "boom",
                    '[ruleset]\nname = "boom"\nextends = "national"\n'
                    '[rules.BM001]\nname = "b"\ncategory = "t"\nseverity = "error"\n'
                    'kind = "test.boom"\nsummary = { en = "s" }\nmessage = { en = "m" }\n',
                )
            ]

    result = run_rules({}, rules="boom", objects=[("boom-plugin", Plugin)])
    assert "GIX003" in result.codes
    assert result.score == 100 and result.grade == "A"


def test_ddl002_knows_ddl001s_deadlines() -> None:
    # DDL002 says a date is needed only where DDL001 has a deadline: the two lists are the same
    from gixcheck.plugins import Host

    national = Host(autoload=False).ruleset("national")
    assert national.rules["DDL002"].params["deadline"] == national.rules["DDL001"].params

"""The Jiangsu pack's rules: the cases in ``cases/`` (data), and what a case cannot say."""

from __future__ import annotations

from pathlib import Path

import pytest
from gixcheck_jiangsu import PACK
from gixcheck_jiangsu.kinds import Settings

from gixcheck.plugin import API_VERSION, Context
from gixcheck.testing import RuleCase, load_cases, run_rules

CASES = Path(__file__).with_name("cases")
TOWNS = CASES / "townships"


@pytest.mark.parametrize("case", load_cases(CASES), ids=lambda c: c.id)
def test_case(case: RuleCase) -> None:
    case.check()


def test_every_local_rule_has_a_firing_and_a_silent_case() -> None:
    cases = load_cases(CASES)
    for code in ("JS001", "JS002", "JS003", "JS004"):
        assert any(code in c.fires for c in cases), code
        assert any(code in c.silent for c in cases), code


def _county(received: int) -> dict[str, object]:
    row = {"total": received, "natural_person": received}
    rows = {"received_new": row, "result.granted": row, "result.total": row}
    return {"tables": {"table_3": {"rows": rows}}}


def test_township_totals_name_every_term_in_file_order() -> None:
    bad = run_rules(
        _county(9),
        rules="jiangsu",
        select=["JS004"],
        settings={"jiangsu": {"townships": str(TOWNS / "2021")}},
    )
    pointers = sorted(f.location.pointer for f in bad.of("JS004"))
    assert pointers == [
        "/tables/table_3/rows/received_new/total",
        "/tables/table_3/rows/result.total/total",
    ]
    # jia.json (3) before yi.json (4): sorted by file name, whatever the file system's order
    assert all("3 + 4 = 7" in f.message_zh for f in bad.of("JS004"))
    assert bad.of("JS004")[0].evidence["townships"] == [
        {"file": "jia.json", "value": 3},
        {"file": "yi.json", "value": 4},
    ]


def test_unreadable_township_report_is_named() -> None:
    result = run_rules(
        _county(1),
        rules="jiangsu",
        select=["JS004"],
        settings={"jiangsu": {"townships": str(TOWNS / "broken")}},
    )
    (na,) = result.not_assessable
    assert "jia.json" in na.reason_en and "invalid JSON" in na.reason_en


def test_settings_are_checked_against_the_schema() -> None:
    with pytest.raises(AssertionError, match=r"townships: must be a path"):
        run_rules(_county(1), rules="jiangsu", settings={"jiangsu": {"townships": 3}})
    with pytest.raises(AssertionError, match=r"township: unknown setting \(known: townships\)"):
        run_rules(_county(1), rules="jiangsu", settings={"jiangsu": {"township": "x"}})


def test_relative_township_folder_is_relative_to_where_it_is_set(tmp_path: Path) -> None:
    result = run_rules(
        _county(9),
        rules="jiangsu",
        select=["JS004"],
        settings={"jiangsu": {"townships": "townships/2021"}},
        settings_base=CASES,
    )
    assert result.codes == ["JS004"]


def test_the_pack_declares_the_api_it_needs() -> None:
    from packaging.specifiers import SpecifierSet

    assert str(API_VERSION) in SpecifierSet(PACK.api)
    assert Context(settings={"jiangsu": Settings(TOWNS)}).settings_for(Settings).townships == TOWNS


def test_a_misspelt_cell_stops_the_rule_set_at_load(tmp_path: Path) -> None:
    local = tmp_path / "county.toml"
    local.write_text(
        '[ruleset]\nname = "county"\nextends = "jiangsu"\n\n'
        '[rules.JS004.params]\ncells = ["received_nw/total"]\n',
        "utf-8",
    )
    with pytest.raises(AssertionError, match=r"rule JS004: params.cells\[0\]: table_3 has no row"):
        run_rules(_county(1), rules=local)

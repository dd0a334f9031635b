"""The Jiangsu pack's rules, tested with gixcheck.testing on report fragments."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from gixcheck.plugin_api import Severity
from gixcheck.testing import assert_codes, merge, minimal_report, run_rules

SIGNED = {
    "preamble": [*minimal_report()["preamble"], {"text": "（本报告经单位负责人签字并加盖公章）"}]
}


def _with_other(*paragraphs: str) -> dict[str, Any]:
    report = minimal_report()
    other = next(s for s in report["sections"] if s["key"] == "other")
    other["paragraphs"] = [{"text": t} for t in paragraphs]
    return report


def test_national_and_local_rules_run_together() -> None:
    broken = {"tables": {"table_3": {"rows": {"received_new": {"total": 5}}}}}
    result = run_rules(broken, rules="jiangsu")
    # national arithmetic and the local signature rule, in one run
    assert_codes(result, fires=["ARI001", "JS002"], silent=["SEC007"])


def test_clean_report_passes_everything_but_the_township_check() -> None:
    result = run_rules(merge(minimal_report(), SIGNED), rules="jiangsu")
    assert_codes(result, only=[], not_assessable=["JS004"])


def test_stricter_national_severities() -> None:
    issued_too_many = {"tables": {"table_2": {"rows": {"rules": {"issued": 3}}}}}
    result = run_rules(issued_too_many, rules="jiangsu", select=["ARI005"])
    assert result.severity("ARI005") is Severity.ERROR
    national = run_rules(issued_too_many, rules="national", select=["ARI005"])
    assert national.severity("ARI005") is Severity.WARNING


def test_local_deadline() -> None:
    late = {"metadata": {"published": "2022-01-25"}}  # within the national 31 January
    assert_codes(run_rules(late, rules="jiangsu", select=["JS001"]), fires=["JS001"])
    on_time = {"metadata": {"published": "2022-01-20"}}
    assert_codes(run_rules(on_time, rules="jiangsu", select=["JS001"]), silent=["JS001"])


def test_deadline_not_assessable_without_a_date_and_read_from_published_option() -> None:
    undated = {"metadata": {"published": None}}
    result = run_rules(undated, rules="jiangsu", select=["JS001"])
    assert_codes(result, silent=["JS001"], not_assessable=["JS001"])
    result = run_rules(undated, rules="jiangsu", select=["JS001"], published="2022-02-01")
    assert_codes(result, fires=["JS001"])
    assert "2022-01-20" in result.of("JS001")[0].message_zh


def test_signature_and_seal_required() -> None:
    result = run_rules(minimal_report(), rules="jiangsu", select=["JS002"])
    assert [f.evidence["looked_for"][0] for f in result.of("JS002")] == ["盖章", "负责人签字"]
    assert_codes(run_rules(SIGNED, rules="jiangsu", select=["JS002"]), silent=["JS002"])


def test_section_six_items_are_warnings_and_replace_sec007() -> None:
    result = run_rules(_with_other("本年度无其他需要报告的事项。"), rules="jiangsu")
    assert_codes(result, fires=["JS003"], silent=["SEC007"])
    assert {f.severity for f in result.of("JS003")} == {Severity.WARNING}
    assert len(result.of("JS003")) == 2


def _township(folder: Path, name: str, received: int, year: int = 2021) -> None:
    rows = {
        "received_new": {"total": received, "natural_person": received},
        "result.granted": {"total": received, "natural_person": received},
        "result.total": {"total": received, "natural_person": received},
    }
    report = merge(
        minimal_report(year),
        {"metadata": {"level": "township", "body": name}, "tables": {"table_3": {"rows": rows}}},
    )
    (folder / f"{name}.json").write_text(json.dumps(report, ensure_ascii=False), "utf-8")


def _county(received: int) -> dict[str, Any]:
    rows = {
        "received_new": {"total": received, "natural_person": received},
        "result.granted": {"total": received, "natural_person": received},
        "result.total": {"total": received, "natural_person": received},
    }
    return {"tables": {"table_3": {"rows": rows}}}


def test_township_totals_add_up(tmp_path: Path) -> None:
    _township(tmp_path, "甲镇", 3)
    _township(tmp_path, "乙镇", 4)
    opts = {"jiangsu.townships": str(tmp_path)}
    ok = run_rules(_county(7), rules="jiangsu", select=["JS004"], options=opts)
    assert_codes(ok, silent=["JS004"])
    assert ok.not_assessable == []
    bad = run_rules(_county(9), rules="jiangsu", select=["JS004"], options=opts)
    assert_codes(bad, fires=["JS004"])
    pointers = sorted(f.location.pointer for f in bad.of("JS004"))
    # files in sorted order: 乙镇 (4) before 甲镇 (3)
    assert pointers == [
        "/tables/table_3/rows/received_new/total",
        "/tables/table_3/rows/result.total/total",
    ]
    assert all("4 + 3 = 7" in f.message_zh for f in bad.of("JS004"))


def test_township_folder_from_a_data_rule_set(tmp_path: Path) -> None:
    towns = tmp_path / "towns"
    towns.mkdir()
    _township(towns, "甲镇", 2)
    local = tmp_path / "county.toml"
    local.write_text(
        f'[ruleset]\nname = "county"\nextends = "jiangsu"\n\n'
        f"[rules.JS004.params]\nfolder = {json.dumps(str(towns))}\n",
        "utf-8",
    )
    assert_codes(run_rules(_county(5), rules=local, select=["JS004"]), fires=["JS004"])


def test_township_check_is_not_assessable_rather_than_guessing(tmp_path: Path) -> None:
    assert_codes(
        run_rules(_county(1), rules="jiangsu", select=["JS004"]),
        not_assessable=["JS004"],
        silent=["JS004"],
    )
    (tmp_path / "broken.json").write_text("{not json", "utf-8")
    result = run_rules(
        _county(1), rules="jiangsu", select=["JS004"], options={"jiangsu.townships": str(tmp_path)}
    )
    assert_codes(result, not_assessable=["JS004"], silent=["JS004"])
    assert "broken.json" in result.not_assessable[0].reason_en
    other_year = tmp_path / "y"
    other_year.mkdir()
    _township(other_year, "甲镇", 1, year=2020)
    result = run_rules(
        _county(1),
        rules="jiangsu",
        select=["JS004"],
        options={"jiangsu.townships": str(other_year)},
    )
    assert_codes(result, not_assessable=["JS004"], silent=["JS004"])

"""The machine formats: SARIF (schema-valid), JUnit (parses), CSV (BOM), GitHub, several at once."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from junitparser import Failure, JUnitXml, Skipped

from gixcheck.cli import main

DATA = Path(__file__).resolve().parent.parent / "data"
SEED = DATA / "text" / "seed_panji_2021.txt"
SHANGHAI = DATA / "html" / "shanghai_bangongting_2019.html"
SARIF_SCHEMA = DATA / "sarif-schema-2.1.0.json"
PDF = DATA / "pdf" / "hzq2023_working.pdf"


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(args)
    out, err = capsys.readouterr()
    return int(exc.value.code or 0), out, err


@pytest.fixture
def bad(tmp_path: Path) -> Path:
    """The seed with （一）予以公开 / 商业企业 raised from 1 to 2: ARI002 and ARI003 fail."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    assert lines[105] == "\t1"
    lines[105] = "\t2"
    p = tmp_path / "bad_2021.txt"
    p.write_text("\n".join(lines), encoding="utf-8")
    return p


def findings_of(args: list[str], capsys: pytest.CaptureFixture[str]) -> list[dict]:
    _, out, _ = run_cli([*args, "--format", "json"], capsys)
    return [f for r in json.loads(out)["reports"] for f in r["findings"]]


def test_sarif_validates_and_declares_every_rule(
    bad: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_cli([str(bad), str(SHANGHAI), "--format", "sarif"], capsys)
    assert code == 1
    doc = json.loads(out)
    jsonschema.validate(doc, json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert {"ARI001", "ARI002", "GIX001", "DDL002"} <= set(ids)
    ari = rules[ids.index("ARI002")]
    assert ari["defaultConfiguration"]["level"] == "error"
    assert "gixcheck explain ARI002" in ari["help"]["text"]
    by_rule = {r["ruleId"]: r for r in run["results"]}
    res = by_rule["ARI002"]
    assert res["level"] == "error" and ids[res["ruleIndex"]] == "ARI002"
    loc = res["locations"][0]
    assert loc["physicalLocation"]["artifactLocation"]["uri"].endswith("bad_2021.txt")
    assert isinstance(loc["physicalLocation"]["region"]["startLine"], int)
    assert loc["logicalLocations"][0]["fullyQualifiedName"].startswith("/tables/table_3/rows/")
    assert all(r["ruleId"] in ids for r in run["results"])
    # HTML cells are located by table/row/col, which SARIF keeps as region properties
    html_results = [
        r
        for r in run["results"]
        if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(".html")
    ]
    assert html_results


def test_sarif_marks_baselined_findings_as_suppressed(
    bad: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = tmp_path / "baseline.json"
    code, _, _ = run_cli(["baseline", "create", str(base), str(bad)], capsys)
    assert code == 0
    code, out, _ = run_cli([str(bad), "--format", "sarif", "--baseline", str(base)], capsys)
    assert code == 0  # everything is recorded
    doc = json.loads(out)
    jsonschema.validate(doc, json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
    results = doc["runs"][0]["results"]
    assert results and all(r["suppressions"][0]["status"] == "accepted" for r in results)


def test_junit_parses_and_fails_exactly_the_failing_rules(
    bad: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "junit.xml"
    code, _, _ = run_cli([str(bad), str(SEED), "--format", "junit", "-o", str(report)], capsys)
    assert code == 1
    xml = JUnitXml.fromfile(str(report))
    suites = list(xml)
    assert len(suites) == 2  # one per report
    failing: dict[str, set[str]] = {}
    for suite in suites:
        cases = list(suite)
        assert len(cases) == int(suite.tests) and len(cases) > 10  # one per rule run
        for case in cases:
            results = case.result
            if any(isinstance(r, Failure) for r in results):
                failing.setdefault(suite.name, set()).add(case.name.split()[0])
            assert not any(isinstance(r, Skipped) for r in results) or case.name
    assert failing == {str(bad): {"ARI002", "ARI003"}}
    passing = [c for c in suites[1] if not c.result]
    assert any(c.name.startswith("ARI002") for c in passing)


def test_csv_has_bom_and_one_row_per_finding(bad: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = findings_of([str(bad), str(SHANGHAI), "--lang", "en"], capsys)
    code, out, _ = run_cli([str(bad), str(SHANGHAI), "--format", "csv", "--lang", "en"], capsys)
    assert code == 1
    assert out.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    assert len(rows) == len(expected)
    assert list(rows[0]) == [
        "report",
        "body",
        "year",
        "grade",
        "score",
        "rule",
        "title",
        "severity",
        "location",
        "page",
        "place",
        "message",
        "pointer",
        "fingerprint",
        "baselined",
    ]
    # the same findings; in form order within a report, not the JSON's severity order
    assert sorted(r["fingerprint"] for r in rows) == sorted(f["fingerprint"] for f in expected)
    ari = next(r for r in rows if r["rule"] == "ARI002")
    assert ari["body"] == "潘集区人民政府" and ari["year"] == "2021"
    assert ari["location"].startswith("表三 /")
    assert ari["severity"] == "error" and ari["grade"] == "C" and ari["score"] == "70"
    assert ari["place"] == "line 345" and ari["page"] == ""
    assert ari["title"].startswith("Table 三, each column")


def test_csv_in_zh_has_chinese_headers_and_words(
    bad: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run_cli([str(bad), str(PDF), "--format", "csv"], capsys)
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    assert list(rows[0])[:6] == ["报告", "机关", "年度", "等级", "得分", "规则"]
    assert {r["严重程度"] for r in rows} <= {"错误", "警告", "提示"}
    ari = next(r for r in rows if r["规则"] == "ARI002")
    assert ari["原文位置"] == "第345行" and ari["严重程度"] == "错误"
    pdf_rows = [r for r in rows if r["报告"].endswith(".pdf")]
    assert pdf_rows and all(r["页码"].isdigit() for r in pdf_rows if r["原文位置"])
    assert any(r["原文位置"].startswith("第") and r["原文位置"].endswith("页") for r in pdf_rows)


def test_csv_reports_has_a_row_for_every_report(
    bad: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One row per report: a clean report and an unreadable one appear too (issue 12 §5)."""
    clean = tmp_path / "clean.json"
    doc = json.loads(run_cli([str(SEED), "--format", "json", "--select", "ARI"], capsys)[1])
    assert doc["reports"][0]["findings"] == []
    import gixcheck
    from gixcheck.model import canonical_json

    # canonical_json keeps decimals numbers (json.dumps(default=str) made them strings, which
    # the schema refuses: GIX002, reported whatever --select says)
    clean.write_text(canonical_json(gixcheck.extract(SEED)), encoding="utf-8")
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not a zip")
    args = [str(bad), str(clean), str(broken), "--select", "ARI", "--lang", "en"]
    _, out, _ = run_cli([*args, "--format", "csv-reports"], capsys)
    assert out.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    assert [r["report"] for r in rows] == [str(bad), str(clean), str(broken)]
    assert rows[0]["errors"] == "2" and rows[0]["rules"] == "ARI002 ARI003"
    assert rows[1]["errors"] == "0" and rows[1]["grade"] == "A" and rows[1]["rules"] == ""
    assert rows[2]["grade"] == "" and rows[2]["score"] == "" and rows[2]["unreadable"]
    assert len(rows[0]["sha256"]) == 64
    _, zh, _ = run_cli([*args[:-2], "--format", "csv-reports"], capsys)
    assert zh.lstrip("\ufeff").startswith("报告,机关,年度,版式,等级,得分,错误数")


def test_github_workflow_commands(bad: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run_cli([str(bad), "--format", "github", "--lang", "en"], capsys)
    lines = out.splitlines()
    err = [line for line in lines if line.startswith("::error ")]
    assert len(err) == 2
    assert err[0].startswith(f"::error file={bad},line=")
    assert "::ARI002 表三 / （七）总计 / 商业企业" in err[0]
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)


def test_several_formats_in_one_run_match_single_runs(
    bad: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a_json, a_html, a_sarif = tmp_path / "a.json", tmp_path / "a.html", tmp_path / "a.sarif"
    code, out, err = run_cli(
        [
            str(bad),
            "--format",
            "json",
            "-o",
            str(a_json),
            "--format",
            "html",
            "-o",
            str(a_html),
            "--format",
            "sarif",
            "-o",
            str(a_sarif),
            "--format",
            "text",
        ],
        capsys,
    )
    assert code == 1
    assert "ARI002" in out  # the text format went to stdout
    assert "份报告" in err  # the summary line
    for fmt, path in (("json", a_json), ("html", a_html), ("sarif", a_sarif)):
        _, single, _ = run_cli([str(bad), "--format", fmt], capsys)
        assert path.read_text(encoding="utf-8") == single, fmt


def test_every_format_is_deterministic(
    bad: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With an unreadable input in the batch: 0.1 compared two empty html/junit files here."""
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 cut short")
    for fmt in ("json", "sarif", "junit", "github", "csv", "html", "text"):
        _, first, err = run_cli([str(bad), str(broken), str(SEED), "--format", fmt], capsys)
        _, second, _ = run_cli([str(bad), str(broken), str(SEED), "--format", fmt], capsys)
        assert "internal error" not in err, (fmt, err)
        assert first == second, fmt
        assert "broken.pdf" in first and "GIX001" in first, fmt
        assert "ARI002" in first, fmt


def test_unknown_format_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli([str(SEED), "--format", "yaml"], capsys)
    assert code == 2 and "unknown format 'yaml'" in err

"""Baselines: create, pass, a new finding fails alone, a fixed problem leaves a stale entry."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import gixcheck
from gixcheck import baseline
from gixcheck.cli import main
from gixcheck.model import canonical_json

DATA = Path(__file__).resolve().parent.parent / "data"
SEED = DATA / "text" / "seed_panji_2021.txt"
GRANTED_COMMERCIAL = 105  # line index of （一）予以公开 / 商业企业 in the seed
RECEIVED_RESEARCH = 87  # line index of 一、本年新收 / 科研机构


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(args)
    out, err = capsys.readouterr()
    return int(exc.value.code or 0), out, err


def write_variant(path: Path, changes: dict[int, str]) -> Path:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    for i, value in changes.items():
        assert lines[i].strip().isdigit()
        lines[i] = f"\t{value}"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def findings(out: str) -> list[dict]:
    return [f for r in json.loads(out)["reports"] for f in r["findings"]]


def test_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = write_variant(tmp_path / "panji.txt", {GRANTED_COMMERCIAL: "2"})
    base = tmp_path / "baseline.json"
    # the report has two arithmetic errors today
    code, out, _ = run_cli([str(report), "--format", "json"], capsys)
    assert code == 1
    today = {f["fingerprint"]: f["rule"] for f in findings(out)}
    assert {"ARI002", "ARI003"} <= set(today.values())

    # 1. create: every finding recorded, sorted, readable by people
    code, _, err = run_cli(["baseline", "create", str(base), str(report)], capsys)
    assert code == 0 and "baseline entries" in err
    doc = json.loads(base.read_text(encoding="utf-8"))
    assert doc["gixcheck_baseline"] == 1
    assert {e["fingerprint"] for e in doc["entries"]} == set(today)
    entry = next(e for e in doc["entries"] if e["rule"] == "ARI002")
    assert entry["report"] == "潘集区人民政府|2021" and entry["pointer"].startswith("/tables/")
    assert entry["message"]
    assert doc["entries"] == sorted(
        doc["entries"], key=lambda e: (e["report"], e["rule"], e["pointer"], e["fingerprint"])
    )
    before = base.read_text(encoding="utf-8")
    run_cli(["baseline", "create", str(base), str(report)], capsys)
    assert base.read_text(encoding="utf-8") == before  # deterministic

    # 2. check with the baseline passes; findings are shown as baselined
    code, out, _ = run_cli([str(report), "--baseline", str(base), "--format", "json"], capsys)
    assert code == 0
    assert all(f.get("baselined") for f in findings(out))
    doc_out = json.loads(out)["reports"][0]
    assert doc_out["summary"]["error"] == 0 and doc_out["grade"] == "A"
    code, out, _ = run_cli([str(report), "--baseline", str(base)], capsys)
    assert code == 0 and "（基线）" in out  # the text format marks them (zh: 基线)

    # 3. change another number: only the new finding fails
    write_variant(report, {GRANTED_COMMERCIAL: "2", RECEIVED_RESEARCH: "5"})
    code, out, _ = run_cli([str(report), "--baseline", str(base), "--format", "json"], capsys)
    assert code == 1
    new = [f for f in findings(out) if not f.get("baselined")]
    assert new and all(f["fingerprint"] not in today for f in new)
    assert {f["rule"] for f in new} <= {"ARI001", "ARI003", "ARI005"}
    assert not [f for f in new if f["rule"] == "GIX004"]

    # 4. fix every problem: the entries left are stale, reported as GIX004 (warning, exit 0)
    report.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, _ = run_cli([str(report), "--baseline", str(base), "--format", "json"], capsys)
    assert code == 0
    stale = [f for f in findings(out) if f["rule"] == "GIX004"]
    stale_ids = {f["evidence"]["entry"]["fingerprint"] for f in stale}
    assert stale_ids == {fp for fp, rule in today.items() if rule in ("ARI002", "ARI003")}
    assert all(f["severity"] == "warning" for f in stale)
    code, _, _ = run_cli([str(report), "--baseline", str(base), "--fail-on", "warning"], capsys)
    assert code == 1


def test_baseline_from_text_matches_the_same_report_as_canonical_json(tmp_path: Path) -> None:
    report = write_variant(tmp_path / "panji.txt", {GRANTED_COMMERCIAL: "2"})
    as_json = tmp_path / "panji.json"
    as_json.write_text(canonical_json(gixcheck.extract(report)), encoding="utf-8")
    first = gixcheck.check(str(report))
    entries = baseline.entries_of(first.reports)
    path = tmp_path / "b.json"
    path.write_text(baseline.dumps(entries), encoding="utf-8")
    again = gixcheck.check(str(as_json), baseline=str(path))
    (rep,) = again.reports
    assert rep.findings and all(f.baselined for f in rep.findings)
    assert again.exit_code() == 0


def test_baseline_only_judges_entries_of_reports_in_the_run(tmp_path: Path) -> None:
    report = write_variant(tmp_path / "panji.txt", {GRANTED_COMMERCIAL: "2"})
    entries = baseline.entries_of(gixcheck.check(str(report)).reports)
    other = [baseline.Entry("0" * 16, "ARI001", "某某县人民政府|2020", "/tables", "x")]
    path = tmp_path / "b.json"
    path.write_text(baseline.dumps(entries + other), encoding="utf-8")
    result = gixcheck.check(str(report), baseline=str(path))
    assert not [f for f in result.reports[0].findings if f.rule == "GIX004"]


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("{", "not valid JSON"),
        ('{"entries": []}', "not a gixcheck baseline"),
        ('{"gixcheck_baseline": 1, "entries": [{}]}', "entry 0"),
    ],
)
def test_bad_baseline_file_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, needle: str
) -> None:
    path = tmp_path / "b.json"
    path.write_text(content, encoding="utf-8")
    code, out, err = run_cli([str(SEED), "--baseline", str(path)], capsys)
    assert code == 2 and needle in err and out == ""
    code, _, err = run_cli([str(SEED), "--baseline", str(tmp_path / "none.json")], capsys)
    assert code == 2 and "cannot read" in err

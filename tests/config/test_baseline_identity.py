"""A baseline never accepts a finding of another file (issue 12, issue 13 "wrong answers"):
every unreadable input has its own fingerprint, a report naming no body or year is identified
by its bytes, and an unreadable input is never graded, baselined or not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import gixcheck
from gixcheck.cli import main
from gixcheck.model import canonical_json

DATA = Path(__file__).resolve().parent.parent / "data"
SEED = DATA / "text" / "seed_panji_2021.txt"


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main([*args, "--no-progress"])
    out, err = capsys.readouterr()
    return int(exc.value.code or 0), out, err


def test_every_unreadable_input_has_its_own_fingerprint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "a.json").write_text("{", encoding="utf-8")
    (reports / "panji.txt").write_bytes(SEED.read_bytes())
    base = tmp_path / "base.json"
    code, _, _ = run_cli(["baseline", "create", str(base), str(reports)], capsys)
    assert code == 0
    # the accepted file stays accepted; a new unreadable file is a new error
    (reports / "b.json").write_text("{", encoding="utf-8")
    (reports / "c.pdf").write_bytes(b"%PDF-1.4 truncated")
    code, out, _ = run_cli([str(reports), "--baseline", str(base), "--format", "json"], capsys)
    by_name = {Path(r["source"]).name: r for r in json.loads(out)["reports"]}
    assert [f.get("baselined") for f in by_name["a.json"]["findings"]] == [True]
    assert [f.get("baselined") for f in by_name["b.json"]["findings"]] == [None]
    assert [f.get("baselined") for f in by_name["c.pdf"]["findings"]] == [None]
    fingerprints = [r["findings"][0]["fingerprint"] for n, r in by_name.items() if n != "panji.txt"]
    assert len(set(fingerprints)) == 3
    assert code == 1


def test_an_unreadable_input_is_never_graded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    base = tmp_path / "base.json"
    run_cli(["baseline", "create", str(base), str(bad)], capsys)
    result = gixcheck.check(str(bad), baseline=str(base))
    (rep,) = result.reports
    assert rep.findings[0].baselined and rep.score is None and rep.grade is None
    code, out, _ = run_cli([str(bad), "--baseline", str(base), "--format", "json"], capsys)
    doc = json.loads(out)["reports"][0]
    assert doc["grade"] is None and doc["score"] is None and code == 2


def anonymous(tmp_path: Path, name: str, narrative: str) -> Path:
    """A readable report whose metadata names no body and no year, with one table error."""
    data = json.loads(canonical_json(gixcheck.extract(SEED)))
    data["metadata"]["body"] = None
    data["metadata"]["year"] = None
    data["metadata"]["title"] = narrative
    cell = data["tables"]["table_3"]["rows"]["received_new"]["natural_person"]
    cell["value"] += 1  # the same wrong cell in both reports
    path = tmp_path / name
    path.write_text(canonical_json(data), encoding="utf-8")
    return path


def test_reports_naming_no_body_or_year_do_not_share_a_baseline(tmp_path: Path) -> None:
    one = anonymous(tmp_path, "one.json", "某单位年度报告")
    other = anonymous(tmp_path, "other.json", "另一单位年度报告")
    first = gixcheck.check(str(one))
    errors = [f for f in first.reports[0].findings if f.severity.value == "error"]
    assert errors, "the variant must have an error to baseline"
    from gixcheck import baseline

    path = tmp_path / "b.json"
    path.write_text(baseline.dumps(baseline.entries_of(first.reports)), encoding="utf-8")
    again = gixcheck.check([str(one), str(other)], baseline=str(path))
    mine, theirs = again.reports
    assert all(f.baselined for f in mine.findings)
    assert [f for f in theirs.findings if f.severity.value == "error" and not f.baselined]
    assert again.exit_code() == 1

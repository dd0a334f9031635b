"""Baseline identity when a report's title gives no body or no year (issue 13): the
fingerprints fall back to the report's content, so a baseline made from one such report never
accepts another's errors, while the same report under another name stays accepted."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import gixcheck
from gixcheck import baseline
from gixcheck.model import canonical_json

SEED = Path(__file__).resolve().parent.parent / "data" / "text" / "seed_panji_2021.txt"


def variant(tmp_path: Path, name: str, *, body: str | None, year: int | None, bump: int) -> Path:
    """The seed report with the given identity fields and 本年新收/自然人 raised by ``bump``."""
    data = json.loads(canonical_json(gixcheck.extract(SEED)))
    data["metadata"]["body"] = body
    data["metadata"]["year"] = year
    data["tables"]["table_3"]["rows"]["received_new"]["natural_person"]["value"] += bump
    path = tmp_path / name
    path.write_text(canonical_json(data), encoding="utf-8")
    return path


def errors(result: gixcheck.CheckResult, index: int) -> list[gixcheck.Finding]:
    return [f for f in result.reports[index].findings if f.severity.value == "error"]


def make_baseline(tmp_path: Path, report: Path) -> Path:
    first = gixcheck.check(str(report))
    assert errors(first, 0), "the variant must have an error to baseline"
    path = tmp_path / "base.json"
    path.write_text(baseline.dumps(baseline.entries_of(first.reports)), encoding="utf-8")
    return path


def test_neither_body_nor_year_the_fingerprints_differ_per_report(tmp_path: Path) -> None:
    one = variant(tmp_path, "one.json", body=None, year=None, bump=1)
    other = variant(tmp_path, "other.json", body=None, year=None, bump=2)
    base = make_baseline(tmp_path, one)
    again = gixcheck.check([str(one), str(other)], baseline=str(base))
    assert errors(again, 0) and all(f.baselined for f in errors(again, 0))
    assert errors(again, 1) and not any(f.baselined for f in errors(again, 1))
    fp = {f.fingerprint for f in errors(again, 0)} & {f.fingerprint for f in errors(again, 1)}
    assert not fp


def test_a_body_without_a_year_is_not_an_identity(tmp_path: Path) -> None:
    # 2021's and 2022's reports of one body, neither title giving the year
    one = variant(tmp_path, "a.json", body="X", year=None, bump=1)
    other = variant(tmp_path, "b.json", body="X", year=None, bump=3)
    base = make_baseline(tmp_path, one)
    again = gixcheck.check([str(one), str(other)], baseline=str(base))
    assert not any(f.baselined for f in errors(again, 1))


def test_the_same_anonymous_report_under_another_name_stays_accepted(tmp_path: Path) -> None:
    one = variant(tmp_path, "one.json", body=None, year=None, bump=1)
    base = make_baseline(tmp_path, one)
    moved = tmp_path / "moved" / "renamed.json"
    moved.parent.mkdir()
    shutil.copy(one, moved)
    again = gixcheck.check(str(moved), baseline=str(base))
    assert errors(again, 0) and all(f.baselined for f in errors(again, 0))

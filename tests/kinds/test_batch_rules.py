"""XYR008 compares the reports of one run: the same findings whatever --jobs."""

from __future__ import annotations

import json
from pathlib import Path

import gixcheck
from gixcheck.model import canonical_json
from support import run_cli

DATA = Path(__file__).parents[1] / "data"


def _reports(tmp_path: Path) -> list[Path]:
    own = gixcheck.extract(DATA / "pdf" / "hzq2024_working.pdf")
    copied = json.loads(canonical_json(own))
    copied["metadata"]["body"] = "示例县人民政府"
    copied["metadata"]["title"] = "示例县人民政府2024年政府信息公开工作年度报告"
    other = gixcheck.extract(DATA / "pdf" / "huaian_municipal_2024.pdf")
    paths = []
    for name, data in (("a_hongze.json", own), ("b_copy.json", copied), ("c_huaian.json", other)):
        path = tmp_path / name
        path.write_text(canonical_json(data), encoding="utf-8")
        paths.append(path)
    return paths


def test_cross_body_copying_is_found_whatever_jobs(tmp_path: Path) -> None:
    paths = [str(p) for p in _reports(tmp_path)]
    outs = []
    for jobs in ("1", "2"):
        done = run_cli(*paths, "--format", "json", "--jobs", jobs, "--select", "XYR008")
        assert done.returncode == 0, done.stderr
        outs.append(done.stdout)
    assert outs[0] == outs[1]
    doc = json.loads(outs[0])
    found = {Path(r["source"]).name: [f["rule"] for f in r["findings"]] for r in doc["reports"]}
    # the later report of the pair names the earlier one; the third body is left alone
    assert found == {"a_hongze.json": [], "b_copy.json": ["XYR008"], "c_huaian.json": []}
    [f] = doc["reports"][1]["findings"]
    assert f["evidence"]["other"].endswith("a_hongze.json")


def test_the_python_api_runs_the_batch_step_too(tmp_path: Path) -> None:
    result = gixcheck.check([str(p) for p in _reports(tmp_path)], select=["XYR008"])
    assert [[f.rule for f in r.findings] for r in result.reports] == [[], ["XYR008"], []]
    assert result.reports[1].score == 95


def test_the_pair_is_named_by_identity_and_dates_not_by_file_names(tmp_path: Path) -> None:
    # The finding is on the later report in input order and says which report of the pair was
    # published first; its fingerprint is built from the other report's body and year, so the
    # same pair under other file names (or from another container) gives the same fingerprint.
    a, b, _ = _reports(tmp_path)
    data_b = json.loads(b.read_text(encoding="utf-8"))
    data_b["metadata"]["published"] = "2025-01-20"
    b.write_text(canonical_json(data_b), encoding="utf-8")
    data_a = json.loads(a.read_text(encoding="utf-8"))
    data_a["metadata"]["published"] = "2025-01-10"
    a.write_text(canonical_json(data_a), encoding="utf-8")
    first = gixcheck.check([str(a), str(b)], select=["XYR008"])
    [f] = first.reports[1].findings
    assert f.evidence["other_published"] == "2025-01-10"
    assert f.evidence["published"] == "2025-01-20"
    assert "对方报告发布于2025-01-10，早于本报告（2025-01-20）" in f.message()
    assert "the other report was published on 2025-01-10, before this one" in f.message("en")
    moved = tmp_path / "elsewhere"
    moved.mkdir()
    a2, b2 = moved / "x.json", moved / "y.json"
    a2.write_bytes(a.read_bytes())
    b2.write_bytes(b.read_bytes())
    again = gixcheck.check([str(a2), str(b2)], select=["XYR008"])
    [g] = again.reports[1].findings
    assert g.fingerprint == f.fingerprint
    assert g.evidence["other"].endswith("x.json")

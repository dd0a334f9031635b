"""A pack's settings from every front door — [tool.gixcheck.plugins.<name>], --plugin-option,
the Python API — checked against the schema the pack declares, and the example pack's
township-totals rule run end to end from the command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

import gixcheck
from gixcheck.api import UsageError
from gixcheck.testing import merge, minimal_report

ROOT = Path(__file__).resolve().parents[2]
TOWNS = ROOT / "plugins-example" / "tests" / "cases" / "townships" / "2021"  # 3 + 4


def _county(folder: Path, received: int) -> Path:
    row = {"total": received, "natural_person": received}
    rows = {"received_new": row, "result.granted": row, "result.total": row}
    report = merge(minimal_report(), {"tables": {"table_3": {"rows": rows}}})
    path = folder / "reports" / "county.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, ensure_ascii=False), "utf-8")
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A county auditor's repository: the townships' reports and the settings beside them."""
    shutil.copytree(TOWNS, tmp_path / "townships")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.gixcheck]\nrules = ["jiangsu"]\nselect = ["JS004"]\n\n'
        '[tool.gixcheck.plugins.jiangsu]\ntownships = "townships"\n',
        "utf-8",
    )
    return tmp_path


def test_township_totals_from_the_command_line(gx: SimpleNamespace, project: Path) -> None:
    county = _county(project, 9)
    # run from a subfolder: the setting's relative path is relative to pyproject.toml
    proc = gx.run(county.name, "--format", "json", cwd=county.parent)
    assert proc.returncode == 1, proc.stderr
    (found,) = gx.findings(proc)
    assert sorted(f["location"]["pointer"] for f in found) == [
        "/tables/table_3/rows/received_new/total",
        "/tables/table_3/rows/result.total/total",
    ]
    assert all("3 + 4 = 7" in f["message"] for f in found)
    assert json.loads(proc.stdout)["reports"][0]["not_assessable"] == []
    _county(project, 7)
    ok = gx.run(county.name, "--format", "json", cwd=county.parent)
    assert ok.returncode == 0, ok.stderr
    assert gx.findings(ok) == [[]]


def test_plugin_option_overrides_the_file(gx: SimpleNamespace, project: Path) -> None:
    county = _county(project, 9)
    elsewhere = project / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(TOWNS / "jia.json", elsewhere)  # 3 alone
    proc = gx.run(
        county, "--plugin-option", f"jiangsu.townships={elsewhere}", "--lang", "en", cwd=project
    )
    assert proc.returncode == 1
    assert "the 1 township reports add up to 3 = 3" in proc.stdout


def test_a_bad_setting_is_one_line_naming_the_file_and_key(
    gx: SimpleNamespace, project: Path
) -> None:
    county = _county(project, 9)
    config = project / "pyproject.toml"
    config.write_text(
        config.read_text("utf-8").replace('townships = "townships"', "townships = 3"), "utf-8"
    )
    proc = gx.run(county, cwd=project)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.strip() == (
        f"gixcheck: error: {config} [tool.gixcheck.plugins.jiangsu]: townships: "
        "must be a path, not a number 3"
    )
    proc = gx.run(county, "--plugin-option", "jiangsu.township=x", cwd=project)
    assert proc.returncode == 2
    assert "--plugin-option jiangsu: township: unknown setting (known: townships)" in proc.stderr
    proc = gx.run(county, "--plugin-option", "nopack.x=1", cwd=project)
    assert proc.returncode == 2
    assert "no plugin named nopack is loaded (loaded: jiangsu)" in proc.stderr
    proc = gx.run(county, "--plugin-option", "jiangsu-townships", cwd=project)
    assert proc.returncode == 2
    assert "--plugin-option expects PLUGIN.KEY=VALUE" in proc.stderr


def test_plugins_table_can_still_load_plugins(gx: SimpleNamespace, tmp_path: Path) -> None:
    config = tmp_path / "gixcheck.toml"
    config.write_text(f'[plugins]\nload = ["{gx.FIXTURES / "crashy.py"}"]\n', "utf-8")
    proc = gx.run(gx.SEED, "--config", config, "--rules", "crashy", "--format", "json")
    assert proc.returncode == 1, proc.stderr
    assert "GIX003" in gx.codes(gx.findings(proc)[0])


def test_python_api_takes_plugin_options(project: Path) -> None:
    county = _county(project, 9)
    result = gixcheck.check(
        county,
        rules="jiangsu",
        select=["JS004"],
        plugin_options={"jiangsu": {"townships": str(project / "townships")}},
    )
    assert [f.rule for f in result.reports[0].findings] == ["JS004", "JS004"]
    with pytest.raises(UsageError, match=r"plugin_options\['jiangsu'\]: townships: must be"):
        gixcheck.check(county, rules="jiangsu", plugin_options={"jiangsu": {"townships": 1}})


def test_settings_reach_worker_processes(gx: SimpleNamespace, project: Path) -> None:
    county = _county(project, 9)
    other = county.with_name("county2.json")
    shutil.copy(county, other)
    proc = gx.run(county.parent, "--jobs", "2", "--format", "json", cwd=project)
    assert proc.returncode == 1, proc.stderr
    assert [len(f) for f in gx.findings(proc)] == [2, 2]

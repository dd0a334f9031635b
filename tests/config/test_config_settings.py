"""Configuration: discovery, every key, precedence of the command line, unknown keys."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from gixcheck import config
from gixcheck.caps import Caps
from gixcheck.cli import main
from gixcheck.limits import MB, Limits
from gixcheck.model import Severity
from gixcheck.selection import Layer

DATA = Path(__file__).resolve().parent.parent / "data"
SEED = DATA / "text" / "seed_panji_2021.txt"
# keys the test's file leaves out (they have tests of their own)
NOT_IN_FILE = {
    "per-file-ignores",
    "plugin-options",
    "exclude",
    "extend-exclude",
    "statistics",
    "quiet",
}


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(args)
    out, err = capsys.readouterr()
    return int(exc.value.code or 0), out, err


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder with a report and a sub-folder to run from (config found walking up)."""
    (tmp_path / "reports").mkdir()
    shutil.copyfile(SEED, tmp_path / "reports" / "panji.txt")
    monkeypatch.chdir(tmp_path / "reports")
    return tmp_path


def test_no_config_gives_defaults(project: Path) -> None:
    s = config.load()
    assert s.file is None
    assert s.rules == ("national",) and s.fail_on == "error" and s.lang == "zh"
    assert all(origin == "default" for _, _, origin in s.items())


def test_every_key_from_pyproject(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        """
[project]
name = "x"

[tool.gixcheck]
rules = ["national"]
select = ["ARI", "TAB"]
ignore = "ARI005"
extend-select = ["SEC"]
severity = { ARI002 = "warning" }
fail-on = "warning"
lang = "en"
baseline = "gix-baseline.json"
previous = { "reports/panji.txt" = "old/panji_2020.txt" }
published = "2022-01-20"
format = ["json", "html"]
output = ["out/a.json", "out/a.html"]
jobs = 3
plugins = ["my_plugin"]
no-progress = true
max-size = 5
max-pages = 40
timeout = 12.5
max-memory = 2048
max-evidence = 300
max-findings-per-rule = 20
max-findings-per-report = 50
""",
        encoding="utf-8",
    )
    s = config.load()
    pyproject = project / "pyproject.toml"
    assert s.file == str(pyproject)
    assert s.selection.layers == (Layer(("ARI", "TAB"), ("SEC",), ("ARI005",), str(pyproject)),)
    assert s.selection.severity == {"ARI002": Severity.WARNING}
    assert s.fail_on == "warning" and s.lang == "en" and s.published == "2022-01-20"
    assert s.baseline == str(project / "gix-baseline.json")  # relative to the file
    assert s.previous == {str(project / "reports/panji.txt"): str(project / "old/panji_2020.txt")}
    assert s.outputs == (
        ("json", str(project / "out/a.json")),
        ("html", str(project / "out/a.html")),
    )
    assert s.jobs == 3 and s.plugins == ("my_plugin",) and s.no_progress is True
    assert s.limits == Limits(max_bytes=5 * MB, max_pages=40, timeout=12.5, max_memory_mb=2048)
    assert s.caps == Caps(evidence_chars=300, findings_per_rule=20, findings_per_report=50)
    origins = {key: origin for key, _, origin in s.items()}
    assert set(origins) == set(config.KEYS)
    assert {origins[k] for k in origins if k not in NOT_IN_FILE} == {
        f"pyproject.toml [tool.gixcheck] ({project})"
    }


def test_gixcheck_toml_wins_over_pyproject_and_may_use_top_level_keys(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.gixcheck]\nlang = "en"\n', encoding="utf-8")
    (project / "gixcheck.toml").write_text('fail-on = "never"\n', encoding="utf-8")
    s = config.load()
    assert s.file == str(project / "gixcheck.toml")
    assert s.fail_on == "never" and s.lang == "zh"
    assert s.source("fail-on").startswith("gixcheck.toml")


def test_pyproject_without_our_table_is_skipped(project: Path) -> None:
    (project / "reports" / "pyproject.toml").write_text('[project]\nname = "y"\n', encoding="utf-8")
    (project / "gixcheck.toml").write_text('[tool.gixcheck]\nlang = "en"\n', encoding="utf-8")
    assert config.load().lang == "en"


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ('selct = ["ARI"]\n', "unknown key 'selct'"),
        ('fail_on = "error"\n', "did you mean 'fail-on'"),
        ('lang = "fr"\n', "'lang' must be zh or en"),
        ("jobs = 0\n", "'jobs' must be greater than 0 (a whole number)"),
        ('severity = { ARI001 = "fatal" }\n', "got 'ARI001=fatal'"),
        ("select = [1]\n", "'select' must be a string or a list"),
        ("lang = \n", "not valid TOML"),
    ],
)
def test_bad_configuration_is_exit_2_naming_the_key(
    project: Path, capsys: pytest.CaptureFixture[str], text: str, needle: str
) -> None:
    (project / "gixcheck.toml").write_text(text, encoding="utf-8")
    code, out, err = run_cli(["panji.txt"], capsys)
    assert code == 2 and out == ""
    assert needle in err and str(project / "gixcheck.toml") in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_command_line_overrides_config(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "gixcheck.toml").write_text(
        'lang = "en"\nfail-on = "info"\nformat = "json"\nselect = ["DDL002"]\n', encoding="utf-8"
    )
    # from the file: json, English, only DDL002, and info findings fail the run
    code, out, _ = run_cli(["panji.txt"], capsys)
    doc = json.loads(out)
    assert code == 1
    assert {f["rule"] for f in doc["reports"][0]["findings"]} == {"DDL002"}
    assert "publication date is unknown" in doc["reports"][0]["findings"][0]["message"]
    # the command line wins, key by key
    code, out, _ = run_cli(["panji.txt", "--fail-on", "error", "--lang", "zh"], capsys)
    doc = json.loads(out)
    assert code == 0
    assert "发布日期不明" in doc["reports"][0]["findings"][0]["message"]
    code, out, _ = run_cli(["panji.txt", "--format", "csv", "--select", "ARI"], capsys)
    assert out.startswith("\ufeffreport,") and len(out.splitlines()) == 1


def test_config_output_and_format_pairs(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "gixcheck.toml").write_text(
        'format = ["json", "csv"]\noutput = ["out.json", "out.csv"]\n', encoding="utf-8"
    )
    code, out, err = run_cli(["panji.txt"], capsys)
    assert code == 0 and out == ""
    assert json.loads((project / "out.json").read_text(encoding="utf-8"))["reports"]
    assert (project / "out.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert "份报告" in err


def test_config_baseline_previous_and_published_are_used(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, _ = run_cli(
        [
            "baseline",
            "create",
            str(project / "base.json"),
            "panji.txt",
            "--published",
            "2022-01-20",
        ],
        capsys,
    )
    assert code == 0
    (project / "gixcheck.toml").write_text(
        'baseline = "base.json"\nfail-on = "info"\nformat = "json"\n'
        f'previous = "{SEED}"\npublished = "2022-01-20"\njobs = 1\nno-progress = true\n',
        encoding="utf-8",
    )
    code, out, _ = run_cli(["panji.txt"], capsys)
    doc = json.loads(out)
    assert code == 0  # the info findings are baselined
    assert all(f.get("baselined") for f in doc["reports"][0]["findings"])
    (project / "gixcheck.toml").write_text('previous = "missing.txt"\n', encoding="utf-8")
    code, _, err = run_cli(["panji.txt"], capsys)
    assert code == 2 and "missing.txt" in err


def test_config_previous_mapping_per_report(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "gixcheck.toml").write_text(
        f'format = "json"\n[previous]\n"reports/panji.txt" = "{project / "nope.txt"}"\n',
        encoding="utf-8",
    )
    # the mapping is applied to the report it names: its previous file is read (and missing)
    code, _, err = run_cli(["panji.txt"], capsys)
    assert code == 2 and "nope.txt" in err


def test_config_command_prints_settings_and_origins(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "gixcheck.toml").write_text('lang = "en"\n', encoding="utf-8")
    code, out, _ = run_cli(["config"], capsys)
    assert code == 0
    assert f"configuration file: {project / 'gixcheck.toml'}" in out
    lang = next(line for line in out.splitlines() if line.startswith("lang "))
    assert '"en"' in lang and "gixcheck.toml" in lang
    rules = next(line for line in out.splitlines() if line.startswith("rules "))
    assert "# default" in rules
    (project / "gixcheck.toml").write_text('color = "red"\n', encoding="utf-8")
    code, _, err = run_cli(["config"], capsys)
    assert code == 2 and "unknown key 'color'" in err


def test_unknown_code_in_config_names_the_file(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "gixcheck.toml").write_text('ignore = ["XYZ9"]\n', encoding="utf-8")
    code, _, err = run_cli(["panji.txt"], capsys)
    assert code == 2 and "gixcheck.toml: key 'ignore': unknown rule code or prefix 'XYZ9'" in err

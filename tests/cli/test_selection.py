"""Rule selection like ruff's (issue 12 §2): layers, ALL, per-file ignores, the tool's own GIX
findings always reported, configuration found from the checked files, excludes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from gixcheck.cli import main

DATA = Path(__file__).resolve().parent.parent / "data"
SEED = DATA / "text" / "seed_panji_2021.txt"
CRASHY = Path(__file__).resolve().parent.parent / "plugins" / "fixtures" / "crashy.py"


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main([*args, "--no-progress"])
    out, err = capsys.readouterr()
    return int(exc.value.code or 0), out, err


def bad_seed(path: Path) -> Path:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    lines[91] = "\t3"  # 一、本年新收 / 总计: ARI001 and ARI003
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def codes(out: str) -> list[set[str]]:
    return [{f["rule"] for f in r["findings"]} for r in json.loads(out)["reports"]]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    bad_seed(tmp_path / "bad.txt")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_select_never_hides_an_unreadable_input(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "empty.txt").write_bytes(b"")
    code, out, _ = run_cli(["empty.txt", "--select", "ARI", "--format", "json"], capsys)
    assert code == 2 and codes(out) == [{"GIX001"}]
    code, out, _ = run_cli(["empty.txt", "--select", "ARI"], capsys)
    assert "GIX001" in out and "未发现问题" not in out


def test_select_never_hides_a_crashing_rule(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["bad.txt", "--plugin", str(CRASHY), "--rules", "crashy", "--format", "json"]
    code, out, _ = run_cli([*args, "--select", "CR001"], capsys)
    assert code == 1 and codes(out) == [{"GIX003"}]


def test_gix_codes_cannot_be_ignored(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "gixcheck.toml").write_text('ignore = ["GIX003"]\n', encoding="utf-8")
    code, _, err = run_cli(["bad.txt"], capsys)
    assert code == 2 and "key 'ignore': GIX003 cannot be ignored" in err


@pytest.mark.parametrize(
    ("file", "cli", "expected"),
    [
        # the command line's --select replaces the file's select
        ('select = ["DDL002"]\n', ["--select", "ARI001"], {"ARI001"}),
        # the file's ignore (without a select of its own) still holds under --select
        ('ignore = ["ARI003"]\n', ["--select", "ARI"], {"ARI001"}),
        # --ignore and --extend-select add to the file's, they do not replace them
        (
            'select = ["ARI"]\nextend-select = ["TXT001"]\n',
            ["--extend-select", "DDL"],
            {"ARI001", "ARI003", "TXT001", "DDL002"},
        ),
        ('ignore = ["SEC", "DDL"]\n', ["--ignore", "ARI003"], {"ARI001", "TXT001"}),
        # ALL, and the most specific selector deciding
        (
            "",
            ["--select", "ALL", "--ignore", "SEC,DDL,TXT,ARI00", "--extend-select", "ARI001"],
            {"ARI001"},
        ),
    ],
)
def test_selection_layers(
    project: Path,
    capsys: pytest.CaptureFixture[str],
    file: str,
    cli: list[str],
    expected: set[str],
) -> None:
    (project / "gixcheck.toml").write_text(file, encoding="utf-8")
    _code, out, err = run_cli(["bad.txt", "--format", "json", *cli], capsys)
    assert codes(out) == [expected], err


def test_per_file_ignores(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copyfile(project / "bad.txt", project / "other.txt")
    (project / "gixcheck.toml").write_text(
        'select = ["ARI"]\n[per-file-ignores]\n"bad*.txt" = ["ARI001"]\n', encoding="utf-8"
    )
    _code, out, _ = run_cli(["bad.txt", "other.txt", "--format", "json"], capsys)
    assert codes(out) == [{"ARI003"}, {"ARI001", "ARI003"}]


def test_rules_switched_off_leave_their_baseline_entries_alone(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, _ = run_cli(["baseline", "create", "base.json", "bad.txt"], capsys)
    assert code == 0
    (project / "gixcheck.toml").write_text(
        'baseline = "base.json"\nignore = ["ARI"]\n', encoding="utf-8"
    )
    code, out, _ = run_cli(["bad.txt", "--format", "json"], capsys)
    assert "GIX004" not in codes(out)[0] and not codes(out)[0] & {"ARI001", "ARI003"}
    # not assessable this time (no previous report given) is not stale either
    code, out, _ = run_cli(["bad.txt", "--format", "json", "--select", "ARI,XYR"], capsys)
    assert "GIX004" not in codes(out)[0]


def test_config_option_names_the_file(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "gixcheck.toml").write_text('select = ["DDL002"]\n', encoding="utf-8")
    (project / "strict.toml").write_text('select = ["ARI001"]\n', encoding="utf-8")
    code, out, _ = run_cli(["bad.txt", "--format", "json", "--config", "strict.toml"], capsys)
    assert codes(out) == [{"ARI001"}]
    code, _, err = run_cli(["bad.txt", "--config", "missing.toml"], capsys)
    assert code == 2 and "--config missing.toml: no such file" in err


def test_configuration_is_found_from_the_checked_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    proj = tmp_path / "proj"
    (proj / "reports").mkdir(parents=True)
    bad_seed(proj / "reports" / "bad.txt")
    (proj / "pyproject.toml").write_text('[tool.gixcheck]\nselect = ["ARI003"]\n', encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    code, out, _ = run_cli([str(proj / "reports" / "bad.txt"), "--format", "json"], capsys)
    assert codes(out) == [{"ARI003"}]
    # files of two projects with different settings cannot share one run
    other = tmp_path / "other"
    other.mkdir()
    (other / "gixcheck.toml").write_text('lang = "en"\n', encoding="utf-8")
    shutil.copyfile(SEED, other / "panji.txt")
    args = [str(proj / "reports" / "bad.txt"), str(other / "panji.txt")]
    code, _, err = run_cli(args, capsys)
    assert code == 2 and "belong to different configurations" in err


def test_excludes(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reports = project / "reports"
    for sub in ("2021", "drafts", ".git", "node_modules"):
        (reports / sub).mkdir(parents=True)
        shutil.copyfile(SEED, reports / sub / "r.txt")
    (reports / "node_modules" / "package.json").write_text("{}", encoding="utf-8")
    _, out, _ = run_cli(["reports", "--format", "json"], capsys)
    sources = [Path(r["source"]).parent.name for r in json.loads(out)["reports"]]
    assert sources == ["2021", "drafts"]  # .git and node_modules: excluded by default
    (project / "gixcheck.toml").write_text('extend-exclude = ["drafts"]\n', encoding="utf-8")
    _, out, _ = run_cli(["reports", "--format", "json"], capsys)
    assert [Path(r["source"]).parent.name for r in json.loads(out)["reports"]] == ["2021"]
    _, out, _ = run_cli(["reports", "--format", "json", "--exclude", "2021"], capsys)
    sources = [Path(r["source"]).parent.name for r in json.loads(out)["reports"]]
    assert sources == [".git", "node_modules", "node_modules"]  # drafts: the file's still
    # a file given by name is read even when a pattern names it (as in ruff)
    _code, out, _ = run_cli(["reports/drafts/r.txt", "--format", "json"], capsys)
    assert len(json.loads(out)["reports"]) == 1

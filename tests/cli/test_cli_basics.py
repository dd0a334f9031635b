"""The command line as a user meets it: exit codes, one clear line for bad input, no traceback."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from support import run_cli


def run(
    *args: str, cwd: Path | None = None, stdin: bytes | None = None
) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, cwd=cwd, stdin=stdin)


def assert_clean(p: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in p.stderr and "Traceback" not in p.stdout


def test_check_seed_text_output(seed_path: Path) -> None:
    p = run(str(seed_path))
    assert_clean(p)
    assert p.returncode == 0
    assert "潘集区人民政府" in p.stdout and "等级 A" in p.stdout
    assert "DDL002" in p.stdout
    # checks that could not run are named with their reason, not silently passed
    assert (
        "无法评估：XYR001, XYR002, XYR003, XYR004, XYR005, XYR006, XYR007 — 未提供上一年度报告"
        in p.stdout
    )


def test_check_subcommand_is_the_default(seed_path: Path) -> None:
    assert (
        run("check", str(seed_path), "--format", "json").stdout
        == run(str(seed_path), "--format", "json").stdout
    )


def test_json_output_shape(seed_path: Path) -> None:
    p = run(str(seed_path), "--format", "json", "--lang", "en")
    doc = json.loads(p.stdout)
    assert doc["schema_version"] == 1 and doc["tool"]["name"] == "gixcheck"
    assert doc["rulesets"] == [{"name": "national", "version": doc["rulesets"][0]["version"]}]
    rep = doc["reports"][0]
    assert set(rep) >= {"source", "sha256", "report", "score", "grade", "summary", "findings"}
    f = rep["findings"][0]
    assert set(f) == {
        "rule",
        "name",
        "severity",
        "category",
        "message",
        "location",
        "evidence",
        "fingerprint",
    }
    messages = [x["message"] for x in rep["findings"] if x["rule"] == "DDL002"]
    assert messages and all(m.startswith("the publication date is unknown") for m in messages)


def test_fail_on_changes_exit_code(seed_path: Path) -> None:
    assert run(str(seed_path), "--fail-on", "info").returncode == 1
    assert run(str(seed_path), "--fail-on", "warning").returncode == 0


def test_error_finding_exits_1(tmp_path: Path, seed_text: str) -> None:
    bad = tmp_path / "bad.txt"
    lines = seed_text.split("\n")
    lines[91] = "\t3"  # 一、本年新收 / 总计
    bad.write_text("\n".join(lines), encoding="utf-8")
    p = run(str(bad))
    assert p.returncode == 1
    assert "ARI001" in p.stdout and "第92行" in p.stdout


def test_output_file_and_extract_round_trip(seed_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "seed.json"
    p = run("extract", str(seed_path), "-o", str(out))
    assert p.returncode == 0, p.stderr
    q = run(str(out), "--format", "json", "-o", str(tmp_path / "r.json"))
    assert q.returncode == 0 and q.stdout == ""
    assert (
        json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["reports"][0]["grade"] == "A"
    )


def test_stdin(seed_path: Path) -> None:
    p = run("-", "--format", "json", stdin=seed_path.read_bytes())
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["reports"][0]["report"]["year"] == 2021


@pytest.mark.parametrize(
    ("name", "content", "needle"),
    [
        ("broken.json", b'{"schema_version": 1, "tables": ', "invalid JSON"),
        ("empty.txt", b"", "empty"),
        ("binary.bin.txt", bytes(range(256)) * 4, "binary"),
        ("notes.txt", "会议纪要\n今天天气很好。\n".encode(), "no report structure"),
        ("other.json", b'{"hello": "world"}', "not a gixcheck report"),
    ],
)
def test_bad_single_input_one_clear_line_exit_2(
    tmp_path: Path, name: str, content: bytes, needle: str
) -> None:
    f = tmp_path / name
    f.write_bytes(content)
    p = run(str(f), "--lang", "en")
    assert_clean(p)
    assert p.returncode == 2
    lines = [ln for ln in p.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and needle in lines[0], p.stderr


def test_folder_with_one_bad_file(tmp_path: Path, seed_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(seed_path.read_bytes())
    (tmp_path / "b.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "c.txt").write_bytes(seed_path.read_bytes())
    p = run(str(tmp_path), "--format", "json")
    assert_clean(p)
    assert p.returncode == 1  # the GIX001 error of b.json; a and c were still checked
    doc = json.loads(p.stdout)
    assert [Path(r["source"]).name for r in doc["reports"]] == ["a.txt", "b.json", "c.txt"]
    assert [f["rule"] for f in doc["reports"][1]["findings"]] == ["GIX001"]
    assert doc["reports"][0]["grade"] == "A" and doc["reports"][2]["grade"] == "A"
    assert "b.json" in p.stderr


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--rules", "nosuchset"], "unknown rule set 'nosuchset'"),
        (["--select", "XYZ999"], "unknown rule code or prefix 'XYZ999'"),
        (["--ignore", "ARI999"], "unknown rule code or prefix 'ARI999'"),
        (["--severity", "ARI001=fatal"], "--severity expects"),
        (["--no-such-option"], "No such option"),
        (["--fail-on", "sometimes"], "--fail-on"),
        (["--format", "pdf"], "unknown format"),
    ],
)
def test_bad_options_one_line_exit_2(seed_path: Path, args: list[str], needle: str) -> None:
    p = run(str(seed_path), *args)
    assert_clean(p)
    assert p.returncode == 2
    lines = [ln for ln in p.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and needle in lines[0], p.stderr


def test_missing_file_exit_2(tmp_path: Path) -> None:
    p = run(str(tmp_path / "nope.txt"))
    assert p.returncode == 2 and "no such file" in p.stderr


def test_select_ignore_severity(tmp_path: Path, seed_text: str) -> None:
    bad = tmp_path / "bad.txt"
    lines = seed_text.split("\n")
    lines[91] = "\t3"
    bad.write_text("\n".join(lines), encoding="utf-8")

    def rules(*args: str) -> set[str]:
        doc = json.loads(run(str(bad), "--format", "json", *args).stdout)
        return {f["rule"] for f in doc["reports"][0]["findings"]}

    assert rules("--select", "ARI") == {"ARI001", "ARI003"}
    assert rules("--select", "ARI", "--ignore", "ARI003") == {"ARI001"}
    assert not {r for r in rules("--ignore", "ARI,SEC") if r.startswith(("ARI", "SEC"))}
    p = run(str(bad), "--select", "ARI001", "--severity", "ARI001=warning")
    assert p.returncode == 0


def test_rules_explain_rulesets_plugins_schema() -> None:
    rules = run("rules", "--format", "json")
    codes = [r["code"] for r in json.loads(rules.stdout)]
    assert "ARI001" in codes and "GIX001" in codes
    ex = run("explain", "ari001")
    assert ex.returncode == 0
    for needle in ("ARI001", "格式2021", "fails:", "passes:", "How to fix"):
        assert needle in ex.stdout
    assert run("explain", "NOPE01").returncode == 2
    assert "national" in run("rulesets").stdout
    assert "gixcheck.default_plugins.kinds" in run("plugins").stdout
    schema = json.loads(run("schema").stdout)
    assert schema["$schema"].endswith("2020-12/schema")


def test_every_rule_has_an_explanation() -> None:
    # In-process (typer's CliRunner): the same command, options and exit code as the program,
    # without starting a Python per rule; test_rules_explain_rulesets_plugins_schema runs the
    # real program once.
    from typer.testing import CliRunner

    from gixcheck.cli import app

    runner = CliRunner()
    listed = runner.invoke(app, ["rules", "--format", "json"])
    assert listed.exit_code == 0, listed.output
    codes = [r["code"] for r in json.loads(listed.stdout)]
    assert "ARI001" in codes and "GIX001" in codes
    for code in codes:
        p = runner.invoke(app, ["explain", code])
        assert p.exit_code == 0 and "How to fix" in p.stdout, (code, p.output)
        assert p.stdout.startswith(f"{code} ("), code


def test_version_and_help() -> None:
    assert run("--version").stdout.startswith("gixcheck ")
    assert "extract" in run("--help").stdout

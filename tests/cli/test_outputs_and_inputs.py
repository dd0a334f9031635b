"""Outputs never destroy inputs and are complete or absent; the scan reports what it cannot
read; standard output and the terminal are treated with care (issue 12, issue 13)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gixcheck.cli import main
from support import sigint_default

DATA = Path(__file__).resolve().parent.parent / "data"
SEED = DATA / "text" / "seed_panji_2021.txt"
FORMATS = (
    ("json", "out.json"),
    ("sarif", "out.sarif"),
    ("junit", "out.xml"),
    ("html", "out.html"),
    ("csv", "out.csv"),
    ("github", "github.log"),
    ("text", "text.log"),
)


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main([*args, "--no-progress"] if args[0] not in ("extract", "-h") else args)
    out, err = capsys.readouterr()
    return int(exc.value.code or 0), out, err


def gixcheck(
    *args: str, env: dict[str, str] | None = None, **kw: object
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "gixcheck", *args],
        capture_output=True,
        env={**os.environ, **(env or {})},
        timeout=120,
        **kw,  # type: ignore[arg-type]
    )


def folder_with_a_broken_file(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "panji.txt").write_bytes(SEED.read_bytes())
    (folder / "broken.json").write_text('{"schema_version": 1, "tables": ', encoding="utf-8")
    return folder


def test_every_format_written_into_the_checked_folder_twice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = folder_with_a_broken_file(tmp_path)
    args = [str(folder)]
    for fmt, name in FORMATS:
        args += ["--format", fmt, "-o", str(folder / name)]
    written = []
    for _ in range(2):
        code, out, err = run_cli(args, capsys)
        assert code == 1 and out == "", err
        written.append({name: (folder / name).read_bytes() for _, name in FORMATS})
    assert written[0] == written[1]
    doc = json.loads(written[1]["out.json"])
    assert [Path(r["source"]).name for r in doc["reports"]] == ["broken.json", "panji.txt"]
    for _, name in FORMATS:
        assert b"broken.json" in written[1][name], name
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_an_output_naming_an_input_is_refused_before_anything_is_opened(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = folder_with_a_broken_file(tmp_path)
    report = folder / "panji.txt"
    before = report.read_bytes()
    for args in (
        [str(report), "-o", str(report)],
        [str(folder), "--format", "json", "-o", str(report)],
        ["baseline", "create", str(report), str(folder)],
        ["baseline", "create", str(report), str(report)],
        ["extract", str(report), "-o", str(report)],
    ):
        code, _out, err = run_cli(args, capsys)
        assert code == 2 and len(err.strip().splitlines()) == 1, (args, err)
        assert str(report) in err and ("input" in err or "report in the folder" in err), err
        assert report.read_bytes() == before


def test_a_failing_second_output_leaves_the_first_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = tmp_path / "first.json"
    first.write_text("the previous run's output\n", encoding="utf-8")
    args = [str(SEED), "--format", "json", "-o", str(first)]
    args += ["--format", "csv", "-o", str(tmp_path / "no" / "such" / "folder.csv")]
    code, _, err = run_cli(args, capsys)
    assert code == 2 and "cannot write" in err and "folder.csv" in err
    assert first.read_text(encoding="utf-8") == "the previous run's output\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["first.json"]


SLOW_PLUGIN = """
import time
from gixcheck.plugin_api import RuleKind, hookimpl

class Slow(RuleKind):
    name = "test.slow"
    def check(self, report, rule, ctx):
        time.sleep(0.3)
        return []

RULES = '''
[ruleset]
name = "slow"
extends = "national"
[rules.SLOW001]
name = "slow"
category = "test"
severity = "info"
kind = "test.slow"
summary = { en = "slow" }
message = { en = "slow" }
'''

@hookimpl
def gixcheck_rule_kinds():
    return [Slow]

@hookimpl
def gixcheck_rulesets():
    return [("slow", RULES)]
"""


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_stopped_run_says_what_was_not_checked_and_writes_no_output(
    tmp_path: Path, sig: int, code: int
) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    for i in range(40):
        (folder / f"r{i:02}.txt").write_bytes(SEED.read_bytes())
    plugin = tmp_path / "slow.py"
    plugin.write_text(SLOW_PLUGIN, encoding="utf-8")
    out = tmp_path / "out.json"
    out.write_text("yesterday's output\n", encoding="utf-8")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gixcheck",
            str(folder),
            "--plugin",
            str(plugin),
            "--rules",
            "slow",
            "--jobs",
            "1",
            "--lang",
            "en",
            "--format",
            "json",
            "-o",
            str(out),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=sigint_default,
    )
    time.sleep(3)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err
    assert "Traceback" not in err
    line = next(ln for ln in err.splitlines() if "interrupted" in ln)
    assert " of 40 inputs were not checked (from " in line and str(out) in line
    assert out.read_text(encoding="utf-8") == "yesterday's output\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json", "reports", "slow.py"]


def test_unreadable_and_linked_sub_folders_are_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "reports"
    (folder / "locked").mkdir(parents=True)
    (folder / "locked" / "hidden.txt").write_bytes(SEED.read_bytes())
    (folder / "panji.txt").write_bytes(SEED.read_bytes())
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "linked.txt").write_bytes(SEED.read_bytes())
    os.symlink(elsewhere, folder / "link")
    locked = str(folder / "locked")
    real_scandir, real_listdir = os.scandir, os.listdir

    def denied(path: object = ".") -> object:  # as a permission-less folder does (even for root)
        if os.fspath(path) == locked:  # type: ignore[call-overload]
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)  # type: ignore[call-overload]

    def denied_list(path: object = ".") -> object:
        if os.fspath(path) == locked:  # type: ignore[call-overload]
            raise PermissionError(13, "Permission denied")
        return real_listdir(path)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "scandir", denied)
    monkeypatch.setattr(os, "listdir", denied_list)
    code, out, err = run_cli([str(folder), "--format", "json", "--lang", "en"], capsys)
    doc = json.loads(out)
    assert [r["source"] for r in doc["reports"]] == [locked, str(folder / "panji.txt")]
    gix = doc["reports"][0]["findings"][0]
    assert gix["rule"] == "GIX001" and "cannot read the folder: Permission denied" in gix["message"]
    assert f"{folder / 'link'}: a symbolic link to a folder, not followed" in err
    assert "2 reports, 1 unreadable" in err and "1 folder links not followed" in err
    assert code == 1


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "latin-1", "ascii"])
def test_machine_formats_are_utf8_whatever_the_locale(tmp_path: Path, encoding: str) -> None:
    env = {"PYTHONIOENCODING": encoding, "LC_ALL": "C", "LANG": "C"}
    reference = gixcheck(str(SEED), "--format", "json", env={"PYTHONIOENCODING": "utf-8"})
    for fmt in ("json", "sarif", "junit", "csv", "github", "html"):
        p = gixcheck(str(SEED), "--format", fmt, env=env)
        assert p.returncode == 0, p.stderr.decode("utf-8", "replace")
        decoded = p.stdout.decode("utf-8")  # raises if it is not UTF-8
        assert "发布日期" in decoded, fmt
        if fmt == "json":
            assert p.stdout == reference.stdout
    text = gixcheck(str(SEED), env=env)  # for a person: the terminal's encoding, never a crash
    assert text.returncode == 0 and b"Traceback" not in text.stderr


def test_control_characters_in_file_names_never_reach_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    evil = tmp_path / "a\x1b]0;pwned\x07\x1b[2Jb.txt"
    evil.write_bytes(b"")
    p = gixcheck(str(evil), str(SEED), "--lang", "en")
    assert b"\x1b" not in p.stderr and b"\x07" not in p.stderr
    assert b"\\x1b]0;pwned\\x07\\x1b[2Jb.txt" in p.stderr


def test_a_closed_pipe_ends_the_run_quietly(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    for i in range(40):
        (folder / f"r{i:02}.txt").write_bytes(SEED.read_bytes())
    for fmt in ("json", "text"):
        p = subprocess.run(
            f'"{sys.executable}" -m gixcheck "{folder}" --format {fmt} --jobs 1 | head -c 10;'
            ' echo " status=${PIPESTATUS[0]}"',
            shell=True,
            executable="/bin/bash",
            capture_output=True,
            timeout=120,
        )
        assert b"Broken pipe" not in p.stderr and b"Traceback" not in p.stderr, p.stderr
        assert p.stderr == b"" and p.stdout.endswith(b" status=141\n"), p


def test_help_summary_and_words(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["-h"], capsys)
    assert code == 0 and "check" in out
    code, out, _ = run_cli(["check", "-h"], capsys)
    assert code == 0 and "--statistics" in out and "--quiet" in out
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.txt").write_bytes(SEED.read_bytes())
    (folder / "b.txt").write_bytes(b"")
    _, _, err = run_cli([str(folder), "--lang", "en"], capsys)
    assert err.splitlines()[-1] == (
        # the seed: DDL002 (no publication date) and SEC009 twice (preamble: no period, no contact)
        "gixcheck: 2 reports, 1 unreadable: 1 error, 0 warnings, 3 info; grades A:1"
    )
    _, _, err = run_cli([str(folder)], capsys)
    assert err.splitlines()[-1] == (
        "gixcheck: 2 份报告（1 份无法读取）：1 个错误，0 个警告，3 条提示；等级 A:1"
    )
    code, out, err = run_cli([str(folder), "--quiet"], capsys)
    assert err == "" and code == 1
    code, out, err = run_cli([str(folder), "--statistics", "--lang", "en"], capsys)
    assert "GIX001" in out and "The input could not be read" in out and "DDL002" in out

"""Cross-year for a folder (issue 12 §6): --previous DIR pairs by body and year, says which
reports found no pair; a previous report of another body is refused for that report; a FIFO
or a device is never read (issue 13)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gixcheck.cli import main

DATA = Path(__file__).resolve().parent.parent / "data"
SEED = DATA / "text" / "seed_panji_2021.txt"
SUQIAN_2023 = DATA / "json" / "suqian_2023.json"
SUQIAN_2024 = DATA / "json" / "suqian_2024.json"


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main([*args, "--no-progress", "--format", "json", "--lang", "en"])
    out, err = capsys.readouterr()
    return int(exc.value.code or 0), out, err


def xyr_reasons(rep: dict) -> set[str]:
    return {n["reason"] for n in rep["not_assessable"] if n["rule"].startswith("XYR")}


def with_metadata(path: Path, source: Path, **meta: object) -> Path:
    data = json.loads(source.read_text(encoding="utf-8"))
    data["metadata"].update(meta)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_previous_folder_pairs_each_report_by_body_and_year(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    last = tmp_path / "last"
    last.mkdir()
    (last / "a_suqian.json").write_bytes(SUQIAN_2023.read_bytes())
    # last year's report of another body, and one of this body but two years back
    with_metadata(last / "b_other.json", SUQIAN_2023, body="某县人民政府", year=2020)
    with_metadata(last / "c_old.json", SUQIAN_2023, year=2021)
    (last / "d_broken.json").write_text("{", encoding="utf-8")
    now = tmp_path / "now"
    now.mkdir()
    (now / "panji.txt").write_bytes(SEED.read_bytes())
    (now / "suqian.json").write_bytes(SUQIAN_2024.read_bytes())
    _code, out, err = run_cli([str(now), "--previous", str(last)], capsys)
    panji, suqian = json.loads(out)["reports"]
    assert not xyr_reasons(suqian)  # compared with a_suqian.json
    assert xyr_reasons(panji) == {f"{last} has no report of 潘集区人民政府 for 2020"}
    # the run says which report found no pair, and which of last year's files it could not use
    assert f"{now / 'panji.txt'}: no previous year's report paired" in err
    assert "d_broken.json" in err and "could not be read" in err


def test_two_previous_reports_of_one_body_and_year_are_ambiguous(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    last = tmp_path / "last"
    last.mkdir()
    (last / "one.json").write_bytes(SUQIAN_2023.read_bytes())
    (last / "two.json").write_bytes(SUQIAN_2023.read_bytes())
    _code, out, _ = run_cli([str(SUQIAN_2024), "--previous", str(last)], capsys)
    (rep,) = json.loads(out)["reports"]
    (reason,) = xyr_reasons(rep)
    assert "several reports of 宿迁市人民政府 for 2023 (one.json, two.json)" in reason


def test_previous_of_another_body_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = with_metadata(tmp_path / "other_2020.json", SUQIAN_2023, year=2020)
    _code, out, _err = run_cli([str(SEED), "--previous", str(other)], capsys)
    (rep,) = json.loads(out)["reports"]
    assert xyr_reasons(rep) == {
        "the previous report given is of 宿迁市人民政府, not 潘集区人民政府; they are not compared"
    }
    assert not [f for f in rep["findings"] if f["rule"].startswith("XYR")]


def test_one_previous_file_is_not_applied_to_a_folder_of_other_bodies(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    with_metadata(folder / "a_other.json", SUQIAN_2024, body="某县人民政府")
    (folder / "b_suqian.json").write_bytes(SUQIAN_2024.read_bytes())
    _code, out, _ = run_cli([str(folder), "--previous", str(SUQIAN_2023)], capsys)
    other, suqian = json.loads(out)["reports"]
    assert not xyr_reasons(suqian)
    (reason,) = xyr_reasons(other)
    assert "is of 宿迁市人民政府, not 某县人民政府" in reason


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_never_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    cmd = [sys.executable, "-m", "gixcheck", str(SEED), "--previous", str(fifo)]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    assert p.returncode == 2
    assert p.stderr.strip() == (
        f"gixcheck: error: --previous {fifo}: not a regular file or folder"
        " (a device or a pipe is never read)"
    )
    p = subprocess.run(
        [sys.executable, "-m", "gixcheck", str(fifo), "--lang", "en"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert p.returncode == 2 and "not a regular file" in p.stderr
    p = subprocess.run(
        [sys.executable, "-m", "gixcheck", str(SEED), "--previous", "/dev/zero"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert p.returncode == 2 and "not a regular file" in p.stderr


def test_a_name_with_its_parent_place_is_paired_only_when_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Real reports do this (洪泽区人民政府 2023, 淮安市洪泽区人民政府 2024); a district name
    # alone does not say which city's it is, so a folder never pairs them by itself.
    last = tmp_path / "last"
    last.mkdir()
    prev = with_metadata(last / "suqian_2023.json", SUQIAN_2023, body="江苏省宿迁市人民政府")
    _, out, _ = run_cli([str(SUQIAN_2024), "--previous", str(last)], capsys)
    (reason,) = xyr_reasons(json.loads(out)["reports"][0])
    assert reason.startswith(f"{last} has no report of 宿迁市人民政府 for 2023 ({prev} may be")
    _, out, _ = run_cli([str(SUQIAN_2024), "--previous", str(prev)], capsys)
    assert not xyr_reasons(json.loads(out)["reports"][0])  # named by the user: compared

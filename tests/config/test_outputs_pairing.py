"""--format/-o pairs: as typed, completed from the configuration file, one stdout at most."""

from __future__ import annotations

from pathlib import Path

import pytest

from gixcheck import config
from gixcheck.cli import main

SEED = Path(__file__).resolve().parent.parent / "data" / "text" / "seed_panji_2021.txt"


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(args)
    out, err = capsys.readouterr()
    return int(exc.value.code or 0), out, err


def test_pairing_of_formats_and_outputs() -> None:
    pair = config.pair_formats
    raw = ["x", "--format", "json", "-o", "a.json", "--format", "html", "-o", "a.html"]
    assert pair(["json", "html"], ["a.json", "a.html"], raw) == [
        ("json", "a.json"),
        ("html", "a.html"),
    ]
    raw = ["x", "--format", "text", "--format=json", "--output=a.json"]
    assert pair(["text", "json"], ["a.json"], raw) == [("text", None), ("json", "a.json")]
    raw = ["x", "-o", "a.json", "--format", "json"]
    assert pair(["json"], ["a.json"], raw) == [("json", "a.json")]
    with pytest.raises(config.ConfigError):
        pair(["json"], ["a", "b"], ["--format", "json", "-o", "a", "-o", "b"])


def test_two_formats_to_stdout_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli([str(SEED), "--format", "json", "--format", "csv"], capsys)
    assert code == 2 and "standard output" in err


def test_the_same_file_for_two_formats_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "a.out"
    args = [str(SEED), "--format", "json", "-o", str(out), "--format", "csv", "-o", str(out)]
    code, _, err = run_cli(args, capsys)
    assert code == 2 and "given for both --format json and --format csv" in err
    assert not out.exists()

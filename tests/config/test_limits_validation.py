"""Limits and weights that are not numbers a run can use (nan, inf, negative) are refused with
one line naming the key — on the command line, in a configuration file, in the Python API and
in a rule set (issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest

import gixcheck
from gixcheck.cli import main

SEED = Path(__file__).parents[1] / "data" / "text" / "seed_panji_2021.txt"
LIMITS = [
    ("timeout", "nan"),
    ("timeout", "inf"),
    ("timeout", "-1"),
    ("max-size", "inf"),
    ("max-size", "-3"),
    ("max-memory", "-5"),
    ("max-pages", "-1"),
]


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exc:
        main([str(SEED), "--no-progress", *args])
    return int(exc.value.code or 0), capsys.readouterr().err


@pytest.mark.parametrize(("key", "value"), LIMITS)
def test_a_limit_is_refused_everywhere(
    key: str, value: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _cli(capsys, f"--{key}", value)
    assert code == 2 and f"--{key} must be greater than 0" in err, err
    assert len(err.strip().splitlines()) == 1

    config = tmp_path / "gixcheck.toml"
    config.write_text(f"{key} = {value}\n", "utf-8")
    code, err = _cli(capsys, "--config", str(config))
    assert code == 2 and f"key '{key}' must be greater than 0" in err, err

    with pytest.raises(gixcheck.api.UsageError, match=f"--{key} must be greater than 0"):
        gixcheck.check(SEED, **{key.replace("-", "_"): float(value)})


RULE_SETS = [
    ("[grade]\nweights = { error = nan }", "[grade] weights"),
    ("[grade]\nweights = { warning = -1 }", "[grade] weights"),
    ("[grade]\nweights = { info = inf }", "[grade] weights"),
    ('[grade]\nbands = [["A", nan], ["E", 0]]', "[grade] bands"),
    ("[rules.DDL002]\nweight = nan", "rule DDL002: weight"),
    ("[rules.DDL002]\nweight = -1", "rule DDL002: weight"),
    ("[rules.DDL002]\nweight = inf", "rule DDL002: weight"),
    ("[rules.TXT006.params]\nrounding = nan", "params.rounding: must be a finite number"),
    ("[rules.XYR004.params]\nfactor = inf", "params.factor: must be a finite number"),
]


@pytest.mark.parametrize(("table", "said"), RULE_SETS)
def test_a_rule_set_weight_or_number_that_is_not_finite_is_refused(
    table: str, said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = tmp_path / "mine.toml"
    rules.write_text(f'[ruleset]\nname = "mine"\nextends = "national"\n{table}\n', "utf-8")
    code, err = _cli(capsys, "--rules", str(rules))
    assert code == 2 and said in err, err
    assert len(err.strip().splitlines()) == 1
    with pytest.raises(gixcheck.api.UsageError, match=said.replace("[", r"\[")):
        gixcheck.check(SEED, rules=str(rules))

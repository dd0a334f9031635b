"""The command line and the Python API are one session: the same options give the same
answer, or the same one-line error (issue 12 §1)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

import gixcheck
from gixcheck import api, config
from gixcheck.cli import main

DATA = Path(__file__).resolve().parent.parent / "data"
SEED = DATA / "text" / "seed_panji_2021.txt"
SUQIAN_2023 = DATA / "json" / "suqian_2023.json"
SUQIAN_2024 = DATA / "json" / "suqian_2024.json"


def cli_args(kwargs: dict[str, Any]) -> list[str]:
    """The command line spelling of the API's keyword arguments."""
    out: list[str] = []
    for name, value in kwargs.items():
        flag = config.KEYS[config.KWARGS[name]].flag
        if isinstance(value, bool):
            out += [flag] if value else []
        elif isinstance(value, dict):
            for k, v in value.items():
                out += [flag, f"{k}={v}"]
        elif isinstance(value, (list, tuple)):
            for v in value:
                out += [flag, str(v)]
        else:
            out += [flag, str(value)]
    return out


def through_cli(
    inputs: list[Path], kwargs: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    args = [*map(str, inputs), "--format", "json", "--no-progress", *cli_args(kwargs)]
    with pytest.raises(SystemExit) as exc:
        main(args)
    out, err = capsys.readouterr()
    return int(exc.value.code or 0), out, err


def bad_seed(tmp: Path) -> Path:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    lines[91] = "\t3"  # 一、本年新收 / 总计: ARI001 and ARI003
    p = tmp / "bad.txt"
    p.write_text("\n".join(lines), encoding="utf-8")
    return p


ANSWERS: list[tuple[str, dict[str, Any]]] = [
    ("nothing", {}),
    ("select", {"select": ["ARI"]}),
    ("ignore and extend", {"ignore": ["DDL", "TXT"], "extend_select": ["DDL002"]}),
    ("all but", {"select": ["ALL"], "ignore": ["DDL", "ARI003"]}),
    ("severity", {"severity": {"ARI001": "warning"}, "fail_on": "warning"}),
    ("english", {"lang": "en"}),
    ("published", {"published": "2022-01-20"}),
    ("never fail", {"fail_on": "never"}),
    ("limits", {"timeout": 30, "max_size": 5, "max_pages": 10, "max_memory": 4096}),
    ("jobs", {"jobs": 1}),
    ("previous of another body", {"previous": str(SUQIAN_2023), "lang": "en"}),
]


@pytest.mark.parametrize(("case", "kwargs"), ANSWERS, ids=[c for c, _ in ANSWERS])
def test_same_answer(
    case: str, kwargs: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inputs = [SEED, bad_seed(tmp_path)]
    code, out, err = through_cli(inputs, kwargs, capsys)
    assert "gixcheck: error" not in err, err
    result = gixcheck.check([str(p) for p in inputs], **kwargs)
    assert out == result.to_json(kwargs.get("lang", "zh"))
    assert code == result.exit_code()


def test_cross_year_answers_agree_for_a_real_pair(capsys: pytest.CaptureFixture[str]) -> None:
    kwargs = {"previous": str(SUQIAN_2023), "lang": "en"}
    code, out, _ = through_cli([SUQIAN_2024], kwargs, capsys)
    result = gixcheck.check(str(SUQIAN_2024), **kwargs)
    assert out == result.to_json("en") and code == result.exit_code()
    (rep,) = result.reports
    assert not [n for n in rep.not_assessable if n.rule.startswith("XYR")]


ERRORS: list[tuple[dict[str, Any], str]] = [
    ({"select": ["XYZ"]}, "--select: unknown rule code or prefix 'XYZ'"),
    ({"ignore": ["ARI999"]}, "--ignore: unknown rule code or prefix 'ARI999'"),
    ({"extend_select": ["ARI9"]}, "--extend-select: unknown rule code or prefix 'ARI9'"),
    ({"select": ["ARI-1"]}, "--select expects rule codes or prefixes (ARI, ARI001, ALL), not"),
    ({"ignore": ["GIX001"]}, "--ignore: GIX001 cannot be ignored"),
    ({"lang": "fr"}, "--lang must be zh or en, not 'fr'"),
    ({"fail_on": "sometimes"}, "--fail-on must be error, warning, info or never, not"),
    ({"published": "2031-02-30"}, "--published must be a real date YYYY-MM-DD, not '2031-02-30'"),
    ({"published": "2022-02-30"}, "--published must be a real date YYYY-MM-DD, not '2022-02-30'"),
    ({"published": "2022/01/20"}, "--published must be a date YYYY-MM-DD, not '2022/01/20'"),
    ({"timeout": math.nan}, "--timeout must be greater than 0 (a finite number), not nan"),
    ({"timeout": math.inf}, "--timeout must be greater than 0 (a finite number), not inf"),
    ({"timeout": -1.0}, "--timeout must be greater than 0 (a finite number), not -1.0"),
    ({"max_size": math.nan}, "--max-size must be greater than 0 (a finite number), not nan"),
    ({"max_size": 0.0}, "--max-size must be greater than 0 (a finite number), not 0.0"),
    ({"max_pages": 0}, "--max-pages must be greater than 0 (a whole number), not 0"),
    ({"max_memory": -5}, "--max-memory must be greater than 0 (a whole number), not -5"),
    ({"jobs": 0}, "--jobs must be greater than 0 (a whole number), not 0"),
    ({"severity": {"ARI001": "fatal"}}, "--severity expects CODE=error|warning|info, got"),
    ({"severity": {"XYZ1": "info"}}, "--severity: unknown rule code or prefix 'XYZ1'"),
    ({"rules": "nosuchset"}, "unknown rule set 'nosuchset'"),
    ({"previous": "/nonexistent/last.txt"}, "--previous /nonexistent/last.txt: no such file"),
    ({"baseline": "/nonexistent/b.json"}, "baseline /nonexistent/b.json: cannot read"),
]


@pytest.mark.parametrize(("kwargs", "message"), ERRORS, ids=[m[:40] for _, m in ERRORS])
def test_same_error(
    kwargs: dict[str, Any], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = through_cli([SEED], kwargs, capsys)
    lines = err.strip().splitlines()
    assert code == 2 and out == "" and len(lines) == 1, err
    assert lines[0].startswith("gixcheck: error: ")
    with pytest.raises(api.UsageError) as exc:
        gixcheck.check(str(SEED), **kwargs)
    assert str(exc.value) == lines[0].removeprefix("gixcheck: error: ")
    assert message in str(exc.value)


@pytest.mark.parametrize(
    ("grade", "needle"),
    [
        ("weights = { error = nan }", "weights maps error, warning and info to numbers"),
        ("weights = { error = -15 }", "weights maps error, warning and info to numbers"),
        ("bands = [['A', inf]]", "bands is a list"),
    ],
)
def test_rule_set_weights_are_checked_the_same_way(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], grade: str, needle: str
) -> None:
    rules = tmp_path / "mine.toml"
    rules.write_text(
        f'[ruleset]\nname = "mine"\nversion = "1"\nextends = "national"\n\n[grade]\n{grade}\n',
        encoding="utf-8",
    )
    test_same_error({"rules": str(rules)}, needle, capsys)


def test_unknown_keyword_argument_is_an_error() -> None:
    with pytest.raises(api.UsageError, match="unknown keyword argument 'selectt'"):
        gixcheck.check(str(SEED), selectt=["ARI"])


def test_api_reads_a_configuration_file_only_when_asked(tmp_path: Path) -> None:
    (tmp_path / "gixcheck.toml").write_text('select = ["ARI001"]\n', encoding="utf-8")
    report = bad_seed(tmp_path)
    everything = gixcheck.check(str(report))
    assert {f.rule for f in everything.reports[0].findings} > {"ARI001"}
    configured = gixcheck.check(str(report), config=str(tmp_path / "gixcheck.toml"))
    assert {f.rule for f in configured.reports[0].findings} == {"ARI001"}

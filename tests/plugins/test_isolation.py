"""A plugin can never break a run (issue 13): whatever its rules raise or return, whatever it
prints, however long its import takes, each failure is named and the run goes on."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from gixcheck.plugin_api import Extractor, hookimpl
from gixcheck.plugins import Host
from gixcheck.testing import run_rules

HOSTILE = Path(__file__).parent / "fixtures" / "hostile.py"
SEED = Path(__file__).parent.parent / "data" / "text" / "seed_panji_2021.txt"
MODES = {
    "HO001": "SystemExit: 0",
    "HO002": "GeneratorExit: closed",
    "HO003": "Gone: gone",
    "HO004": "not int",
    "HO005": "str",
    "HO006": "evidence",
    "HO007": "evidence",
    "HO008": "pointer",
}


def test_every_misbehaving_rule_is_a_named_gix003_in_process() -> None:
    result = run_rules(SEED, rules="hostile", plugins=[str(HOSTILE)])
    crashes = {f.evidence["rule"]: f for f in result.of("GIX003")}
    assert sorted(crashes) == sorted(MODES)
    for code, said in MODES.items():
        f = crashes[code]
        assert f.plugin == "hostile" and f.evidence["plugin"] == "hostile"
        assert said in f.evidence["error"], (code, f.evidence["error"])
    na = {n.rule for n in result.not_assessable}
    assert set(MODES) <= na
    assert "HO009" not in na  # the one that only prints ran fine
    assert "DDL002" in {f.rule for f in result.findings}  # the national rules still ran
    # a GIX003 is the tool's problem, never the report's: the findings serialise
    json.dumps([f.to_dict("en") for f in result.findings], allow_nan=False)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_misbehaving_plugin_keeps_the_json_whole(
    gx: SimpleNamespace, tmp_path: Path, jobs: str
) -> None:
    inputs = []
    for i in range(2 if jobs == "1" else 5):
        inputs.append(tmp_path / f"r{i}.txt")
        shutil.copy(SEED, inputs[-1])
    proc = gx.run(
        *inputs, "--plugin", HOSTILE, "--rules", "hostile", "--format", "json", "-j", jobs
    )
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 1, proc.stderr  # the national errors, not the SystemExit(0)
    doc = json.loads(proc.stdout)  # whole: nothing printed into it, nothing cut off
    assert len(doc["reports"]) == len(inputs)
    for report in doc["reports"]:
        crashed = {f["evidence"]["rule"] for f in report["findings"] if f["rule"] == "GIX003"}
        assert crashed == set(MODES)
    assert "PLUGIN NOISE" in proc.stderr  # where a plugin's print goes
    assert "PLUGIN NOISE" not in proc.stdout


class _RaisingExtractor:
    @staticmethod
    @hookimpl
    def gixcheck_extractors() -> list[Any]:
        def boom(data: bytes, name: str) -> Any:
            raise SystemExit(3)

        def sniff(head: bytes) -> bool:
            if head.startswith(b"SNIFFBOOM"):
                raise GeneratorExit("sniffed")
            return head.startswith(b"BOOM")

        return [Extractor(name="boom", suffixes=(".boom",), extract=boom, sniff=sniff, priority=99)]


@pytest.mark.parametrize(
    ("data", "said"), [(b"BOOM!", "SystemExit: 3"), (b"SNIFFBOOM", "GeneratorExit: sniffed")]
)
def test_an_extractor_that_raises_a_base_exception_is_gix001_naming_it(
    data: bytes, said: str
) -> None:
    from gixcheck import api

    h = Host(autoload=False, objects=(("boomer", _RaisingExtractor),))
    with pytest.raises(api.InputError) as info:
        api.load_report(data, "x.boom", h)
    assert info.value.en == f"the boom extractor (plugin boomer) failed: {said}"


@pytest.mark.parametrize("fmt", ["broken", "broken-render"])
def test_an_output_format_that_raises_leaves_the_others_written(
    gx: SimpleNamespace, tmp_path: Path, fmt: str
) -> None:
    out_json, out_broken = tmp_path / "out.json", tmp_path / "out.broken"
    proc = gx.run(
        SEED,
        "--plugin",
        HOSTILE,
        "--select",
        "DDL",
        "--format",
        fmt,
        "-o",
        out_broken,
        "--format",
        "json",
        "-o",
        out_json,
    )
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 2, proc.stderr  # an output asked for was not written
    (line,) = [x for x in proc.stderr.splitlines() if fmt in x]
    assert "hostile" in line and str(out_broken) in line
    assert len(json.loads(out_json.read_text("utf-8"))["reports"]) == 1
    assert not out_broken.exists()


def test_a_plugin_whose_import_hangs_is_refused_in_one_line(
    gx: SimpleNamespace, tmp_path: Path
) -> None:
    gx.fake_dist(
        tmp_path,
        "gixcheck-hangs",
        "hangs_mod",
        "import threading\nprint('IMPORT NOISE')\nthreading.Event().wait()\n",
    )
    env = {"PYTHONPATH": str(tmp_path), "GIXCHECK_PLUGIN_IMPORT_TIMEOUT": "1"}
    proc = gx.run(SEED, "--select", "DDL", "--format", "json", env=env)
    assert proc.returncode == 0, proc.stderr  # the run went on without the plugin
    assert len(json.loads(proc.stdout)["reports"]) == 1
    (line,) = [x for x in proc.stderr.splitlines() if "gixcheck-hangs" in x]
    assert "did not finish within 1 s" in line
    assert "IMPORT NOISE" not in proc.stdout

"""Formats with a sink stream: the run keeps no report in memory; html makes it hold them."""

from __future__ import annotations

import json
from pathlib import Path

from support import run_cli

SEED = Path(__file__).parents[1] / "data" / "text" / "seed_panji_2021.txt"

PLUGIN = """
import json, os
from gixcheck.plugin_api import hookimpl

@hookimpl
def gixcheck_finish_run(result):
    with open(os.environ["HELD_OUT"], "w") as f:
        json.dump(len(result.reports), f)
"""


def held(tmp_path: Path, *fmt_args: str) -> int:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for i in range(5):
        (folder / f"r{i}.txt").write_bytes(SEED.read_bytes())
    plugin = tmp_path / "count_held.py"
    plugin.write_text(PLUGIN, encoding="utf-8")
    out = tmp_path / "held.json"
    p = run_cli(
        str(folder),
        "--plugin",
        str(plugin),
        "--jobs",
        "1",
        *fmt_args,
        env={"HELD_OUT": str(out)},
    )
    assert p.returncode == 0, p.stderr
    return int(json.loads(out.read_text()))


def test_streamed_formats_hold_nothing(tmp_path: Path) -> None:
    assert (
        held(
            tmp_path,
            "--format",
            "json",
            "-o",
            str(tmp_path / "a.json"),
            "--format",
            "csv",
            "-o",
            str(tmp_path / "a.csv"),
        )
        == 0
    )
    doc = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert len(doc["reports"]) == 5


SINKLESS = """
from gixcheck.plugin_api import OutputFormat, hookimpl

@hookimpl
def gixcheck_output_formats():
    return [OutputFormat("count", lambda result, lang: f"{len(result.reports)}\\n")]
"""


def test_every_built_in_format_streams(tmp_path: Path) -> None:
    args: list[str] = []
    for fmt in ("json", "csv", "csv-reports", "sarif", "junit", "html", "github", "concise"):
        args += ["--format", fmt, "-o", str(tmp_path / f"a.{fmt}")]
    assert held(tmp_path, *args) == 0
    assert (tmp_path / "a.html").read_text(encoding="utf-8").count('class="report"') == 5


def test_a_format_without_a_sink_holds_the_results(tmp_path: Path) -> None:
    plugin = tmp_path / "sinkless.py"
    plugin.write_text(SINKLESS, encoding="utf-8")
    out = tmp_path / "a.count"
    assert held(tmp_path, "--plugin", str(plugin), "--format", "count", "-o", str(out)) == 5
    assert out.read_text(encoding="utf-8") == "5\n"


def test_streamed_json_equals_the_api_document(tmp_path: Path) -> None:
    import gixcheck

    p = run_cli(str(SEED), "--format", "json")
    assert p.stdout == gixcheck.check(SEED).to_json()

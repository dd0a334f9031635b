"""A folder checked again and again: what gixcheck wrote there is never read back as a report.

An auditor keeps the week's results next to the reports (``reports/audit.html``), under names
that change between runs, and redirects the text output into the folder
(``gixcheck reports/ > reports/results.txt``, a file the shell creates before gixcheck starts).
None of these is a report; reading one gave false SEC001 errors (the HTML page) or a GIX001 and
exit code 1 (the JSON results, the empty redirect target).  And a canonical report that
``gixcheck extract`` wrote *is* a report: an ``-o`` naming it must be refused, not allowed to
overwrite it because its extractor is called ``gixcheck.text``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import gixcheck
from gixcheck import inputs
from gixcheck.model import canonical_json

DATA = Path(__file__).resolve().parent.parent / "data"
SEED = DATA / "text" / "seed_panji_2021.txt"
EARLIER = (("json", "last_week.json"), ("sarif", "sarif.json"), ("junit", "junit.xml"))


def run(
    *args: str, cwd: Path, stdout: object = subprocess.PIPE
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gixcheck", *args, "--no-progress"],
        cwd=cwd,
        stdout=stdout,  # type: ignore[arg-type]
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        timeout=120,
        env={**os.environ, "NO_COLOR": "1"},
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    f = tmp_path / "reports"
    f.mkdir()
    shutil.copy(SEED, f / "panji.txt")
    return f


def test_outputs_of_an_earlier_run_under_other_names_are_skipped(folder: Path) -> None:
    args = [".", "--format", "html", "-o", "audit_week1.html"]
    for fmt, name in EARLIER:
        args += ["--format", fmt, "-o", name]
    first = run(*args, cwd=folder)
    assert first.returncode == 0, first.stderr
    assert run("baseline", "create", "baseline.json", "panji.txt", cwd=folder).returncode == 0
    # a second run writes elsewhere: last week's files are in the folder under other names
    second = run(".", "--format", "json", "-o", "../week2.json", cwd=folder)
    assert second.returncode == 0, second.stderr
    doc = json.loads((folder.parent / "week2.json").read_text(encoding="utf-8"))
    assert [r["source"] for r in doc["reports"]] == ["./panji.txt"]
    for name in ("audit_week1.html", "last_week.json", "sarif.json", "baseline.json"):
        assert f"./{name}" in second.stderr, second.stderr
    assert "junit.xml" not in second.stderr  # not a report suffix: never scanned


def test_the_file_standard_output_is_redirected_to_is_not_read(folder: Path) -> None:
    with open(folder / "results.txt", "w", encoding="utf-8") as out:
        done = run(".", "--format", "concise", cwd=folder, stdout=out)
    assert done.returncode == 0, done.stderr
    written = (folder / "results.txt").read_text(encoding="utf-8")
    assert "panji.txt" in written and "results.txt:" not in written
    assert "./results.txt" in done.stderr  # said, not silent
    # and the next run, with results.txt holding last run's text: it is still this run's target
    with open(folder / "results.txt", "w", encoding="utf-8") as out:
        again = run(".", "--format", "concise", cwd=folder, stdout=out)
    assert again.returncode == 0 and "GIX001" not in (folder / "results.txt").read_text("utf-8")


def test_an_extracted_report_in_the_folder_is_not_taken_for_an_output(folder: Path) -> None:
    extracted = folder / "panji_extracted.json"
    extracted.write_text(canonical_json(gixcheck.extract(SEED)), encoding="utf-8")
    before = extracted.read_bytes()
    assert b"gixcheck" in before  # its extractor is named: the old test for "ours" was fooled
    assert inputs.own_output_kind(str(extracted)) is None
    done = run(".", "--format", "json", "-o", "panji_extracted.json", cwd=folder)
    assert done.returncode == 2 and "would overwrite a report" in done.stderr, done.stderr
    assert extracted.read_bytes() == before
    checked = run(".", "--format", "json", cwd=folder)
    sources = [r["source"] for r in json.loads(checked.stdout)["reports"]]
    assert sources == ["./panji.txt", "./panji_extracted.json"]


def test_an_earlier_output_overwritten_by_name_is_allowed(folder: Path) -> None:
    assert run(".", "--format", "html", "-o", "audit.html", cwd=folder).returncode == 0
    assert inputs.own_output_kind(str(folder / "audit.html")) == "html"
    assert run(".", "--format", "html", "-o", "audit.html", cwd=folder).returncode == 0


def test_a_report_page_that_mentions_gixcheck_is_still_a_report(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>gixcheck</title></head><body><p>gixcheck 0.2 · national</p></body>",
        encoding="utf-8",
    )
    assert inputs.own_output_kind(str(page)) is None

"""A batch never loses a report: a worker that dies, hangs or stops is replaced, its document
becomes a GIX001 saying what happened, and every other report is still checked and written.

The misbehaving documents are claimed by ``fixtures/misbehave.py``; they only ever run in the
program's worker processes (a subprocess of the test), never in the test's own process.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from gixcheck import api
from gixcheck.model import canonical_json
from gixcheck.testing import minimal_report
from support import sigint_default

DATA = Path(__file__).resolve().parent.parent / "data"
SEED = DATA / "text" / "seed_panji_2021.txt"
PLUGIN = Path(__file__).resolve().parent / "fixtures" / "misbehave.py"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def seed_json() -> str:
    return canonical_json(api.extract(SEED))


def folder(tmp_path: Path, n: int, odd: dict[int, str], good: str | None = None) -> list[str]:
    """``n`` reports (``good``, by default the canonical JSON of the seed); report ``i`` in
    ``odd`` misbehaves."""
    root = tmp_path / "in"
    root.mkdir()
    good = good if good is not None else seed_json()
    names = []
    for i in range(n):
        if i in odd:
            p = root / f"r{i:05}.txt"
            p.write_bytes(f"GIXCHECK-TEST {odd[i]}\n".encode() + SEED.read_bytes())
        else:
            p = root / f"r{i:05}.json"
            p.write_text(good, encoding="utf-8")
        names.append(str(p))
    return names


def gixcheck(
    *args: str, timeout: float = 240, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gixcheck", "--plugin", str(PLUGIN), "--lang", "en", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "GIXCHECK_DISABLE_PLUGIN_AUTOLOAD": "1", **(env or {})},
    )


def gix001(report: dict) -> str | None:  # type: ignore[type-arg]
    msgs = [f["message"] for f in report["findings"] if f["rule"] == "GIX001"]
    return msgs[0] if msgs else None


@pytest.mark.parametrize(("action", "needle"), [("kill", "SIGKILL"), ("segv", "SIGSEGV")])
def test_a_dead_worker_costs_only_its_document(tmp_path: Path, action: str, needle: str) -> None:
    names = folder(tmp_path, 12, {5: action})
    p = gixcheck(str(tmp_path / "in"), "--format", "json", "--jobs", "2")
    assert "Traceback" not in p.stderr and "BrokenProcessPool" not in p.stderr, p.stderr
    doc = json.loads(p.stdout)
    assert [r["source"] for r in doc["reports"]] == names
    why = gix001(doc["reports"][5])
    assert why is not None and needle in why and "rest of the batch" in why, why
    assert all(
        gix001(r) is None and r["grade"] == "A" for i, r in enumerate(doc["reports"]) if i != 5
    )
    assert p.returncode == 1  # GIX001 is an error


def test_1500_reports_with_a_worker_killed_mid_run_all_accounted_for(tmp_path: Path) -> None:
    # the smallest schema-valid report, so that 1,500 of them stay cheap to check
    small = canonical_json(minimal_report())
    names = folder(tmp_path, 1500, {700: "kill", 701: "segv", 1499: "kill"}, good=small)
    out = tmp_path / "out.json"
    p = gixcheck(
        str(tmp_path / "in"), "--select", "GIX", "--format", "json", "-o", str(out), "--jobs", "2"
    )
    assert p.returncode == 1, p.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))  # complete, valid JSON
    assert [r["source"] for r in doc["reports"]] == names
    lost = {i: gix001(r) for i, r in enumerate(doc["reports"]) if gix001(r)}
    assert sorted(lost) == [700, 701, 1499], lost
    assert "SIGKILL" in lost[700] and "SIGSEGV" in lost[701] and "SIGKILL" in lost[1499]
    assert all(r["grade"] == "A" for i, r in enumerate(doc["reports"]) if i not in lost)
    assert "1500 reports, 3 unreadable" in p.stderr


def test_a_stopped_worker_is_killed_by_the_watchdog(tmp_path: Path) -> None:
    names = folder(tmp_path, 8, {2: "stop"})
    # 3 s: the good reports' margin on a loaded machine (they take milliseconds)
    p = gixcheck(str(tmp_path / "in"), "--format", "json", "--jobs", "2", "--timeout", "3")
    doc = json.loads(p.stdout)
    assert [r["source"] for r in doc["reports"]] == names
    why = gix001(doc["reports"][2])
    assert why is not None and "3-second limit (--timeout)" in why, why
    assert [i for i, r in enumerate(doc["reports"]) if gix001(r)] == [2]


def test_timeout_holds_inside_c_code(tmp_path: Path) -> None:
    # csleep blocks SIGALRM, as a parser busy in C code does: the worker's own timer cannot
    # fire, the parent's watchdog must.  (Old code: the batch waits the full 600 s.)
    # Margins, not timings: the good reports take milliseconds and get 5 s each even on a
    # loaded machine; the stuck ones would take 600 s, and the run is given 200 s in all.
    names = folder(tmp_path, 6, {1: "csleep 600", 4: "csleep 600"})
    p = gixcheck(
        str(tmp_path / "in"), "--format", "json", "--jobs", "2", "--timeout", "5", timeout=200
    )
    doc = json.loads(p.stdout)
    assert [r["source"] for r in doc["reports"]] == names
    assert [i for i, r in enumerate(doc["reports"]) if gix001(r)] == [1, 4]
    assert all("--timeout" in (gix001(doc["reports"][i]) or "") for i in (1, 4))


def test_systemexit_in_an_extractor_is_that_documents_gix001(tmp_path: Path) -> None:
    names = folder(tmp_path, 6, {3: "exit"})
    p = gixcheck(str(tmp_path / "in"), "--format", "json", "--jobs", "2")
    doc = json.loads(p.stdout)
    assert [r["source"] for r in doc["reports"]] == names
    why = gix001(doc["reports"][3])
    assert why is not None and "SystemExit" in why, why
    assert p.returncode == 1


def test_same_bytes_whatever_jobs_with_failures(tmp_path: Path) -> None:
    folder(tmp_path, 30, {3: "kill", 10: "sleep 0.3", 11: "segv", 20: "exit"})
    outs = [
        gixcheck(str(tmp_path / "in"), "--format", "json", "--jobs", j).stdout for j in ("2", "3")
    ]
    assert outs[0] == outs[1]
    assert len(json.loads(outs[0])["reports"]) == 30


# ----------------------------------------------------------------------------- signals


def marked(mark: str) -> set[int]:
    """Live processes whose environment carries ``mark`` (the run's own and its children)."""
    found = set()
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            env = (d / "environ").read_bytes()
        except OSError:
            continue
        if f"GIXCHECK_TEST_MARK={mark}".encode() in env.split(b"\0"):
            found.add(int(d.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_to_the_program_leaves_nothing_running(tmp_path: Path, sig: int) -> None:
    folder(tmp_path, 8, {i: "csleep 300" for i in range(8)})
    mark = uuid.uuid4().hex
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gixcheck",
            "--plugin",
            str(PLUGIN),
            str(tmp_path / "in"),
            "--format",
            "json",
            "--jobs",
            "2",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "GIXCHECK_TEST_MARK": mark, "GIXCHECK_DISABLE_PLUGIN_AUTOLOAD": "1"},
        preexec_fn=sigint_default,
    )
    try:
        deadline = time.monotonic() + 60
        # the program, its forkserver and resource tracker, and two workers
        while len(marked(mark)) < 5 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(marked(mark)) >= 5, marked(mark)
        time.sleep(1.0)  # the workers are inside their documents
        proc.send_signal(sig)
        # the caller's pipe closes: nothing left holds it open
        proc.communicate(timeout=30)
        deadline = time.monotonic() + 10
        while marked(mark) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not marked(mark)
    finally:
        for pid in marked(mark):
            os.kill(pid, signal.SIGKILL)
        proc.kill()
        proc.wait()
    if sig == signal.SIGINT:
        assert proc.returncode == 130


def test_a_slow_document_holds_back_only_itself(tmp_path: Path) -> None:
    # Report 0 waits until report 400 has been read: with the old window of 4 × jobs reports in
    # flight, report 400 could not start before report 0 finished (a 60 s stall).
    flag = tmp_path / "flag"
    names = folder(tmp_path, 401, {0: f"waitfor {flag}", 400: f"touch {flag}"})
    p = gixcheck(
        str(tmp_path / "in"),
        *("--select", "GIX", "--format", "json", "--jobs", "2", "--timeout", "120"),
        timeout=200,
    )
    doc = json.loads(p.stdout)
    assert [r["source"] for r in doc["reports"]] == names
    assert flag.exists()
    # report 0 was read after the flag appeared: no time limit hit, no stall
    assert not any(gix001(r) for r in doc["reports"])

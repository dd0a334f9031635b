"""Every per-document limit ends in a GIX001 naming it, and the batch goes on."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).parents[1] / "data"
SEED = DATA / "text" / "seed_panji_2021.txt"
PDF = DATA / "pdf" / "hzq2023_working.pdf"


def check(*args: str) -> dict:  # type: ignore[type-arg]
    p = subprocess.run(
        [sys.executable, "-m", "gixcheck", "--format", "json", "--lang", "en", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in p.stderr
    return json.loads(p.stdout)  # type: ignore[no-any-return]


def messages(doc: dict) -> list[str]:  # type: ignore[type-arg]
    return [f["message"] for r in doc["reports"] for f in r["findings"] if f["rule"] == "GIX001"]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--max-pages", "3"], "--max-pages"),
        (["--max-size", "0.1"], "--max-size"),
        (["--timeout", "0.001"], "--timeout"),
    ],
)
def test_limit_is_named_and_others_go_on(args: list[str], needle: str) -> None:
    doc = check(str(PDF), str(SEED), *args)
    assert any(needle in m for m in messages(doc)), messages(doc)
    if needle != "--timeout":  # the seed is small and quick: it is still checked
        assert doc["reports"][1]["grade"] == "A"


def test_memory_limit_applies_to_the_program_itself() -> None:
    # --jobs 1 checks in the program's own process: the limit must hold there too, and running
    # out of memory is reported as the limit, not as a damaged PDF.  (PDFium reads this PDF in
    # less than 60 MB of address space: the cap is set below what the process already holds.)
    doc = check(str(PDF), "--jobs", "1", "--max-memory", "30")
    assert any("--max-memory" in m for m in messages(doc)), messages(doc)


def test_limits_in_configuration(tmp_path: Path) -> None:
    (tmp_path / "gixcheck.toml").write_text("max-pages = 3\n", encoding="utf-8")
    p = subprocess.run(
        [sys.executable, "-m", "gixcheck", str(PDF), "--format", "json", "--lang", "en"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert any("--max-pages" in m for m in messages(json.loads(p.stdout)))


def test_bad_limit_value_exit_2() -> None:
    p = subprocess.run(
        [sys.executable, "-m", "gixcheck", str(SEED), "--max-pages", "0"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert p.returncode == 2 and "--max-pages must be greater than 0" in p.stderr


@pytest.mark.parametrize("before", ["default", "ignore", "function"])
def test_time_limit_puts_the_alarm_handler_back(before: str) -> None:
    """A document's time limit is its own SIGALRM handler while it runs; the handler the
    process had before (default, ignored, or its own function) is the one it has after, as
    ``signal.getsignal`` tells it, whether the document ends or runs out of time."""
    import signal
    import time

    from gixcheck import limits

    def own(signum: int, frame: object) -> None:  # pragma: no cover - never fires
        pass

    handler = {"default": signal.SIG_DFL, "ignore": signal.SIG_IGN, "function": own}[before]
    previous = signal.signal(signal.SIGALRM, handler)
    try:
        with limits.applied(limits.Limits(timeout=30)):
            assert signal.getsignal(signal.SIGALRM) is limits._expired
        assert signal.getsignal(signal.SIGALRM) == handler
        with pytest.raises(limits.DocumentTimeout), limits.applied(limits.Limits(timeout=0.01)):
            time.sleep(1)
        assert signal.getsignal(signal.SIGALRM) == handler
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    finally:
        signal.signal(signal.SIGALRM, previous)

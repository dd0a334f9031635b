"""Every word the formats name exists in messages/output.toml, in both languages."""

from __future__ import annotations

import re
from pathlib import Path

from gixcheck.messages import catalogue
from gixcheck.output.common import SEVERITIES, counted, word

OUTPUT = Path(__file__).resolve().parents[2] / "src" / "gixcheck" / "output"


def test_every_word_named_in_the_formats_exists() -> None:
    entries = catalogue("output")
    named = set()
    for path in OUTPUT.rglob("*.py"):
        named |= set(re.findall(r"""\bword\(\s*["']([a-z_0-9]+)["']""", path.read_text("utf-8")))
    assert named, "no word() call found: the pattern is stale"
    missing = sorted(k for k in named if k not in entries)
    assert not missing, missing
    for key, entry in entries.items():
        assert entry.get("zh") and entry.get("en"), key


def test_counts_and_severities() -> None:
    for sev in SEVERITIES:
        assert word(f"severity_{sev}", "zh") in ("错误", "警告", "提示")
        counted(sev, 3, "zh")
    assert counted("warning", 1, "en") == "1 warning"
    assert counted("warning", 2, "en") == "2 warnings"
    assert counted("info", 1, "en") == "1 info"
    assert counted("report", 0, "en") == "0 reports"
    assert counted("error", 1, "zh") == "1 个错误"

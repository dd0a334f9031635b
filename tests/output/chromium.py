"""Driving the installed Chromium headless (Playwright is not installed): DOM dumps, screenshots,
printing, and a page's own script or a test's probe under the page's Content-Security-Policy."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = next(
    (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None
)
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium installed (apt-get install -y chromium)"
)
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # nothing may leave the machine even if the page tried: every host name fails to resolve
    "--host-resolver-rules=MAP * ~NOTFOUND",
]


def chromium(args: list[str], profile: Path, timeout: int = 120) -> str:
    assert CHROMIUM is not None
    proc = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def with_probe(page: str, script: str) -> str:
    """The page with a test's script before ``</body>``, allowed by adding its hash to the
    page's Content-Security-Policy (which runs nothing it does not name)."""
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    policy = re.search(r"script-src ([^;\"]+)", page)
    assert policy, "the page has no script-src policy"
    page = page.replace(policy.group(0), f"{policy.group(0)} 'sha256-{digest}'", 1)
    return page.replace("</body>", f"<script>{script}</script></body>", 1)


def page_requests(netlog: Path) -> list[str]:
    """URLs the page itself asked for (the browser's own service traffic is left out)."""
    log = json.loads(netlog.read_text(encoding="utf-8"))
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    return [
        e["params"]["url"]
        for e in log["events"]
        if e.get("type") == start
        and str(e.get("params", {}).get("network_isolation_key", "")).startswith("file://")
    ]

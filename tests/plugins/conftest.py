"""Helpers for the plugin tests: run the command line in a subprocess (a fresh plugin host and
the real environment), read its JSON, and build throwaway installed distributions."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
DATA = HERE.parent / "data"
SEED = DATA / "text" / "seed_panji_2021.txt"


def gixcheck(
    *args: str | Path, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    for var in ("GIXCHECK_DISABLE_PLUGIN_AUTOLOAD", "GIXCHECK_TRACE_HOOKS"):
        if env is None or var not in env:
            full_env.pop(var, None)
    return subprocess.run(
        [sys.executable, "-c", "from gixcheck.cli import main; main()", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=full_env,
        cwd=cwd,
        timeout=120,
    )


def findings(proc: subprocess.CompletedProcess[str]) -> list[list[dict[str, Any]]]:
    """Per report, the findings of a ``--format json`` run."""
    doc = json.loads(proc.stdout)
    return [r["findings"] for r in doc["reports"]]


def codes(found: list[dict[str, Any]]) -> list[str]:
    return sorted({f["rule"] for f in found})


def fake_dist(root: Path, name: str, module: str, source: str, version: str = "1.0") -> None:
    """A throwaway installed distribution: a dist-info with a ``gixcheck`` entry point."""
    info = root / f"{name}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", "utf-8"
    )
    (info / "entry_points.txt").write_text(f"[gixcheck]\n{name} = {module}\n", "utf-8")
    (root / f"{module}.py").write_text(source, "utf-8")


@pytest.fixture
def gx() -> SimpleNamespace:
    return SimpleNamespace(
        run=gixcheck,
        findings=findings,
        codes=codes,
        fake_dist=fake_dist,
        FIXTURES=FIXTURES,
        DATA=DATA,
        SEED=SEED,
        HERE=HERE,
    )

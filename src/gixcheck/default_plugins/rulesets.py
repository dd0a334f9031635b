"""The built-in rule sets: every ``*.toml`` shipped in the package's ``rules/`` folder."""

from __future__ import annotations

from pathlib import Path

from gixcheck.plugin_api import hookimpl
from gixcheck.resources import rules_dir


@hookimpl
def gixcheck_rulesets() -> list[Path]:
    return sorted(rules_dir().glob("*.toml"))

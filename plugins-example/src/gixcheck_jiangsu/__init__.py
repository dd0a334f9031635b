"""gixcheck-jiangsu: an example provincial pack (rule set ``jiangsu`` extending ``national``).

The whole plugin is this module's two hook functions; everything it imports from gixcheck comes
from :mod:`gixcheck.plugin_api`, the stable API.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gixcheck.plugin_api import hookimpl
from gixcheck_jiangsu.kinds import PublishedBy, TownshipTotals

__version__ = "0.1.0"

RULES = Path(__file__).with_name("jiangsu.toml")


@hookimpl
def gixcheck_rule_kinds() -> list[Any]:
    return [PublishedBy, TownshipTotals]


@hookimpl
def gixcheck_rulesets() -> list[Path]:
    return [RULES]

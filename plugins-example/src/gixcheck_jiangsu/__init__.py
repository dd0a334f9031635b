"""gixcheck-jiangsu: an example provincial pack (rule set ``jiangsu`` extending ``national``).

The whole plugin is this module's hook functions; everything it imports from gixcheck comes from
:mod:`gixcheck.plugin`, the versioned plugin API.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from gixcheck.plugin import Pack, RuleKind, hookimpl
from gixcheck_jiangsu.kinds import Settings, TownshipTotals

__version__ = "0.2.0"

RULES = Path(__file__).with_name("jiangsu.toml")
PACK = Pack(
    name="jiangsu",  # what `requires`, [tool.gixcheck.plugins.jiangsu] and --plugin-option use
    version=__version__,
    api=">=1.1,<2",  # the plugin API this pack was written for; checked when it is loaded
    settings=Settings,
    description="example Jiangsu pack: national rules plus local requirements",
)


@hookimpl
def gixcheck_pack() -> Pack:
    return PACK


@hookimpl
def gixcheck_rule_kinds() -> Sequence[type[RuleKind]]:
    return [TownshipTotals]


@hookimpl
def gixcheck_rulesets() -> Sequence[Path]:
    return [RULES]


if TYPE_CHECKING:  # mypy checks the hooks above against the plugin API's specifications
    import gixcheck_jiangsu as _this
    from gixcheck.plugin import ProvidesPack, ProvidesRuleKinds, ProvidesRuleSets

    _pack: ProvidesPack = _this
    _kinds: ProvidesRuleKinds = _this
    _rulesets: ProvidesRuleSets = _this

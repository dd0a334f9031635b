"""Every hook gixcheck calls, typed; documented here and in ``docs/hooks.md``.

Plugins are found through the ``gixcheck`` entry-point group (or ``--plugin``).  Built-in rule
kinds, rule sets, extractors and output formats are registered through these same hooks as
default plugins (see :mod:`gixcheck.plugins`), so a third party can do everything a built-in does.

Implement a hook with ``@gixcheck.plugin.hookimpl``.  Every ``gixcheck_*`` function of a plugin
is taken as a hook, marked or not, and a name that is not one of these is a load error
(``unknown hook gixcheck_rulesetz (did you mean gixcheck_rulesets?)``), so a typo is caught
rather than silently ignored.  ``docs/hooks.md`` documents each hook; a test keeps it complete.

The protocols below (``ProvidesRuleKinds`` …) are each hook as a module would implement it: a
pack can have mypy check its hooks' signatures by assigning its module to them (see
``plugins-example/src/gixcheck_jiangsu/__init__.py``).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Protocol

import pluggy

from gixcheck.plugin.formats import Extractor, OutputFormat, RunResult
from gixcheck.plugin.kind import RuleKind
from gixcheck.plugin.pack import Pack

__all__ = [
    "ExtendsRun",
    "ProvidesExtractors",
    "ProvidesOutputFormats",
    "ProvidesPack",
    "ProvidesRuleKinds",
    "ProvidesRuleSets",
    "RuleSetSpec",
    "gixcheck_extractors",
    "gixcheck_finish_run",
    "gixcheck_output_formats",
    "gixcheck_pack",
    "gixcheck_rule_kinds",
    "gixcheck_rulesets",
    "hookimpl",
    "hookspec",
]

hookspec = pluggy.HookspecMarker("gixcheck")
hookimpl = pluggy.HookimplMarker("gixcheck")

# A rule set to register: a path to a TOML file, or ``(name, toml_text)``.
RuleSetSpec = str | os.PathLike[str] | tuple[str, str]


@hookspec(firstresult=True)
def gixcheck_pack() -> Pack | None:
    """Return the pack's declaration: its name, version, the plugin API range it needs and
    its settings schema.

    Called first, before any other hook of the plugin: a pack whose API range this gixcheck
    is outside is not loaded (one line names the pack and both versions).  Without it the
    plugin is named after its entry point or module and its API range is not checked.
    """


@hookspec
def gixcheck_rule_kinds() -> Sequence[type[RuleKind] | RuleKind] | None:
    """Return rule kind classes (subclasses of ``RuleKind``) or instances to register.

    Each kind's ``name`` is what rule sets refer to in ``kind = "…"``; two plugins registering
    the same name is a load error naming both.  A class is instantiated once, at load.
    """


@hookspec
def gixcheck_rulesets() -> Sequence[RuleSetSpec] | None:
    """Return rule sets to register: paths to TOML files, or ``(name, toml_text)`` pairs.

    A rule set may ``extends = "national"`` and may list the plugins it ``requires``; if a
    required plugin failed to load, running that set stops with exit code 2.
    """


@hookspec
def gixcheck_extractors() -> Sequence[Extractor] | None:
    """Return extractors (``Extractor``): a format name, the file suffixes it claims, a
    ``sniff(head: bytes) -> bool`` for content sniffing and
    ``extract(data: bytes, name: str) -> Document``.  Sniffing wins over suffixes.
    """


@hookspec
def gixcheck_output_formats() -> Sequence[OutputFormat] | None:
    """Return output formats (``OutputFormat``): a name, ``render(result, lang) -> str``, an
    optional streaming ``sink`` and what the format ``needs`` from the run."""


@hookspec
def gixcheck_finish_run(result: RunResult) -> None:
    """Called once with the finished run before output is closed; may add to
    ``result.extra`` (e.g. a summary) but must not remove findings.
    """


# ----------------------------------------------------------------------------- for mypy


class ProvidesPack(Protocol):
    def gixcheck_pack(self) -> Pack | None: ...


class ProvidesRuleKinds(Protocol):
    def gixcheck_rule_kinds(self) -> Sequence[type[RuleKind] | RuleKind] | None: ...


class ProvidesRuleSets(Protocol):
    def gixcheck_rulesets(self) -> Sequence[RuleSetSpec] | None: ...


class ProvidesExtractors(Protocol):
    def gixcheck_extractors(self) -> Sequence[Extractor] | None: ...


class ProvidesOutputFormats(Protocol):
    def gixcheck_output_formats(self) -> Sequence[OutputFormat] | None: ...


class ExtendsRun(Protocol):
    def gixcheck_finish_run(self, result: RunResult) -> None: ...

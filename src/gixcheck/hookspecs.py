"""The whole plugin API surface: every hook gixcheck calls, documented here and nowhere else.

Plugins are found through the ``gixcheck`` entry-point group (or ``--plugin``).  Built-in rule
kinds, rule sets, extractors and output formats are registered through these same hooks as
default plugins (see :mod:`gixcheck.plugins`), so a third party can do everything a built-in does.

Implement a hook with ``@gixcheck.plugin_api.hookimpl``.  Every ``gixcheck_*`` function of a
plugin is taken as a hook, marked or not, and a name that is not one of these is a load error
(``unknown hook gixcheck_rulesetz (did you mean gixcheck_rulesets?)``), so a typo is caught
rather than silently ignored.  ``docs/hooks.md`` documents each hook; a test keeps it complete.
"""

from __future__ import annotations

from typing import Any

import pluggy

hookspec = pluggy.HookspecMarker("gixcheck")


@hookspec
def gixcheck_rule_kinds() -> list[Any]:
    """Return rule kind classes (subclasses of ``plugin_api.RuleKind``) to register.

    Each kind's ``name`` is what rule sets refer to in ``kind = "…"``; two plugins registering
    the same name is a load error naming both.
    """


@hookspec
def gixcheck_rulesets() -> list[Any]:
    """Return rule sets to register: paths to TOML files, or ``(name, toml_text)`` pairs.

    A rule set may ``extends = "national"`` and may list the plugins it ``requires``; if a
    required plugin failed to load, running that set stops with exit code 2.
    """


@hookspec
def gixcheck_extractors() -> list[Any]:
    """Return extractors (``plugin_api.Extractor``): a format name, the file suffixes it
    claims, a ``sniff(head: bytes) -> bool`` for content sniffing and
    ``extract(data: bytes, name: str) -> Document``.  Sniffing wins over suffixes.
    """


@hookspec
def gixcheck_output_formats() -> list[Any]:
    """Return output formats (``plugin_api.OutputFormat``): a name and
    ``render(result, lang) -> str``.
    """


@hookspec
def gixcheck_finish_run(result: Any) -> None:
    """Called once with the finished ``CheckResult`` before output; may add to
    ``result.extra`` (e.g. a summary) but must not remove findings.
    """

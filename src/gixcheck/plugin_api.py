"""The stable API for plugins: the only module a plugin needs to import.

Everything else in gixcheck is internal and may change between versions; the names here keep
working.  See ``docs/plugins.md`` and :mod:`gixcheck.hookspecs` for the hooks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pluggy

from gixcheck.extract.document import (
    Cell,
    Document,
    ExtractionError,
    Paragraph,
    Table,
)
from gixcheck.kinds.base import Context, Outcome, RuleKind, Violation
from gixcheck.labels import fold, normalise
from gixcheck.model import CellValue, Finding, Location, NotAssessable, Report, Severity
from gixcheck.rulesets import Rule

hookimpl = pluggy.HookimplMarker("gixcheck")


@dataclass(frozen=True)
class Extractor:
    """An input format: ``sniff`` looks at the first bytes, ``suffixes`` are a fallback."""

    name: str
    suffixes: tuple[str, ...]
    extract: Callable[[bytes, str], Document]
    sniff: Callable[[bytes], bool] | None = None
    priority: int = 0  # higher sniffers are asked first


@dataclass(frozen=True)
class OutputFormat:
    """An output format: ``render(result, lang)`` returns the whole document as text."""

    name: str
    render: Callable[[Any, str], str]
    description: str = ""


__all__ = [
    "Cell",
    "CellValue",
    "Context",
    "Document",
    "ExtractionError",
    "Extractor",
    "Finding",
    "Location",
    "NotAssessable",
    "Outcome",
    "OutputFormat",
    "Paragraph",
    "Report",
    "Rule",
    "RuleKind",
    "Severity",
    "Table",
    "Violation",
    "fold",
    "hookimpl",
    "normalise",
]

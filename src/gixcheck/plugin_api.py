"""The stable API for plugins: the only module a plugin needs to import.

Everything else in gixcheck is internal and may change between versions; the names here keep
working.  See ``docs/plugins.md`` and :mod:`gixcheck.hookspecs` for the hooks.
"""

from __future__ import annotations

import os
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
from gixcheck.labels import TABLE_NAMES, display, fold, normalise
from gixcheck.model import (
    CellValue,
    Finding,
    Location,
    NotAssessable,
    Report,
    Severity,
    cell_label,
    escape_pointer,
)
from gixcheck.rulesets import Rule

API_VERSION = 1  # bumped only when a name here changes incompatibly

hookimpl = pluggy.HookimplMarker("gixcheck")


class UnreadableReport(Exception):
    """:func:`read_report` could not turn a file into a report; ``zh``/``en`` say why."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en


def read_report(path: str | os.PathLike[str], plugins: tuple[str, ...] = ()) -> Report:
    """Another report a kind needs (a township's, last year's), in any format gixcheck reads.

    JSON made by ``gixcheck extract`` is read as is; HTML, text, DOCX and PDF go through the
    registered extractors.  Raises :class:`UnreadableReport` with the reason in both languages.
    """
    # imported here: gixcheck.api imports the plugin host, which imports this module
    from gixcheck import api
    from gixcheck.plugins import host

    name = os.fspath(path)
    try:
        data = api.read_bytes(name)
        return Report(api.load_report(data, name, host(plugins)))
    except api.InputError as exc:
        raise UnreadableReport(exc.zh, exc.en) from None


@dataclass(frozen=True)
class Extractor:
    """An input format: ``sniff`` looks at the first bytes, ``suffixes`` are a fallback."""

    name: str
    suffixes: tuple[str, ...]
    extract: Callable[[bytes, str], Document]
    sniff: Callable[[bytes], bool] | None = None
    priority: int = 0  # higher sniffers are asked first


# What an output format may declare it needs from the run (OutputFormat.needs).
NEEDS = {
    # keep each report's canonical tables in the results it is given (the HTML page draws
    # them); without it results carry only the metadata, which keeps a batch's memory small
    "tables",
    # when it writes to standard output, make the sink with ``console=``: a rich Console for
    # that stream (colour on a terminal, plain in a pipe), which prints above a progress bar
    "terminal",
}


@dataclass(frozen=True)
class OutputFormat:
    """An output format: ``render(result, lang)`` returns the whole document as text.

    A format whose document is a head, one part per report and a tail also gives ``sink``:
    ``sink(result, lang)`` returns an object with ``start()``, ``add(report)`` and ``close()``,
    each returning the text to write next (a string, or an iterable of strings written in
    order).  The CLI then writes each report's part as it is checked and keeps no report in
    memory (``result.reports`` is empty while streaming), so memory stays flat however many
    reports a batch holds.  ``gixcheck.output.common.Sink`` is a base class and
    ``gixcheck.output.common.Spool`` keeps parts on disk for a document whose head depends on
    every report.

    ``needs`` declares what the format needs from the run — any of :data:`NEEDS`; the host
    gives it that and nothing else, whatever the format is called (built-in ones included).
    """

    name: str
    render: Callable[[Any, str], str]
    description: str = ""
    sink: Callable[..., Any] | None = None
    needs: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        unknown = sorted(set(self.needs) - NEEDS)
        if unknown:
            raise ValueError(
                f"output format {self.name!r} needs {', '.join(map(repr, unknown))}: "
                f"not one of {', '.join(sorted(NEEDS))}"
            )
        object.__setattr__(self, "needs", frozenset(self.needs))


__all__ = [
    "API_VERSION",
    "NEEDS",
    "TABLE_NAMES",
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
    "UnreadableReport",
    "Violation",
    "cell_label",
    "display",
    "escape_pointer",
    "fold",
    "hookimpl",
    "normalise",
    "read_report",
]

"""gixcheck's plugin API: the one package a rule pack imports.

Everything here is versioned (:data:`API_VERSION`, see :mod:`gixcheck.plugin.version`): a name
keeps working within a major version.  Everything else in gixcheck is internal.  The built-in
kinds, extractors and formats are made of these same pieces — the cell-reference resolver, the
number formatting, the claim helpers — so a pack's checks read, resolve and report exactly as
the national ones do.  ``gixcheck.plugin_api`` is the same API under its older name.

This package depends on the report model, the form's labels, the rule-set data and the claims
only — never on the orchestration (the session, the CLI, the batch, the plugin host);
``tests/test_layering.py`` keeps it so.  See ``docs/plugins.md`` and ``docs/hooks.md``.
"""

from __future__ import annotations

from gixcheck.extract.document import Cell, Document, ExtractionError, Paragraph, Table
from gixcheck.kinds import refs
from gixcheck.kinds.params import NoParams, doc
from gixcheck.kinds.refs import CellRef, RefError, parse_ref, parse_refs, rows_under
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
from gixcheck.plugin.claims import (
    Claim,
    PlacedClaim,
    cell_evidence,
    claim_evidence,
    report_claims,
    usable_claim,
    usable_claims,
)
from gixcheck.plugin.formats import (
    NEEDS,
    Chunks,
    Extractor,
    Need,
    OutputFormat,
    Piece,
    Render,
    ReportOutcome,
    RunResult,
    Sink,
    SinkFactory,
)
from gixcheck.plugin.hookspecs import (
    ExtendsRun,
    ProvidesExtractors,
    ProvidesOutputFormats,
    ProvidesPack,
    ProvidesRuleKinds,
    ProvidesRuleSets,
    RuleSetSpec,
    hookimpl,
)
from gixcheck.plugin.kind import (
    Context,
    Outcome,
    ReportReader,
    RuleKind,
    UnreadableReport,
    Violation,
    read_report,
)
from gixcheck.plugin.messages import Catalogue, Text
from gixcheck.plugin.numbers import format_number
from gixcheck.plugin.pack import Pack
from gixcheck.plugin.version import API_VERSION, RULESET_FORMAT, Version
from gixcheck.rulesets import Rule

# The one resolver of cell references, under the names a pack reads best (the same functions).
resolve_cells = refs.cells
cells_total = refs.total

__all__ = [
    "API_VERSION",
    "NEEDS",
    "RULESET_FORMAT",
    "TABLE_NAMES",
    "Catalogue",
    "Cell",
    "CellRef",
    "CellValue",
    "Chunks",
    "Claim",
    "Context",
    "Document",
    "ExtendsRun",
    "ExtractionError",
    "Extractor",
    "Finding",
    "Location",
    "Need",
    "NoParams",
    "NotAssessable",
    "Outcome",
    "OutputFormat",
    "Pack",
    "Paragraph",
    "Piece",
    "PlacedClaim",
    "ProvidesExtractors",
    "ProvidesOutputFormats",
    "ProvidesPack",
    "ProvidesRuleKinds",
    "ProvidesRuleSets",
    "RefError",
    "Render",
    "Report",
    "ReportOutcome",
    "ReportReader",
    "Rule",
    "RuleKind",
    "RuleSetSpec",
    "RunResult",
    "Severity",
    "Sink",
    "SinkFactory",
    "Table",
    "Text",
    "UnreadableReport",
    "Version",
    "Violation",
    "cell_evidence",
    "cell_label",
    "cells_total",
    "claim_evidence",
    "display",
    "doc",
    "escape_pointer",
    "fold",
    "format_number",
    "hookimpl",
    "normalise",
    "parse_ref",
    "parse_refs",
    "read_report",
    "refs",
    "report_claims",
    "resolve_cells",
    "rows_under",
    "usable_claim",
    "usable_claims",
]

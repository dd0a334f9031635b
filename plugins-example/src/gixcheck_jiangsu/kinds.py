"""The pack's own rule kind and settings.

Only what the built-in kinds cannot express is Python here: a county report's totals against
the reports of its townships, which are other files (named in the pack's settings).  The
provincial deadline (JS001) and the required wording (JS002, JS003) are data on built-in kinds
in ``jiangsu.toml``.  Kind names carry the pack's prefix (``jiangsu.``) so that they never clash
with a kind gixcheck or another pack adds later.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Literal

from gixcheck.plugin import (
    Catalogue,
    CellRef,
    Context,
    Outcome,
    Report,
    Rule,
    RuleKind,
    UnreadableReport,
    Violation,
    cell_evidence,
    cells_total,
    doc,
    format_number,
    resolve_cells,
)

MESSAGES = Catalogue("gixcheck_jiangsu", "messages.toml")


@dataclass
class Settings:
    """``[tool.gixcheck.plugins.jiangsu]`` (or ``--plugin-option jiangsu.KEY=VALUE``)."""

    townships: Path | None = doc(
        "folder of the townships' reports for the county report being checked (any format "
        "gixcheck reads, or JSON from `gixcheck extract`); relative to the file it is set in",
        None,
    )


@dataclass
class TownshipTotalsParams:
    cells: list[CellRef] = doc(
        "table 三 cells whose county value must equal the sum of the townships' values "
        "(cell references: row/column, row.* for every row under one)"
    )
    # ``table`` names the table the references belong to: they are checked against the form
    # when the rule set is loaded (a misspelt row key stops the load, naming it)
    table: Literal["table_3"] = doc("the table compared", "table_3")


class TownshipTotals(RuleKind):
    name = "jiangsu.township-totals"
    description = (
        "A county report's table 三 totals equal the sums of its townships' reports, read from "
        "the folder the pack's `townships` setting names. Not assessable without the folder."
    )
    Params = TownshipTotalsParams

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        p: TownshipTotalsParams = rule.args
        folder = ctx.settings_for(Settings).townships
        where = f"/tables/{p.table}"
        if folder is None:
            yield self.not_assessable(rule, MESSAGES.text("no_folder"), pointer=where)
            return
        if not folder.is_dir():
            yield self.not_assessable(rule, MESSAGES.text("no_such_folder", folder=folder))
            return
        if not report.table_present(p.table):
            yield self.not_assessable(rule, MESSAGES.text("no_table"), pointer=where)
            return
        townships: list[tuple[str, Report]] = []
        for f in ctx.report_files(folder):
            try:
                town = ctx.read_report(f)
            except UnreadableReport as exc:
                yield self.not_assessable(
                    rule, MESSAGES.text("unreadable", file=f.name, zh=exc.zh, en=exc.en)
                )
                return
            if report.year is not None and town.year not in (None, report.year):
                said = MESSAGES.text("other_year", file=f.name, year=town.year, own=report.year)
                yield self.not_assessable(rule, said, pointer="/metadata/year")
                return
            townships.append((f.name, town))
        if not townships:
            yield self.not_assessable(rule, MESSAGES.text("empty_folder", folder=folder))
            return
        for ref in p.cells:
            yield from self._compare(report, rule, p.table, ref, townships)

    def _compare(
        self,
        report: Report,
        rule: Rule,
        table: str,
        ref: CellRef,
        townships: list[tuple[str, Report]],
    ) -> Iterator[Outcome]:
        # One resolver for the county and each township: ``result.other.*`` is the 2021 form's
        # three rows or the 2019 form's one, whichever each report has.
        county_cells = resolve_cells(report, table, [ref])
        county = cells_total(county_cells)
        parts = [(name, cells_total(resolve_cells(town, table, [ref]))) for name, town in townships]
        anchor = county_cells[0]
        unusable = [name for name, value in parts if value is None]
        if county is None or unusable:
            names = ", ".join(unusable[:3]) or anchor.label
            yield self.not_assessable(
                rule, MESSAGES.text("no_number", cell=anchor.label, names=names), anchor.pointer
            )
            return
        total = sum((v for _, v in parts if v is not None), Decimal(0))
        if county == total:
            return
        yield Violation(
            pointer=anchor.pointer,
            label=anchor.label,
            source=anchor.source,
            vars={
                "cell": anchor.label,
                "county": format_number(county),
                "townships": format_number(total),
                "count": len(parts),
                "terms": " + ".join(format_number(v) for _, v in parts),
            },
            evidence={
                "county": cell_evidence(county_cells),
                "townships": [{"file": name, "value": v} for name, v in parts],
                "sum": total,
            },
            key=str(ref),
        )

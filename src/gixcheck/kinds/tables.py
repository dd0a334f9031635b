"""Tables present, complete and readable (TAB001–TAB004).

What a complete table holds comes from the form's label data (``gixcheck/form/tables.toml``), so the
same kinds serve the 2021 and the 2019 layout.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from gixcheck.form import table_2_grid
from gixcheck.kinds.base import Context, Outcome, RuleKind, Violation
from gixcheck.labels import TABLE_NAMES, display, form, labels
from gixcheck.messages import text
from gixcheck.model import CellValue, Report, Severity
from gixcheck.rulesets import Rule

TableName = Literal["table_2", "table_3", "table_4"]
TABLES: tuple[TableName, ...] = ("table_2", "table_3", "table_4")


@dataclass
class TablesParams:
    tables: list[TableName] = field(
        default_factory=lambda: list(TABLES),
        metadata={"doc": "tables to check (default: table_2, table_3, table_4)"},
    )


def expected_cells(report: Report, table: str) -> list[tuple[str, str]]:
    """Every (row, column) the report's form asks for in ``table`` (once per report)."""
    memo: dict[str, list[tuple[str, str]]] = report.__dict__.setdefault("_expected_cells", {})
    if table not in memo:
        memo[table] = _expected_cells(report, table)
    return memo[table]


def _expected_cells(report: Report, table: str) -> list[tuple[str, str]]:
    if table == "table_2":
        t = report.table(table) or {}
        lay = t.get("layout") or report.layout
        grid = table_2_grid("2019" if lay == "2019" else "2021")
        return [(r, c) for r, cols in grid.items() for c in cols]
    if table == "table_3":
        rows = report.rows(table)
        split = any(k.startswith("result.other.") for k in rows)
        single = "result.other" in rows
        if not split and not single:
            split = report.layout != "2019"
        cols = [c.key for c in labels("table_3", "columns")]
        out: list[tuple[str, str]] = []
        for lab in labels("table_3", "rows"):
            if lab.key == "result.other" and split:
                continue
            if lab.key.startswith("result.other.") and not split:
                continue
            out.extend((lab.key, c) for c in cols)
        return out
    blocks = [b.key for b in labels("table_4", "blocks")]
    cols = [c.key for c in labels("table_4", "columns")]
    return [("cases", f"{b}.{c}") for b in blocks for c in cols]


def _tables(rule: Rule) -> list[str]:
    p: TablesParams = rule.args
    return list(p.tables)


class TablesPresent(RuleKind):
    name = "tables-present"
    description = "Each listed table must be present and machine-readable."
    Params = TablesParams

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        for t in _tables(rule):
            if report.table_present(t) and report.rows(t):
                continue
            tab = report.table(t)
            why_zh = "有标题但没有可读取的表格" if tab is not None else "缺失"
            why_en = "heading present but no readable table" if tab is not None else "missing"
            yield Violation(
                pointer=f"/tables/{t}",
                label=TABLE_NAMES[t],
                vars={"table": TABLE_NAMES[t], "why_zh": why_zh, "why_en": why_en},
                evidence={"table": t, "present": bool(tab and tab.get("present"))},
            )


class TableComplete(RuleKind):
    name = "table-complete"
    description = "Every row and column of the form is present in each table that is there."
    Params = TablesParams

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        for t in _tables(rule):
            if not report.table_present(t):
                continue
            rows = report.rows(t)
            missing_rows: dict[str, list[str]] = {}
            for r, c in expected_cells(report, t):
                if r not in rows:
                    missing_rows.setdefault(r, [])
                elif c not in rows[r]:
                    missing_rows.setdefault(r, []).append(c)
            tab = report.table(t) or {}
            for r, cols in missing_rows.items():
                row_label = display(t, "rows", r) if t != "table_4" else "数据行"
                if not cols:
                    what_zh, what_en = f"缺少行「{row_label}」", f"row {row_label} is missing"
                    pointer = f"/tables/{t}/rows/{r}"
                else:
                    names = "、".join(_col_label(t, c) for c in cols)
                    what_zh = f"行「{row_label}」缺少列：{names}"
                    what_en = f"row {row_label} lacks column(s): {', '.join(cols)}"
                    pointer = f"/tables/{t}/rows/{r}"
                yield Violation(
                    pointer=pointer,
                    label=f"{TABLE_NAMES[t]} / {row_label}",
                    vars={"table": TABLE_NAMES[t], "what_zh": what_zh, "what_en": what_en},
                    evidence={
                        "missing_columns": cols,
                        "unmatched_rows": tab.get("unmatched_rows", []),
                    },
                    source=tab.get("source"),
                    key=r,
                )


def _col_label(table: str, col: str) -> str:
    if table == "table_4":
        b, _, c = col.partition(".")
        return f"{display('table_4', 'blocks', b)}{display('table_4', 'columns', c)}"
    return display(table, "columns", col)


def _cells(report: Report, rule: Rule) -> Iterator[CellValue]:
    for t in _tables(rule):
        if not report.table_present(t):
            continue
        for r, c in expected_cells(report, t):
            yield report.cell(t, r, c)


class CellsFilled(RuleKind):
    name = "cells-filled"
    description = (
        "Data cells must not be blank (a count of nothing is written 0): one finding per table, "
        "listing its blank cells."
    )
    Params = TablesParams

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        for t in _tables(rule):
            if not report.table_present(t):
                continue
            blank = [
                c
                for c in (report.cell(t, r, col) for r, col in expected_cells(report, t))
                if c.kind == "blank"
            ]
            if not blank:
                continue
            # A table name, then each blank cell as row / column: 135 blank cells are one
            # problem of one table, not 135 findings burying the real errors.
            shown = [c.label.split(" / ", 1)[-1] for c in blank]
            sep, more = text("rules.list_semicolon"), text("rules.list_more")
            listed = sep.zh.join(shown[:8]) + (more.zh if len(shown) > 8 else "")
            listed_en = sep.en.join(shown[:8]) + (more.en if len(shown) > 8 else "")
            yield Violation(
                pointer=f"/tables/{t}",
                label=TABLE_NAMES[t],
                source=blank[0].source,
                vars={
                    "table": TABLE_NAMES[t],
                    "count": len(blank),
                    "cells": listed,
                    "cells_en": listed_en,
                    "cell": blank[0].label,
                },
                evidence={
                    "blank": [{"pointer": c.pointer, "label": c.label} for c in blank],
                    "count": len(blank),
                },
                key=t,
            )


class CellValues(RuleKind):
    name = "cell-values"
    description = (
        "Counts are whole numbers ≥ 0 (amounts may have decimals; 本年增/减 may be negative); "
        "unreadable text is an error, a not-applicable mark a warning."
    )
    Params = TablesParams

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        kinds = form()["table_2"]["kinds"]
        amount_cols = set(kinds["amount_columns"])
        signed_cols = set(kinds["signed_columns"])
        for cell in _cells(report, rule):
            col = cell.pointer.rsplit("/", 1)[-1]
            problem: tuple[str, str] | None = None
            severity = None
            if cell.kind == "unreadable":
                problem = (f"无法识别的内容「{cell.raw}」", f"unreadable text {cell.raw!r}")
            elif cell.kind == "na":
                problem = (
                    f"填写「{cell.raw}」（不适用），此处应填写数字",
                    f"{cell.raw!r} (not applicable) where a number is required",
                )
                severity = Severity.WARNING
            elif cell.is_number and cell.value is not None:
                v = cell.value
                if v < 0 and col not in signed_cols:
                    problem = (f"负数 {v}", f"negative value {v}")
                elif v != int(v) and col not in amount_cols:
                    problem = (f"计数出现小数 {v}", f"fractional count {v}")
            if problem:
                yield Violation(
                    pointer=cell.pointer,
                    label=cell.label,
                    source=cell.source,
                    severity=severity,
                    vars={"cell": cell.label, "problem_zh": problem[0], "problem_en": problem[1]},
                    evidence={"raw": cell.raw, "value": cell.value, "kind": cell.kind},
                )

"""Tables present, complete and readable (TAB001–TAB004).

What a complete table holds comes from the form's label data (``gixcheck/form/tables.toml``), so the
same kinds serve the 2021 and the 2019 layout.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from gixcheck.form import table_2_grid
from gixcheck.kinds.base import Context, Outcome, RuleKind, Violation
from gixcheck.labels import TABLE_NAMES, display, form, labels
from gixcheck.messages import Text, text
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
    memo: dict[str, list[tuple[str, str]]] = report._memo("expected_cells")
    found = memo.get(table)
    if found is None:
        found = memo[table] = list(_form_cells(table, _variant(report, table)))
    return found


def expected_values(report: Report, table: str) -> list[CellValue]:
    """The cells of :func:`expected_cells`, read (once per report)."""
    memo: dict[str, list[CellValue]] = report._memo("expected_values")
    found = memo.get(table)
    if found is None:
        cell = report.cell
        found = memo[table] = [cell(*key) for key in _form_keys(table, _variant(report, table))]
    return found


def expected_odd(report: Report, table: str) -> list[CellValue]:
    """The cells of :func:`expected_cells` that are not counts (blank, not applicable,
    unreadable, missing, amounts, negative or huge numbers …), in the form's order, once per
    report: what TAB003 and TAB004 look at.  Most cells are counts (a whole number ≥ 0), which
    neither has anything to say of: they are told from the report's counts in C, and never
    made cells."""
    memo: dict[str, list[CellValue]] = report._memo("expected_odd")
    found = memo.get(table)
    if found is None:
        ints = report._int_cells()
        keys = _form_keys(table, _variant(report, table))
        if ints and min(ints.values()) < 0:  # a negative count: each cell on its own
            found = [c for c in expected_values(report, table) if not _count(c)]
        else:
            cell = report.cell
            found = [cell(*key) for key in itertools.filterfalse(ints.__contains__, keys)]
        memo[table] = found
    return found


def _count(cell: CellValue) -> bool:
    """A whole number ≥ 0: nothing for TAB003 or TAB004 to say."""
    value = cell.value
    return type(value) is int and value >= 0 and cell.kind == "number"


def _variant(report: Report, table: str) -> str:
    """Which form ``table`` follows: table 二 of the 2019 or the 2021 form, table 三 with
    其他处理 split in three or as one row (see :func:`_form_cells`)."""
    if table == "table_2":
        t = report.table(table) or {}
        lay = t.get("layout") or report.layout
        return "2019" if lay == "2019" else "2021"
    if table == "table_3":
        rows = report.rows(table)
        split = any(k.startswith("result.other.") for k in rows)
        single = "result.other" in rows
        if not split and not single:
            split = report.layout != "2019"
        return "split" if split else "single"
    return ""


@cache
def _form_keys(table: str, variant: str) -> tuple[tuple[str, str, str], ...]:
    """The cells' keys of :func:`_form_cells`, as the report's cells are keyed."""
    return tuple((table, r, c) for r, c in _form_cells(table, variant))


@cache
def _form_rows(table: str, variant: str) -> tuple[tuple[str, frozenset[str], tuple[str, ...]], ...]:
    """The rows of :func:`_form_cells` with their columns (as a set, and in order), or ``()``
    when a row's cells are not together (then each cell is looked at on its own)."""
    out: list[tuple[str, frozenset[str], tuple[str, ...]]] = []
    for r, c in _form_cells(table, variant):
        if out and out[-1][0] == r:
            out[-1] = (r, out[-1][1] | {c}, (*out[-1][2], c))
        elif any(r == have for have, _, _ in out):
            return ()
        else:
            out.append((r, frozenset((c,)), (c,)))
    return tuple(out)


@cache
def _form_cells(table: str, variant: str) -> tuple[tuple[str, str], ...]:
    """The (row, column) pairs of a table's form: table 二 of the 2019 or 2021 form, table 三
    with 其他处理 split in three or as one row, table 四."""
    if table == "table_2":
        grid = table_2_grid(variant)
        return tuple((r, c) for r, cols in grid.items() for c in cols)
    if table == "table_3":
        split = variant == "split"
        cols = [c.key for c in labels("table_3", "columns")]
        out: list[tuple[str, str]] = []
        for lab in labels("table_3", "rows"):
            if lab.key == "result.other" and split:
                continue
            if lab.key.startswith("result.other.") and not split:
                continue
            out.extend((lab.key, c) for c in cols)
        return tuple(out)
    blocks = [b.key for b in labels("table_4", "blocks")]
    cols = [c.key for c in labels("table_4", "columns")]
    return tuple(("cases", f"{b}.{c}") for b in blocks for c in cols)


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
            why = text("kinds.tab_unreadable_table" if tab is not None else "kinds.tab_absent")
            yield Violation(
                pointer=f"/tables/{t}",
                label=TABLE_NAMES[t],
                vars={"table": TABLE_NAMES[t], "why_zh": why.zh, "why_en": why.en},
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
            missing_rows = _missing(report, t, rows)
            tab = report.table(t) or {}
            for r, cols in missing_rows.items():
                row_label = (
                    display(t, "rows", r) if t != "table_4" else text("kinds.tab_data_row").zh
                )
                if not cols:
                    what = text("kinds.tab_row_missing", row=row_label)
                else:
                    sep = text("rules.list_and")
                    names = sep.zh.join(_col_label(t, c) for c in cols)
                    what = text(
                        "kinds.tab_row_lacks", row=row_label, cols=names, cols_en=sep.en.join(cols)
                    )
                pointer = f"/tables/{t}/rows/{r}"
                yield Violation(
                    pointer=pointer,
                    label=f"{TABLE_NAMES[t]} / {row_label}",
                    vars={"table": TABLE_NAMES[t], "what_zh": what.zh, "what_en": what.en},
                    evidence={
                        "missing_columns": cols,
                        "unmatched_rows": tab.get("unmatched_rows", []),
                    },
                    source=tab.get("source"),
                    key=r,
                )


def _missing(
    report: Report, table: str, rows: dict[str, dict[str, object]]
) -> dict[str, list[str]]:
    """The form's rows the table lacks (no columns listed) or lacks columns of (listed), in
    the form's order: row by row, a row holding all its columns told by a set comparison."""
    variant = _variant(report, table)
    form_rows = _form_rows(table, variant)
    missing: dict[str, list[str]] = {}
    if not form_rows:  # a form whose rows are not together: cell by cell
        for r, c in _form_cells(table, variant):
            if r not in rows:
                missing.setdefault(r, [])
            elif c not in rows[r]:
                missing.setdefault(r, []).append(c)
        return missing
    for r, wanted, cols in form_rows:
        if r not in rows:
            missing[r] = []
            continue
        have = rows[r]
        if not wanted <= have.keys():
            missing[r] = [c for c in cols if c not in have]
    return missing


def _col_label(table: str, col: str) -> str:
    if table == "table_4":
        b, _, c = col.partition(".")
        return f"{display('table_4', 'blocks', b)}{display('table_4', 'columns', c)}"
    return display(table, "columns", col)


def _odd_cells(report: Report, rule: Rule) -> list[CellValue]:
    out: list[CellValue] = []
    for t in _tables(rule):
        if report.table_present(t):
            out.extend(expected_odd(report, t))
    return out


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
            blank = [c for c in expected_odd(report, t) if c.kind == "blank"]
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
        "Counts are whole numbers >= 0 (amounts may have decimals; the change column may be "
        "negative); unreadable text is an error, a not-applicable mark a warning.  Cells of one "
        "row whose numbers ran together into one unreadable string (a crawled page) are one "
        "finding for the row, listing its cells."
    )
    Params = TablesParams

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        kinds = form()["table_2"]["kinds"]
        amount_cols = set(kinds["amount_columns"])
        signed_cols = set(kinds["signed_columns"])
        cells = _odd_cells(report, rule)  # a count has nothing to say
        run_together = _run_together(cells)
        reported: set[tuple[str, str, str]] = set()
        for cell in cells:
            value = cell.value
            if type(value) is int and value >= 0 and cell.kind == "number":
                continue  # most cells: a count, fine whatever the column
            if cell.kind == "blank" or cell.kind == "missing":
                continue  # TAB003's and TAB002's
            col = cell.pointer.rsplit("/", 1)[-1]
            problem: Text | None = None
            severity = None
            if cell.kind == "unreadable":
                group_key = _row_key(cell)
                group = run_together.get(group_key)
                if group is not None:
                    if group_key not in reported:
                        reported.add(group_key)
                        yield _row_violation(group)
                    continue
                problem = text("kinds.tab_cell_unreadable", raw=cell.raw)
            elif cell.kind == "na":
                problem = text("kinds.tab_cell_na", raw=cell.raw)
                severity = Severity.WARNING
            elif cell.is_number and cell.value is not None:
                v = cell.value
                if v < 0 and col not in signed_cols:
                    problem = text("kinds.tab_negative", value=v)
                elif v != int(v) and col not in amount_cols:
                    problem = text("kinds.tab_fractional", value=v)
            if problem:
                yield Violation(
                    pointer=cell.pointer,
                    label=cell.label,
                    source=cell.source,
                    severity=severity,
                    vars={"cell": cell.label, "problem_zh": problem.zh, "problem_en": problem.en},
                    evidence={"raw": cell.raw, "value": cell.value, "kind": cell.kind},
                )


def _row_pointer(cell: CellValue) -> str:
    return cell.pointer.rsplit("/", 1)[0]


def _row_key(cell: CellValue) -> tuple[str, str, str]:
    src = cell.source or {}
    where = f"{src.get('line')}:{src.get('col')}:{src.get('page')}"
    return (_row_pointer(cell), cell.raw or "", where)


def _run_together(cells: list[CellValue]) -> dict[tuple[str, str, str], list[CellValue]]:
    """Unreadable cells of one row that hold the same text from the same place: the reader
    could not split a run of numbers between them (``规章000``, ``行政许可396442278``)."""
    groups: dict[tuple[str, str, str], list[CellValue]] = {}
    for cell in cells:
        if cell.kind == "unreadable" and cell.raw:
            groups.setdefault(_row_key(cell), []).append(cell)
    return {k: g for k, g in groups.items() if len(g) > 1}


def _row_violation(group: list[CellValue]) -> Violation:
    first = group[0]
    row_label = first.label.rsplit(" / ", 1)[0]
    cols = [c.label.rsplit(" / ", 1)[-1] for c in group]
    sep = text("rules.list_and")
    # Fewer digits than cells: whatever ran together, some cells have no figure at all, so the
    # row was cut short (a pasted row one figure short, a lone 1), and the finding says that.
    raw = first.raw or ""
    figures = [t for t in raw.split() if any(ch.isdigit() for ch in t)]  # not a lone 「-」
    short = sum(ch.isdigit() for ch in raw) < len(group)
    problem = text(
        "kinds.tab_row_short" if short else "kinds.tab_row_run_together",
        raw=first.raw,
        count=len(group),
        figures=len(figures),
        cells=sep.zh.join(cols),
        cells_en=sep.en.join(c.pointer.rsplit("/", 1)[-1] for c in group),
    )
    return Violation(
        pointer=_row_pointer(first),
        label=row_label,
        source=first.source,
        vars={"cell": row_label, "problem_zh": problem.zh, "problem_en": problem.en},
        evidence={
            "raw": first.raw,
            "kind": "unreadable",
            "cells": [{"pointer": c.pointer, "label": c.label} for c in group],
        },
    )

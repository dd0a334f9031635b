"""Findings as a person reads the report: in form order, blank cells of a table on one line.

The JSON document sorts findings by severity, rule and pointer (a stable order for machines).
People read a report top to bottom: the document's own findings first (unreadable, layout,
metadata), then its preamble, then the sections in document order with tables 二, 三 and 四 where the form prints
them (in sections 二, 三, 四), each row by row and column by column.  A table with twenty blank cells is one
problem to fix, not twenty: findings of a blank-cell rule are shown as one item per table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from gixcheck.form import label_index

TABLES = ("table_2", "table_3", "table_4")
# The rule kind whose findings are blank cells (see docs/rule-kinds.md): collapsed per table.
BLANK_KIND = "cells-filled"
# The rule kind whose findings are missing rows: several of one table are one item (a table cut
# off in a crawl or a print loses twenty rows, one problem to fix).
ROWS_KIND = "table-complete"
_LAST = 1 << 20  # rows and columns the form does not know sort after the ones it does


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


@cache
def _positions(table: str) -> tuple[dict[str, int], dict[str, int]]:
    """Row and column positions of a table in form order."""
    if table == "table_4":
        blocks = list(label_index("table_4", "blocks"))
        names = list(label_index("table_4", "columns"))
        per = len(names) + 1
        return (
            {"cases": 0},
            {f"{b}.{c}": i * per + j for i, b in enumerate(blocks) for j, c in enumerate(names)},
        )
    rows = {k: i for i, k in enumerate(label_index(table, "rows"))}
    cols = {k: i for i, k in enumerate(label_index(table, "columns"))}
    return rows, cols


def _int(token: str) -> int:
    return int(token) if token.isdigit() else _LAST


@cache
def pointer_key(pointer: str) -> tuple[int, int, int, int, str]:
    """Where a JSON Pointer is in the printed report, as a sortable tuple.

    Table 二 is printed inside section 二 (the second section), 三 inside 三, 四 inside 四, so a
    table sorts after the section it belongs to and before the next one.
    """
    parts = [_unescape(t) for t in pointer.split("/")[1:]] if pointer else []
    if not parts:
        return (0, 0, 0, 0, "")
    head = parts[0]
    if head in ("layout", "metadata"):
        return (1, 0, 0, 0, pointer)
    if head == "preamble":  # what the report says before its first section
        return (1, 1, 0, 0, pointer)
    if head == "sections":
        sec = _int(parts[1]) if len(parts) > 1 else -1
        para = _int(parts[3]) if len(parts) > 3 else -1
        return (2, 2 * sec if sec >= 0 else -1, para, 0, pointer)
    if head == "tables" and len(parts) > 1:
        if parts[1] not in TABLES:
            return (3, 0, 0, 0, pointer)
        table = TABLES.index(parts[1])
        place = 2 * (table + 1) + 1  # after section 二, 三 or 四 (indices 1, 2, 3)
        if len(parts) < 4 or parts[2] != "rows":
            return (2, place, -1, -1, pointer)
        rows, cols = _positions(parts[1])
        col = cols.get(parts[4], _LAST) if len(parts) > 4 else -1
        return (2, place, rows.get(parts[3], _LAST), col, pointer)
    return (4, 0, 0, 0, pointer)


def form_order(findings: Sequence[Any]) -> list[Any]:
    """The findings in form order; at one place, the most severe first, then by rule."""
    return sorted(
        findings,
        key=lambda f: (
            pointer_key(f.location.pointer),
            -f.severity.rank,
            f.rule,
            f.message_en,
        ),
    )


@dataclass
class Item:
    """One thing to show: a finding, or the blank cells one rule found in one table — as one
    finding per cell (grouped here) or as one finding per table listing them in its evidence
    (``evidence["blank"]``)."""

    findings: list[Any] = field(default_factory=list)
    table: str = ""
    blank: bool = False
    missing_rows: bool = False

    @property
    def first(self) -> Any:
        return self.findings[0]

    @property
    def grouped(self) -> bool:
        return len(self.findings) > 1

    @property
    def cells(self) -> list[tuple[str, str]]:
        """The blank cells this item stands for, as (pointer, label); [] for other items."""
        if not self.blank:
            return []
        if self.grouped:
            return [(f.location.pointer, f.location.label) for f in self.findings]
        ev = self.first.evidence if isinstance(self.first.evidence, dict) else {}
        listed = ev.get("blank")
        if isinstance(listed, list):
            return [
                (e["pointer"], str(e.get("label") or e["pointer"]))
                for e in listed
                if isinstance(e, dict) and isinstance(e.get("pointer"), str)
            ]
        if _table_of(self.first.location.pointer, rows_only=True):
            return [(self.first.location.pointer, self.first.location.label)]
        return []

    @property
    def rows(self) -> list[str]:
        """The names of the missing rows a group of them stands for; [] for other items."""
        if not (self.missing_rows and self.grouped):
            return []
        return [split_label(f.location.label, parts=2)[1] for f in self.findings]


def _row_pointer(pointer: str) -> str | None:
    """The table of a row's pointer (``/tables/table_3/rows/result.other``), else None."""
    parts = pointer.split("/")
    if len(parts) == 5 and parts[1] == "tables" and parts[3] == "rows":
        return parts[2]
    return None


def _table_of(pointer: str, rows_only: bool = False) -> str | None:
    parts = pointer.split("/")
    if len(parts) > 3 and parts[1] == "tables" and parts[3] == "rows":
        return parts[2]
    if not rows_only and len(parts) == 3 and parts[1] == "tables":
        return parts[2]
    return None


def items(findings: Sequence[Any], rules: dict[str, Any]) -> list[Item]:
    """The findings in form order as items; blank cells grouped per rule and table, the group
    shown where its first cell is."""
    out: list[Item] = []
    groups: dict[tuple[str, str, str, bool], Item] = {}
    for f in form_order(findings):
        rule = rules.get(f.rule)
        table = _table_of(f.location.pointer)
        if rule is not None and rule.kind == ROWS_KIND:
            row_table = _row_pointer(f.location.pointer)
            key = (f.rule, row_table or "", f.severity.value, bool(f.baselined))
            if row_table is None:
                out.append(Item([f]))
            elif key in groups:
                groups[key].findings.append(f)
            else:
                groups[key] = Item([f], row_table, missing_rows=True)
                out.append(groups[key])
            continue
        if rule is None or rule.kind != BLANK_KIND or table is None:
            out.append(Item([f]))
            continue
        key = (f.rule, table, f.severity.value, bool(f.baselined))
        if key in groups and _table_of(f.location.pointer, rows_only=True):
            groups[key].findings.append(f)
        else:
            groups[key] = Item([f], table, blank=True)
            out.append(groups[key])
    return out


def split_label(label: str, parts: int = 3) -> tuple[str, str, str]:
    """``表三 / （一）予以公开 / 商业企业`` → its table, row and column names; with ``parts=2``,
    a row's label ``表三 / （一）予以公开`` → its table and row names."""
    names = [p.strip() for p in label.split(" / ")]
    if len(names) == parts:
        return names[0], names[1], names[2] if parts == 3 else ""
    return "", label, ""


def cells_by_row(labels: Sequence[str]) -> list[tuple[str, list[str]]]:
    """Cell labels as (row name, column names), in the order given."""
    rows: dict[str, list[str]] = {}
    for label in labels:
        _, row, col = split_label(label)
        cols = rows.setdefault(row, [])
        if col and col not in cols:
            cols.append(col)
    return list(rows.items())

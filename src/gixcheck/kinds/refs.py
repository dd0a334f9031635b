"""Cell references: the one grammar and the one resolver every rule kind uses.

A reference names cells of one table by their stable keys, never by position::

    "received_new/total"          one cell: row key / column key
    "result.denied.*/{col}"       every row under ``result.denied``; ``{col}`` filled per check
    ["result.other.*/total", "result.other/total"]
                                  a choice: the first alternative whose cells all exist
                                  (an alternative may itself be a list of references)

Semantics (documented once, used everywhere):

- ``base.*`` is every row of the report's table strictly under ``base`` (``base.x``); when the
  table has none of them it is ``base`` itself — the 2019 form's single 其他处理 row stands for
  the 2021 form's three.  A wildcard never matches nothing: with neither, it is ``base``, a
  *missing* cell, so the check is not assessable instead of silently adding 0.
- A choice takes the first alternative all of whose cells exist in the report; when none does,
  the first alternative (whose missing cells then make the check not assessable).
- ``{name}`` placeholders are filled from the check's variables (``for_each`` in ``sum-equals``).

References are parsed when the rule set is loaded (:func:`parse_ref`): a key that names no row
or column of the form is refused there.  This module depends only on the report model and the
form's labels, so the plugin API can export it as it is.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from gixcheck.labels import label_index
from gixcheck.model import CellValue, Report

__all__ = [
    "CellRef",
    "Choice",
    "RefError",
    "Term",
    "cells",
    "parse_ref",
    "parse_refs",
    "rows_under",
    "total",
]

TABLES = ("table_2", "table_3", "table_4")
_VAR = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


class RefError(ValueError):
    """A reference that names no cell of the form."""


@dataclass(frozen=True)
class Term:
    """``row/col``, each part possibly holding ``{var}`` placeholders; ``row`` may end in
    ``.*``."""

    table: str | None
    row: str
    col: str

    @property
    def wildcard(self) -> bool:
        return self.row.endswith(".*")

    def __str__(self) -> str:
        return f"{self.row}/{self.col}"


@dataclass(frozen=True)
class Choice:
    """Alternatives, each a tuple of terms; the first whose cells all exist is used."""

    alternatives: tuple[tuple[Term, ...], ...]

    def __str__(self) -> str:
        return "[" + ", ".join("+".join(map(str, a)) for a in self.alternatives) + "]"


CellRef = Term | Choice


def _known(table: str, part: str) -> set[str]:
    if table == "table_4":
        if part == "rows":
            return {"cases"}
        blocks = label_index("table_4", "blocks")
        cols = label_index("table_4", "columns")
        return {f"{b}.{c}" for b in blocks for c in cols}
    keys = set(label_index(table, part))
    if part == "rows" and table == "table_3":
        keys |= set(label_index("table_3", "groups"))
    return keys


def _check(table: str | None, part: str, key: str) -> None:
    if table is None or table not in TABLES or _VAR.search(key):
        return  # a placeholder is checked once filled; a plugin's own table is its business
    base = key[:-2] if part == "rows" and key.endswith(".*") else key
    if base not in _known(table, part):
        what = "row" if part == "rows" else "column"
        raise RefError(f"{table} has no {what} {base!r}")


def _term(text: Any, table: str | None) -> Term:
    if not isinstance(text, str):
        raise RefError(f"a cell reference is 'row/column', not {text!r}")
    row, sep, col = text.partition("/")
    if not sep or not row or not col or "/" in col:
        raise RefError(f"a cell reference is 'row/column', not {text!r}")
    _check(table, "rows", row)
    _check(table, "columns", col)
    return Term(table, row, col)


def parse_ref(value: Any, table: str | None = None) -> CellRef:
    """A reference as written in rule-set data; raises :class:`RefError`."""
    if isinstance(value, list):
        if not value:
            raise RefError("a choice of cells needs at least one alternative")
        alts = []
        for alt in value:
            items = alt if isinstance(alt, list) else [alt]
            alts.append(tuple(_term(t, table) for t in items))
        return Choice(tuple(alts))
    return _term(value, table)


def check_filled(found: Sequence[CellRef], table: str, values: Mapping[str, Sequence[str]]) -> None:
    """Check references with ``{name}`` placeholders once filled with each listed value."""

    names = list(values)
    for combo in itertools.product(*(values[n] for n in names)):
        env = dict(zip(names, combo, strict=True))
        for ref in found:
            terms = [ref] if isinstance(ref, Term) else [t for a in ref.alternatives for t in a]
            for t in terms:
                _check(t.table or table, "rows", _fill(t.row, env))
                _check(t.table or table, "columns", _fill(t.col, env))


def parse_refs(values: Iterable[Any], table: str | None = None) -> list[CellRef]:
    """:func:`parse_ref` of each value."""
    return [parse_ref(v, table) for v in values]


def rows_under(report: Report, table: str, base: str) -> list[str]:
    """The rows ``base.*`` stands for in this report (see the module's semantics)."""
    # Every column of an identity asks again: kept with the report, as its cells are.
    memo: dict[tuple[str, str], list[str]] = report._memo("rows_under")
    key = (table, base)
    found = memo.get(key)
    if found is None:
        rows = report.rows(table)
        prefix = base + "."
        found = memo[key] = [r for r in rows if r.startswith(prefix)] or [base]
    return found


def _fill(text: str, env: Mapping[str, str]) -> str:
    return _VAR.sub(lambda m: env.get(m.group(1), m.group(0)), text) if "{" in text else text


def _term_cells(report: Report, table: str, term: Term, env: Mapping[str, str]) -> list[CellValue]:
    row, col = _fill(term.row, env), _fill(term.col, env)
    t = term.table or table
    if row.endswith(".*"):
        return [report.cell(t, r, col) for r in rows_under(report, t, row[:-2])]
    return [report.cell(t, row, col)]


def cells(
    report: Report,
    table: str,
    refs: Sequence[CellRef],
    env: Mapping[str, str] | None = None,
) -> list[CellValue]:
    """The cells ``refs`` name in ``report`` (``table`` unless a term names its own)."""
    return plan_cells(report, table, plan(refs, env or {}))


# A plan is references with their placeholders filled, made once per rule and variables and
# then read against each report's cells: ``(table, row, col, wildcard)`` for a term (``row``
# without its ``.*``), a tuple of alternatives (each a tuple of those) for a choice.
_PlannedTerm = tuple[str | None, str, str, bool]
Plan = tuple[_PlannedTerm | tuple[tuple[_PlannedTerm, ...], ...], ...]


def _planned(term: Term, env: Mapping[str, str]) -> _PlannedTerm:
    row, col = _fill(term.row, env), _fill(term.col, env)
    if row.endswith(".*"):
        return (term.table, row[:-2], col, True)
    return (term.table, row, col, False)


def plan(refs: Sequence[CellRef], env: Mapping[str, str]) -> Plan:
    """``refs`` with ``env`` filled in, ready for :func:`plan_cells` (any report)."""
    out: list[_PlannedTerm | tuple[tuple[_PlannedTerm, ...], ...]] = []
    for ref in refs:
        if isinstance(ref, Term):
            out.append(_planned(ref, env))
        else:
            out.append(tuple(tuple(_planned(t, env) for t in alt) for alt in ref.alternatives))
    return tuple(out)


def _planned_cells(report: Report, table: str, term: _PlannedTerm) -> list[CellValue]:
    own, row, col, wildcard = term
    t = own or table
    if wildcard:
        return [report.cell(t, r, col) for r in rows_under(report, t, row)]
    return [report.cell(t, row, col)]


def plan_cells(report: Report, table: str, planned: Plan) -> list[CellValue]:
    """The cells a :func:`plan` names in ``report``: what :func:`cells` gives."""
    out: list[CellValue] = []
    cell = report.cell
    for item in planned:
        if not isinstance(item[0], tuple):  # a term, read here: identities read thousands
            own, row, col, wildcard = item
            t = own or table
            if wildcard:
                out.extend([cell(t, r, col) for r in rows_under(report, t, row)])
            else:
                out.append(cell(t, row, col))
            continue
        chosen: list[CellValue] | None = None
        for alt in item:
            got = [c for term in alt for c in _planned_cells(report, table, term)]
            if chosen is None:
                chosen = got
            if all(c.kind != "missing" for c in got):
                chosen = got
                break
        out.extend(chosen or [])
    return out


def total(found: Sequence[CellValue]) -> Decimal | None:
    """The exact sum, or ``None`` when a cell is not a number (blank is not 0)."""
    if not found or any(not c.is_number for c in found):
        return None
    return sum((Decimal(str(c.value)) for c in found), Decimal(0))

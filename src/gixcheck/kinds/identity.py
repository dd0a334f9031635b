"""``sum-equals``: an identity between sums of cells, exact (integers; Decimal for amounts).

Parameters (all data, no ``eval``)::

    table = "table_3"
    lhs = ["received_new/{col}", "carried_over/{col}"]
    rhs = ["result.total/{col}", "carried_forward/{col}"]
    for_each = { col = "@columns" }      # or a list of keys, or "@rows"
    op = "=="                           # or "<=", ">="

References follow the one grammar of :mod:`gixcheck.kinds.refs` (``row/column``, ``row.*``,
choices); a ``{name}`` filled from a ``for_each`` list is checked against the form at load.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any, Literal

from gixcheck.kinds import refs
from gixcheck.kinds.base import Context, Outcome, RuleKind, Violation
from gixcheck.kinds.params import doc
from gixcheck.kinds.refs import CellRef
from gixcheck.labels import TABLE_NAMES, display, label_index
from gixcheck.messages import Text, text
from gixcheck.model import SMALL_INT, CellValue, Report
from gixcheck.plugin.numbers import format_number as _fmt
from gixcheck.rulesets import Rule

_OPS = {
    "==": lambda a, b: a == b,
    "<=": lambda a, b: a <= b,
    ">=": lambda a, b: a >= b,
}


@dataclass
class SumEqualsParams:
    table: Literal["table_2", "table_3", "table_4"] = doc("table_2, table_3 or table_4")
    lhs: list[CellRef] = doc("cell references (see docs/rule-sets.md) summed on the left")
    rhs: list[CellRef] = doc("cell references summed on the right")
    for_each: dict[str, list[str] | Literal["@rows", "@columns"]] = doc(
        "variables substituted into references: a list of keys, @rows or @columns", {}
    )
    op: Literal["==", "<=", ">="] = doc("==, <= or >= (default ==)", "==")

    def __post_init__(self) -> None:
        lists = {k: v for k, v in self.for_each.items() if isinstance(v, list)}
        refs.check_filled([*self.lhs, *self.rhs], self.table, lists)


def _label(table: str, value: str) -> str:
    for part in ("columns", "rows", "blocks"):
        try:
            if value in label_index(table, part):
                return display(table, part, value)
        except KeyError:
            continue
    return value


class SumEquals(RuleKind):
    name = "sum-equals"
    description = (
        "Two sums of cells must be equal (or ordered by `op`), optionally for each row/column."
    )
    Params = SumEqualsParams

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        p: SumEqualsParams = rule.args
        table = p.table
        if not report.table_present(table):
            yield self.not_assessable(
                rule,
                text("kinds.table_missing", table=TABLE_NAMES.get(table, table)),
                pointer=f"/tables/{table}",
            )
            return
        rows = report.rows(table)
        # The references filled for each set of variables, once per rule (not per report).
        plans: dict[tuple[str, ...], _Planned] = p.__dict__.setdefault("_plans", {})
        op = p.op
        ints = report._int_cells()
        value = ints.__getitem__
        shape: tuple[str, ...] | None = None
        names, combos = self._combinations(p.for_each, rows)
        for combo in combos:
            planned = plans.get(combo)
            if planned is None:
                env = dict(zip(names, combo, strict=True))
                planned = plans[combo] = _Planned(
                    table, refs.plan(p.lhs, env), refs.plan(p.rhs, env)
                )
            keys = planned.keys
            if keys is None and planned.rows_known:
                if shape is None:
                    shape = _shape(report, table)
                keys = planned.resolved(report, shape)
            if keys is not None:
                # Most identities of most reports hold in plain integers: told in C, and
                # nothing more to look at.  A cell that is not one (KeyError) is looked at
                # the plain way below.
                try:
                    left = sum(map(value, keys[0]))
                    right = sum(map(value, keys[1]))
                except KeyError:
                    # A cell that is not such an integer: when the cells are those of the keys
                    # and one is no number, the check is not assessable, told from the cells
                    # that are not integers alone (a blank form's hundreds of cells).
                    bad = _bad_cells(report, planned, keys, ints)
                    if bad:
                        yield self.not_assessable(
                            rule, unusable(bad), pointer=_anchor(report, keys).pointer
                        )
                        continue
                else:
                    if (left == right) if op == "==" else _OPS[op](left, right):
                        continue
                    # Every cell a plain integer (a choice's first alternative then is the one
                    # taken): the violation told in integers.
                    env = dict(zip(names, combo, strict=True))
                    yield self._int_violation(rule, table, env, op, report, keys, left, right)
                    continue
            lhs = refs.plan_cells(report, table, planned.lhs)
            rhs = refs.plan_cells(report, table, planned.rhs)
            if (lhs or rhs) and _holds_in_integers(lhs, rhs, op):
                continue
            env = dict(zip(names, combo, strict=True))
            yield from self._one(rule, table, env, op, lhs, rhs)

    def _combinations(
        self, for_each: dict[str, Any], rows: dict[str, dict[str, Any]]
    ) -> tuple[list[str], Iterator[tuple[str, ...]]]:
        """The variables' names, and each combination of their values (in their order)."""
        names = list(for_each)
        values: list[list[str]] = []
        for n in names:
            v = for_each[n]
            if v == "@rows":
                values.append(list(rows))
            elif v == "@columns":
                cols: list[str] = []
                for r in rows.values():
                    cols.extend(c for c in r if c not in cols)
                values.append(cols)
            else:
                values.append([str(x) for x in v])
        return names, itertools.product(*values)

    def _int_violation(
        self,
        rule: Rule,
        table: str,
        env: dict[str, str],
        op: str,
        report: Report,
        keys: _Keys,
        left: int,
        right: int,
    ) -> Violation:
        """What :meth:`_one` tells of an identity that fails when every cell is a number with
        a plain integer value: the same, its texts made from the integers (no Decimal and no
        number formatting per operand)."""
        cell = report.cell
        lhs = [cell(*k) for k in keys[0]]
        rhs = [cell(*k) for k in keys[1]]
        return _violation(table, env, op, lhs, rhs, Decimal(left), Decimal(right), str, _int_term)

    def _one(
        self,
        rule: Rule,
        table: str,
        env: dict[str, str],
        op: str,
        lhs: list[CellValue],
        rhs: list[CellValue],
    ) -> Iterator[Outcome]:
        anchor = rhs[0] if rhs else lhs[0]
        bad = [c for c in (*lhs, *rhs) if c.kind != "number"]
        if bad:
            yield self.not_assessable(rule, unusable(bad), pointer=anchor.pointer)
            return
        left = sum((_n(c) for c in lhs), Decimal(0))
        right = sum((_n(c) for c in rhs), Decimal(0))
        if _OPS[op](left, right):
            return
        yield _violation(table, env, op, lhs, rhs, left, right, _fmt, _decimal_term)


_SMALL = SMALL_INT  # sums of such integers are exact in Decimal's 28 digits as in int
_Key = tuple[str, str, str]
_Keys = tuple[tuple[_Key, ...], tuple[_Key, ...]]  # the cells of each side, by key
_SHAPES = 16  # the table shapes one identity keeps its cells for (a form has two or three)


def _shape(report: Report, table: str) -> tuple[str, ...]:
    """The report's row keys of ``table``, in order: what a wildcard's rows depend on."""
    memo: dict[str, tuple[str, ...]] = report._memo("row_keys")
    found = memo.get(table)
    if found is None:
        found = memo[table] = tuple(report.rows(table))
    return found


class _Planned:
    """One identity's references with its variables filled (see :func:`refs.plan`), and the
    cells' keys of each side, so that a report's cells are looked up directly by key: when
    every reference names one cell (no ``.*``, no choice), once; otherwise once per shape of
    the table (its row keys, which every ``.*`` depends on)."""

    __slots__ = ("by_shape", "choice", "keys", "lhs", "rhs", "rows_known", "table")

    def __init__(self, table: str, lhs: refs.Plan, rhs: refs.Plan) -> None:
        self.table = table
        self.lhs, self.rhs = lhs, rhs
        self.keys: _Keys | None = None
        self.by_shape: dict[tuple[str, ...], _Keys] = {}
        terms = list(_terms((*lhs, *rhs)))
        # a choice: which alternative is taken depends on which cells are missing
        self.choice = any(isinstance(item[0], tuple) for item in (*lhs, *rhs))
        if terms and len(terms) == len(lhs) + len(rhs) and not any(t[3] for t in terms):
            self.keys = (_first_keys(table, lhs, None), _first_keys(table, rhs, None))
        # Every term of this table: its shape then tells what each wildcard stands for.
        self.rows_known = bool(terms) and all((t[0] or table) == table for t in terms)

    def resolved(self, report: Report, shape: tuple[str, ...]) -> _Keys:
        """The cells' keys in a report whose table has this shape, a choice taken as its
        first alternative: what :func:`refs.plan_cells` takes when that one's cells exist,
        which they do when they hold integers, the only case the keys are used for."""
        found = self.by_shape.get(shape)
        if found is None:
            found = (
                _first_keys(self.table, self.lhs, report),
                _first_keys(self.table, self.rhs, report),
            )
            if len(self.by_shape) >= _SHAPES:
                self.by_shape.clear()
            self.by_shape[shape] = found
        return found


def _terms(planned: refs.Plan) -> Iterator[tuple[str | None, str, str, bool]]:
    """Every term of a plan, a choice's alternatives included."""
    for item in planned:
        if isinstance(item[0], tuple):
            for alt in item:
                yield from alt
        else:
            yield item


def _first_keys(table: str, planned: refs.Plan, report: Report | None) -> tuple[_Key, ...]:
    """The keys of the cells a plan names, a choice by its first alternative; a wildcard's
    rows are the report's (``report`` is given when the plan has one)."""
    out: list[_Key] = []
    for item in planned:
        # a choice's first alternative (a tuple of terms), or the term itself
        terms = item[0] if isinstance(item[0], tuple) else (item,)
        for own, row, col, wildcard in terms:
            t = own or table
            if wildcard and report is not None:
                out.extend((t, r, col) for r in refs.rows_under(report, t, row))
            else:
                out.append((t, row, col))
    return tuple(out)


def _bad_cells(
    report: Report, planned: _Planned, keys: _Keys, ints: dict[_Key, int]
) -> list[CellValue]:
    """The cells of the keys that are no number, in order, when the keys' cells are the ones
    :func:`refs.plan_cells` takes (without a choice always; with one when none is missing, so
    that each choice takes its first alternative); ``[]`` means "look closer"."""
    cell = report.cell
    odd = [cell(*k) for k in (*keys[0], *keys[1]) if k not in ints]
    if planned.choice and any(c.kind == "missing" for c in odd):
        return []
    return [c for c in odd if c.kind != "number"]


def _anchor(report: Report, keys: _Keys) -> CellValue:
    """The cell a finding of the identity points at: the right side's first, else the left's."""
    return report.cell(*(keys[1][0] if keys[1] else keys[0][0]))


def _holds_in_integers(lhs: list[CellValue], rhs: list[CellValue], op: str) -> bool:
    """Whether the identity holds, told in plain integers when every cell is a number that is
    a (not huge) integer, as most are; False means "look closer" (a cell that is no number, or
    one to work out in Decimal: it may still hold)."""
    left = right = 0
    for c in lhs:
        v = c.value
        if type(v) is not int or not -_SMALL < v < _SMALL or c.kind != "number":
            return False
        left += v
    for c in rhs:
        v = c.value
        if type(v) is not int or not -_SMALL < v < _SMALL or c.kind != "number":
            return False
        right += v
    if op == "==":
        return left == right
    return bool(_OPS[op](left, right))


def unusable(bad: list[CellValue]) -> Text:
    """Why cells cannot be used, naming the first three."""
    return _unusable(tuple((c.kind, c.label) for c in bad[:3]))


# A blank form has every identity not assessable, each for the same few cells: the reason is
# told once per cells (a Text is frozen, so sharing it is safe).
@lru_cache(maxsize=4096)
def _unusable(cells: tuple[tuple[str, str], ...]) -> Text:
    parts = [text(f"kinds.cell_{kind}", cell=label) for kind, label in cells]
    sep = text("rules.list_and")
    return Text(sep.zh.join(t.zh for t in parts), sep.en.join(t.en for t in parts))


def _violation(
    table: str,
    env: dict[str, str],
    op: str,
    lhs: list[CellValue],
    rhs: list[CellValue],
    left: Decimal,
    right: Decimal,
    total: Callable[[Decimal], str],
    term: Callable[[CellValue], str],
) -> Violation:
    """The violation of an identity that fails: ``total`` writes a sum, ``term`` an operand."""
    anchor = rhs[0] if rhs else lhs[0]
    labels = {f"{k}_label": _label(table, v) for k, v in env.items()}
    diff = left - right
    return Violation(
        pointer=anchor.pointer,
        label=anchor.label,
        source=anchor.source,
        vars={
            **env,
            **labels,
            "lhs": total(left),
            "rhs": total(right),
            "diff": total(abs(diff)),
            "signed_diff": total(diff),
            "lhs_terms": " + ".join([term(c) for c in lhs]),
            "rhs_terms": " + ".join([term(c) for c in rhs]),
        },
        evidence={
            "operands": [
                *[_operand("lhs", c) for c in lhs],
                *[_operand("rhs", c) for c in rhs],
            ],
            "op": op,
            "expected": left,
            "actual": right,
            "difference": diff,
        },
        key="|".join(f"{k}={v}" for k, v in sorted(env.items())),
    )


def _decimal_term(c: CellValue) -> str:
    return _fmt(_n(c))


def _int_term(c: CellValue) -> str:
    return str(c.value)  # a plain integer's text is its format_number


def _n(c: CellValue) -> Decimal:
    return Decimal(c.value) if not isinstance(c.value, Decimal) else c.value  # type: ignore[arg-type]


def _operand(side: str, c: CellValue) -> dict[str, Any]:
    out: dict[str, Any] = {"side": side, "pointer": c.pointer, "label": c.label, "value": c.value}
    if c.source:
        out["source"] = c.source
    return out

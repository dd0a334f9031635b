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
from collections.abc import Iterable, Iterator
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
from gixcheck.model import CellValue, Report
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
        index = report._cell_index()
        names, combos = self._combinations(p.for_each, rows)
        for combo in combos:
            planned = plans.get(combo)
            if planned is None:
                env = dict(zip(names, combo, strict=True))
                planned = plans[combo] = _Planned(
                    table, refs.plan(p.lhs, env), refs.plan(p.rhs, env)
                )
            if planned.keys is not None and _keys_hold(index, planned.keys, planned.split, op):
                continue  # most identities of most reports: nothing more to look at
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
        labels = {f"{k}_label": _label(table, v) for k, v in env.items()}
        diff = left - right
        yield Violation(
            pointer=anchor.pointer,
            label=anchor.label,
            source=anchor.source,
            vars={
                **env,
                **labels,
                "lhs": _fmt(left),
                "rhs": _fmt(right),
                "diff": _fmt(abs(diff)),
                "signed_diff": _fmt(diff),
                "lhs_terms": " + ".join(_fmt(_n(c)) for c in lhs),
                "rhs_terms": " + ".join(_fmt(_n(c)) for c in rhs),
            },
            evidence={
                "operands": [
                    *(_operand("lhs", c) for c in lhs),
                    *(_operand("rhs", c) for c in rhs),
                ],
                "op": op,
                "expected": left,
                "actual": right,
                "difference": diff,
            },
            key="|".join(f"{k}={v}" for k, v in sorted(env.items())),
        )


_SMALL = 10**18  # sums of such integers are exact in Decimal's 28 digits as in int


class _Planned:
    """One identity's references with its variables filled (see :func:`refs.plan`); when every
    reference names one cell (no ``.*``, no choice), also the cells' keys, left side first,
    and where the right side starts: they are looked up directly in the report's cells."""

    __slots__ = ("keys", "lhs", "rhs", "split")

    def __init__(self, table: str, lhs: refs.Plan, rhs: refs.Plan) -> None:
        self.lhs, self.rhs = lhs, rhs
        self.keys: tuple[tuple[str, str, str], ...] | None = None
        self.split = len(lhs)
        terms = (*lhs, *rhs)
        if terms and all(not isinstance(t[0], tuple) and not t[3] for t in terms):
            self.keys = tuple((t[0] or table, t[1], t[2]) for t in terms)  # type: ignore[misc]


def _keys_hold(
    index: dict[tuple[str, str, str], CellValue],
    keys: tuple[tuple[str, str, str], ...],
    split: int,
    op: str,
) -> bool:
    """:func:`_holds_in_integers` for cells named by key, read from the report's cells; False
    also when a cell has not been read yet (the plain way then reads it)."""
    left = right = 0
    for i, key in enumerate(keys):
        c = index.get(key)
        if c is None:
            return False
        v = c.value
        if type(v) is not int or not -_SMALL < v < _SMALL or c.kind != "number":
            return False
        if i < split:
            left += v
        else:
            right += v
    if op == "==":
        return left == right
    return bool(_OPS[op](left, right))


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


def _n(c: CellValue) -> Decimal:
    return Decimal(c.value) if not isinstance(c.value, Decimal) else c.value  # type: ignore[arg-type]


def _operand(side: str, c: CellValue) -> dict[str, Any]:
    out: dict[str, Any] = {"side": side, "pointer": c.pointer, "label": c.label, "value": c.value}
    if c.source:
        out["source"] = c.source
    return out

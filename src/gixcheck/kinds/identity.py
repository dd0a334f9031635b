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
        plans: dict[tuple[str, ...], tuple[refs.Plan, refs.Plan]] = p.__dict__.setdefault(
            "_plans", {}
        )
        op = p.op
        for env in self._environments(p.for_each, rows):
            key = tuple(env.values())
            planned = plans.get(key)
            if planned is None:
                planned = plans[key] = (refs.plan(p.lhs, env), refs.plan(p.rhs, env))
            lhs = refs.plan_cells(report, table, planned[0])
            rhs = refs.plan_cells(report, table, planned[1])
            if (lhs or rhs) and _holds_in_integers(lhs, rhs, op):
                continue  # most identities of most reports: nothing more to look at
            yield from self._one(rule, table, env, op, lhs, rhs)

    def _environments(
        self, for_each: dict[str, Any], rows: dict[str, dict[str, Any]]
    ) -> Iterator[dict[str, str]]:
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
        for combo in itertools.product(*values):
            yield dict(zip(names, combo, strict=True))

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
    parts = [text(f"kinds.cell_{c.kind}", cell=c.label) for c in bad[:3]]
    sep = text("rules.list_and")
    return Text(sep.zh.join(t.zh for t in parts), sep.en.join(t.en for t in parts))


def _n(c: CellValue) -> Decimal:
    return Decimal(c.value) if not isinstance(c.value, Decimal) else c.value  # type: ignore[arg-type]


def _operand(side: str, c: CellValue) -> dict[str, Any]:
    out: dict[str, Any] = {"side": side, "pointer": c.pointer, "label": c.label, "value": c.value}
    if c.source:
        out["source"] = c.source
    return out

"""``sum-equals``: an identity between sums of cells, exact (integers; Decimal for amounts).

Parameters (all data, no ``eval``)::

    table = "table_3"
    lhs = ["received_new/{col}", "carried_over/{col}"]
    rhs = ["result.total/{col}", "carried_forward/{col}"]
    for_each = { col = "@columns" }      # or a list of keys, or "@rows"
    op = "=="                           # or "<=", ">="

A reference is ``row/column``; ``*`` at the end of a row key takes every row under it that the
table has (``result.denied.*``); a nested list is a choice of alternatives, the first whose rows
exist is used (2021's three 其他处理 rows or 2019's one).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from gixcheck.kinds.base import Context, Outcome, RuleKind, Violation
from gixcheck.labels import display, label_index
from gixcheck.model import CellValue, Report
from gixcheck.rulesets import Rule

_OPS = {
    "==": lambda a, b: a == b,
    "<=": lambda a, b: a <= b,
    ">=": lambda a, b: a >= b,
}
_UNUSABLE = {
    "blank": ("空白", "blank"),
    "na": ("填写为不适用符号", "marked not applicable"),
    "unreadable": ("无法识别", "unreadable"),
    "missing": ("缺失", "missing"),
}


def _expand(ref: str, rows: dict[str, dict[str, Any]]) -> list[tuple[str, str]]:
    row, _, col = ref.partition("/")
    if row.endswith(".*"):
        prefix = row[:-1]
        return [(r, col) for r in rows if r.startswith(prefix)]
    return [(row, col)]


def _resolve(
    refs: list[Any], rows: dict[str, dict[str, Any]], env: dict[str, str]
) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for ref in refs:
        if isinstance(ref, list):
            for alt in ref:
                alts = [alt] if isinstance(alt, str) else alt
                cells = [c for a in alts for c in _expand(a.format_map(env), rows)]
                if cells and any(r in rows for r, _ in cells):
                    out.extend(cells)
                    break
            else:
                first = ref[0] if isinstance(ref[0], str) else ref[0][0]
                out.extend(_expand(first.format_map(env), rows))
        else:
            out.extend(_expand(str(ref).format_map(env), rows))
    return out


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
    params = {
        "table": "table_2, table_3 or table_4",
        "lhs": "cell references row/col summed on the left",
        "rhs": "cell references summed on the right",
        "for_each": "variables substituted into references: a list of keys, @rows or @columns",
        "op": "==, <= or >= (default ==)",
    }

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        p = rule.params
        table = p["table"]
        if not report.table_present(table):
            yield self.not_assessable(
                rule,
                f"{table} 缺失，无法核对",
                f"{table} is missing; cannot check",
                f"/tables/{table}",
            )
            return
        rows = report.rows(table)
        op = p.get("op", "==")
        for env in self._environments(p.get("for_each") or {}, rows):
            yield from self._one(report, rule, table, rows, env, op)

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
        report: Report,
        rule: Rule,
        table: str,
        rows: dict[str, dict[str, Any]],
        env: dict[str, str],
        op: str,
    ) -> Iterator[Outcome]:
        p = rule.params
        lhs_refs = _resolve(p["lhs"], rows, env)
        rhs_refs = _resolve(p["rhs"], rows, env)
        lhs = [report.cell(table, r, c) for r, c in lhs_refs]
        rhs = [report.cell(table, r, c) for r, c in rhs_refs]
        anchor = rhs[0] if rhs else lhs[0]
        bad = [c for c in (*lhs, *rhs) if not c.is_number]
        if bad:
            zh = "、".join(f"{c.label}{_UNUSABLE.get(c.kind, (c.kind,))[0]}" for c in bad[:3])
            en = "; ".join(
                f"{c.label} is {_UNUSABLE.get(c.kind, ('', c.kind))[1]}" for c in bad[:3]
            )
            yield self.not_assessable(rule, zh, en, anchor.pointer)
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


def _n(c: CellValue) -> Decimal:
    return Decimal(c.value) if not isinstance(c.value, Decimal) else c.value  # type: ignore[arg-type]


def _fmt(d: Decimal) -> str:
    if d == d.to_integral_value():
        return str(int(d))
    return format(d.normalize(), "f")


def _operand(side: str, c: CellValue) -> dict[str, Any]:
    out: dict[str, Any] = {"side": side, "pointer": c.pointer, "label": c.label, "value": c.value}
    if c.source:
        out["source"] = c.source
    return out

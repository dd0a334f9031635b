"""The pack's own rule kinds.  Kind names carry the pack's prefix (``jiangsu.``) so they can
never clash with a kind gixcheck or another pack adds later."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from gixcheck.plugin_api import (
    TABLE_NAMES,
    Context,
    Outcome,
    Report,
    Rule,
    RuleKind,
    UnreadableReport,
    Violation,
    display,
    read_report,
)

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH_DAY = re.compile(r"^\d{2}-\d{2}$")
# What gixcheck reads; anything else in a township folder (notes, scans' thumbnails) is skipped.
REPORT_SUFFIXES = (".json", ".html", ".htm", ".shtml", ".txt", ".docx", ".pdf")
TOWNSHIP_OPTION = "jiangsu.townships"
DEFAULT_ROWS = ("received_new", "carried_over", "result.total", "carried_forward")


class PublishedBy(RuleKind):
    name = "jiangsu.published-by"
    description = (
        "The report was made public by a local deadline in the year after the report year "
        "(earlier than the national 31 January). Reads metadata.published, else --published."
    )
    params = {
        "deadline": 'MM-DD in the year after the report year, e.g. "01-20"',
    }

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        deadline = str(rule.params.get("deadline", ""))
        if not _MONTH_DAY.match(deadline):
            raise ValueError(f"params.deadline must be MM-DD, not {deadline!r}")
        published = report.metadata.get("published") or ctx.published
        if not isinstance(published, str) or not _DATE.match(published):
            yield self.not_assessable(
                rule,
                "报告未写明公开日期（可用 --published 提供）",
                "the publication date is unknown (give it with --published)",
                "/metadata/published",
            )
            return
        if report.year is None:
            yield self.not_assessable(
                rule, "无法确定报告年度", "the report year is unknown", "/metadata/year"
            )
            return
        due = f"{report.year + 1}-{deadline}"
        if published <= due:  # ISO dates compare as strings
            return
        yield Violation(
            pointer="/metadata/published",
            label="公开日期",
            vars={"published": published, "deadline": due},
            evidence={"published": published, "deadline": due},
        )


class TownshipTotals(RuleKind):
    name = "jiangsu.township-totals"
    description = (
        "A county report's table 三 totals equal the sums of its townships' reports, given as a "
        "folder of reports (any format gixcheck reads). Not assessable without a folder."
    )
    params = {
        "folder": "folder of the townships' reports; else the context option "
        f"`{TOWNSHIP_OPTION}`; relative paths are relative to the working directory",
        "rows": "table 三 row keys to compare (default: " + ", ".join(DEFAULT_ROWS) + ")",
        "column": "table 三 column key to compare (default: total)",
    }

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        level = report.metadata.get("level")
        if level not in ("county", None, "unknown"):
            return  # a city's or a township's own report has no township folder to add up
        folder = rule.params.get("folder") or ctx.options.get(TOWNSHIP_OPTION)
        if not folder:
            yield self.not_assessable(
                rule,
                "未提供乡镇（街道）报告目录，无法核对汇总数",
                f"no folder of township reports given (params.folder or {TOWNSHIP_OPTION})",
                "/tables/table_3",
            )
            return
        path = Path(str(folder))
        if not path.is_dir():
            yield self.not_assessable(
                rule, f"乡镇报告目录不存在：{path}", f"no such folder: {path}", "/tables/table_3"
            )
            return
        if not report.table_present("table_3"):
            yield self.not_assessable(
                rule, "表三缺失，无法核对", "table 三 is missing; cannot check", "/tables/table_3"
            )
            return
        townships, reason = self._townships(path, report.year)
        if reason is not None:
            yield self.not_assessable(rule, reason[0], reason[1], "/tables/table_3")
            return
        column = str(rule.params.get("column", "total"))
        for row in rule.params.get("rows", DEFAULT_ROWS):
            yield from self._row(report, rule, str(row), column, townships)

    @staticmethod
    def _townships(
        path: Path, year: int | None
    ) -> tuple[list[tuple[str, Report]], tuple[str, str] | None]:
        files = sorted(
            f for f in path.iterdir() if f.is_file() and f.suffix.lower() in REPORT_SUFFIXES
        )
        if not files:
            return [], (f"目录 {path} 中没有乡镇报告", f"no township reports in {path}")
        out: list[tuple[str, Report]] = []
        for f in files:
            try:
                r = read_report(f)
            except UnreadableReport as exc:
                return [], (
                    f"无法读取乡镇报告 {f.name}：{exc.zh}",
                    f"cannot read {f.name}: {exc.en}",
                )
            if year is not None and r.year is not None and r.year != year:
                return [], (
                    f"乡镇报告 {f.name} 是 {r.year} 年度的，县级报告是 {year} 年度的",
                    f"township report {f.name} is for {r.year}, the county's for {year}",
                )
            out.append((f.name, r))
        return out, None

    def _row(
        self, report: Report, rule: Rule, row: str, column: str, townships: list[tuple[str, Report]]
    ) -> Iterator[Outcome]:
        county = report.cell("table_3", row, column)
        parts = [(name, r.cell("table_3", row, column)) for name, r in townships]
        unusable = [(n, c) for n, c in (("county", county), *parts) if not c.is_number]
        if unusable:
            names = "、".join(n for n, _ in unusable[:3])
            yield self.not_assessable(
                rule,
                f"{county.label}：{names} 的数值不可用",
                f"{county.label}: no usable number in {', '.join(n for n, _ in unusable[:3])}",
                county.pointer,
            )
            return
        total = sum((Decimal(str(c.value)) for _, c in parts), Decimal(0))
        if Decimal(str(county.value)) == total:
            return
        yield Violation(
            pointer=county.pointer,
            label=county.label,
            source=county.source,
            vars={
                "row_label": display("table_3", "rows", row),
                "table": TABLE_NAMES["table_3"],
                "county": _fmt(county.value),
                "townships": _fmt(total),
                "count": len(parts),
                "terms": " + ".join(_fmt(c.value) for _, c in parts),
            },
            evidence={
                "county": county.value,
                "townships": [{"file": n, "value": c.value} for n, c in parts],
                "sum": total,
            },
            key=f"{row}/{column}",
        )


def _fmt(v: Any) -> str:
    d = Decimal(str(v))
    return str(int(d)) if d == d.to_integral_value() else format(d.normalize(), "f")

"""Form and layout against the report year (FMT001–FMT006)."""

from __future__ import annotations

from collections.abc import Iterable

from gixcheck.form import fold, year_of
from gixcheck.kinds.base import Context, Outcome, RuleKind, Violation
from gixcheck.model import Report
from gixcheck.rulesets import Rule


class LayoutMarkers(RuleKind):
    name = "layout-markers"
    description = (
        "Within a range of report years, the report must not follow a given layout "
        "(by detected layout or by that layout's markers)."
    )
    params = {
        "year_from": "first report year the rule applies to",
        "year_to": "last report year the rule applies to",
        "layouts": "detected layouts that break the rule (e.g. ['pre-2019'])",
        "markers_of": "a layout whose markers in the report break the rule (e.g. '2019')",
        "markers_where": "only markers found here count (e.g. ['table_2']); default: anywhere",
    }

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        p = rule.params
        year = report.year
        if (p.get("year_from") is not None or p.get("year_to") is not None) and year is None:
            yield self.not_assessable(rule, "无法确定报告年度", "the report year is unknown")
            return
        if year is not None:
            if p.get("year_from") is not None and year < p["year_from"]:
                return
            if p.get("year_to") is not None and year > p["year_to"]:
                return
        markers = [m for m in report.data.get("layout_markers", []) if isinstance(m, dict)]
        hits = []
        if report.layout in p.get("layouts", []):
            # A mixed layout has no markers of its own: the markers of both forms show it.
            hits = (
                [m for m in markers if m.get("layout") == report.layout]
                or markers
                or [{"layout": report.layout, "marker": report.layout}]
            )
        if p.get("markers_of"):
            where = p.get("markers_where")
            hits += [
                m
                for m in markers
                if m.get("layout") == p["markers_of"]
                and (where is None or m.get("where") in where)
                and m not in hits
            ]
        if not hits:
            return
        shown = "、".join(str(m.get("marker")) for m in hits[:6])
        yield Violation(
            pointer="/layout",
            label=f"版式 {report.layout}",
            vars={
                "year": year if year is not None else "?",
                "layout": report.layout,
                "markers": shown,
            },
            evidence={"layout": report.layout, "markers": hits},
        )


class YearKnown(RuleKind):
    name = "year-known"
    description = (
        "The report year is known, and the title, metadata and statistics period agree on it."
    )

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        meta = report.metadata
        years: dict[str, int] = {}
        if isinstance(meta.get("year"), int):
            years["metadata"] = meta["year"]
        found = year_of(fold(report.title))
        if found:
            years["title"] = found[0]
        period = meta.get("period") or {}
        if isinstance(period, dict) and isinstance(period.get("start"), str):
            years["period"] = int(period["start"][:4])
        distinct = sorted(set(years.values()))
        if len(distinct) == 1 and "metadata" in years:
            return
        if not distinct:
            what_zh, what_en = (
                "标题、元数据和统计期限均未给出年度",
                "no year in title, metadata or period",
            )
        elif "metadata" not in years:
            what_zh, what_en = "元数据中没有报告年度", "the metadata has no report year"
        else:
            shown = "、".join(f"{k} {v}" for k, v in years.items())
            what_zh, what_en = f"年度不一致：{shown}", f"years disagree: {shown}"
        yield Violation(
            pointer="/metadata/year",
            label="报告年度",
            vars={"what_zh": what_zh, "what_en": what_en},
            evidence={"years": years},
        )


class TitleWording(RuleKind):
    name = "title-wording"
    description = (
        "The title names the document with one of the given phrases and none of the wrong ones."
    )
    params = {
        "required_any": "phrases one of which the title must contain",
        "wrong": "phrases that show the document was misnamed",
    }

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        title = fold(report.title)
        if not title:
            yield self.not_assessable(
                rule, "报告没有标题", "the report has no title", "/metadata/title"
            )
            return
        p = rule.params
        ok = any(fold(x) in title for x in p.get("required_any", []))
        wrong = [x for x in p.get("wrong", []) if fold(x) in title]
        if ok and not wrong:
            return
        yield Violation(
            pointer="/metadata/title",
            label="标题",
            vars={"title": report.title},
            evidence={"title": report.title, "wrong": wrong},
        )

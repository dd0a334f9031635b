"""Form and layout against the report year (FMT001–FMT006)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from gixcheck.kinds.base import Context, Outcome, RuleKind, Violation
from gixcheck.kinds.params import doc
from gixcheck.labels import fold
from gixcheck.messages import text
from gixcheck.model import Report
from gixcheck.rulesets import Rule


@dataclass
class LayoutMarkersParams:
    layouts: list[str] = doc("detected layouts that break the rule (e.g. ['pre-2019'])", [])
    markers_of: str | None = doc(
        "a layout whose markers in the report break the rule (e.g. '2019')", None
    )
    markers_where: list[str] | None = doc(
        "only markers found here count (e.g. ['table_2']); default: anywhere", None
    )


@dataclass
class YearKnownParams:
    year_pattern: re.Pattern[str] = doc(
        "pattern finding the report year in the title (group 1)", re.compile(r"(\d{4})")
    )


@dataclass
class TitleWordingParams:
    required_any: list[str] = doc("phrases one of which the title must contain")
    wrong: list[str] = doc("phrases that show the document was misnamed", [])


class LayoutMarkers(RuleKind):
    name = "layout-markers"
    description = (
        "Within a range of report years, the report must not follow a given layout "
        "(by detected layout or by that layout's markers)."
    )
    Params = LayoutMarkersParams

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        p: LayoutMarkersParams = rule.args
        year = report.year
        markers = [m for m in report.data.get("layout_markers", []) if isinstance(m, dict)]
        hits = []
        if report.layout in p.layouts:
            # A mixed layout has no markers of its own: the markers of both forms show it.
            hits = (
                [m for m in markers if m.get("layout") == report.layout]
                or markers
                or [{"layout": report.layout, "marker": report.layout}]
            )
        if p.markers_of:
            where = p.markers_where
            hits += [
                m
                for m in markers
                if m.get("layout") == p.markers_of
                and (where is None or m.get("where") in where)
                and m not in hits
            ]
        if not hits:
            return
        shown = text("rules.list_and").zh.join(str(m.get("marker")) for m in hits[:6])
        yield Violation(
            pointer="/layout",
            label=text("kinds.layout_label", layout=report.layout).zh,
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
    Params = YearKnownParams

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        p: YearKnownParams = rule.args
        meta = report.metadata
        years: dict[str, int] = {}
        if isinstance(meta.get("year"), int):
            years["metadata"] = meta["year"]
        m = p.year_pattern.search(fold(report.title))
        if m:
            years["title"] = int(m.group(1))
        period = meta.get("period") or {}
        if isinstance(period, dict) and isinstance(period.get("start"), str):
            years["period"] = int(period["start"][:4])
        distinct = sorted(set(years.values()))
        if len(distinct) == 1 and "metadata" in years:
            return
        if not distinct:
            what = text("kinds.year_none")
        elif "metadata" not in years:
            what = text("kinds.year_not_in_metadata")
        else:
            shown = ", ".join(f"{k} {v}" for k, v in years.items())
            what = text("kinds.year_disagree", shown=shown)
        yield Violation(
            pointer="/metadata/year",
            label=text("kinds.year_label").zh,
            vars={"what_zh": what.zh, "what_en": what.en},
            evidence={"years": years},
        )


class TitleWording(RuleKind):
    name = "title-wording"
    description = (
        "The title names the document with one of the given phrases and none of the wrong ones."
    )
    Params = TitleWordingParams

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        title = fold(_joined_title(report))
        if not title:
            yield self.not_assessable(rule, text("kinds.no_title"), pointer="/metadata/title")
            return
        p: TitleWordingParams = rule.args
        ok = any(fold(x) in title for x in p.required_any)
        wrong = [x for x in p.wrong if fold(x) in title]
        if ok and not wrong:
            return
        yield Violation(
            pointer="/metadata/title",
            label=text("kinds.title_label").zh,
            vars={"title": report.title},
            evidence={"title": report.title, "wrong": wrong},
        )


def _joined_title(report: Report) -> str:
    """The title, with the next line of the page when the title was split over two lines
    (平潭综合实验区2018年度 / 政府信息公开工作年度报告)."""
    title = report.title
    pre = [p.get("text", "") for p in report.data.get("preamble", []) if isinstance(p, dict)]
    for i, line in enumerate(pre[:-1]):
        if fold(line) == fold(title) and len(fold(pre[i + 1])) <= 30:
            return title + pre[i + 1]
    return title

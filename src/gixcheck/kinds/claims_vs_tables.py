"""TXT: what the narrative says against tables 二, 三 and 四.

The claims come from :mod:`gixcheck.claims`; which claim subject is compared with which cells
is rule-set data (``params.subjects``).  A claim is compared strictly only when it is about this
body and this year (``Claim.comparable``); a claim about another scope gives at most a warning
that names the scope, and a filing count (备案, the body acting as reconsideration organ) is
another body's figure and is not compared at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from gixcheck.claims.extract import split_sentences
from gixcheck.claims.model import Claim
from gixcheck.claims.numbers import normalize
from gixcheck.claims.report import PlacedClaim, report_claims, report_paragraphs
from gixcheck.kinds import refs
from gixcheck.kinds.base import Context, Outcome, RuleKind, Violation
from gixcheck.kinds.params import doc
from gixcheck.kinds.refs import CellRef
from gixcheck.model import CellValue, NotAssessable, Report, Severity

# The claim helpers and number formatting are the plugin API's: a pack's kinds and these use
# the same ones (imported under the short names this module's code reads with).
from gixcheck.plugin.claims import cell_evidence, claim_evidence
from gixcheck.plugin.claims import usable_claim as usable
from gixcheck.plugin.numbers import format_number as fmt
from gixcheck.rulesets import Rule


@dataclass
class Subject:
    cells: list[CellRef] = doc("the cells the claim is compared with (added up)")
    what_zh: str = doc("what the subject is, in Chinese")
    what_en: str = doc("what the subject is, in English")
    alternatives: list[list[CellRef]] = doc("other cell sets a claim may equal instead", [])
    with_carried_over: list[CellRef] | None = doc(
        "the cells for a claim that says it includes last year's carried-over requests", None
    )
    unit: str = doc("the table's unit", "件")
    scale: dict[str, float] = doc("claim unit → factor to the table's unit", {})


@dataclass
class ClaimsVsTableParams:
    table: Literal["table_2", "table_3", "table_4"] = doc("table_2, table_3 or table_4")
    subjects: dict[str, Subject] = doc("claim subject → the cells it is compared with")
    percentages: list[str] = doc(
        "check 占 N% shares of these subjects against the counts they describe", []
    )
    wholes: list[list[CellRef]] = doc(
        "cells a share may be taken of when the text does not say (any fits)", []
    )
    ignore_units: list[str] = doc(
        "claims in these units count something else (条: items of information) and are "
        "not compared",
        [],
    )


@dataclass
class ReviewTopic:
    total: list[CellRef] = doc("the cells of the topic's total")
    name_zh: str = doc("the topic's name in Chinese")
    name_en: str = doc("the topic's name in English")


@dataclass
class ClaimsVsReviewParams:
    topics: dict[str, ReviewTopic] = doc("topic (review, litigation) → its total")
    subjects: dict[str, Subject] = doc("claim subject → cells, as for claims-vs-table", {})
    contradicted_by: dict[str, dict[str, list[CellRef]]] = doc(
        "statement (all_upheld, no_loss) → topic → cells that must be 0 (else the rule's severity)",
        {},
    )
    doubtful_by: dict[str, dict[str, list[CellRef]]] = doc(
        "statement → topic → cells that make it doubtful when > 0 (a warning): 均获维持 with "
        "cases still pending or with other results",
        {},
    )
    not_claims: list[re.Pattern[str]] = doc(
        "a sentence matching one of these is not a claim (a list of the report's sections)", []
    )
    table: Literal["table_4"] = doc("the table compared (table_4)", "table_4")


@dataclass
class StaleYearParams:
    frame: re.Pattern[str] = doc(
        "regular expression for a sentence opening with a year (group 'year')"
    )
    sections: list[str] | None = doc("section keys to read (default: all)", None)


_SCOPE_NAMES = {
    "wider": ("范围更大（如全区/全市合计）", "a wider scope (e.g. area-wide totals)"),
    "sub_unit": ("为本机关的一部分或所属单位", "a part of the body or a named unit"),
    "sub_row": ("为表中某一子项", "a sub-row of the table"),
    "combined": ("为几项合计", "several rows added together"),
    "unclear": ("范围不明确", "an unclear scope"),
}


# ----------------------------------------------------------------------------- shared helpers


def cells_for(report: Report, table: str, found: list[CellRef]) -> list[CellValue]:
    """The cells of parsed references (one resolver: :func:`gixcheck.kinds.refs.cells`)."""
    return refs.cells(report, table, found)


def total_of(cells: list[CellValue]) -> Decimal | None:
    """The sum, or ``None`` when a cell is not a number (blank is not 0)."""
    return refs.total(cells)


def scope_words(claim: Claim) -> tuple[str, str]:
    # 予以公开及部分公开 N件 is this body's figure too, only summed: nothing to warn about.
    if claim.comparable or (claim.scope == "combined" and claim.year_scope == "this_year"):
        return "", ""
    zh, en = _SCOPE_NAMES.get(claim.scope, ("范围不同", "a different scope"))
    said = claim.scope_text or claim.scope
    return (
        f"（正文所述范围「{said}」{zh}，不一定是本机关本年度的数字，请人工核对）",
        f" (the text's scope “{said}” is {en}, not necessarily this body's figure for the "
        "year; please check)",
    )


def violation(
    pc: PlacedClaim,
    rule: Rule,
    *,
    said: tuple[str, str],
    table: tuple[str, str],
    cells: list[CellValue],
    key: str,
    extra: dict[str, Any] | None = None,
) -> Violation:
    """A finding about one claim: error-level rules become warnings outside a strict scope."""
    c = pc.claim
    scope_zh, scope_en = scope_words(c)
    severity = None
    if not c.comparable and rule.severity == Severity.ERROR:
        severity = Severity.WARNING
    # A statement (均获维持) means little without its sentence; a count is clear on its own.
    text = c.text if c.value is not None else c.sentence[:60]
    return Violation(
        pointer=pc.pointer,
        label=c.text,
        source=dict(c.source) or None,
        severity=severity,
        vars={
            "text": text,
            "said_zh": said[0],
            "said_en": said[1],
            "table_zh": table[0],
            "table_en": table[1],
            "scope_zh": scope_zh,
            "scope_en": scope_en,
            "claimed": fmt(c.value) if c.value is not None else "",
            **(extra or {}),
        },
        evidence={**claim_evidence(pc), "cells": cell_evidence(cells), **(extra or {})},
        key=f"{key}|{c.subject}|{fmt(c.value) if c.value is not None else ''}|{c.sentence}",
    )


def label_of(cells: list[CellValue]) -> str:
    if len(cells) == 1:
        return cells[0].label
    return " + ".join(c.label for c in cells)


def not_assessable_cells(
    kind: RuleKind, rule: Rule, pc: PlacedClaim, cells: list[CellValue]
) -> NotAssessable:
    bad = [c for c in cells if not c.is_number]
    what = "、".join(f"{c.label}（{c.kind}）" for c in bad[:3])
    return kind.not_assessable(
        rule,
        f"「{pc.claim.text}」无法核对：{what}不是数字",
        f"“{pc.claim.text}” cannot be checked: {what} is not a number",
        bad[0].pointer if bad else pc.pointer,
    )


# ----------------------------------------------------------------------------- counts


class ClaimsVsTable(RuleKind):
    """Counts in the text against table cells (TXT001, TXT002, TXT004)."""

    name = "claims-vs-table"
    description = (
        "Numbers the text states for a subject must equal the table cells mapped to it; "
        "scope and year decide whether a difference is an error, a warning or not compared."
    )
    Params = ClaimsVsTableParams

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        p: ClaimsVsTableParams = rule.args
        table = p.table
        subjects = p.subjects
        if not report.table_present(table):
            yield self.not_assessable(
                rule, f"{table} 缺失，无法核对正文", f"{table} is missing", f"/tables/{table}"
            )
            return
        claims = report_claims(report)
        for pc in claims:
            spec = subjects.get(pc.claim.subject)
            if spec is None or not usable(pc):
                continue
            if pc.claim.unit in p.ignore_units:
                continue  # 依申请公开信息数142条: items of information, not applications
            if pc.claim.has("distributive") and pc.claim.value == 0:
                continue  # 行政复议和行政诉讼均为0: the statement kinds handle it
            yield from self._compare(report, rule, table, pc, spec)
        if p.percentages:
            yield from self._percentages(report, rule, table, claims)

    def _compare(
        self, report: Report, rule: Rule, table: str, pc: PlacedClaim, spec: Subject
    ) -> Iterator[Outcome]:
        c = pc.claim
        assert c.value is not None
        alternatives: list[list[CellRef]] = [spec.cells, *spec.alternatives]
        if c.has("includes_carried_over") and spec.with_carried_over is not None:
            alternatives = [spec.with_carried_over]
        subjects: dict[str, Subject] = rule.args.subjects
        if c.parts and c.scope == "combined" and all(part in subjects for part in c.parts):
            # 予以公开及部分公开42件 is 予以公开 + 部分公开: the sum of its parts' cells.
            alternatives = [[ref for part in c.parts for ref in subjects[part].cells]]
        scale = Decimal(str(spec.scale.get(c.unit or "", 1)))
        claimed = c.value * scale
        options: list[tuple[Decimal, list[CellValue]]] = []
        first_cells: list[CellValue] = []
        for alt in alternatives:
            cells = cells_for(report, table, alt)
            if not first_cells:
                first_cells = cells
            total = total_of(cells)
            if total is not None:
                options.append((total, cells))
        if not options:
            if any(ce.kind != "missing" for ce in first_cells):
                yield not_assessable_cells(self, rule, pc, first_cells)
            return
        if any(total == claimed for total, _ in options):
            return
        total, cells = options[0]
        unit = spec.unit
        what_zh, what_en = spec.what_zh, spec.what_en
        also = ""
        also_en = ""
        others = [(t, cs) for t, cs in options[1:] if t != total]
        if others:
            also = "（" + "、".join(f"{label_of(cs)}为{fmt(t)}" for t, cs in others) + "）"
            also_en = " (" + "; ".join(f"{label_of(cs)} is {fmt(t)}" for t, cs in others) + ")"
        yield violation(
            pc,
            rule,
            said=(
                f"{what_zh}{fmt(c.value)}{c.unit or ''}",
                f"{what_en}: {fmt(c.value)}{' ' + c.unit if c.unit else ''}",
            ),
            table=(
                f"{label_of(cells)}为{fmt(total)}{unit}{also}，相差{fmt(abs(claimed - total))}",
                f"{label_of(cells)} is {fmt(total)}{also_en}; difference "
                f"{fmt(abs(claimed - total))}",
            ),
            cells=cells,
            key="count",
            extra={"expected": total, "difference": claimed - total},
        )

    def _percentages(
        self, report: Report, rule: Rule, table: str, claims: list[PlacedClaim]
    ) -> Iterator[Outcome]:
        p: ClaimsVsTableParams = rule.args
        subjects = set(p.percentages)
        wholes = p.wholes
        for i, pc in enumerate(claims):
            c = pc.claim
            if c.subject != "percent.share" or c.of not in subjects or not usable(pc):
                continue
            count = _count_before(claims, i)
            if count is None or count.value is None:
                continue
            candidates: list[tuple[Decimal, str]] = []
            for whole_refs in wholes:
                cells = cells_for(report, table, whole_refs)
                t = total_of(cells)
                if t:
                    candidates.append((t, label_of(cells)))
            if not candidates:
                continue
            assert c.value is not None
            step = Decimal(1).scaleb(c.value.as_tuple().exponent)  # type: ignore[arg-type]
            tolerance = max(step, Decimal("0.1"))
            shares = [(count.value * 100 / t, t, lab) for t, lab in candidates]
            if any(abs(s - c.value) <= tolerance for s, _, _ in shares):
                continue
            share, whole, lab = shares[0]
            shown = share.quantize(Decimal("0.1"))
            others = "；".join(
                f"占{lab}{fmt(t)}的{(s).quantize(Decimal('0.1'))}%" for s, t, lab in shares[1:]
            )
            others_en = "; ".join(
                f"{(s).quantize(Decimal('0.1'))}% of {lab} {fmt(t)}" for s, t, lab in shares[1:]
            )
            yield violation(
                pc,
                rule,
                said=(
                    f"{fmt(count.value)}件占{fmt(c.value)}%",
                    f"{fmt(count.value)} is {fmt(c.value)}%",
                ),
                table=(
                    f"{fmt(count.value)}件只占{lab}{fmt(whole)}件的{shown}%"
                    + (f"（{others}）" if others else ""),
                    f"{fmt(count.value)} is {shown}% of {lab} {fmt(whole)}"
                    + (f" ({others_en})" if others_en else ""),
                ),
                cells=[],
                key="percent",
                extra={"expected": shown, "whole": whole},
            )


def _count_before(claims: list[PlacedClaim], i: int) -> Claim | None:
    pct = claims[i].claim
    for j in range(i - 1, -1, -1):
        c = claims[j].claim
        if c.sentence != pct.sentence or claims[j].pointer != claims[i].pointer:
            return None
        if c.subject == pct.of and c.value is not None and c.span[0] < pct.span[0]:
            return c
    return None


# ----------------------------------------------------------------------------- review


class ClaimsVsReview(RuleKind):
    """TXT003: review and litigation in the text against table 四."""

    name = "claims-vs-review"
    description = (
        "Review/litigation statements (none, counts, all upheld, no loss) must agree with table 四."
    )
    Params = ClaimsVsReviewParams

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        p: ClaimsVsReviewParams = rule.args
        table = p.table
        if not report.table_present(table):
            yield self.not_assessable(
                rule, "表四缺失，无法核对正文", "table 四 is missing", "/tables/table_4"
            )
            return
        counts = ClaimsVsTable()
        topics = p.topics
        contra = p.contradicted_by
        for pc in report_claims(report):
            c = pc.claim
            if any(pat.search(normalize(c.sentence)) for pat in p.not_claims):
                continue  # 全文包括……行政复议与行政诉讼情况……六个部分: section names, no claim
            if c.subject in p.subjects and usable(pc):
                if c.has("distributive") and c.value == 0:
                    topic = c.subject.split(".")[0]
                    yield from self._none(report, rule, pc, topic, topics[topic])
                    continue
                yield from counts._compare(report, rule, table, pc, p.subjects[c.subject])
                continue
            if not usable(pc, numeric=False):
                continue
            topic, _, what = c.subject.partition(".")
            if topic not in topics:
                continue
            if what == "none":
                yield from self._none(report, rule, pc, topic, topics[topic])
            elif what in contra and topic in contra[what]:
                doubtful = p.doubtful_by.get(what, {}).get(topic, [])
                yield from self._statement(
                    report, rule, pc, topic, what, contra[what][topic], doubtful
                )

    def _none(
        self, report: Report, rule: Rule, pc: PlacedClaim, topic: str, spec: ReviewTopic
    ) -> Iterator[Outcome]:
        cells = cells_for(report, "table_4", spec.total)
        total = total_of(cells)
        if total is None:
            yield not_assessable_cells(self, rule, pc, cells)
            return
        if total == 0:
            return
        yield violation(
            pc,
            rule,
            said=(f"没有{spec.name_zh}", f"there was no {spec.name_en}"),
            table=(
                f"{label_of(cells)}合计为{fmt(total)}件",
                f"{label_of(cells)} add up to {fmt(total)}",
            ),
            cells=cells,
            key=f"none:{topic}",
            extra={"expected": total},
        )

    def _statement(
        self,
        report: Report,
        rule: Rule,
        pc: PlacedClaim,
        topic: str,
        what: str,
        found: list[CellRef],
        doubtful: list[CellRef],
    ) -> Iterator[Outcome]:
        cells = cells_for(report, "table_4", found)
        bad = [ce for ce in cells if ce.is_number and ce.value]
        warn = False
        if not bad:
            # 均获维持 while cases are pending or ended otherwise: likely wrong, not impossible
            maybe = cells_for(report, "table_4", doubtful)
            bad = [ce for ce in maybe if ce.is_number and ce.value]
            warn = True
            if not bad:
                unread = [ce for ce in (*cells, *maybe) if not ce.is_number]
                if unread:
                    yield not_assessable_cells(self, rule, pc, unread)
                return
        words = {
            "all_upheld": ("均获维持", "all were upheld"),
            "no_loss": ("没有败诉", "no case was lost"),
        }[what]
        spec = rule.args.topics[topic]
        v = violation(
            pc,
            rule,
            said=(f"{spec.name_zh}{words[0]}", f"{spec.name_en}: {words[1]}"),
            table=(
                "表四中" + "、".join(f"{ce.label}为{fmt(ce.value)}" for ce in bad),
                "table 四 has " + "; ".join(f"{ce.label} = {fmt(ce.value)}" for ce in bad),
            ),
            cells=bad,
            key=f"{what}:{topic}",
        )
        if warn:
            v.severity = Severity.WARNING
        yield v


# ----------------------------------------------------------------------------- stale year


class StaleYear(RuleKind):
    """TXT005: a sentence framed by last year's date, as if it were this year's report."""

    name = "stale-year"
    description = (
        "A sentence opening with the previous year (2021年，我区… in a 2022 report) is a sign "
        "the text was copied from last year's report."
    )
    Params = StaleYearParams

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        if report.year is None:
            yield self.not_assessable(rule, "无法确定报告年度", "the report year is unknown")
            return
        p: StaleYearParams = rule.args
        frame = p.frame
        wanted = p.sections
        for text, pointer, section, source in report_paragraphs(report):
            if wanted and section not in wanted:
                continue
            for s, e, _t in split_sentences(text):
                sentence = text[s:e]
                m = frame.match(normalize(sentence))
                if not m or int(m.group("year")) != report.year - 1:
                    continue
                yield Violation(
                    pointer=pointer,
                    label=sentence[:40],
                    source=source or None,
                    vars={
                        "text": sentence[: m.end() + 20],
                        "stated": m.group("year"),
                        "year": report.year,
                    },
                    evidence={"sentence": sentence, "stated_year": int(m.group("year"))},
                    key=sentence,
                )

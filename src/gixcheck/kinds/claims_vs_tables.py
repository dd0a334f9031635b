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

from gixcheck.claims.model import Claim
from gixcheck.claims.numbers import normalize
from gixcheck.claims.report import (
    PlacedClaim,
    report_claims,
    report_normalized,
    report_sentences,
)
from gixcheck.form._data import load
from gixcheck.kinds import refs
from gixcheck.kinds.base import Context, Outcome, RuleKind, Violation
from gixcheck.kinds.params import doc
from gixcheck.kinds.refs import CellRef
from gixcheck.labels import TABLE_NAMES
from gixcheck.messages import Text, text
from gixcheck.model import CellValue, NotAssessable, Report, Severity

# The claim helpers and number formatting are the plugin API's: a pack's kinds and these use
# the same ones (imported under the short names this module's code reads with).
from gixcheck.plugin.claims import cell_evidence, claim_evidence
from gixcheck.plugin.claims import usable_claim as usable
from gixcheck.plugin.numbers import format_number as fmt
from gixcheck.rulesets import Rule

# units as data (gixcheck/form/writing.toml)
_W: dict[str, str] = load("writing")["claims"]


@dataclass
class Subject:
    cells: list[CellRef] = doc("the cells the claim is compared with (added up)")
    what_zh: str = doc("what the subject is, in Chinese")
    what_en: str = doc("what the subject is, in English")
    alternatives: list[list[CellRef]] = doc("other cell sets a claim may equal instead", [])
    with_carried_over: list[CellRef] | None = doc(
        "the cells for a claim that says it includes last year's carried-over requests", None
    )
    unit: str = doc("the table's unit (default: the form's count unit)", _W["count_unit"])
    scale: dict[str, float] = doc("claim unit → factor to the table's unit", {})


@dataclass
class ClaimsVsTableParams:
    table: Literal["table_2", "table_3", "table_4"] = doc("table_2, table_3 or table_4")
    subjects: dict[str, Subject] = doc("claim subject → the cells it is compared with")
    percentages: list[str] = doc(
        "check the shares (N%) of these subjects against the counts they describe", []
    )
    wholes: list[list[CellRef]] = doc(
        "cells a share may be taken of when the text does not say (any fits)", []
    )
    ignore_units: list[str] = doc(
        "claims in these units count something else (items of information) and are not compared",
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
        "statement → topic → cells that make it doubtful when > 0 (a warning): 'all upheld' "
        "with cases still pending or with other results",
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


_SCOPES = ("wider", "sub_unit", "sub_row", "combined", "unclear")


def _bi(key: str, **values: Any) -> tuple[str, str]:
    """A catalogue message as (zh, en); a :class:`Text` value is taken in each language."""
    if not any(isinstance(v, Text) for v in values.values()):
        both = text(f"kinds.{key}", **values)  # the same values in both: render once
        return both.zh, both.en
    zh = {k: (v.zh if isinstance(v, Text) else v) for k, v in values.items()}
    en = {k: (v.en if isinstance(v, Text) else v) for k, v in values.items()}
    return text(f"kinds.{key}", **zh).zh, text(f"kinds.{key}", **en).en


def _joined(parts: list[tuple[str, str]], sep: str = "rules.list_and") -> Text:
    """(zh, en) parts joined with a catalogue separator, as one :class:`Text`."""
    s = text(sep)
    return Text(s.zh.join(z for z, _ in parts), s.en.join(e for _, e in parts))


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
    what = text(
        f"kinds.cvt_scope_{claim.scope}" if claim.scope in _SCOPES else "kinds.cvt_scope_other"
    )
    said = claim.scope_text or claim.scope
    return _bi("cvt_scope_note", said=said, what=what)


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
    what = _joined([_bi("cvt_cell_kind", label=c.label, kind=c.kind) for c in bad[:3]])
    zh, en = _bi("cvt_not_number", text=pc.claim.text, what=what)
    return kind.not_assessable(rule, zh, en, bad[0].pointer if bad else pc.pointer)


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
            zh, en = _bi("cvt_table_missing", table=TABLE_NAMES[table])
            yield self.not_assessable(rule, zh, en, f"/tables/{table}")
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
        also = Text("", "")
        others = [(t, cs) for t, cs in options[1:] if t != total]
        if others:
            items = [_bi("cvt_item_is", label=label_of(cs), value=fmt(t)) for t, cs in others]
            lists = Text(_joined(items).zh, _joined(items, "rules.list_semicolon").en)
            also = Text(*_bi("cvt_aside", items=lists))
        yield violation(
            pc,
            rule,
            said=_bi(
                "cvt_said_count",
                what=Text(what_zh, what_en),
                value=fmt(c.value),
                unit=c.unit or "",
                unit_en=" " + c.unit if c.unit else "",
            ),
            table=_bi(
                "cvt_table_count",
                cells=label_of(cells),
                total=fmt(total),
                unit=Text(unit, ""),
                also=also,
                diff=fmt(abs(claimed - total)),
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
            rest = [
                _bi("cvt_share_other", label=lab, whole=fmt(t), share=s.quantize(Decimal("0.1")))
                for s, t, lab in shares[1:]
            ]
            others = (
                Text(*_bi("cvt_aside", items=_joined(rest, "rules.list_semicolon")))
                if rest
                else Text("", "")
            )
            yield violation(
                pc,
                rule,
                said=_bi("cvt_said_share", count=fmt(count.value), share=fmt(c.value)),
                table=_bi(
                    "cvt_table_share",
                    count=fmt(count.value),
                    label=lab,
                    whole=fmt(whole),
                    shown=shown,
                    others=others,
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
        "Review/litigation statements (none, counts, all upheld, no loss) must agree with table 4."
    )
    Params = ClaimsVsReviewParams

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        p: ClaimsVsReviewParams = rule.args
        table = p.table
        if not report.table_present(table):
            zh, en = _bi("cvt_table_missing", table=TABLE_NAMES["table_4"])
            yield self.not_assessable(rule, zh, en, "/tables/table_4")
            return
        counts = ClaimsVsTable()
        topics = p.topics
        contra = p.contradicted_by
        # Whether a sentence names the report's parts rather than claiming anything
        # (全文包括……行政复议与行政诉讼情况……六个部分): told once per sentence, and only for
        # a claim this rule reads (most claims are other rules').
        listing: dict[str, bool] = {}

        def names_parts(sentence: str) -> bool:
            found = listing.get(sentence)
            if found is None:
                norm = normalize(sentence)
                found = listing[sentence] = any(pat.search(norm) for pat in p.not_claims)
            return found

        for pc in report_claims(report):
            c = pc.claim
            if c.subject in p.subjects and usable(pc):
                if names_parts(c.sentence):
                    continue
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
            if what != "none" and not (what in contra and topic in contra[what]):
                continue
            if names_parts(c.sentence):
                continue
            if what == "none":
                yield from self._none(report, rule, pc, topic, topics[topic])
            else:
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
            said=_bi("cvt_said_none", name=Text(spec.name_zh, spec.name_en)),
            table=_bi("cvt_table_sum", cells=label_of(cells), total=fmt(total)),
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
        words = text(f"kinds.cvt_{what}")
        spec = rule.args.topics[topic]
        items = [_bi("cvt_item_eq", label=ce.label, value=fmt(ce.value)) for ce in bad]
        v = violation(
            pc,
            rule,
            said=_bi("cvt_said_statement", name=Text(spec.name_zh, spec.name_en), words=words),
            table=_bi(
                "cvt_table_has",
                items=Text(_joined(items).zh, _joined(items, "rules.list_semicolon").en),
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
        "A sentence opening with the previous year ('In 2021, our district…' in a 2022 report) is a sign "
        "the text was copied from last year's report."
    )
    Params = StaleYearParams

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        if report.year is None:
            yield self.not_assessable(rule, text("rules.year_unknown"))
            return
        p: StaleYearParams = rule.args
        frame = p.frame
        wanted = p.sections
        normalized = report_normalized(report)  # the sentences' slices are normalised
        for ((para, pointer, section, source), split), norm in zip(
            report_sentences(report), normalized, strict=True
        ):
            if wanted and section not in wanted:
                continue
            for s, e, _t in split:
                m = frame.match(norm[s:e])
                if not m or int(m.group("year")) != report.year - 1:
                    continue
                sentence = para[s:e]
                yield Violation(
                    pointer=pointer,
                    label=sentence[:40],
                    source=dict(source) or None,  # a copy: the split is shared by the report
                    vars={
                        "text": sentence[: m.end() + 20],
                        "stated": m.group("year"),
                        "year": report.year,
                    },
                    evidence={"sentence": sentence, "stated_year": int(m.group("year"))},
                    key=sentence,
                )

"""Narrative arithmetic auditors do by hand (TXT006, TXT007).

TXT006 adds up what one paragraph says: the outcome categories it lists against the total it
states (and table 三), and the shares it gives against 100 %.  TXT007 compares the number of
government information items the text says were published with table 二's documents issued.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from gixcheck.claims.report import PlacedClaim, report_claims
from gixcheck.kinds import refs
from gixcheck.kinds.base import Context, Outcome, RuleKind, Violation
from gixcheck.kinds.params import doc
from gixcheck.kinds.refs import CellRef
from gixcheck.labels import TABLE_NAMES
from gixcheck.messages import text
from gixcheck.model import Report
from gixcheck.plugin.claims import claim_evidence
from gixcheck.plugin.claims import usable_claim as usable
from gixcheck.plugin.numbers import format_number as fmt
from gixcheck.rulesets import Rule


@dataclass
class NarrativeSumsParams:
    total: str = doc("claim subject of the stated total (result.total: requests answered)")
    parts: list[str] = doc("claim subjects of the categories that make up the total")
    complete: list[str] = doc(
        "the categories that, all listed, make the list complete (its shares must add up to 100)"
    )
    table_total: list[CellRef] = doc("table 3 cells of the total", [])
    min_parts: int = doc("fewer listed categories than this is no breakdown", 3)
    rounding: float = doc("shares may miss 100 by this much per share (rounding)", 0.1)


class NarrativeSums(RuleKind):
    """TXT006: the categories a paragraph lists add up to the total it states."""

    name = "narrative-sums"
    description = (
        "Within one paragraph, the outcome categories the text lists must add up to the total it "
        "states (or table 3's), and the shares of a complete list must add up to 100 %."
    )
    Params = NarrativeSumsParams

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        p: NarrativeSumsParams = rule.args
        by_paragraph: dict[str, list[PlacedClaim]] = {}
        for pc in report_claims(report):
            if usable(pc, numeric=False) and pc.claim.scope not in ("sub_row", "filing"):
                by_paragraph.setdefault(pc.pointer, []).append(pc)
        cells = refs.cells(report, "table_3", p.table_total) if p.table_total else []
        table_total = refs.total(cells)
        for pointer, claims in by_paragraph.items():
            yield from self._paragraph(p, pointer, claims, table_total)

    def _paragraph(
        self,
        p: NarrativeSumsParams,
        pointer: str,
        claims: list[PlacedClaim],
        table_total: Decimal | None,
    ) -> Iterator[Outcome]:
        totals = [pc for pc in claims if pc.claim.subject == p.total and pc.claim.value is not None]
        listed: dict[str, PlacedClaim] = {}
        for pc in claims:
            c = pc.claim
            if c.subject in p.parts and c.value is not None and c.subject not in listed:
                listed[c.subject] = pc
        if len(listed) < p.min_parts:
            return
        covered = {s for pc in listed.values() for s in (pc.claim.parts or (pc.claim.subject,))}
        added = sum((pc.claim.value or Decimal(0) for pc in listed.values()), Decimal(0))
        problems = []
        stated = totals[0].claim.value if totals else None
        if stated is not None and added != stated:
            problems.append(text("kinds.txt006_sum_vs_text", added=fmt(added), total=fmt(stated)))
        elif (
            stated is None
            and table_total is not None
            and added != table_total
            and (covered >= set(p.complete))
        ):
            problems.append(
                text("kinds.txt006_sum_vs_table", added=fmt(added), total=fmt(table_total))
            )
        shares = [
            pc
            for pc in claims
            if pc.claim.subject == "percent.share" and pc.claim.of in listed and pc.claim.value
        ]
        share_sum = sum((pc.claim.value or Decimal(0) for pc in shares), Decimal(0))
        tolerance = Decimal(str(p.rounding)) * max(len(shares), 1)
        if (
            covered >= set(p.complete)
            and len(shares) >= p.min_parts - 1
            and abs(share_sum - 100) > tolerance
        ):
            problems.append(text("kinds.txt006_shares", shares=fmt(share_sum)))
        if not problems:
            return
        first = next(iter(listed.values()))
        sep = text("rules.list_semicolon")
        yield Violation(
            pointer=pointer,
            label=first.claim.sentence[:40],
            source=dict(first.claim.source) or None,
            vars={
                "text": first.claim.sentence[:80],
                "what_zh": sep.zh.join(t.zh for t in problems),
                "what_en": sep.en.join(t.en for t in problems),
            },
            evidence={
                "listed": {s: pc.claim.value for s, pc in listed.items()},
                "added": added,
                "stated_total": stated,
                "table_total": table_total,
                "shares": [pc.claim.value for pc in shares],
                "sentence": first.claim.sentence,
                "claim": claim_evidence(first)["claim"],
            },
            key=pointer,
        )


@dataclass
class PublishedVsIssuedParams:
    subject: str = doc("claim subject of the items proactively published")
    issued: list[CellRef] = doc("table 2 cells of the documents issued this year")


class PublishedVsIssued(RuleKind):
    """TXT007: fewer items published than rules and normative documents issued."""

    name = "published-vs-issued"
    description = (
        "The number of government information items the text says were proactively published "
        "must not be smaller than the rules and normative documents table 2 says were issued."
    )
    Params = PublishedVsIssuedParams

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        p: PublishedVsIssuedParams = rule.args
        if not report.table_present("table_2"):
            yield self.not_assessable(
                rule,
                text("kinds.table_missing", table=TABLE_NAMES["table_2"]),
                pointer="/tables/table_2",
            )
            return
        cells = refs.cells(report, "table_2", p.issued)
        issued = refs.total(cells)
        for pc in report_claims(report):
            c = pc.claim
            if c.subject != p.subject or not usable(pc) or not c.comparable:
                continue
            if issued is None:
                bad = [x for x in cells if not x.is_number]
                why = text(f"kinds.cell_{bad[0].kind}", cell=bad[0].label)
                yield self.not_assessable(rule, why, pointer=bad[0].pointer)
                return
            assert c.value is not None
            if c.value >= issued:
                continue
            yield Violation(
                pointer=pc.pointer,
                label=c.text,
                source=dict(c.source) or None,
                vars={"text": c.text, "published": fmt(c.value), "issued": fmt(issued)},
                evidence={
                    **claim_evidence(pc),
                    "issued": issued,
                    "cells": [{"pointer": x.pointer, "value": x.value} for x in cells],
                },
                key=f"{fmt(c.value)}|{c.sentence}",
            )

"""XYR: this year's report against last year's (``--previous``).

Without a previous report every XYR rule is *not assessable*, with that reason: never passed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from gixcheck.kinds import refs
from gixcheck.kinds.base import Context, Outcome, RuleKind, Violation
from gixcheck.kinds.params import doc
from gixcheck.kinds.refs import CellRef
from gixcheck.kinds.sentences import sentences
from gixcheck.labels import display
from gixcheck.messages import Text, text
from gixcheck.model import CellValue, Report
from gixcheck.plugin.numbers import format_number as fmt
from gixcheck.rulesets import Rule


@dataclass
class CarryOverParams:
    columns: list[str] = doc("table 3 columns compared")
    this_row: str = doc("this year's row", "carried_over")
    previous_row: str = doc("last year's row", "carried_forward")


@dataclass
class DocumentStockParams:
    rows: list[str] = doc("table 2 rows compared (rules, normative documents)")


@dataclass
class CopiedNarrativeParams:
    sections: list[str] = doc("section keys compared")
    ngram: int = doc("n of the character n-grams", 3)
    threshold: float = doc("similarity at or above which the section counts as copied", 0.9)
    min_chars: int = doc("sections shorter than this (after removing digits) are not compared", 60)
    ignore: re.Pattern[str] = doc(
        "pattern removed before comparing (digits: years and counts)", re.compile(r"[\s\d]")
    )


@dataclass
class ImplausibleJumpParams:
    cells: dict[str, list[CellRef]] = doc("table → cell references compared")
    factor: float = doc("ratio at or beyond which a change is implausible", 10.0)
    min_value: float = doc("the larger of the two values must be at least this", 20.0)


def _no_previous(kind: RuleKind, rule: Rule, ctx: Context) -> Outcome:
    why = ctx.previous_missing
    if why is not None:
        return kind.not_assessable(rule, why.zh, why.en)
    return kind.not_assessable(rule, text("kinds.xyr_no_previous"))


def _d(c: CellValue) -> Decimal:
    return Decimal(str(c.value))


def _previous(kind: RuleKind, report: Report, rule: Rule, ctx: Context) -> Iterator[Outcome]:
    """Yields a not-assessable outcome when the comparison cannot run."""
    prev = ctx.previous
    if prev is None:
        yield _no_previous(kind, rule, ctx)
        return
    if report.year is not None and prev.year is not None and prev.year != report.year - 1:
        yield kind.not_assessable(
            rule, text("kinds.xyr_wrong_year", prev=prev.year, want=report.year - 1)
        )


class CrossYearKind(RuleKind):
    """A rule comparing this year's report with last year's (``--previous``).

    Subclasses implement :meth:`compare`; without a previous report, or with one for the
    wrong year, the rule is not assessable — never passed.
    """

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        blocked = list(_previous(self, report, rule, ctx))
        if blocked or ctx.previous is None:
            return blocked
        return self.compare(report, ctx.previous, rule)

    def compare(self, report: Report, prev: Report, rule: Rule) -> Iterable[Outcome]:
        raise NotImplementedError


class CarryOver(CrossYearKind):
    """XYR001: this year's 二、上年结转 = last year's 四、结转下年度继续办理, per column."""

    name = "carry-over"
    description = "Table 3: this year's carried-over requests equal last year's carried-forward."
    Params = CarryOverParams

    def compare(self, report: Report, prev: Report, rule: Rule) -> Iterable[Outcome]:
        p: CarryOverParams = rule.args
        for col in p.columns:
            now = report.cell("table_3", p.this_row, col)
            before = prev.cell("table_3", p.previous_row, col)
            if not (now.is_number and before.is_number):
                bad = now if not now.is_number else before
                yield self.not_assessable(rule, _not_number(bad, bad is now), pointer=now.pointer)
                continue
            if _d(now) == _d(before):
                continue
            yield Violation(
                pointer=now.pointer,
                label=now.label,
                source=now.source,
                vars={
                    "column": display("table_3", "columns", col),
                    "this": fmt(_d(now)),
                    "previous": fmt(_d(before)),
                    "previous_year": prev.year or "",
                },
                evidence={
                    "this": {"pointer": now.pointer, "value": now.value},
                    "previous": {"pointer": before.pointer, "value": before.value},
                    "difference": _d(now) - _d(before),
                },
                key=col,
            )


class DocumentStock(CrossYearKind):
    """XYR002: 现行有效 this year = last year's + issued − repealed this year."""

    name = "document-stock"
    description = (
        "Table 2: in force now = in force last year + issued this year − repealed this year."
    )
    Params = DocumentStockParams

    def compare(self, report: Report, prev: Report, rule: Rule) -> Iterable[Outcome]:
        for row in rule.args.rows:
            now = report.cell("table_2", row, "in_force")
            issued = report.cell("table_2", row, "issued")
            repealed = report.cell("table_2", row, "repealed")
            before = prev.cell("table_2", row, "in_force")
            cells = [now, issued, repealed, before]
            if not all(c.is_number for c in cells):
                bad = next(c for c in cells if not c.is_number)
                yield self.not_assessable(
                    rule, _not_number(bad, bad is not before), pointer=now.pointer
                )
                continue
            expected = _d(before) + _d(issued) - _d(repealed)
            if expected == _d(now):
                continue
            yield Violation(
                pointer=now.pointer,
                label=now.label,
                source=now.source,
                vars={
                    "row": display("table_2", "rows", row),
                    "this": fmt(_d(now)),
                    "previous": fmt(_d(before)),
                    "issued": fmt(_d(issued)),
                    "repealed": fmt(_d(repealed)),
                    "expected": fmt(expected),
                    "diff": fmt(abs(expected - _d(now))),
                },
                evidence={
                    "operands": [
                        {"pointer": c.pointer, "label": c.label, "value": c.value} for c in cells
                    ],
                    "expected": expected,
                    "actual": _d(now),
                },
                key=row,
            )


# ----------------------------------------------------------------------------- similarity


def _shingles(text: str, n: int, ignore: re.Pattern[str]) -> set[str]:
    t = ignore.sub("", text)
    return {t[i : i + n] for i in range(max(0, len(t) - n + 1))}


def similarity(a: str, b: str, n: int = 3, ignore: str = r"[\s\d\uff10-\uff19]") -> float:
    """Jaccard similarity of the character ``n``-grams of two texts after removing what
    ``ignore`` matches (white space and digits, so a changed year or count does not count as
    new text)."""
    pat = re.compile(ignore)
    sa, sb = _shingles(a, n, pat), _shingles(b, n, pat)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


class CopiedNarrative(CrossYearKind):
    """XYR003: a section whose text is largely last year's."""

    name = "copied-narrative"
    description = (
        "A narrative section must not be largely the same text as last year's (character "
        "n-gram Jaccard similarity, ignoring digits and white space)."
    )
    Params = CopiedNarrativeParams

    def compare(self, report: Report, prev: Report, rule: Rule) -> Iterable[Outcome]:
        p: CopiedNarrativeParams = rule.args
        n = p.ngram
        threshold = p.threshold
        ignore = p.ignore.pattern
        min_chars = p.min_chars
        for key in p.sections:
            found = report.section(key)
            now = report.section_text(key)
            before = prev.section_text(key)
            if found is None or now is None or before is None:
                continue
            if len(re.sub(ignore, "", now)) < min_chars:
                continue
            score = similarity(now, before, n, ignore)
            if score < threshold:
                continue
            i, s = found
            yield Violation(
                pointer=f"/sections/{i}",
                label=str(s.get("heading") or key),
                source=s.get("source"),
                vars={
                    "section": str(s.get("heading") or key),
                    "similarity": f"{score:.0%}",
                    "threshold": f"{threshold:.0%}",
                    "previous_year": prev.year or "",
                },
                evidence={"similarity": round(score, 4), "ngram": n, "threshold": threshold},
                key=key,
            )


class ImplausibleJump(CrossYearKind):
    """XYR004: a figure ×10 or ÷10 from last year's, with at least ``min_value`` behind it."""

    name = "implausible-jump"
    description = "A table figure changed by a factor of at least `factor` from last year's."
    Params = ImplausibleJumpParams

    def compare(self, report: Report, prev: Report, rule: Rule) -> Iterable[Outcome]:
        p: ImplausibleJumpParams = rule.args
        factor = Decimal(str(p.factor))
        floor = Decimal(str(p.min_value))
        for table, found in p.cells.items():
            for ref in found:
                nows = refs.cells(report, table, [ref])
                befores = refs.cells(prev, table, [ref])
                if len(nows) != 1 or len(befores) != 1:
                    continue
                now, before = nows[0], befores[0]
                if not (now.is_number and before.is_number):
                    continue
                a, b = _d(before), _d(now)
                big, small = max(a, b), min(a, b)
                if big < floor or small < 0 or (small > 0 and big < small * factor):
                    continue
                yield Violation(
                    pointer=now.pointer,
                    label=now.label,
                    source=now.source,
                    vars={
                        "cell": now.label,
                        "this": fmt(b),
                        "previous": fmt(a),
                        "previous_year": prev.year or "",
                    },
                    evidence={"this": b, "previous": a, "factor": factor},
                    key=f"{table}/{ref}",  # Term's str is row/col, as before
                )


# ----------------------------------------------------------------------------- by hand


@dataclass
class YearOnYearParams:
    subjects: dict[str, list[CellRef]] = doc(
        "claim subject → the table cells that hold it (last year's value is read there)"
    )
    tables: dict[str, str] = doc("claim subject → the table of its cells")
    decrease: re.Pattern[str] = doc("a change worded as a fall (fell, decreased, came down)")
    tolerance: float = doc("percentage points a stated change may miss by (rounding)", 0.1)
    alternatives: dict[str, list[list[CellRef]]] = doc(
        "claim subject → other cell sets the stated count may be (new + carried over): when "
        "the sentence gives this year's count, last year's value is read from the set whose "
        "cells add up to it this year; a count no set matches is another figure, not compared",
        {},
    )


class YearOnYear(CrossYearKind):
    """XYR005: 较去年增长12.3% against last year's report."""

    name = "year-on-year"
    description = (
        "A year-on-year change the text states (up X% on last year) must fit this year's figure and "
        "last year's report."
    )
    Params = YearOnYearParams

    def compare(self, report: Report, prev: Report, rule: Rule) -> Iterable[Outcome]:
        from gixcheck.claims.report import report_claims
        from gixcheck.plugin.claims import claim_evidence
        from gixcheck.plugin.claims import usable_claim as usable

        p: YearOnYearParams = rule.args
        claims = report_claims(report)
        for i, pc in enumerate(claims):
            c = pc.claim
            if c.subject != "percent.change" or c.of not in p.subjects or not usable(pc):
                continue
            count = next(
                (
                    x.claim
                    for x in reversed(claims[:i])
                    if x.pointer == pc.pointer
                    and x.claim.sentence == c.sentence
                    and x.claim.subject == c.of
                    and x.claim.value is not None
                ),
                None,
            )
            table = p.tables.get(c.of, "table_3")
            which: list[CellRef] | None = p.subjects[c.of]
            now: Decimal | None
            if count is None:
                now = refs.total(refs.cells(report, table, p.subjects[c.of]))
            else:
                # The count the sentence gives is this year's figure; last year's is read from
                # the cells that hold it this year (3646 收办 = 3525 new + 121 carried over).
                now = count.value
                which = next(
                    (
                        cells
                        for cells in (p.subjects[c.of], *p.alternatives.get(c.of, []))
                        if refs.total(refs.cells(report, table, cells)) == now
                    ),
                    None,
                )
            if which is None:
                continue  # the count is not one of the tables' figures: nothing to compare with
            before = refs.total(refs.cells(prev, table, which))
            if before is None or now is None or before == 0 or c.value is None:
                continue
            actual = (Decimal(now) - before) * 100 / before
            stated = -c.value if p.decrease.search(c.text) else c.value
            if abs(actual - stated) <= Decimal(str(p.tolerance)):
                continue
            yield Violation(
                pointer=pc.pointer,
                label=c.text,
                source=dict(c.source) or None,
                vars={
                    "text": c.sentence[:80],
                    "stated": fmt(c.value),
                    "this": fmt(Decimal(now)),
                    "previous": fmt(before),
                    "actual": f"{actual:+.1f}",
                    "previous_year": prev.year or "",
                },
                evidence={**claim_evidence(pc), "previous": before, "this": now, "actual": actual},
                key=f"{c.of}|{c.sentence}",
            )


@dataclass
class SentenceReuseParams:
    sections: list[str] = doc("section keys compared")
    split: re.Pattern[str] = doc("where sentences end")
    ignore: re.Pattern[str] = doc("removed before comparing (digits, punctuation, spaces)")
    min_chars: int = doc("sentences shorter than this (after cleaning) are not counted", 20)
    threshold: float = doc("share of a section's sentences repeated verbatim that fires", 0.3)
    min_repeated: int = doc("at least this many sentences must be repeated", 2)


class SentenceReuse(CrossYearKind):
    """XYR006: a section whose long sentences repeat last year's report verbatim."""

    name = "sentence-reuse"
    description = (
        "The share of a section's long sentences found verbatim in last year's report (digits, "
        "punctuation and spaces ignored) must stay below a threshold."
    )
    Params = SentenceReuseParams

    def compare(self, report: Report, prev: Report, rule: Rule) -> Iterable[Outcome]:
        p: SentenceReuseParams = rule.args
        before = p.ignore.sub(
            "", "\n".join(prev.section_text(str(s.get("key"))) or "" for s in prev.sections)
        )
        for key in p.sections:
            found = report.section(key)
            now = report.section_text(key)
            if found is None or not now:
                continue
            mine = sentences(now, p.split, p.ignore, p.min_chars)
            repeated = [x for x in mine if x in before]
            if not mine or len(repeated) < p.min_repeated:
                continue
            share = len(repeated) / len(mine)
            if share < p.threshold:
                continue
            i, s = found
            yield Violation(
                pointer=f"/sections/{i}",
                label=str(s.get("heading") or key),
                source=s.get("source"),
                vars={
                    "section": str(s.get("heading") or key),
                    "repeated": len(repeated),
                    "count": len(mine),
                    "share": f"{share:.0%}",
                    "previous_year": prev.year or "",
                    "example": repeated[0][:40],
                },
                evidence={"repeated": repeated, "sentences": len(mine), "share": round(share, 4)},
                key=key,
            )


@dataclass
class ProblemsFollowedUpParams:
    section: str = doc("section key of the problems and improvements")
    followup: list[re.Pattern[str]] = doc(
        "wordings that report on last year's problems; {previous_year} is last year"
    )


class ProblemsFollowedUp(CrossYearKind):
    """XYR007: 存在的主要问题及改进情况 says nothing of last year's problems."""

    name = "problems-followed-up"
    description = (
        "The problems section must say what was done about the problems of last year's report."
    )
    Params = ProblemsFollowedUpParams

    def compare(self, report: Report, prev: Report, rule: Rule) -> Iterable[Outcome]:
        from gixcheck.claims.numbers import normalize

        p: ProblemsFollowedUpParams = rule.args
        found = report.section(p.section)
        body = report.section_text(p.section)
        if found is None or body is None:
            return
        year = str(prev.year or (report.year - 1 if report.year else ""))
        plain = normalize(body)
        for pat in p.followup:
            wanted = pat.pattern.replace("{previous_year}", year)
            if re.search(wanted, plain):
                return
        i, s = found
        yield Violation(
            pointer=f"/sections/{i}",
            label=str(s.get("heading") or p.section),
            source=s.get("source"),
            vars={"section": str(s.get("heading") or p.section), "previous_year": year},
            evidence={"looked_for": [x.pattern for x in p.followup]},
            key=p.section,
        )


def _not_number(cell: CellValue, this_year: bool) -> Text:
    whose = text("kinds.xyr_this_year" if this_year else "kinds.xyr_last_year")
    zh = text("kinds.xyr_not_number", whose=whose.zh, label=cell.label, kind=cell.kind)
    en = text("kinds.xyr_not_number", whose=whose.en, label=cell.label, kind=cell.kind)
    return Text(zh.zh, en.en)

"""FEE: the 信息处理费 statement, its agreement with table 三, table 二's 行政事业性收费, and
wording left over from the fee regime abolished in 2019."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from gixcheck.claims.literals import gate
from gixcheck.claims.numbers import normalize
from gixcheck.claims.report import (
    PlacedClaim,
    report_claims,
    report_normalized,
    report_sentences,
)
from gixcheck.form import section_name
from gixcheck.form._data import load
from gixcheck.kinds.base import Context, Outcome, RuleKind, Violation
from gixcheck.kinds.params import doc
from gixcheck.labels import TABLE_NAMES
from gixcheck.messages import text
from gixcheck.model import Report
from gixcheck.plugin.claims import claim_evidence
from gixcheck.plugin.claims import usable_claim as usable
from gixcheck.plugin.numbers import format_number as fmt
from gixcheck.rulesets import Rule

# units, markers and punctuation as data (gixcheck/form/writing.toml)
_W: dict[str, str] = load("writing")["fees"]


@dataclass
class FeeStatementParams:
    section: str = doc("canonical key of the section that must hold the statement", "other")
    statements: list[re.Pattern[str]] = doc(
        "other wordings that state the fee ('no disclosure fee was charged to applicants'), "
        "besides the information processing fee claims the text makes",
        [],
    )


@dataclass
class FeeVsTableParams:
    row: str = doc("table 3 row of requests dropped because the fee was not paid")
    arose_none: re.Pattern[str] = doc(
        "pattern: the none-statement says no fee arose (not just none collected)"
    )


@dataclass
class FeeAmountCellParams:
    row: str = doc("table 2 row key")
    column: str = doc("table 2 column key")
    unit: str = doc(
        "the unit the form prescribes (default: ten thousand yuan)", _W["ten_thousand_yuan"]
    )
    max_decimals: int = doc(
        "more decimals than this is finer than 1 fen (0.01 yuan): not a figure in the unit", 6
    )
    max_value: float | dict[str, float] = doc(
        "more than this many units is implausible for one reporting body: a number, or a table "
        "by level (county, city, province, unknown)",
        100_000_000.0,
    )
    layouts: list[str] = doc("table 2 layouts that have the column", ["2021"])


@dataclass
class ObsoleteFeeWordingParams:
    phrases: list[str] = doc("the obsolete phrases (one finding per phrase)")
    negated: re.Pattern[str] | None = doc(
        "a phrase whose clause before it matches this is negated ('no search fee is "
        "charged'): not a finding",
        None,
    )


@dataclass
class FeeAmountScheduleParams:
    step: float = doc("every amount the schedules produce is a multiple of this (yuan)", 10.0)


_FEE = "fee.info_processing"
_NOTICES = "fee.notices"
_TITLE_RE = re.compile(_W["titles"])
_TITLE_GATE = gate(_TITLE_RE)
_WAN = _W["ten_thousand_yuan"]
_YUAN = _W["yuan"]


def _t(key: str, **values: Any) -> tuple[str, str]:
    said = text(f"kinds.{key}", **values)
    return said.zh, said.en


def _yuan(pc: PlacedClaim) -> Decimal | None:
    c = pc.claim
    if c.value is None:
        return None
    return c.value * 10000 if c.unit == _WAN else c.value


class FeeStatement(RuleKind):
    """FEE001: 其他需要报告的事项 says what 信息处理费 was charged (or that none was)."""

    name = "fee-statement"
    description = (
        "The named section must state the information processing fee charged, or that none was."
    )
    Params = FeeStatementParams

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        key = rule.args.section
        found = report.section(key)
        if found is None:
            yield self.not_assessable(
                rule, text("kinds.section_missing", section=section_name(key)), pointer="/sections"
            )
            return
        fees = [pc for pc in report_claims(report) if pc.claim.subject == _FEE]
        if any(pc.section == key for pc in fees):
            return
        said = normalize(report.section_text(key) or "")
        if any(pat.search(said) for pat in rule.args.statements):
            return
        elsewhere = [pc for pc in fees if pc.section != key]
        i, s = found
        yield Violation(
            pointer=f"/sections/{i}",
            label=str(s.get("heading") or key),
            source=s.get("source"),
            vars={
                "year": report.year,
                "elsewhere_zh": _t("fee_elsewhere")[0] if elsewhere else "",
                "elsewhere_en": _t("fee_elsewhere")[1] if elsewhere else "",
            },
            evidence={"elsewhere": [pc.pointer for pc in elsewhere]},
            key="statement",
        )


class FeeVsTable(RuleKind):
    """FEE002: the fee statement against 三（六）2 and against itself."""

    name = "fee-vs-table"
    description = (
        "A 'no fee arose' statement or a count of fee notices must agree with table 3's row of "
        "requests dropped for unpaid fees; the text must not give two different amounts."
    )
    Params = FeeVsTableParams

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        p: FeeVsTableParams = rule.args
        claims = [pc for pc in report_claims(report) if usable(pc, numeric=False)]
        cell = report.cell("table_3", p.row, "total")
        arose_none = p.arose_none
        for pc in claims:
            c = pc.claim
            if c.subject == _FEE and c.explicit_none and arose_none.search(normalize(c.text)):
                if cell.is_number and cell.value:
                    yield self._v(
                        pc,
                        _t("fee_said_none_arose"),
                        _t("fee_cell_notices", cell=cell.label, count=fmt(cell.value)),
                        cell.pointer,
                        "none",
                    )
            elif (
                c.subject == _NOTICES
                and c.value is not None
                and cell.is_number
                and c.value < Decimal(str(cell.value))
            ):
                said = (
                    _t("fee_said_no_notice")
                    if c.explicit_none
                    else _t("fee_said_notices", count=fmt(c.value))
                )
                yield self._v(
                    pc,
                    said,
                    _t("fee_cell_is", cell=cell.label, count=fmt(cell.value)),
                    cell.pointer,
                    "notices",
                )
        amounts = [
            pc
            for pc in claims
            if pc.claim.subject == _FEE
            and pc.claim.value is not None
            and pc.claim.comparable
            and not _is_part(pc)
        ]
        seen: dict[Decimal, PlacedClaim] = {}
        for pc in amounts:
            y = _yuan(pc)
            assert y is not None
            if seen and y not in seen:
                first = next(iter(seen.values()))
                yield self._v(
                    pc,
                    _t("fee_said_amount", amount=fmt(y)),
                    _t("fee_earlier_amount", text=first.claim.text, amount=fmt(_yuan(first))),
                    pc.pointer,
                    "amounts",
                )
            seen.setdefault(y, pc)

    @staticmethod
    def _v(
        pc: PlacedClaim, said: tuple[str, str], other: tuple[str, str], where: str, key: str
    ) -> Violation:
        c = pc.claim
        return Violation(
            pointer=pc.pointer,
            label=c.text,
            source=dict(c.source) or None,
            vars={
                "text": c.text,
                "said_zh": said[0],
                "said_en": said[1],
                "table_zh": other[0],
                "table_en": other[1],
            },
            evidence={**claim_evidence(pc), "compared_with": where},
            key=f"{key}|{c.sentence}",
        )


def _is_part(pc: PlacedClaim) -> bool:
    """An amount after 其中 in its sentence is a part of a total said before."""
    c = pc.claim
    return _W["part_marker"] in normalize(c.sentence[: c.span[0]])


class FeeAmountCell(RuleKind):
    """FEE003: table 二's 行政事业性收费 is in 万元 and plausible for 万元."""

    name = "fee-amount-cell"
    description = (
        "Table 2's fee amount must be stated in the form's unit (ten thousand yuan) and be a "
        "plausible value in it."
    )
    Params = FeeAmountCellParams

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        p: FeeAmountCellParams = rule.args
        t2 = report.table("table_2")
        if not report.table_present("table_2") or t2 is None:
            yield self.not_assessable(
                rule,
                text("kinds.table_missing", table=TABLE_NAMES["table_2"]),
                pointer="/tables/table_2",
            )
            return
        if t2.get("layout") not in p.layouts:
            return
        cell = report.cell("table_2", p.row, p.column)
        unit = p.unit
        if cell.kind == "missing":
            if p.row in report.rows("table_2") or any(
                _W["fee_row_word"] in str(u.get("label", "")) for u in t2.get("unmatched_rows", [])
            ):
                yield self._v(
                    cell.pointer,
                    cell.label,
                    None,
                    _t("fee_no_column", unit=unit),
                    "header",
                )
            return
        header = (t2.get("column_labels") or {}).get(p.column)
        if isinstance(header, str) and unit not in normalize(header):
            # The header as printed: （单位：元） or no unit at all is not the form's 万元.
            what = (
                _t("fee_header_unit", header=header, unit=unit)
                if _YUAN in normalize(header)
                else _t("fee_header_no_unit", header=header, unit=unit)
            )
            yield self._v(cell.pointer, cell.label, cell.source, what, "header")
            return
        raw = normalize(cell.raw or "")
        if raw and _YUAN in raw and unit not in raw:
            yield self._v(
                cell.pointer,
                cell.label,
                cell.source,
                _t("fee_cell_unit", raw=cell.raw, unit=unit),
                "unit",
            )
            return
        if not cell.is_number or cell.value is None:
            return
        value = Decimal(str(cell.value))
        exponent = value.as_tuple().exponent
        decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        if cell.raw and "." in cell.raw:
            decimals = max(decimals, len(cell.raw.strip().split(".")[-1]))
        if decimals > p.max_decimals:
            yield self._v(
                cell.pointer,
                cell.label,
                cell.source,
                _t("fee_decimals", value=fmt(value), decimals=decimals, unit=unit),
                "decimals",
            )
        elif value > _max_value(p.max_value, report.metadata.get("level")):
            yield self._v(
                cell.pointer,
                cell.label,
                cell.source,
                _t("fee_too_large", value=fmt(value), unit=unit),
                "size",
            )

    @staticmethod
    def _v(pointer: str, label: str, source: Any, what: tuple[str, str], key: str) -> Violation:
        return Violation(
            pointer=pointer,
            label=label,
            source=source,
            vars={"cell": label, "what_zh": what[0], "what_en": what[1]},
            evidence={"problem": key},
            key=key,
        )


def _max_value(spec: Any, level: Any) -> Decimal:
    if isinstance(spec, dict):
        return Decimal(str(spec.get(str(level), spec.get("unknown", 100_000_000))))
    return Decimal(str(spec))


class ObsoleteFeeWording(RuleKind):
    """FEE004: 收费及减免, 检索费, 复制费 … in a report under the 2019 regulations."""

    name = "obsolete-fee-wording"
    description = "Phrases of the pre-2019 fee regime must not appear (outside quoted titles)."
    Params = ObsoleteFeeWordingParams

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        yield from self._scan(report, rule)

    def _scan(self, report: Report, rule: Rule) -> Iterator[Violation]:
        phrases: list[str] = list(rule.args.phrases)
        done: set[str] = set()
        # The report's paragraphs as read once for the claims (normalised there), then the
        # headings.
        paragraphs: list[tuple[str, str, Mapping[str, Any], str]] = [
            (para, pointer, source, norm)
            for ((para, pointer, _s, source), _split), norm in zip(
                report_sentences(report), report_normalized(report), strict=True
            )
        ]
        for i, s in enumerate(report.sections):
            h = s.get("heading")
            if isinstance(h, str):
                paragraphs.append((h, f"/sections/{i}/heading", {}, normalize(h)))
        for para, pointer, source, norm in paragraphs:
            # Without a title's literal (《) the text has no title to take out.
            plain = _TITLE_RE.sub("", norm) if _TITLE_GATE.may_match(norm) else norm
            for ph in phrases:
                if ph in done or ph not in plain:
                    continue
                at = _first_plain(plain, ph, rule.args.negated)
                if at is None:
                    continue
                done.add(ph)
                yield Violation(
                    pointer=pointer,
                    label=ph,
                    source=dict(source) or None,  # a copy: the paragraphs are shared
                    vars={
                        "phrase": ph,
                        "text": plain[max(0, at - 12) : at + len(ph) + 12],
                        "year": report.year,
                    },
                    evidence={"phrase": ph, "paragraph": para},
                    key=ph,
                )


_CLAUSE_END = re.compile(_W["clause_end"])


def _first_plain(text: str, phrase: str, negated: re.Pattern[str] | None) -> int | None:
    """Where ``phrase`` first occurs not negated within its clause, or ``None``."""
    start = 0
    while (at := text.find(phrase, start)) >= 0:
        clause = _CLAUSE_END.split(text[:at])[-1]
        if negated is None or not negated.search(clause):
            return at
        start = at + len(phrase)
    return None


class FeeAmountSchedule(RuleKind):
    """FEE005: a stated 信息处理费 amount the 收费办法 schedules cannot produce."""

    name = "fee-amount-schedule"
    description = "Stated information processing fees must be multiples of the schedules' step."
    Params = FeeAmountScheduleParams

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        step = Decimal(str(rule.args.step)).normalize()
        for pc in report_claims(report):
            c = pc.claim
            if c.subject != _FEE or not usable(pc) or c.explicit_none:
                continue
            y = _yuan(pc)
            if y is None or y == 0 or y % step == 0:
                continue
            yield Violation(
                pointer=pc.pointer,
                label=c.text,
                source=dict(c.source) or None,
                vars={"text": c.text, "amount": fmt(y), "step": fmt(step)},
                evidence={**claim_evidence(pc), "amount_yuan": y},
                key=f"{fmt(y)}|{c.sentence}",
            )

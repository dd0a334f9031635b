"""DDL: the publication deadline, the statutory reply period, on-time claims and the
statistics period.

Only a publication date (a web page's 发布日期, ``metadata.published`` or ``--published``) can
show a report was on time.  The 成文日期 (``metadata.written``) can only show it was *not*
published before that day, so it can prove lateness but never punctuality.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from gixcheck.claims.numbers import normalize
from gixcheck.claims.report import PlacedClaim, report_claims
from gixcheck.form._data import load
from gixcheck.kinds.base import Context, Outcome, RuleKind, Violation
from gixcheck.kinds.params import doc
from gixcheck.messages import Text, text
from gixcheck.model import Report, Severity
from gixcheck.plugin.claims import claim_evidence
from gixcheck.plugin.claims import usable_claim as usable
from gixcheck.plugin.numbers import format_number as fmt
from gixcheck.rulesets import Rule

_MMDD = re.compile(r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")


@dataclass
class EarlierRegime:
    year_to: int = doc("the last report year under the earlier regulation")
    deadline: str = doc("MM-DD of the following year, for every body")


@dataclass
class PublicationDeadlineParams:
    deadlines: dict[str, str] = doc("body kind → MM-DD of the year after the report year")
    earlier: EarlierRegime | None = doc(
        "reports up to a year under an earlier regulation with one deadline for every body", None
    )
    no_deadline_levels: list[str] = doc(
        "levels the regulation sets no deadline for (Art. 49: county level and above only)", []
    )
    other_department: str | None = doc(
        "MM-DD for a department of a body that is not a people's government (an "
        "administrative committee, a new area): a warning, not an error",
        None,
    )

    def __post_init__(self) -> None:
        dates = dict(self.deadlines)
        if self.earlier is not None:
            dates["earlier.deadline"] = self.earlier.deadline
        if self.other_department is not None:
            dates["other_department"] = self.other_department
        for kind, when in dates.items():
            if not _MMDD.match(when):
                raise ValueError(f"params.deadlines.{kind}: {when!r} is not MM-DD")


@dataclass
class ReplyPeriodParams:
    statutory: re.Pattern[str] = doc("pattern: the sentence speaks of the statutory period")
    period: int = doc("the statutory period (working days)", 20)
    extension: int = doc("the longest statutory extension (working days)", 20)


@dataclass
class AllInTimeParams:
    max_working_days: int = doc("longest lawful reply (20 + 20 working days)", 40)
    max_calendar_days: int = doc("the same in calendar days, for times stated in days", 60)
    working_units: list[str] = doc(
        "units that count working days (a time in any other unit is in calendar days)",
        list(load("writing")["deadlines"]["working_day_units"]),
    )


@dataclass
class StatisticsPeriodParams:
    markers: re.Pattern[str] = doc("pattern: a period sentence about the statistics")


_BODY_KINDS = ("government", "department")


def _iso(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _publication(report: Report, ctx: Context) -> tuple[date | None, str]:
    if ctx.published:
        d = _iso(ctx.published)
        if d is not None:
            return d, "--published"
    d = _iso(report.metadata.get("published"))
    return d, "metadata.published"


def no_deadline(report: Report, p: PublicationDeadlineParams) -> Text | None:
    """Why no deadline applies to this report at all (a township, an administrative committee
    itself, since 2019),
    or ``None`` — also when its year or body kind is unknown (then nobody can tell)."""
    due = deadline_of(report, p)
    if not isinstance(due, Text) or report.year is None:
        return None
    if report.body_kind in ("other", "government", "department"):
        return due
    return None


def deadline_of(
    report: Report, p: PublicationDeadlineParams
) -> tuple[date, str, Severity | None] | Text:
    """The Art. 49 deadline for this report (the day, the body kind it is for, the severity of
    missing it), or why there is none."""
    kind = report.body_kind
    if report.year is None:
        return text("rules.year_unknown")
    severity: Severity | None = None
    level = str(report.metadata.get("level") or "unknown")
    if p.earlier is not None and report.year <= p.earlier.year_to:
        # The 2007 Regulation (Art. 31): every administrative body by 3月31日.
        when = p.earlier.deadline
        kind = kind if kind in _BODY_KINDS else "any"
    elif level in p.no_deadline_levels:
        return text("kinds.ddl_no_deadline_level", level=level)
    elif (
        kind == "department"
        and report.metadata.get("parent_kind") == "other"
        and p.other_department is not None
    ):
        when = p.other_department
        severity = Severity.WARNING
    elif kind in p.deadlines:
        when = p.deadlines[kind]
    elif kind == "other":
        return text("kinds.ddl_other_body")
    else:
        return text("rules.body_kind_unknown")
    month, day = (int(x) for x in when.split("-"))
    return date(report.year + 1, month, day), kind, severity


class PublicationDeadline(RuleKind):
    """DDL001: published by the Art. 49 deadline for the body's kind."""

    name = "publication-deadline"
    description = (
        "The report must be published by the deadline for its body kind, in the year after "
        "the report year."
    )
    Params = PublicationDeadlineParams

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        p: PublicationDeadlineParams = rule.args
        due = deadline_of(report, p)
        if isinstance(due, Text):
            yield self.not_assessable(rule, due)
            return
        deadline, kind, severity = due
        published, where = _publication(report, ctx)
        written = _iso(report.metadata.get("written"))
        who = text(f"rules.kind_{kind}") if kind in _BODY_KINDS else text("kinds.ddl_any_body")
        kind_zh, kind_en = who.zh, who.en
        base = {
            "deadline": deadline.isoformat(),
            "kind_zh": kind_zh,
            "kind_en": kind_en,
            "year": report.year,
        }
        if published is not None:
            if published <= deadline:
                return
            yield Violation(
                severity=severity,
                pointer="/metadata/published",
                label=text("kinds.ddl_published_label").zh,
                vars={
                    **base,
                    "date": published.isoformat(),
                    "days": (published - deadline).days,
                    **_both("what", text("kinds.ddl_was_published", date=published.isoformat())),
                },
                evidence={"published": published.isoformat(), "from": where, **base},
                key="published",
            )
            return
        if written is not None and written > deadline:
            # Published no earlier than it was written: late whatever the publication day.
            yield Violation(
                severity=severity,
                pointer="/metadata/written",
                label=text("kinds.ddl_written_label").zh,
                vars={
                    **base,
                    "date": written.isoformat(),
                    "days": (written - deadline).days,
                    **_both("what", text("kinds.ddl_was_written", date=written.isoformat())),
                },
                evidence={"written": written.isoformat(), **base},
                key="written",
            )
            return
        yield self.not_assessable(
            rule, text("kinds.ddl_date_unknown"), pointer="/metadata/published"
        )


@dataclass
class PublicationDateKnownParams:
    deadline: PublicationDeadlineParams | None = doc(
        "the deadlines of the rule that needs the date (DDL001's): a report no deadline "
        "applies to (a township, an administrative committee itself since 2019) needs no date",
        None,
    )


class PublicationDateKnown(RuleKind):
    """DDL002: a note that the publication date is unknown."""

    name = "publication-date-known"
    description = (
        "Notes that the publication date is unknown, so the deadline cannot be checked; not "
        "assessable when no deadline applies to the report."
    )
    Params = PublicationDateKnownParams

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        published, _ = _publication(report, ctx)
        if published is not None:
            return
        p: PublicationDateKnownParams = rule.args
        if p.deadline is not None:
            why = no_deadline(report, p.deadline)
            if why is not None:
                yield self.not_assessable(rule, why, pointer="/metadata/published")
                return
        written = report.metadata.get("written")
        yield Violation(
            pointer="/metadata/published",
            label=text("kinds.ddl_published_label").zh,
            vars=_both(
                "written",
                text("kinds.ddl_only_written", written=written) if written else Text("", ""),
            ),
            evidence={"written": written},
            key="published",
        )


class ReplyPeriod(RuleKind):
    """DDL003: the statutory reply period stated as something other than Art. 33's."""

    name = "reply-period"
    description = "A statutory reply period or extension stated in the text must be Art. 33's."
    Params = ReplyPeriodParams

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        p: ReplyPeriodParams = rule.args
        statutory = p.statutory
        limits = {
            "reply.period": (Decimal(p.period), text("kinds.ddl_reply_period")),
            "reply.extension": (Decimal(p.extension), text("kinds.ddl_reply_extension")),
        }
        for pc in report_claims(report):
            c = pc.claim
            if c.subject not in limits or c.value is None or c.year_scope == "multi_year":
                continue
            if not statutory.search(normalize(c.sentence)):
                continue  # a body's own (shorter) commitment, not the law
            limit, what = limits[c.subject]
            if c.subject == "reply.period" and c.value == limit:
                continue
            if c.subject == "reply.extension" and c.value <= limit:
                continue
            yield Violation(
                pointer=pc.pointer,
                label=c.text,
                source=dict(c.source) or None,
                vars={
                    "text": c.text,
                    "what_zh": what.zh,
                    "what_en": what.en,
                    "stated": fmt(c.value),
                    "unit": c.unit or "",
                    "limit": fmt(limit),
                },
                evidence=claim_evidence(pc),
                key=f"{c.subject}|{c.sentence}",
            )


class AllInTime(RuleKind):
    """DDL004: 'all answered within the statutory period' against the report's own figures."""

    name = "all-in-time"
    description = (
        "An 'all answered in time' claim must not be contradicted by overdue replies or by a "
        "longest/average reply time beyond the longest lawful period."
    )
    Params = AllInTimeParams

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        p: AllInTimeParams = rule.args
        claims = [pc for pc in report_claims(report) if usable(pc, numeric=False)]
        alls = [
            pc
            for pc in claims
            if pc.claim.subject == "reply.all_in_time" and not pc.claim.has("negated")
        ]
        if not alls:
            return
        # (claim, zh, en, severity): a stated overdue count contradicts the claim (the rule's
        # severity); a long reply time only makes it doubtful — Art. 33 ¶3 does not count the
        # time a third party is consulted — so a warning.
        against: list[tuple[PlacedClaim, Text, Severity | None]] = []
        for pc in claims:
            c = pc.claim
            if c.value is None:
                continue
            if c.subject == "reply.overdue" and c.value > 0 and not c.explicit_none:
                against.append((pc, text("kinds.ddl_overdue", count=fmt(c.value)), None))
            elif c.subject in ("reply.longest", "reply.average"):
                working = any(u in (c.unit or "") for u in p.working_units)
                limit = Decimal(p.max_working_days if working else p.max_calendar_days)
                if c.value > limit:
                    which = text(
                        "kinds.ddl_longest" if c.subject == "reply.longest" else "kinds.ddl_average"
                    )
                    said = text(
                        "kinds.ddl_reply_time",
                        which_zh=which.zh,
                        which_en=which.en,
                        value=fmt(c.value),
                        unit=c.unit or "",
                        limit=fmt(limit),
                    )
                    against.append((pc, said, Severity.WARNING))
        for pc in alls:
            for other, what, severity in against:
                if not _same_scope(pc, other):
                    continue
                c = pc.claim
                yield Violation(
                    pointer=pc.pointer,
                    label=c.text,
                    source=dict(c.source) or None,
                    severity=severity,
                    vars={
                        "text": c.text,
                        "other": other.claim.text,
                        "what_zh": what.zh,
                        "what_en": what.en,
                    },
                    evidence={**claim_evidence(pc), "contradicted_by": claim_evidence(other)},
                    key=f"{c.sentence}|{other.claim.sentence}",
                )


def _same_scope(a: PlacedClaim, b: PlacedClaim) -> bool:
    return a.claim.scope == b.claim.scope or "body" in (a.claim.scope, b.claim.scope)


class StatisticsPeriod(RuleKind):
    """DDL005: the stated statistics period is the report year's 1月1日–12月31日."""

    name = "statistics-period"
    description = "The stated statistics period must be 1 January – 31 December of the report year."
    Params = StatisticsPeriodParams

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        if report.year is None:
            yield self.not_assessable(rule, text("rules.year_unknown"))
            return
        markers = rule.args.markers
        expected = (date(report.year, 1, 1), date(report.year, 12, 31))
        periods: list[tuple[date, date, str, str, Any, str]] = []
        meta = report.metadata.get("period")
        if isinstance(meta, dict):
            s, e = _iso(meta.get("start")), _iso(meta.get("end"))
            if s and e:
                periods.append(
                    (s, e, str(meta.get("text") or ""), "/metadata/period", meta.get("source"), "")
                )
        for pc in report_claims(report):
            c = pc.claim
            if c.subject == "period" and c.period and markers.search(normalize(c.sentence)):
                periods.append((*c.period, c.text, pc.pointer, dict(c.source) or None, c.sentence))
        seen: set[tuple[date, date]] = set()
        for s, e, said, pointer, source, sentence in periods:
            if (s, e) in seen:
                continue
            seen.add((s, e))
            if (s, e) == expected:
                continue
            yield Violation(
                pointer=pointer,
                label=said,
                source=source,
                vars={
                    "text": said,
                    "start": s.isoformat(),
                    "end": e.isoformat(),
                    "year": report.year,
                },
                evidence={
                    "stated": [s.isoformat(), e.isoformat()],
                    "sentence": sentence,
                    "expected": [expected[0].isoformat(), expected[1].isoformat()],
                },
                key=f"{s.isoformat()}|{e.isoformat()}",
            )


def _date_or_month(value: Any) -> tuple[date, date] | None:
    """``YYYY-MM-DD`` as one day, ``YYYY-MM`` (a URL folder) as its first and last day."""
    if not isinstance(value, str):
        return None
    d = _iso(value)
    if d is not None:
        return d, d
    try:
        first = date.fromisoformat(value[:7] + "-01")
    except ValueError:
        return None
    nxt = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, date.fromordinal(nxt.toordinal() - 1)


@dataclass
class PublicationDatesParams(PublicationDeadlineParams):
    kinds: list[str] = doc(
        "the date sources compared (page, meta, url, url_folder, signature)",
        ["page", "meta", "url", "url_folder", "signature"],
    )


class PublicationDates(RuleKind):
    """DDL006: the date sources disagree and one of them falls after the deadline."""

    name = "publication-dates"
    description = (
        "The publication date sources of the page (time shown, publication metadata, the date "
        "in the URL, its folder, the signature) must not disagree across the deadline."
    )
    Params = PublicationDatesParams

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        p: PublicationDatesParams = rule.args
        raw = report.metadata.get("dates")
        found = [
            (str(d.get("kind")), str(d.get("value")), span)
            for d in (raw if isinstance(raw, list) else [])
            if isinstance(d, dict)
            and d.get("kind") in p.kinds
            and (span := _date_or_month(d.get("value"))) is not None
        ]
        if len(found) < 2:
            yield self.not_assessable(rule, text("kinds.ddl006_few_dates"), pointer="/metadata")
            return
        due = deadline_of(report, p)
        if isinstance(due, Text):
            yield self.not_assessable(rule, due)
            return
        deadline = due[0]
        # Two sources agree when their spans overlap (a folder month holds its days).
        disagree = any(a[1] > b[0] or b[1] < a[0] for _, _, a in found for _, _, b in found)
        late = [(k, v) for k, v, span in found if span[0] > deadline]
        if not disagree or not late:
            return
        shown = ", ".join(f"{k} {v}" for k, v, _ in found)
        yield Violation(
            pointer="/metadata/dates",
            label=shown,
            vars={"dates": shown, "deadline": deadline.isoformat(), "late": late[0][1]},
            evidence={
                "dates": [{"kind": k, "value": v} for k, v, _ in found],
                "deadline": deadline.isoformat(),
                "after_deadline": [{"kind": k, "value": v} for k, v in late],
            },
            key="dates",
        )


def _both(name: str, said: Text) -> dict[str, str]:
    """``{name}_zh`` and ``{name}_en`` message variables from one catalogue text."""
    return {f"{name}_zh": said.zh, f"{name}_en": said.en}

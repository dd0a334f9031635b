"""The built-in rule kinds."""

from __future__ import annotations

from typing import Any

from gixcheck.kinds import (
    claims_vs_tables,
    crossbody,
    crossyear,
    deadlines,
    fees,
    form,
    identity,
    narrative,
    sections,
    tables,
)
from gixcheck.kinds.base import EngineRule
from gixcheck.plugin_api import hookimpl


@hookimpl
def gixcheck_rule_kinds() -> list[Any]:
    return [
        EngineRule,
        identity.SumEquals,
        tables.TablesPresent,
        tables.TableComplete,
        tables.CellsFilled,
        tables.CellValues,
        sections.SectionsPresent,
        sections.SectionsOrder,
        sections.HeadingWording,
        sections.TextMentions,
        sections.SectionSubstance,
        sections.ElementsStated,
        sections.TextForbidden,
        form.LayoutMarkers,
        form.YearKnown,
        form.TitleWording,
        claims_vs_tables.ClaimsVsTable,
        claims_vs_tables.ClaimsVsReview,
        claims_vs_tables.StaleYear,
        narrative.NarrativeSums,
        narrative.PublishedVsIssued,
        fees.FeeStatement,
        fees.FeeVsTable,
        fees.FeeAmountCell,
        fees.ObsoleteFeeWording,
        fees.FeeAmountSchedule,
        deadlines.PublicationDeadline,
        deadlines.PublicationDateKnown,
        deadlines.ReplyPeriod,
        deadlines.AllInTime,
        deadlines.StatisticsPeriod,
        deadlines.PublicationDates,
        crossyear.CarryOver,
        crossyear.DocumentStock,
        crossyear.CopiedNarrative,
        crossyear.ImplausibleJump,
        crossyear.YearOnYear,
        crossyear.SentenceReuse,
        crossyear.ProblemsFollowedUp,
        crossbody.SharedSentences,
    ]

"""The :class:`Claim`: one thing a report's narrative says, with the number, scope and wording."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from gixcheck.claims import _language

__all__ = ["QUALIFIERS", "Claim"]

#: Qualifiers a claim can carry (``Claim.qualifiers``), in the order they are reported, with
#: what each means (``language.toml``, ``[qualifiers]``).
QUALIFIERS: dict[str, str] = dict(_language.language()["qualifiers"])


@dataclass(frozen=True)
class Claim:
    """One claim made by the narrative text of a report.

    Fields:

    ``subject``
        What is claimed, a dotted id from the vocabulary: ``requests.received``,
        ``result.granted``, ``review.total``, ``fee.info_processing``, ``reply.all_in_time``,
        ``period``, ``percent.share`` ... (see ``Vocabulary.subject_ids()`` and the README of
        this package).
    ``value``
        The number, exact (``Decimal``), in ``unit``; ``None`` for statements without a number
        (``review.none``, ``reply.all_in_time``, ``period``).  Explicit nones of countable
        subjects (未收取信息处理费) have value 0 and the ``explicit_none`` qualifier.
    ``unit``
        The unit as written (件, 条, 元, 万元, 个工作日, %, ...) or ``None``.
    ``scope``
        Whose figure it is: ``body`` (the report's own body, this is the default when nothing
        else is said), ``wider`` (全区/全市 totals, 各部门, 各级行政机关, or 我区 in a department's
        report), ``sub_unit`` (区政府办代表区政府受理, a named unit after 其中), ``filing`` (备案,
        受理/审理 行政复议案件 as the reconsideration organ), ``sub_row`` (a sub-item of a table
        row such as 本机关不掌握), ``combined`` (予以公开及部分公开 stated together: see ``parts``),
        ``unclear`` (mixed signals, e.g. 因本机关不掌握等原因无法提供, or a 全区 said in an
        earlier sentence of the paragraph).  Only ``body`` claims are safe to compare strictly.
    ``scope_text``
        The phrase that decided the scope (``全市``, ``区政府办代表区政府``, ``备案``, ``我区``),
        or ``None`` when nothing was said.  It may come from an earlier clause or sentence of
        the same paragraph.
    ``year_scope``
        ``this_year`` (the report year, or no year said), ``previous_year`` (the year before,
        or 去年/上年度 as the time frame), ``multi_year`` (2019年以来, 累计, 近三年) or
        ``other_year``.  When ``report_year`` is not known a stated year is kept in ``year``
        and the scope is ``this_year``.
    ``sentence``
        The full sentence the claim came from (split on 。；！？ and line breaks).
    ``span``
        ``(start, end)`` of the claim's wording within ``sentence``; ``sentence[start:end]``
        is ``text``.
    ``source``
        The source dict of the paragraph (provenance), passed through unchanged.
    ``qualifiers``
        Sorted tuple of qualifier names (see :data:`QUALIFIERS`).
    ``label``
        The phrase that named the subject, as matched (``予以公开``, ``收到政府信息依申请``,
        ``按时答复率``).
    ``parts``
        For combined/summed claims, the subjects whose table values add up to it
        (``("result.granted", "result.partly_granted")``; ``("requests.new",
        "requests.carried_over")`` for ``includes_carried_over``).
    ``year``
        The year stated for the claim (in its sentence, or earlier in the paragraph).
    ``of`` / ``denominator``
        For percentages: the subject the percentage is about (the count it follows, or the
        rate's subject) and the subject of the whole it is a share of, when stated.
    ``period``
        For ``period`` claims: the stated statistics period ``(start, end)``.
    """

    subject: str
    value: Decimal | None
    unit: str | None
    scope: str
    scope_text: str | None
    year_scope: str
    sentence: str
    span: tuple[int, int]
    source: Mapping[str, Any] = field(default_factory=dict, hash=False)
    qualifiers: tuple[str, ...] = ()
    label: str | None = None
    parts: tuple[str, ...] = ()
    year: int | None = None
    of: str | None = None
    denominator: str | None = None
    period: tuple[date, date] | None = None

    @property
    def text(self) -> str:
        """The claim's wording: ``sentence[span[0]:span[1]]``."""
        return self.sentence[self.span[0] : self.span[1]]

    @property
    def qualifier(self) -> str | None:
        """The first qualifier (in :data:`QUALIFIERS` order), or ``None``."""
        for q in QUALIFIERS:
            if q in self.qualifiers:
                return q
        return self.qualifiers[0] if self.qualifiers else None

    @property
    def explicit_none(self) -> bool:
        return "explicit_none" in self.qualifiers

    def has(self, qualifier: str) -> bool:
        return qualifier in self.qualifiers

    @property
    def comparable(self) -> bool:
        """True when the claim is about this body and this year (the only ones to error on)."""
        return self.scope == "body" and self.year_scope == "this_year"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (value as a string, dates ISO)."""
        return {
            "subject": self.subject,
            "value": None if self.value is None else str(self.value),
            "unit": self.unit,
            "scope": self.scope,
            "scope_text": self.scope_text,
            "year_scope": self.year_scope,
            "year": self.year,
            "qualifiers": list(self.qualifiers),
            "label": self.label,
            "parts": list(self.parts),
            "of": self.of,
            "denominator": self.denominator,
            "period": None
            if self.period is None
            else [self.period[0].isoformat(), self.period[1].isoformat()],
            "sentence": self.sentence,
            "span": list(self.span),
            "text": self.text,
            "source": dict(self.source),
        }


_new = object.__new__


def built(fields: dict[str, Any]) -> Claim:
    """The :class:`Claim` of ``fields`` (every field, in the class's order), made without
    the frozen dataclass's ``__init__``, which sets each of the sixteen fields through
    ``object.__setattr__`` (ten times the cost; the extractor makes a claim per number).
    The object is the same: equal to, and hashing as, ``Claim(**fields)``."""
    claim: Claim = _new(Claim)
    claim.__dict__.update(fields)
    return claim

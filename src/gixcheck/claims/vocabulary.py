"""Load and compile the phrase vocabulary (``vocabulary.toml``).

The vocabulary is data: which phrases name which claim subject, which phrases mark a scope, the
year words and the qualitative statements.  :func:`load_vocabulary` reads it once (cached) and
compiles every pattern; :func:`vocabulary_from_toml` builds one from other TOML text (for tests
or a rule set that extends the phrases).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any, TypeVar

from gixcheck import _toml
from gixcheck.claims.literals import Gate, LiteralIndex, gate, union_gate

__all__ = [
    "SCOPES",
    "YEAR_SCOPES",
    "SubjectRule",
    "Vocabulary",
    "VocabularyError",
    "load_vocabulary",
    "vocabulary_from_toml",
]

SCOPES: tuple[str, ...] = ("body", "wider", "sub_unit", "filing", "sub_row", "combined", "unclear")
YEAR_SCOPES: tuple[str, ...] = ("this_year", "previous_year", "multi_year", "other_year")


_T = TypeVar("_T")

# A pattern with its literal gate (``gixcheck.claims.literals``).
_GatedPattern = tuple[re.Pattern[str], Gate]


class VocabularyError(ValueError):
    """The vocabulary TOML is malformed (unknown unit group, bad regex, missing key)."""


@dataclass(frozen=True)
class SubjectRule:
    """One way of naming a subject next to a number (one ``[[subject]]`` entry)."""

    id: str
    units: frozenset[str]
    priority: int
    before: tuple[re.Pattern[str], ...]
    after: tuple[re.Pattern[str], ...]
    qualifiers: tuple[str, ...] = ()
    scope: str | None = None
    parts: tuple[str, ...] = ()
    requires: re.Pattern[str] | None = None
    # All ``before`` patterns as one alternation: one search tells whether any can match.
    before_any: re.Pattern[str] | None = None

    @property
    def topical(self) -> bool:
        return "{topic}" in self.id


@dataclass(frozen=True, eq=False)
class Vocabulary:
    version: int
    subjects: tuple[SubjectRule, ...]
    # statements
    negation: re.Pattern[str]
    negation_window: int
    zero: re.Pattern[str]
    all_upheld: tuple[re.Pattern[str], ...]
    no_loss: tuple[re.Pattern[str], ...]
    all_in_time: tuple[re.Pattern[str], ...]
    overdue_none: tuple[re.Pattern[str], ...]
    fee_none: tuple[re.Pattern[str], ...]
    fee_notices_none: tuple[re.Pattern[str], ...]
    normative_repealed_none: tuple[re.Pattern[str], ...]
    topics: tuple[tuple[str, re.Pattern[str]], ...]
    # percentages
    pct_share: re.Pattern[str]
    pct_change: re.Pattern[str]
    pct_rate: re.Pattern[str]
    rate_of: tuple[tuple[re.Pattern[str], str], ...]
    denominator_of: tuple[tuple[re.Pattern[str], str], ...]
    # scope
    scope_order: tuple[str, ...]
    scope_markers: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]
    area_self: re.Pattern[str]
    # years
    year_mention: re.Pattern[str]
    year_multi: tuple[re.Pattern[str], ...]
    year_previous: re.Pattern[str]

    @cached_property
    def marker_prefilter(self) -> dict[str, re.Pattern[str]]:
        """One union pattern per scope kind, to skip a kind's patterns cheaply."""
        return {kind: _union(patterns) for kind, patterns in self.scope_markers}

    @cached_property
    def statement_prefilter(self) -> re.Pattern[str]:
        """Matches wherever any statement pattern could match (a cheap first test)."""
        return _union(self.statement_prefilter_patterns)

    @cached_property
    def gated_markers(self) -> tuple[tuple[str, Gate, tuple[_GatedPattern, ...]], ...]:
        """``scope_markers`` with literal gates: per kind one for all its patterns, and one
        per pattern (a pattern is searched only where its gate passes)."""
        return tuple(
            (kind, union_gate(patterns), tuple((p, gate(p)) for p in patterns))
            for kind, patterns in self.scope_markers
        )

    def rules_before(self, unit: str) -> tuple[SubjectRule, ...]:
        """The subject rules with ``before`` patterns that take ``unit``, in order."""
        return self._memo(
            "before", unit, lambda: tuple(r for r in self.subjects if unit in r.units and r.before)
        )

    def rules_after(self, unit: str) -> tuple[SubjectRule, ...]:
        """The subject rules with ``after`` patterns that take ``unit``, in order."""
        return self._memo(
            "after", unit, lambda: tuple(r for r in self.subjects if unit in r.units and r.after)
        )

    def before_index(self, unit: str) -> tuple[tuple[SubjectRule, ...], LiteralIndex]:
        """``rules_before(unit)`` with a :class:`LiteralIndex` of their ``before`` patterns:
        one scan of a number's left context tells which rules may name its subject."""

        def build() -> tuple[tuple[SubjectRule, ...], LiteralIndex]:
            rules = self.rules_before(unit)
            return rules, LiteralIndex([union_gate(r.before).literals for r in rules])

        return self._memo("before_index", unit, build)

    def sub_rows_of(self, subject: str) -> tuple[SubjectRule, ...]:
        """The ``sub_row`` rules of the subject's children (``subject.*``), in order."""
        prefix = subject + "."
        return self._memo(
            "sub_rows",
            subject,
            lambda: tuple(
                r for r in self.subjects if r.id.startswith(prefix) and r.scope == "sub_row"
            ),
        )

    def _memo(self, table: str, key: str, compute: Callable[[], _T]) -> _T:
        """What ``compute`` gives for ``key``, computed once: the lookups by unit or subject
        are asked for each number and never change (the vocabulary is immutable)."""
        memo = self._memos.setdefault(table, {})
        try:
            found: _T = memo[key]
        except KeyError:
            found = memo[key] = compute()
        return found

    @cached_property
    def _memos(self) -> dict[str, dict[str, Any]]:
        return {}

    @cached_property
    def gated_year_multi(self) -> tuple[_GatedPattern, ...]:
        """``year_multi`` with the literal gate of each pattern."""
        return tuple((p, gate(p)) for p in self.year_multi)

    @cached_property
    def year_mention_gate(self) -> Gate:
        return gate(self.year_mention)

    @cached_property
    def scope_rank(self) -> dict[str, int]:
        """Position of each scope kind in ``scope_order`` (the stronger first)."""
        return {k: i for i, k in enumerate(self.scope_order)}

    @cached_property
    def marker_gate(self) -> Gate:
        """Passes wherever any scope marker may match."""
        return union_gate([p for _kind, patterns in self.scope_markers for p in patterns])

    @cached_property
    def statement_gate(self) -> Gate:
        """Passes wherever any statement pattern may match: the literal form of
        ``statement_prefilter``, much cheaper than searching it."""
        return union_gate(self.statement_prefilter_patterns)

    @property
    def statement_prefilter_patterns(self) -> list[re.Pattern[str]]:
        pats: list[re.Pattern[str]] = [self.negation, self.zero]
        for group in self.statement_groups:
            pats.extend(group)
        return pats

    @property
    def statement_groups(self) -> tuple[tuple[re.Pattern[str], ...], ...]:
        """The lists of statement patterns (all but ``negation`` and ``zero``)."""
        return (
            self.all_upheld,
            self.no_loss,
            self.all_in_time,
            self.overdue_none,
            self.fee_none,
            self.fee_notices_none,
            self.normative_repealed_none,
        )

    @cached_property
    def statement_group_gates(self) -> dict[tuple[re.Pattern[str], ...], Gate]:
        """One gate per list of statement patterns (keyed by the list itself)."""
        return {g: union_gate(g) for g in self.statement_groups}

    @cached_property
    def pattern_gates(self) -> dict[re.Pattern[str], Gate]:
        """The gate of every statement pattern (keyed by the compiled pattern)."""
        return {p: gate(p) for p in self.statement_prefilter_patterns}

    def subject_ids(self) -> list[str]:
        """Every subject id the vocabulary can produce (``{topic}`` expanded)."""
        out: list[str] = []
        for rule in self.subjects:
            ids = (
                [rule.id.replace("{topic}", t) for t, _ in self.topics]
                if rule.topical
                else [rule.id]
            )
            for i in ids:
                if i not in out:
                    out.append(i)
        return out


def _union(patterns: tuple[re.Pattern[str], ...] | list[re.Pattern[str]]) -> re.Pattern[str]:
    if not patterns:
        return re.compile(r"(?!x)x")
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns))


def _re(pattern: Any, where: str) -> re.Pattern[str]:
    if not isinstance(pattern, str):
        raise VocabularyError(f"{where}: pattern must be a string, not {type(pattern).__name__}")
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise VocabularyError(f"{where}: bad pattern {pattern!r}: {exc}") from exc


def _res(patterns: Any, where: str) -> tuple[re.Pattern[str], ...]:
    if isinstance(patterns, str):
        patterns = [patterns]
    if not isinstance(patterns, list):
        raise VocabularyError(f"{where}: expected a list of patterns")
    return tuple(_re(p, f"{where}[{i}]") for i, p in enumerate(patterns))


def _pairs(items: Any, where: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    out = []
    for i, item in enumerate(items or []):
        if not (isinstance(item, list) and len(item) == 2 and isinstance(item[1], str)):
            raise VocabularyError(f"{where}[{i}]: expected [pattern, subject]")
        out.append((_re(item[0], f"{where}[{i}]"), item[1]))
    return tuple(out)


def _get(table: dict[str, Any], key: str, where: str) -> Any:
    if key not in table:
        raise VocabularyError(f"{where}: missing key {key!r}")
    return table[key]


def vocabulary_from_toml(text: str) -> Vocabulary:
    """Compile a vocabulary from TOML text (same layout as the packaged ``vocabulary.toml``)."""
    try:
        data = _toml.loads(text)
    except _toml.TOMLDecodeError as exc:
        raise VocabularyError(f"vocabulary is not valid TOML: {exc}") from exc
    units = _get(data, "units", "vocabulary")
    subjects: list[SubjectRule] = []
    for i, entry in enumerate(_get(data, "subject", "vocabulary")):
        where = f"subject[{i}]"
        sid = _get(entry, "id", where)
        group = _get(entry, "units", where)
        if group not in units:
            raise VocabularyError(f"{where} ({sid}): unknown unit group {group!r}")
        scope = entry.get("scope")
        if scope is not None and scope not in SCOPES:
            raise VocabularyError(f"{where} ({sid}): unknown scope {scope!r}")
        before = _res(entry.get("before", []), f"{where}.before")
        after = _res(entry.get("after", []), f"{where}.after")
        if not before and not after:
            raise VocabularyError(f"{where} ({sid}): needs `before` or `after` patterns")
        requires = entry.get("requires")
        subjects.append(
            SubjectRule(
                id=sid,
                units=frozenset(units[group]),
                priority=int(entry.get("priority", 0)),
                before=before,
                after=after,
                qualifiers=tuple(entry.get("qualifiers", ())),
                scope=scope,
                parts=tuple(entry.get("parts", ())),
                requires=_re(requires, f"{where}.requires") if requires is not None else None,
                before_any=_alternation(before),
            )
        )
    st = _get(data, "statements", "vocabulary")
    pc = _get(data, "percent", "vocabulary")
    sc = _get(data, "scope", "vocabulary")
    yr = _get(data, "year", "vocabulary")
    order = tuple(_get(sc, "order", "scope"))
    for kind in order:
        if kind not in SCOPES:
            raise VocabularyError(f"scope.order: unknown scope {kind!r}")
    return Vocabulary(
        version=int(data.get("version", 0)),
        subjects=tuple(subjects),
        negation=_re(_get(st, "negation", "statements"), "statements.negation"),
        negation_window=int(st.get("negation_window", 30)),
        zero=_re(_get(st, "zero", "statements"), "statements.zero"),
        all_upheld=_res(st.get("all_upheld", []), "statements.all_upheld"),
        no_loss=_res(st.get("no_loss", []), "statements.no_loss"),
        all_in_time=_res(st.get("all_in_time", []), "statements.all_in_time"),
        overdue_none=_res(st.get("overdue_none", []), "statements.overdue_none"),
        fee_none=_res(st.get("fee_none", []), "statements.fee_none"),
        fee_notices_none=_res(st.get("fee_notices_none", []), "statements.fee_notices_none"),
        normative_repealed_none=_res(
            st.get("normative_repealed_none", []), "statements.normative_repealed_none"
        ),
        topics=tuple(
            (name, _re(p, f"topics.{name}"))
            for name, p in _get(data, "topics", "vocabulary").items()
        ),
        pct_share=_re(_get(pc, "share", "percent"), "percent.share"),
        pct_change=_re(_get(pc, "change", "percent"), "percent.change"),
        pct_rate=_re(_get(pc, "rate", "percent"), "percent.rate"),
        rate_of=_pairs(pc.get("rate_of"), "percent.rate_of"),
        denominator_of=_pairs(pc.get("denominator_of"), "percent.denominator_of"),
        scope_order=order,
        scope_markers=tuple((kind, _res(sc.get(kind, []), f"scope.{kind}")) for kind in order),
        area_self=_re(_get(sc, "area_self", "scope"), "scope.area_self"),
        year_mention=_re(_get(yr, "mention", "year"), "year.mention"),
        year_multi=_res(yr.get("multi", []), "year.multi"),
        year_previous=_re(_get(yr, "previous", "year"), "year.previous"),
    )


@lru_cache(maxsize=1)
def load_vocabulary() -> Vocabulary:
    """The packaged vocabulary, compiled once (on first use)."""
    text = resources.files("gixcheck.claims").joinpath("vocabulary.toml").read_text("utf-8")
    return vocabulary_from_toml(text)


def _alternation(patterns: tuple[re.Pattern[str], ...]) -> re.Pattern[str] | None:
    if len(patterns) < 2:
        return patterns[0] if patterns else None
    try:
        return re.compile("|".join(f"(?:{p.pattern})" for p in patterns))
    except re.error:  # e.g. the same group name twice: search them one by one
        return None

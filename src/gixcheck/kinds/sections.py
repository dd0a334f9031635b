"""Required sections and what their text must cover (SEC001–SEC007, and generic text kinds)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from gixcheck.form import find_period, fold, form_sections, section_name
from gixcheck.form._data import load
from gixcheck.kinds.base import Context, Outcome, RuleKind, Violation
from gixcheck.kinds.headings import heading_quality
from gixcheck.kinds.params import NoParams, doc
from gixcheck.messages import Text
from gixcheck.messages import text as text_of
from gixcheck.model import Report
from gixcheck.rulesets import Rule


@dataclass
class SectionsPresentParams:
    sections: list[str] | None = doc("canonical keys (default: the six sections)", None)
    tables: dict[str, str] = doc(
        "section key → the table it holds: a section whose table was read is present", {}
    )


@dataclass
class Topic:
    name: str = doc("what the topic is called in findings")
    any: list[str] = doc("phrases any of which mentions the topic")
    name_en: str | None = doc("the topic's name in English", None)
    period: bool = doc(
        "also mentioned where a paragraph states the statistics period as the form's period "
        "reader reads it (a date range with the form's period words beside it)",
        False,
    )


@dataclass
class TextMentionsParams:
    topics: list[Topic] = doc("topics; one finding per topic not mentioned")
    section: str | None = doc(
        "canonical section key, or preamble (the text before section one); omit for the whole "
        "report",
        None,
    )
    require: str = doc("'each' (default: every topic) or 'any' (one topic is enough)", "each")


@dataclass
class SectionSubstanceParams:
    section: str = doc("canonical section key")
    aspects: list[Topic] = doc("aspects that must all appear", [])
    min_chars: int = doc("fewer characters than this counts as empty (default 10)", 10)
    empty: list[str] = doc("texts that say nothing (none, nothing so far)", [])
    boilerplate: list[str] = doc(
        "set phrases that say nothing concrete ('do the disclosure work better'): removed before "
        "looking for an aspect",
        [],
    )
    min_substance: int = doc(
        "a sentence naming an aspect must keep this many characters once its cue, the "
        "boilerplate and punctuation are removed (0: the cue alone is enough)",
        0,
    )


def _section_names() -> dict[str, tuple[str, str]]:
    return {k: (e["number"], e["heading"]) for k, e in form_sections().items()}


class SectionsPresent(RuleKind):
    name = "section-present"
    description = (
        "Each listed section must be present (by canonical key); a section whose table was "
        "read is present even when its heading was not recognised."
    )
    Params = SectionsPresentParams

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        p: SectionsPresentParams = rule.args
        names = _section_names()
        order = {k: i for i, k in enumerate(names)}
        for key in p.sections if p.sections is not None else list(names):
            if report.section(key) is not None:
                continue
            table = p.tables.get(key)
            if table and report.table_present(table) and report.rows(table):
                continue
            number, heading = names.get(key, ("?", key))
            yield Violation(
                pointer="/sections",
                label=text_of("kinds.sec_numbered", number=number, heading=heading).zh,
                vars={
                    "section": text_of("kinds.sec_numbered", number=number, heading=heading).zh,
                    # The section's place in the form (1-6): the English message leads with it,
                    # so findings at /sections list in form order (一 to 六 are not in
                    # code-point order).
                    "ordinal": order.get(key, len(order)) + 1,
                    "key": key,
                },
                evidence={"missing": key, "found": [s.get("key") for s in report.sections]},
                key=key,
            )


class SectionsOrder(RuleKind):
    name = "sections-order"
    description = "Sections appear in the form's order and carry the form's numbers."
    Params = NoParams

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        names = _section_names()
        order = list(names)
        seen = [str(s["key"]) for s in report.sections if s.get("key") in names]
        ranks = [order.index(k) for k in seen]
        if ranks != sorted(ranks) or len(set(seen)) != len(seen):
            yield Violation(
                pointer="/sections",
                label=text_of("kinds.sec_order_label").zh,
                vars={
                    "found": _list_and().zh.join(names[k][0] for k in seen if isinstance(k, str)),
                    "problem_zh": text_of("kinds.sec_out_of_order").zh,
                    "problem_en": text_of("kinds.sec_out_of_order").en,
                },
                evidence={"order": seen},
                key="order",
            )
        for i, s in enumerate(report.sections):
            key = s.get("key")
            number = s.get("number")
            if key in names and number and number != names[key][0]:
                yield Violation(
                    pointer=f"/sections/{i}/number",
                    label=s.get("heading", key),
                    source=s.get("source"),
                    vars={
                        "found": text_of(
                            "kinds.sec_numbered", number=number, heading=names[key][1]
                        ).zh,
                        "problem_zh": text_of("kinds.sec_should_number", number=names[key][0]).zh,
                        "problem_en": text_of("kinds.sec_should_number", number=names[key][0]).en,
                    },
                    evidence={"number": number, "expected": names[key][0]},
                    key=f"number:{key}",
                )


@dataclass
class HeadingWordingParams:
    quality: Literal["variant", "misspelt"] = doc(
        "which headings to report: accepted variants (SEC003) or misspelt ones (SEC008)",
        "variant",
    )
    connectors: str = doc(
        "characters whose presence or absence alone makes a variant (conjunctions, the "
        "enumeration comma, the possessive)",
        "",
    )
    misspelt_ratio: float = doc(
        "a heading at least this similar to the standard one (not a variant) is misspelt", 0.8
    )


class HeadingWording(RuleKind):
    name = "heading-wording"
    description = (
        "A section heading that differs from the standard wording, as an accepted variant or "
        "misspelt, is named with its standard form."
    )
    Params = HeadingWordingParams

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        p: HeadingWordingParams = rule.args
        for i, s in enumerate(report.sections):
            key = s.get("key")
            heading = s.get("heading")
            if not key or not heading:
                continue
            q = heading_quality(
                heading, str(key), connectors=p.connectors, misspelt_ratio=p.misspelt_ratio
            )
            if q is None or q.quality != p.quality:
                continue
            yield Violation(
                pointer=f"/sections/{i}/heading",
                label=heading,
                source=s.get("source"),
                vars={"heading": heading.strip(), "standard": q.standard},
                evidence={"heading": heading, "standard": q.standard, "quality": q.quality},
                key=str(key),
            )


# Rule-set phrases are few and repeat for every report: fold each once.
_phrase = lru_cache(maxsize=4096)(fold)


@lru_cache(maxsize=1024)
def _phrases(phrases: tuple[str, ...]) -> tuple[str, ...]:
    """A rule's phrases folded, once per process: looked for with ``map`` (in C)."""
    return tuple(_phrase(ph) for ph in phrases)


@lru_cache(maxsize=1024)
def _longest_first(phrases: tuple[str, ...]) -> tuple[str, ...]:
    """A rule's phrases folded, the longest first (each removed before the ones it holds)."""
    return tuple(sorted(_phrases(phrases), key=len, reverse=True))


def _mentions(text: str, phrases: tuple[str, ...]) -> bool:
    """Whether ``text`` holds any of the (folded) phrases."""
    return any(map(text.__contains__, phrases))


def _text(report: Report, section: str | None) -> str | None:
    """The folded text of a section (or of the whole report), once per report."""
    memo: dict[str | None, str | None] = report._memo("folded_text")
    if section not in memo:
        memo[section] = _read_text(report, section)
    return memo[section]


def _read_text(report: Report, section: str | None) -> str | None:
    # Folded from the sections' texts, each folded once per report: the whole text and each
    # section's are the same paragraphs.  Folding paragraphs joined by line breaks is folding
    # the groups of them joined the same way and joining those by the folded line break, since
    # NFKC never combines across a line break and the rest of folding drops characters one by
    # one.
    groups = [_folded_group(report, where) for where in _groups(report, section)]
    if section is None:
        return fold("\n").join(text for n, text in groups if n)
    if not groups:
        return None  # no such section
    n, text = groups[0]
    return text if n or section != PREAMBLE else None  # an empty preamble is none


def _folded_group(report: Report, where: int | str) -> tuple[int, str]:
    """How many paragraphs section ``where`` (its index) or the preamble has, and their texts
    joined by line breaks, folded."""
    memo: dict[int | str, tuple[int, str]] = report._memo("folded_groups")
    found = memo.get(where)
    if found is None:
        paras = _group_paragraphs(report, where)
        found = memo[where] = (len(paras), fold("\n".join(p.get("text", "") for p in paras)))
    return found


def _group_paragraphs(report: Report, where: int | str) -> list[dict[str, Any]]:
    """The paragraphs of section ``where`` (its index) or of the preamble."""
    if isinstance(where, int):
        return report.paragraphs(report.sections[where])
    pre = report.data.get("preamble", [])
    return [p for p in pre if isinstance(p, dict)]


def _groups(report: Report, section: str | None) -> list[int | str]:
    """Where ``section`` is read: its index, the preamble, or every section and the preamble
    for None (the whole report)."""
    if section is None:
        return [*range(len(report.sections)), PREAMBLE]
    if section == PREAMBLE:
        return [PREAMBLE]
    found = report.section(section)
    return [found[0]] if found is not None else []


PREAMBLE = "preamble"  # the text before section 一, where kinds read it like a section


def _states_period(report: Report, section: str | None) -> bool:
    """Whether a paragraph of ``section`` states the statistics period, read paragraph by
    paragraph as the extractor reads the report's period (one reader of the form for both;
    the folded text has no paragraphs left to tell apart)."""
    memo: dict[str | None, bool] = report._memo("period_stated")
    if section not in memo:
        memo[section] = any(
            find_period(str(p.get("text", ""))) is not None
            for where in _groups(report, section)
            for p in _group_paragraphs(report, where)
        )
    return memo[section]


class TextMentions(RuleKind):
    name = "text-mentions"
    description = "A section (or the whole report) must mention each topic (any of its phrases)."
    Params = TextMentionsParams

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        p: TextMentionsParams = rule.args
        section = p.section
        text = _text(report, section)
        found = report.section(section) if section else None
        where = f"/sections/{found[0]}" if found else "/sections"
        if section == PREAMBLE:
            where = "/preamble"
        if text is None:
            missing_text = (
                text_of("kinds.preamble_missing")
                if section == PREAMBLE
                else text_of("kinds.section_missing", section=section_name(section))
            )
            yield self.not_assessable(rule, missing_text, pointer="/sections")
            return
        topics = p.topics
        missing = [
            t
            for t in topics
            if not _mentions(text, _phrases(tuple(t.any)))
            and not (t.period and _states_period(report, section))
        ]
        if p.require == "any":
            if len(missing) == len(topics) and topics:
                names = _list_and().zh.join(t.name for t in topics)
                yield Violation(
                    pointer=where,
                    label=names,
                    vars={"topic": names},
                    evidence={"looked_for": [ph for t in topics for ph in t.any]},
                    key="any",
                )
            return
        for t in missing:
            yield Violation(
                pointer=where,
                label=t.name,
                vars={"topic": t.name},
                evidence={"looked_for": t.any},
                key=t.name,
            )


class SectionSubstance(RuleKind):
    name = "section-substance"
    description = (
        "A section must say something concrete: not empty, not just 'none', and name each aspect."
    )
    Params = SectionSubstanceParams

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        p: SectionSubstanceParams = rule.args
        key = p.section
        found = report.section(key)
        if found is None:
            yield self.not_assessable(
                rule,
                text_of("kinds.section_missing", section=section_name(key)),
                pointer="/sections",
            )
            return
        i, s = found
        text = _text(report, key) or ""
        pointer = f"/sections/{i}"
        stripped = _PUNCT.sub("", text)
        if len(stripped) < p.min_chars or stripped in _phrases(tuple(p.empty)):
            what = text_of("kinds.substance_empty")
            yield Violation(
                pointer=pointer,
                label=s.get("heading", key),
                source=s.get("source"),
                vars={"what_zh": what.zh, "what_en": what.en},
                evidence={"text": stripped},
                key="empty",
            )
            return
        fillers = _longest_first(tuple(p.boilerplate))
        sentences = [x for x in _SENTENCE_END.split(text) if x.strip()]
        for aspect in p.aspects:
            cues = _longest_first(tuple(aspect.any))
            if any(_substantive(x, cues, fillers, p.min_substance) for x in sentences):
                continue
            named = any(c in text for c in cues)
            what = text_of(
                "kinds.substance_boilerplate" if named else "kinds.substance_missing",
                name=aspect.name,
                name_en=aspect.name_en or aspect.name,
            )
            yield Violation(
                pointer=pointer,
                label=s.get("heading", key),
                source=s.get("source"),
                vars={"what_zh": what.zh, "what_en": what.en},
                evidence={"looked_for": aspect.any, "only_boilerplate": named},
                key=aspect.name,
            )


_WRITING = load("writing")
_SENTENCE_END = re.compile(_WRITING["sentence_end"])
_PUNCT = re.compile(_WRITING["punctuation"])


def _list_and() -> Text:
    return text_of("rules.list_and")


def _substantive(
    sentence: str, cues: tuple[str, ...], fillers: tuple[str, ...], least: int
) -> bool:
    """A sentence names the aspect (a cue) and says more than set phrases."""
    if not _mentions(sentence, cues):
        return False
    rest = sentence
    for phrase in (*fillers, *cues):
        rest = rest.replace(phrase, "")
    return len(_PUNCT.sub("", rest)) >= least


@dataclass
class ElementsStatedParams:
    elements: list[Topic] = doc("the elements the text must state, each by any of its phrases")
    results: list[str] = doc(
        "phrases that make a paragraph naming an element state its result ('result', 'did "
        "not occur' …)"
    )
    section: str | None = doc("canonical section key; omit for the whole report", None)


class ElementsStated(RuleKind):
    """SEC005: 工作考核、社会评议和责任追究结果, reported as one finding."""

    name = "elements-stated"
    description = (
        "The text states each element with its result. One finding lists what is missing: at "
        "the rule's severity when no element is named at all, a warning when some are named "
        "without a result or are missing."
    )
    Params = ElementsStatedParams

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        from gixcheck.messages import text as msg
        from gixcheck.model import Severity

        p: ElementsStatedParams = rule.args
        body = _text(report, p.section)
        if body is None:
            yield self.not_assessable(
                rule,
                msg("kinds.section_missing", section=section_name(p.section)),
                pointer="/sections",
            )
            return
        # A result is looked for in the paragraph that names the element: reports commonly give
        # one outcome for the three together (开展考核和社会评议，全年未发生责任追究).
        sentences = [line for line in body.split("\n") if line.strip()]
        results = _phrases(tuple(p.results))
        missing: list[Topic] = []
        unresolved: list[Topic] = []
        for e in p.elements:
            phrases = _phrases(tuple(e.any))
            named = [s for s in sentences if _mentions(s, phrases)]
            if not named:
                missing.append(e)
            elif not any(_mentions(s, results) for s in named):
                unresolved.append(e)
        if not missing and not unresolved:
            return
        none_named = len(missing) == len(p.elements)
        sep = msg("rules.list_and")
        gaps = [
            msg("kinds.element_missing", name=e.name, name_en=e.name_en or e.name) for e in missing
        ]
        gaps += [
            msg("kinds.element_no_result", name=e.name, name_en=e.name_en or e.name)
            for e in unresolved
        ]
        found = report.section(p.section) if p.section else None
        yield Violation(
            pointer=f"/sections/{found[0]}" if found else "/sections",
            label=sep.zh.join(e.name for e in [*missing, *unresolved]),
            severity=None if none_named else Severity.WARNING,
            vars={
                "missing_zh": sep.zh.join(g.zh for g in gaps),
                "missing_en": sep.en.join(g.en for g in gaps),
            },
            evidence={
                "missing": [e.name for e in missing],
                "without_result": [e.name for e in unresolved],
            },
            key="elements",
        )


@dataclass
class TextForbiddenParams:
    patterns: list[re.Pattern[str]] = doc("wordings that must not appear (one finding each)")
    section: str | None = doc("canonical section key or preamble; omit for the whole report", None)


class TextForbidden(RuleKind):
    """FMT007: wording that belongs to a superseded format."""

    name = "text-forbidden"
    description = "A section (or the whole report) must not contain any of the given wordings."
    Params = TextForbiddenParams

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        p: TextForbiddenParams = rule.args
        body = _text(report, p.section)
        if body is None:
            return
        for pat in p.patterns:
            m = pat.search(body)
            if m is None:
                continue
            yield Violation(
                pointer="/preamble" if p.section == PREAMBLE else "/sections",
                label=m.group(0),
                vars={
                    "phrase": m.group(0),
                    "text": body[max(0, m.start() - 15) : m.end() + 15],
                    "year": report.year if report.year is not None else "?",
                },
                evidence={"pattern": pat.pattern, "found": m.group(0)},
                key=pat.pattern,
            )

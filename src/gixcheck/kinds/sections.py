"""Required sections and what their text must cover (SEC001–SEC007, and generic text kinds)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from gixcheck.form import fold, form_sections, normalise, strip_number
from gixcheck.kinds.base import Context, Outcome, RuleKind, Violation
from gixcheck.kinds.params import NoParams, doc
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


@dataclass
class TextMentionsParams:
    topics: list[Topic] = doc("topics; one finding per topic not mentioned")
    section: str | None = doc("canonical section key; omit for the whole report", None)
    require: str = doc("'each' (default: every topic) or 'any' (one topic is enough)", "each")


@dataclass
class SectionSubstanceParams:
    section: str = doc("canonical section key")
    aspects: list[Topic] = doc("aspects that must all appear", [])
    min_chars: int = doc("fewer characters than this counts as empty (default 10)", 10)


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
        for key in p.sections if p.sections is not None else list(names):
            if report.section(key) is not None:
                continue
            table = p.tables.get(key)
            if table and report.table_present(table) and report.rows(table):
                continue
            number, heading = names.get(key, ("?", key))
            yield Violation(
                pointer="/sections",
                label=f"{number}、{heading}",
                vars={"section": f"{number}、{heading}", "key": key},
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
                label="章节顺序",
                vars={
                    "found": "、".join(names[k][0] for k in seen if isinstance(k, str)),
                    "problem_zh": "顺序错乱或重复",
                    "problem_en": "out of order or repeated",
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
                        "found": f"{number}、{names[key][1]}",
                        "problem_zh": f"应编号为「{names[key][0]}」",
                        "problem_en": f"should be numbered {names[key][0]}",
                    },
                    evidence={"number": number, "expected": names[key][0]},
                    key=f"number:{key}",
                )


class HeadingWording(RuleKind):
    name = "heading-wording"
    description = (
        "A heading that differs from the standard wording is named with its standard form."
    )
    Params = NoParams

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        sections = form_sections()
        for i, s in enumerate(report.sections):
            key = s.get("key")
            heading = s.get("heading")
            if key not in sections or not heading:
                continue
            body = strip_number(heading)
            if normalise(body) == normalise(sections[key]["heading"]):
                continue
            yield Violation(
                pointer=f"/sections/{i}/heading",
                label=heading,
                source=s.get("source"),
                vars={"heading": heading.strip(), "standard": sections[key]["heading"]},
                evidence={"heading": heading, "standard": sections[key]["heading"]},
                key=str(key),
            )


# Rule-set phrases are few and repeat for every report: fold each once.
_phrase = lru_cache(maxsize=4096)(fold)


def _text(report: Report, section: str | None) -> str | None:
    """The folded text of a section (or of the whole report), once per report."""
    memo: dict[str | None, str | None] = report.__dict__.setdefault("_folded_text", {})
    if section not in memo:
        memo[section] = _read_text(report, section)
    return memo[section]


def _read_text(report: Report, section: str | None) -> str | None:
    if section is None:
        parts = [p.get("text", "") for s in report.sections for p in report.paragraphs(s)]
        parts += [p.get("text", "") for p in report.data.get("preamble", []) if isinstance(p, dict)]
        return fold("\n".join(parts))
    t = report.section_text(section)
    return fold(t) if t is not None else None


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
        if text is None:
            yield self.not_assessable(
                rule, f"缺少章节 {section}", f"section {section} is missing", "/sections"
            )
            return
        topics = p.topics
        missing = [t for t in topics if not any(_phrase(ph) in text for ph in t.any)]
        if p.require == "any":
            if len(missing) == len(topics) and topics:
                names = "、".join(t.name for t in topics)
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
        "A section must say something concrete: not empty, not just 无, and name each aspect."
    )
    Params = SectionSubstanceParams

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        p: SectionSubstanceParams = rule.args
        key = p.section
        found = report.section(key)
        if found is None:
            yield self.not_assessable(
                rule, f"缺少章节 {key}", f"section {key} is missing", "/sections"
            )
            return
        i, s = found
        text = _text(report, key) or ""
        pointer = f"/sections/{i}"
        stripped = text.strip("。.;；,， \n")
        if len(stripped) < p.min_chars or stripped in {"无", "暂无", "没有"}:
            yield Violation(
                pointer=pointer,
                label=s.get("heading", key),
                source=s.get("source"),
                vars={"what_zh": "内容为空或仅为“无”", "what_en": "it is empty or just 无"},
                evidence={"text": stripped},
                key="empty",
            )
            return
        for aspect in p.aspects:
            if not any(_phrase(ph) in text for ph in aspect.any):
                yield Violation(
                    pointer=pointer,
                    label=s.get("heading", key),
                    source=s.get("source"),
                    vars={
                        "what_zh": f"未写明{aspect.name}",
                        "what_en": f"it names no {aspect.name_en or aspect.name}",
                    },
                    evidence={"looked_for": aspect.any},
                    key=aspect.name,
                )

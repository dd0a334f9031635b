"""Required sections and what their text must cover (SEC001–SEC007, and generic text kinds)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from gixcheck.form import fold, form_sections, normalise, standard_heading, strip_number
from gixcheck.kinds.base import Context, Outcome, RuleKind, Violation, scoped
from gixcheck.model import Report
from gixcheck.rulesets import Rule


def _section_names() -> dict[str, tuple[str, str]]:
    return {k: (e["number"], e["heading"]) for k, e in form_sections().items()}


class SectionsPresent(RuleKind):
    name = "section-present"
    description = "Each listed section must be present (by canonical key)."
    params = {"sections": "canonical keys (default: the six sections)"}

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        names = _section_names()
        for key in rule.params.get("sections", list(names)):
            if report.section(key) is not None:
                continue
            full = standard_heading(key) if key in names else key
            yield Violation(
                pointer="/sections",
                label=full,
                vars={"section": full, "key": key},
                evidence={"missing": key, "found": [s.get("key") for s in report.sections]},
                key=key,
            )


class SectionsOrder(RuleKind):
    name = "sections-order"
    description = "Sections appear in the form's order and carry the form's numbers."

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
                        "found": standard_heading(key).replace(names[key][0], str(number), 1),
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
    params = {
        "section": "canonical section key; omit for the whole report",
        "topics": "list of {name, any = [phrases]}; one finding per topic not mentioned",
        "require": "'each' (default: every topic) or 'any' (one topic is enough)",
        "body_kinds": "only for these body kinds (government, department, other)",
        "year_from": "only for reports of this year or later",
    }

    @scoped
    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        p = rule.params
        section = p.get("section")
        text = _text(report, section)
        found = report.section(section) if section else None
        where = f"/sections/{found[0]}" if found else "/sections"
        if text is None:
            yield self.not_assessable(
                rule, f"缺少章节 {section}", f"section {section} is missing", "/sections"
            )
            return
        topics: list[dict[str, Any]] = p.get("topics", [])
        missing = [t for t in topics if not any(_phrase(ph) in text for ph in t.get("any", []))]
        if p.get("require", "each") == "any":
            if len(missing) == len(topics) and topics:
                names = "、".join(t["name"] for t in topics)
                yield Violation(
                    pointer=where,
                    label=names,
                    vars={"topic": names},
                    evidence={"looked_for": [ph for t in topics for ph in t.get("any", [])]},
                    key="any",
                )
            return
        for t in missing:
            yield Violation(
                pointer=where,
                label=t["name"],
                vars={"topic": t["name"]},
                evidence={"looked_for": t.get("any", [])},
                key=t["name"],
            )


class SectionSubstance(RuleKind):
    name = "section-substance"
    description = (
        "A section must say something concrete: not empty, not just 无, and name each aspect."
    )
    params = {
        "section": "canonical section key",
        "aspects": "list of {name, any = [phrases]} that must all appear",
        "min_chars": "fewer characters than this counts as empty (default 10)",
    }

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        p = rule.params
        key = p["section"]
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
        if len(stripped) < int(p.get("min_chars", 10)) or stripped in {"无", "暂无", "没有"}:
            yield Violation(
                pointer=pointer,
                label=s.get("heading", key),
                source=s.get("source"),
                vars={"what_zh": "内容为空或仅为“无”", "what_en": "it is empty or just 无"},
                evidence={"text": stripped},
                key="empty",
            )
            return
        for aspect in p.get("aspects", []):
            if not any(_phrase(ph) in text for ph in aspect.get("any", [])):
                yield Violation(
                    pointer=pointer,
                    label=s.get("heading", key),
                    source=s.get("source"),
                    vars={
                        "what_zh": f"未写明{aspect['name']}",
                        "what_en": f"it names no {aspect.get('name_en', aspect['name'])}",
                    },
                    evidence={"looked_for": aspect.get("any", [])},
                    key=aspect["name"],
                )

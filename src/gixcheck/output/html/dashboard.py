"""The batch page's dashboard: totals, the grade histogram, the rule-frequency table whose rows
filter the overview, and the overview of reports with a per-family strip for each.

Everything here is built from counters kept while the reports stream past (a few numbers per
rule and grade) and from one overview row per report, which the sink spools to disk: memory does
not grow with the batch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from gixcheck.output.common import SEVERITIES, counted, severity_word, word
from gixcheck.output.html.markup import GRADES, escape, grade_badge, grade_key, w

_FAMILY = re.compile(r"[A-Z]+")
# The sign in a family's box, so its state never depends on colour alone.
SIGN = {"error": "✗", "warning": "!", "info": "i", "ok": "✓", "na": "?", "off": "–"}


def family_of(code: str) -> str:
    m = _FAMILY.match(code)
    return m.group() if m else code


def families(rules: dict[str, Any]) -> list[str]:
    """The rule families of the run (FMT, SEC, TAB …) in rule-set order; the engine's own
    codes (an unreadable file, a crashing rule) are not a family of checks."""
    return list(dict.fromkeys(family_of(c) for c, r in rules.items() if r.kind != "engine"))


@dataclass
class Family:
    code: str
    state: str  # error, warning, info, ok, na (not assessable), off (not applicable)
    count: int = 0
    first: int | None = None  # the page item of its first finding


def family_states(
    rep: Any, fams: list[str], rules: dict[str, Any], items: list[Any]
) -> list[Family]:
    """Each family's state for one report: its worst finding, or passed / not assessable / not
    applicable when it has none."""
    na = {n.rule for n in rep.not_assessable if getattr(n, "applicable", True)}
    off = {n.rule for n in rep.not_assessable if not getattr(n, "applicable", True)}
    first: dict[str, int] = {}
    for k, it in enumerate(items):
        for f in it.findings:
            first.setdefault(family_of(f.rule), k)
    out = []
    for fam in fams:
        found = [f for f in rep.findings if family_of(f.rule) == fam and not f.baselined]
        codes = [c for c, r in rules.items() if family_of(c) == fam and r.kind != "engine"]
        if found:
            worst = max(found, key=lambda f: f.severity.rank).severity.value
            out.append(Family(fam, worst, len(found), first.get(fam)))
        elif not rep.readable:
            out.append(Family(fam, "na"))
        elif codes and all(c in off for c in codes):
            out.append(Family(fam, "off"))
        elif codes and all(c in na or c in off for c in codes):
            out.append(Family(fam, "na"))
        else:
            out.append(Family(fam, "ok"))
    return out


def _family_title(f: Family, lang: str) -> str:
    if f.state in SEVERITIES:
        return f"{f.code}: {counted(f.state, f.count, lang)}"
    return f"{f.code}: {w('fam_' + f.state, lang)}"


def strip(fams: list[Family], lang: str, href: Any, *, escaped: bool = False) -> str:
    """A report's families as small boxes: code and sign, a count for findings.  ``escaped``:
    ``href(f)`` gives attribute text already (a report section's links, with its number's
    place in them)."""
    boxes = []
    for f in fams:
        sign = SIGN[f.state] + (str(f.count) if f.state in SEVERITIES else "")
        link = href(f) if escaped else escape(href(f))
        boxes.append(
            f'<a class="fam fam-{f.state}" href="{link}" '
            f'title="{escape(_family_title(f, lang))}">{f.code}{sign}</a>'
        )
    return f'<span class="families">{"".join(boxes)}</span>'


@dataclass
class Tally:
    """The counters the dashboard is drawn from."""

    reports: int = 0
    unreadable: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SEVERITIES, 0))
    grades: dict[str, int] = field(default_factory=dict)
    # rule code → [reports affected, findings]
    by_rule: dict[str, list[int]] = field(default_factory=dict)
    severity_of: dict[str, str] = field(default_factory=dict)

    def add(self, rep: Any) -> None:
        self.reports += 1
        if not rep.readable:
            self.unreadable += 1
        for k, v in rep.counts().items():
            self.counts[k] += v
        g = grade_key(rep.grade)
        self.grades[g] = self.grades.get(g, 0) + 1
        seen = set()
        for f in rep.findings:
            if f.baselined:
                continue
            entry = self.by_rule.setdefault(f.rule, [0, 0])
            entry[1] += 1
            if f.rule not in seen:
                entry[0] += 1
                seen.add(f.rule)
            sev = self.severity_of.get(f.rule)
            if sev is None or f.severity.rank > _rank(sev):
                self.severity_of[f.rule] = f.severity.value


def _rank(severity: str) -> int:
    return {"error": 3, "warning": 2, "info": 1}[severity]


def totals(t: Tally, lang: str) -> str:
    cards = [
        ("", w("reports", lang), t.reports),
        ("", word("word_unreadable", lang), t.unreadable),
        *((f"c-{s}", severity_word(s, lang), t.counts[s]) for s in SEVERITIES),
    ]
    return (
        '<div class="cards">'
        + "".join(f'<div class="card {c}"><b>{n}</b>{escape(label)}</div>' for c, label, n in cards)
        + "</div>"
    )


def histogram(t: Tally, lang: str) -> str:
    """Reports per grade as an SVG bar chart (drawn here: no script, no style attribute, prints
    as it shows); each bar filters the overview to its grade."""
    keys = [*GRADES, *(["none"] if t.grades.get("none") else [])]
    top = max([t.grades.get(k, 0) for k in keys] + [1])
    bar, gap, height, base = 44, 16, 120, 150
    width = len(keys) * (bar + gap) + gap
    parts = [
        f'<svg class="histogram" role="img" viewBox="0 0 {width} {base + 24}" '
        f'width="{width}" height="{base + 24}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(w('histogram', lang))}</title>",
        f'<line x1="0" y1="{base}" x2="{width}" y2="{base}" stroke="#333"/>',
    ]
    for i, k in enumerate(keys):
        n = t.grades.get(k, 0)
        h = round(height * n / top)
        x = gap + i * (bar + gap)
        label = k if k != "none" else word("word_no_grade", lang)
        parts.append(
            f'<a href="#filter-grade-{k}"><title>{escape(label)}: {counted("report", n, lang)}</title>'
            f'<rect class="bar h-{k}" x="{x}" y="{base - h}" width="{bar}" height="{h}"/>'
            f'<text x="{x + bar // 2}" y="{base - h - 4}" text-anchor="middle">{n}</text>'
            f'<text x="{x + bar // 2}" y="{base + 17}" text-anchor="middle">{escape(label)}</text></a>'
        )
    parts.append("</svg>")
    return "".join(parts)


def rule_table(t: Tally, rules: dict[str, Any], lang: str) -> str:
    """Rules by how many reports they affect; a row filters the overview to those reports."""
    if not t.by_rule:
        return f'<p class="muted">{word("text_none", lang)}</p>'
    order = sorted(t.by_rule.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]))
    rows = []
    for code, (reports, findings) in order:
        rule = rules.get(code)
        title = rule.text("summary", lang) if rule is not None else ""
        sev = t.severity_of.get(code, "info")
        rows.append(
            f'<tr data-filter="rule-{escape(code)}">'
            f'<td><a href="#filter-rule-{escape(code)}"><code>{escape(code)}</code></a></td>'
            f"<td>{escape(title)}</td>"
            f'<td><span class="sev sev-{sev}">{severity_word(sev, lang)}</span></td>'
            f'<td class="n">{reports}</td><td class="n">{findings}</td></tr>'
        )
    heads = "".join(
        f"<th>{w(k, lang)}</th>"
        for k in ("rule", "rule_title", "severity", "reports_affected", "finding_count")
    )
    return f'<table class="rules"><thead><tr>{heads}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def overview_head(lang: str) -> str:
    heads = [
        ("num", "#"),
        ("text", w("report", lang)),
        ("text", w("body", lang)),
        ("num", w("year", lang)),
        ("text", w("grade", lang)),
        ("num", w("score", lang)),
        ("num", severity_word("error", lang)),
        ("num", severity_word("warning", lang)),
        ("num", severity_word("info", lang)),
    ]
    cells = "".join(
        f'<th data-type="{t}"><button type="button">{escape(h)}</button></th>' for t, h in heads
    )
    return (
        f'<p id="filter-status" hidden data-rule="{w("rule", lang)}" '
        f'data-family="{w("family", lang)}" data-grade="{w("grade", lang)}">'
        f'{w("filter", lang)}<span class="what"></span>{word("list_sep", lang)}'
        f'<span class="count"></span>{w("filter_reports", lang)} · '
        f'<a href="#overview">{w("show_all", lang)}</a></p>'
        f'<table id="overview"><thead><tr>{cells}<th>{w("families", lang)}</th></tr></thead><tbody>'
    )


def overview_row(i: int, rep: Any, fams: list[Family], lang: str) -> str:
    m = rep.meta
    c = rep.counts()
    rules = " ".join(sorted({f.rule for f in rep.findings if not f.baselined}))
    fam_keys = " ".join(f.code for f in fams if f.state in SEVERITIES)
    cells = [
        (str(i + 1), str(i + 1)),
        (rep.source, f'<a href="#r{i}">{escape(rep.source)}</a>'),
        (str(m.get("body") or ""), escape(m.get("body") or "—")),
        (str(m.get("year") or 0), escape(m.get("year") or "—")),
        (rep.grade or "~", grade_badge(rep.grade, lang)),
        (
            str(rep.score if rep.score is not None else -1),
            str(rep.score if rep.score is not None else "—"),
        ),
        *((str(c[s]), str(c[s])) for s in SEVERITIES),
    ]
    tds = "".join(f'<td data-v="{escape(v)}">{h}</td>' for v, h in cells)
    tds += f"<td>{strip(fams, lang, lambda f: f'#filter-family-{f.code}')}</td>"
    return (
        f'<tr data-i="{i}" data-rule="{escape(rules)}" data-family="{escape(fam_keys)}" '
        f'data-grade="{grade_key(rep.grade)}">{tds}</tr>\n'
    )


def legend(lang: str) -> str:
    items = " · ".join(
        f'<span class="fam fam-{state}">{SIGN[state]}</span> {w("fam_" + state, lang)}'
        for state in ("error", "warning", "info", "ok", "na", "off")
    )
    return f'<p class="legend">{w("families", lang)}{word("colon", lang)}{items}</p>'

"""``--format statistics``: how often each rule fired across the run (ruff's ``--statistics``).

One row per rule with findings: the number of findings, the number of reports affected, the
code, the severity word and the rule's title; most findings first.  Baselined findings are
accepted, so they are not counted.  Only counters are kept while the reports stream past.
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len

from gixcheck.output.common import Sink, counted, render_with, rules_of, severity_word, word
from gixcheck.output.safe import visible


def _pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - cell_len(text))
    return gap + text if right else text + gap


class StatisticsSink(Sink):
    def start(self) -> str:
        self.rules = rules_of(self.result)
        self.by_rule: dict[str, list[int]] = {}  # code → [findings, reports affected]
        self.severity: dict[str, Any] = {}
        self.affected = 0
        return ""

    def part(self, rep: Any) -> str:
        seen: set[str] = set()
        for f in (*rep.findings, *getattr(rep, "omitted_findings", ())):  # the omitted counted
            if f.baselined:
                continue
            entry = self.by_rule.setdefault(f.rule, [0, 0])
            entry[0] += 1
            if f.rule not in seen:
                entry[1] += 1
                seen.add(f.rule)
            if f.rule not in self.severity or f.severity.rank > self.severity[f.rule].rank:
                self.severity[f.rule] = f.severity
        self.affected += bool(seen)
        return ""

    def close(self) -> str:
        lang = self.lang
        heads = [
            word(f"stats_{k}", lang) for k in ("findings", "reports", "rule", "severity", "title")
        ]
        rows = []
        for code, (n, reports) in sorted(self.by_rule.items(), key=lambda kv: (-kv[1][0], kv[0])):
            rule = self.rules.get(code)
            title = rule.text("summary", lang) if rule is not None else ""
            rows.append(
                [
                    str(n),
                    str(reports),
                    code,
                    severity_word(self.severity[code].value, lang),
                    visible(title),
                ]
            )
        widths = [max(cell_len(r[i]) for r in [heads, *rows]) for i in range(4)]
        lines = []
        for r in [heads, *rows]:
            cells = [_pad(r[0], widths[0], True), _pad(r[1], widths[1], True)]
            cells += [_pad(r[2], widths[2]), _pad(r[3], widths[3]), r[4]]
            lines.append("  ".join(cells).rstrip() + "\n")
        total = word(
            "stats_total",
            lang,
            reports=counted("report", self.count, lang),
            affected=self.affected,
        )
        if not rows:
            return word("text_none", lang) + "\n" + total + "\n"
        return "".join(lines) + total + "\n"


def render(result: Any, lang: str) -> str:
    return render_with(StatisticsSink, result, lang)

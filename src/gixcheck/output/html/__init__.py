"""``--format html``: one self-contained page for auditors (inline CSS and JS, no external assets).

For a batch the page opens with a dashboard — totals, a grade histogram, the rules that fired
most with the number of reports they affect (a row filters the overview to those reports), and
the overview of every report with its grade and a strip showing each rule family's state.  Then
one section per report: tables 二, 三 and 四 drawn as the printed form lays them out, with the
cells findings point at highlighted and linked to them, and the findings in form order, each
with its rule's title, legal basis, how to fix it and the evidence in plain words.

The page is streamed: the dashboard needs every report, so the overview rows and the report
sections are spooled to temporary files as reports arrive and read back in pieces at the end;
only counters stay in memory, however large the batch.  Nothing depends on the time or the
machine: the same run gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gixcheck._version import __version__
from gixcheck.output.common import (
    Sink,
    Spool,
    counts_text,
    omitted_line,
    render_with,
    rules_of,
    word,
)
from gixcheck.output.html import dashboard
from gixcheck.output.html.assets import css, js, policy
from gixcheck.output.html.findings import findings_list
from gixcheck.output.html.markup import PLACE, escape, grade_badge, w
from gixcheck.output.html.tables import Marks, draw
from gixcheck.output.order import items as ordered_items

__all__ = ["HtmlSink", "render"]


class HtmlSink(Sink):
    def start(self) -> str:
        self.rules = rules_of(self.result)
        self.families = dashboard.families(self.rules)
        self.tally = dashboard.Tally()
        self.rows, self.sections = Spool(), Spool()
        return ""

    def part(self, rep: Any) -> str:
        i = self.count - 1
        items = ordered_items(rep.findings, self.rules)
        fams = dashboard.family_states(rep, self.families, self.rules, items)
        self.tally.add(rep)
        self.rows.write(dashboard.overview_row(i, rep, fams, self.lang))
        made = self.made_piece(rep)  # by the worker that checked it, the number left open
        if made is not None:
            self.sections.write(made.replace(PLACE, str(i)))
        else:
            self.sections.write(section(i, rep, items, fams, self.rules, self.lang))
        return ""

    def _head(self) -> str:
        lang = self.lang
        sets = ", ".join(f"{n} {v}" for n, v in self.result.rulesets)
        batch = self.count > 1
        return (
            "<!DOCTYPE html>\n"
            f'<html lang="{"en" if lang == "en" else "zh-CN"}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            # lets a later folder scan know this page is gixcheck's, not a report (inputs.py)
            f'<meta name="generator" content="gixcheck {escape(__version__)}">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{policy()}">\n'
            f"<title>{w('title', lang)}</title>\n<style>{css()}</style>\n</head>\n"
            f'<body class="{"batch" if batch else "single"}">\n'
            f'<header id="top"><h1>{w("title", lang)}</h1>\n'
            f'<p class="muted">gixcheck {escape(__version__)} · {escape(sets)} · '
            f"{counted_reports(self.count, lang)}</p></header>\n"
        )

    def _dashboard(self) -> str:
        lang, t = self.lang, self.tally
        return (
            f'<section id="dashboard"><h2>{w("dashboard", lang)}</h2>\n'
            f"{dashboard.totals(t, lang)}\n"
            f'<div class="dash"><div><h3>{w("histogram", lang)}</h3>{dashboard.histogram(t, lang)}</div>\n'
            f"<div><h3>{w('rules_table', lang)}</h3>{dashboard.rule_table(t, self.rules, lang)}</div></div>\n"
            f'<h2 id="overview-title">{w("overview", lang)}</h2>\n'
            f'<p class="muted no-print">{w("sort", lang)}</p>\n'
            f"{dashboard.legend(lang)}\n"
            f"{dashboard.overview_head(lang)}\n"
        )

    def close(self) -> Iterator[str]:
        yield self._head()
        if self.count > 1:
            yield self._dashboard()
            yield from self.rows.drain()
            yield "</tbody></table></section>\n"
        else:
            for _ in self.rows.drain():
                pass
        yield from self.sections.drain()
        yield f"<script>{js()}</script>\n</body>\n</html>\n"


def counted_reports(n: int, lang: str) -> str:
    from gixcheck.output.common import counted

    return counted("report", n, lang)


def render(result: Any, lang: str) -> str:
    return render_with(HtmlSink, result, lang)


def piece(rep: Any, run: Any, lang: str) -> str:
    """A report's section with :data:`~gixcheck.output.html.markup.PLACE` where its number in
    the batch goes: a batch's workers make it."""
    rules = rules_of(run)
    items = ordered_items(rep.findings, rules)
    fams = dashboard.family_states(rep, dashboard.families(rules), rules, items)
    return section(PLACE, rep, items, fams, rules, lang)


def section(
    i: int | str, rep: Any, items: list[Any], fams: list[Any], rules: dict[str, Any], lang: str
) -> str:
    """A report's section of the page; ``i`` its number in the batch, or PLACE."""
    m = rep.meta
    title = m.get("title") or m.get("body") or rep.source
    facts = [
        f"{w('source', lang)}{word('colon', lang)}<code>{escape(rep.source)}</code>",
        f"{w('body', lang)}{word('colon', lang)}{escape(m.get('body') or '—')}",
        f"{w('year', lang)}{word('colon', lang)}{escape(m.get('year') or '—')}",
    ]
    if m.get("layout"):
        facts.append(f"{word('word_layout', lang)} {escape(m['layout'])}")
    if rep.score is not None:
        facts.append(f"{w('score', lang)}{word('colon', lang)}{rep.score}")
    facts.append(counts_text(rep.counts(), lang))
    marks = Marks([(k, it.findings) for k, it in enumerate(items)])
    out = [
        f'<section class="report" id="r{i}">',
        f"<h2>{grade_badge(rep.grade, lang)} {escape(title)}"
        f' <a class="back" href="#top">↑ {w("back", lang)}</a></h2>',
        f'<p class="muted">{" · ".join(facts)}</p>',
        "<p>"
        + dashboard.strip(
            fams,
            lang,
            lambda f: f"#r{i}-f{f.first}" if f.first is not None else f"#r{i}",
            escaped=True,  # nothing to escape, and the number's place must stay as it is
        )
        + "</p>",
    ]
    data = rep.report if isinstance(rep.report, dict) else None
    if data is None:
        out.append(f'<p class="muted">{word("word_unreadable", lang)}</p>')
    elif "tables" in data:
        out.append(draw(i, data, marks, lang))
    out.append(f"<h3>{w('findings', lang)}</h3>")
    out.append(findings_list(i, items, rules, marks, lang))
    if left_out := omitted_line(rep, lang):
        out.append(f'<p class="omitted">{escape(left_out)}</p>')
    na = [n for n in rep.not_assessable if getattr(n, "applicable", True)]
    off = [n for n in rep.not_assessable if not getattr(n, "applicable", True)]
    for key, notes in (("na", na), ("off", off)):
        if notes:
            lis = "".join(
                f"<li><code>{escape(n.rule)}</code> "
                f"{escape(n.reason_en if lang == 'en' else n.reason_zh)}</li>"
                for n in notes
            )
            out.append(
                f"<details><summary>{w(key, lang)} ({len(notes)})</summary><ul>{lis}</ul></details>"
            )
    out.append("</section>\n")
    return "\n".join(out)

"""``--format text``: for people at a terminal or reading a log.

Per report a header (file, body, year, layout, grade), its findings in form order — each line
starting with the severity word (错误/警告/提示, error/warning/info), so severity never depends
on colour — blank cells collapsed to one item per table, the counts and the checks that could
not be assessed; a totals line at the end.  Everything that came from a document passes through
:func:`gixcheck.output.safe.visible`, so no escape sequence in a file name or title reaches the
terminal.
"""

from __future__ import annotations

from typing import Any

from gixcheck.output.common import (
    SEVERITIES,
    Sink,
    counted,
    counts_text,
    omitted_line,
    render_with,
    rules_of,
    severity_word,
    word,
)
from gixcheck.output.common import where as _where
from gixcheck.output.order import Item, cells_by_row, items, split_label
from gixcheck.output.safe import visible

_MAX_REASONS = 5  # the rest are in --format json
_ROWS_PER_LINE = 4  # missing rows listed four to a line: row labels are long
STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}

Span = tuple[str, str]  # text, rich style ("" for none)


def _split(notes: list[Any]) -> tuple[list[Any], list[Any]]:
    """Checks that could not be assessed, and checks that do not apply to the report."""
    na = [n for n in notes if getattr(n, "applicable", True)]
    return na, [n for n in notes if not getattr(n, "applicable", True)]


def where(source: dict[str, Any] | None, lang: str = "en") -> str:
    """Where in the source document (kept here for callers of 0.1)."""
    return _where(source, lang)


def severity_column(severity: str, lang: str) -> str:
    """The severity word padded so the codes after it line up (English words differ in width)."""
    w = severity_word(severity, lang)
    return w.ljust(max(len(severity_word(s, lang)) for s in SEVERITIES)) if lang == "en" else w


class TextSink(Sink):
    """The text document, one report at a time.

    With a rich ``console`` (the session gives one when writing to a terminal) the lines are
    printed with colour as they come and the methods return ""; without one they are returned
    as plain text.  ``quiet`` leaves out everything but the findings: reports without any,
    the counts, the not-assessable notes and the totals.
    """

    def __init__(self, result: Any, lang: str, console: Any = None, quiet: bool = False) -> None:
        super().__init__(result, lang)
        self.console = console
        self.quiet = quiet
        self.rules = rules_of(result)
        self.totals = {s: 0 for s in SEVERITIES}
        self.unreadable = 0

    def _emit(self, lines: list[list[Span]]) -> str:
        if self.console is not None:
            from rich.text import Text

            for spans in lines:
                self.console.print(Text.assemble(*spans), soft_wrap=True)
            return ""
        return "".join("".join(t for t, _ in spans) + "\n" for spans in lines)

    def header(self, rep: Any) -> list[Span]:
        lang, m = self.lang, rep.meta
        facts = [
            visible(x)
            for x in (
                m.get("body"),
                m.get("year"),
                f"{word('word_layout', lang)} {m['layout']}" if m.get("layout") else None,
            )
            if x is not None
        ]
        spans: list[Span] = [(visible(rep.source), "bold")]
        if facts:
            spans.append(("  " + " · ".join(facts), ""))
        if rep.grade:
            spans.append(
                ("  " + word("text_grade", lang, grade=rep.grade, score=rep.score), "bold")
            )
        elif not rep.readable:
            spans.append(("  " + word("word_unreadable", lang), "bold red"))
        return spans

    def item_lines(self, item: Item) -> list[list[Span]]:
        lang, f = self.lang, item.first
        sev = f.severity.value
        mark = [("  " + word("text_baselined", lang), "dim")] if f.baselined else []
        lead: list[Span] = [
            ("  ", ""),
            (severity_column(sev, lang), STYLE[sev]),
            (" ", ""),
            (f.rule, STYLE[sev]),
            (" ", ""),
        ]
        if item.cells or item.rows:
            # One item for a table's blank cells or missing rows: the table, the rule's title
            # and how many, then the cells by row or the rows four to a line.
            rule = self.rules.get(f.rule)
            title = rule.text("summary", lang) if rule is not None else f.name
            sep, colon = word("item_sep", lang), word("colon", lang)
            if item.cells:
                table = split_label(f.location.label)[0] or f.location.label or item.table
                count = counted("cells", len(item.cells), lang)
                lines = [
                    visible(row) + (colon + sep.join(map(visible, cols)) if cols else "")
                    for row, cols in cells_by_row([label for _, label in item.cells])
                ]
            else:
                table = split_label(f.location.label, parts=2)[0] or item.table
                count = counted("rows", len(item.rows), lang)
                rows = [visible(r) for r in item.rows]
                lines = [
                    sep.join(rows[i : i + _ROWS_PER_LINE])
                    for i in range(0, len(rows), _ROWS_PER_LINE)
                ]
            head = [
                *lead,
                (
                    visible(table)
                    + word("colon", lang)
                    + visible(title)
                    + word("clause_sep", lang)
                    + count,
                    "",
                ),
                *mark,
            ]
            return [head, *([("      " + line, "")] for line in lines)]
        loc = _where(f.location.source, lang)
        head = [
            *lead,
            (visible(f.location.label), ""),
            *([("  " + loc, "dim")] if loc else []),
            *mark,
        ]
        return [head, [("      " + visible(f.message(lang)), "")]]

    def part(self, rep: Any) -> str:
        lang = self.lang
        c = rep.counts()
        for k in self.totals:
            self.totals[k] += c[k]
        if not rep.readable:
            self.unreadable += 1
        if self.quiet and not rep.findings:
            return ""
        lines: list[list[Span]] = [self.header(rep)]
        if not rep.findings:
            lines.append([("  " + word("text_none", lang), "green")])
        for item in items(rep.findings, self.rules):
            lines += self.item_lines(item)
        if left_out := omitted_line(rep, lang):
            lines.append([("  " + left_out, "yellow")])
        if not self.quiet:
            na, off = _split(rep.not_assessable)
            parts = [counts_text(c, lang), counted("not_assessable", len(na), lang)]
            if off:
                parts.append(counted("not_applicable", len(off), lang))
            lines.append([("  " + word("clause_sep", lang).join(parts), "")])
            lines += self._reasons(na, "word_not_assessable", _MAX_REASONS)
            lines += self._reasons(off, None, _MAX_REASONS)  # the reason says "not applicable"
        lines.append([])
        return self._emit(lines)

    def _reasons(self, notes: list[Any], label_key: str | None, limit: int) -> list[list[Span]]:
        """Not assessable is not passed: which checks could not run (or do not apply), why."""
        lang = self.lang
        by_reason: dict[str, list[str]] = {}
        for n in notes:
            reason = n.reason_en if lang == "en" else n.reason_zh
            codes = by_reason.setdefault(reason, [])
            if n.rule not in codes:
                codes.append(n.rule)
        shown = list(by_reason.items())[:limit]
        label = word(label_key, lang) + word("colon", lang) if label_key else ""
        out: list[list[Span]] = [
            [(f"  {label}{', '.join(codes)} — {visible(reason)}", "dim")] for reason, codes in shown
        ]
        if len(by_reason) > len(shown):
            more = word("text_more_reasons", lang, n=len(by_reason) - len(shown))
            out.append([("  " + more, "dim")])
        return out

    def close(self) -> str:
        if self.quiet:
            return ""
        lang = self.lang
        line = word(
            "text_totals",
            lang,
            reports=counted("report", self.count, lang),
            counts=counts_text(self.totals, lang),
        )
        if self.unreadable:
            line += word("clause_sep", lang) + word(
                "text_unreadable_reports", lang, n=self.unreadable
            )
        return self._emit([[(line, "bold")]])


def write(result: Any, lang: str, console: Any) -> None:
    """Print the whole run to a rich console (colour on a terminal)."""
    sink = TextSink(result, lang, console)
    sink.start()
    for rep in result.reports:
        sink.add(rep)
    sink.close()


def render(result: Any, lang: str) -> str:
    return render_with(TextSink, result, lang)

"""``--format text``: per report a header, findings grouped by severity, a summary line."""

from __future__ import annotations

from typing import Any

from gixcheck.output.common import Sink, render_with

_MAX_REASONS = 5  # the rest are in --format json
_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_WORDS = {
    "zh": {
        "error": "错误",
        "warning": "警告",
        "info": "提示",
        "grade": "等级",
        "layout": "版式",
        "na": "无法评估",
        "reports": "份报告",
        "none": "未发现问题",
        "more": "……另有 {} 条无法评估的原因（见 --format json）",
    },
    "en": {
        "error": "errors",
        "warning": "warnings",
        "info": "info",
        "grade": "grade",
        "layout": "layout",
        "na": "not assessable",
        "reports": "report(s)",
        "none": "no findings",
        "more": "… {} more reasons a check was not assessable (see --format json)",
    },
}


def where(source: dict[str, Any] | None) -> str:
    """``p.3`` for a PDF page, ``line 120`` for text, ``table 2 row 4`` for HTML/DOCX cells."""
    if not source:
        return ""
    if "page" in source:
        return f"p.{source['page']}"
    if "line" in source:
        return f"line {source['line']}"
    if "table" in source:
        parts = [f"table {source['table']}"]
        parts += [f"{k} {source[k]}" for k in ("row", "col") if k in source]
        return " ".join(parts)
    if "paragraph" in source:
        return f"para {source['paragraph']}"
    return ""


class TextSink(Sink):
    """Per report a header, its findings grouped by severity and its counts; a totals line.

    With a rich ``console`` the parts are printed with colour as they come (and the methods
    return ""); without one they are returned as plain text.
    """

    def __init__(self, result: Any, lang: str, console: Any = None) -> None:
        super().__init__(result, lang)
        self.console = console
        self.w = _WORDS["en" if lang == "en" else "zh"]
        self.totals = {"error": 0, "warning": 0, "info": 0}

    def _emit(self, lines: list[str]) -> str:
        if self.console is not None:
            for line in lines:
                self.console.print(line)
            return ""
        from rich.text import Text

        return "".join(Text.from_markup(line).plain + "\n" for line in lines)

    def part(self, rep: Any) -> str:
        from rich.markup import escape

        w, lang = self.w, self.lang
        m = rep.meta
        title = " · ".join(
            str(x)
            for x in (
                m.get("body"),
                m.get("year"),
                f"{w['layout']} {m['layout']}" if m.get("layout") else None,
            )
            if x is not None
        )
        lines = [
            f"[bold]{escape(rep.source)}[/bold]  {escape(title)}  "
            + (f"[bold]{w['grade']} {rep.grade}[/bold] ({rep.score})" if rep.grade else "")
        ]
        if not rep.findings:
            lines.append(f"  [green]{w['none']}[/green]")
        for sev in ("error", "warning", "info"):
            for f in (f for f in rep.findings if f.severity.value == sev):
                loc = where(f.location.source)
                lines.append(
                    f"  [{_STYLE[sev]}]{f.rule}[/{_STYLE[sev]}] {escape(f.location.label)}"
                    + (f" [dim]{loc}[/dim]" if loc else "")
                    + (" [dim](baseline)[/dim]" if f.baselined else "")
                )
                lines.append(f"      {escape(f.message(lang))}")
        c = rep.counts()
        for k in self.totals:
            self.totals[k] += c[k]
        lines.append(
            f"  {c['error']} {w['error']}, {c['warning']} {w['warning']}, {c['info']} {w['info']}; "
            f"{len(rep.not_assessable)} {w['na']}"
        )
        # Not assessable is not passed: say which checks could not run, and why.
        by_reason: dict[str, list[str]] = {}
        for n in rep.not_assessable:
            reason = n.reason_en if lang == "en" else n.reason_zh
            codes = by_reason.setdefault(reason, [])
            if n.rule not in codes:
                codes.append(n.rule)
        shown = list(by_reason.items())[:_MAX_REASONS]
        for reason, codes in shown:
            lines.append(f"  [dim]{w['na']}: {', '.join(codes)} — {escape(reason)}[/dim]")
        if len(by_reason) > len(shown):
            lines.append(f"  [dim]{w['more'].format(len(by_reason) - len(shown))}[/dim]")
        lines.append("")
        return self._emit(lines)

    def close(self) -> str:
        w, t = self.w, self.totals
        return self._emit(
            [
                f"{self.count} {w['reports']}: {t['error']} {w['error']}, "
                f"{t['warning']} {w['warning']}, {t['info']} {w['info']}"
            ]
        )


def write(result: Any, lang: str, console: Any) -> None:
    """Print the whole run to a rich console (colour on a terminal)."""
    sink = TextSink(result, lang, console)
    sink.start()
    for rep in result.reports:
        sink.add(rep)
    sink.close()


def render(result: Any, lang: str) -> str:
    return render_with(TextSink, result, lang)

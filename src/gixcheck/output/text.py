"""``--format text``: per report a header, findings grouped by severity, a summary line."""

from __future__ import annotations

import io
from typing import Any

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


def write(result: Any, lang: str, console: Any) -> None:
    from rich.markup import escape

    w = _WORDS["en" if lang == "en" else "zh"]
    totals = {"error": 0, "warning": 0, "info": 0}
    for rep in result.reports:
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
        console.print(
            f"[bold]{escape(rep.source)}[/bold]  {escape(title)}  "
            + (f"[bold]{w['grade']} {rep.grade}[/bold] ({rep.score})" if rep.grade else "")
        )
        if not rep.findings:
            console.print(f"  [green]{w['none']}[/green]")
        for sev in ("error", "warning", "info"):
            group = [f for f in rep.findings if f.severity.value == sev]
            for f in group:
                loc = where(f.location.source)
                base = " [dim](baseline)[/dim]" if f.baselined else ""
                console.print(
                    f"  [{_STYLE[sev]}]{f.rule}[/{_STYLE[sev]}] {escape(f.location.label)}"
                    + (f" [dim]{loc}[/dim]" if loc else "")
                    + base
                )
                console.print(f"      {escape(f.message(lang))}")
        c = rep.counts()
        for k in totals:
            totals[k] += c[k]
        na = len(rep.not_assessable)
        console.print(
            f"  {c['error']} {w['error']}, {c['warning']} {w['warning']}, {c['info']} {w['info']}; "
            f"{na} {w['na']}"
        )
        console.print()
    console.print(
        f"{len(result.reports)} {w['reports']}: {totals['error']} {w['error']}, "
        f"{totals['warning']} {w['warning']}, {totals['info']} {w['info']}"
    )


def render(result: Any, lang: str) -> str:
    from rich.console import Console

    buf = io.StringIO()
    console = Console(file=buf, width=120, no_color=True, highlight=False, soft_wrap=True)
    write(result, lang, console)
    return buf.getvalue()

"""``--format csv`` and ``--format csv-reports``: spreadsheets for auditors.

Both are UTF-8 with a byte-order mark (Excel opens them as UTF-8) and CRLF line ends.  The
headers are Chinese in zh mode and stable snake_case names in en mode (for scripts); the
severity column holds the word (错误/警告/提示, or error/warning/info).

- ``csv``: one row per finding — report, body, year, grade, score, rule, title, severity,
  location (the label in the form), page (PDF page number), place (where in the original:
  第3页, 第120行, 第2个表格第4行第3列), message, pointer, fingerprint, baselined.
- ``csv-reports``: one row per report, including reports with no finding and unreadable ones —
  report, body, year, layout, grade, score, errors, warnings, info, not assessable, not
  applicable, the rules with findings, unreadable (the reason), sha256.

A cell that would start with ``= + - @`` (or a tab or CR) is prefixed with ``'`` so a
spreadsheet never runs text from a report as a formula; control characters are shown as
escapes.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from gixcheck.output.common import (
    Sink,
    page_of,
    render_with,
    rules_of,
    severity_word,
    where,
    word,
)
from gixcheck.output.order import form_order
from gixcheck.output.safe import visible

COLUMNS = (
    "report",
    "body",
    "year",
    "grade",
    "score",
    "rule",
    "title",
    "severity",
    "location",
    "page",
    "place",
    "message",
    "pointer",
    "fingerprint",
    "baselined",
)
REPORT_COLUMNS = (
    "report",
    "body",
    "year",
    "layout",
    "grade",
    "score",
    "errors",
    "warnings",
    "info",
    "not_assessable",
    "not_applicable",
    "rules",
    "unreadable",
    "sha256",
)


def _safe(value: Any) -> str:
    text = visible(value, one_line=False)  # a cell holds no terminal escape or NUL
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _row(values: list[Any]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerow(values)
    return buf.getvalue()


def header(columns: tuple[str, ...], lang: str) -> str:
    """The header row: the column names in en mode, their Chinese names in zh mode."""
    names = list(columns) if lang == "en" else [word(f"csv_{c}", lang) for c in columns]
    return "\ufeff" + _row(names)


def _number(value: Any) -> Any:
    return "" if value is None else value


class CsvSink(Sink):
    """One row per finding, the report's facts repeated on each (a sheet sorts and filters)."""

    def start(self) -> str:
        self.rules = rules_of(self.result)
        return header(COLUMNS, self.lang)

    def part(self, rep: Any) -> str:
        lang, meta = self.lang, rep.meta
        rows = []
        for f in form_order(rep.findings):
            rule = self.rules.get(f.rule)
            rows.append(
                _row(
                    [
                        _safe(rep.source),
                        _safe(meta.get("body")),
                        _number(meta.get("year")),
                        rep.grade or "",
                        _number(rep.score),
                        f.rule,
                        _safe(rule.text("summary", lang) if rule is not None else f.name),
                        severity_word(f.severity.value, lang),
                        _safe(f.location.label),
                        _number(page_of(f.location.source)),
                        _safe(where(f.location.source, lang)),
                        _safe(f.message(lang)),
                        _safe(f.location.pointer),
                        f.fingerprint,
                        word("ev_yes", lang) if f.baselined else "",
                    ]
                )
            )
        return "".join(rows)


class CsvReportsSink(Sink):
    """One row per report: every input appears, with no finding or unreadable."""

    def start(self) -> str:
        return header(REPORT_COLUMNS, self.lang)

    def part(self, rep: Any) -> str:
        meta, c = rep.meta, rep.counts()
        na = sum(1 for n in rep.not_assessable if getattr(n, "applicable", True))
        reason = ""
        if not rep.readable:
            reason = next((f.message(self.lang) for f in rep.findings if f.rule == "GIX001"), "")
            reason = reason or word("word_unreadable", self.lang)
        rules = sorted({f.rule for f in rep.findings if not f.baselined})
        return _row(
            [
                _safe(rep.source),
                _safe(meta.get("body")),
                _number(meta.get("year")),
                _safe(meta.get("layout")),
                rep.grade or "",
                _number(rep.score),
                c["error"],
                c["warning"],
                c["info"],
                na,
                len(rep.not_assessable) - na,
                " ".join(rules),
                _safe(reason),
                rep.sha256,
            ]
        )


def render(result: Any, lang: str) -> str:
    return render_with(CsvSink, result, lang)


def render_reports(result: Any, lang: str) -> str:
    return render_with(CsvReportsSink, result, lang)

"""``--format csv``: one row per finding, UTF-8 with a byte-order mark so Excel opens it.

Columns: report, body, year, rule, severity, location (the human label), message, pointer,
fingerprint, baselined.  A cell that would start with ``= + - @`` is prefixed with ``'`` so a
spreadsheet never runs text from a report as a formula.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from gixcheck.output.common import Sink, render_with
from gixcheck.output.safe import visible

COLUMNS = (
    "report",
    "body",
    "year",
    "rule",
    "severity",
    "location",
    "message",
    "pointer",
    "fingerprint",
    "baselined",
)


def _safe(value: Any) -> str:
    text = visible(value, one_line=False)  # a cell holds no terminal escape or NUL
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _row(values: list[Any]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerow(values)
    return buf.getvalue()


class CsvSink(Sink):
    def start(self) -> str:
        return "\ufeff" + _row(list(COLUMNS))

    def part(self, rep: Any) -> str:
        meta = rep.meta
        return "".join(
            _row(
                [
                    _safe(rep.source),
                    _safe(meta.get("body")),
                    meta.get("year") or "",
                    f.rule,
                    f.severity.value,
                    _safe(f.location.label),
                    _safe(f.message(self.lang)),
                    f.location.pointer,
                    f.fingerprint,
                    "yes" if f.baselined else "",
                ]
            )
            for f in rep.findings
        )


def render(result: Any, lang: str) -> str:
    return render_with(CsvSink, result, lang)

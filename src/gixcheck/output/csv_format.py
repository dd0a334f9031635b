"""``--format csv``: one row per finding, UTF-8 with a byte-order mark so Excel opens it.

Columns: report, body, year, rule, severity, location (the human label), message, pointer,
fingerprint, baselined.  A cell that would start with ``= + - @`` is prefixed with ``'`` so a
spreadsheet never runs text from a report as a formula.
"""

from __future__ import annotations

import csv
import io
from typing import Any

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
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def render(result: Any, lang: str) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(COLUMNS)
    for rep in result.reports:
        meta = rep.meta
        for f in rep.findings:
            w.writerow(
                [
                    _safe(rep.source),
                    _safe(meta.get("body")),
                    meta.get("year") or "",
                    f.rule,
                    f.severity.value,
                    _safe(f.location.label),
                    _safe(f.message(lang)),
                    f.location.pointer,
                    f.fingerprint,
                    "yes" if f.baselined else "",
                ]
            )
    return "\ufeff" + buf.getvalue()

"""Which form a report follows (2021 / 2019 / mixed / pre-2019 / unknown), and why.

The decision is made from markers, and the markers are kept in the report so a reader can see
what decided it: table 二's columns, table 三's 其他处理 (one row in 2019, three in 2021) and the
pre-2019 structure's vocabulary.
"""

from __future__ import annotations

from typing import Any

from gixcheck.labels import fold, form, normalise

LAYOUTS = ("2021", "2019", "mixed", "pre-2019", "unknown")

_T2_2021 = {"issued": "本年制发件数", "repealed": "本年废止件数", "in_force": "现行有效件数"}
_T2_2019 = {
    "made": "本年新制作数量",
    "published": "本年新公开数量",
    "total_published": "对外公开总数量",
    "prev_items": "上一年项目数量",
    "change": "本年增/减",
    "proc_items": "采购项目数量",
}


def detect(report: dict[str, Any], texts: list[str]) -> tuple[str, list[dict[str, str]]]:
    markers: list[dict[str, str]] = []
    tables = report.get("tables", {})
    t2 = tables.get("table_2") or {}
    t3 = tables.get("table_3") or {}
    t2_layout = None
    cols: set[str] = set()
    if t2.get("present"):
        t2_layout = t2.get("layout")
        cols = {c for row in t2.get("rows", {}).values() for c in row}
        for key, text in _T2_2021.items():
            if key in cols:
                markers.append({"layout": "2021", "where": "table_2", "marker": text})
    t3_layout = None
    if t3.get("present"):
        if t3.get("other_form") == "split":
            t3_layout = "2021"
            markers.append({"layout": "2021", "where": "table_3", "marker": "（六）其他处理 1–3"})
        elif t3.get("other_form") == "single":
            t3_layout = "2019"
            markers.append({"layout": "2019", "where": "table_3", "marker": "（六）其他处理 单行"})
    if t2.get("present"):
        for key in sorted(cols & _T2_2019.keys()):
            markers.append({"layout": "2019", "where": "table_2", "marker": _T2_2019[key]})
    # The pre-2019 structure is told by its vocabulary in headings and short lines.
    short = " ".join(normalise(t) for t in texts if len(fold(t)) <= 40)
    short += " " + " ".join(normalise(s.get("heading", "")) for s in report.get("sections", []))
    for m in form()["layout"]["markers"]["pre-2019"]["text"]:
        if normalise(m) in short:
            markers.append({"layout": "pre-2019", "where": "text", "marker": m})
    has = {m["layout"] for m in markers}
    if "pre-2019" in has and t2_layout in (None, "unknown") and t3_layout is None:
        return "pre-2019", markers
    found = {x for x in (t2_layout, t3_layout) if x in ("2021", "2019", "mixed")}
    if not found:
        return "unknown", markers
    if len(found) == 1:
        return found.pop(), markers
    return "mixed", markers

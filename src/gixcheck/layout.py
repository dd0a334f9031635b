"""Which form a report follows (2021 / 2019 / mixed / pre-2019 / unknown), and why.

The decision is made from markers, and the markers are kept in the report so a reader can see
what decided it: table 二's columns, table 三's 其他处理 (one row in 2019, three in 2021) and the
pre-2019 structure's vocabulary.  What each marker is comes from the form's data
(:mod:`gixcheck.form`).
"""

from __future__ import annotations

from typing import Any

from gixcheck import form as F

LAYOUTS = ("2021", "2019", "mixed", "pre-2019", "unknown")
# Short lines (headings, labels) carry the pre-2019 vocabulary; long ones are narrative.
_SHORT = 40


def detect(report: dict[str, Any], texts: list[str]) -> tuple[str, list[dict[str, str]]]:
    markers: list[dict[str, str]] = []
    tables = report.get("tables", {})
    t2 = tables.get("table_2") or {}
    t3 = tables.get("table_3") or {}
    t2_layout = None
    t2_markers: list[tuple[str, str, str]] = []
    if t2.get("present"):
        t2_layout = t2.get("layout")
        cols = {c for row in t2.get("rows", {}).values() for c in row}
        t2_markers = F.table_2_markers(cols)
        for lay, _key, label in t2_markers:
            if lay == "2021":
                markers.append({"layout": lay, "where": "table_2", "marker": label})
    t3_layout = None
    if t3.get("present"):
        form = t3.get("other_form")
        if form in ("split", "single"):
            t3_layout = "2021" if form == "split" else "2019"
            markers.append(
                {"layout": t3_layout, "where": "table_3", "marker": F.table_3_marker(form)}
            )
    for lay, _key, label in sorted(t2_markers, key=lambda m: m[1]):
        if lay == "2019":
            markers.append({"layout": lay, "where": "table_2", "marker": label})
    # The pre-2019 structure is told by its vocabulary in headings and short lines.
    short = " ".join(F.normalise(t) for t in texts if len(F.fold(t)) <= _SHORT)
    short += " " + " ".join(F.normalise(s.get("heading", "")) for s in report.get("sections", []))
    for m in F.pre_2019_markers():
        if F.normalise(m) in short:
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

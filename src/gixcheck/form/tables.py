"""The form's tables as structure: which table a grid is, which layout table 二 follows, which
columns each of its rows has, and the markers that show a layout (data: ``tables.toml``)."""

from __future__ import annotations

from functools import cache
from typing import Any

from gixcheck.form.labels import form, label_index, labels, normalise

TABLES = ("table_2", "table_3", "table_4")


def classify_table(text: str) -> str | None:
    """``table_2``/``table_3``/``table_4`` for a table whose normalised text is ``text``."""
    c = form()["classify"]
    for table in ("table_3", "table_4", "table_2"):
        if any(normalise(m) in text for m in c[table]):
            return table
    return None


def section_table(section_key: str) -> str | None:
    """The table a section introduces (``proactive`` → ``table_2``)."""
    by: dict[str, str] = form()["classify"]["by_section"]
    return by.get(section_key)


def report_table_labels() -> tuple[str, ...]:
    """Labels any of the form's tables holds (to tell them from layout tables on a page)."""
    return tuple(form()["classify"]["report_table_labels"])


def table_2_grid(layout: str) -> dict[str, list[str]]:
    """Which columns each row of table 二 has in ``layout`` (``2021``; ``2019``)."""
    grids: dict[str, dict[str, list[str]]] = form()["table_2"]["grid"]
    return grids.get(layout, {})


def table_2_layouts() -> tuple[str, ...]:
    return tuple(form()["table_2"]["grid"])


def table_2_block(row: str) -> str:
    """The article a table 二 row's block reports on (``第二十条第（一）项``)."""
    lab = label_index("table_2", "rows").get(row)
    return lab.block or "" if lab else ""


@cache
def _only_in(part: str, layout: str) -> frozenset[str]:
    return frozenset(lab.key for lab in labels("table_2", part) if lab.layouts == (layout,))


def table_2_layout(columns: set[str], rows: set[str]) -> str:
    """``2021``, ``2019``, ``mixed`` or ``unknown`` from the columns and rows a table 二 has."""
    has19 = bool(columns & _only_in("columns", "2019")) or bool(rows & _only_in("rows", "2019"))
    has21 = bool(columns & _only_in("columns", "2021")) or bool(rows & _only_in("rows", "2021"))
    if has19 and has21:
        return "mixed"
    return "2019" if has19 else "2021" if has21 else "unknown"


def table_2_markers(columns: set[str]) -> list[tuple[str, str, str]]:
    """``(layout, column key, label)`` for each column of table 二 that only one layout has, in
    form order."""
    out = []
    shown = set(form()["layout"]["table_2"]["marker_columns"])
    for lab in labels("table_2", "columns"):
        if lab.key in columns and len(lab.layouts) == 1 and lab.key in shown:
            out.append((lab.layouts[0], lab.key, lab.label))
    return out


def table_3_marker(other_form: str) -> str:
    """The marker shown for table 三's 其他处理 form (``split`` or ``single``)."""
    markers: dict[str, str] = form()["layout"]["table_3"]
    return markers[other_form]


def pre_2019_markers() -> tuple[str, ...]:
    return tuple(form()["layout"]["markers"]["pre-2019"]["text"])


def value_vocabulary() -> dict[str, Any]:
    """How cells are written: not-applicable marks, units, separators, header units."""
    values: dict[str, Any] = form()["values"]
    return values

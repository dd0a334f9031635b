"""Tables 二, 三 and 四 drawn as the printed form lays them out, with the cells findings point at
highlighted and linked to them.

Row and column labels come from the form data (``gixcheck.form``), the form's group headings
from ``form_headings.toml``.  A cell's content is the report's own text, escaped; a cell kind the
schema does not know is drawn as unreadable (it is a GIX002 finding as well).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from gixcheck.form import (
    form,
    label_index,
    table_2_block,
    table_2_grid,
    table_2_layouts,
    table_name,
)
from gixcheck.model import escape_pointer, jsonable
from gixcheck.output.html.assets import headings
from gixcheck.output.html.markup import cell_ref, escape, is_cell, w

CELL_KINDS = ("number", "blank", "na", "unreadable")
_MISSING: Any = object()


class Marks:
    """Which cells of one report findings are about.

    ``fail``: the cell a finding is located at, or a cell a narrative finding compared its
    sentence with (``evidence["cells"]``: the text and the table disagree, so the cell is where
    to look too); ``operand``: a cell an arithmetic finding used (``evidence["operands"]``).
    Values are the finding's item number on the page.
    """

    def __init__(self, items: list[tuple[int, list[Any]]]) -> None:
        self.fail: dict[str, list[tuple[int, Any, bool]]] = {}
        self.operand: dict[str, list[int]] = {}
        for k, findings in items:
            for f in findings:
                if is_cell(f.location.pointer):
                    self.fail.setdefault(f.location.pointer, []).append((k, f, False))
                ev = f.evidence if isinstance(f.evidence, dict) else {}
                for p in _pointers(ev.get("blank")):  # blank cells listed by a table finding
                    self.fail.setdefault(p, []).append((k, f, False))
                for p in _pointers(ev.get("cells")):
                    self.fail.setdefault(p, []).append((k, f, True))
                for p in _pointers(ev.get("operands")):
                    self.operand.setdefault(p, []).append(k)

    def cells_of(self, findings: list[Any]) -> list[str]:
        """The cells a page item lights up: where its findings are and what they used."""
        out: list[str] = []
        for f in findings:
            if is_cell(f.location.pointer):
                out.append(f.location.pointer)
            ev = f.evidence if isinstance(f.evidence, dict) else {}
            out += _pointers(ev.get("blank")) + _pointers(ev.get("cells"))
            out += _pointers(ev.get("operands"))
        return list(dict.fromkeys(out))


def _pointers(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    return [op["pointer"] for op in value if isinstance(op, dict) and is_cell(op.get("pointer"))]


def _cell(
    rep_i: int | str, table: str, row: str, col: str, rows: dict[str, Any], marks: Marks, lang: str
) -> str:
    pointer = f"/tables/{table}/rows/{escape_pointer(row)}/{escape_pointer(col)}"
    raw = rows.get(row, {}).get(col, _MISSING) if isinstance(rows.get(row), dict) else _MISSING
    classes = ["num"]
    if raw is _MISSING:
        text, kind = "", "missing"
    elif raw is None:
        text, kind = "", "blank"
    elif isinstance(raw, dict):
        given = raw.get("kind")
        kind = given if isinstance(given, str) and given in CELL_KINDS else "unreadable"
        value = raw.get("value")
        text = (
            str(jsonable(value))
            if kind == "number" and isinstance(value, (int, float, Decimal))
            else str(raw.get("raw") or "")
        )
    else:
        kind, text = "number", str(jsonable(raw))
    if kind != "number":
        classes.append(kind)
    title = ""
    inner = escape(text)
    fails = marks.fail.get(pointer)
    if fails:
        worst = max(fails, key=lambda kf: kf[1].severity.rank)[1]
        classes += ["fail", f"fail-{worst.severity.value}"]
        if all(f.baselined for _, f, _ in fails):
            classes.append("baselined")
        if all(via for _, _, via in fails):
            classes.append("via-text")
        title = "\n".join(f"{f.rule}: {f.message(lang)}" for _, f, _ in fails)
        inner = f'<a href="#r{rep_i}-f{fails[0][0]}">{inner or "&#8203;"}</a>'
    elif pointer in marks.operand:
        classes.append("operand")
    attrs = f'id="{cell_ref(rep_i, pointer)}" class="{" ".join(classes)}"'
    if title:
        attrs += f' title="{escape(title)}"'
    return f"<td {attrs}>{inner}</td>"


def _rows(t: dict[str, Any]) -> dict[str, Any]:
    rows = t.get("rows")
    return rows if isinstance(rows, dict) else {}


def _table_2(rep_i: int | str, t: dict[str, Any], layout: str, marks: Marks, lang: str) -> str:
    grids = table_2_layouts()
    head = headings()["table_2"]
    rows = _rows(t)
    lay = t.get("layout") if t.get("layout") in grids else layout if layout in grids else "2021"
    grid: dict[str, list[str]] = dict(table_2_grid(str(lay)))
    for key, cols in rows.items():  # rows a report has beyond its layout's grid
        if key not in grid and isinstance(cols, dict):
            grid[key] = list(cols)
    rlab, clab = label_index("table_2", "rows"), label_index("table_2", "columns")
    out = ['<table class="form t2">']
    prev: tuple[str, tuple[str, ...]] | None = None
    width = max((len(c) for c in grid.values()), default=0) + 1
    for key, cols in grid.items():
        block = (table_2_block(key), tuple(cols))
        if block != prev:
            if block[0]:
                out.append(f'<tr><th colspan="{width}" class="lab">{escape(block[0])}</th></tr>')
            names = "".join(f"<th>{escape(clab[c].label if c in clab else c)}</th>" for c in cols)
            out.append(f"<tr><th>{escape(head['label_column'])}</th>{names}</tr>")
            prev = block
        name = rlab[key].display if key in rlab else key
        tds = "".join(_cell(rep_i, "table_2", key, c, rows, marks, lang) for c in cols)
        out.append(f'<tr><td class="lab">{escape(name)}</td>{tds}</tr>')
    out.append("</table>")
    return "\n".join(out)


def _t3_rows(t: dict[str, Any]) -> list[str]:
    rows = _rows(t)
    single = t.get("other_form") == "single" or (
        "result.other" in rows and not any(k.startswith("result.other.") for k in rows)
    )
    keys = []
    for key in label_index("table_3", "rows"):
        if key == "result.other" and not single and key not in rows:
            continue
        if key.startswith("result.other.") and single and key not in rows:
            continue
        keys.append(key)
    keys += [k for k in rows if k not in keys]
    return keys


def _table_3(rep_i: int | str, t: dict[str, Any], marks: Marks, lang: str) -> str:
    head = headings()["table_3"]
    orgs = head["organisation_columns"]
    rows = _rows(t)
    rlab, clab = label_index("table_3", "rows"), label_index("table_3", "columns")
    groups = form()["table_3"]["groups"]
    cols = list(clab)
    out = ['<table class="form t3">']
    out.append(
        f'<tr><th colspan="3" rowspan="3"></th>'
        f'<th colspan="{len(cols)}">{escape(head["applicants"])}</th></tr>'
    )
    out.append(
        f'<tr><th rowspan="2">{escape(head["natural_person"])}</th>'
        f'<th colspan="{len(orgs)}">{escape(head["organisations"])}</th>'
        f'<th rowspan="2">{escape(clab["total"].label)}</th></tr>'
    )
    out.append("<tr>" + "".join(f"<th>{escape(clab[c].label)}</th>" for c in orgs) + "</tr>")
    keys = _t3_rows(t)
    in_result = [k for k in keys if k.startswith("result.")]
    by_group: dict[str, list[str]] = {}
    for k in keys:
        g = rlab[k].group if k in rlab else None
        if g:
            by_group.setdefault(g, []).append(k)
    for key in keys:
        lab = rlab.get(key)
        name = lab.display if lab else key
        first = ""
        if key.startswith("result.") and key == in_result[0]:
            first = (
                f'<td class="lab" rowspan="{len(in_result)}">'
                f"{escape(groups['result']['display'])}</td>"
            )
        group = lab.group if lab else None
        if group:
            members = by_group[group]
            pos = members.index(key)
            top = ""
            if pos == 0:
                top = (
                    f'<td class="lab" rowspan="{len(members)}">'
                    f"{escape(groups[group]['display'])}</td>"
                )
            number = head["sub_row_number"].format(n=pos + 1)
            label_cells = f'{top}<td class="lab">{escape(number)}{escape(name)}</td>'
        elif key.startswith("result."):
            label_cells = f'<td class="lab" colspan="2">{escape(name)}</td>'
        else:
            label_cells = f'<td class="lab" colspan="3">{escape(name)}</td>'
        tds = "".join(_cell(rep_i, "table_3", key, c, rows, marks, lang) for c in cols)
        out.append(f"<tr>{first}{label_cells}{tds}</tr>")
    out.append("</table>")
    return "\n".join(out)


def _table_4(rep_i: int | str, t: dict[str, Any], marks: Marks, lang: str) -> str:
    head = headings()["table_4"]
    rows = _rows(t)
    blocks, cols = label_index("table_4", "blocks"), label_index("table_4", "columns")
    lit = [b for b in blocks if b != "review"]
    out = ['<table class="form t4">']
    out.append(
        f'<tr><th colspan="{len(cols)}">{escape(head["review"])}</th>'
        f'<th colspan="{len(cols) * len(lit)}">{escape(head["litigation"])}</th></tr>'
    )
    out.append(
        "<tr>"
        + "".join(f'<th rowspan="2">{escape(c.label)}</th>' for c in cols.values())
        + "".join(f'<th colspan="{len(cols)}">{escape(blocks[b].label)}</th>' for b in lit)
        + "</tr>"
    )
    out.append(
        "<tr>"
        + "".join(f"<th>{escape(c.label)}</th>" for _ in lit for c in cols.values())
        + "</tr>"
    )
    tds = "".join(
        _cell(rep_i, "table_4", "cases", f"{b}.{c}", rows, marks, lang)
        for b in blocks
        for c in cols
    )
    out.append(f"<tr>{tds}</tr></table>")
    return "\n".join(out)


def draw(rep_i: int | str, data: dict[str, Any], marks: Marks, lang: str) -> str:
    """Tables 二, 三, 四 of one report (or a note where the report has none)."""
    tables = data.get("tables")
    if not isinstance(tables, dict):
        tables = {}
    layout = str(data.get("layout") or "")
    out = []
    for name in ("table_2", "table_3", "table_4"):
        t = tables.get(name)
        out.append(f"<h3>{escape(table_name(name))}</h3>")
        if not isinstance(t, dict) or not t.get("present"):
            out.append(f'<p class="muted">{w("missing", lang)}</p>')
        elif name == "table_2":
            out.append(_table_2(rep_i, t, layout, marks, lang))
        elif name == "table_3":
            out.append(_table_3(rep_i, t, marks, lang))
        else:
            out.append(_table_4(rep_i, t, marks, lang))
    return "\n".join(out)

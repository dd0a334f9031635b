"""``--format html``: one self-contained page for auditors (inline CSS and JS, no external assets).

For each report the page draws tables 二, 三 and 四 as the printed form lays them out (row and
column names from ``gixcheck/form/tables.toml``), highlights the cells findings point at and links them
to the findings; the cells a finding's arithmetic used (``evidence["operands"]``) are marked too.
A batch run gets an overview of all reports, sortable by grade, body and number of errors.
Nothing depends on the time or the machine, so the same run gives the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from typing import Any

from gixcheck._version import __version__
from gixcheck.form import table_2_block
from gixcheck.labels import TABLE_NAMES, form, label_index
from gixcheck.model import escape_pointer, jsonable
from gixcheck.output.common import severity_word, where
from gixcheck.output.safe import visible

# The kinds a canonical cell may have; any other value a report gives is drawn as unreadable
# (it is also a GIX002 schema finding), never copied into the page.
CELL_KINDS = ("number", "blank", "na", "unreadable")
GRADES = ("A", "B", "C", "D", "E")


def escape(value: object) -> str:
    """Text from a report for the page: control characters shown, markup escaped (also quotes,
    so the same function is safe inside attribute values)."""
    return html.escape(visible(value, one_line=False), quote=True)


def grade_badge(grade: str | None, lang: str) -> str:
    cls = f"g-{grade}" if grade in GRADES else "g-none"
    shown = escape(grade) if grade else "—"
    return f'<span class="grade {cls}">{shown}</span>'


T3_APPLICANTS = ("commercial", "research", "public_interest", "legal_services", "other_org")

WORDS = {
    "zh": {
        "title": "政府信息公开工作年度报告核查结果",
        "overview": "总览",
        "report": "报告",
        "body": "机关",
        "year": "年度",
        "grade": "等级",
        "score": "得分",
        "findings": "问题",
        "none": "未发现问题",
        "na": "无法评估的检查",
        "evidence": "证据",
        "operands": "参与计算的单元格",
        "baseline": "基线",
        "unreadable": "无法读取",
        "missing": "表格缺失",
        "applicant": "申请人情况",
        "person": "自然人",
        "org": "法人或其他组织",
        "content": "信息内容",
        "review": "行政复议",
        "litigation": "行政诉讼",
        "sort": "点击表头排序",
        "source": "来源",
    },
    "en": {
        "title": "Disclosure annual report check",
        "overview": "Overview",
        "report": "Report",
        "body": "Body",
        "year": "Year",
        "grade": "Grade",
        "score": "Score",
        "findings": "Findings",
        "none": "no findings",
        "na": "Checks that could not be assessed",
        "evidence": "Evidence",
        "operands": "Cells used",
        "baseline": "baseline",
        "unreadable": "unreadable",
        "missing": "table missing",
        "applicant": "申请人情况",
        "person": "自然人",
        "org": "法人或其他组织",
        "content": "信息内容",
        "review": "行政复议",
        "litigation": "行政诉讼",
        "sort": "click a heading to sort",
        "source": "source",
    },
}

CSS = """
:root{--err:#c62828;--warn:#ef6c00;--info:#1565c0;--ok:#2e7d32;--line:#bbb}
body{font-family:system-ui,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;
margin:1.5em;color:#222;line-height:1.45}
h1{font-size:1.4em}h2{font-size:1.2em;border-bottom:2px solid #333;padding-bottom:.2em;margin-top:2em}
h3{font-size:1.05em;margin:1.2em 0 .4em}
table{border-collapse:collapse;margin:.3em 0 1em}
td,th{border:1px solid var(--line);padding:.2em .45em;font-size:.9em;vertical-align:middle}
th{background:#f3f3f3;font-weight:600}
table.form td.num{text-align:right;min-width:2.5em;font-variant-numeric:tabular-nums}
table.form td.lab{text-align:left}
td.blank{background:#fafafa}td.missing{background:repeating-linear-gradient(45deg,#fff,#fff 4px,#eee 4px,#eee 8px)}
td.unreadable,td.na{color:#777;font-style:italic}
td.fail{outline:3px solid var(--err);outline-offset:-3px;background:#ffebee;font-weight:700}
td.fail.fail-warning{outline-color:var(--warn);background:#fff3e0}
td.fail.fail-info{outline-color:var(--info);background:#e3f2fd}
td.fail.baselined{outline-style:dashed;background:#f5f5f5}
td.operand{background:#fffde7}
td.focus{box-shadow:inset 0 0 0 3px #6a1b9a}
td.fail a{color:inherit;text-decoration:none;display:block}
.grade{display:inline-block;min-width:1.6em;text-align:center;font-weight:700;border-radius:3px;
padding:0 .3em;color:#fff}
.g-A{background:#2e7d32}.g-B{background:#689f38}.g-C{background:#f9a825}.g-D{background:#ef6c00}
.g-E{background:#c62828}
.sev{font-weight:700;font-size:.8em;padding:0 .35em;border-radius:3px;color:#fff}
.sev-error{background:var(--err)}.sev-warning{background:var(--warn)}.sev-info{background:var(--info)}
ol.findings>li{margin:.35em 0;padding:.25em .4em;border-left:4px solid transparent}
ol.findings>li.focus{border-left-color:#6a1b9a;background:#f3e5f5}
ol.findings>li.is-baselined{opacity:.65}
details{margin:.2em 0 .2em 1em}summary{cursor:pointer;color:#555}
table.ev td,table.ev th{font-size:.8em}
code{font-size:.85em;background:#f5f5f5;padding:0 .2em}
table#overview th{cursor:pointer;user-select:none}
.muted{color:#777}.loc{color:#555;font-size:.85em}
"""

JS = """
(function(){
function cells(li){return (li.dataset.cells||'').split(' ').filter(Boolean)}
function focus(li,on){cells(li).forEach(function(id){var c=document.getElementById(id);
 if(c){c.classList.toggle('focus',on)}});li.classList.toggle('focus',on)}
document.querySelectorAll('ol.findings>li').forEach(function(li){
 li.addEventListener('mouseenter',function(){focus(li,true)});
 li.addEventListener('mouseleave',function(){focus(li,false)});});
var t=document.getElementById('overview');
if(t){t.querySelectorAll('th').forEach(function(th,i){th.addEventListener('click',function(){
 var body=t.tBodies[0],rows=Array.prototype.slice.call(body.rows),
 dir=th.dataset.dir==='asc'?'desc':'asc';th.dataset.dir=dir;
 var num=th.dataset.type==='num';
 rows.sort(function(a,b){var x=a.cells[i].dataset.v,y=b.cells[i].dataset.v;
  var r=num?(parseFloat(x)-parseFloat(y)):x.localeCompare(y,'zh');
  if(r===0){r=parseInt(a.dataset.i,10)-parseInt(b.dataset.i,10)}
  return dir==='asc'?r:-r});
 rows.forEach(function(r){body.appendChild(r)});});});}
document.body.setAttribute('data-ready','1');
})();
"""


def _sha256(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


# Only the page's own style and script may run (by hash, no 'unsafe-inline'): whatever a report
# smuggles into the page stays text.  Nothing is loaded from anywhere: the page works offline,
# and a report is evidence — opening it must not call out.
CSP = (
    f"default-src 'none'; style-src {_sha256(CSS)}; script-src {_sha256(JS)}; "
    "img-src data:; base-uri 'none'; form-action 'none'"
)


def cell_id(index: int, pointer: str) -> str:
    """The HTML id of a report's cell: the report number and the cell's JSON Pointer."""
    return f"r{index}-{pointer}"


class _Marks:
    """Which cells of one report findings point at, and which they used as operands."""

    def __init__(self, index: int, findings: list[Any]) -> None:
        self.fail: dict[str, list[tuple[int, Any]]] = {}
        self.operand: dict[str, list[int]] = {}
        for k, f in enumerate(findings):
            if f.location.pointer.startswith("/tables/"):
                self.fail.setdefault(f.location.pointer, []).append((k, f))
            for op in f.evidence.get("operands", []) if isinstance(f.evidence, dict) else []:
                p = op.get("pointer") if isinstance(op, dict) else None
                if isinstance(p, str) and p.startswith("/tables/"):
                    self.operand.setdefault(p, []).append(k)
        self.index = index


def _num(value: Any) -> str:
    v = jsonable(value)
    return str(v)


def _cell(
    rep_i: int, table: str, row: str, col: str, rows: dict[str, Any], marks: _Marks, lang: str
) -> str:
    pointer = f"/tables/{table}/rows/{escape_pointer(row)}/{escape_pointer(col)}"
    cid = cell_id(rep_i, pointer)
    raw = rows.get(row, {}).get(col, _MISSING) if isinstance(rows.get(row), dict) else _MISSING
    classes = ["num"]
    if raw is _MISSING:
        text, kind = "", "missing"
    elif raw is None:
        text, kind = "", "blank"
    elif isinstance(raw, dict):
        given = raw.get("kind")
        kind = given if isinstance(given, str) and given in CELL_KINDS else "unreadable"
        text = (
            _num(raw["value"]) if kind == "number" and "value" in raw else str(raw.get("raw") or "")
        )
    else:
        kind, text = "number", _num(raw)
    if kind != "number":
        classes.append(kind)
    title = ""
    fails = marks.fail.get(pointer)
    inner = escape(text)
    if fails:
        worst = max(fails, key=lambda kf: kf[1].severity.rank)[1]
        classes += ["fail", f"fail-{worst.severity.value}"]
        if all(f.baselined for _, f in fails):
            classes.append("baselined")
        title = "\n".join(f"{f.rule}: {f.message(lang)}" for _, f in fails)
        inner = f'<a href="#r{rep_i}-f{fails[0][0]}">{inner or "&#8203;"}</a>'
    elif pointer in marks.operand:
        classes.append("operand")
    attrs = f'id="{escape(cid)}" class="{" ".join(classes)}" data-pointer="{escape(pointer)}"'
    if title:
        attrs += f' title="{escape(title)}"'
    return f"<td {attrs}>{inner}</td>"


_MISSING: Any = object()


def _rows(t: dict[str, Any]) -> dict[str, Any]:
    rows = t.get("rows")
    return rows if isinstance(rows, dict) else {}


def _table_2(rep_i: int, t: dict[str, Any], layout: str, marks: _Marks, lang: str) -> str:
    grids = form()["table_2"]["grid"]
    rows = _rows(t)
    lay = t.get("layout") if t.get("layout") in grids else layout if layout in grids else "2021"
    grid: dict[str, list[str]] = dict(grids[lay])
    for key, cols in rows.items():  # rows a report has beyond its layout's grid
        if key not in grid and isinstance(cols, dict):
            grid[key] = list(cols)
    rlab, clab = label_index("table_2", "rows"), label_index("table_2", "columns")
    out = ['<table class="form t2">']
    prev: tuple[str, tuple[str, ...]] | None = None
    width = max(len(c) for c in grid.values()) + 1
    for key, cols in grid.items():
        block = (table_2_block(key), tuple(cols))
        if block != prev:
            if block[0]:
                out.append(f'<tr><th colspan="{width}" class="lab">{escape(block[0])}</th></tr>')
            heads = "".join(f"<th>{escape(clab[c].label if c in clab else c)}</th>" for c in cols)
            out.append(f"<tr><th>{WORDS[lang]['content']}</th>{heads}</tr>")
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


def _table_3(rep_i: int, t: dict[str, Any], marks: _Marks, lang: str) -> str:
    w = WORDS[lang]
    rows = _rows(t)
    rlab, clab = label_index("table_3", "rows"), label_index("table_3", "columns")
    groups = form()["table_3"]["groups"]
    cols = list(clab)
    out = ['<table class="form t3">']
    out.append(
        f'<tr><th colspan="3" rowspan="3"></th><th colspan="{len(cols)}">{w["applicant"]}</th></tr>'
    )
    out.append(
        f'<tr><th rowspan="2">{w["person"]}</th><th colspan="{len(T3_APPLICANTS)}">{w["org"]}</th>'
        f'<th rowspan="2">{escape(clab["total"].label)}</th></tr>'
    )
    out.append(
        "<tr>" + "".join(f"<th>{escape(clab[c].label)}</th>" for c in T3_APPLICANTS) + "</tr>"
    )
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
            head = ""
            if pos == 0:
                head = (
                    f'<td class="lab" rowspan="{len(members)}">'
                    f"{escape(groups[group]['display'])}</td>"
                )
            label_cells = f'{head}<td class="lab">{pos + 1}．{escape(name)}</td>'
        elif key.startswith("result."):
            label_cells = f'<td class="lab" colspan="2">{escape(name)}</td>'
        else:
            label_cells = f'<td class="lab" colspan="3">{escape(name)}</td>'
        tds = "".join(_cell(rep_i, "table_3", key, c, rows, marks, lang) for c in cols)
        out.append(f"<tr>{first}{label_cells}{tds}</tr>")
    out.append("</table>")
    return "\n".join(out)


def _table_4(rep_i: int, t: dict[str, Any], marks: _Marks, lang: str) -> str:
    w = WORDS[lang]
    rows = _rows(t)
    blocks, cols = label_index("table_4", "blocks"), label_index("table_4", "columns")
    lit = [b for b in blocks if b != "review"]
    out = ['<table class="form t4">']
    out.append(
        f'<tr><th colspan="{len(cols)}">{w["review"]}</th>'
        f'<th colspan="{len(cols) * len(lit)}">{w["litigation"]}</th></tr>'
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


def _evidence(rep_i: int, f: Any, lang: str) -> str:
    ev = jsonable(f.evidence) if isinstance(f.evidence, dict) else {}
    if not ev:
        return ""
    w = WORDS[lang]
    parts = []
    ops = ev.get("operands")
    if isinstance(ops, list) and ops:
        rows = []
        for op in ops:
            if not isinstance(op, dict):
                continue
            p = str(op.get("pointer", ""))
            lab = escape(str(op.get("label", p)))
            if p.startswith("/tables/"):
                lab = f'<a href="#{escape(cell_id(rep_i, p))}">{lab}</a>'
            side = escape(str(op.get("side", "")))
            val = escape(str(op.get("value", op.get("kind", ""))))
            loc = escape(where(op.get("source")) if isinstance(op.get("source"), dict) else "")
            rows.append(f"<tr><td>{side}</td><td>{lab}</td><td>{val}</td><td>{loc}</td></tr>")
        parts.append(
            f'<table class="ev"><tr><th colspan="4">{w["operands"]}</th></tr>{"".join(rows)}</table>'
        )
    rest = {k: v for k, v in ev.items() if k != "operands"}
    if rest:
        items = "".join(
            f"<tr><th>{escape(str(k))}</th><td><code>{escape(json.dumps(v, ensure_ascii=False))}</code></td></tr>"
            for k, v in rest.items()
        )
        parts.append(f'<table class="ev">{items}</table>')
    return f"<details><summary>{w['evidence']}</summary>{''.join(parts)}</details>"


def _findings(rep_i: int, findings: list[Any], lang: str) -> str:
    w = WORDS[lang]
    if not findings:
        return f'<p class="muted">{w["none"]}</p>'
    out = ['<ol class="findings">']
    for k, f in enumerate(findings):
        sev = f.severity.value
        ids = []
        if f.location.pointer.startswith("/tables/"):
            ids.append(cell_id(rep_i, f.location.pointer))
        for op in f.evidence.get("operands", []) if isinstance(f.evidence, dict) else []:
            p = op.get("pointer") if isinstance(op, dict) else None
            if isinstance(p, str) and p.startswith("/tables/"):
                ids.append(cell_id(rep_i, p))
        label = escape(f.location.label)
        if f.location.pointer.startswith("/tables/"):
            label = f'<a href="#{escape(cell_id(rep_i, f.location.pointer))}">{label}</a>'
        loc = where(f.location.source)
        extra = f' <span class="loc">{escape(loc)}</span>' if loc else ""
        base = f' <span class="muted">({w["baseline"]})</span>' if f.baselined else ""
        cls = f"f-{sev}" + (" is-baselined" if f.baselined else "")
        out.append(
            f'<li id="r{rep_i}-f{k}" class="{cls}" data-cells="{escape(" ".join(dict.fromkeys(ids)))}">'
            f'<span class="sev sev-{sev}">{severity_word(sev, lang)}</span> '
            f"<code>{escape(f.rule)}</code> {label}{extra}{base}<br>{escape(f.message(lang))}"
            f'<span class="muted"> · <code title="fingerprint">{escape(f.fingerprint)}</code></span>'
            f"{_evidence(rep_i, f, lang)}</li>"
        )
    out.append("</ol>")
    return "\n".join(out)


def _report(rep_i: int, rep: Any, lang: str) -> str:
    w = WORDS[lang]
    m = rep.meta
    title = m.get("title") or m.get("body") or rep.source
    c = rep.counts()
    out = [
        f'<section class="report" id="r{rep_i}">',
        f"<h2>{grade_badge(rep.grade, lang)} {escape(str(title))}</h2>",
        f'<p class="muted">{w["source"]}: <code>{escape(rep.source)}</code> · {w["body"]}: '
        f"{escape(str(m.get('body') or '—'))} · {w['year']}: {escape(str(m.get('year') or '—'))} · "
        f"{w['score']}: {rep.score} · {severity_word('error', lang)} {c['error']}, "
        f"{severity_word('warning', lang)} {c['warning']}, {severity_word('info', lang)} {c['info']}</p>",
    ]
    data = rep.report if isinstance(rep.report, dict) else None
    if data is None:
        out.append(f'<p class="muted">{w["unreadable"]}</p>')
    else:
        marks = _Marks(rep_i, rep.findings)
        tables: dict[str, Any] = data.get("tables") or {}
        if not isinstance(tables, dict):
            tables = {}
        layout = str(data.get("layout") or "")
        for name in ("table_2", "table_3", "table_4"):
            t = tables.get(name)
            out.append(f"<h3>{TABLE_NAMES[name]}</h3>")
            if not isinstance(t, dict) or not t.get("present"):
                out.append(f'<p class="muted">{w["missing"]}</p>')
            elif name == "table_2":
                out.append(_table_2(rep_i, t, layout, marks, lang))
            elif name == "table_3":
                out.append(_table_3(rep_i, t, marks, lang))
            else:
                out.append(_table_4(rep_i, t, marks, lang))
    out.append(f"<h3>{w['findings']}</h3>")
    out.append(_findings(rep_i, rep.findings, lang))
    if rep.not_assessable:
        items = "".join(
            f"<li><code>{escape(n.rule)}</code> {escape(n.reason_en if lang == 'en' else n.reason_zh)}</li>"
            for n in rep.not_assessable
        )
        out.append(
            f"<details><summary>{w['na']} ({len(rep.not_assessable)})</summary><ul>{items}</ul></details>"
        )
    out.append("</section>")
    return "\n".join(out)


def _overview(reports: list[Any], lang: str) -> str:
    w = WORDS[lang]
    heads = [
        ("num", "#"),
        ("text", w["report"]),
        ("text", w["body"]),
        ("num", w["year"]),
        ("text", w["grade"]),
        ("num", w["score"]),
        ("num", severity_word("error", lang)),
        ("num", severity_word("warning", lang)),
        ("num", severity_word("info", lang)),
    ]
    out = [
        f"<h2>{w['overview']}</h2>",
        f'<p class="muted">{w["sort"]}</p>',
        '<table id="overview"><thead><tr>'
        + "".join(f'<th data-type="{t}">{escape(h)}</th>' for t, h in heads)
        + "</tr></thead><tbody>",
    ]
    for i, rep in enumerate(reports):
        m = rep.meta
        c = rep.counts()
        cells = [
            (str(i + 1), str(i + 1)),
            (rep.source, f'<a href="#r{i}">{escape(rep.source)}</a>'),
            (str(m.get("body") or ""), escape(str(m.get("body") or "—"))),
            (str(m.get("year") or 0), escape(str(m.get("year") or "—"))),
            (rep.grade or "~", grade_badge(rep.grade, lang)),
            (str(rep.score), str(rep.score)),
            (str(c["error"]), str(c["error"])),
            (str(c["warning"]), str(c["warning"])),
            (str(c["info"]), str(c["info"])),
        ]
        tds = "".join(f'<td data-v="{escape(v)}">{h}</td>' for v, h in cells)
        out.append(f'<tr data-i="{i}">{tds}</tr>')
    out.append("</tbody></table>")
    return "\n".join(out)


def render(result: Any, lang: str) -> str:
    w = WORDS["en" if lang == "en" else "zh"]
    lang = "en" if lang == "en" else "zh"
    sets = ", ".join(f"{n} {v}" for n, v in result.rulesets)
    body = [
        f"<h1>{w['title']}</h1>",
        f'<p class="muted">gixcheck {escape(__version__)} · {escape(sets)}</p>',
    ]
    if len(result.reports) > 1:
        body.append(_overview(result.reports, lang))
    body += [_report(i, rep, lang) for i, rep in enumerate(result.reports)]
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{"en" if lang == "en" else "zh-CN"}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        # A policy that forbids every external load: the page must work offline, and a report
        # is evidence — it should not call anywhere when opened.
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        f"<title>{w['title']}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + f"\n<script>{JS}</script>\n</body>\n</html>\n"
    )

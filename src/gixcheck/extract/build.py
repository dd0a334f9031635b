"""Document → canonical report JSON: the one step every format shares.

Sections are found by heading meaning, tables 二/三/四 by their labels, rows and columns by
normalised label (never by position alone), and every value keeps its raw text and provenance.
Nothing is guessed: a cell that cannot be read becomes ``unreadable`` with its raw text.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from gixcheck import layout
from gixcheck._version import __version__
from gixcheck.extract.document import Cell, Document, ExtractionError, Paragraph, Table
from gixcheck.labels import Label, best_match, fold, form, labels, normalise

SCHEMA_VERSION = 1

_SECTION_HEADING = re.compile(r"^\s*([一二三四五六七八九十]{1,2})\s*[、.．]\s*(\S.{0,48})$")
_YEAR = re.compile(r"(\d{4})\s*年")
_DATE = r"(\d{4})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})\s*日?"
_PUBLISHED = re.compile(r"发布(?:日期|时间)\s*[:：]?\s*" + _DATE)
_WRITTEN = re.compile(r"成文日期\s*[:：]?\s*" + _DATE)
_DATE_LINE = re.compile(r"^\s*" + _DATE + r"\s*$")
_PERIOD = re.compile(
    r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:起\s*)?(?:至|到|—|-|～|~)\s*"
    r"(?:(\d{4})\s*年)?\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
)
_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
# A number followed by its unit (251000元) is a number; the unit is kept for the unit checks.
_NUMBER_UNIT = re.compile(r"^([+-]?\d+(?:\.\d+)?)(万元|元|件|个|项|条|次)$")
_NOT_APPLICABLE = {"/", "／", "—", "-", "－", "——", "--", "无", "\\", "―"}


def parse_value(text: str, source: dict[str, Any] | None = None) -> dict[str, Any]:
    """A cell's text as a typed value; blank is not zero and unreadable is not zero."""
    raw = text
    s = unicodedata.normalize("NFKC", text)
    s = re.sub(r"[\s\u3000\u00a0,，]", "", s)
    cell: dict[str, Any]
    if not s:
        cell = {"kind": "blank"}
    elif s in _NOT_APPLICABLE:
        cell = {"kind": "na"}
    elif _NUMBER.match(s):
        cell = {"kind": "number", "value": int(s) if "." not in s else _decimal(s)}
    elif m := _NUMBER_UNIT.match(s):
        num = m.group(1)
        cell = {"kind": "number", "value": int(num) if "." not in num else _decimal(num)}
        cell["unit"] = m.group(2)
    else:
        cell = {"kind": "unreadable"}
    cell["raw"] = raw
    if source:
        cell["source"] = source
    return cell


def _decimal(s: str) -> Decimal | int:
    try:
        return Decimal(s)
    except InvalidOperation:  # pragma: no cover - the regex admits only valid decimals
        return 0


def _value_like(cell: Cell) -> bool:
    return parse_value(cell.text)["kind"] != "unreadable"


# ----------------------------------------------------------------------------- sections


def _section_labels() -> list[tuple[str, str, tuple[str, ...]]]:
    out = []
    for key, e in form()["sections"].items():
        names = [e["heading"], *e.get("variants", [])]
        out.append((key, e["number"], tuple(normalise(n) for n in names)))
    return out


def match_heading(text: str) -> tuple[str, str, str] | None:
    """(number as written, canonical key, heading body) when ``text`` is a section heading."""
    m = _SECTION_HEADING.match(text)
    if not m or "。" in text:
        return None
    number, body = m.group(1), m.group(2).strip()
    norm = normalise(body)
    if len(norm) < 2:
        return None
    best: tuple[int, str] | None = None
    for key, _, variants in _section_labels():
        for v in variants:
            score = 0
            if norm == v:
                score = 1000
            elif v in norm:
                score = len(v)
            elif norm in v and len(norm) >= 4:
                score = len(norm)
            if score and (best is None or score > best[0]):
                best = (score, key)
    return (number, best[1], body) if best else None


# ----------------------------------------------------------------------------- tables


def _classify(table: Table) -> str | None:
    text = "".join(normalise(c.text) for row in table.rows for c in row)
    if "本年新收政府信息公开申请数量" in text or "本年度办理结果" in text:
        return "table_3"
    if "复议后起诉" in text or "未经复议直接起诉" in text:
        return "table_4"
    if "第二十条" in text or "信息内容" in text or "行政事业性收费" in text:
        return "table_2"
    return None


_SECTION_TABLE = {"proactive": "table_2", "requests": "table_3", "review_litigation": "table_4"}


def _unique_cells(row: list[Cell]) -> list[Cell]:
    return [c for c in row if not c.spanned]


def _set_cell(
    rows: dict[str, dict[str, Any]], row: str, col: str, cell: Cell, notes: list[str]
) -> None:
    target = rows.setdefault(row, {})
    if col in target:
        notes.append(f"duplicate cell {row}/{col}; first kept")
        return
    target[col] = parse_value(cell.text, cell.source)


# A unit written in a header, （单位：万元） or （元）: matched without it, kept for FEE003.
_HEADER_UNIT = re.compile(r"[（(]\s*(?:单位\s*[:：]?)?\s*[^（）()]{0,4}元\s*[)）]\s*$")


def _header_match(text: str, col_labels: tuple[Label, ...]) -> Label | None:
    return best_match(text, col_labels, exact=True) or best_match(
        _HEADER_UNIT.sub("", text), col_labels, exact=True
    )


def parse_table_2(table: Table) -> dict[str, Any]:
    row_labels = labels("table_2", "rows")
    col_labels = labels("table_2", "columns")
    rows: dict[str, dict[str, Any]] = {}
    notes: list[str] = []
    unmatched: list[dict[str, Any]] = []
    columns: list[Label] = []
    seen_columns: set[str] = set()
    column_labels: dict[str, str] = {}
    for row in table.rows:
        cells = _unique_cells(row)
        if not cells:
            continue
        hits = [_header_match(c.text, col_labels) for c in cells]
        if any(hits):
            columns = [h for h in hits if h is not None]
            seen_columns.update(h.key for h in columns)
            for c, h in zip(cells, hits, strict=True):
                if h is not None:
                    column_labels.setdefault(h.key, c.text.strip())
            continue
        lab = best_match(cells[0].text, row_labels, exact=True) or best_match(
            cells[0].text, row_labels
        )
        if lab is None:
            if any(_value_like(c) and c.text.strip() for c in cells):
                unmatched.append({"label": cells[0].text, "source": cells[0].source})
            continue
        values = cells[1:]
        if not columns:
            notes.append(f"row {lab.label} before any column header")
            continue
        if len(values) > len(columns):
            # Extra blank cells come from misaligned spans; only drop blanks, never numbers.
            extra = values[: len(values) - len(columns)]
            if all(not c.text.strip() for c in extra):
                values = values[len(extra) :]
        if len(values) != len(columns):
            notes.append(
                f"row {lab.label}: {len(values)} values under {len(columns)} column headers"
            )
            unmatched.append({"label": cells[0].text, "source": cells[0].source})
            continue
        for col, cell in zip(columns, values, strict=True):
            _set_cell(rows, lab.key, col.key, cell, notes)
    layout_guess = _table_2_layout(seen_columns, set(rows))
    grid = form()["table_2"]["grid"].get(layout_guess, {})
    missing_rows = [k for k in grid if k not in rows]
    missing_columns = sorted({c for k, cols in grid.items() for c in cols if c not in seen_columns})
    return {
        "present": True,
        "layout": layout_guess,
        "rows": rows,
        "missing_rows": missing_rows,
        "missing_columns": missing_columns,
        "column_labels": column_labels,
        "unmatched_rows": unmatched,
        "notes": notes,
        "source": table.source,
    }


def _table_2_layout(columns: set[str], rows: set[str]) -> str:
    only_2019 = {"made", "published", "total_published", "prev_items", "change", "proc_items"}
    only_2021 = {"issued", "repealed", "in_force", "amount"}
    has19 = bool(columns & only_2019) or bool(rows & {"other_services", "procurement"})
    has21 = bool(columns & only_2021)
    if has19 and has21:
        return "mixed"
    return "2019" if has19 else "2021" if has21 else "unknown"


_T3_TOP = {"received_new", "carried_over", "result.granted", "result.partly_granted"}
_T3_RESET = _T3_TOP | {"result.total", "carried_forward"}


def _t3_row_label(
    label_cells: list[Cell], carried: str | None
) -> tuple[Label | None, str | None, str | None]:
    """(row label, the row's group, group found in the row itself) for a table 三 row.

    The last non-blank label cell names the row; earlier cells (三、本年度办理结果, （三）不予公开,
    often spanned copies) only give it a group.  Matching the whole row text instead lets a group
    label outweigh the row's own: （六）其他处理 / 3.其他 would read as the single 其他处理 row.
    """
    row_labels = labels("table_3", "rows")
    groups = tuple(g for g in labels("table_3", "groups") if g.key != "result")
    texts = [c.text for c in label_cells if normalise(c.text)]
    if not texts:
        return None, carried, None
    own, context = texts[-1], texts[:-1]
    own_norm = normalise(own)
    g_ctx = best_match(" ".join(context), groups) if context else None
    g_own = best_match(own, groups)
    group = g_ctx.key if g_ctx is not None else carried
    if g_own is not None:
        variant = next(v for v in g_own.variants if v in own_norm)
        rest = own_norm.replace(variant, "", 1)
        if not rest:
            # The cell is a group label alone: the single-row 其他处理, or a group heading row.
            single = next(
                (r for r in row_labels if r.single_row and r.variants == g_own.variants), None
            )
            return single, g_own.key, g_own.key
        # Group and item written in one cell: （六）其他处理 3.其他.
        group = g_own.key
        own = rest
    candidates = tuple(
        lab
        for lab in row_labels
        if (lab.group is None or lab.group == group) and not lab.single_row
    )
    lab = best_match(own, candidates)
    if lab is None and context:
        lab = best_match(" ".join(texts), candidates)
    return lab, group, g_own.key if g_own is not None else (g_ctx.key if g_ctx else None)


def parse_table_3(table: Table) -> dict[str, Any]:
    row_labels = labels("table_3", "rows")
    col_labels = labels("table_3", "columns")
    ignore = {normalise(t) for t in form()["table_3"]["header"]["ignore"]}
    ncols = len(col_labels)
    rows: dict[str, dict[str, Any]] = {}
    notes: list[str] = []
    unmatched: list[dict[str, Any]] = []
    header_hits: set[str] = set()
    group: str | None = None
    seen_data = False
    for row in table.rows:
        label_cells = row[:-ncols] if len(row) > ncols else []
        value_cells = row[-ncols:] if len(row) > ncols else []
        label_text = " ".join(c.text for c in label_cells)
        lab, row_group, named_group = _t3_row_label(label_cells, group)
        if lab is None:
            if named_group is not None and seen_data:
                group = named_group  # a group heading on a row of its own
                if any(c.text.strip() for c in value_cells):
                    unmatched.append({"label": label_text.strip(), "source": label_cells[0].source})
                continue
            if not seen_data:
                for c in row:
                    n = normalise(c.text)
                    if (
                        n
                        and n not in ignore
                        and (hit := best_match(c.text, col_labels, exact=True))
                    ):
                        header_hits.add(hit.key)
            elif any(c.text.strip() for c in value_cells):
                unmatched.append({"label": label_text.strip(), "source": label_cells[0].source})
            elif not label_cells and seen_data and any(c.text.strip() for c in row):
                # Numbers with no label: kept out of every row, and said so.
                unmatched.append({"label": "", "source": row[0].source})
            continue
        group = row_group
        seen_data = True
        if lab.key in _T3_RESET:
            group = None
        if lab.key in rows:
            notes.append(f"row {lab.display} appears twice; first kept")
            continue
        for col, cell in zip(col_labels, value_cells, strict=True):
            _set_cell(rows, lab.key, col.key, cell, notes)
    split = any(k.startswith("result.other.") for k in rows)
    single = "result.other" in rows
    other_form = "split" if split and not single else "single" if single and not split else None
    if split and single:
        notes.append("both a single 其他处理 row and its sub-rows")
    expected = [
        lab.key
        for lab in row_labels
        if not (
            (other_form == "split" and lab.key == "result.other")
            or (other_form != "split" and lab.key.startswith("result.other."))
        )
    ]
    header_verified = header_hits == {c.key for c in col_labels}
    missing_columns = [c.key for c in col_labels if c.key not in header_hits] if rows else []
    return {
        "present": True,
        "other_form": other_form or "unknown",
        "rows": rows,
        "missing_rows": [k for k in expected if k not in rows],
        "missing_columns": missing_columns,
        "header_verified": header_verified,
        "unmatched_rows": unmatched,
        "notes": notes,
        "source": table.source,
    }


def parse_table_4(table: Table) -> dict[str, Any]:
    blocks = labels("table_4", "blocks")
    cols = labels("table_4", "columns")
    width = len(blocks) * len(cols)
    rows: dict[str, dict[str, Any]] = {}
    notes: list[str] = []
    header_text = ""
    data: list[Cell] | None = None
    for row in table.rows:
        cells = _unique_cells(row)
        tail = cells[-width:] if len(cells) >= width else []
        # A data row is all values (a blank form's row is all blanks); header rows hold labels.
        if tail and all(_value_like(c) for c in cells):
            if data is not None:
                notes.append("more than one data row; first kept")
                continue
            data = tail
        elif data is None:
            header_text += " ".join(normalise(c.text) for c in row) + " "
    found_blocks = [b.key for b in blocks if any(v in header_text for v in b.variants)]
    found_cols = [c.key for c in cols if any(v in header_text for v in c.variants)]
    if data is not None:
        for i, cell in enumerate(data):
            b, c = blocks[i // len(cols)], cols[i % len(cols)]
            _set_cell(rows, "cases", f"{b.key}.{c.key}", cell, notes)
    return {
        "present": True,
        "rows": rows,
        "missing_rows": [] if data is not None else ["cases"],
        "missing_columns": [
            *(f"{b.key}" for b in blocks if b.key not in found_blocks),
            *(f"*.{c.key}" for c in cols if c.key not in found_cols),
        ],
        "header_verified": len(found_blocks) == len(blocks) and len(found_cols) == len(cols),
        "unmatched_rows": [],
        "notes": notes,
        "source": table.source,
    }


_PARSERS = {"table_2": parse_table_2, "table_3": parse_table_3, "table_4": parse_table_4}


# ----------------------------------------------------------------------------- metadata


def _iso(y: str, m: str, d: str) -> str | None:
    yi, mi, di = int(y), int(m), int(d)
    if not (1 <= mi <= 12 and 1 <= di <= 31 and 1900 <= yi <= 2200):
        return None
    return f"{yi:04d}-{mi:02d}-{di:02d}"


def body_kind_and_level(body: str) -> tuple[str, str]:
    b = form()["bodies"]
    name = fold(body)
    kind = "unknown"
    if any(p in name for p in b["other"]):
        kind = "other"
    elif name.endswith(tuple(b["government"])):
        kind = "government"
    elif (
        "人民政府" in name and name.endswith(tuple(b["department_after_government"]))
    ) or name.endswith(tuple(b["department"])):
        kind = "department"
    head = name.split("人民政府")[0] if "人民政府" in name else name
    level = "unknown"
    best = -1
    for lvl, units in b["levels"]:
        for u in units:
            i = head.rfind(u)
            if i > best:
                best, level = i, lvl
    # 北京市/上海市…: a 市 that is a province-level unit (直辖市).
    if level == "city" and head[: best + 1] in b.get("province_level_cities", ()):
        level = "province"
    return kind, level


def _title(doc: Document, paragraphs: list[Paragraph]) -> str | None:
    for p in paragraphs[:6]:
        if "报告" in p.text or "年度" in p.text:
            return p.text.strip()
    t = doc.metadata.get("title") or doc.metadata.get("html_title")
    return str(t).strip() if t else (paragraphs[0].text.strip() if paragraphs else None)


def _year_and_body(title: str) -> tuple[int | None, str | None]:
    """Report year and issuing body from a folded title.

    Both orders occur: 洪泽区人民政府2023年政府信息公开… and 2019年上海市人民政府办公厅政府信息公开….
    """
    m = _YEAR.search(title)
    if m and 1990 <= int(m.group(1)) <= 2100:
        before = title[: m.start()].strip()
        if before.endswith("关于"):
            before = before[: -len("关于")]
        if before:
            return int(m.group(1)), before
        after = title[m.end() :].lstrip("度")
        body = after.split("政府信息公开")[0] if "政府信息公开" in after else ""
        return int(m.group(1)), body or None
    if "政府信息公开" in title:
        return None, title.split("政府信息公开")[0].strip() or None
    return None, None


def build_metadata(
    doc: Document, paragraphs: list[Paragraph], name: str, sha256: str
) -> dict[str, Any]:
    title = _title(doc, paragraphs)
    meta: dict[str, Any] = {"title": title}
    year = None
    body = None
    if title:
        year, body = _year_and_body(fold(title))
    meta["body"] = body
    kind, level = body_kind_and_level(body) if body else ("unknown", "unknown")
    meta["body_kind"] = kind
    meta["level"] = level
    meta["year"] = year
    published = doc.metadata.get("published")
    written = doc.metadata.get("written")
    period = None
    for p in paragraphs:
        ft = fold(p.text)
        if published is None and (m := _PUBLISHED.search(ft)):
            published = _iso(*m.groups())
        if written is None and (m := _WRITTEN.search(ft)):
            written = _iso(*m.groups())
        if (
            period is None
            and (m := _PERIOD.search(ft))
            and ("统计" in ft or "期限" in ft or "数据" in ft)
        ):
            y1, m1, d1, y2, m2, d2 = m.groups()
            period = {
                "text": m.group(0),
                "start": _iso(y1, m1, d1),
                "end": _iso(y2 or y1, m2, d2),
                "source": p.source,
            }
    if written is None:
        for p in reversed(paragraphs[-3:]):
            if m := _DATE_LINE.match(fold(p.text)):
                written = _iso(*m.groups())
                break
    meta["published"] = published
    meta["written"] = written
    meta["period"] = period
    meta["source"] = {"file": name, "format": doc.format, "sha256": sha256}
    if doc.metadata.get("url"):
        meta["source"]["url"] = doc.metadata["url"]
    meta["extractor"] = {"name": doc.extractor, "version": __version__}
    return meta


# ----------------------------------------------------------------------------- the report


def build_report(doc: Document, *, name: str, sha256: str) -> dict[str, Any]:
    paragraphs = [b for b in doc.blocks if isinstance(b, Paragraph)]
    preamble: list[dict[str, Any]] = []
    sections: list[dict[str, Any]] = []
    tables: dict[str, dict[str, Any]] = {}
    raw_tables: dict[str, Table] = {}
    current: dict[str, Any] | None = None
    last_table: str | None = None
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            last_table = None
            heading = match_heading(block.text)
            if heading:
                number, key, _body = heading
                current = {
                    "number": number,
                    "key": key,
                    "heading": block.text.strip(),
                    "paragraphs": [],
                    "source": block.source,
                }
                sections.append(current)
                continue
            para = {"text": block.text, "source": block.source}
            (current["paragraphs"] if current else preamble).append(para)
            continue
        kind = _classify(block)
        if kind is None and last_table is not None:
            kind = last_table  # a table continued after a page break
        if kind is None and current is not None:
            kind = _SECTION_TABLE.get(current["key"])
        if kind is None:
            continue
        if kind in raw_tables:
            raw_tables[kind].rows.extend(block.rows)
        else:
            raw_tables[kind] = Table(rows=list(block.rows), source=block.source)
        last_table = kind
    for kind, table in raw_tables.items():
        tables[kind] = _PARSERS[kind](table)
    for key, heading_key in (
        ("table_2", "proactive"),
        ("table_3", "requests"),
        ("table_4", "review_litigation"),
    ):
        if key not in tables and any(s["key"] == heading_key for s in sections):
            tables[key] = {"present": False}
    if not sections and not raw_tables:
        raise ExtractionError(
            "未找到年度报告的结构（没有六个部分的标题，也没有表格）",
            "no report structure found (no section headings and no tables)",
        )
    report: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "metadata": build_metadata(doc, paragraphs, name, sha256),
        "preamble": preamble,
        "sections": sections,
        "tables": tables,
    }
    lay, markers = layout.detect(report, [p.text for p in paragraphs])
    report["layout"] = lay
    report["layout_markers"] = markers
    return {k: report[k] for k in _KEY_ORDER if k in report}


_KEY_ORDER = (
    "schema_version",
    "layout",
    "layout_markers",
    "metadata",
    "preamble",
    "sections",
    "tables",
)

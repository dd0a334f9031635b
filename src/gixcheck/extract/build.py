"""Document → canonical report JSON: the one step every format shares.

Sections are found by heading meaning, tables 二/三/四 by their labels, rows and columns by
normalised label (never by position alone), and every value keeps its raw text and provenance.
Nothing is guessed: a cell that cannot be read becomes ``unreadable`` with its raw text.
"""

from __future__ import annotations

import itertools
import re
from functools import cache
from typing import Any

from gixcheck import form as F
from gixcheck import layout
from gixcheck._version import __version__
from gixcheck.extract import runtogether
from gixcheck.extract.document import Cell, Document, ExtractionError, Paragraph, Table
from gixcheck.form import Label, best_match, labels, normalise
from gixcheck.form.dates import labelled_url
from gixcheck.form.values import read_value
from gixcheck.messages import text as message

SCHEMA_VERSION = 1


@cache
def _values() -> tuple[re.Pattern[str]]:
    v = F.value_vocabulary()
    return (re.compile(v["header_unit"]),)


def parse_value(text: str, source: dict[str, Any] | None = None) -> dict[str, Any]:
    """A cell's text as a typed value (the grammar is :func:`gixcheck.form.values.read_value`);
    blank is not zero and unreadable is not zero."""
    cell = read_value(text)
    cell["raw"] = text
    if source:
        cell["source"] = source
    return cell


def _value_like(cell: Cell) -> bool:
    return cell.unreadable or parse_value(cell.text)["kind"] != "unreadable"


# ----------------------------------------------------------------------------- tables


def _classify(table: Table) -> str | None:
    return F.classify_table("".join(normalise(c.text) for row in table.rows for c in row))


def _unique_cells(row: list[Cell]) -> list[Cell]:
    return [c for c in row if not c.spanned and not c.filler]


def _set_cell(
    rows: dict[str, dict[str, Any]], row: str, col: str, cell: Cell, notes: list[str]
) -> None:
    target = rows.setdefault(row, {})
    if col in target:
        notes.append(f"duplicate cell {row}/{col}; first kept")
        return
    if cell.unreadable:
        value: dict[str, Any] = {"kind": "unreadable", "raw": cell.text}
        if cell.source:
            value["source"] = cell.source
        target[col] = value
        note = f"{row}: figures run together ({cell.text}) with more than one way to split them"
        if note not in notes:
            notes.append(note)
        return
    value = parse_value(cell.text, cell.source)
    if cell.doubt and value["kind"] != "unreadable":
        # Struck-through or hidden text: what the cell says cannot be told for sure.
        value = {"kind": "unreadable", **{k: v for k, v in value.items() if k in ("raw", "source")}}
        notes.append(f"{row}/{col}: struck-through or hidden text ({cell.doubt}) in the cell")
    target[col] = value


def _header_match(text: str, col_labels: tuple[Label, ...]) -> Label | None:
    # A unit written in a header, （单位：万元） or （元）: matched without it, kept for FEE003.
    header_unit = _values()[0]
    return best_match(text, col_labels, exact=True) or best_match(
        header_unit.sub("", text), col_labels, exact=True
    )


def _without_trailing_blanks(values: list[Cell], n: int) -> list[Cell]:
    """``values`` cut to ``n`` by dropping blank cells at its end, when that is the only way to
    drop blanks: a page that ends every row with an empty cell (`0 |` `0 |` `0 |` then `|`) has
    one value more than column headers.  With a blank before the last figure, which blank is
    the extra one cannot be told, and ``values`` is given back as it is (not read)."""
    blank = [not c.text.strip() for c in values]
    last = max((i for i, b in enumerate(blank) if not b), default=-1)  # the last figure
    trailing = len(values) - 1 - last
    if len(values) - n > trailing or any(blank[: last + 1]):
        return values
    return values[:n]


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
            else:
                values = _without_trailing_blanks(values, len(columns))
        if len(values) != len(columns):
            notes.append(
                f"row {lab.label}: {len(values)} values under {len(columns)} column headers"
            )
            unmatched.append({"label": cells[0].text, "source": cells[0].source})
            continue
        for col, cell in zip(columns, values, strict=True):
            _set_cell(rows, lab.key, col.key, cell, notes)
    layout_guess = F.table_2_layout(seen_columns, set(rows))
    grid = F.table_2_grid(layout_guess)
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


def _label_like(cell: Cell) -> bool:
    """A cell that names a row (words), not one that holds a figure, a blank or 无."""
    return not _value_like(cell) and any(ch.isalpha() for ch in cell.text)


def _set_short_row(
    rows: dict[str, dict[str, Any]], lab: Label, value_cells: list[Cell], notes: list[str]
) -> None:
    """A table 三 row with fewer than seven value cells: every cell unreadable, none shifted.

    Placing the figures by position would put 自然人 3 / 总计 3 (``（一）予以公开 | 3 | 3``) into
    自然人 and 商业企业; the form's columns cannot be told from the row, so none is guessed.
    """
    figures = " ".join(c.text.strip() for c in value_cells if c.text.strip())
    target = rows.setdefault(lab.key, {})
    for col in labels("table_3", "columns"):
        value: dict[str, Any] = {"kind": "unreadable", "raw": figures}
        if value_cells[0].source:
            value["source"] = value_cells[0].source
        target[col.key] = value
    notes.append(
        f"{lab.key}: {len(value_cells)} value cells of 7 ({figures}); "
        "their columns cannot be told, every cell unreadable"
    )


def parse_table_3(table: Table) -> dict[str, Any]:
    row_labels = labels("table_3", "rows")
    col_labels = labels("table_3", "columns")
    ignore = {normalise(t) for t in F.form()["table_3"]["header"]["ignore"]}
    ncols = len(col_labels)
    rows: dict[str, dict[str, Any]] = {}
    notes: list[str] = []
    unmatched: list[dict[str, Any]] = []
    header_hits: set[str] = set()
    group: str | None = None
    seen_data = False
    for full_row in table.rows:
        # A row shorter than the grid (a header without its colspan) is read by its own cells:
        # the seven value columns are its last seven, never the grid's.
        row = [c for c in full_row if not c.filler]
        label_cells = row[:-ncols] if len(row) > ncols else []
        value_cells = row[-ncols:] if len(row) > ncols else []
        # A row with fewer value cells than the form's seven after its label (a cell lost in
        # the page, figures run together): which column each figure belongs to is unknown.
        last_label = max((i for i, c in enumerate(row) if _label_like(c)), default=-1)
        short = 0 < len(row) - last_label - 1 < ncols and last_label >= 0
        if short and any(parse_value(c.text)["kind"] != "blank" for c in row[last_label + 1 :]):
            label_cells, value_cells = row[: last_label + 1], row[last_label + 1 :]
        else:
            short = False
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
        if short:
            _set_short_row(rows, lab, value_cells, notes)
            continue
        for col, cell in zip(col_labels, value_cells, strict=True):
            _set_cell(rows, lab.key, col.key, cell, notes)
    split = any(k.startswith("result.other.") for k in rows)
    single = "result.other" in rows
    other_form = "split" if split and not single else "single" if single and not split else None
    if split and single:
        notes.append("both the single other-processing row (result.other) and its sub-rows")
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

# The order of date sources in ``metadata.dates`` (then document order within a kind).
DATE_KINDS = ("page", "meta", "url", "url_folder", "signature")
# How far into a document the title and the page's 发布时间 line are looked for.
_HEAD_PARAGRAPHS = 40


def _title(doc: Document, head: list[Paragraph]) -> str | None:
    """The report's title by what names it, never the first paragraph: the page's
    ArticleTitle, its headline, its ``<title>`` without the site name, then the first line of the
    document that reads as a title (two short lines joined when the title is broken)."""
    meta = doc.metadata
    for key in ("article_title", "headline"):
        value = meta.get(key)
        if isinstance(value, str) and F.is_title_like(value):
            return value.strip()
    html_title = meta.get("html_title")
    if isinstance(html_title, str) and (cleaned := F.clean_title(html_title)):
        return cleaned
    lines = [F.strip_label(p.text) for p in head if not F.is_furniture(p.text)]
    for named in (True, False):
        for i, line in enumerate(lines):
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            if F.is_title_like(line, named=named):
                return line
            if nxt and len(line) <= 40 and _broken_title(line, nxt, named):
                return line + nxt
    pdf_title = meta.get("pdf_title")
    if isinstance(pdf_title, str) and F.is_title_like(pdf_title):
        return pdf_title.strip()
    return None


def _broken_title(line: str, nxt: str, named: bool) -> bool:
    """A title broken over two lines: 平潭综合实验区2023年度 / 政府信息公开工作年度报告, or the body
    alone above 2021年政府信息公开工作年度报告.  A breadcrumb above a title is no part of it."""
    if not F.is_title_like(line + nxt, named=named):
        return False
    if F.is_title_like(nxt, named=named):
        found = F.year_of(nxt)
        return bool(found and found[1] == 0 and F.classify_body(line).kind != "unknown")
    return F.year_of(line) is not None


def _year_and_body(title: str) -> tuple[int | None, str | None]:
    """Report year and issuing body from a folded title.

    Both orders occur: 洪泽区人民政府2023年政府信息公开… and 2019年上海市人民政府办公厅政府信息公开….
    """
    found = F.year_of(title)
    words = F.title_words()
    if found:
        year, start, end = found
        before = title[:start].strip()
        for lead in words["title_lead"]:
            if before.endswith(lead):
                before = before[: -len(lead)]
        if before:
            return year, before
        after = title[end:].lstrip(words["year_suffix"])
        body = after.split(words["document"])[0] if words["document"] in after else ""
        return year, body or None
    if words["document"] in title:
        return None, title.split(words["document"])[0].strip() or None
    return None, None


def _date_entry(kind: str, value: str, text: str, source: dict[str, Any]) -> dict[str, Any]:
    return {"kind": kind, "value": value, "text": text, "source": source}


def _dates(
    doc: Document, head: list[Paragraph], paragraphs: list[Paragraph]
) -> list[dict[str, Any]]:
    """Every date source the document shows, in :data:`DATE_KINDS` order, duplicates dropped."""
    meta = doc.metadata
    out: list[dict[str, Any]] = []
    for entry in meta.get("page_dates", []):
        out.append(_date_entry("page", entry["value"], entry["text"], entry["source"]))
    for p in head:
        for hit in F.labelled_dates(p.text, "published"):
            out.append(_date_entry("page", hit.value, hit.text, p.source))
    for entry in meta.get("meta_dates", []):
        out.append(_date_entry("meta", entry["value"], entry["text"], {"meta": entry["name"]}))
    url = _url(doc, head)
    if url:
        for kind, value, text in F.url_dates(url):
            out.append(_date_entry(kind, value, text, {"url": url}))
    for entry in meta.get("page_written", []):
        out.append(_date_entry("signature", entry["value"], entry["text"], entry["source"]))
    for entry in meta.get("meta_written", []):
        out.append(_date_entry("signature", entry["value"], entry["text"], {"meta": entry["name"]}))
    for p in paragraphs:
        for hit in F.labelled_dates(p.text, "written"):
            out.append(_date_entry("signature", hit.value, hit.text, p.source))
    for p in reversed(paragraphs[-3:]):
        if line := F.date_line(p.text):
            out.append(_date_entry("signature", line.value, line.text, p.source))
            break
    seen: set[tuple[str, str, str]] = set()
    unique = []
    for e in out:
        key = (e["kind"], e["value"], e["text"])
        if key not in seen:
            seen.add(key)
            unique.append(e)
    return sorted(unique, key=lambda e: DATE_KINDS.index(e["kind"]))


def _url(doc: Document, head: list[Paragraph]) -> str | None:
    url = doc.metadata.get("url")
    if isinstance(url, str) and url:
        return url
    for p in head:
        if found := labelled_url(p.text):
            return found
    return None


def _period(
    paragraphs: list[Paragraph], opening: list[Paragraph]
) -> tuple[dict[str, Any] | None, bool]:
    """The first statistics period the text states, and whether the report's ``opening`` (where
    a report says what period it covers) states it: a period stated anywhere later (a table
    note, last year's comparison) does not name the year."""
    for p in paragraphs:
        if (found := F.find_period(p.text)) is not None:
            where = {"text": found.text, "start": found.start, "end": found.end, "source": p.source}
            return where, any(p is q for q in opening)
    return None, False


def _calendar_year(period: dict[str, Any] | None) -> int | None:
    """The year of a period from 1 January to 31 December of one year, else ``None``."""
    if period is None:
        return None
    start, end = str(period["start"]), str(period["end"])
    if start[:4] == end[:4] and start[4:] == "-01-01" and end[4:] == "-12-31":
        return int(start[:4])
    return None


def _metadata(
    doc: Document,
    paragraphs: list[Paragraph],
    name: str,
    sha256: str,
    head: list[Paragraph],
    title: str | None,
    opening: list[Paragraph],
) -> dict[str, Any]:
    meta: dict[str, Any] = {"title": title}
    year = None
    body = None
    named = title
    if not named:
        # No title line (a pasted text often starts at the preamble): the preamble's own
        # announcement of the report names its year and body just as well.
        named = next((n for p in head if (n := F.announced_title(p.text))), None)
    if named:
        year, body = _year_and_body(F.fold(named))
        if body and not title and F.classify_body(body).kind == "unknown":
            body = None  # 本机关2022年度…: the year is said, the body is not named
    if not body:
        source = doc.metadata.get("source_body")
        if not source:
            source = next((b for p in head if (b := F.source_body(p.text))), None)
        body = source or None
    meta["body"] = body
    cls = F.classify_body(body) if body else F.BodyClass("unknown", "unknown")
    meta["body_kind"] = cls.kind
    meta["level"] = cls.level
    meta["parent_kind"] = cls.parent_kind
    period, in_opening = _period(paragraphs, opening)
    if year is None and in_opening:
        # No year named, but the opening's statistics period is one calendar year
        # (2023年1月1日至2023年12月31日): that is the report's year, not a guess.
        year = _calendar_year(period)
    meta["year"] = year
    dates = _dates(doc, head, paragraphs)
    published = next((d["value"] for d in dates if d["kind"] in ("page", "meta")), None)
    written = next((d["value"] for d in dates if d["kind"] == "signature"), None)
    meta["published"] = published
    meta["written"] = written
    meta["dates"] = dates
    meta["period"] = period
    meta["source"] = {"file": name, "format": doc.format, "sha256": sha256}
    url = _url(doc, head)
    if url:
        meta["source"]["url"] = url
    meta["extractor"] = {"name": doc.extractor, "version": __version__}
    return meta


# ----------------------------------------------------------------------------- the report


def _split_headings(p: Paragraph) -> list[Paragraph]:
    """A paragraph that holds section headings inside it (a crawled page run into one line, a
    pre-2019 page, ``<p><b>一、总体情况</b>2023年…</p>``) as the text before, each heading, and the
    text between them."""
    if F.match_heading(p.text):
        return [p]
    hits = [h for h in F.find_headings(p.text) if h.start > 0 or h.end < len(p.text.rstrip())]
    if not hits:
        return [p]
    out: list[Paragraph] = []
    cuts = [0]
    for h in hits:
        cuts += [h.start, h.end]
    cuts.append(len(p.text))
    for a, b in itertools.pairwise(cuts):
        piece = p.text[a:b].strip()
        if not piece:
            continue
        source = dict(p.source)
        if a and "line" in source and "page" not in source:
            source["col"] = a + 1 + (len(p.text[a:b]) - len(p.text[a:b].lstrip()))
        out.append(Paragraph(text=piece, source=source))
    return out


def build_report(doc: Document, *, name: str, sha256: str) -> dict[str, Any]:
    blocks: list[Paragraph | Table] = []
    for b in doc.blocks:
        blocks.extend(_split_headings(b) if isinstance(b, Paragraph) else [b])
    paragraphs = [b for b in blocks if isinstance(b, Paragraph)]
    head: list[Paragraph] = []
    for p in paragraphs[:_HEAD_PARAGRAPHS]:
        if F.match_heading(p.text):
            break
        head.append(p)
    title = _title(doc, head)
    # A page's furniture above its headline (breadcrumb, menus on a printed page) is not the
    # report: the report starts at its title.
    before_title: set[int] = set()
    if title:
        for i, p in enumerate(head):
            if title.startswith(F.strip_label(p.text)) and F.strip_label(p.text):
                before_title = {id(q) for q in head[:i]}
                break
    preamble: list[dict[str, Any]] = []
    sections: list[dict[str, Any]] = []
    tables: dict[str, dict[str, Any]] = {}
    raw_tables: dict[str, Table] = {}
    current: dict[str, Any] | None = None
    last_table: str | None = None
    ended = False
    # The report's opening, where it says what period it covers: its head, and the first
    # paragraph of section one (总体情况), where pages with no preamble say it (龙岗区
    # department pages open straight at that heading).
    opening = list(head)
    for block in blocks:
        if isinstance(block, Paragraph):
            last_table = None
            heading = F.match_heading(block.text)
            if heading:
                current = {
                    "number": heading.written_number,
                    "key": heading.key,
                    "heading": block.text.strip(),
                    "paragraphs": [],
                    "source": block.source,
                }
                sections.append(current)
                ended = False
                continue
            if id(block) in before_title:
                continue
            if F.is_furniture(block.text):
                # The site's footer after the last section ends the report.
                ended = ended or bool(current and current["key"] == F.section_keys()[-1])
                continue
            if ended:
                continue
            kind = F.section_table(current["key"]) if current else None
            if kind and kind not in raw_tables and runtogether.looks_run_together(block.text, kind):
                found = runtogether.read(block.text, kind, block.source)
                if found is not None and found.rows:
                    raw_tables[kind] = found
                    continue
            para = {"text": block.text, "source": block.source}
            if current is None:
                preamble.append(para)
                continue
            if (
                len(sections) == 1
                and not current["paragraphs"]
                and current["key"] == F.section_keys()[0]
            ):
                opening.append(block)
            current["paragraphs"].append(para)
            continue
        kind = _classify(block)
        if kind is None and last_table is not None:
            kind = last_table  # a table continued after a page break
        if kind is None and current is not None:
            kind = F.section_table(current["key"])
        if kind is None:
            continue
        if kind in raw_tables:
            raw_tables[kind].rows.extend(block.rows)
        else:
            raw_tables[kind] = Table(rows=list(block.rows), source=block.source)
        last_table = kind
    for kind, table in raw_tables.items():
        tables[kind] = _PARSERS[kind](table)
    for key in F.TABLES:
        if key not in tables and any(F.section_table(s["key"]) == key for s in sections):
            tables[key] = {"present": False}
    if not sections and not raw_tables:
        raise ExtractionError(message("extract.no_structure"))
    report: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "metadata": _metadata(doc, paragraphs, name, sha256, head, title, opening),
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

"""PDF → :class:`~gixcheck.extract.document.Document` (paragraphs and ruled tables).

Only PDFs with a text layer are read (no OCR).  The reader works on the characters and
rulings of :mod:`gixcheck.extract.pdf_source` (read with PDFium) and does its own table
geometry, because the PDFs these reports come in (WPS/Word exports) paint a white rectangle
behind every text line and every table cell: a generic table finder (pdfplumber's) takes those
for cell borders and invents columns.

Tables
    Only *visible* rulings count as borders: stroked lines, stroked rectangles and thin
    filled (non-white) rectangles.  Rulings that touch form one table; the x positions of its
    vertical rulings and the y positions of its horizontal ones make a grid of slots; two
    neighbouring slots belong to the same cell when no ruling separates them.  A cell's text
    goes to its first (top-left) grid position; the other positions it covers are copies with
    ``spanned=True`` and the same text, as an HTML reader makes when it expands colspan/rowspan.
    So every row has one cell per grid column: label cells first, then value cells, and an empty
    value cell stays an empty-string cell.  Text wrapped over several lines in a cell is joined,
    and spaces between Chinese characters (``总 计``) are dropped.

    A table that is the last thing on a page and continues as the first thing on the next page
    becomes one Table block; a repeated header row is dropped, and a vertical group label cut by
    the page break (``（四）无`` / ``法提供``) is joined again.

Provenance
    Paragraph: ``{"page": n, "line": k}`` (1-based; ``k`` counts the text lines outside tables
    on that page, top to bottom).  Cell: ``{"page": n, "row": r, "col": c}`` (1-based; ``r``
    counts the table's rows on that page, ``c`` the table's grid columns).
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from gixcheck import limits
from gixcheck.extract import prechecks
from gixcheck.extract.document import (
    Block,
    Cell,
    Document,
    ExtractionError,
    Paragraph,
    Table,
    out_of_memory,
)
from gixcheck.form import page as form_page
from gixcheck.messages import text as message

if TYPE_CHECKING:
    from gixcheck.extract.pdf_source import PageGeometry

EXTRACTOR = "gixcheck.pdf"

_POS_TOL = 3.0  # grid positions closer than this are one border (points)
_TOUCH_TOL = 2.0  # rulings closer than this touch
_MIN_TEXT_CHARS = 1

_CJK_RANGES = (
    (0x2E80, 0x2FDF),
    (0x3000, 0x303F),
    (0x3040, 0x30FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF),
)
_WIDE_PUNCT = set("“”‘’—…·") | {chr(c) for c in range(0x3000, 0x3040)}


@cache
def _pattern(name: str) -> re.Pattern[str]:
    """The printed page's text patterns (``gixcheck/form/page.toml``, ``[printed]``): an
    enumeration, a heading start, a figure, a page number."""
    return re.compile(form_page.printed_pattern(name))


# ----------------------------------------------------------------------------- text helpers


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return any(a <= o <= b for a, b in _CJK_RANGES) or ch in _WIDE_PUNCT


_WHITE_RUN_RE = re.compile(r"[\s\u00a0\u3000]+")


def _tidy(text: str) -> str:
    """Collapse white space; drop spaces that only space out Chinese text (``总 计``)."""
    text = _WHITE_RUN_RE.sub(" ", text).strip()
    if " " not in text:
        return text
    out: list[str] = []
    for i, ch in enumerate(text):
        if ch == " ":
            prev = out[-1] if out else ""
            nxt = text[i + 1] if i + 1 < len(text) else ""
            if not prev or not nxt:
                continue
            if (_is_cjk(prev) and _is_cjk(nxt)) or prev in _WIDE_PUNCT or nxt in _WIDE_PUNCT:
                continue
            if (0xFF00 <= ord(prev) <= 0xFFEF) or (0xFF00 <= ord(nxt) <= 0xFFEF):
                continue
        out.append(ch)
    return "".join(out)


def _join(a: str, b: str) -> str:
    """Join two wrapped lines: no space except between two Latin words."""
    if not a:
        return b
    if not b:
        return a
    if a[-1].isascii() and a[-1].isalpha() and b[0].isascii() and b[0].isalpha():
        return a + " " + b
    return a + b


class _Char:
    """A character's text, box and font size, and the box's centre (read for every table on
    the page and every line a character may join: computed once)."""

    __slots__ = ("bottom", "cx", "cy", "size", "text", "top", "x0", "x1")

    def __init__(self, text: str, x0: float, x1: float, top: float, bottom: float, size: float):
        self.text = text
        self.x0 = x0
        self.x1 = x1
        self.top = top
        self.bottom = bottom
        self.size = size
        self.cx = (x0 + x1) / 2
        self.cy = (top + bottom) / 2

    def __repr__(self) -> str:
        return f"_Char({self.text!r}, {self.x0}, {self.x1}, {self.top}, {self.bottom}, {self.size})"


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    number: int = 0  # 1-based line number on the page (text outside tables)
    # Width of the line's first unbreakable run (a URL, a Latin word, （www.…）): a browser
    # cannot break inside it, so the line above may stop short by that much mid-paragraph.
    lead: float = 0.0


def _rows(chars: Iterable[_Char]) -> list[list[_Char]]:
    """The characters grouped into rows (top to bottom; each row as met, not yet sorted)."""
    rows: list[list[_Char]] = []
    row: list[_Char] | None = None
    t = b = 0.0  # the current row's top and bottom
    for ch in sorted(chars, key=lambda c: (round(c.top, 1), c.x0)):
        top, bottom = ch.top, ch.bottom
        if row is not None and t - 0.5 <= ch.cy <= b + 0.5:
            row.append(ch)
            # min() and max(), as comparisons: the first of equals (and a NaN) stays
            if top < t:
                t = top
            if bottom > b:
                b = bottom
        else:
            row = [ch]
            rows.append(row)
            t, b = top, bottom
    return rows


def _row_text(row: list[_Char]) -> str:
    """A row's text, left to right (sorts ``row``), a space where the gap is wide, tidied."""
    row.sort(key=lambda c: (c.x0, c.top))
    parts: list[str] = []
    prev: _Char | None = None
    for ch in row:
        if prev is not None and prev.text.strip():
            gap = ch.x0 - prev.x1
            if gap > 0.3 * min(ch.size, prev.size):
                parts.append(" ")
        parts.append(ch.text)
        prev = ch
    return _tidy("".join(parts))


def _char_lines(chars: Iterable[_Char]) -> list[_Line]:
    """Group characters into text lines (top to bottom, each left to right)."""
    out: list[_Line] = []
    for row in _rows(chars):
        text = _row_text(row)
        if not text:
            continue
        visible = [c for c in row if c.text.strip()]
        if not visible:  # never: _tidy leaves no text of white space alone
            continue
        first = visible[0]
        x0, x1, top, bottom = first.x0, first.x1, first.top, first.bottom
        for c in visible:  # min() and max() of each, in one pass
            if c.x0 < x0:
                x0 = c.x0
            if c.x1 > x1:
                x1 = c.x1
            if c.top < top:
                top = c.top
            if c.bottom > bottom:
                bottom = c.bottom
        sizes = sorted([c.size for c in visible])
        out.append(
            _Line(
                text=text,
                x0=x0,
                x1=x1,
                top=top,
                bottom=bottom,
                size=sizes[len(sizes) // 2],
                lead=_lead_width(visible),
            )
        )
    return out


def _lead_width(chars: list[_Char]) -> float:
    run: list[_Char] = []
    for i, ch in enumerate(chars):
        opening = i == 0 and unicodedata.category(ch.text[:1] or " ") in ("Ps", "Pi")
        if not opening and (not ch.text.strip() or _is_cjk(ch.text[0])):
            break
        run.append(ch)
    if len(run) < 2:
        return 0.0
    return run[-1].x1 - run[0].x0


def _cell_text(chars: list[_Char]) -> str:
    """The text of a cell's characters: its lines' texts joined (the lines' boxes, sizes and
    lead widths, which :func:`_char_lines` works out, are not needed here)."""
    text = ""
    for row in _rows(chars):
        line = _row_text(row)
        if line:
            text = _join(text, line)
    return _tidy(text)


# ----------------------------------------------------------------------------- rulings


@dataclass
class _Seg:
    horizontal: bool
    pos: float  # y for horizontal, x for vertical
    a: float  # start along the line
    b: float  # end along the line


def _segment(x0: float, top: float, x1: float, bottom: float) -> _Seg | None:
    w, h = abs(x1 - x0), abs(bottom - top)
    if h <= 2.0 and w > 2.0:
        return _Seg(True, (top + bottom) / 2, min(x0, x1), max(x0, x1))
    if w <= 2.0 and h > 2.0:
        return _Seg(False, (x0 + x1) / 2, min(top, bottom), max(top, bottom))
    return None


def _rulings(page: PageGeometry) -> list[_Seg]:
    segs = [s for ink in page.rulings if (s := _segment(*ink))]
    return _merge_collinear(segs)


def _merge_collinear(segs: list[_Seg]) -> list[_Seg]:
    out: list[_Seg] = []
    for horizontal in (True, False):
        group = sorted((s for s in segs if s.horizontal == horizontal), key=lambda s: (s.pos, s.a))
        lines: list[list[_Seg]] = []
        for s in group:
            if lines and abs(s.pos - lines[-1][0].pos) <= 1.0:
                lines[-1].append(s)
            else:
                lines.append([s])
        for same in lines:
            pos = statistics.fmean(s.pos for s in same)
            merged: list[_Seg] = []
            for s in sorted(same, key=lambda s: s.a):
                if merged and s.a <= merged[-1].b + 1.5:
                    merged[-1].b = max(merged[-1].b, s.b)
                else:
                    merged.append(_Seg(horizontal, pos, s.a, s.b))
            out.extend(merged)
    return out


def _components(segs: list[_Seg]) -> list[list[_Seg]]:
    parent = list(range(len(segs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    hs = [i for i, s in enumerate(segs) if s.horizontal]
    vs = [i for i, s in enumerate(segs) if not s.horizontal]
    t = _TOUCH_TOL
    for i in hs:
        h = segs[i]
        for j in vs:
            v = segs[j]
            if h.a - t <= v.pos <= h.b + t and v.a - t <= h.pos <= v.b + t:
                parent[find(i)] = find(j)
    groups: dict[int, list[_Seg]] = {}
    for i in range(len(segs)):
        groups.setdefault(find(i), []).append(segs[i])
    return [g for _, g in sorted(groups.items())]


def _cluster(values: Iterable[float], tol: float = _POS_TOL) -> list[float]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [statistics.fmean(c) for c in out]


def _coverage(segs: list[_Seg], pos: float, a: float, b: float) -> float:
    """Share of [a, b] covered by rulings at ``pos``."""
    spans = sorted(
        (max(s.a, a), min(s.b, b)) for s in segs if abs(s.pos - pos) <= _POS_TOL and s.b > a
    )
    covered, end = 0.0, a
    for lo, hi in spans:
        lo = max(lo, end)
        if hi > lo:
            covered += hi - lo
            end = hi
    return covered / (b - a) if b > a else 0.0


# ----------------------------------------------------------------------------- page tables


@dataclass
class _Region:
    """One table cell as drawn (maybe spanning several grid slots)."""

    slots: list[tuple[int, int]]
    text: str = ""
    parent: _Region | None = None  # set when a page break cut this cell and it was rejoined

    def root(self) -> _Region:
        r = self
        while r.parent is not None:
            r = r.parent
        return r


@dataclass
class _PageTable:
    page: int
    xs: list[float]
    ys: list[float]
    grid: list[list[_Region]]  # [row][col]

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]


def _page_tables(page_no: int, segs: list[_Seg], chars: list[_Char]) -> list[_PageTable]:
    tables: list[_PageTable] = []
    for comp in _components(segs):
        hs = [s for s in comp if s.horizontal]
        vs = [s for s in comp if not s.horizontal]
        if len(hs) < 2 or len(vs) < 2:
            continue
        xs = _cluster([v.pos for v in vs] + [min(h.a for h in hs), max(h.b for h in hs)])
        ys = _cluster([h.pos for h in hs] + [min(v.a for v in vs), max(v.b for v in vs)])
        if len(xs) < 2 or len(ys) < 2 or xs[-1] - xs[0] < 20 or ys[-1] - ys[0] < 8:
            continue
        nr, nc = len(ys) - 1, len(xs) - 1
        parent = {(r, c): (r, c) for r in range(nr) for c in range(nc)}

        def find(k: tuple[int, int], parent: dict[tuple[int, int], tuple[int, int]] = parent):
            while parent[k] != k:
                parent[k] = parent[parent[k]]
                k = parent[k]
            return k

        def union(a: tuple[int, int], b: tuple[int, int], parent=parent, find=find) -> None:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)

        for r in range(nr):
            for c in range(nc - 1):
                if _coverage(vs, xs[c + 1], ys[r], ys[r + 1]) < 0.5:
                    union((r, c), (r, c + 1))
        for r in range(nr - 1):
            for c in range(nc):
                if _coverage(hs, ys[r + 1], xs[c], xs[c + 1]) < 0.5:
                    union((r, c), (r + 1, c))
        regions: dict[tuple[int, int], _Region] = {}
        for r in range(nr):
            for c in range(nc):
                regions.setdefault(find((r, c)), _Region(slots=[])).slots.append((r, c))
        if len(regions) < 2:
            continue  # a framed box, not a table: its text stays running text
        grid = [[regions[find((r, c))] for c in range(nc)] for r in range(nr)]
        tables.append(_PageTable(page=page_no, xs=xs, ys=ys, grid=grid))
    tables.sort(key=lambda t: (t.ys[0], t.xs[0]))
    # Characters go to the slot that holds their centre.
    for t in tables:
        x0, y0, x1, y1 = t.bbox
        by_region: dict[int, list[_Char]] = {}
        inside = [ch for ch in chars if x0 - 1 <= ch.cx <= x1 + 1 and y0 - 1 <= ch.cy <= y1 + 1]
        row_of, col_of = _slotter(t.ys), _slotter(t.xs)
        for ch in inside:
            r = row_of(ch.cy)
            c = col_of(ch.cx)
            by_region.setdefault(id(t.grid[r][c]), []).append(ch)
        for row in t.grid:
            for reg in row:
                if id(reg) in by_region:
                    reg.text = _cell_text(by_region.pop(id(reg)))
    return tables


def _slot(bounds: list[float], v: float) -> int:
    for i in range(len(bounds) - 1):
        if v < bounds[i + 1]:
            return i
    return len(bounds) - 2


def _slotter(bounds: list[float]) -> Callable[[float], int]:
    """``lambda v: _slot(bounds, v)``, by bisection where ``bounds`` ascend (a table's cluster
    means do; a NaN among them does not compare, so the scan takes those).  For ascending
    bounds the first ``i`` with ``v < bounds[i + 1]`` is one before the first bound above
    ``v`` (``bisect_right``), at least 0 and at most the last slot; a NaN ``v`` is above no
    bound in either: the last slot."""
    last = len(bounds) - 2
    if not all(a <= b for a, b in pairwise(bounds)):
        return lambda v: _slot(bounds, v)
    return lambda v: min(max(bisect_right(bounds, v) - 1, 0), last)


def _outside(chars: list[_Char], tables: list[_PageTable]) -> list[_Char]:
    """The characters not in any of ``tables`` (:func:`_in_table`): most pages have no table
    or one, told without a call per character."""
    if not tables:
        return list(chars)
    if len(tables) == 1:
        x0, y0, x1, y1 = tables[0].bbox
        return [c for c in chars if not (x0 - 1 <= c.cx <= x1 + 1 and y0 - 1 <= c.cy <= y1 + 1)]
    return [c for c in chars if not _in_table(c, tables)]


def _in_table(ch: _Char, tables: list[_PageTable]) -> bool:
    for t in tables:
        x0, y0, x1, y1 = t.bbox
        if x0 - 1 <= ch.cx <= x1 + 1 and y0 - 1 <= ch.cy <= y1 + 1:
            return True
    return False


# ----------------------------------------------------------------------------- merged tables


def _numeric(text: str) -> bool:
    return bool(_pattern("numeric").match(text.replace(" ", "")))


def _combine(parts: list[_PageTable]) -> Table:
    """One Table block from a table's parts on consecutive pages."""
    centres = _cluster([x for p in parts for x in p.xs])
    ncols = len(centres) - 1

    def col_map(p: _PageTable) -> list[int]:
        return [min(range(len(centres)), key=lambda i: abs(centres[i] - x)) for x in p.xs]

    # (part, row in part, cells by combined column)
    rows: list[tuple[_PageTable, int, list[_Region | None]]] = []
    first_sig: list[tuple[str, ...]] = []
    for k, p in enumerate(parts):
        cmap = col_map(p)
        part_rows: list[tuple[_PageTable, int, list[_Region | None]]] = []
        for r, grow in enumerate(p.grid):
            cells: list[_Region | None] = [None] * ncols
            for c, reg in enumerate(grow):
                for cc in range(cmap[c], cmap[c + 1]):
                    cells[cc] = reg
            part_rows.append((p, r, cells))
        sigs = [_signature(cells) for _, _, cells in part_rows]
        if k == 0:
            first_sig = sigs
        else:  # a header row repeated on the continuation page is not kept twice
            drop = 0
            while (
                drop < min(3, len(sigs) - 1, len(first_sig))
                and sigs[drop] == first_sig[drop]
                and any(sigs[drop])
                and not any(_numeric(t) for t in sigs[drop])
            ):
                drop += 1
            part_rows = part_rows[drop:]
        rows.extend(part_rows)

    value_cols = [
        c for _, _, cells in rows for c, reg in enumerate(cells) if reg and _numeric(reg.text)
    ]
    first_value = min(value_cols) if value_cols else ncols
    i = 1
    while i < len(rows):
        if rows[i][0] is not rows[i - 1][0]:
            if _rejoin_cut_row(rows[i - 1][2], rows[i], first_value):
                del rows[i]
                continue
            _join_across_break(rows[i - 1][2], rows[i][2], first_value)
        i += 1

    out_rows: list[list[Cell]] = []
    seen: set[int] = set()
    for p, r, cells in rows:
        out: list[Cell] = []
        for c, maybe in enumerate(cells):
            src = {"page": p.page, "row": r + 1, "col": c + 1}
            if maybe is None:
                out.append(Cell(text="", source=src))
                continue
            root = maybe.root()
            out.append(Cell(text=root.text, source=src, spanned=id(root) in seen))
            seen.add(id(root))
        out_rows.append(out)
    return Table(rows=out_rows, source={"page": parts[0].page})


def _rejoin_cut_row(
    above: list[_Region | None],
    below: tuple[_PageTable, int, list[_Region | None]],
    first_value: int,
) -> bool:
    """Put back a row that a page break cut in two; True when ``below`` was its second half.

    The browser's print splits a tall row (a padded cell: ``<p>&nbsp;</p><p>1</p>``) over two
    pages: the label and some figures stay on the first, the rest (often the padded total) go
    to a row of the next page with no label at all.  Such a row is not a row of the form: its
    figures belong to the row above, each in its own column.  A row that has any label text of
    its own, or a cell running on further down the page, is left alone.
    """
    _part, r, cells = below
    if first_value == 0:
        return False  # no label columns (table 四): a row of figures alone is a row of the form
    if any(
        reg is not None and reg.root().text.strip() and not _numeric(reg.root().text)
        for reg in above[first_value:]
    ):
        return False  # the row above is a header row (商业企业 …): this one starts the data
    regions = {id(reg.root()): reg.root() for reg in cells if reg is not None}
    if any(any(rr != r for rr, _ in reg.slots) for reg in regions.values()):
        return False  # a cell of this row runs on below it: a row of its own
    if any(reg is not None and reg.root().text.strip() for reg in cells[:first_value]):
        return False
    filled = [(c, reg.root()) for c, reg in enumerate(cells) if reg and reg.root().text.strip()]
    if not filled:
        return False
    for c, reg in filled:
        up = above[c]
        if up is None or up.root() is reg:
            return False
    done: set[int] = set()
    for c, reg in filled:
        if id(reg) in done:
            continue
        done.add(id(reg))
        up = above[c]
        assert up is not None
        target = up.root()
        # Two figures in one cell stay two figures (the cell reads as unreadable, never as 12).
        target.text = f"{target.text} {reg.text}".strip() if target.text else reg.text
    return True


def _signature(cells: Sequence[_Region | None]) -> tuple[str, ...]:
    return tuple(re.sub(r"\s+", "", reg.text) if reg else "" for reg in cells)


def _span(cells: Sequence[_Region | None], reg: _Region) -> list[int]:
    return [c for c, r in enumerate(cells) if r is not None and r.root() is reg]


def _has_label_right(cells: Sequence[_Region | None], after: int, first_value: int) -> bool:
    for c in range(after + 1, first_value):
        reg = cells[c]
        if reg is not None and reg.root().text and not _numeric(reg.root().text):
            return True
    return False


def _first_label_right(cells: Sequence[_Region | None], after: int, first_value: int) -> str:
    for c in range(after + 1, first_value):
        reg = cells[c]
        if reg is not None and reg.root().text and not _numeric(reg.root().text):
            return reg.root().text
    return ""


def _join_across_break(
    above: list[_Region | None], below: list[_Region | None], first_value: int
) -> None:
    """Rejoin a group label cell that a page break cut in two (label columns only)."""
    for c in range(first_value):
        ra, rb = above[c], below[c]
        if ra is None or rb is None:
            continue
        a, b = ra.root(), rb.root()
        if a is b:
            continue
        span = _span(above, a)
        if span != _span(below, b) or span[0] != c:
            continue
        # Only a group label (one with sub-labels to its right) runs over a page break.
        if not (
            _has_label_right(above, span[-1], first_value)
            and _has_label_right(below, span[-1], first_value)
        ):
            continue
        # A row whose sub-label is an enumeration's first item (1. after 5. above) starts a new
        # group: the label cells either side of the break are two groups', not one cut in two
        # (a page whose last row is 5.要求… and whose first is （六）其他处理 / 1.申请人…).
        if _pattern("first_item").match(_first_label_right(below, span[-1], first_value)):
            continue
        if not b.text:
            b.parent = a
        elif not a.text:
            a.text = b.text
            b.parent = a
        elif (
            not _pattern("enumeration").match(b.text)
            and not _numeric(a.text)
            and not _numeric(b.text)
        ):
            a.text = _tidy(_join(a.text, b.text))
            b.parent = a


# ----------------------------------------------------------------------------- running text


@dataclass
class _Layout:
    left: float
    right: float
    size: float


def _layout(lines: list[_Line]) -> _Layout:
    body = [ln for ln in lines if len(ln.text) >= 6] or lines
    if not body:
        return _Layout(0.0, 1e9, 12.0)
    size = Counter(round(ln.size) for ln in body).most_common(1)[0][0] or 12.0
    left = Counter(round(ln.x0) for ln in body).most_common(1)[0][0]
    right = max(Counter(round(ln.x1) for ln in body).most_common(3))[0]
    return _Layout(float(left), float(right), float(size))


def _is_indented(ln: _Line, lay: _Layout) -> bool:
    # An opening bracket or quote (《 “ （) is set in the right half of its em box: a line that
    # starts with one looks half an em indented without being so.
    slack = 0.5 * lay.size if ln.text and unicodedata.category(ln.text[0]) in ("Ps", "Pi") else 0
    return ln.x0 - slack > lay.left + 0.8 * lay.size


def _ends_short(ln: _Line, lay: _Layout, room: float = 0.0) -> bool:
    # A browser sets text ragged-right: a full line may stop up to about 1.6 em short where
    # the next character may not start a line (an opening 《 after 、), and by the width of
    # the next line's first word when that word cannot be broken (``room``).
    return ln.x1 < lay.right - 2 * lay.size - room


def _centred_title(ln: _Line, lay: _Layout) -> bool:
    centre = (lay.left + lay.right) / 2
    return (
        _is_indented(ln, lay)
        and _ends_short(ln, lay)
        and abs((ln.x0 + ln.x1) / 2 - centre) < 2 * lay.size
        and ln.size >= lay.size + 1
    )


def _continues(prev: _Line, ln: _Line, lay: _Layout) -> bool:
    """Does ``ln`` carry on the paragraph whose last line is ``prev``?"""
    if _centred_title(prev, lay) and _centred_title(ln, lay):
        return abs(prev.size - ln.size) < 0.6 and ln.top - prev.bottom < 1.5 * ln.size
    if (
        _is_indented(ln, lay)
        or _ends_short(prev, lay, ln.lead)
        or _pattern("heading").match(ln.text)
    ):
        return False
    if abs(prev.size - ln.size) > 1.5:
        return False
    return ln.top - prev.bottom < 1.5 * max(prev.size, ln.size) or ln.top < prev.top


def _margin_lines(pages: list[list[_Line]], heights: list[float]) -> set[tuple[int, int]]:
    """(page index, line index) of page numbers and running headers/footers."""
    out: set[tuple[int, int]] = set()
    repeated: Counter[str] = Counter()
    keyed: list[tuple[int, int, str]] = []
    for pi, lines in enumerate(pages):
        h = heights[pi]
        for li, ln in enumerate(lines):
            if not (ln.bottom < 0.12 * h or ln.top > 0.85 * h):
                continue
            if _pattern("page_number").match(ln.text):
                out.add((pi, li))
                continue
            key = re.sub(r"\d+", "#", ln.text.replace(" ", ""))
            keyed.append((pi, li, key))
    for _, _, key in keyed:
        repeated[key] += 1
    n = len(pages)
    if n >= 3:
        for pi, li, key in keyed:
            if repeated[key] >= max(3, (n + 1) // 2):
                out.add((pi, li))
    return out


# ----------------------------------------------------------------------------- the reader


def _chars(page: PageGeometry) -> list[_Char]:
    return [_Char(*g) for g in page.chars if g.text]  # a Glyph is (text, x0, x1, top, bottom, size)


def _open_error(exc: BaseException) -> ExtractionError:
    name = type(exc).__name__
    if "Password" in name or "Encrypt" in name:
        return ExtractionError(message("extract.pdf_encrypted", error=name))
    return ExtractionError(message("extract.pdf_damaged", error=name, detail=exc))


def extract_pdf(data: bytes, name: str, *, max_pages: int | None = None) -> Document:
    """Read a PDF with a text layer into paragraphs and tables in reading order.

    Raises :class:`ExtractionError` for anything that cannot be read: not a PDF, truncated or
    damaged, encrypted, more than ``max_pages`` pages (default: the run's ``--max-pages``), or
    no text layer (a scan; no OCR).
    """
    if max_pages is None:
        max_pages = limits.current().max_pages
    head = bytes(data[:1024])
    if b"%PDF-" not in head:
        raise ExtractionError(message("extract.pdf_no_header", name=name))
    prechecks.pdf_streams(bytes(data), name)  # a decompression bomb PDFium would inflate whole
    try:
        return _extract(bytes(data), name, max_pages)
    except ExtractionError:
        raise
    except Exception as exc:  # whatever a damaged file makes the PDF library raise, none escapes
        if out_of_memory(exc):  # the memory limit, never a damaged file
            raise ExtractionError(message("extract.out_of_memory", name=name)) from MemoryError()
        raise _open_error(exc) from exc


def _extract(data: bytes, name: str, max_pages: int) -> Document:
    from gixcheck.extract.pdf_source import PdfSource

    with PdfSource(data) as pdf:
        npages = pdf.page_count
        if npages == 0:
            raise ExtractionError(message("extract.pdf_no_pages"))
        if npages > max_pages:
            raise ExtractionError(
                message("extract.pdf_too_many_pages", pages=npages, limit=max_pages)
            )
        metadata: dict[str, Any] = {"pages": npages}
        title = pdf.title()
        if title:
            metadata["pdf_title"] = title
        page_lines: list[list[_Line]] = []
        page_tables: list[list[_PageTable]] = []
        heights: list[float] = []
        text_chars = 0
        no_text: list[int] = []
        cid_chars = 0
        for i in range(1, npages + 1):
            page = pdf.page(i)
            chars = _chars(page)
            visible = [c for c in chars if c.text.strip()]
            text_chars += len(visible)
            cid_chars += sum(1 for c in visible if c.text.startswith("(cid:"))
            if not visible:
                no_text.append(i)
            tables = _page_tables(i, _rulings(page), visible)
            loose = _outside(chars, tables)
            lines = _char_lines(loose)
            for k, ln in enumerate(lines, start=1):
                ln.number = k
            page_lines.append(lines)
            page_tables.append(tables)
            heights.append(page.height)
    if text_chars < _MIN_TEXT_CHARS:
        tail = data[-2048:]
        if b"%%EOF" not in tail:
            raise ExtractionError(message("extract.pdf_truncated"))
        raise ExtractionError(message("extract.pdf_no_text_layer"))
    if cid_chars > 0.5 * text_chars:
        raise ExtractionError(message("extract.pdf_no_unicode"))
    if no_text:
        metadata["pages_without_text"] = no_text
    blocks = _blocks(page_lines, page_tables, heights)
    return Document(blocks=blocks, format="pdf", extractor=EXTRACTOR, metadata=metadata)


@dataclass
class _Open:
    """A paragraph being built."""

    text: str
    source: dict[str, Any]
    last: _Line


def _blocks(
    page_lines: list[list[_Line]], page_tables: list[list[_PageTable]], heights: list[float]
) -> list[Block]:
    skip = _margin_lines(page_lines, heights)
    lay = _layout(
        [ln for pi, ls in enumerate(page_lines) for li, ln in enumerate(ls) if (pi, li) not in skip]
    )
    # Each page as items in reading order: ("line", _Line) or ("table", _PageTable).
    pages: list[list[tuple[str, Any]]] = []
    for pi, (lines, tables) in enumerate(zip(page_lines, page_tables, strict=True)):
        items: list[tuple[float, int, tuple[str, Any]]] = []
        for li, ln in enumerate(lines):
            if (pi, li) not in skip:
                items.append((ln.top, 1, ("line", ln)))
        for t in tables:
            items.append((t.ys[0], 0, ("table", t)))
        items.sort(key=lambda it: (it[0], it[1]))
        pages.append([it[2] for it in items])

    blocks: list[Block] = []
    para: _Open | None = None
    table_parts: list[_PageTable] | None = None

    def close_para() -> None:
        nonlocal para
        if para is not None:
            blocks.append(Paragraph(text=para.text, source=para.source))
            para = None

    def close_table() -> None:
        nonlocal table_parts
        if table_parts:
            blocks.append(_combine(table_parts))
        table_parts = None

    for pi, page_items in enumerate(pages):
        for ii, (kind, obj) in enumerate(page_items):
            if kind == "table":
                close_para()
                if (
                    ii == 0
                    and table_parts is not None
                    and table_parts[-1].page == pi  # last thing on the previous page
                    and _overlap(table_parts[-1], obj) >= 0.8
                ):
                    table_parts.append(obj)
                else:
                    close_table()
                    table_parts = [obj]
                continue
            line: _Line = obj
            if table_parts is not None:
                close_table()
            if para is not None and _continues(para.last, line, lay):
                para.text = _tidy(_join(para.text, line.text))
                para.last = line
            else:
                close_para()
                para = _Open(
                    text=line.text, source={"page": pi + 1, "line": line.number}, last=line
                )
        # A paragraph or table may run on to the next page: keep it open.
    close_para()
    close_table()
    return blocks


def _overlap(a: _PageTable, b: _PageTable) -> float:
    ax0, _, ax1, _ = a.bbox
    bx0, _, bx1, _ = b.bbox
    inter = min(ax1, bx1) - max(ax0, bx0)
    return inter / min(ax1 - ax0, bx1 - bx0) if inter > 0 else 0.0

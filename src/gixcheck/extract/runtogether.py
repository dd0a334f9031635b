"""Tables whose cells a crawler ran together with no separator (``规章000``,
``行政事业性收费5949.088667``, ``一、本年新收政府信息公开申请数量801000081``).

Such text keeps the form's labels in order with each row's figures right after its label.  A
row's figures are split into its cells only when the split is the only one possible without
using the form's arithmetic: every cell is ``0`` or a number with no leading zero, and the row
has as many cells as the form gives it.  ``000`` into three cells is ``0 0 0``; ``2629`` into one
cell is ``2629``; fifteen digits into table 四's fifteen cells are one digit each.  Any other row
(``77132470`` into three cells has several splits) keeps every cell ``unreadable`` with the
figures as written: never guessed, never zero.  The result is an ordinary :class:`Table` that
the builder parses like any other.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from gixcheck.extract.document import Cell, Source, Table
from gixcheck.form import Label, form, labels

# A cell: 0, or a number without a leading zero (decimals allowed: amounts in 万元; a sign:
# 本年增/减).
_CELL = re.compile(r"-?(?:0(?:\.\d+)?|[1-9]\d*(?:\.\d+)?)")
# A row's figures: digits, points, signs, and the spaces a crawler left between some of them.
_RUN = re.compile(r"-?\d[\d.\- ]*")
# What may stand between a label and its figures: closing brackets and quotes, spaces.
_GAP = re.compile(r"[\s\W_]*")
# More splits than this are not counted further: the row is ambiguous either way.
_ENOUGH = 2


def _splits(run: str, n: int) -> list[list[str]]:
    """The ways to cut ``run`` into ``n`` cells (at most :data:`_ENOUGH` of them); a space in
    the run is always a cell boundary."""
    tokens = run.split()
    memo: dict[tuple[int, int, int], list[list[str]]] = {}

    def go(t: int, i: int, k: int) -> list[list[str]]:
        # Cells left to make: k; position: token t, character i.
        if t == len(tokens):
            return [[]] if k == 0 else []
        if (t, i, k) in memo:
            return memo[(t, i, k)]
        tok = tokens[t]
        out: list[list[str]] = []
        if k > 0:
            for j in range(i + 1, len(tok) + 1):
                piece = tok[i:j]
                if not _CELL.fullmatch(piece):
                    continue
                rest = go(t + 1, 0, k - 1) if j == len(tok) else go(t, j, k - 1)
                for r in rest:
                    out.append([piece, *r])
                    if len(out) >= _ENOUGH:
                        break
                if len(out) >= _ENOUGH:
                    break
        memo[(t, i, k)] = out
        return out

    return go(0, 0, n) if tokens else []


def split_run(run: str, n: int) -> list[str] | None:
    """The cells of a run-together row when there is exactly one way to cut it, else None."""
    found = _splits(run, n)
    return found[0] if len(found) == 1 else None


@cache
def _label_re(variants: tuple[str, ...]) -> re.Pattern[str]:
    """A label as it stands in folded text: its characters possibly spaced, any punctuation."""
    alts = []
    for v in variants:
        alts.append(r"[\s\W_]*".join(re.escape(c) for c in v))
    return re.compile("|".join(sorted(alts, key=len, reverse=True)))


def _find(text: str, lab: Label, start: int) -> re.Match[str] | None:
    return _label_re(lab.variants).search(text, start)


def _numbering_suffix(lab: Label, index: int) -> re.Pattern[str]:
    # The next row's own number (2. before 其他法律行政法规禁止公开) runs into this row's figures.
    seps = re.escape(form()["normalise"]["item_separators"])
    return re.compile(rf"{index}[{seps}]$") if lab.group else re.compile(r"$^")


def _cells(run: str, n: int, source: Source) -> list[Cell]:
    parts = split_run(run, n)
    if parts is None:
        return [Cell(text=run, source=dict(source), unreadable=True) for _ in range(n)]
    return [Cell(text=p, source=dict(source)) for p in parts]


def _source(base: Source, offset: int) -> Source:
    src = dict(base)
    src["col"] = int(base.get("col", 1)) + offset
    return src


def looks_run_together(text: str, table: str) -> bool:
    """Whether ``text`` holds ``table``'s row labels with figures right after them."""
    if table == "table_4":
        return _table_4_header_end(text) is not None
    rows = labels(table, "rows")
    hits = 0
    for lab in rows:
        m = _find(text, lab, 0)
        if m and _RUN.match(text, _GAP.match(text, m.end()).end()):  # type: ignore[union-attr]
            hits += 1
    return hits >= 2


def read(text: str, table: str, source: Source) -> Table | None:
    """A run-together table as a :class:`Table` (cells split or unreadable), or None."""
    folded = unicodedata.normalize("NFKC", text)
    if len(folded) == len(text):  # full-width figures become ASCII, offsets stay
        text = folded
    if table == "table_2":
        return _table_2(text, source)
    if table == "table_3":
        return _table_3(text, source)
    return _table_4(text, source)


def _rows_in_order(
    text: str, rows: tuple[Label, ...], start: int, others: tuple[Label, ...] = ()
) -> list[tuple[Label, re.Match[str]]]:
    """The form's row labels found in order, each after the one before.  A short label that is
    the start of a longer one (其他 in 其他处理) is not taken there."""
    out = []
    pos = start
    for lab in rows:
        at = pos
        while (m := _find(text, lab, at)) is not None:
            longer = any(
                (o := _label_re(x.variants).match(text, m.start())) and o.end() > m.end()
                for x in others
                if x is not lab
            )
            if not longer:
                break
            at = m.start() + 1
        if m is None:
            continue
        out.append((lab, m))
        pos = m.end()
    return out


def _run_after(
    text: str, m: re.Match[str], nxt: re.Match[str] | None, suffix: re.Pattern[str]
) -> tuple[str, int]:
    """The figures right after a label (and where they start), without the next row's number."""
    at = _GAP.match(text, m.end()).end()  # type: ignore[union-attr]
    between = text[at : nxt.start() if nxt else len(text)]
    lead = _RUN.match(between)
    run = lead.group(0) if lead else ""
    if nxt is not None and lead and lead.end() == len(between):
        run = suffix.sub("", run)
    return run.rstrip(". -"), at


def _table_2(text: str, source: Source) -> Table | None:
    col_labels = labels("table_2", "columns")
    found = _rows_in_order(text, labels("table_2", "rows"), 0)
    if not found:
        return None
    out: list[list[Cell]] = []
    prev_end = 0
    for i, (_lab, m) in enumerate(found):
        # The column headers written between the previous row and this one open a new block.
        header = []
        seg = text[prev_end : m.start()]
        pos = 0
        while True:
            hits = [(h.start(), h.end(), c) for c in col_labels if (h := _find(seg, c, pos))]
            if not hits:
                break
            a, b, _c = min(hits, key=lambda x: (x[0], -(x[1] - x[0])))
            header.append(Cell(text=seg[a:b], source=_source(source, prev_end + a)))
            pos = b
        if header:
            out.append([Cell(text="", source=_source(source, prev_end)), *header])
            width = len(header)
        elif not out:
            return None
        nxt = found[i + 1][1] if i + 1 < len(found) else None
        run, at = _run_after(text, m, nxt, re.compile(r"$^"))
        label = Cell(text=m.group(0), source=_source(source, m.start()))
        if not run:
            out.append([label])
        else:
            out.append([label, *_cells(run, width, _source(source, at))])
        prev_end = at + len(run)
    return Table(rows=out, source=dict(source))


def _table_3(text: str, source: Source) -> Table | None:
    row_labels = labels("table_3", "rows")
    cols = labels("table_3", "columns")
    first = _find(text, row_labels[0], 0)
    if first is None:
        return None
    header = []
    pos = 0
    seg = text[: first.start()]
    for c in cols:
        if (h := _find(seg, c, pos)) is not None:
            header.append(Cell(text=h.group(0), source=_source(source, h.start())))
    out: list[list[Cell]] = [header] if header else []
    single = [lab for lab in row_labels if lab.single_row]
    split_rows = tuple(lab for lab in row_labels if not lab.single_row)
    others = (*row_labels, *labels("table_3", "groups"))
    found = _rows_in_order(text, split_rows, first.start(), others)
    if single and not any(lab.key.startswith("result.other.") for lab, _ in found):
        # The 2019 form's single （六）其他处理 row.
        one = tuple(lab for lab in row_labels if not lab.key.startswith("result.other."))
        found = _rows_in_order(text, one, first.start(), others)
    groups: dict[str, list[str]] = {}
    for lab in row_labels:
        if lab.group:
            groups.setdefault(lab.group, []).append(lab.key)
    for i, (lab, m) in enumerate(found):
        nxt_lab, nxt = found[i + 1] if i + 1 < len(found) else (None, None)
        index = groups[nxt_lab.group].index(nxt_lab.key) + 1 if nxt_lab and nxt_lab.group else 0
        suffix = _numbering_suffix(nxt_lab, index) if nxt_lab else re.compile(r"$^")
        run, at = _run_after(text, m, nxt, suffix)
        group = [g for g in labels("table_3", "groups") if g.key == lab.group]
        label_cells = [Cell(text=g.label, source=_source(source, m.start())) for g in group]
        label_cells.append(Cell(text=m.group(0), source=_source(source, m.start())))
        if run:
            out.append([*label_cells, *_cells(run, len(cols), _source(source, at))])
    return Table(rows=out, source=dict(source))


def _table_4_header_end(text: str) -> int | None:
    cols = labels("table_4", "columns")
    blocks = labels("table_4", "blocks")
    ends = [m.end() for lab in (*cols, *blocks) for m in _label_re(lab.variants).finditer(text)]
    if not ends or not any(_find(text, b, 0) for b in blocks):
        return None
    end = max(ends)
    return end if _RUN.match(text, end) else None


def _table_4(text: str, source: Source) -> Table | None:
    end = _table_4_header_end(text)
    if end is None:
        return None
    width = len(labels("table_4", "blocks")) * len(labels("table_4", "columns"))
    run = _RUN.match(text, end)
    assert run is not None
    header = [Cell(text=text[:end], source=dict(source))]
    return Table(
        rows=[header, _cells(run.group(0).rstrip("."), width, _source(source, end))],
        source=dict(source),
    )


__all__ = ["looks_run_together", "read", "split_run"]

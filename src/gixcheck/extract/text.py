"""Plain text, as reports are pasted from a web page or copied out of a PDF.

Two table forms are read:

* the pasted layout (the seed report): a table as one cell per line with a leading tab, rows
  separated by blank lines; a cell broken over two lines continues on a line without the tab
  (``商业`` / ``企业``, ``\\t`` / ``0``); lines holding only a tab are blank cells;
* the crawler's text of a web page: inside sections 二/三/四 a row is one line, its cells
  separated by ``|`` (``规章 | 0 | 0 | 0 |``, ``第二十条第(一)项 | |||``); the empty cells a
  converter writes for a spanned header at either end of a row are not cells of the row;
* the crawler's text of a page whose cells hold paragraphs: inside sections 二/三/四 a cell per
  line, each ended by ``|`` on the same line or the next (``规章 |`` / ``/ |`` / ``|``, a blank
  cell; or ``规章`` / ``|`` / ``0`` / ``|``); a row opens at a label
  and takes the values and blank cells that follow it; lines of pipes alone (``|||``) are the
  padding of spanned columns;
* the crawler's text of such a page without the pipes: inside sections 二/三/四 every line one
  cell, blank lines between (``规章`` / ``0`` / ``0`` / ``0``), read the same way when no line of
  the table holds more than one cell;
* the PDF text copy: inside sections 二/三/四 a row is one line, its cells separated by spaces
  (``行政许可 89``, ``规章 0 0 0``, ``一、本年新收政府信息公开申请数量 0 1 1 0 0 0 2``), a label may
  stand on its own line with its numbers on the next, and header lines are labels separated by
  spaces.

Text whose table cells are run together with no separator at all (``行政许可396442278``, as web
crawlers save pages) is left as paragraphs; the builder reads what of it can be read without
guessing (:mod:`gixcheck.extract.runtogether`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from gixcheck.extract.decode import decode_text
from gixcheck.extract.document import Block, Cell, Document, ExtractionError, Paragraph, Table
from gixcheck.form import value_vocabulary
from gixcheck.form.headings import is_numbered, match_heading
from gixcheck.messages import text as message

# A continuation line is a short tail of the previous cell, never a heading or a sentence.
_MAX_CONTINUATION = 24
# A spaced table row is short and never a sentence.
_MAX_ROW = 160


@cache
def _sentence() -> re.Pattern[str]:
    return re.compile(value_vocabulary()["sentence_marks"])


@cache
def _value() -> re.Pattern[str]:
    # A cell of a spaced row: a number (maybe with thousands separators) or a not-applicable mark.
    return re.compile(value_vocabulary()["token"])


# The sections that hold a table, and which.
_TABLE_SECTIONS = {"proactive": "table_2", "requests": "table_3", "review_litigation": "table_4"}


def extract_text(data: bytes, name: str) -> Document:
    text = decode_text(data)
    if "\x00" in text:
        raise ExtractionError(message("extract.text_nul"))
    blocks = parse_lines(text.splitlines())
    return Document(blocks=blocks, format="text", extractor="gixcheck.text")


def parse_lines(lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    rows: list[list[Cell]] = []
    row: list[Cell] = []
    table_start = 0
    in_table = False
    last_was_cell = False
    # Spaced rows (PDF text copies) are only looked for inside sections 二/三/四.
    in_table_section = False
    section_table = ""
    spaced: list[list[Cell]] = []
    spaced_start = 0
    # The last spaced row was opened by a cell line (``规章 |``): the values that follow are its.
    cell_row = False
    # The run's lines while each holds one cell (``规章`` / ``0`` / ``0``, between blank lines as
    # crawlers write cells of their own paragraphs), each with whether a blank line stood above
    # it; None once a line holds several.
    single: list[tuple[Cell, bool]] | None = []
    blank = False

    def close_row() -> None:
        nonlocal row
        if row:
            rows.append(row)
            row = []

    def close_table() -> None:
        nonlocal rows, in_table
        close_row()
        if rows:
            blocks.append(Table(rows=rows, source={"line": table_start}))
        rows = []
        in_table = False

    def close_spaced() -> None:
        nonlocal spaced, cell_row, single
        cell_row = False
        if single and len(single) > 1 and any(_is_value(c.text) for c, _ in single):
            spaced = _cell_stream(_paragraph_cells(single), section_table)
        single = []
        if spaced and any(_has_values(r) for r in spaced):
            blocks.append(Table(rows=spaced, source={"line": spaced_start}))
        else:
            blocks.extend(Paragraph(text=_joined(r), source=r[0].source) for r in spaced)
        spaced = []

    # The line of a ``|`` that ends the cell on the line before it (``规章`` / ``|``).
    terminator = 0
    for n, raw in enumerate(lines, start=1):
        if n == terminator:
            continue
        line = raw.rstrip("\r\n")
        if line.startswith("\t"):
            close_spaced()
            if not in_table:
                in_table = True
                table_start = n
            row.append(Cell(text=line[1:].strip(), source={"line": n}))
            last_was_cell = True
            continue
        stripped = line.strip()
        if in_table:
            if not stripped:
                close_row()
                last_was_cell = False
                continue
            if (
                last_was_cell
                and row
                and len(stripped) <= _MAX_CONTINUATION
                and not is_numbered(stripped)
            ):
                prev = row[-1]
                joined = f"{prev.text}\n{stripped}" if prev.text else stripped
                row[-1] = Cell(text=joined, source=prev.source)
                continue
            close_table()
        last_was_cell = False
        if not stripped:
            blank = True
            continue
        was_blank, blank = blank, False
        heading = _section_key(stripped)
        if heading is not None:
            close_spaced()
            in_table_section = heading in _TABLE_SECTIONS
            section_table = _TABLE_SECTIONS.get(heading, "")
            blocks.append(Paragraph(text=stripped, source={"line": n}))
            continue
        if (
            in_table_section
            and "|" not in stripped
            and n < len(lines)
            and lines[n].strip() == "|"
            and len(stripped) <= _MAX_ROW
        ):
            stripped += " |"
            terminator = n + 1
        if in_table_section and _cell_line(stripped):
            if not spaced:
                spaced_start = n
            cell = Cell(text=stripped[:-1].strip(), source={"line": n})
            if cell_row and _joins_cell_row(spaced[-1], cell.text, section_table):
                spaced[-1].append(cell)
            else:
                spaced.append([cell])
                cell_row = True
            single = None
            continue
        if in_table_section and _pipe_row(stripped):
            cells = _pipe_cells(stripped)
            if not cells:  # ``|||``: only the padding of spanned columns, no cell of its own
                cell_row = False  # and the end of the row the converter wrote them after
                continue
            if not spaced:
                spaced_start = n
            spaced.append([Cell(text=t, source={"line": n}) for t in cells])
            cell_row = False
            single = None
            continue
        if in_table_section and _row_like(stripped):
            if not spaced:
                spaced_start = n
            if single is not None:
                if len(_tokens(stripped)) == 1:
                    single.append((Cell(text=stripped, source={"line": n}), was_blank))
                else:
                    single = None
            _add_spaced_row(spaced, stripped, n)
            cell_row = False
            continue
        close_spaced()
        blocks.append(Paragraph(text=stripped, source={"line": n}))
    close_table()
    close_spaced()
    return blocks


def _section_key(text: str) -> str | None:
    m = match_heading(text)
    return m.key if m else None


def _tokens(text: str) -> list[str]:
    return unicodedata.normalize("NFKC", text).split()


def _is_value(token: str) -> bool:
    return bool(_value().match(unicodedata.normalize("NFKC", token)))


def _row_like(text: str) -> bool:
    return len(text) <= _MAX_ROW and not _sentence().search(text)


def _pipe_row(text: str) -> bool:
    """A table row as crawlers' page-to-text converters write it: cells between ``|``."""
    return text.count("|") >= 2 and len(text) <= 2 * _MAX_ROW and not _sentence().search(text)


def _cell_line(text: str) -> bool:
    """One cell of a row written a cell per line: its text, then the ``|`` that ends it."""
    return text.endswith("|") and text.count("|") == 1 and len(text) <= _MAX_ROW


def _paragraph_cells(lines: list[tuple[Cell, bool]]) -> list[Cell]:
    """The cells of one-cell lines (each with whether a blank line stood above it): where most
    stand between blank lines, a label line right under another label is the rest of its cell
    (``本年新`` / ``制作数量`` → ``本年新制作数量``)."""
    if 2 * sum(after_blank for _, after_blank in lines) < len(lines):
        return [cell for cell, _ in lines]
    out: list[Cell] = []
    for cell, spaced_off in lines:
        prev = out[-1] if out else None
        if (
            not spaced_off
            and prev is not None
            and not _is_value(prev.text)
            and not _is_value(cell.text)
        ):
            out[-1] = Cell(text=prev.text + cell.text, source=prev.source)
        else:
            out.append(cell)
    return out


def _cell_stream(cells: list[Cell], table: str) -> list[list[Cell]]:
    """Rows of a table whose every line is one cell: a row opens at a label and takes the
    values after it (see :func:`_joins_cell_row`)."""
    rows: list[list[Cell]] = []
    for cell in cells:
        if rows and _joins_cell_row(rows[-1], cell.text, table):
            rows[-1].append(cell)
        else:
            rows.append([cell])
    return rows


def _joins_cell_row(row: list[Cell], text: str, table: str) -> bool:
    """Whether a cell written on its own line belongs to the row before it: a value or a blank
    does after a row's label or values; a label does while the row holds only labels (a header)
    and is not itself one of the form's row labels (``规章`` opens its row after the header
    ``信息内容`` …)."""
    from gixcheck.labels import normalise

    labels_only = not any(not c.text or _is_value(c.text) for c in row)
    group_first = normalise(row[0].text) in _label_set(table, "groups")
    if not text or _is_value(text):
        # Values follow a row's label (规章, or 三、本年度办理结果 + （一）予以公开), never a
        # header's labels: table 四's figures are a row of their own under its header.
        return not labels_only or len(row) == 1 or (len(row) == 2 and group_first)
    if not labels_only:
        return False
    if len(row) == 1 and group_first:
        return True  # 三、本年度办理结果 heads the first row of its group
    return normalise(text) not in _label_set(table, "rows") | _label_set(table, "groups")


@cache
def _label_set(table: str, part: str) -> frozenset[str]:
    """The variants of a table's row labels (``rows``) or group labels (``groups``); empty
    where the form gives the table none (table 四's one data row has no label)."""
    from gixcheck.labels import labels

    try:
        found = labels(table, part)
    except KeyError:
        return frozenset()
    return frozenset(v for lab in found for v in lab.variants)


def _pipe_cells(text: str) -> list[str]:
    cells = [c.strip() for c in text.split("|")]
    # Spanned columns come out as empty cells at the row's ends (``行政许可 | 0 | ||``): they
    # are the header's width, not cells of this row.  Empty cells between filled ones stay.
    while cells and not cells[-1]:
        cells.pop()
    while cells and not cells[0]:
        cells.pop(0)
    return cells


def _has_values(row: list[Cell]) -> bool:
    return any(_is_value(c.text) for c in row[1:]) or (
        len(row) > 1 and all(_is_value(c.text) for c in row)
    )


def _joined(row: list[Cell]) -> str:
    return " ".join(c.text for c in row)


def _split_values(text: str) -> tuple[str, list[str]]:
    """(label, trailing values): ``（三）不予公开 1.属于国家秘密 0 0 0`` → label and three values."""
    raw = text.split()
    k = len(raw)
    while k > 0 and _is_value(raw[k - 1]):
        k -= 1
    return " ".join(raw[:k]), raw[k:]


def _add_spaced_row(rows: list[list[Cell]], text: str, line: int) -> None:
    label, values = _split_values(text)
    src = {"line": line}
    if not values:
        # A header line (labels separated by spaces) or a label whose numbers follow.
        rows.append([Cell(text=t, source=src) for t in text.split()])
        return
    prev = rows[-1] if rows else None
    prev_is_label = prev is not None and not any(_is_value(c.text) for c in prev)
    if not label:
        # Numbers alone on a line stay a row of their own (table 四's data row).  They are never
        # given to the label on the line above: PDF copies centre numbers between the lines of
        # a tall label, so the label above may belong to other numbers.
        rows.append([Cell(text=v, source=src) for v in values])
        return
    if (
        prev is not None
        and prev_is_label
        and _match_len(f"{_joined(prev)}{label}") > _match_len(label)
    ):
        # A label broken over two lines: （二）部分公开（区分处理的，只计这一情形，不计其他 / 情形） 0 …
        rows[-1] = [Cell(text=f"{_joined(prev)}{label}", source=prev[0].source)]
    else:
        rows.append([Cell(text=label, source=src)])
    rows[-1].extend(Cell(text=v, source=src) for v in values)


@cache
def _row_label_variants() -> tuple[str, ...]:
    """Every row and group label of tables 二 and 三, as their variants."""
    return tuple(
        _label_set("table_2", "rows")
        | _label_set("table_3", "rows")
        | _label_set("table_3", "groups")
    )


def _match_len(text: str) -> int:
    """Length of the longest row label found in ``text`` (0: none)."""
    from gixcheck.labels import normalise

    norm = normalise(text)
    return max((len(v) for v in _row_label_variants() if v in norm), default=0)

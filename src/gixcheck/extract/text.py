"""Plain text, as reports are pasted from a web page.

The pasted layout (the seed report): running text as lines; a table as one cell per line with a
leading tab, rows separated by blank lines; a cell broken over two lines continues on a line
without the tab (``商业`` / ``企业``, ``\\t`` / ``0``); lines holding only a tab are blank cells.
"""

from __future__ import annotations

import re

from gixcheck.extract.decode import decode_text
from gixcheck.extract.document import Block, Cell, Document, ExtractionError, Paragraph, Table

_HEADING = re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．]")
# A continuation line is a short tail of the previous cell, never a heading or a sentence.
_MAX_CONTINUATION = 24


def extract_text(data: bytes, name: str) -> Document:
    text = decode_text(data)
    if "\x00" in text:
        raise ExtractionError(
            "文本中含有 NUL 字节，不是文本文件", "the text holds NUL bytes; not a text file"
        )
    return Document(blocks=parse_lines(text.splitlines()), format="text", extractor="gixcheck.text")


def parse_lines(lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    rows: list[list[Cell]] = []
    row: list[Cell] = []
    table_start = 0
    in_table = False
    last_was_cell = False

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

    for n, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if line.startswith("\t"):
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
                and not _HEADING.match(stripped)
            ):
                prev = row[-1]
                joined = f"{prev.text}\n{stripped}" if prev.text else stripped
                row[-1] = Cell(text=joined, source=prev.source)
                continue
            close_table()
        last_was_cell = False
        if stripped:
            blocks.append(Paragraph(text=stripped, source={"line": n}))
    close_table()
    return blocks

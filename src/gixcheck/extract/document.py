"""The intermediate document every extractor produces.

Each format (text, HTML, PDF, DOCX) only has to turn its input into a flat sequence of
paragraphs and table grids, in reading order, each with provenance.  One shared step
(:mod:`gixcheck.extract.build`) then finds the title, sections and tables 二/三/四 by label
meaning, so the format readers never need to know the form.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gixcheck.messages import Text

# Provenance is a plain dict so it can go straight into the canonical JSON:
# text: {"line": 12}; PDF: {"page": 3, "row": 4, "col": 2}; HTML/DOCX: {"table": 1, "row": 4, "col": 2}.
Source = dict[str, Any]


@dataclass
class Paragraph:
    text: str
    source: Source = field(default_factory=dict)


@dataclass
class Cell:
    """One grid cell as written.  ``text`` keeps the raw string (line breaks included)."""

    text: str
    source: Source = field(default_factory=dict)
    # True where the cell is a copy made by expanding a rowspan/colspan, so the builder can
    # tell a spanned label from a label that is really repeated.
    spanned: bool = False
    # True where the reader knows the text is not this cell's value alone (figures run together
    # with their neighbours' that cannot be told apart): the cell is unreadable, ``text`` kept.
    unreadable: bool = False
    # True where the grid had no cell at all (a row shorter than the table, as when a header
    # lacks its colspan): a place holder, never a value.
    filler: bool = False
    # Text in the cell a reader sees struck through or a browser hides (``<del>3</del>1``,
    # ``display:none``): the cell's figure cannot be told for sure, so it is never a number.
    doubt: str = ""


@dataclass
class Table:
    """A table as rows of cells.  Rows need not be of equal length (pasted text is ragged)."""

    rows: list[list[Cell]]
    source: Source = field(default_factory=dict)


Block = Paragraph | Table


@dataclass
class Document:
    blocks: list[Block]
    format: str  # "text", "html", "pdf", "docx"
    extractor: str  # e.g. "gixcheck.text"
    # Facts a format can read outside the body, e.g. an HTML <meta name="PubDate">.
    metadata: dict[str, Any] = field(default_factory=dict)


class ExtractionError(Exception):
    """The input cannot be read as a report; becomes a GIX001 finding with this message.

    Give a catalogue message (``ExtractionError(text("extract.no_structure"))``) or, for
    plugins, the Chinese and English sentences.
    """

    def __init__(self, message_zh: str | Text, message_en: str | None = None) -> None:
        if isinstance(message_zh, Text):
            message_en = message_zh.en
            message_zh = message_zh.zh
        super().__init__(message_en or message_zh)
        self.message_zh = message_zh
        self.message_en = message_en or message_zh

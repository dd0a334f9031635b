"""The HTML reader makes its grid cells positionally (a keyword call costs twice as much for
each of a page's hundreds of cells): the fields must stay in the order it passes them."""

from __future__ import annotations

from dataclasses import fields

from gixcheck.extract.document import Cell


def test_cell_fields_keep_the_order_the_html_reader_passes_them_in() -> None:
    assert [f.name for f in fields(Cell)] == [
        "text",
        "source",
        "spanned",
        "unreadable",
        "filler",
        "doubt",
    ]
    made = Cell("7", {"table": 1}, False, False, False, "3")
    assert made == Cell(text="7", source={"table": 1}, doubt="3")

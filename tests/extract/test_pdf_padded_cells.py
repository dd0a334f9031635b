"""Padded table cells in a page saved as PDF keep their figures in their own rows.

``tests/data/html/padded_cells*.html`` is the seed page (潘集区 2021) with table 三's value cells
padded the way real pages pad them: the total as ``<p>&nbsp;</p><p>N</p>`` (three blank
paragraphs above it), some figures with an empty paragraph below them or ``<br/>`` blank lines
around them.  Each row holds its own figures so that a figure in the wrong row shows: natural
persons ``10 + i`` in the i-th row, 商业企业 1 in every third row, 其他 1 in every other row,
the total their sum.  ``*_saved.pdf`` are those pages printed by headless Chromium
(``--print-to-pdf --no-pdf-header-footer``): in the first, a page break falls between
``5.要求行政机关确认…`` and ``（六）其他处理``; in the second (one more blank paragraph before
heading 三), the browser cut the rows （一）予以公开 and 5.属于三类内部事务信息 over page breaks,
leaving their padded totals alone at the top of the next page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gixcheck import api
from gixcheck.form import labels

DATA = Path(__file__).resolve().parent.parent / "data"
PAGE = DATA / "html" / "padded_cells.html"
CUT_PAGE = DATA / "html" / "padded_cells_cut_rows.html"
SAVED = DATA / "pdf" / "padded_cells_saved.pdf"
CUT_SAVED = DATA / "pdf" / "padded_cells_cut_rows_saved.pdf"

ROWS = [
    "received_new",
    "carried_over",
    "result.granted",
    "result.partly_granted",
    "result.denied.state_secret",
    "result.denied.law_prohibited",
    "result.denied.three_safeties",
    "result.denied.third_party",
    "result.denied.internal_affairs",
    "result.denied.process_info",
    "result.denied.enforcement_file",
    "result.denied.inquiry",
    "result.unavailable.not_held",
    "result.unavailable.needs_creation",
    "result.unavailable.unclear",
    "result.not_processed.petition",
    "result.not_processed.repeated",
    "result.not_processed.publications",
    "result.not_processed.excessive",
    "result.not_processed.confirmation",
    "result.other.overdue_correction",
    "result.other.overdue_fee",
    "result.other.other",
    "result.total",
    "carried_forward",
]


def _row(i: int) -> list[int]:
    natural, business, other = 10 + i, 1 if i % 3 == 0 else 0, i % 2
    return [natural, business, 0, 0, 0, other, natural + business + other]


EXPECTED = {key: _row(i) for i, key in enumerate(ROWS)}


def _table_3(path: Path) -> dict[str, list[Any]]:
    cols = [c.key for c in labels("table_3", "columns")]
    rows = api.extract(path)["tables"]["table_3"]["rows"]
    return {r: [rows[r][c].get("value", rows[r][c]["kind"]) for c in cols] for r in rows}


def test_the_pages_are_padded_as_described() -> None:
    for page in (PAGE, CUT_PAGE):
        html = page.read_text(encoding="utf-8")
        assert html.count("<td><p>&nbsp;</p><p>&nbsp;</p><p>&nbsp;</p><p>") == 25
        assert "<td><br/>" in html and "</p><p>&nbsp;</p></td>" in html


@pytest.mark.parametrize(
    "path", [PAGE, CUT_PAGE, SAVED, CUT_SAVED], ids=["html", "cut-html", "pdf", "cut-pdf"]
)
def test_every_figure_in_its_own_row(path: Path) -> None:
    assert _table_3(path) == EXPECTED


def test_a_cut_row_is_one_row_with_its_own_sources() -> None:
    """The cut rows' halves make one row: no label-less row is left for the builder to drop."""
    from gixcheck.extract.document import Table
    from gixcheck.extract.pdf import extract_pdf

    doc = extract_pdf(CUT_SAVED.read_bytes(), CUT_SAVED.name)
    t3 = [b for b in doc.blocks if isinstance(b, Table)][1]
    label_less = [
        r for r in t3.rows if not any(c.text for c in r[:3]) and any(c.text.isdigit() for c in r)
    ]
    assert label_less == []
    assert len(t3.rows) == 3 + 25  # three header rows, the form's 25 rows


def test_a_row_of_figures_alone_at_the_top_of_a_page_is_its_own_row() -> None:
    """平潭 2019 printed with seven more blank paragraphs before heading 三: table 四's header
    ends page 5 and its one row of figures (no labels, no top border) opens page 6.  It is the
    table's data row, never figures to put back into the header row above."""
    path = Path(__file__).resolve().parent.parent / "data" / "pdf"
    rows = api.extract(path / "pingtan_2019_table4_break_saved.pdf")["tables"]["table_4"]["rows"]
    assert [c["value"] for c in rows["cases"].values()] == [0] * 15

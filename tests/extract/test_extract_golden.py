"""Golden canonical JSON of the three real PDFs: every cell of tables 二, 三 and 四.

How the golden files were verified: each cell was compared with the PDF's own text layer
(pdfplumber ``page.extract_text()``, which reads the characters in reading order independently
of the table grid): table 二's ``规章 0 0 0`` lines, table 三's 7-number lines in form order and
table 四's 15-number line all agree with the golden cells, and the rendered pages were read by
eye by the PDF extractor's author (see test_pdf.py).  Regenerate only after checking a diff by
hand: ``GIXCHECK_REGEN_GOLDEN=1 pytest tests/extract/test_extract_golden.py``.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from gixcheck import api
from gixcheck.labels import labels
from gixcheck.model import canonical_json

DATA = Path(__file__).resolve().parent.parent / "data" / "pdf"
GOLDEN = Path(__file__).resolve().parent / "golden"
PDFS = ["hzq2023_working", "hzq2024_working", "huaian_municipal_2024"]
_CACHE: dict[str, dict[str, Any]] = {}


def report(name: str) -> dict[str, Any]:
    if name not in _CACHE:
        _CACHE[name] = api.extract(DATA / f"{name}.pdf")
    return _CACHE[name]


def golden_view(rep: dict[str, Any]) -> dict[str, Any]:
    """What the golden file pins: layout, the metadata read from the text, and every cell."""
    meta = rep["metadata"]
    tables = {}
    for key in ("table_2", "table_3", "table_4"):
        t = rep["tables"][key]
        tables[key] = {
            k: t[k] for k in ("rows", "missing_rows", "missing_columns", "unmatched_rows") if k in t
        }
        for extra in ("layout", "other_form", "header_verified"):
            if extra in t:
                tables[key][extra] = t[extra]
    return {
        "layout": rep["layout"],
        "metadata": {
            k: meta[k]
            for k in ("title", "body", "body_kind", "level", "year", "published", "period")
        },
        "source": {k: meta["source"][k] for k in ("file", "format", "sha256")},
        "tables": tables,
    }


@pytest.mark.parametrize("name", PDFS)
def test_golden(name: str) -> None:
    got = json.loads(canonical_json(golden_view(report(name))))
    path = GOLDEN / f"{name}.json"
    if os.environ.get("GIXCHECK_REGEN_GOLDEN"):
        path.write_text(canonical_json(golden_view(report(name))), encoding="utf-8")
    assert got == json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", PDFS)
def test_every_cell_is_a_number_with_page_provenance(name: str) -> None:
    tables = report(name)["tables"]
    for key in ("table_2", "table_3", "table_4"):
        t = tables[key]
        assert t["missing_rows"] == [] and t["unmatched_rows"] == [] and t["missing_columns"] == []
        for row in t["rows"].values():
            for cell in row.values():
                assert cell["kind"] == "number", cell
                assert set(cell["source"]) == {"page", "row", "col"}


def _pdf_text(name: str) -> str:
    import pdfplumber

    with pdfplumber.open(DATA / f"{name}.pdf") as pdf:
        return "\n".join(p.extract_text() or "" for p in pdf.pages)


@pytest.mark.parametrize("name", PDFS)
def test_table_3_agrees_with_the_pdf_text_layer(name: str) -> None:
    """An independent reading: the text layer's 7-number lines, in form order."""
    text = _pdf_text(name)
    region = text[text.index("三、收到和处理") : text.index("四、政府信息公开行政复议")]
    lines = []
    for line in region.splitlines():
        m = re.search(r"((?:\s+\d+){7})\s*$", " " + line)
        if m:
            lines.append([int(x) for x in m.group(1).split()])
    rows = report(name)["tables"]["table_3"]["rows"]
    cols = [c.key for c in labels("table_3", "columns")]
    got = [
        [rows[k][c]["value"] for c in cols]
        for k in (r.key for r in labels("table_3", "rows"))
        if k in rows
    ]
    assert got == lines


@pytest.mark.parametrize("name", PDFS)
def test_table_4_agrees_with_the_pdf_text_layer(name: str) -> None:
    text = _pdf_text(name)
    region = text[text.index("四、政府信息公开行政复议") : text.index("五、存在")]
    (line,) = [x for x in region.splitlines() if re.fullmatch(r"(\d+ ){14}\d+", x.strip())]
    cells = report(name)["tables"]["table_4"]["rows"]["cases"]
    assert [c["value"] for c in cells.values()] == [int(x) for x in line.split()]


def test_both_hongze_reports_are_mixed() -> None:
    for name in ("hzq2023_working", "hzq2024_working"):
        rep = report(name)
        assert rep["layout"] == "mixed"
        assert {m["layout"] for m in rep["layout_markers"]} == {"2021", "2019"}
    assert report("huaian_municipal_2024")["layout"] == "2021"


def test_hzq2023_table_4_fires_ari004_twice_and_nothing_else_in_the_tables() -> None:
    import gixcheck

    res = gixcheck.check(DATA / "hzq2023_working.pdf").reports[0]
    table_findings = [f for f in res.findings if f.rule.startswith(("ARI", "TAB"))]
    assert sorted((f.rule, f.location.pointer) for f in table_findings) == [
        ("ARI004", "/tables/table_4/rows/cases/litigation_after_review.total"),
        ("ARI004", "/tables/table_4/rows/cases/review.total"),
    ]
    cells = report("hzq2023_working")["tables"]["table_4"]["rows"]["cases"]
    assert [c["value"] for c in cells.values()] == [10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0]

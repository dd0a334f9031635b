"""One report, many formats: the seed as GBK, GB18030, spaced rows (a PDF text copy), an HTML
table and a DOCX built here with python-docx all extract to the seed's tables; real reports'
metadata and layout; format sniffing by content; run-together crawled text read without guessing."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

import gixcheck
from gixcheck import api
from gixcheck.extract.document import Paragraph, Table
from gixcheck.extract.text import extract_text
from gixcheck.output.text import where

DATA = Path(__file__).resolve().parent.parent / "data"
SEED = DATA / "text" / "seed_panji_2021.txt"
SHANGHAI = DATA / "html" / "shanghai_bangongting_2019.html"
# How the variants were made: GBK (U+00A0, which GBK lacks, saved as a space), GB18030 (the
# seed byte for byte, U+00A0 as a four-byte sequence), spaced rows (each tab row joined by
# spaces, as a PDF text copy), and an HTML table (label colspans, &nbsp; blanks, <br> in cells,
# one number in full-width digits) saved as GBK with a gb2312 declaration.
VARIANTS = [
    DATA / "text" / "seed_panji_2021_gbk.txt",
    DATA / "text" / "seed_panji_2021_gb18030.txt",
    DATA / "text" / "seed_panji_2021_spaced.txt",
    DATA / "html" / "seed_panji_2021_gbk.html",
]


def values(report: dict[str, Any]) -> dict[str, Any]:
    return {
        key: {
            row: {col: (c["kind"], c.get("value")) for col, c in cells.items()}
            for row, cells in t.get("rows", {}).items()
        }
        for key, t in report["tables"].items()
    }


@pytest.fixture(scope="module")
def seed() -> dict[str, Any]:
    return api.extract(SEED)


def test_variant_files_are_what_they_claim() -> None:
    gbk = VARIANTS[0].read_bytes()
    gb18030 = VARIANTS[1].read_bytes()
    with pytest.raises(UnicodeDecodeError):
        gbk.decode("utf-8")
    with pytest.raises(UnicodeDecodeError):
        gb18030.decode("gbk")
    assert gb18030.decode("gb18030") == SEED.read_text(encoding="utf-8")
    assert b"charset=gb2312" in VARIANTS[3].read_bytes()


@pytest.mark.parametrize("path", VARIANTS, ids=lambda p: p.name)
def test_seed_variants_extract_to_the_same_tables(path: Path, seed: dict[str, Any]) -> None:
    rep = api.extract(path)
    assert values(rep) == values(seed)
    assert rep["layout"] == seed["layout"] == "2021"
    assert rep["metadata"]["title"] == seed["metadata"]["title"]
    for t in rep["tables"].values():
        assert t["unmatched_rows"] == [] and t["missing_rows"] == []


def seed_docx() -> bytes:
    """The seed rebuilt as a Word file: its paragraphs, and its tables with merged label cells."""
    import docx

    doc = extract_text(SEED.read_bytes(), SEED.name)
    d = docx.Document()
    widths = iter([4, 10, 15])
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            d.add_paragraph(block.text)
            continue
        assert isinstance(block, Table)
        width = next(widths)
        table = d.add_table(rows=len(block.rows), cols=width)
        for r, row in enumerate(block.rows):
            # Right-align the row's cells (values are last) and merge the spare label columns.
            start = width - len(row)
            if start > 0:
                table.cell(r, 0).merge(table.cell(r, start))
            for c, cell in enumerate(row):
                target = table.cell(r, start + c)
                # U+3000 is how Word templates fill an empty value cell.
                target.text = cell.text if cell.text else "\u3000"
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def test_docx_built_from_the_seed_extracts_to_the_same_tables(seed: dict[str, Any]) -> None:
    rep = api.extract(seed_docx(), "seed.docx")
    assert rep["metadata"]["source"]["format"] == "docx"
    assert values(rep) == values(seed)
    assert rep["layout"] == "2021"


def test_spaced_rows_from_a_pdf_copy() -> None:
    """A broken label is joined only when its tail is on the numbers' line; numbers alone on a
    line are never handed to the label above (PDF copies centre them between label lines)."""
    text = "\n".join(
        [
            "某某局2023年政府信息公开工作年度报告",
            "二、主动公开政府信息情况",
            "信息内容 本年制发件数 本年废止件数 现行有效件数",
            "规章 0 0 0",
            "行政规范性文件 2 0 31",
            "信息内容 本年处理决定数量",
            "行政许可",
            "89",
            "三、收到和处理政府信息公开申请情况",
            "自然人 法人或其他组织 总计",
            "商业企业 科研机构 社会公益组织 法律服务机构 其他",
            "一、本年新收政府信息公开申请数量 3 1 0 0 0 0 4",
            "（二）部分公开（区分处理的，只计这一情",
            "形，不计其他情形） 1 0 0 0 0 0 1",
        ]
    )
    rep = api.extract(text.encode("utf-8"), "copy.txt")
    t2 = rep["tables"]["table_2"]
    assert t2["rows"]["normative_docs"]["in_force"]["value"] == 31
    assert t2["rows"]["normative_docs"]["in_force"]["source"] == {"line": 5}
    assert "licensing" not in t2["rows"]
    assert t2["unmatched_rows"] == [
        {"label": "行政许可", "source": {"line": 7}},
        {"label": "89", "source": {"line": 8}},
    ]
    t3 = rep["tables"]["table_3"]["rows"]
    assert t3["received_new"]["total"]["value"] == 4
    assert t3["result.partly_granted"]["natural_person"]["value"] == 1


@pytest.mark.parametrize("name", ["pingtan_2020_page.txt", "pingtan_2023_page.txt"])
def test_run_together_cells_are_read_as_far_as_they_honestly_can_be(name: str) -> None:
    """A crawled text is checked, not refused: sections, fee, dates and narrative run, the cells
    whose split is unique are read, the rest are unreadable (see test_runtogether.py)."""
    res = gixcheck.check(DATA / "text" / name).reports[0]
    rules = {f.rule for f in res.findings}
    assert "GIX001" not in rules and res.readable
    assert not {r for r in rules if r.startswith("SEC00") and r in ("SEC001", "SEC002")}


def test_shanghai_2019_keeps_blank_cells_blank() -> None:
    rep = api.extract(SHANGHAI)
    assert rep["layout"] == "2019"
    t3 = rep["tables"]["table_3"]
    assert t3["other_form"] == "single"
    assert t3["rows"]["received_new"]["research"]["kind"] == "blank"
    assert t3["rows"]["received_new"]["total"]["value"] == 859
    assert t3["rows"]["result.other"]["total"]["kind"] == "blank"
    kinds = {c["kind"] for row in t3["rows"].values() for c in row.values()}
    assert kinds == {"number", "blank"}
    assert rep["tables"]["table_4"]["rows"]["cases"]["review.corrected"]["kind"] == "blank"


EXPECTED_META = {
    "shanghai_bangongting_2019.html": (
        "上海市人民政府办公厅",
        "department",
        "province",
        2019,
        "2020-01-31",
        "2019",
    ),
    "huaian_municipal_2024.pdf": ("淮安市人民政府", "government", "city", 2024, None, "2021"),
    "hzq2023_working.pdf": ("洪泽区人民政府", "government", "county", 2023, None, "mixed"),
    "hzq2024_working.pdf": ("淮安市洪泽区人民政府", "government", "county", 2024, None, "mixed"),
    "seed_panji_2021.txt": ("潘集区人民政府", "government", "county", 2021, None, "2021"),
    "template_2021_blank.docx": (None, "unknown", "unknown", None, None, "2021"),
}


@pytest.mark.parametrize("name", sorted(EXPECTED_META))
def test_metadata_of_every_corpus_file(name: str) -> None:
    path = next(DATA.glob(f"*/{name}"))
    rep = api.extract(path)
    m = rep["metadata"]
    assert (m["body"], m["body_kind"], m["level"], m["year"], m["published"], rep["layout"]) == (
        EXPECTED_META[name]
    )
    assert m["written"] is None  # none of them prints a 成文日期
    assert m["source"]["file"] == name
    assert m["extractor"]["name"] == f"gixcheck.{m['source']['format']}"


def test_period_is_read_where_stated() -> None:
    period = api.extract(DATA / "pdf" / "hzq2023_working.pdf")["metadata"]["period"]
    assert (period["start"], period["end"], period["source"]["page"]) == (
        "2023-01-01",
        "2023-12-31",
        1,
    )


@pytest.mark.parametrize(
    ("src", "misnamed", "fmt"),
    [
        ("pdf/hzq2023_working.pdf", "report.json", "pdf"),
        ("pdf/huaian_municipal_2024.pdf", "report.html", "pdf"),
        ("html/shanghai_bangongting_2019.html", "report.pdf", "html"),
        ("docx/template_2021_blank.docx", "report.txt", "docx"),
        ("text/seed_panji_2021.txt", "report.docx", "text"),
    ],
)
def test_format_is_sniffed_from_content(tmp_path: Path, src: str, misnamed: str, fmt: str) -> None:
    path = tmp_path / misnamed
    path.write_bytes((DATA / src).read_bytes())
    assert api.extract(path)["metadata"]["source"]["format"] == fmt


def _locations(path: Path) -> list[str]:
    res = gixcheck.check(path).reports[0]
    return [where(f.location.source) for f in res.findings if f.location.source]


def test_findings_point_back_into_each_format() -> None:
    pdf = _locations(DATA / "pdf" / "hzq2023_working.pdf")
    assert pdf and all(w.startswith("p.") for w in pdf)
    assert "p.4" in pdf  # table 四 is on page 4
    html = _locations(SHANGHAI)
    # TAB003 is one finding per table, located at its first blank cell: 表三 一、本年新收 / 科研机构
    assert "table 2 row 4 col 6" in html
    docx = _locations(DATA / "docx" / "template_2021_blank.docx")
    assert any(w.startswith("table 2 row") for w in docx)
    text = _locations(DATA / "text" / "seed_panji_2021_spaced.txt")
    assert all(w.startswith("line ") for w in text)

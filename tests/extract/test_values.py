"""A cell's text is one number only when it is written as one (gixcheck.form.values).

Glued or decorated figures (``1 1``, ``3，5``, ``1¹``, ``<del>3</del>1``, a hidden digit) were
read as other numbers (11, 35, 31 …) and made false arithmetic errors; each is unreadable now.
"""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import gixcheck
from gixcheck.extract.build import build_report, parse_value
from gixcheck.extract.docx import extract_docx
from gixcheck.extract.html import extract_html
from gixcheck.form.values import read_value

DATA = Path(__file__).resolve().parent.parent / "data"
SHANGHAI = DATA / "html" / "shanghai_bangongting_2019.html"
# The page's 本年新收 / 自然人 cell, written once in it.
CELL_821 = '<p align="center">821</p>'


# ----------------------------------------------------------------------------- the grammar


@pytest.mark.parametrize(
    "text",
    [
        "1 1",
        "1,1",
        "3，5",
        "12,34",
        "1,2345",
        "1\n1",
        "1\u30001",
        "1\u00a01",
        "1 234",  # a space is never a thousands separator: it is two cells run together
        "1¹",
        "1①",
        "①",
        "²",
        "1₁",
        "\u0661",  # Arabic-Indic one
        "1,234，567",  # mixed separators
        "1.2.3",
        "1 1件",
        "1件1",
    ],
)
def test_glued_or_decorated_figures_are_unreadable(text: str) -> None:
    assert parse_value(text)["kind"] == "unreadable"
    assert parse_value(text)["raw"] == text


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("1", 1, None),
        (" 12 ", 12, None),
        ("\u300012\n", 12, None),
        ("1,234", 1234, None),
        ("1,234,567", 1234567, None),
        ("1，234", 1234, None),
        ("１２", 12, None),
        ("１，２３４", 1234, None),
        ("1,234.50", Decimal("1234.50"), None),
        ("0.5", Decimal("0.5"), None),
        ("-3", -3, None),
        ("3件", 3, "件"),
        ("3 件", 3, "件"),
        ("251000元", 251000, "元"),
        ("1.5万元", Decimal("1.5"), "万元"),
    ],
)
def test_one_number_written_unambiguously_is_read(text: str, value: Any, unit: str | None) -> None:
    cell = read_value(text)
    assert cell["kind"] == "number"
    assert cell["value"] == value
    assert type(cell["value"]) is type(value)
    assert cell.get("unit") == unit


@pytest.mark.parametrize(
    ("text", "kind"), [("", "blank"), ("  ", "blank"), ("/", "na"), ("— —", "na"), ("无", "na")]
)
def test_blank_and_not_applicable(text: str, kind: str) -> None:
    assert read_value(text)["kind"] == kind


_DIGITS = st.text("0123456789", min_size=1, max_size=6)
# Separators between two figures that never make a thousands grouping with them: whitespace of
# any kind, or a comma before a group that is not three digits.
_SPACE = st.sampled_from([" ", "  ", "\n", "\t", "\u3000", "\u00a0", " \n "])


@given(_DIGITS, _SPACE, _DIGITS)
def test_two_figures_apart_by_whitespace_are_never_a_number(a: str, sep: str, b: str) -> None:
    assert read_value(a + sep + b)["kind"] == "unreadable"


@given(_DIGITS, st.sampled_from([",", "，"]), _DIGITS.filter(lambda s: len(s) != 3))
def test_a_comma_that_is_not_a_grouping_never_makes_a_number(a: str, sep: str, b: str) -> None:
    assert read_value(a + sep + b)["kind"] == "unreadable"


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from([",", "，"]))
def test_thousands_grouping_reads_back_the_number(n: int, sep: str) -> None:
    assert read_value(f"{n:,}".replace(",", sep)) == {"kind": "number", "value": n}


@given(_DIGITS, st.sampled_from("¹²³⁰⁴⁵⁶⁷⁸⁹₀₁₂①②③⑴⒈"))
def test_a_raised_or_circled_digit_never_joins_a_figure(a: str, mark: str) -> None:
    assert read_value(a + mark)["kind"] == "unreadable"
    assert read_value(mark + a)["kind"] == "unreadable"


# ----------------------------------------------------------------------------- HTML cells


def _shanghai_cell(html_cell: str) -> dict[str, Any]:
    page = SHANGHAI.read_text(encoding="utf-8")
    assert page.count(CELL_821) == 1
    data = page.replace(CELL_821, f'<p align="center">{html_cell}</p>').encode("utf-8")
    report = build_report(extract_html(data, SHANGHAI.name), name=SHANGHAI.name, sha256="0" * 64)
    cell: dict[str, Any] = report["tables"]["table_3"]["rows"]["received_new"]["natural_person"]
    return cell


def test_the_unchanged_page_reads_821() -> None:
    assert _shanghai_cell("821")["value"] == 821


@pytest.mark.parametrize(
    "html_cell",
    [
        "82<br>1",
        "82<br/>1",
        "<del>9</del>821",
        "<s>9</s>821",
        "<strike>9</strike>821",
        "<del>821</del>",
        "821<sup>1</sup>",
        "82<sub>1</sub>",
        '<span style="display:none">9</span>821',
        '821<span style="display: none;">9</span>',
        '<span style="color:red;visibility:hidden">9</span>821',
        "<span hidden>9</span>821",
        '<span style="display:none">821</span>',
        "82 1",
        "82,1",
        "82，1",
        "82¹",
        "82①",
    ],
)
def test_html_glued_or_decorated_cell_is_unreadable(html_cell: str) -> None:
    cell = _shanghai_cell(html_cell)
    assert cell["kind"] == "unreadable", cell
    assert "value" not in cell


def test_html_deleted_text_stays_apart_in_raw() -> None:
    assert _shanghai_cell("<del>9</del>821")["raw"] == "9 821"


def test_html_unreadable_cell_is_tab004_not_an_arithmetic_error(tmp_path: Path) -> None:
    page = SHANGHAI.read_text(encoding="utf-8")
    path = tmp_path / "page.html"
    path.write_text(page.replace(CELL_821, '<p align="center"><del>9</del>821</p>'), "utf-8")
    (rep,) = gixcheck.check(str(path)).reports
    pointer = "/tables/table_3/rows/received_new/natural_person"
    assert any(f.rule == "TAB004" and f.location.pointer == pointer for f in rep.findings)
    # The sums that hold 9821 instead of 821 would fail; the unreadable cell is no figure.
    assert not [f for f in rep.findings if f.rule.startswith("ARI") and "9821" in str(f.evidence)]


# ----------------------------------------------------------------------------- DOCX cells

TEMPLATE = DATA / "docx" / "template_2021_blank.docx"
_EMPTY_P = "</w:pPr></w:p>"


def _docx_cell(runs: str) -> dict[str, Any]:
    """The 本年新收 / 自然人 value of the blank 2021 template with ``runs`` in that cell (the
    first empty paragraph after the row's label)."""
    with zipfile.ZipFile(TEMPLATE) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    at = xml.index(_EMPTY_P, xml.index("一、本年新收"))
    xml = xml[:at] + f"</w:pPr>{runs}</w:p>" + xml[at + len(_EMPTY_P) :]
    parts["word/document.xml"] = xml.encode("utf-8")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for n, data in parts.items():
            out.writestr(n, data)
    report = build_report(extract_docx(buf.getvalue(), "t.docx"), name="t.docx", sha256="0" * 64)
    cell: dict[str, Any] = report["tables"]["table_3"]["rows"]["received_new"]["natural_person"]
    return cell


def _run(text: str, props: str = "") -> str:
    return f"<w:r><w:rPr>{props}</w:rPr><w:t>{text}</w:t></w:r>"


def test_docx_plain_runs_read_as_one_number() -> None:
    assert _docx_cell(_run("82") + _run("1"))["value"] == 821


@pytest.mark.parametrize(
    "runs",
    [
        _run("9", "<w:strike/>") + _run("821"),
        _run("9", "<w:dstrike/>") + _run("821"),
        _run("9", "<w:vanish/>") + _run("821"),
        _run("821", "<w:vanish/>"),
        _run("821") + _run("1", '<w:vertAlign w:val="superscript"/>'),
        _run("82") + "<w:r><w:br/></w:r>" + _run("1"),
        _run("82 1"),
    ],
)
def test_docx_glued_or_decorated_cell_is_unreadable(runs: str) -> None:
    assert _docx_cell(runs)["kind"] == "unreadable"


def test_docx_property_switched_off_is_plain() -> None:
    assert _docx_cell(_run("9", '<w:strike w:val="0"/>') + _run("821"))["value"] == 9821

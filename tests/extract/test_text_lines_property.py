"""The pasted-text reader on any mix of the lines real crawled and pasted pages are made of.

Crawlers' page-to-text converters write a table cell per line (``规章 |``), rows between pipes
(``| 行政许可 | 0 | ||``), padding lines of spanned columns (``|||``), tab-separated rows and
PDF copies' spaced rows.  Whatever their order, reading must give blocks or one clear
extraction error, never an exception from inside the reader.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from gixcheck.extract.build import build_report
from gixcheck.extract.document import ExtractionError
from gixcheck.extract.text import extract_text, parse_lines

DATA = Path(__file__).resolve().parent.parent / "data"

HEADINGS = [
    "\u4e8c\u3001\u4e3b\u52a8\u516c\u5f00\u653f\u5e9c\u4fe1\u606f\u60c5\u51b5",
    "\u4e09\u3001\u6536\u5230\u548c\u5904\u7406\u653f\u5e9c\u4fe1\u606f\u516c\u5f00\u7533\u8bf7\u60c5\u51b5",
    "\u56db\u3001\u653f\u5e9c\u4fe1\u606f\u516c\u5f00\u884c\u653f\u590d\u8bae\u3001\u884c\u653f\u8bc9\u8bbc\u60c5\u51b5",
]
LABELS = [
    "\u89c4\u7ae0",
    "\u884c\u653f\u8bb8\u53ef",
    "\uff08\u4e00\uff09\u4e88\u4ee5\u516c\u5f00",
    "\u603b\u8ba1",
]
FRAGMENTS = ["|", "||", "|||", "| |", " | ", "0 |", "/ |", "12", "0 0 0", "\t", "\t0", "", " "]

line = st.one_of(
    st.sampled_from(HEADINGS),
    st.sampled_from(FRAGMENTS),
    st.builds(lambda lab, tail: lab + tail, st.sampled_from(LABELS), st.sampled_from(FRAGMENTS)),
    st.builds(
        lambda cells: "| " + " | ".join(cells) + " |",
        st.lists(st.sampled_from([*LABELS, "0", "3", "", "/"]), max_size=8),
    ),
    st.text(alphabet="|\t 0123\u89c4\u7ae0\u3002", max_size=12),
)


@given(st.lists(line, max_size=40))
def test_any_mix_of_table_lines_reads(lines: list[str]) -> None:
    for block in parse_lines(lines):
        assert block is not None


@given(st.lists(line, max_size=40))
def test_the_reader_raises_only_extraction_errors(lines: list[str]) -> None:
    with contextlib.suppress(ExtractionError):
        extract_text("\n".join(lines).encode("utf-8"), "pasted.txt")


def test_a_padding_line_of_pipes_in_a_table_section() -> None:
    # 区统计局 2023 as crawled: one cell per line, spanned columns as ``|||`` (it raised
    # IndexError, and the whole report was unreadable).
    lines = [HEADINGS[0], "\u89c4\u7ae0 |", "|||", "0 |", "||"]
    assert parse_lines(lines)


def test_table_four_a_cell_per_paragraph() -> None:
    """Table 四 written a cell per paragraph: its figures are a row of their own under the
    header's labels (总计 is a row label of table 三, not of table 四)."""
    labels = [
        "\u884c\u653f\u590d\u8bae",  # 行政复议
        "\u884c\u653f\u8bc9\u8bbc",  # 行政诉讼
        *["\u7ed3\u679c\u7ef4\u6301", "\u7ed3\u679c\u7ea0\u6b63", "\u5176\u4ed6\u7ed3\u679c"],
        *["\u5c1a\u672a\u5ba1\u7ed3", "\u603b\u8ba1"],
        "\u672a\u7ecf\u590d\u8bae\u76f4\u63a5\u8d77\u8bc9",  # 未经复议直接起诉
        "\u590d\u8bae\u540e\u8d77\u8bc9",  # 复议后起诉
    ]
    results = labels[2:7]
    figures = ["1", "0", "0", "0", "1", "2", "0", "0", "0", "2", "0", "0", "0", "0", "0"]
    body = "\n\n".join([*labels, *results, *results, *figures])
    seed = (DATA / "text" / "seed_panji_2021.txt").read_text(encoding="utf-8")
    head = seed.split(HEADINGS[2])[0]
    text = f"{head}{HEADINGS[2]}\n\n{body}\n"
    t4 = build_report(extract_text(text.encode("utf-8"), "t4.txt"), name="t4.txt", sha256="0")[
        "tables"
    ]["table_4"]
    assert t4["missing_rows"] == [] and t4["notes"] == []
    cases = {c: x["value"] for c, x in t4["rows"]["cases"].items()}
    assert [cases[f"review.{k}"] for k in ("upheld", "corrected", "other", "pending", "total")] == [
        1,
        0,
        0,
        0,
        1,
    ]
    assert cases["litigation_direct.upheld"] == 2 and cases["litigation_direct.total"] == 2

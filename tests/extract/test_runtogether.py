"""Crawled text with table cells run together (``规章000``, ``行政许可2629``) is read as far as it
honestly can be: a row is split only when the split is the only one possible (no leading zeros,
as many cells as the form gives the row); otherwise every cell of the row is unreadable with the
figures as written.  Never guessed, never zero, never a GIX001 for the whole file.

The pinned values are the unique splits of the crawled text of the real pages
(corpus/public/pingtan_20xx_page.txt) and were checked against what the same page says in
words: 2023 — 行政复议案件2件、行政诉讼案件7件 (table 四: 1+1 = 2 reviews, 5 + 2 = 7 suits), 不予公开5件
(1+1+1+2), 其他处理2件 (1+0+1), 不予处理1件; table 二's 规章 0/0/0, 行政许可 2629, 行政处罚 1330,
行政强制 54 and the fee 5949.088667 were read in the page's HTML table
(changwu/pingtan-gov-zwgk-archive, page.html of report 87885).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import gixcheck
from gixcheck import api
from gixcheck.extract.runtogether import split_run

DATA = Path(__file__).resolve().parent.parent / "data" / "text"


@pytest.mark.parametrize(
    ("run", "n", "cells"),
    [
        ("000", 3, ["0", "0", "0"]),
        ("2629", 1, ["2629"]),
        ("5949.088667", 1, ["5949.088667"]),
        ("1000001", 7, ["1", "0", "0", "0", "0", "0", "1"]),
        ("110024001510102", 15, list("110024001510102")),
        ("35-15", 2, ["35", "-15"]),  # 本年增/减 may be negative
        ("4 0 0 0 0 0 4", 7, ["4", "0", "0", "0", "0", "0", "4"]),  # spaces are boundaries
        ("0 0 00 00 0", 7, ["0"] * 7),
        ("77132470", 3, None),  # 77/132/470, 7/71/32470 …
        ("801000081", 7, None),  # 80/1/0/0/0/0/81, 8/0/10/0/0/0/81 …
        ("200 000121", 7, None),
        ("05", 2, ["0", "5"]),
        ("05", 1, None),  # a leading zero is no number
    ],
)
def test_split_only_when_unique(run: str, n: int, cells: list[str] | None) -> None:
    assert split_run(run, n) == cells


@given(st.lists(st.integers(min_value=0, max_value=99999), min_size=1, max_size=15))
def test_a_unique_split_gives_back_the_cells(values: list[int]) -> None:
    run = "".join(str(v) for v in values)
    cells = split_run(run, len(values))
    if cells is not None:  # when it says it is unique, it is the only reading: the true one
        assert [int(c) for c in cells] == values
    if all(v < 10 for v in values):
        assert cells == [str(v) for v in values]


@pytest.fixture(scope="module")
def p2023() -> dict[str, Any]:
    return api.extract(DATA / "pingtan_2023_page.txt")


def _value(cell: dict[str, Any]) -> Any:
    return cell.get("value") if cell["kind"] == "number" else (cell["kind"], cell.get("raw"))


def test_pingtan_2023_metadata(p2023: dict[str, Any]) -> None:
    m = p2023["metadata"]
    assert m["title"] == "平潭综合实验区2023年度政府信息公开工作年度报告"  # 标题: label dropped
    assert (m["body"], m["body_kind"], m["year"]) == ("平潭综合实验区", "other", 2023)
    assert m["published"] == "2024-03-08"
    assert [(d["kind"], d["value"]) for d in m["dates"]] == [
        ("page", "2024-03-08"),
        ("url", "2024-03-08"),
        ("url_folder", "2024-03"),
    ]
    assert [s["key"] for s in p2023["sections"]] == [
        "overview",
        "proactive",
        "requests",
        "review_litigation",
        "problems",
        "other",
    ]


def test_pingtan_2023_tables(p2023: dict[str, Any]) -> None:
    t2 = p2023["tables"]["table_2"]["rows"]
    assert {c: _value(v) for c, v in t2["rules"].items()} == {
        "issued": 0,
        "repealed": 0,
        "in_force": 0,
    }
    assert [_value(v) for v in t2["normative_docs"].values()] == [("unreadable", "77132470")] * 3
    assert _value(t2["licensing"]["decisions"]) == 2629
    assert _value(t2["penalty"]["decisions"]) == 1330
    assert _value(t2["coercion"]["decisions"]) == 54
    assert str(_value(t2["fees"]["amount"])) == "5949.088667"
    t3 = p2023["tables"]["table_3"]["rows"]
    assert [_value(v) for v in t3["received_new"].values()] == [("unreadable", "801000081")] * 7
    assert [_value(v) for v in t3["result.denied.inquiry"].values()] == [2, 0, 0, 0, 0, 0, 2]
    assert [_value(v) for v in t3["result.other.other"].values()] == [1, 0, 0, 0, 0, 0, 1]
    assert p2023["tables"]["table_3"]["other_form"] == "split"
    t4 = p2023["tables"]["table_4"]["rows"]["cases"]
    assert [_value(v) for v in t4.values()] == [1, 1, 0, 0, 2, 4, 0, 0, 1, 5, 1, 0, 1, 0, 2]
    # provenance: the line and the column where the figures stand
    src = t2["rules"]["issued"]["source"]
    assert src["line"] == 10 and src["col"] > 1


def test_pingtan_2020_2019_layout() -> None:
    rep = api.extract(DATA / "pingtan_2020_page.txt")
    assert rep["layout"] == "2019"
    t2 = rep["tables"]["table_2"]["rows"]
    assert [_value(v) for v in t2["rules"].values()] == [0, 0, 7]
    assert [_value(v) for v in t2["fees"].values()] == [35, -15]
    assert _value(t2["penalty"]["change"]) == ("unreadable", "2648-18538")
    t3 = rep["tables"]["table_3"]
    assert t3["other_form"] == "single"
    assert [_value(v) for v in t3["rows"]["result.other"].values()] == [4, 0, 0, 0, 0, 0, 4]
    assert [_value(v) for v in t3["rows"]["carried_forward"].values()] == [0] * 7


def test_crawled_text_gets_its_other_checks() -> None:
    """Sections, fee, dates and narrative run; arithmetic on unreadable cells is not assessed."""
    res = gixcheck.check(DATA / "pingtan_2023_page.txt").reports[0]
    rules = {f.rule for f in res.findings}
    assert "GIX001" not in rules
    assert not {"SEC001", "SEC002", "FEE001"} & rules
    na = {n.rule for n in res.not_assessable}
    assert any(r.startswith("ARI") for r in na)  # the sums over unreadable rows

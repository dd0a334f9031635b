"""Real report pages and their saved-as-PDF copies (tests/data/SOURCES.md).

Every value pinned here was read on the page itself (its stored HTML and, where noted, the
sentence of the report that states it), never taken from gixcheck's output.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

import gixcheck
from gixcheck import api
from gixcheck.form import labels

DATA = Path(__file__).resolve().parent.parent / "data"
PINGTAN_HTML = DATA / "html" / "pingtan_2023.html"
PINGTAN_PDF = DATA / "pdf" / "pingtan_2023_saved.pdf"

# 平潭综合实验区2023年度政府信息公开工作年度报告, as the page shows it: headline, 来源 and 时间 line.
PINGTAN_META = {
    "title": "平潭综合实验区2023年度政府信息公开工作年度报告",
    "body": "平潭综合实验区",
    "body_kind": "other",  # a zone (综合实验区) run by a 管委会
    "year": 2023,
    "published": "2024-03-08",  # 时间：2024-03-08 15:34
}
# Table 二 and the first rows of table 三 as the page's HTML table cells hold them; the rest of
# table 三 and table 四 as the crawled text of the same page runs them together where the split
# is unique, and as the report states in words: 办结81件 (总计 81), 涉及自然人80件、商业企业1件,
# 无法提供31件, 不予公开5件, 其他处理2件, 行政复议案件2件、行政诉讼案件7件.
PINGTAN_T2 = {
    ("rules", "issued"): 0,
    ("rules", "repealed"): 0,
    ("rules", "in_force"): 0,
    ("normative_docs", "issued"): 77,
    ("normative_docs", "repealed"): 132,
    ("normative_docs", "in_force"): 470,
    ("licensing", "decisions"): 2629,
    ("penalty", "decisions"): 1330,
    ("coercion", "decisions"): 54,
}
ZERO = [0] * 7
PINGTAN_T3 = {
    "received_new": [80, 1, 0, 0, 0, 0, 81],
    "carried_over": ZERO,
    "result.granted": [22, 0, 0, 0, 0, 0, 22],
    "result.partly_granted": [19, 1, 0, 0, 0, 0, 20],
    "result.denied.state_secret": ZERO,
    "result.denied.law_prohibited": ZERO,
    "result.denied.three_safeties": ZERO,
    "result.denied.third_party": [1, 0, 0, 0, 0, 0, 1],
    "result.denied.internal_affairs": ZERO,
    "result.denied.process_info": [1, 0, 0, 0, 0, 0, 1],
    "result.denied.enforcement_file": [1, 0, 0, 0, 0, 0, 1],
    "result.denied.inquiry": [2, 0, 0, 0, 0, 0, 2],
    "result.unavailable.not_held": [31, 0, 0, 0, 0, 0, 31],
    "result.unavailable.needs_creation": ZERO,
    "result.unavailable.unclear": ZERO,
    "result.not_processed.petition": ZERO,
    "result.not_processed.repeated": [1, 0, 0, 0, 0, 0, 1],
    "result.not_processed.publications": ZERO,
    "result.not_processed.excessive": ZERO,
    "result.not_processed.confirmation": ZERO,
    "result.other.overdue_correction": [1, 0, 0, 0, 0, 0, 1],
    "result.other.overdue_fee": ZERO,
    "result.other.other": [1, 0, 0, 0, 0, 0, 1],
    "result.total": [80, 1, 0, 0, 0, 0, 81],
    "carried_forward": ZERO,
}
PINGTAN_T4 = [1, 1, 0, 0, 2, 4, 0, 0, 1, 5, 1, 0, 1, 0, 2]

_CACHE: dict[Path, dict[str, Any]] = {}


def extract(path: Path) -> dict[str, Any]:
    if path not in _CACHE:
        _CACHE[path] = api.extract(path)
    return _CACHE[path]


@pytest.mark.parametrize("path", [PINGTAN_HTML, PINGTAN_PDF], ids=["html", "saved-pdf"])
def test_pingtan_identity_as_the_page_shows_it(path: Path) -> None:
    m = extract(path)["metadata"]
    assert {k: m[k] for k in PINGTAN_META} == PINGTAN_META
    assert [s["key"] for s in extract(path)["sections"]] == [
        "overview",
        "proactive",
        "requests",
        "review_litigation",
        "problems",
        "other",
    ]


@pytest.mark.parametrize("path", [PINGTAN_HTML, PINGTAN_PDF], ids=["html", "saved-pdf"])
def test_pingtan_every_cell(path: Path) -> None:
    tables = extract(path)["tables"]
    t2 = tables["table_2"]["rows"]
    assert {(r, c): t2[r][c]["value"] for r, c in PINGTAN_T2} == PINGTAN_T2
    assert str(t2["fees"]["amount"]["value"]) == "5949.088667"
    cols = [c.key for c in labels("table_3", "columns")]
    t3 = tables["table_3"]["rows"]
    assert {r: [t3[r][c]["value"] for c in cols] for r in t3} == PINGTAN_T3
    t4 = tables["table_4"]["rows"]["cases"]
    assert [c["value"] for c in t4.values()] == PINGTAN_T4


def test_pingtan_page_dates_all_kept() -> None:
    dates = extract(PINGTAN_HTML)["metadata"]["dates"]
    assert [(d["kind"], d["value"], d["text"]) for d in dates] == [
        ("page", "2024-03-08", "时间：2024-03-08 15:34"),
        ("meta", "2024-03-08", "2024-03-08 15:34"),
        ("url", "2024-03-08", "t20240308"),
        ("url_folder", "2024-03", "202403"),
    ]
    assert dates[1]["source"] == {"meta": "PubDate"}
    assert extract(PINGTAN_HTML)["metadata"]["source"]["url"].endswith("t20240308_87885.htm")


def test_saved_pdf_reads_like_its_page() -> None:
    """Same paragraphs, same cells; navigation, breadcrumb, share bar and footer nowhere."""
    html, pdf = extract(PINGTAN_HTML), extract(PINGTAN_PDF)

    def texts(rep: dict[str, Any]) -> list[str]:
        return [p["text"] for p in rep["preamble"]] + [
            p["text"] for s in rep["sections"] for p in s["paragraphs"]
        ]

    got = [t for t in texts(pdf) if not t.startswith("来源")]  # the info line is printed
    assert got == texts(html)
    everything = " ".join(texts(pdf))
    for furniture in (
        "省人大",
        "首页",
        "当前位置",
        "微博",
        "网站标识码",
        "主办单位",
        "闽政通",
        "走进平潭",
    ):
        assert furniture not in everything


def test_pingtan_findings_agree_between_page_and_saved_pdf() -> None:
    def rules(path: Path) -> list[tuple[str, str]]:
        res = gixcheck.check(path).reports[0]
        return sorted((f.rule, f.location.pointer) for f in res.findings)

    assert rules(PINGTAN_HTML) == rules(PINGTAN_PDF)


# --------------------------------------------------------------------------- the seed, reshaped


def _findings(path: Path) -> list[tuple[str, str]]:
    res = gixcheck.check(path).reports[0]
    return sorted((f.rule, f.location.pointer) for f in res.findings)


def test_seed_as_an_html_table_without_colspans_reads_as_the_seed(tmp_path: Path) -> None:
    """The seed page with every colspan removed: rows are shorter than the grid, headers do not
    line up with the rows; values stay in their own columns (they shifted before)."""
    page = (DATA / "html" / "seed_panji_2021_gbk.html").read_bytes().decode("gb18030")
    flat = re.sub(r"\s(?:colspan|rowspan)\s*=\s*\"?\d+\"?", "", page)
    assert "colspan" not in flat
    path = tmp_path / "seed_no_colspan.html"
    path.write_bytes(flat.encode("gb18030"))
    assert _findings(path) == _findings(DATA / "text" / "seed_panji_2021.txt")


def test_seed_as_gbk_text_reads_as_the_seed() -> None:
    assert _findings(DATA / "text" / "seed_panji_2021_gbk.txt") == _findings(
        DATA / "text" / "seed_panji_2021.txt"
    )


def test_pre_2019_department_of_a_zone_crawled_in_one_line() -> None:
    """平潭综合实验区地方税务局 2013: the 来源 line names 平潭县人民政府, but the report is the 地税局's;
    the headings of the 2008-era form stand inside one long line."""
    rep = extract(DATA / "text" / "pingtan_dishui_2013_page.txt")
    m = rep["metadata"]
    assert m["title"] == "平潭综合实验区地方税务局2013年信息公开年度报告"
    assert (m["body"], m["body_kind"], m["parent_kind"]) == (
        "平潭综合实验区地方税务局",
        "department",
        "other",
    )
    assert (m["year"], m["published"]) == (2013, "2014-02-25")
    assert {d["kind"] for d in m["dates"]} == {"page", "url", "url_folder"}
    assert rep["layout"] == "pre-2019"
    assert [(s["number"], s["key"]) for s in rep["sections"]] == [
        ("一", "overview"),
        ("二", "proactive"),
        ("三", "requests"),
        ("五", "review_litigation"),
    ]
    first = rep["sections"][0]["paragraphs"][0]
    assert first["text"].startswith("推进政府信息公开是平潭地税局")
    assert first["source"]["line"] == 10 and first["source"]["col"] > 1


def test_township_page_text_with_its_signature() -> None:
    """2018年建新镇 (遂溪县): a township government; the page's 时间 line, the date under the
    signature; 来源:本站原创 is not a body; the 作者/来源/分享到 bar is furniture."""
    rep = extract(DATA / "text" / "suixi_jianxin_2018_page.txt")
    m = rep["metadata"]
    assert (m["title"], m["body"]) == ("2018年建新镇政府信息公开工作年度报告", "建新镇")
    assert (m["body_kind"], m["level"], m["year"]) == ("government", "township", 2018)
    assert (m["published"], m["written"]) == ("2019-01-18", "2018-12-31")
    assert [(d["kind"], d["value"]) for d in m["dates"]] == [
        ("page", "2019-01-18"),
        ("signature", "2018-12-31"),
    ]
    assert [s["key"] for s in rep["sections"]] == ["proactive", "requests", "review_litigation"]
    assert not any("分享到" in p["text"] for p in rep["preamble"])

"""More real report pages (tests/data/SOURCES.md): a 2019-layout page and a pre-2019 page with
Word-export markup, each with its Chromium print, and the stored text of department and
township pages.

Every value pinned here was read on the page or in the stored text itself, never taken from
gixcheck's output.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gixcheck import api
from gixcheck.form import labels

DATA = Path(__file__).resolve().parent.parent / "data"
P2019_HTML = DATA / "html" / "pingtan_2019.html"
P2019_PDF = DATA / "pdf" / "pingtan_2019_saved.pdf"
P2015_HTML = DATA / "html" / "pingtan_2015.html"
P2015_PDF = DATA / "pdf" / "pingtan_2015_saved.pdf"
TEXT = DATA / "text"

_CACHE: dict[Path, dict[str, Any]] = {}


def extract(path: Path) -> dict[str, Any]:
    if path not in _CACHE:
        _CACHE[path] = api.extract(path)
    return _CACHE[path]


def meta(path: Path, *keys: str) -> dict[str, Any]:
    m = extract(path)["metadata"]
    return {k: m[k] for k in keys}


IDENTITY = ("title", "body", "body_kind", "year", "published")

# ------------------------------------------------------------------ 平潭综合实验区 2019, 2019 layout

# The page: headline 平潭综合实验区2019年度政府信息公开工作年度报告, 来源：平潭县人民政府 (the county whose
# site this was, not the report's body), 时间：2020-01-20 15:22.
P2019_META = {
    "title": "平潭综合实验区2019年度政府信息公开工作年度报告",
    "body": "平潭综合实验区",
    "body_kind": "other",
    "year": 2019,
    "published": "2020-01-20",
}
# Table 二 of the 2019 form, as the page's cells hold them (规章 0 and 其他对外管理服务事项 10 are bare
# text in their <td>, the rest in <p><span>; 采购总金额 written 75394432.52元).
P2019_T2 = {
    ("rules", "made"): 0,
    ("rules", "published"): 0,
    ("rules", "total_published"): 0,
    ("normative_docs", "made"): 89,
    ("normative_docs", "published"): 89,
    ("normative_docs", "total_published"): 89,
    ("licensing", "prev_items"): 396,
    ("licensing", "change"): 0,
    ("licensing", "decisions"): 181,
    ("other_services", "prev_items"): 10,
    ("other_services", "change"): 0,
    ("other_services", "decisions"): 153,
    ("penalty", "prev_items"): 2648,
    ("penalty", "change"): 0,
    ("penalty", "decisions"): 430,
    ("coercion", "prev_items"): 126,
    ("coercion", "change"): 0,
    ("coercion", "decisions"): 25,
    ("fees", "prev_items"): 35,
    ("fees", "change"): 0,
    ("procurement", "proc_items"): 135,
    ("procurement", "proc_amount"): "75394432.52",
}
Z = [0] * 7
# Table 三: every figure is a 自然人 one; some zeros are padded (0&nbsp;&nbsp;…, &nbsp;0); the
# single-row （六）其他处理 of the 2019 form; 三、本年度办理结果 is written twice (rowspan 10 each).
P2019_T3 = {
    "received_new": [23, 0, 0, 0, 0, 0, 23],
    "carried_over": Z,
    "result.granted": [7, 0, 0, 0, 0, 0, 7],
    "result.partly_granted": [1, 0, 0, 0, 0, 0, 1],
    "result.denied.state_secret": Z,
    "result.denied.law_prohibited": Z,
    "result.denied.three_safeties": Z,
    "result.denied.third_party": Z,
    "result.denied.internal_affairs": Z,
    "result.denied.process_info": Z,
    "result.denied.enforcement_file": Z,
    "result.denied.inquiry": Z,
    "result.unavailable.not_held": [7, 0, 0, 0, 0, 0, 7],
    "result.unavailable.needs_creation": Z,
    "result.unavailable.unclear": [5, 0, 0, 0, 0, 0, 5],
    "result.not_processed.petition": Z,
    "result.not_processed.repeated": [3, 0, 0, 0, 0, 0, 3],
    "result.not_processed.publications": Z,
    "result.not_processed.excessive": Z,
    "result.not_processed.confirmation": Z,
    "result.other": Z,
    "result.total": [23, 0, 0, 0, 0, 0, 23],
    "carried_forward": Z,
}


@pytest.mark.parametrize("path", [P2019_HTML, P2019_PDF], ids=["html", "saved-pdf"])
def test_pingtan_2019_identity(path: Path) -> None:
    assert meta(path, *IDENTITY) == P2019_META
    rep = extract(path)
    assert rep["layout"] == "2019"
    assert [s["key"] for s in rep["sections"]] == [
        "overview",
        "proactive",
        "requests",
        "review_litigation",
        "problems",
        "other",
    ]


@pytest.mark.parametrize("path", [P2019_HTML, P2019_PDF], ids=["html", "saved-pdf"])
def test_pingtan_2019_every_cell(path: Path) -> None:
    tables = extract(path)["tables"]
    t2 = tables["table_2"]
    assert t2["layout"] == "2019" and t2["missing_rows"] == []
    got = {(r, c): t2["rows"][r][c]["value"] for r, c in P2019_T2}
    assert {k: (str(v) if k[1] == "proc_amount" else v) for k, v in got.items()} == P2019_T2
    cols = [c.key for c in labels("table_3", "columns")]
    t3 = tables["table_3"]
    assert t3["other_form"] == "single" and t3["unmatched_rows"] == []
    assert {r: [t3["rows"][r][c]["value"] for c in cols] for r in t3["rows"]} == P2019_T3
    assert [c["value"] for c in tables["table_4"]["rows"]["cases"].values()] == [0] * 15


def test_pingtan_2019_dates_and_source() -> None:
    m = extract(P2019_HTML)["metadata"]
    assert [(d["kind"], d["value"], d["text"]) for d in m["dates"]] == [
        ("page", "2020-01-20", "时间：2020-01-20 15:22"),
        ("meta", "2020-01-20", "2020-01-20 15:22"),
        ("url", "2020-01-20", "t20200120"),
        ("url_folder", "2020-01", "202001"),
    ]


def _paragraphs(rep: dict[str, Any]) -> list[str]:
    return [p["text"] for s in rep["sections"] for p in s["paragraphs"]]


@pytest.mark.parametrize(
    ("page", "saved"), [(P2019_HTML, P2019_PDF), (P2015_HTML, P2015_PDF)], ids=["2019", "2015"]
)
def test_saved_pdf_paragraphs_are_the_pages(page: Path, saved: Path) -> None:
    """Same section paragraphs; a line starting with a URL (（www.pingtan.gov.cn）…) continues
    its paragraph; the footer's browser notice is furniture."""
    html, pdf = extract(page), extract(saved)
    assert _paragraphs(pdf) == _paragraphs(html)
    preamble = [p["text"] for p in pdf["preamble"]]
    assert preamble[-1] == [p["text"] for p in html["preamble"]][-1]
    everything = " ".join(preamble + _paragraphs(pdf))
    for furniture in ("最佳浏览效果", "主办单位", "当前位置", "微博", "网站标识码"):
        assert furniture not in everything


# ------------------------------------------------- 平潭综合实验区 2015, pre-2019, Word-export markup


def test_pingtan_2015_word_markup_pre_2019() -> None:
    """class="MsoNormal" paragraphs with the title split over two (平潭综合实验区 / 201 + 5年度…),
    pre-2019 headings: 三、政府信息依申请公开工作情况 and 六、主要问题和改进措施 open their sections."""
    for path in (P2015_HTML, P2015_PDF):
        assert meta(path, *IDENTITY) == {
            "title": "平潭综合实验区2015年度政府信息公开工作年度报告",
            "body": "平潭综合实验区",
            "body_kind": "other",
            "year": 2015,
            "published": "2016-01-12",
        }
        rep = extract(path)
        assert rep["layout"] == "pre-2019"
        assert [(s["number"], s["key"]) for s in rep["sections"]] == [
            ("一", "overview"),
            ("二", "proactive"),
            ("三", "requests"),
            ("五", "review_litigation"),
            ("六", "problems"),
        ]
        # The 统计表 (指标名称/计量单位/2015年度/历年累计) is none of the form's tables.
        assert not any(rep["tables"].get(t, {}).get("present") for t in ("table_2", "table_3"))


# ------------------------------------------------------------- stored text of department and township pages


def test_department_page_with_pipe_tables() -> None:
    """九原区政务服务局 2022: a department; the title over two lines; tables written as
    ``规章 | 0 | 0 | 0 |`` rows; the stored text stops inside 4.保护第三方合法权益 (``| 1 |``)."""
    path = TEXT / "jiuyuanqu_zwfwj_2022_page.txt"
    assert meta(path, *IDENTITY, "level") == {
        "title": "九原区政务服务局2022年政府信息公开工作年度报告",
        "body": "九原区政务服务局",
        "body_kind": "department",
        "year": 2022,
        "published": None,
        "level": "county",
    }
    rep = extract(path)
    t2 = rep["tables"]["table_2"]
    assert t2["layout"] == "2021" and t2["missing_rows"] == [] and t2["notes"] == []
    assert _values(t2) == _zero_rows("2021")
    cols = [c.key for c in labels("table_3", "columns")]
    rows = rep["tables"]["table_3"]["rows"]
    assert [rows["received_new"][c]["value"] for c in cols] == [1, 0, 0, 0, 0, 0, 1]
    for key in (
        "carried_over",
        "result.granted",
        "result.partly_granted",
        "result.denied.state_secret",
        "result.denied.law_prohibited",
        "result.denied.three_safeties",
    ):
        assert [rows[key][c]["value"] for c in cols] == Z
    # The cut row: one figure of seven; which column it is cannot be told.
    assert {rows["result.denied.third_party"][c]["kind"] for c in cols} == {"unreadable"}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "pingcheng_wenyinghu_2021_page",
            {
                "title": "平城区文瀛湖街道2021年政府信息公开工作年度报告",
                "body": "平城区文瀛湖街道",
                "body_kind": "other",
                "year": 2021,
                "published": "2022-01-31",
                "level": "township",
            },
        ),
        (
            "zibo_zhongbu_2020_page",
            {
                "title": "中埠镇人民政府2020年政府信息公开工作年度报告",
                "body": "中埠镇人民政府",
                "body_kind": "government",
                "year": 2020,
                "published": "2021-01-30",
                "level": "township",
            },
        ),
        (
            "lixian_sjj_2022_page",
            {
                "title": "蠡县审计局2022年度政府信息公开工作年度报告",
                "body": "蠡县审计局",
                "body_kind": "department",
                "year": 2022,
                "published": None,
                "level": "county",
            },
        ),
    ],
)
def test_township_and_department_page_texts(name: str, expected: dict[str, Any]) -> None:
    assert meta(TEXT / f"{name}.txt", *IDENTITY, "level") == expected


def test_street_page_with_its_metadata_block() -> None:
    """文瀛湖街道 2021: the crawler's 索引号/发布机构/发布日期/标题 block above the page; all six
    headings, in a page whose tables did not reach the text."""
    rep = extract(TEXT / "pingcheng_wenyinghu_2021_page.txt")
    assert [s["number"] for s in rep["sections"]] == ["一", "二", "三", "四", "五", "六"]
    assert {d["value"] for d in rep["metadata"]["dates"]} == {"2022-01-31"}


# ------------------------------------------- tables written a cell per line, each cell ended by |


# Table 二 read as all zeros, row by row in the form's order, in the 2021 and the 2019 layout.
_THREE_2019 = {"prev_items": 0, "change": 0, "decisions": 0}
_ZERO_T2 = {
    "2021": {
        "rules": {"issued": 0, "repealed": 0, "in_force": 0},
        "normative_docs": {"issued": 0, "repealed": 0, "in_force": 0},
        "licensing": {"decisions": 0},
        "penalty": {"decisions": 0},
        "coercion": {"decisions": 0},
        "fees": {"amount": 0},
    },
    "2019": {
        "rules": {"made": 0, "published": 0, "total_published": 0},
        "normative_docs": {"made": 0, "published": 0, "total_published": 0},
        "licensing": _THREE_2019,
        "other_services": _THREE_2019,
        "penalty": _THREE_2019,
        "coercion": _THREE_2019,
        "fees": {"prev_items": 0, "change": 0},
        "procurement": {"proc_items": 0, "proc_amount": 0},
    },
}


def _zero_rows(layout: str, rows: int | None = None) -> dict[str, dict[str, Any]]:
    """The first ``rows`` rows of table 二 (all of them: None) as zeros."""
    return dict(list(_ZERO_T2[layout].items())[:rows])


def _values(table: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        r: {c: x.get("value", x["kind"]) for c, x in v.items()} for r, v in table["rows"].items()
    }


def test_cells_ended_by_a_pipe_on_their_line() -> None:
    """区统计局 2023 (61.150.65.235): every cell on its own line ended by `` |`` (``规章 |``,
    ``/ |``), a blank cell as ``|`` alone, the padding of spanned columns as ``|||``.  It raised
    IndexError on ``|||`` and the whole report was unreadable; its tables were not read."""
    rep = extract(TEXT / "qu_tjj_2023_page.txt")
    t2, t3 = rep["tables"]["table_2"], rep["tables"]["table_3"]
    assert t2["missing_rows"] == [] and t2["unmatched_rows"] == [] and t2["notes"] == []
    assert _values(t2) == {
        "rules": {"issued": "na", "repealed": "na", "in_force": "na"},
        "normative_docs": {"issued": 0, "repealed": 0, "in_force": 0},
        "licensing": {"decisions": 0},
        "penalty": {"decisions": 0},
        "coercion": {"decisions": 0},
        "fees": {"amount": 0},
    }
    # The text stops inside table 三 at （一）予以公开, its cells blank.
    assert t3["unmatched_rows"] == [] and t3["notes"] == []
    columns = [c.key for c in labels("table_3", "columns")]
    blank_then_total = {c: "blank" for c in columns[:-1]} | {columns[-1]: 0}
    assert _values(t3) == {
        "received_new": blank_then_total,
        "carried_over": blank_then_total,
        "result.granted": {c: "blank" for c in columns},
    }


def test_year_and_body_from_the_preamble_when_there_is_no_title_line() -> None:
    """区统计局 2023 as stored starts at its preamble (现公布区统计局2023年政府信息公开工作年度报告):
    no title line, so no year was read and every year-bound rule went unassessed (FMT005)."""
    meta = extract(TEXT / "qu_tjj_2023_page.txt")["metadata"]
    assert meta["title"] is None  # the text has none, and none is made up
    assert (meta["year"], meta["body"], meta["body_kind"]) == (2023, "区统计局", "department")


def test_cells_ended_by_a_pipe_on_the_next_line() -> None:
    """长安区统计局 2023 (sjzca.gov.cn): each cell's text on one line and the ``|`` that ends it
    on the next (``规章`` / ``|`` / ``0`` / ``|``), rows ended by ``||``; the text stops inside
    the fee row's header."""
    rep = extract(TEXT / "changan_tjj_2023_page.txt")
    t2 = rep["tables"]["table_2"]
    assert t2["unmatched_rows"] == [] and t2["notes"] == [] and t2["missing_rows"] == ["fees"]
    assert _values(t2) == _zero_rows("2021", 5)


def test_cells_on_lines_of_their_own_between_blank_lines() -> None:
    """蠡县审计局 2022 and 中埠镇 2020: each cell a paragraph of its own (``规章`` / ``0`` /
    ``0`` / ``0``, blank lines between), as crawlers write table cells that hold ``<p>``.  Their
    tables were not read (TAB001)."""
    lixian = extract(TEXT / "lixian_sjj_2022_page.txt")["tables"]["table_2"]
    assert lixian["layout"] == "2021" and lixian["missing_rows"] == [] and lixian["notes"] == []
    assert _values(lixian) == _zero_rows("2021")
    # The 2019 layout (本年新制作数量 / 上一年项目数量 / 本年增/减); cut off in the fee row.
    zibo = extract(TEXT / "zibo_zhongbu_2020_page.txt")["tables"]["table_2"]
    assert zibo["layout"] == "2019" and zibo["unmatched_rows"] == [] and zibo["notes"] == []
    assert _values(zibo) == _zero_rows("2019", 6)


def test_street_page_with_spaced_field_labels() -> None:
    """新下陆街道办事处 2022 (xialuqu.gov.cn): the crawler's ``名 称:`` / ``索 引 号:`` block with
    labels spaced to align, the title with a space inside, and the period written
    ``自2022年1月1日始至2022年12月31日止``."""
    path = TEXT / "xialuqu_xinxialu_2022_page.txt"
    assert meta(path, *IDENTITY, "level") == {
        "title": "新下陆街道办事处2022年度 政府信息公开工作年度报告",
        "body": "新下陆街道办事处",
        "body_kind": "other",
        "year": 2022,
        "published": "2023-01-17",
        "level": "township",
    }
    period = extract(path)["metadata"]["period"]
    assert (period["start"], period["end"]) == ("2022-01-01", "2022-12-31")


def test_street_page_with_cells_between_blank_lines() -> None:
    """长兴岛街道 2022 (ccxi.gov.cn): the page's 时间/作者/来源/点击 bar, table 二 a cell per
    paragraph; the text stops in the header of 第二十条第(六)项."""
    path = TEXT / "ccxi_changxingdao_2022_page.txt"
    assert meta(path, *IDENTITY) == {
        "title": "大连长兴岛经济技术开发区长兴岛街道2022年政府信息公开工作年度报告",
        "body": "大连长兴岛经济技术开发区长兴岛街道",
        "body_kind": "other",
        "year": 2022,
        "published": "2023-01-17",
    }
    assert _values(extract(path)["tables"]["table_2"]) == _zero_rows("2021", 3)


def test_cells_between_blank_lines_with_a_header_broken_over_lines() -> None:
    """大五里镇 2020 (qianan.gov.cn): a cell per paragraph, the 2019 headers broken inside their
    cell (``本年新`` / ``制作数量``), values padded with spaces (``  0``, ``0 ``); the text stops
    after 1.属于国家秘密 in table 三."""
    tables = extract(TEXT / "qianan_dawuli_2020_page.txt")["tables"]
    t2, t3 = tables["table_2"], tables["table_3"]
    assert t2["layout"] == "2019" and t2["missing_rows"] == [] and t2["notes"] == []
    assert _values(t2) == _zero_rows("2019")
    columns = [c.key for c in labels("table_3", "columns")]
    assert t3["notes"] == [] and t3["unmatched_rows"] == []
    assert _values(t3) == {
        r: dict.fromkeys(columns, 0)
        for r in (
            "received_new",
            "carried_over",
            "result.granted",
            "result.partly_granted",
            "result.denied.state_secret",
        )
    }


def test_preamble_names_the_year_but_no_body(tmp_path: Path) -> None:
    """本机关2022年度…: the announcement gives the year; 本机关 is no body's name, so none is
    taken from it (the seed's own text, its title line replaced by such a preamble)."""
    seed = (TEXT / "seed_panji_2021.txt").read_text(encoding="utf-8").splitlines()
    preamble = "特向社会公布2022年度本机关政府信息公开工作年度报告如下。"
    path = tmp_path / "untitled.txt"
    path.write_text("\n".join([preamble, *seed[1:]]) + "\n", encoding="utf-8")
    m = api.extract(path)["metadata"]
    assert (m["title"], m["year"], m["body"]) == (None, 2022, None)


# 朔州市统计局 2023 (sztj.shuozhou.gov.cn), as stored: no title line, and the preamble names the
# body before 编制, so only its statistics period says the year.
_SHUOZHOU_PREAMBLE = (
    "本报告根据《中华人民共和国政府信息公开条例》(2019年修订版)和《国务院办公厅政府信息与政务公开"
    "办公室关于政府信息公开工作年度报告有关事项的通知》(国办公开办函〔2019〕60号)的要求,由朔州市"
    "统计局编制。内容包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息"
    "公开行政复议、行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项等,其中总体情况包括"
    "主动公开、依申请公开、政府信息管理、平台建设和监督保障等方面。本年度报告中所列数据统计期限为"
    "{period}。"
)


@pytest.mark.parametrize(
    ("period", "year"),
    [
        ("2023年1月1日至2023年12月31日", 2023),  # the page's own words: one calendar year
        ("2023年1月1日至2023年6月30日", None),  # half a year: no report year
    ],
)
def test_year_from_a_calendar_year_period_when_nothing_names_it(
    tmp_path: Path, period: str, year: int | None
) -> None:
    seed = (TEXT / "seed_panji_2021.txt").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "shuozhou.txt"
    path.write_text(
        "\n".join([_SHUOZHOU_PREAMBLE.format(period=period), *seed[1:]]) + "\n", encoding="utf-8"
    )
    m = api.extract(path)["metadata"]
    assert m["title"] is None and m["period"]["text"] == period
    assert m["year"] == year


# 龙岗区 department pages (www.lg.gov.cn/xxgk/xxgknb/qzfgzbm) open straight at 一、总体情况 with no
# title or preamble; the first paragraph of that section states the statistics period. The seed's
# own text stands in for such a page: its title line dropped, the period put where those pages say it.
_OPENING_PERIOD = "本报告中所列数据的统计期限为2021年1月1日至2021年12月31日。"


def _seed_without_title(tmp_path: Path, where: int) -> Path:
    lines = (TEXT / "seed_panji_2021.txt").read_text(encoding="utf-8").splitlines()[1:]
    lines.insert(where, _OPENING_PERIOD)
    path = tmp_path / "opening.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_year_from_the_period_opening_section_one(tmp_path: Path) -> None:
    """The paragraph right after 一、总体情况 is the report's opening when there is no preamble."""
    report = api.extract(_seed_without_title(tmp_path, 1))
    m = report["metadata"]
    assert (m["title"], m["year"], report["preamble"]) == (None, 2021, [])
    assert m["period"]["text"] == "2021年1月1日至2021年12月31日"


@pytest.mark.parametrize(
    "where",
    [
        2,  # the second paragraph of section one: not where a report says what it covers
        4,  # inside a later subsection
    ],
)
def test_a_period_later_in_the_text_names_no_year(tmp_path: Path, where: int) -> None:
    m = api.extract(_seed_without_title(tmp_path, where))["metadata"]
    assert m["title"] is None and m["period"] is not None
    assert m["year"] is None

"""Tests for the HTML reader (gixcheck.extract.html)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gixcheck.extract.document import Document, ExtractionError, Paragraph, Table
from gixcheck.extract.html import extract_html

DATA = Path(__file__).resolve().parent.parent / "data" / "html"
SHANGHAI = DATA / "shanghai_bangongting_2019.html"


def tables(doc: Document) -> list[Table]:
    return [b for b in doc.blocks if isinstance(b, Table)]


def paragraphs(doc: Document) -> list[str]:
    return [b.text for b in doc.blocks if isinstance(b, Paragraph)]


def texts(table: Table) -> list[list[str]]:
    return [[c.text for c in row] for row in table.rows]


def all_text(doc: Document) -> str:
    return repr(doc)


# --------------------------------------------------------------------------- the real page


@pytest.fixture(scope="module")
def shanghai() -> Document:
    return extract_html(SHANGHAI.read_bytes(), SHANGHAI.name)


def test_shanghai_document_kind(shanghai: Document) -> None:
    assert shanghai.format == "html"
    assert shanghai.extractor == "gixcheck.html"


def test_shanghai_three_rectangular_tables(shanghai: Document) -> None:
    ts = tables(shanghai)
    assert [(len(t.rows), len(t.rows[0])) for t in ts] == [(18, 5), (26, 10), (4, 15)]
    for t in ts:
        assert len({len(row) for row in t.rows}) == 1


def test_shanghai_table_two_labels_and_br(shanghai: Document) -> None:
    grid = texts(tables(shanghai)[0])
    flat = {text for row in grid for text in row}
    for label in (
        "第二十条第（一）项",
        "规章",
        "规范性文件",
        "行政许可",
        "行政事业性收费",
        "政府集中采购",
    ):
        assert label in flat
    # <br /> inside a header cell becomes a line break
    assert grid[1][1] == "本年新\n制作数量"
    assert grid[2] == ["规章", "13", "13", "13", "524"]
    assert grid[17][3] == "251000元"


def test_shanghai_table_three_blank_cells_stay_blank(shanghai: Document) -> None:
    t = tables(shanghai)[1]
    grid = texts(t)
    assert grid[3] == ["一、本年新收政府信息公开申请数量"] * 3 + [
        "821",
        "35",
        "",
        "",
        "2",
        "1",
        "859",
    ]
    assert grid[4][3:] == ["18", "", "", "", "", "", "18"]
    assert grid[2][3:] == [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    ]
    assert grid[24][1] == "（七）总计"
    assert grid[25][0] == "四、结转下年度继续办理"
    for row in t.rows:
        for cell in row:
            assert "\xa0" not in cell.text
            assert "\u3000" not in cell.text
            assert cell.text == cell.text.strip()


def test_shanghai_spans_are_copies_marked_spanned(shanghai: Document) -> None:
    t = tables(shanghai)[1]
    # rowspan=20 on 三、本年度办理结果: rows 5..24 of column 0
    origin = t.rows[5][0]
    assert origin.text == "三、本年度办理结果" and not origin.spanned
    for r in range(6, 25):
        copy = t.rows[r][0]
        assert copy.text == origin.text and copy.spanned
        assert copy.source == origin.source
    # colspan=3 on the 一、 label
    assert [c.spanned for c in t.rows[3][:4]] == [False, True, True, False]
    assert t.rows[3][3].source == {"table": 2, "row": 4, "col": 4}


def test_shanghai_table_four(shanghai: Document) -> None:
    grid = texts(tables(shanghai)[2])
    assert grid[0][0] == "行政复议" and grid[0][5] == "行政诉讼"
    assert grid[1][5] == "未经复议直接起诉" and grid[1][10] == "复议后起诉"
    assert grid[3] == ["5", "", "", "2", "7", "8", "", "", "1", "9", "", "", "", "", ""]


def test_shanghai_paragraphs_in_order(shanghai: Document) -> None:
    paras = paragraphs(shanghai)
    assert paras[0] == "2019年上海市人民政府办公厅政府信息公开工作年度报告"
    headings = [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、政府信息公开工作存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    positions = [paras.index(h) for h in headings]
    assert positions == sorted(positions)
    assert paras[-1] == "无。"
    # tables sit right after their headings
    kinds = [(type(b).__name__, getattr(b, "text", "")) for b in shanghai.blocks]
    i = kinds.index(("Paragraph", "二、主动公开政府信息情况"))
    assert kinds[i + 1][0] == "Table"
    for b in shanghai.blocks:
        if isinstance(b, Paragraph):
            assert set(b.source) == {"line"} and b.source["line"] > 0


def test_shanghai_metadata(shanghai: Document) -> None:
    assert shanghai.metadata["html_title"] == "2019年上海市人民政府办公厅政府信息公开工作年度报告"
    (page_date,) = shanghai.metadata["page_dates"]
    assert page_date["value"] == "2020-01-31" and page_date["text"] == "发布日期：2020-01-31"
    assert "page_written" not in shanghai.metadata


# --------------------------------------------------------------------------- encodings

SMALL_REPORT = """<!DOCTYPE html>
<html><head>{meta}<title>2022年某某区人民政府政府信息公开工作年度报告</title></head>
<body>
<p>2022年某某区人民政府政府信息公开工作年度报告</p>
<p>一、总体情况</p>
<p>　　2022年，某某区落实《条例》，朱镕基同志题词的“政务公开”栏目持续更新。</p>
<p>三、收到和处理政府信息公开申请情况</p>
<table border="1">
<tr><td colspan="3" rowspan="2">
（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>
<td>自然人</td><td>总计</td></tr>
<tr><td>人</td><td>计</td></tr>
<tr><td colspan="3">一、本年新收政府信息公开申请数量</td><td>１２</td><td>&nbsp;</td></tr>
<tr><td colspan="3">四、结转下年度继续办理</td><td>　</td><td>0</td></tr>
</table>
<p>六、其他需要报告的事项</p><p>本年度未收取信息处理费。</p>
</body></html>
"""


def small(meta: str) -> str:
    return SMALL_REPORT.replace("{meta}", meta)


@pytest.fixture(scope="module")
def utf8_doc() -> Document:
    return extract_html(small('<meta charset="utf-8">').encode("utf-8"), "utf8.html")


def test_small_report_reads(utf8_doc: Document) -> None:
    (t,) = tables(utf8_doc)
    grid = texts(t)
    assert grid[2][3:] == ["１２", ""]  # full-width digits kept as text; &nbsp; is blank
    assert grid[3][3:] == ["", "0"]  # a lone U+3000 is blank
    assert "朱镕基" in paragraphs(utf8_doc)[2]
    assert paragraphs(utf8_doc)[2].startswith("2022年")  # indentation stripped


@pytest.mark.parametrize(
    ("meta", "encoding"),
    [
        ('<meta charset="gbk">', "gbk"),
        ('<meta charset="GB2312">', "gbk"),  # declared gb2312 but holds GBK-only 镕
        ('<meta http-equiv="Content-Type" content="text/html; charset=gb18030">', "gb18030"),
        ('<meta http-equiv="content-type" content="text/html;charset=GBK" />', "gb18030"),
        ("", "gbk"),  # no declaration: sniffed
        ('<meta charset="gb2312">', "utf-8"),  # a declaration that lies
        ('<meta charset="iso-8859-1">', "utf-8"),  # editor default on a UTF-8 page
    ],
)
def test_encodings_decode_identically(meta: str, encoding: str, utf8_doc: Document) -> None:
    doc = extract_html(small(meta).encode(encoding), "page.html")
    assert doc.blocks == utf8_doc.blocks
    assert doc.metadata == utf8_doc.metadata


def test_bom_wins_over_declaration(utf8_doc: Document) -> None:
    data = b"\xef\xbb\xbf" + small('<meta charset="gbk">').encode("utf-8")
    assert extract_html(data, "bom.html").blocks == utf8_doc.blocks
    data16 = small('<meta charset="gbk">').encode("utf-16")  # with its BOM
    assert extract_html(data16, "bom16.html").blocks == utf8_doc.blocks


def test_a_few_bad_bytes_do_not_discard_the_declared_charset(utf8_doc: Document) -> None:
    data = small('<meta charset="utf-8">').encode("utf-8")
    damaged = data.replace("六、其他".encode(), "六、其他".encode() + b"\xe4\xb8")  # cut char
    doc = extract_html(damaged, "damaged.html")
    assert tables(doc) == tables(utf8_doc)
    assert paragraphs(doc)[1:4] == paragraphs(utf8_doc)[1:4]


def test_undeclared_gbk_page_mostly_ascii() -> None:
    filler = "<!-- " + "x" * 5000 + " -->\n"
    page = f"<html><body>{filler}<p>一、总体情况</p><p>政府信息公开</p></body></html>"
    doc = extract_html(page.encode("gbk"), "ascii.html")
    assert paragraphs(doc) == ["一、总体情况", "政府信息公开"]


def test_gb18030_four_byte_character_under_gbk_label() -> None:
    page = "<html><head><meta charset='gbk'></head><body><p>一、总体情况 𠮷字</p></body></html>"
    doc = extract_html(page.encode("gb18030"), "x.html")
    assert paragraphs(doc) == ["一、总体情况 𠮷字"]


# --------------------------------------------------------------------------- safety


def _secret_file(tmp_path: Path) -> tuple[Path, str]:
    secret = "S3CRET-" + "x7q9" * 4
    path = tmp_path / "secret.txt"
    path.write_text(secret, encoding="utf-8")
    return path, secret


@pytest.mark.parametrize("xml_decl", ["", '<?xml version="1.0" encoding="utf-8"?>\n'])
def test_xxe_reads_no_file(tmp_path: Path, xml_decl: str) -> None:
    path, secret = _secret_file(tmp_path)
    page = (
        f"{xml_decl}<!DOCTYPE html [\n"
        f'  <!ENTITY xxe SYSTEM "file://{path.as_posix()}">\n'
        f'  <!ENTITY xxe2 SYSTEM "{path.as_posix()}">\n'
        "]>\n"
        '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>一、总体情况 &xxe; &xxe2;</p>'
        "<table><tr><td>&xxe;</td><td>1</td></tr></table></body></html>"
    )
    try:
        doc = extract_html(page.encode("utf-8"), "xxe.html")
    except ExtractionError as exc:
        assert secret not in str(exc) and secret not in exc.message_zh
    else:
        assert secret not in all_text(doc)


def test_external_dtd_not_loaded(tmp_path: Path) -> None:
    _, secret = _secret_file(tmp_path)
    dtd = tmp_path / "evil.dtd"
    dtd.write_text(f'<!ENTITY leak "{secret}">', encoding="utf-8")
    page = (
        f'<!DOCTYPE html SYSTEM "file://{dtd.as_posix()}">'
        "<html><body><p>一、总体情况 &leak;</p></body></html>"
    )
    try:
        doc = extract_html(page.encode("utf-8"), "dtd.html")
    except ExtractionError as exc:
        assert secret not in str(exc)
    else:
        assert secret not in all_text(doc)


def test_billion_laughs_ends_quickly() -> None:
    entities = ['<!ENTITY lol0 "lol">']
    for i in range(1, 12):
        entities.append(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">')
    page = (
        "<?xml version='1.0'?><!DOCTYPE html [" + "".join(entities) + "]>"
        "<html><body><p>一、总体情况 &lol11;</p></body></html>"
    )
    try:
        doc = extract_html(page.encode("utf-8"), "lol.html")
    except ExtractionError:
        pass
    else:
        assert len(all_text(doc)) < 10_000


def test_span_bomb_is_refused_quickly() -> None:
    rows = "".join("<tr><td colspan='1000'>1</td></tr>" for _ in range(400))
    page = f"<html><body><p>一、总体情况</p><table>{rows}</table></body></html>"
    with pytest.raises(ExtractionError):
        extract_html(page.encode("utf-8"), "bomb.html")


def test_rowspan_is_clipped_to_the_table() -> None:
    page = (
        "<html><body><table><tr><td rowspan='65534'>标签</td><td>1</td></tr>"
        "<tr><td>2</td></tr></table></body></html>"
    )
    (t,) = tables(extract_html(page.encode("utf-8"), "rs.html"))
    assert texts(t) == [["标签", "1"], ["标签", "2"]]


# --------------------------------------------------------------------------- page furniture


LAYOUT_PAGE = """<html><head><title>某某局2023年政府信息公开工作年度报告_某某市人民政府</title>
<meta name="ArticleTitle" content="某某局2023年政府信息公开工作年度报告">
<meta name="PubDate" content="2024-01-25 09:30">
<script>var x = "发布日期：1999-01-01";</script><style>p {color: red}</style></head>
<body>
<div class="top"><a href="/">首页</a> | <a href="/zwgk">政务公开</a> | <a>主动公开目录</a></div>
<nav><ul><li>机构概况</li><li>依申请公开</li></ul></nav>
<table width="1000"><tr>
<td width="200"><ul><li>通知公告</li><li>政策解读</li></ul></td>
<td>
  <h1>某某局2023年政府信息公开工作年度报告</h1>
  <div class="info">成文日期：2024-01-20　发布时间：2024年01月26日</div>
  <div class="TRS_Editor">
    <p>一、总体情况</p><p>本局坚持……<br>全年主动公开信息100条。</p>
    <p>二、主动公开政府信息情况</p>
    <table border="1"><tr><td colspan="4">第二十条第（一）项</td></tr>
      <tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
      <tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr></table>
    <p>三、收到和处理政府信息公开申请情况</p>
    <table border="1"><tr><td>自然人</td><td>总计</td><td>备注</td><td>其他</td></tr>
      <tr><td>1</td><td>1</td><td><table><tr><td>内表</td><td>9</td></tr></table></td><td></td></tr></table>
    <p>四、政府信息公开行政复议、行政诉讼情况</p>
    <p>五、存在的主要问题及改进情况</p><p>六、其他需要报告的事项</p><p>无。</p>
  </div>
</td></tr></table>
<div class="side"><p>相关文章</p><p>某某局2022年年报 发布时间：2023-01-10</p></div>
<div class="footer">主办：某某市人民政府办公室　网站标识码1234</div>
</body></html>"""


@pytest.fixture(scope="module")
def layout_doc() -> Document:
    return extract_html(LAYOUT_PAGE.encode("utf-8"), "layout.html")


def test_layout_page_drops_navigation(layout_doc: Document) -> None:
    text = all_text(layout_doc)
    for furniture in ("首页", "机构概况", "通知公告", "网站标识码", "color", "var x"):
        assert furniture not in text


def test_layout_page_keeps_title_and_br_lines(layout_doc: Document) -> None:
    paras = paragraphs(layout_doc)
    assert paras[0] == "某某局2023年政府信息公开工作年度报告"
    assert "本局坚持……" in paras and "全年主动公开信息100条。" in paras
    assert paras[-1] == "无。"


def test_layout_table_is_not_a_table_nested_data_table_is(layout_doc: Document) -> None:
    ts = tables(layout_doc)
    assert [texts(t)[0][0] for t in ts] == ["第二十条第（一）项", "自然人", "内表"]
    assert texts(ts[1])[1] == ["1", "1", "", ""]  # the inner table is not cell text
    assert texts(ts[2]) == [["内表", "9"]]
    assert ts[2].rows[0][1].source == {"table": 3, "row": 1, "col": 2}


def test_layout_page_metadata(layout_doc: Document) -> None:
    meta = layout_doc.metadata
    # <meta name="PubDate">, not the script; the info line's 发布时间 and 成文日期 kept apart
    assert [(d["value"], d["name"]) for d in meta["meta_dates"]] == [("2024-01-25", "PubDate")]
    assert [d["value"] for d in meta["page_dates"]] == ["2024-01-26"]
    assert [d["value"] for d in meta["page_written"]] == ["2024-01-20"]
    assert meta["article_title"] == "某某局2023年政府信息公开工作年度报告"
    assert meta["html_title"].startswith("某某局2023年")


def test_page_date_nearest_the_report_wins() -> None:
    page = (
        "<html><body><div class='side'><p>最新文章</p><p><a>通知</a> 发布时间：2023-05-01</p></div>"
        "<div class='article'><h1>某某局2023年政府信息公开工作年度报告</h1>"
        "<p class='info'>发布时间：2024-01-26</p>"
        "<div class='text'><p>一、总体情况</p><p>正文。</p><p>二、主动公开政府信息情况</p>"
        "<p>三、收到和处理政府信息公开申请情况</p></div></div></body></html>"
    )
    doc = extract_html(page.encode("utf-8"), "near.html")
    assert [d["value"] for d in doc.metadata["page_dates"]] == ["2024-01-26"]
    assert paragraphs(doc)[0] == "某某局2023年政府信息公开工作年度报告"
    assert "最新文章" not in paragraphs(doc)


def test_preamble_in_a_sibling_div_is_kept() -> None:
    page = (
        "<html><body><div class='nav'>" + "<a>栏目</a>" * 400 + "</div>"
        "<div class='article'><div class='intro'><p>本报告统计期限从2023年1月1日到12月31日止。</p>"
        "</div><div class='text'><p>一、总体情况</p><p>正文。</p><p>二、主动公开政府信息情况</p>"
        "<p>三、收到和处理政府信息公开申请情况</p></div></div></body></html>"
    )
    paras = paragraphs(extract_html(page.encode("utf-8"), "intro.html"))
    assert paras[0] == "本报告统计期限从2023年1月1日到12月31日止。"
    assert "栏目" not in "".join(paras)


def test_written_date_is_never_published() -> None:
    page = "<html><body><p>成文日期：２０２２年３月２８日</p><p>一、总体情况</p></body></html>"
    meta = extract_html(page.encode("utf-8"), "w.html").metadata
    assert [d["value"] for d in meta["page_written"]] == ["2022-03-28"]
    assert "page_dates" not in meta
    page2 = "<html><body><p>发布日期：2022/3/28</p><p>一、总体情况</p></body></html>"
    meta2 = extract_html(page2.encode("utf-8"), "p.html").metadata
    assert [d["value"] for d in meta2["page_dates"]] == ["2022-03-28"]
    assert "page_written" not in meta2


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   \n\t ",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        b"PK\x03\x04\x14\x00\x00\x00",
        bytes(range(256)) * 8,
        "这只是一段没有任何标记的纯文本。".encode(),
        b"<html><head><title>x</title></head><body><script>var a=1;</script></body></html>",
        b"<html><body>   &nbsp; \xe3\x80\x80 </body></html>",
    ],
)
def test_bad_input_raises_extraction_error(data: bytes) -> None:
    with pytest.raises(ExtractionError) as info:
        extract_html(data, "bad.html")
    assert info.value.message_zh and info.value.message_en
    assert info.value.message_zh != info.value.message_en


HTML_PIECES = st.sampled_from(
    [
        "<html>",
        "<body>",
        "<table>",
        "<tr>",
        "<td colspan='3'>",
        "<td rowspan='0'>",
        "<td colspan='-5' rowspan='x'>",
        "</td>",
        "</table>",
        "<p>",
        "<br>",
        "&nbsp;",
        "\u3000",
        "一、总体情况",
        "第二十条",
        "<meta charset='gbk'>",
        "<!DOCTYPE x [<!ENTITY a 'b'>]>",
        "&a;",
        "<?xml version='1.0' encoding='utf-16'?>",
        "<script>",
        "\x00",
        "<",
        ">",
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=2000), st.text(max_size=500).map(lambda s: s.encode("utf-8"))))
def test_random_bytes_raise_only_extraction_error(data: bytes) -> None:
    try:
        doc = extract_html(data, "random.html")
    except ExtractionError:
        return
    assert isinstance(doc, Document)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.one_of(HTML_PIECES, st.text(max_size=20)), max_size=60),
    st.sampled_from(["utf-8", "gb18030", "utf-16"]),
)
def test_random_markup_raises_only_extraction_error(pieces: list[str], encoding: str) -> None:
    data = "".join(pieces).encode(encoding, errors="replace")
    try:
        doc = extract_html(data, "random.html")
    except ExtractionError:
        return
    for block in doc.blocks:
        if isinstance(block, Table):
            assert len({len(row) for row in block.rows}) == 1

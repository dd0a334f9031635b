"""The fast HTML reader reads every page exactly as the reader before it (``html_reference``).

The reader was made several times faster by skipping work whose result is known (no NFKC of a
whole page where a cheap normal form says there is no date label, no heading search in an
element that cannot win, fast paths for plain cells, libxml2's own tag filters).  Each shortcut
must leave the document unchanged: these tests compare the two readers on the real pages, on
damaged copies of them and on generated pages full of what the shortcuts have to get right —
entities, nested and layout tables, hidden and struck text, compatibility characters that NFKC
folds (full-width forms, no-break spaces, Kangxi radicals, circled digits), GBK without a
declaration — and test the shortcuts' helpers against the functions they stand in for.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import html_reference
from gixcheck import form
from gixcheck.extract import html
from gixcheck.extract.document import Document, ExtractionError
from gixcheck.form import dates, headings

DATA = Path(__file__).resolve().parent.parent / "data"
CORPUS = Path("/work/shared/corpus")


def _pages() -> list[Path]:
    out: list[Path] = []
    for base in (DATA, CORPUS):
        if base.is_dir():
            out.extend(sorted(p for p in base.rglob("*.htm*") if p.is_file()))
    return out


PAGES = _pages()


def _read(reader: object, data: bytes) -> Document | tuple[str, str, str]:
    try:
        return reader.extract_html(data, "page.html")  # type: ignore[attr-defined]
    except ExtractionError as exc:
        return ("error", exc.message_zh, exc.message_en)


def assert_same(data: bytes) -> None:
    assert _read(html, data) == _read(html_reference, data)


def test_there_are_real_pages() -> None:
    assert len(PAGES) >= 5


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_real_page_reads_as_before(path: Path) -> None:
    data = path.read_bytes()
    doc = _read(html, data)
    assert isinstance(doc, Document)
    assert doc == _read(html_reference, data)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_real_page_recoded_reads_as_before(path: Path) -> None:
    """The same page as GBK without its charset declaration, and with full-width digits and
    spaces NFKC folds: decoding, cheap NFKC and the date labels must agree."""
    text = html.decode_html_bytes(path.read_bytes())
    for old in ('charset="utf-8"', "charset=utf-8", 'charset="UTF-8"', "charset=UTF-8"):
        text = text.replace(old, "")
    assert_same(text.encode("gb18030", errors="replace"))
    folded = text.translate({ord(d): 0xFF10 + i for i, d in enumerate("0123456789")})
    assert_same(folded.replace("：", ":").replace(" ", "\u00a0").encode("utf-8"))


@st.composite
def damaged(draw: st.DrawFn) -> bytes:
    """A real page with slices cut out, doubled or moved."""
    data = PAGES[draw(st.integers(0, len(PAGES) - 1))].read_bytes()
    for _ in range(draw(st.integers(1, 4))):
        a = draw(st.integers(0, len(data) - 1))
        b = min(len(data), a + draw(st.integers(1, 3000)))
        op = draw(st.sampled_from(["cut", "double", "move"]))
        if op == "cut":
            data = data[:a] + data[b:]
        elif op == "double":
            data = data[:a] + data[a:b] + data[a:b] + data[b:]
        else:
            c = draw(st.integers(0, len(data)))
            data = data[:c] + data[a:b] + data[c:]
    return data


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(damaged())
def test_damaged_real_page_reads_as_before(data: bytes) -> None:
    assert_same(data)


PIECES = st.sampled_from(
    [
        "<html><head><title>2023年政府信息公开工作年度报告</title></head>",
        '<meta name="PubDate" content="2024-01-15">',
        "<body>",
        "<div>",
        "</div>",
        "<div class='nav'><a href='/'>首页</a><ul><li>政务公开</li></ul></div>",
        "<h1>某某区2023年政府信息公开工作年度报告</h1>",
        "<p>",
        "</p>",
        "<br>",
        "<table>",
        "<table border=1>",
        "</table>",
        "<tr>",
        "</tr>",
        "<td>",
        "<td colspan='2'>",
        "<td rowspan='3'>",
        "<td rowspan='0'>",
        "<th>",
        "</td>",
        "<span>",
        "</span>",
        "<span style='display:none'>9</span>",
        "<p hidden>8</p>",
        "<del>3</del>",
        "<sup>1</sup>",
        "<strike>2</strike>",
        "<font>",
        "<b>",
        "<script>var x = '一、总体情况';</script>",
        "<style>p{}</style>",
        "<!-- 二、主动公开政府信息情况 -->",
        "&nbsp;",
        "&amp;",
        "&#20108;",
        "&lt;td&gt;",
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
        "第二十条第（一）项",
        "规章",
        "本年新收政府信息公开申请数量",
        "发布时间：2024-01-20",
        "发布日期：２０２４－０１－２０",
        "成文日期：2024年1月18日",
        "时间:2024-1-19 10:30",
        "成文时间",
        "来源：某某区人民政府办公室",
        "⽇期：2024-01-21",
        "①",
        "ＵＲＬ",
        "　",
        "\u00a0",
        "\u200b",
        "，",
        "。",
        "（",
        "）",
        "12",
        "１２",
        "政府信息公开",
        "报告",
        "2023年",
        "<",
        ">",
    ]
)


@st.composite
def generated(draw: st.DrawFn) -> bytes:
    pieces = draw(st.lists(st.one_of(PIECES, st.text(max_size=12)), min_size=1, max_size=80))
    text = "".join(pieces)
    encoding = draw(st.sampled_from(["utf-8", "gb18030", "utf-8-meta", "gbk-meta"]))
    if encoding == "utf-8-meta":
        return ('<meta charset="utf-8">' + text).encode("utf-8", errors="replace")
    if encoding == "gbk-meta":
        return ("<meta charset='gbk'>" + text).encode("gb18030", errors="replace")
    return text.encode(encoding, errors="replace")


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(generated())
def test_generated_page_reads_as_before(data: bytes) -> None:
    assert_same(data)


@pytest.mark.parametrize(
    "page",
    [
        # a table nested in a data table, and a layout table holding the report
        "<table><tr><td>"
        + "<p>一、总体情况</p>" * 2
        + "<table><tr><td>规章</td><td>1</td></tr><tr><td>x</td><td>2</td></tr></table>"
        "</td><td>二、主动公开政府信息情况 规章</td></tr></table>",
        # hidden and struck text in cells, a footnote mark
        "<p>一、总体情况</p><table><tr><td>规章</td><td><del>3</del>1</td>"
        "<td><span hidden>9</span>2<sup>1</sup></td><td style='visibility:hidden'>4</td></tr>"
        "<tr><td>规范性文件</td><td>5<br>6</td><td><p>7</p><p>8</p></td><td>\n</td></tr></table>",
        # cells of one paragraph, with plain, hidden, struck and nested inline text
        "<p>一、总体情况</p><table><tr><td> <p> <span>规章</span> </p> </td>"
        "<td><p style='x'><span>1</span><span hidden>2</span></p></td>"
        "<td><div><b>3</b>4<i>5</i>\n</div>6</td><td><p><span><b>7</b></span></p></td>"
        "<td><p><sub>8</sub>9</p></td><td><p style='display:none'><span>0</span></p></td>"
        "<td>x<p><br>1</p></td><td><p><del>2</del><span>3</span></p></td></tr></table>",
        # dates in compatibility forms and a written date beside a published one
        "<div>发布时间：２０２４年１月２０日 成文日期：2024年1月18日</div>"
        "<div><p>一、总体情况</p><p>二、主动公开政府信息情况</p></div>",
        "<div>⽇期：2024-01-21　来源：某某区政府办公室</div><div><p>一、总体情况</p></div>",
        # a title in a sidebar, outside the report's element
        "<div><h1>某某区2023年政府信息公开工作年度报告</h1></div><div><ul><li>a</li></ul>"
        "<div><p>一、总体情况</p><p>二、主动公开政府信息情况</p><p>三、收到和处理政府信息公开申请情况"
        "</p></div></div>",
        # a Kelvin sign in a tag name: lower-cased by Python, not by libxml2
        "<div><p>一、总体情况</p><blocKquote>二、主动公开政府信息情况</blocKquote>"
        "<lin\u212a>nav</lin\u212a><table><tr><td>规章<stri\u212ae>3</stri\u212ae>1</td><td>2</td></tr></table></div>",
    ],
)
@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_odd_page_reads_as_before(page: str, encoding: str) -> None:
    data = f"<html><body>{page}</body></html>".encode(encoding)
    assert isinstance(_read(html, data), Document)
    assert_same(data)


# --------------------------------------------------------------------------- the helpers

ODD_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("发布时间日期成文公开于来源：:，。 \u00a0\u3000年月日0123456789")),
        st.sampled_from(list("０１２３４５６７８９：，（）ＵＲＬ⽇⽉①㈰㊀ｶﾞ\u200b\u00ad")),
        st.characters(codec="utf-8"),
    ),
    max_size=80,
)


@given(ODD_TEXT)
def test_cheap_nfkc_is_nfkc_or_nothing(text: str) -> None:
    cheap = html._cheap_nfkc(text)
    if cheap is not None:
        assert cheap == unicodedata.normalize("NFKC", text)
        assert len(cheap) == len(text)


def test_cheap_nfkc_folds_what_pages_hold() -> None:
    assert html._cheap_nfkc("时间：２０２４\u00a0①") == "时间:2024 1"
    assert html._cheap_nfkc("e\u0301") is None or html._cheap_nfkc("e\u0301") == "é"


@given(ODD_TEXT, st.sampled_from(["published", "written"]))
def test_labelled_dates_with_cheap_nfkc_are_labelled_dates(text: str, kind: str) -> None:
    assert html._labelled_dates(text, html._cheap_nfkc(text), kind) == dates.labelled_dates(
        text, kind
    )


@pytest.mark.parametrize(
    "text",
    [
        "发布时间：２０２４年１月２０日",
        "成文日期：2024-01-18 时间：2024-01-19",
        "⽇期：2024-01-21",
        "时间\u00a0:\u3000２０２４-1-2 10:30",
    ],
)
def test_labelled_dates_with_cheap_nfkc_find_dates(text: str) -> None:
    cheap = html._cheap_nfkc(text)
    assert cheap is not None
    found = [html._labelled_dates(text, cheap, k) for k in ("published", "written")]
    assert found == [dates.labelled_dates(text, k) for k in ("published", "written")]
    assert any(found)


TITLE_TEXT = st.one_of(
    ODD_TEXT,
    st.builds(
        "".join,
        st.lists(
            st.sampled_from(["2023年", "政府信息公开", "工作年度报告", "某区", "。", " ", "ｶﾞ"]),
            max_size=30,
        ),
    ),
)


@given(TITLE_TEXT)
def test_surely_not_title_is_never_a_title(text: str) -> None:
    if html._surely_not_title(text):
        assert not form.is_title_like(text)
        assert not form.is_title_like(html._clean_line(text))


def test_surely_not_title_lets_titles_through() -> None:
    title = "某某区2023年政府信息公开工作年度报告"
    assert form.is_title_like(title) and not html._surely_not_title(title)
    longest = "某" * (80 - len(title)) + title  # as long as a title may be
    assert form.is_title_like(longest) and not html._surely_not_title(longest)
    assert not form.is_title_like("某" + longest) and html._surely_not_title("某" + longest)
    assert html._surely_not_title(title * 5)
    assert html._surely_not_title(title + "。")


@given(ODD_TEXT)
def test_cached_match_heading_is_match_heading(text: str) -> None:
    for candidate in (text, "一、" + text, "四、政府信息公开行政复议、行政诉讼情况" + text[:3]):
        assert headings.match_heading(candidate) == headings.match_heading.__wrapped__(candidate)


HEADING_TEXT = st.builds(
    "".join,
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "一、总体情况",
                    "二、主动公开政府信息情况",
                    "三 收到和处理政府信息公开申请情况",
                    "四．政府信息公开行政复议与行政诉讼情况",
                    "五、存在的主要问题及改进情况",
                    "六、其他需要报告的事项",
                    "十一、",
                    "（一）",
                    "(",
                    "一",
                    "十",
                    "二十",
                    "、",
                    " ",
                    "\n",
                    "总体",
                    "情况",
                ]
            ),
            st.text(max_size=4),
        ),
        max_size=20,
    ),
)


def test_fast_heading_search_is_in_use() -> None:
    assert html._inline_heading_re() is not None


@given(HEADING_TEXT)
def test_heading_keys_are_find_headings_keys(text: str) -> None:
    assert html._heading_keys(text) == {h.key for h in form.find_headings(text)}
    fast = html._inline_heading_re()
    assert fast is not None
    slow = headings._inline_re()
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in slow.finditer(text)]


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_heading_keys_on_every_element_of_real_pages(path: Path) -> None:
    root = html._parse(html.decode_html_bytes(path.read_bytes()), path.name)
    for el in root.iter():
        if isinstance(el.tag, str):
            text = html._text_content(el)
            assert html._heading_keys(text) == {h.key for h in form.find_headings(text)}


@given(ODD_TEXT, ODD_TEXT)
def test_cheap_nfkc_with_the_characters_of_an_enclosing_text(inner: str, outer: str) -> None:
    text = outer[: len(outer) // 2] + inner + outer[len(outer) // 2 :]
    compat = html._compat_chars(text)
    assert html._cheap_nfkc(inner, compat) == html._cheap_nfkc(inner)


def test_clean_line_fast_path() -> None:
    for text in [
        "规章",
        "13",
        "",
        "a b",
        "1\u200b2",
        "x\u00ady",
        " 12 ",
        "１２",
        "\n 13 \n",
        " \u3000",
    ]:
        assert html._clean_line(text) == html_reference._clean_line(text)

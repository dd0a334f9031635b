"""The form's typed API: headings by meaning, the one body classifier, dates and URL dates.

The body names are the real ones the issue lists (平潭综合实验区社会事业局 …) and the decided rules of
national-rules.md ("Decided after review on real reports")."""

from __future__ import annotations

import pytest

from gixcheck import form


@pytest.mark.parametrize(
    ("text", "key", "quality"),
    [
        ("一、总体情况", "overview", "standard"),
        ("一总体情况", "overview", "variant"),
        ("一.总体情况", "overview", "variant"),
        ("二、主动公开政府信息情况", "proactive", "standard"),
        ("三、收到和处理政府信息公开申请情况", "requests", "standard"),
        ("四、政府信息公开行政复议、行政诉讼情况", "review_litigation", "standard"),
        ("四、政府信息公开行政复议与行政诉讼情况", "review_litigation", "variant"),
        ("四、政府信息公开行政复议和行政诉讼情况", "review_litigation", "variant"),
        ("四、政府信息公开行政复议及行政诉讼情况", "review_litigation", "variant"),
        ("四、因政府信息公开工作被申请行政复议和提起行政诉讼情况", "review_litigation", "variant"),
        ("四、政府信息公开行政法复议、行政诉讼情况", "review_litigation", "misspelt"),
        ("四、政府信息公开行政复仪、行政诉讼情况", "review_litigation", "misspelt"),
        ("五、存在的主要问题及改进情况", "problems", "standard"),
        ("五、政府信息公开工作存在的主要问题及改进情况", "problems", "variant"),
        ("六、其他需要报告的事项", "other", "standard"),
        ("七、其他需要报告的事项", "other", "standard"),  # pre-2019 numbering: the order rule's
    ],
)
def test_headings_by_meaning(text: str, key: str, quality: str) -> None:
    m = form.match_heading(text)
    assert m is not None and (m.key, m.quality) == (key, quality)
    assert m.standard == form.standard_heading(key)


def test_heading_match_fields() -> None:
    m = form.match_heading("四、政府信息公开行政复议与行政诉讼情况")
    assert m is not None
    assert (m.number, m.standard) == ("四", "四、政府信息公开行政复议、行政诉讼情况")
    assert m.variant == "政府信息公开行政复议与行政诉讼情况"
    assert form.match_heading("一、总体情况").variant is None  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "text",
    [
        "一、本年新收政府信息公开申请数量",  # table 三 row labels are not sections
        "三、本年度办理结果",
        "四、结转下年度继续办理",
        "（一）主动公开方面",
        "一、总体情况。2023年，本区坚持……",  # a sentence
        "一是加强政策解读",
    ],
)
def test_not_headings(text: str) -> None:
    assert form.match_heading(text) is None


def test_headings_inside_one_long_line() -> None:
    line = (
        "本报告根据《条例》编制。 一、总体情况 2023年，全区…（一）主动公开方面…。"
        "二、主动公开政府信息情况第二十条第（一）项信息内容规章000"
        "三、收到和处理政府信息公开申请情况（本列数据…）一、本年新收政府信息公开申请数量801000081"
        "四、结转下年度继续办理0000000四、政府信息公开行政复议、行政诉讼情况行政复议110024001510102"
        "五、存在的主要问题及改进情况存在的问题…六、其他需要报告的事项无。"
    )
    hits = form.find_headings(line)
    assert [h.key for h in hits] == [
        "overview",
        "proactive",
        "requests",
        "review_litigation",
        "problems",
        "other",
    ]
    assert all(line[h.start : h.end] == h.text for h in hits)


@pytest.mark.parametrize(
    ("name", "kind", "level", "parent"),
    [
        ("平潭综合实验区社会事业局", "department", "unknown", "other"),
        ("上海市浦东新区人民政府", "government", "county", None),
        ("国有资产监督管理委员会", "department", "unknown", None),
        ("城市管理委员会", "department", "unknown", None),
        ("上海市国有资产监督管理委员会", "department", "province", "government"),
        ("上海市", "government", "province", None),
        ("浦东新区", "government", "county", None),
        ("平潭综合实验区", "other", "unknown", None),
        ("平潭综合实验区管委会", "other", "unknown", None),
        ("某某经济技术开发区管理委员会", "other", "unknown", None),
        ("某某开发区管委会经济发展局", "department", "unknown", "other"),
        ("上海市人民政府办公厅", "department", "province", "government"),
        ("淮安市洪泽区人民政府", "government", "county", None),
        ("潘集区人民政府", "government", "county", None),
        ("某某县某某镇人民政府", "government", "township", None),
        ("某某街道办事处", "other", "township", None),
        ("金井片区管理局", "other", "township", None),
        ("长春市体育局", "department", "city", "government"),
    ],
)
def test_one_body_classifier(name: str, kind: str, level: str, parent: str | None) -> None:
    c = form.classify_body(name)
    assert (c.kind, c.level, c.parent_kind) == (kind, level, parent)


def test_offices_act_for_their_government() -> None:
    assert form.classify_body("洪泽区人民政府办公室").office
    assert form.classify_body("区政府办").office
    assert not form.classify_body("湛江市人民政府地方志办公室").office


def test_claims_reader_uses_the_same_classifier() -> None:
    from gixcheck.claims.extract import _body_info

    assert _body_info("国有资产监督管理委员会").kind == "department"  # was "government"
    assert _body_info("平潭综合实验区").kind == "government"  # a zone reports for its zone
    assert _body_info("洪泽区人民政府办公室").kind == "office"


def test_dates_as_pages_write_them() -> None:
    (hit,) = form.labelled_dates(
        "来源：平潭综合实验区管委会办公室 时间：2024-03-08 15:34", "published"
    )
    assert (hit.value, hit.text) == ("2024-03-08", "时间：2024-03-08 15:34")
    # 日期 inside 成文日期 is no publication label
    line = "成文日期：2024-01-20　发布时间：2024年01月26日"
    assert [h.value for h in form.labelled_dates(line, "published")] == ["2024-01-26"]
    assert [h.value for h in form.labelled_dates(line, "written")] == ["2024-01-20"]
    assert form.date_line("二〇二四年一月三十日").value == "2024-01-30"  # type: ignore[union-attr]
    assert form.date_line("2024年1月30日").value == "2024-01-30"  # type: ignore[union-attr]
    assert form.parse_date("2024-02-30") is None


def test_url_dates() -> None:
    url = "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/202403/t20240308_87885.htm"
    assert form.url_dates(url) == [
        ("url", "2024-03-08", "t20240308"),
        ("url_folder", "2024-03", "202403"),
    ]
    assert form.url_dates("https://example.gov.cn/art/2024/2/4/art_1_2.html") == []


def test_titles_and_furniture() -> None:
    assert form.is_title_like("平潭综合实验区2023年度政府信息公开工作年度报告")
    assert not form.is_title_like(
        "根据《中华人民共和国政府信息公开条例》要求，现将2023年度报告公布如下。"
    )
    assert not form.is_title_like("当前位置：首页>政务公开>政府信息公开>政府信息公开年报")
    assert (
        form.clean_title(
            "平潭综合实验区2023年度政府信息公开工作年度报告_政府信息公开年报_平潭综合实验区党工委管委会"
        )
        == "平潭综合实验区2023年度政府信息公开工作年度报告"
    )
    assert form.is_furniture("国务院省政府省人大省政协")
    assert form.is_furniture("当前位置：首页 > 政务公开 > 政府信息公开年报")
    assert form.is_furniture("主办：平潭综合实验区党工委管委会办公室　网站标识码：3590000001")
    assert not form.is_furniture("一、总体情况")
    assert (
        form.source_body("来源：平潭综合实验区管委会办公室 时间：2024-03-08")
        == "平潭综合实验区管委会办公室"
    )


@pytest.mark.parametrize(
    ("preamble", "name"),
    [
        (
            "根据《中华人民共和国政府信息公开条例》规定,现公布区统计局2023年政府信息公开工作年度报告。",
            "区统计局2023年政府信息公开工作年度报告",
        ),
        (
            "现将《洪泽区2023年政府信息公开工作年度报告》予以公布。",
            "洪泽区2023年政府信息公开工作年度报告",
        ),
        (
            "特向社会公布2022年度本机关政府信息公开工作年度报告如下",
            "2022年度本机关政府信息公开工作年度报告",
        ),
        (
            # 龙岗区 2025 (www.lg.gov.cn/xxgk/xxgknb/qwgbm/content/post_12648970.html): the
            # name between 现将 and the verb, no quotes
            "根据《中华人民共和国政府信息公开条例》(以下简称《条例》),现将龙岗区2025年政府信息公开工作年度报告进行公布。",
            "龙岗区2025年政府信息公开工作年度报告",
        ),
        (
            # 硚口区政府办 2024 (www.qiaokou.gov.cn/xxgk/zfxxgknb/bmjdhz/qzfgzjg/qzfb/202501/
            # t20250122_2523807.shtml): 现公开 announces it
            "根据《中华人民共和国政府信息公开条例》(国务院令第711号)规定,"
            "现公开区人民政府办公室2024年政府信息公开工作年度报告。",
            "区人民政府办公室2024年政府信息公开工作年度报告",
        ),
        # 公开 alone is any publishing: last year's report made public names no report
        ("1月31日前公开2023年政府信息公开工作年度报告。", None),
        # the Regulation in quotes is no report; no year, no report named
        ("根据《中华人民共和国政府信息公开条例》编制本报告。", None),
        ("现将2023年度报告公布如下。", None),
    ],
)
def test_report_named_by_its_preamble(preamble: str, name: str | None) -> None:
    assert form.announced_title(preamble) == name


@pytest.mark.parametrize(
    ("sentence", "start", "end"),
    [
        ("本报告所列数据统计期限自2023年1月1日起至2023年12月31日止。", "2023-01-01", "2023-12-31"),
        ("数据统计期限为2023年1月1日至12月31日。", "2023-01-01", "2023-12-31"),
        # 濂溪区 2024 (www.lianxi.gov.cn): a comma before 至
        (
            "本报告所列统计数据的期限自2024年1月1日起,至2024年12月31日止。",
            "2024-01-01",
            "2024-12-31",
        ),
        ("所列数据的统计期限自2022年1月1日起，至2022年12月31日止。", "2022-01-01", "2022-12-31"),
    ],
)
def test_statistics_period(sentence: str, start: str, end: str) -> None:
    found = form.find_period(sentence)
    assert found is not None and (found.start, found.end) == (start, end)


def test_a_date_range_without_statistics_words_is_no_period() -> None:
    # 龙岗区 2025: 内容涵盖…期间 says what the report covers, not its statistics period
    assert form.find_period("内容涵盖2025年1月1日至12月31日期间的工作。") is None

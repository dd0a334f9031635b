"""Tests for gixcheck.claims.extract_claims, on real sentences from the corpus reports.

Reports quoted (see /work/shared/corpus/*/SOURCES.md):
- seed: 潘集区人民政府 2021 (corpus/seed/000_b9be135dcaa820ce.txt)
- hzq2023 / hzq2024: 洪泽区人民政府 2023 / 淮安市洪泽区人民政府 2024 (corpus/kirogov/hzq20xx_working.pdf)
- suqian2024: 宿迁市 2024, as re-rendered in corpus/kirogov/比对报告_宿迁市_2023vs2024-19.pdf
- huaian2024: 淮安市人民政府 2024 (corpus/public/huaian_municipal_2024.pdf)
- shanghai2019: 上海市人民政府办公厅 2019 (corpus/public/shanghai_bangongting_2019.html)
- pingtan2020 / pingtan2023: 平潭综合实验区 (corpus/public/pingtan_20xx_page.txt)
"""

from __future__ import annotations

import time
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gixcheck.claims import Claim, extract_claims, load_vocabulary, split_sentences

SEED = Path("/work/shared/corpus/seed/000_b9be135dcaa820ce.txt")

# --- real sentences ----------------------------------------------------------------------
SEED_REQUESTS = (
    "2021年，我区共收到政府信息依申请公开2件，均为网页申请，其中予以公开1件、不予以公开1件。"
    "办理的申请件皆在法定期限内予以答复，未产生行政复议、行政诉讼案件。"
)
SEED_DOCS = (
    "2021年，我区集中公开现行有效规范性文件31件，补充信息要素,无修改、废止、失效的规范性文件。"
)
SEED_FEE = (
    "1、按照《国务院办公厅关于印发〈政府信息公开信息处理费管理办法〉 的通知》（国办函〔2020〕109号）"
    "规定的按件、按量收费标准，本年度没有产生信息公开处理费。"
)
SEED_PROACTIVE = "潘集区人民政府认真贯彻落实市《2021年政务公开重点工作任务分工》，全年主动公开政府信息共12138条。"
HZQ2024_REQUESTS = (
    "2024 年，区政府办代表区政府受理政府信息公开申请 17 件，均已在法定期限内予以答复。"
)
HZQ2024_FEE = "2024 年，区政府严格落实《政府信息公开信息处理费管理办法》，全年收取政府信息公开信息处理费 0 元。"
HZQ2023_REQUESTS = "2023 年全区受理政府信息公开申请 21 件，均在法定期限答复。"
SUQIAN2024_FILING = "全市全年备案政府信息依申请公开领域行政复议案件134件，行政诉讼案件57件。"
SUQIAN2024_REQUESTS = (
    "全市全年共收办政府信息公开申请案件3646件，同比增长1.05%，其中，予以公开1431件、部分公开471件、"
    "不予公开92件、无法提供941件、不予处理117件、作其他处理（含申请人主动撤回申请）469件、"
    "转下年度办理125件。"
)
SUQIAN_SLOGAN = "努力做到“办结一件申请、解决一个问题、温暖一颗民心”。"
HUAIAN2024 = (
    "2024 年，全市共受理政府信息公开申请 3119 件，答复 3050 件（含上年度结转申请 34 件，"
    "另有 103 件顺延到下年度答复），均在法定期限内予以答复。政府信息公开行政复议 351 件，其中结果维持 72 件，"
    "结果纠正 64 件，其他结果 178 件，尚未审结 37 件；政府信息公开行政诉讼 46 件，其中结果维持 25 件，"
    "结果纠正 5 件，其他结果 9 件，尚未审结 7 件。"
)
HUAIAN2024_PERIOD = "报告所列统计期限自 2024 年 1 月 1 日至 2024 年 12 月 31 日。"
SHANGHAI2019 = (
    "市政府办公厅代表市政府共受理政府信息公开申请859件，申请数量较去年回落12.3%；"
    "答复政府信息公开申请805件（含上年度结转申请18件，另有72件申请按照《条例》顺延到下年度答复），"
    "均在法定期限内予以答复。予以公开及部分公开258件，占33.9%；不予公开35件，占4.34%；"
    "因本机关不掌握等原因无法提供265件，占32.9%；不予处理158件，占19.6%；其他处理0件。"
    "信息公开类行政复议7件，诉讼9件，均获维持，继续保持了省级政府零败诉的记录，"
    "维护了市政府依法行政、公开透明的良好形象。"
)
SHANGHAI2019_PERIOD = "本年度报告中所列数据统计期限从2019年1月1日到12月31日止。"
PINGTAN2023 = (
    "2023年全区接收通过邮寄、网络提交的各类政府信息公开申请共计81件，涉及自然人80件、商业企业1件。"
    "办结依申请公开81件，其中：予以公开及部分公开42件，占51.85%；不予公开5件，占6.17%；"
    "无法提供31件，占38.27%；不予处理1件，占1.23%；其他处理2件，占2.47%；"
    "因政府信息公开引起的行政复议案件2件、行政诉讼案件7件。"
)
PINGTAN2023_FEE = "2023年，无收取信息处理费情况。"
PINGTAN2020 = (
    "4.认真办理依申请公开2020年全区各级行政机关共受理政府信息公开申请21件，"
    "受理的申请件已按规定在法定期限内予以答复。"
)
PINGTAN2020_PROACTIVE = (
    "全年我区政府信息公开单位共公布政府信息2602条(其中机构职能类信息82条，"
    "行政许可类信息40条，其他应主动公开政府信息1053条)，"
)


def claims(text: str, year: int | None = None, body: str | None = None) -> list[Claim]:
    return extract_claims([(text, {"test": True})], report_year=year, body=body)


def only(cs: list[Claim], subject: str) -> Claim:
    found = [c for c in cs if c.subject == subject]
    assert len(found) == 1, (subject, [(c.subject, c.value, c.text) for c in cs])
    return found[0]


def subjects(cs: list[Claim]) -> list[str]:
    return [c.subject for c in cs]


# --- the seed -----------------------------------------------------------------------------
def test_seed_requests_sentence() -> None:
    cs = claims(SEED_REQUESTS, 2021, "潘集区人民政府")
    received = only(cs, "requests.received")
    assert received.value == Decimal(2) and received.unit == "件"
    assert received.scope == "body" and received.scope_text == "我区"
    assert received.year_scope == "this_year" and received.year == 2021
    assert received.qualifiers == ()
    assert received.sentence.startswith("2021年，我区共收到") and received.sentence.endswith("。")
    assert received.text == "收到政府信息依申请公开2件"
    assert received.source == {"test": True}
    assert only(cs, "result.granted").value == 1
    assert only(cs, "result.denied").value == 1
    # "均为网页申请" has no number; no channel count, no second received claim
    assert subjects(cs).count("requests.received") == 1
    in_time = only(cs, "reply.all_in_time")
    assert in_time.qualifiers == ("all",) and in_time.value is None
    assert in_time.year == 2021  # the year carries from the previous sentence of the line
    for subject in ("review.none", "litigation.none"):
        c = only(cs, subject)
        assert c.explicit_none and c.scope == "body" and c.value is None
    assert sorted(subjects(cs)) == sorted(
        [
            "requests.received",
            "result.granted",
            "result.denied",
            "reply.all_in_time",
            "review.none",
            "litigation.none",
        ]
    )


def test_seed_documents() -> None:
    cs = claims(SEED_DOCS, 2021, "潘集区人民政府")
    in_force = only(cs, "docs.normative.in_force")
    assert in_force.value == 31 and in_force.scope == "body"
    repealed = only(cs, "docs.normative.repealed")
    assert repealed.value == 0 and repealed.explicit_none


def test_seed_fee_explicit_none() -> None:
    cs = claims(SEED_FEE, 2021, "潘集区人民政府")
    fee = only(cs, "fee.info_processing")
    assert fee.value == 0 and fee.explicit_none and fee.qualifier == "explicit_none"
    assert fee.text == "没有产生信息公开处理费"
    # the 处理费 inside the 《》 title and 〔2020〕109号 give nothing
    assert subjects(cs) == ["fee.info_processing"]


def test_seed_proactive_total_and_body_name() -> None:
    c = only(claims(SEED_PROACTIVE, 2021, "潘集区人民政府"), "proactive.total")
    assert c.value == 12138 and c.unit == "条"
    assert c.scope == "body" and c.scope_text == "潘集区人民政府"
    # the only year is inside a 《》 title, which does not count as a stated year
    assert c.year is None and c.year_scope == "this_year"


def test_seed_whole_file_sections_one_and_six() -> None:
    lines = SEED.read_text("utf-8").split("\n")
    cs = extract_claims(
        [(ln, {"line": i + 1}) for i, ln in enumerate(lines)], 2021, "潘集区人民政府"
    )
    got = [
        (c.subject, None if c.value is None else str(c.value), c.scope, c.source["line"])
        for c in cs
    ]
    assert got == [
        ("proactive.total", "12138", "body", 5),
        ("requests.received", "2", "body", 8),
        ("result.granted", "1", "body", 8),
        ("result.denied", "1", "body", 8),
        ("reply.all_in_time", None, "body", 8),
        ("litigation.none", None, "body", 8),
        ("review.none", None, "body", 8),
        ("docs.normative.in_force", "31", "body", 11),
        ("docs.normative.repealed", "0", "body", 11),
        ("fee.info_processing", "0", "body", 424),
    ]


# --- scope traps ----------------------------------------------------------------------------
def test_hongze_2024_office_acting_for_the_government_is_sub_unit() -> None:
    cs = claims(HZQ2024_REQUESTS, 2024, "淮安市洪泽区人民政府")
    received = only(cs, "requests.received")
    assert received.value == 17
    assert received.scope == "sub_unit"
    assert received.scope_text == "区政府办代表区政府"
    assert not received.comparable
    assert only(cs, "reply.all_in_time").scope == "sub_unit"


def test_hongze_2024_sub_unit_without_body() -> None:
    assert only(claims(HZQ2024_REQUESTS), "requests.received").scope == "sub_unit"


def test_shanghai_office_report_acting_for_the_government_is_body() -> None:
    # In the 办公厅's own report, 市政府办公厅代表市政府受理 is the body's own count (table: 859).
    cs = claims(SHANGHAI2019, 2019, "上海市人民政府办公厅")
    received = only(cs, "requests.received")
    assert received.value == 859 and received.scope == "body"
    assert received.scope_text == "市政府办公厅代表市政府"


def test_hongze_2024_fee_zero_amount() -> None:
    fee = only(claims(HZQ2024_FEE, 2024, "淮安市洪泽区人民政府"), "fee.info_processing")
    assert fee.value == 0 and fee.unit == "元" and not fee.explicit_none
    assert fee.scope == "body" and fee.scope_text == "区政府"


def test_hongze_2023_whole_district_is_wider() -> None:
    cs = claims(HZQ2023_REQUESTS, 2023, "洪泽区人民政府")
    received = only(cs, "requests.received")
    assert received.value == 21 and received.scope == "wider" and received.scope_text == "全区"
    assert only(cs, "reply.all_in_time").scope == "wider"


def test_suqian_2024_filing_counts() -> None:
    cs = claims(SUQIAN2024_FILING, 2024, "宿迁市人民政府")
    review = only(cs, "review.total")
    litigation = only(cs, "litigation.total")
    assert (review.value, litigation.value) == (134, 57)
    assert review.scope == litigation.scope == "filing"
    assert review.scope_text == litigation.scope_text == "备案"


def test_suqian_2024_city_totals() -> None:
    cs = claims(SUQIAN2024_REQUESTS, 2024, "宿迁市人民政府")
    received = only(cs, "requests.received")
    assert received.value == 3646 and received.scope == "wider"
    assert received.has("possibly_includes_carried_over")  # 3646 = 3525 new + 121 carried over
    change = only(cs, "percent.change")
    assert change.value == Decimal("1.05") and change.of == "requests.received"
    assert only(cs, "result.other").value == 469  # past the number-free parenthetical
    assert only(cs, "requests.carried_forward").value == 125
    assert all(c.scope == "wider" for c in cs)


def test_slogan_in_quotes_is_not_a_claim() -> None:
    assert claims(SUQIAN_SLOGAN, 2024) == []


def test_received_includes_carried_over() -> None:
    # Constructed in the style of the brief's trap (no corpus report words it exactly).
    cs = claims(
        "2023年，我局共收到政府信息公开申请75件，其中上年结转1件，本年新收74件。",
        2023,
        "某某区教育局",
    )
    received = only(cs, "requests.received")
    assert received.value == 75
    assert received.has("includes_carried_over")
    assert received.parts == ("requests.new", "requests.carried_over")
    assert only(cs, "requests.carried_over").value == 1
    assert only(cs, "requests.new").value == 74
    assert received.scope == "body" and received.scope_text == "我局"


def test_replies_including_carried_over_do_not_mark_received() -> None:
    cs = claims(HUAIAN2024, 2024, "淮安市人民政府")
    received = only(cs, "requests.received")
    assert received.value == 3119 and received.qualifiers == () and received.scope == "wider"
    assert only(cs, "result.total").value == 3050
    assert only(cs, "requests.carried_over").value == 34
    forward = only(cs, "requests.carried_forward")
    assert forward.value == 103 and forward.text == "103 件顺延到下年度"


def test_huaian_review_and_litigation_breakdown() -> None:
    cs = claims(HUAIAN2024, 2024, "淮安市人民政府")
    values = {c.subject: c.value for c in cs if c.value is not None}
    assert values["review.total"] == 351
    assert (values["review.upheld"], values["review.corrected"]) == (72, 64)
    assert (values["review.other"], values["review.pending"]) == (178, 37)
    assert values["litigation.total"] == 46
    assert (values["litigation.upheld"], values["litigation.corrected"]) == (25, 5)
    assert (values["litigation.other"], values["litigation.pending"]) == (9, 7)


def test_shanghai_combined_sub_row_and_percentages() -> None:
    cs = claims(SHANGHAI2019, 2019, "上海市人民政府办公厅")
    combined = only(cs, "result.granted")
    assert combined.value == 258 and combined.scope == "combined"
    assert combined.parts == ("result.granted", "result.partly_granted")
    shares = [c for c in cs if c.subject == "percent.share"]
    assert [(c.value, c.of) for c in shares] == [
        (Decimal("33.9"), "result.granted"),
        (Decimal("4.34"), "result.denied"),
        (Decimal("32.9"), "result.unavailable"),
        (Decimal("19.6"), "result.not_processed"),
    ]
    assert shares[0].scope == "combined"
    # 265 is in fact the 本机关不掌握 row of table 三: the parent claim is marked unclear
    unavailable = only(cs, "result.unavailable")
    assert unavailable.value == 265 and unavailable.scope == "unclear"
    assert unavailable.scope_text == "本机关不掌握等原因"
    assert only(cs, "result.other").value == 0
    assert only(cs, "requests.carried_forward").value == 72
    assert only(cs, "percent.change").of == "requests.received"
    assert only(cs, "review.total").value == 7
    assert only(cs, "litigation.total").value == 9
    assert only(cs, "review.all_upheld").qualifiers == ("all",)
    assert only(cs, "litigation.all_upheld").qualifiers == ("all",)
    assert only(cs, "litigation.no_loss").text == "零败诉"


def test_sub_row_claim() -> None:
    c = only(claims("其中，本机关不掌握相关政府信息31件。", 2024), "result.unavailable.not_held")
    assert c.value == 31 and c.scope == "sub_row"


def test_pingtan_2023_percent_denominators_and_channels() -> None:
    cs = claims(PINGTAN2023, 2023, "平潭综合实验区管委会")
    received = only(cs, "requests.received")
    assert received.value == 81 and received.scope == "wider"
    # 自然人80件、商业企业1件 are applicant types, not received counts
    assert [c.value for c in cs if c.subject == "requests.applicant"] == [80, 1]
    total = only(cs, "result.total")
    assert total.value == 81 and total.scope == "unclear" and total.scope_text == "全区"
    shares = [c for c in cs if c.subject == "percent.share"]
    assert len(shares) == 5
    assert all(c.denominator == "result.total" for c in shares)
    assert shares[0].of == "result.granted" and shares[0].scope == "combined"
    assert only(cs, "review.total").value == 2
    assert only(cs, "litigation.total").value == 7


def test_pingtan_fee_none() -> None:
    fee = only(claims(PINGTAN2023_FEE, 2023), "fee.info_processing")
    assert fee.value == 0 and fee.explicit_none


def test_pingtan_2020_all_levels_is_wider() -> None:
    cs = claims(PINGTAN2020, 2020, "平潭综合实验区管委会")
    received = only(cs, "requests.received")
    assert received.value == 21 and received.scope == "wider"
    assert received.scope_text == "各级行政机关"


def test_category_counts_are_not_proactive_total() -> None:
    # 其他应主动公开政府信息1053条 is a category, not the total
    assert [c for c in claims(PINGTAN2020_PROACTIVE, 2020) if c.subject == "proactive.total"] == []


def test_channel_count_is_not_received() -> None:
    cs = claims("2022年，我局共收到网页申请2件。", 2022)
    assert subjects(cs) == ["requests.channel"]


def test_period() -> None:
    c = only(claims(HUAIAN2024_PERIOD, 2024), "period")
    assert c.period == (date(2024, 1, 1), date(2024, 12, 31))
    c = only(claims(SHANGHAI2019_PERIOD, 2019), "period")
    assert c.period == (date(2019, 1, 1), date(2019, 12, 31))
    assert c.value is None


# --- years ---------------------------------------------------------------------------------
def test_year_scope() -> None:
    stale = only(claims("2021年，我区共收到政府信息公开申请5件。", 2022), "requests.received")
    assert stale.year_scope == "previous_year" and stale.year == 2021
    multi = only(claims("2019年以来，累计受理政府信息公开申请50件。", 2022), "requests.received")
    assert multi.year_scope == "multi_year"
    unknown = only(claims("2021年，我区共收到政府信息公开申请5件。"), "requests.received")
    assert unknown.year_scope == "this_year" and unknown.year == 2021


# --- reply periods and numerals ------------------------------------------------------------
def test_reply_period_and_chinese_numerals() -> None:
    cs = claims("对收到的申请，均在十五个工作日内予以答复。", 2021)
    period = only(cs, "reply.period")
    assert period.value == 15 and period.unit == "个工作日"
    cs = claims("我局共受理政府信息公开申请二十一件。", 2021)
    assert only(cs, "requests.received").value == 21


def test_distributive_zero() -> None:
    cs = claims("本年度行政复议和行政诉讼案件均为0件。", 2021)
    assert {c.subject: c.value for c in cs} == {"review.total": 0, "litigation.total": 0}
    assert all(c.has("distributive") for c in cs)


def test_not_via_review_is_not_review_none() -> None:
    cs = claims("未经复议直接起诉1件。", 2021)
    assert subjects(cs) == ["litigation.direct.total"]


# --- API properties -------------------------------------------------------------------------
def test_claim_dict_and_hash() -> None:
    c = only(claims(SEED_REQUESTS, 2021), "requests.received")
    d = c.to_dict()
    assert d["value"] == "2" and d["text"] == "收到政府信息依申请公开2件"
    assert hash(c) == hash(only(claims(SEED_REQUESTS, 2021), "requests.received"))


def test_split_sentences() -> None:
    text = "甲。乙；丙\n丁！"
    assert [text[s:e] for s, e, _ in split_sentences(text)] == ["甲。", "乙；", "丙", "丁！"]


def test_vocabulary_subjects() -> None:
    ids = load_vocabulary().subject_ids()
    for subject in (
        "requests.received",
        "requests.new",
        "requests.carried_over",
        "requests.carried_forward",
        "result.granted",
        "result.partly_granted",
        "result.denied",
        "result.unavailable",
        "result.not_processed",
        "result.other",
        "result.total",
        "result.unavailable.not_held",
        "review.total",
        "litigation.total",
        "docs.rules",
        "docs.normative.in_force",
        "docs.normative.issued",
        "docs.normative.repealed",
        "licensing",
        "penalty",
        "coercion",
        "fees.admin",
        "fee.info_processing",
        "fee.notices",
        "reply.period",
        "reply.overdue",
        "reply.longest",
        "reply.average",
        "proactive.total",
        "review.upheld",
        "litigation.pending",
    ):
        assert subject in ids


def test_speed() -> None:
    lines = SEED.read_text("utf-8").split("\n")
    paras = [(ln, {"line": i}) for i, ln in enumerate(lines)]
    extract_claims(paras, 2021, "潘集区人民政府")  # warm up (vocabulary compiled once)
    runs = 20
    t0 = time.perf_counter()
    for _ in range(runs):
        extract_claims(paras, 2021, "潘集区人民政府")
    per_report = (time.perf_counter() - t0) / runs
    assert per_report < 0.05  # typically ~5 ms for the whole seed text, tables included


# --- properties -------------------------------------------------------------------------------
_ALPHABET = st.sampled_from(
    [
        *"0123456789１２一二十百万零〇件条个次元万%，。；：（）《》“”\n ",
        "收到",
        "申请",
        "予以公开",
        "部分公开",
        "不予公开",
        "行政复议",
        "行政诉讼",
        "未产生",
        "均",
        "法定期限",
        "备案",
        "全区",
        "我区",
        "代表区政府",
        "信息处理费",
        "其中",
        "上年结转",
        "占",
        "2021年",
        "工作日",
        "以来",
        "率",
        "维持",
        "本机关不掌握",
        "无法提供",
    ]
)


@given(st.lists(st.text(max_size=60), max_size=4), st.one_of(st.none(), st.integers(1990, 2030)))
@settings(max_examples=150, deadline=None)
def test_extract_claims_never_raises_on_random_text(paras: list[str], year: int | None) -> None:
    cs = extract_claims([(p, {"i": i}) for i, p in enumerate(paras)], year)
    for c in cs:
        assert 0 <= c.span[0] <= c.span[1] <= len(c.sentence)


@given(st.lists(_ALPHABET, max_size=40), st.one_of(st.none(), st.integers(2018, 2025)))
@settings(max_examples=300, deadline=None)
def test_extract_claims_deterministic(tokens: list[str], year: int | None) -> None:
    text = "".join(tokens)
    first = extract_claims([(text, {})], year, "某某区人民政府")
    second = extract_claims([(text, {})], year, "某某区人民政府")
    assert first == second
    for c in first:
        assert 0 <= c.span[0] <= c.span[1] <= len(c.sentence)
        assert c.scope in {"body", "wider", "sub_unit", "filing", "sub_row", "combined", "unclear"}
        assert c.year_scope in {"this_year", "previous_year", "multi_year", "other_year"}


@pytest.mark.parametrize("join", [False, True])
def test_pdf_wrapped_lines(join: bool) -> None:
    # hzq2024 as pdfplumber gives it: the sentence is wrapped over two lines.
    text = "2024 年，区政府办代表区政府受理政府\n信息公开申请 17 件，均已在法定期限内予以答复。"
    cs = extract_claims([(text, {})], 2024, "淮安市洪泽区人民政府", join_wrapped_lines=join)
    received = [c for c in cs if c.subject == "requests.received"]
    if join:
        assert [(c.value, c.scope) for c in received] == [(17, "sub_unit")]
    else:
        # line by line, the number's line has no verb: conservatively no received claim
        assert received == []


# A sentence with scope markers and nothing else makes no claim, but its last marker is the
# context of a later claim in its 。-sentence (segment) or line; one whose marker-like words
# are no marker (全区委) leaves the earlier one; a body marker after a wider one ends the wider
# context; a line break ends it too.
@pytest.mark.parametrize(
    ("text", "scope", "scope_text"),
    [
        ("全区各镇街认真落实；共收到政府信息公开申请10件。", "wider", "各镇"),
        ("全区各镇街认真落实。共收到政府信息公开申请10件。", "unclear", "各镇"),
        ("各部门认真落实；全区委员会认真研究；共收到政府信息公开申请10件。", "wider", "各部门"),
        ("全区各镇街认真落实。全区委员会认真研究。共收到政府信息公开申请10件。", "unclear", "各镇"),
        ("本机关认真落实；全区各部门积极配合；共收到政府信息公开申请10件。", "wider", "各部门"),
        ("全区各部门积极配合。本机关认真落实。共收到政府信息公开申请10件。", "body", None),
        ("全区各部门积极配合。\n共收到政府信息公开申请10件。", "body", None),
    ],
)
def test_scope_from_sentences_without_claims(text: str, scope: str, scope_text: str | None) -> None:
    [c] = extract_claims([(text, {})], 2021, "某市某区人民政府")
    assert (c.subject, c.value, c.scope, c.scope_text) == (
        "requests.received",
        Decimal(10),
        scope,
        scope_text,
    )

"""Tests for gixcheck.claims.numbers: numbers as written in the reports."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gixcheck.claims.numbers import find_numbers, normalize, parse_chinese_numeral, parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", "12"),
        ("１２", "12"),  # full-width digits
        ("12,138", "12138"),
        ("12，138", "12138"),
        ("805.50", "805.50"),  # seed table 二 行政事业性收费
        ("59237.2449", "59237.2449"),  # 宿迁市 2023 行政事业性收费 (万元)
        ("0", "0"),
        ("-18538", "-18538"),  # 平潭 2020 本年增/减
        ("二十一", "21"),
        ("十", "10"),
        ("十二", "12"),
        ("一百零五", "105"),
        ("两千三百", "2300"),
        ("二〇二一", "2021"),
        ("〇", "0"),
        ("零", "0"),
        ("两", "2"),
        ("三万", "30000"),
        ("一亿二千万", "120000000"),
        ("1.2万", "12000"),
        ("3万余", "30000"),
        ("14万余", "140000"),  # 宿迁市 2024: 主动公开政府信息14万余条
        ("5500余", "5500"),  # 淮安市 2024: 5500 余条
        ("2.5亿", "250000000"),
        (" 17 ", "17"),
    ],
)
def test_parse_number(text: str, expected: str) -> None:
    value = parse_number(text)
    assert value == Decimal(expected)
    assert isinstance(value, Decimal)


def test_parse_number_is_exact() -> None:
    assert parse_number("0.1") + parse_number("0.2") == Decimal("0.3")  # type: ignore[operator]
    assert parse_number("805.50") == Decimal("805.5")


@pytest.mark.parametrize("text", ["", "abc", "万", "千", "十十", "二三百", "1.2.3", "件", "1,23"])
def test_parse_number_rejects(text: str) -> None:
    assert parse_number(text) is None


def test_parse_chinese_numeral() -> None:
    assert parse_chinese_numeral("九百九十九") == 999
    assert parse_chinese_numeral("一万零一") == 10001
    assert parse_chinese_numeral("百") is None
    assert parse_chinese_numeral("x") is None


def test_normalize_keeps_length_and_maps_pdf_radicals() -> None:
    # 宿迁市 comparison PDF: the text layer uses Kangxi radicals (⼀ U+2F00 for 一, ⾏ for 行).
    raw = "⼀、总体情况 ⾏政复议１２件"
    norm = normalize(raw)
    assert len(norm) == len(raw)
    assert norm == "一、总体情况 行政复议12件"


def _found(text: str) -> list[tuple[str, str, str]]:
    return [(str(m.value), m.unit, m.text) for m in find_numbers(text)]


def test_find_numbers_units() -> None:
    # 潘集区 2021 (seed) and 淮安市 2024 wording
    text = (
        "全年主动公开政府信息共12138条，受理政府信息公开申请 3119 件，"
        "全年收取政府信息公开信息处理费 3940 元，行政事业性收费805.50万元，"
        "20个工作日内予以答复，占51.85%，二十一件，14万余条，3万余元"
    )
    assert _found(text) == [
        ("12138", "条", "12138条"),
        ("3119", "件", "3119 件"),
        ("3940", "元", "3940 元"),
        ("805.50", "万元", "805.50万元"),
        ("20", "个工作日", "20个工作日"),
        ("51.85", "%", "51.85%"),
        ("21", "件", "二十一件"),
        ("140000", "条", "14万余条"),
        ("30000", "元", "3万余元"),
    ]
    approx = [m.approx for m in find_numbers("14万余条，12条")]
    assert approx == [True, False]


def test_find_numbers_spans_index_the_original() -> None:
    text = "予以公开１２件"
    (m,) = find_numbers(text)
    assert text[m.span[0] : m.span[1]] == "１２件"
    assert m.value == 12


def test_find_numbers_skips_ordinals_and_idioms() -> None:
    # seed: “一条龙”政策服务; 宿迁市 2024: “办结一件申请、解决一个问题”; 第一次
    assert _found("提供“一条龙”政策服务") == []
    assert _found("第一次会议，第3次") == []
    assert _found("一件事，一次性告知") == []
    assert _found("统一件") == []


def test_find_numbers_chinese_wan_yuan() -> None:
    assert _found("收取两万元") == [("2", "万元", "两万元")]


@given(st.text(max_size=40))
@settings(max_examples=300, deadline=None)
def test_parse_number_never_raises(text: str) -> None:
    result = parse_number(text)
    assert result is None or isinstance(result, Decimal)


@given(st.text(alphabet="0123456789.,，万亿余多零〇一二两三四五六七八九十百千 -", max_size=20))
@settings(max_examples=300, deadline=None)
def test_parse_number_never_raises_on_numberish(text: str) -> None:
    result = parse_number(text)
    assert result is None or isinstance(result, Decimal)


@given(st.integers(min_value=0, max_value=10**12))
@settings(max_examples=200, deadline=None)
def test_parse_number_roundtrips_integers(n: int) -> None:
    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,}") == n


@given(st.text(max_size=80))
@settings(max_examples=300, deadline=None)
def test_find_numbers_never_raises(text: str) -> None:
    for m in find_numbers(text):
        assert 0 <= m.span[0] < m.span[1] <= len(text)


def test_find_numbers_is_linear_in_a_run_of_numerals() -> None:
    # 200,000 numerals with no unit after them: tried from every character of the run (as
    # before), this takes hours; read once it is a fraction of a second.
    run = "一二三四五六七八九十" * 20_000
    found = list(find_numbers(run + "，共收到申请3件"))
    assert [(m.value, m.unit, m.span) for m in found] == [
        (Decimal(3), "件", (len(run) + 6, len(run) + 8))
    ]
    # a run that does end in a unit is one (unparseable, so dropped) candidate, not 200,000
    assert list(find_numbers(run + "件")) == []


_NUMBERISH = "一二两三十百千万亿零〇第余多 件个工作日万元%百分之0123456789.,，"


@given(st.text(alphabet=_NUMBERISH, max_size=30))
@settings(max_examples=500, deadline=None)
def test_find_numbers_same_as_without_the_run_anchor(text: str) -> None:
    # The look-behind that makes the finder linear changes no result: the quadratic pattern,
    # rebuilt here, finds the same numbers.
    import re

    from gixcheck.claims import numbers

    anchor = f"(?<![{numbers._CN_CHARS}])"
    assert anchor in numbers._NUM_UNIT_PATTERN
    old = re.compile(numbers._NUM_UNIT_PATTERN.replace(anchor, ""))
    now = list(find_numbers(text))
    saved = numbers._num_unit_re
    numbers._num_unit_re = lambda: old  # type: ignore[assignment]
    try:
        before = list(find_numbers(text))
    finally:
        numbers._num_unit_re = saved  # type: ignore[assignment]
    assert now == before

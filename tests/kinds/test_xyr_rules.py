"""XYR001–XYR004 with ``--previous``.

Real pairs: 宿迁市 2023 → 2024 (fixtures tests/data/json/suqian_20xx.json, from the peer's comparison
PDF: carry-over 121 = 121, 行政规范性文件 597 + 50 − 227 = 420, 总体情况 rewritten) and 洪泽区 2023 →
2024 (PDFs: 规范性文件 5 + 3 − 0 = 8, carry-over 0 = 0).  The seed (潘集区 2021) is paired with a
copy of itself relabelled 2020.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import gixcheck
from gixcheck.kinds.crossyear import similarity

DATA = Path(__file__).parents[1] / "data"
TITLE_2020 = "潘集区人民政府2020年政府信息公开工作年度报告"
XYR = ("XYR001", "XYR002", "XYR003", "XYR004", "XYR005", "XYR006", "XYR007")


def of(rep: Any, code: str) -> list[Any]:
    return [f for f in rep.findings if f.rule == code]


def previous(seed_variant, lines: dict[int, str] | None = None) -> bytes:  # type: ignore[no-untyped-def]
    # last year's report: the seed with 2020 in place of 2021 (so its prose is the same)
    text = seed_variant(lines={1: TITLE_2020, **(lines or {})}).replace("2021年", "2020年")
    return str(text).encode("utf-8")


def test_without_previous_every_xyr_rule_is_not_assessable(seed_path: Path) -> None:
    rep = gixcheck.check(seed_path).reports[0]
    assert sorted(n.rule for n in rep.not_assessable if n.rule.startswith("XYR")) == list(XYR)
    assert all("--previous" in n.reason_zh for n in rep.not_assessable if n.rule in XYR)
    assert [f for f in rep.findings if f.rule.startswith("XYR")] == []


def test_xyr001_carry_over_differs(seed_path: Path, seed_variant) -> None:  # type: ignore[no-untyped-def]
    # last year's 四、结转下年度继续办理 / 总计 = 1, this year's 二、上年结转 / 总计 = 0
    prev = previous(seed_variant, {359: "\t1"})
    rep = gixcheck.check(seed_path, previous=prev).reports[0]
    [f] = of(rep, "XYR001")
    assert f.location.pointer == "/tables/table_3/rows/carried_over/total"
    assert "0件" in f.message_zh and "为1件" in f.message_zh


def test_xyr001_and_xyr002_suqian_pass() -> None:
    rep = gixcheck.check(
        DATA / "json" / "suqian_2024.json", previous=DATA / "json" / "suqian_2023.json"
    ).reports[0]
    assert of(rep, "XYR001") == [] and of(rep, "XYR002") == [] and of(rep, "XYR003") == []
    assert not [n for n in rep.not_assessable if n.rule.startswith("XYR")]


def test_xyr002_stock_does_not_add_up(seed_path: Path, seed_variant) -> None:  # type: ignore[no-untyped-def]
    # last year 31 in force; this year +2 issued −0 repealed should give 33, the seed says 31
    rep = gixcheck.check(seed_path, previous=previous(seed_variant)).reports[0]
    [f] = of(rep, "XYR002")
    assert "31 + 本年制发2 − 本年废止0 = 33" in f.message_zh


def test_xyr002_hongze_passes() -> None:
    rep = gixcheck.check(
        DATA / "pdf" / "hzq2024_working.pdf", previous=DATA / "pdf" / "hzq2023_working.pdf"
    ).reports[0]
    assert of(rep, "XYR001") == [] and of(rep, "XYR002") == [] and of(rep, "XYR003") == []


def test_xyr003_same_prose(seed_path: Path, seed_variant) -> None:  # type: ignore[no-untyped-def]
    rep = gixcheck.check(seed_path, previous=previous(seed_variant)).reports[0]
    sections = {f.evidence["similarity"] >= 0.9 and f.location.pointer for f in of(rep, "XYR003")}
    assert "/sections/0" in sections and "/sections/4" in sections


def test_xyr003_similarity_ignores_years_and_counts() -> None:
    a = "2021年，我区共收到政府信息依申请公开2件，均为网页申请。"
    b = "2020年，我区共收到政府信息依申请公开15件，均为网页申请。"
    assert similarity(a, b) == 1.0
    # 宿迁市 2023 and 2024 总体情况 openings: rewritten, far below the threshold
    x = "2023年，我市以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平总书记对江苏工作重要讲话重要指示精神"
    y = "2024年，我市坚持以习近平法治思想为指导，深入学习习近平总书记对江苏工作重要讲话精神"
    assert similarity(x, y) < 0.9


def test_xyr004_tenfold_jump(seed_path: Path, seed_variant) -> None:  # type: ignore[no-untyped-def]
    # 行政许可 8 last year, 89 this year
    rep = gixcheck.check(seed_path, previous=previous(seed_variant, {42: "\t8"})).reports[0]
    [f] = of(rep, "XYR004")
    assert f.severity.value == "info" and "89" in f.message_zh and "8，" in f.message_zh


def test_xyr004_small_changes_pass(seed_path: Path, seed_variant) -> None:  # type: ignore[no-untyped-def]
    rep = gixcheck.check(seed_path, previous=previous(seed_variant)).reports[0]
    assert of(rep, "XYR004") == []


def test_previous_of_the_wrong_year_is_not_assessable(seed_path: Path) -> None:
    rep = gixcheck.check(seed_path, previous=seed_path).reports[0]
    assert {
        n.rule for n in rep.not_assessable if n.applicable and "2021年度" in n.reason_zh
    } == set(XYR)

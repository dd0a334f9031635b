"""TXT001–TXT005: the narrative against tables 二, 三 and 四.

Sentences are real, from the corpus (/work/shared/corpus):
- seed: 潘集区人民政府 2021 — “2021年，我区共收到政府信息依申请公开2件，均为网页申请，其中予以公开1件、
  不予以公开1件。办理的申请件皆在法定期限内予以答复，未产生行政复议、行政诉讼案件。”
- 洪泽区 2024 (hzq2024_working.pdf) — “2024年，区政府办代表区政府受理政府信息公开申请17件”
- 宿迁市 2024 (比对报告_宿迁市_2023vs2024-19.pdf; fixture tests/data/json/suqian_2024.json) —
  “全市全年备案政府信息依申请公开领域行政复议案件134件，行政诉讼案件57件。”
- 上海市人民政府办公厅 2019 (shanghai_bangongting_2019.html) — “信息公开类行政复议7件，诉讼9件，均获维持”
- 淮安市人民政府 2024 (huaian_municipal_2024.pdf) — “政府信息公开行政复议351件，其中结果维持72件…”
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import gixcheck

DATA = Path(__file__).parents[1] / "data"
SEED_REQUESTS = "2021年，我区共收到政府信息依申请公开2件"


def of(rep: Any, code: str) -> list[Any]:
    return [f for f in rep.findings if f.rule == code]


def test_seed_passes_every_txt_rule(seed_path: Path, check_text) -> None:  # type: ignore[no-untyped-def]
    rep = check_text(seed_path.read_text(encoding="utf-8"))
    assert [f for f in rep.findings if f.rule.startswith("TXT")] == []


def test_txt001_received_count_changed(seed_variant, check_text) -> None:  # type: ignore[no-untyped-def]
    rep = check_text(
        seed_variant(replace=[("共收到政府信息依申请公开2件", "共收到政府信息依申请公开3件")])
    )
    [f] = of(rep, "TXT001")
    assert f.severity.value == "error"
    assert f.location.pointer == "/sections/0/paragraphs/4"
    assert "3件" in f.message_zh and "为2件" in f.message_zh and "相差1" in f.message_zh
    assert f.evidence["cells"][0]["pointer"] == "/tables/table_3/rows/received_new/total"


def test_txt001_count_including_carried_over_passes(seed_variant, check_text) -> None:  # type: ignore[no-untyped-def]
    # 收到3件 with 本年新收 2 and 上年结转 1 (the 75 = 74 + 1 case): the text counts both.
    text = seed_variant(
        lines={101: "\t1"},
        replace=[("共收到政府信息依申请公开2件", "共收到政府信息依申请公开3件")],
    )
    assert of(check_text(text), "TXT001") == []


def test_txt001_explicit_carried_over_uses_both_rows(seed_variant, check_text) -> None:  # type: ignore[no-untyped-def]
    text = seed_variant(
        replace=[
            ("共收到政府信息依申请公开2件，", "共收到政府信息依申请公开3件，其中上年结转1件，")
        ]
    )
    [f] = of(check_text(text), "TXT001")
    assert "二、上年结转" in f.message_zh


def test_txt001_hongze_2024_other_scope_is_no_error() -> None:
    # “区政府办代表区政府受理政府信息公开申请17件” against table 三's 95: a different scope.
    rep = gixcheck.check(DATA / "pdf" / "hzq2024_working.pdf").reports[0]
    found = of(rep, "TXT001")
    assert [f.severity.value for f in found] == ["warning"]
    assert "区政府办代表区政府" in found[0].message_zh
    assert not [f for f in rep.findings if f.rule.startswith("TXT") and f.severity.value == "error"]


def test_txt002_granted_count_changed(seed_variant, check_text) -> None:  # type: ignore[no-untyped-def]
    rep = check_text(seed_variant(replace=[("予以公开1件", "予以公开2件")]))
    [f] = of(rep, "TXT002")
    assert f.severity.value == "warning"
    assert "予以公开2件" in f.message_zh and "（一）予以公开" in f.message_zh


def test_txt002_percentage_that_does_not_fit() -> None:
    # 上海 2019: “予以公开及部分公开258件，占33.9%” — 258/805 is 32.0%; “不予处理158件，占19.6%” fits.
    rep = gixcheck.check(DATA / "html" / "shanghai_bangongting_2019.html").reports[0]
    found = of(rep, "TXT002")
    assert [str(f.evidence["claim"]["value"]) for f in found] == ["33.9"]
    assert "32.0%" in found[0].message_zh


def test_txt003_review_in_table_while_text_says_none(seed_variant, check_text) -> None:  # type: ignore[no-untyped-def]
    rep = check_text(seed_variant(lines={402: "\t1", 406: "\t1"}))
    [f] = of(rep, "TXT003")
    assert f.severity.value == "error"
    assert "没有行政复议" in f.message_zh and "1件" in f.message_zh


def test_txt003_all_upheld_while_pending() -> None:
    # 上海 2019: “信息公开类行政复议7件，诉讼9件，均获维持” while table 四 has cases 尚未审结.
    rep = gixcheck.check(DATA / "html" / "shanghai_bangongting_2019.html").reports[0]
    found = of(rep, "TXT003")
    assert {f.evidence["cells"][0]["pointer"] for f in found} == {
        "/tables/table_4/rows/cases/review.pending",
        "/tables/table_4/rows/cases/litigation_direct.pending",
    }
    # “零败诉” is not contradicted by pending cases: no finding for it.
    assert all("零败诉" not in f.location.label for f in found)


def test_txt003_suqian_filings_are_not_compared() -> None:
    # “全市全年备案…行政复议案件134件，行政诉讼案件57件” against table 四's 170 and 77: filings.
    rep = gixcheck.check(DATA / "json" / "suqian_2024.json").reports[0]
    assert [f for f in rep.findings if f.rule.startswith("TXT")] == []


def test_txt003_huaian_breakdown_matches() -> None:
    rep = gixcheck.check(DATA / "pdf" / "huaian_municipal_2024.pdf").reports[0]
    assert of(rep, "TXT003") == []


def test_txt004_normative_documents_changed(seed_variant, check_text) -> None:  # type: ignore[no-untyped-def]
    rep = check_text(seed_variant(replace=[("现行有效规范性文件31件", "现行有效规范性文件35件")]))
    [f] = of(rep, "TXT004")
    assert "35件" in f.message_zh and "现行有效件数" in f.message_zh and "为31" in f.message_zh


def test_txt004_generic_count_matches_any_column() -> None:
    # 上海 2019: “主动公开规章13件，行政规范性文件60件” = 本年新制作数量 13 / 60.
    rep = gixcheck.check(DATA / "html" / "shanghai_bangongting_2019.html").reports[0]
    assert of(rep, "TXT004") == []


def test_txt005_stale_year(seed_variant, check_text) -> None:  # type: ignore[no-untyped-def]
    rep = check_text(seed_variant(lines={1: "潘集区人民政府2022年政府信息公开工作年度报告"}))
    found = of(rep, "TXT005")
    assert found and all(f.severity.value == "warning" for f in found)
    assert any(SEED_REQUESTS[:8] in f.message_zh for f in found)

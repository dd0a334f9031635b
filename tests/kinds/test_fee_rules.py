"""FEE001–FEE005 on real sentences.

- seed 潘集区人民政府 2021: “1、按照《国务院办公厅关于印发〈政府信息公开信息处理费管理办法〉 的通知》（国办函〔2020〕109号）
  规定的按件、按量收费标准，本年度没有产生信息公开处理费。” and table 二 行政事业性收费 805.50（万元）
- 洪泽区 2024: “2024年，区政府严格落实《政府信息公开信息处理费管理办法》，全年收取政府信息公开信息处理费0元。”
- 宿迁市 2024: “2024年有3件政府信息公开申请案件收取信息处理费2230元。其中，沭阳县民政局1件，收取880元；…”
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import gixcheck

DATA = Path(__file__).parents[1] / "data"
SEED_FEE = "本年度没有产生信息公开处理费。"
HONGZE_FEE = (
    "2021年，区政府严格落实《政府信息公开信息处理费管理办法》，全年收取政府信息公开信息处理费0元。"
)
SUQIAN_FEE = "2021年有3件政府信息公开申请案件收取信息处理费2230元。"


def of(rep: Any, code: str) -> list[Any]:
    return [f for f in rep.findings if f.rule == code]


def test_seed_passes_every_fee_rule(seed_path: Path, check_text) -> None:  # type: ignore[no-untyped-def]
    rep = check_text(seed_path.read_text(encoding="utf-8"))
    assert [f for f in rep.findings if f.rule.startswith("FEE")] == []


def test_fee001_fee_sentence_removed(seed_variant, check_text) -> None:  # type: ignore[no-untyped-def]
    rep = check_text(seed_variant(lines={424: ""}))
    [f] = of(rep, "FEE001")
    assert f.severity.value == "error" and f.location.pointer == "/sections/5"
    assert "2021年度报告" in f.message_zh


def test_fee001_hongze_zero_amount_is_a_statement(seed_variant, check_text) -> None:  # type: ignore[no-untyped-def]
    rep = check_text(seed_variant(lines={424: HONGZE_FEE}))
    assert of(rep, "FEE001") == [] and of(rep, "FEE005") == []


def test_fee001_not_for_2019_reports() -> None:
    # 上海 2019: 六、其他需要报告的事项 “无。” — the fee statement is required from 2021 only.
    rep = gixcheck.check(DATA / "html" / "shanghai_bangongting_2019.html").reports[0]
    assert of(rep, "FEE001") == []


def test_fee002_no_fee_arose_but_fee_row_counts(seed_variant, check_text) -> None:  # type: ignore[no-untyped-def]
    # 三（六）2 逾期未按收费通知要求缴纳费用 / 总计 from 0 to 1.
    rep = check_text(seed_variant(lines={329: "1"}))
    [f] = of(rep, "FEE002")
    assert f.evidence["compared_with"] == "/tables/table_3/rows/result.other.overdue_fee/total"
    assert "没有产生信息公开处理费" in f.message_zh and "为1件" in f.message_zh


def test_fee002_none_collected_is_consistent_with_unpaid_notices(seed_variant, check_text) -> None:  # type: ignore[no-untyped-def]
    text = seed_variant(lines={329: "1", 424: HONGZE_FEE})
    assert of(check_text(text), "FEE002") == []


def test_fee002_two_amounts(seed_variant, check_text) -> None:  # type: ignore[no-untyped-def]
    text = seed_variant(lines={424: SUQIAN_FEE, 425: HONGZE_FEE})
    [f] = of(check_text(text), "FEE002")
    assert "2230" in f.message_zh and "0元" in f.message_zh


def test_fee002_suqian_breakdown_is_not_a_second_amount() -> None:
    rep = gixcheck.check(DATA / "json" / "suqian_2024.json").reports[0]
    assert [f for f in rep.findings if f.rule.startswith("FEE")] == []


def test_fee003_amount_in_yuan(seed_variant, check_text) -> None:  # type: ignore[no-untyped-def]
    # 805.50 万元 written as 8055000: a county's 805亿元 is implausible.
    rep = check_text(seed_variant(lines={61: "\t8055000"}))
    [f] = of(rep, "FEE003")
    assert f.location.pointer == "/tables/table_2/rows/fees/amount"
    assert "8055000" in f.message_zh


def test_fee003_too_many_decimals(seed_variant, check_text) -> None:  # type: ignore[no-untyped-def]
    rep = check_text(seed_variant(lines={61: "\t805.5000001"}))
    assert len(of(rep, "FEE003")) == 1


def test_fee003_six_decimals_are_yuan_and_fen(seed_variant, check_text) -> None:  # type: ignore[no-untyped-def]
    # 805.500012 万元 = 8 055 000.12 元: an exact amount to the fen, not a wrong unit.
    rep = check_text(seed_variant(lines={61: "\t805.500012"}))
    assert of(rep, "FEE003") == []


def test_fee003_suqian_four_decimals_pass() -> None:
    # 宿迁市 2024: 行政事业性收费 72701.2578 (万元, to the yuan).
    rep = gixcheck.check(DATA / "json" / "suqian_2024.json").reports[0]
    assert of(rep, "FEE003") == []


def test_fee004_obsolete_wording(seed_variant, check_text) -> None:  # type: ignore[no-untyped-def]
    text = seed_variant(lines={425: "2、本年度收取检索费、复制费、邮寄费共计0元。"})
    found = of(check_text(text), "FEE004")
    assert sorted(f.evidence["phrase"] for f in found) == ["复制费", "检索费", "邮寄费"]


def test_fee004_document_title_is_not_wording(seed_variant, check_text) -> None:  # type: ignore[no-untyped-def]
    text = seed_variant(lines={425: "2、《关于检索费收取的通知》已废止。"})
    assert of(check_text(text), "FEE004") == []


def test_fee005_amount_not_a_multiple_of_ten(seed_variant, check_text) -> None:  # type: ignore[no-untyped-def]
    rep = check_text(seed_variant(lines={424: SUQIAN_FEE.replace("2230", "2235")}))
    [f] = of(rep, "FEE005")
    assert f.severity.value == "info" and "2235" in f.message_zh


def test_fee005_suqian_amount_passes(seed_variant, check_text) -> None:  # type: ignore[no-untyped-def]
    assert of(check_text(seed_variant(lines={424: SUQIAN_FEE})), "FEE005") == []


def test_fee003_header_unit_changed_or_missing(seed_variant, check_text) -> None:  # type: ignore[no-untyped-def]
    # 潘集区's header is 本年收费金额（单位：万元）; a report that writes 元 there, or no unit,
    # states its fee in something other than the form's 万元.
    for header, needle in (
        ("本年收费金额（单位：元）", "单位不是万元"),
        ("本年收费金额", "未写明单位"),
    ):
        rep = check_text(seed_variant(replace=[("\t本年收费金额（单位：万元）", "\t" + header)]))
        fee3 = [f for f in rep.findings if f.rule == "FEE003"]
        assert len(fee3) == 1 and needle in fee3[0].message_zh, [f.message_zh for f in fee3]
        # the amount is still read under its column, not under the block before it
        assert fee3[0].location.pointer == "/tables/table_2/rows/fees/amount"
    assert "FEE003" not in {f.rule for f in check_text(seed_variant()).findings}

"""DDL001–DDL005.

Real sentences: 洪泽区 2024 “均已在法定期限内予以答复”; 淮安市 2024 “报告所列统计期限自2024年1月1日至2024年
12月31日”; seed 潘集区 2021 “办理的申请件皆在法定期限内予以答复”; 上海市人民政府办公厅 2019, 发布日期：2020-01-31.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import gixcheck

DATA = Path(__file__).parents[1] / "data"
REPLY = "办理的申请件皆在法定期限内予以答复"


@pytest.fixture
def seed_report_dict(seed_path: Path) -> dict[str, Any]:
    return gixcheck.extract(seed_path)


def of(rep: Any, code: str) -> list[Any]:
    return [f for f in rep.findings if f.rule == code]


def na(rep: Any, code: str) -> list[Any]:
    return [n for n in rep.not_assessable if n.rule == code]


def test_ddl001_late_government_report(seed_text: str, check_text) -> None:  # type: ignore[no-untyped-def]
    rep = check_text(seed_text, published="2022-04-18")
    [f] = of(rep, "DDL001")
    assert f.severity.value == "error"
    assert "2022-03-31" in f.message_zh and "18天" in f.message_zh
    assert of(rep, "DDL002") == [] and na(rep, "DDL001") == []


def test_ddl001_on_time(seed_text: str, check_text) -> None:  # type: ignore[no-untyped-def]
    rep = check_text(seed_text, published="2022-03-28")
    assert of(rep, "DDL001") == [] and na(rep, "DDL001") == [] and of(rep, "DDL002") == []


def test_ddl001_department_published_on_the_day() -> None:
    # 上海市人民政府办公厅 2019: a department, 发布日期 2020-01-31, due by 2020-01-31.
    rep = gixcheck.check(DATA / "html" / "shanghai_bangongting_2019.html").reports[0]
    assert of(rep, "DDL001") == [] and na(rep, "DDL001") == [] and of(rep, "DDL002") == []


def test_ddl001_written_date_can_only_prove_lateness(seed_report_dict) -> None:  # type: ignore[no-untyped-def]
    late = {
        **seed_report_dict,
        "metadata": {**seed_report_dict["metadata"], "written": "2022-04-02"},
    }
    [f] = of(gixcheck.check(late).reports[0], "DDL001")
    assert f.location.pointer == "/metadata/written"
    early = {
        **seed_report_dict,
        "metadata": {**seed_report_dict["metadata"], "written": "2022-01-20"},
    }
    rep = gixcheck.check(early).reports[0]
    assert of(rep, "DDL001") == [] and len(na(rep, "DDL001")) == 1
    assert "2022-01-20" in of(rep, "DDL002")[0].message_zh


def test_ddl001_other_body_is_not_assessable(seed_report_dict) -> None:  # type: ignore[no-untyped-def]
    other = {**seed_report_dict, "metadata": {**seed_report_dict["metadata"], "body_kind": "other"}}
    rep = gixcheck.check(other, published="2022-06-01").reports[0]
    [n] = na(rep, "DDL001")
    assert "管委会" in n.reason_zh and of(rep, "DDL001") == []


def test_ddl002_unknown_date_is_info(seed_text: str, check_text) -> None:  # type: ignore[no-untyped-def]
    rep = check_text(seed_text)
    [f] = of(rep, "DDL002")
    assert f.severity.value == "info"
    assert len(na(rep, "DDL001")) == 1


def test_ddl003_old_fifteen_days(seed_variant, check_text) -> None:  # type: ignore[no-untyped-def]
    rep = check_text(
        seed_variant(replace=[(REPLY, "办理的申请件皆在15个工作日的法定期限内予以答复")])
    )
    [f] = of(rep, "DDL003")
    assert "15个工作日" in f.message_zh and "20" in f.message_zh


def test_ddl003_own_commitment_is_not_the_law(seed_variant, check_text) -> None:  # type: ignore[no-untyped-def]
    rep = check_text(seed_variant(replace=[(REPLY, "办理的申请件皆在承诺的5个工作日内予以答复")]))
    assert of(rep, "DDL003") == []


def test_ddl004_overdue_reply_counted(seed_variant, check_text) -> None:  # type: ignore[no-untyped-def]
    rep = check_text(seed_variant(replace=[(REPLY, REPLY + "，逾期答复1件")]))
    [f] = of(rep, "DDL004")
    assert f.severity.value == "error" and "逾期答复1件" in f.message_zh


def test_ddl004_longest_reply_beyond_forty_days(seed_variant, check_text) -> None:  # type: ignore[no-untyped-def]
    rep = check_text(seed_variant(replace=[(REPLY, REPLY + "，最长办理用时45个工作日")]))
    assert len(of(rep, "DDL004")) == 1


def test_ddl004_hongze_all_in_time_passes() -> None:
    rep = gixcheck.check(DATA / "pdf" / "hzq2024_working.pdf").reports[0]
    assert of(rep, "DDL004") == []


def test_ddl005_period_ending_in_november(seed_variant, check_text) -> None:  # type: ignore[no-untyped-def]
    title = "潘集区人民政府2021年政府信息公开工作年度报告"
    period = "本报告中所列数据统计期限自2021年1月1日起至2021年11月30日止。"
    rep = check_text(seed_variant(lines={1: title + "\n" + period}))
    found = of(rep, "DDL005")
    assert found and all("2021-11-30" in f.message_zh for f in found)
    assert len(found) == 1  # metadata and the sentence give one period, reported once


def test_ddl005_title_year_differs(seed_variant, check_text) -> None:  # type: ignore[no-untyped-def]
    title = "潘集区人民政府2021年政府信息公开工作年度报告"
    period = "本报告中所列数据统计期限自2020年1月1日起至2020年12月31日止。"
    assert len(of(check_text(seed_variant(lines={1: title + "\n" + period})), "DDL005")) == 1


def test_ddl005_huaian_period_passes() -> None:
    rep = gixcheck.check(DATA / "pdf" / "huaian_municipal_2024.pdf").reports[0]
    assert of(rep, "DDL005") == []

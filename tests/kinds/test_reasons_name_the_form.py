"""Not-assessable reasons name tables and sections as the form prints them, not by their keys
(a truncated department report said "缺少章节 problems" and "table_3 缺失")."""

from __future__ import annotations

from pathlib import Path

import gixcheck

SEED = Path(__file__).parents[1] / "data" / "text" / "seed_panji_2021.txt"


def test_a_truncated_report_s_reasons_use_the_form_s_words(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    cut = tmp_path / "cut.txt"
    cut.write_text(text[: text.index("三、收到和处理政府信息公开申请情况")], encoding="utf-8")
    rep = gixcheck.check([cut], jobs=1).reports[0]
    reasons = [n.reason_zh for n in rep.not_assessable]
    assert any("表三" in r for r in reasons), reasons
    assert any("存在的主要问题及改进情况" in r for r in reasons), reasons
    assert not any("table_3" in r or "problems" in r for r in reasons), reasons


def test_a_report_without_a_preamble_says_so_in_words(tmp_path: Path) -> None:
    # a crawled page text that starts at 一、总体情况 (长春市体育局 2023): SEC009 cannot look at a
    # preamble, and says so without the key "preamble"
    text = SEED.read_text(encoding="utf-8")
    page = tmp_path / "page.txt"
    page.write_text(text[text.index("一、总体情况") :], encoding="utf-8")
    rep = gixcheck.check([page], jobs=1).reports[0]
    [reason] = [n for n in rep.not_assessable if n.rule == "SEC009"]
    assert "前言" in reason.reason_zh and "preamble" not in reason.reason_zh
    assert "preamble" in reason.reason_en

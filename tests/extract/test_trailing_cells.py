"""A page that ends every table row with an empty cell (the header row too) is read, and a row
whose extra blank cannot be told from a blank figure is not.

The text is the stored page of a 2023 民政局 report (the `search` tool's `pages` corpus,
https://saintpaulhem.com/jxx/jxxrmzf/xxgknbgs/202403/fadd881c1204427da3d7fff510732e0e.shtml, a
mirror of a county government's 年报 column): table 二 written a cell per line, each ended by
`` |``, every row closed by a lone ``|``.  Before, each row had four values under three column
headers and none was read (TAB001 said the table had a heading but no table).
"""

from __future__ import annotations

from itertools import combinations
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import gixcheck

PAGE = """本报告中使用数据统计期限为2023年1月1日起至2023年12月31日止。
一、总体情况
二是及时规范办理依申请公开。2023年,我局未收到政府信息公开申请。
二、主动公开政府信息情况
第二十条第(一)项 |
||||
信息内容 |
本年新 制作数量 |
本年新 公开数量 |
对外公开总数量 |
|
规章 |
0 |
0 |
0 |
|
规范性文件 |
{normative}
|
第二十条第(五)项 |
||||
信息内容 |
上一年项目数量 |
本年增/减 |
处理决定数量 |
|
行政许可 |
3 |
1 |
4 |
|
"""


def _table_2(tmp_path: Path, normative: str) -> dict[str, Any]:
    path = tmp_path / "page.txt"
    path.write_text(PAGE.format(normative=normative), encoding="utf-8")
    table: dict[str, Any] = gixcheck.extract(path)["tables"]["table_2"]
    return table


def _values(row: dict[str, Any]) -> dict[str, Any]:
    return {col: cell["value"] for col, cell in row.items()}


def test_rows_ended_by_an_empty_cell_are_read(tmp_path: Path) -> None:
    t = _table_2(tmp_path, "2 |\n0 |\n5 |")
    assert _values(t["rows"]["rules"]) == {"made": 0, "published": 0, "total_published": 0}
    assert _values(t["rows"]["normative_docs"]) == {"made": 2, "published": 0, "total_published": 5}
    assert _values(t["rows"]["licensing"]) == {"prev_items": 3, "change": 1, "decisions": 4}
    assert not t.get("unmatched_rows") and not any("values under" in n for n in t["notes"])


def test_a_blank_before_the_last_figure_is_not_placed(tmp_path: Path) -> None:
    # 2, blank, 5, blank under three headers: the extra blank may be either; not read
    t = _table_2(tmp_path, "2 |\n|\n5 |")
    assert "normative_docs" not in t["rows"]
    assert "row 行政规范性文件: 4 values under 3 column headers" in t["notes"]  # the form's label
    assert _values(t["rows"]["rules"]) == {"made": 0, "published": 0, "total_published": 0}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["", "0", "7"]), max_size=7), st.integers(min_value=0, max_value=6))
def test_blanks_are_dropped_only_when_every_way_agrees(texts: list[str], n: int) -> None:
    """Blanks are dropped to reach ``n`` cells only when every choice of blanks to drop gives
    the same row (leading blanks are the caller's: dropped before this is asked)."""
    from gixcheck.extract.build import _without_trailing_blanks
    from gixcheck.extract.document import Cell

    cells = [Cell(t) for t in texts]
    got = [c.text for c in _without_trailing_blanks(cells, n)]
    blanks = [i for i, t in enumerate(texts) if not t]
    extra = len(texts) - n
    ways = (
        {
            tuple(t for i, t in enumerate(texts) if i not in drop)
            for drop in map(set, combinations(blanks, extra))
        }
        if 0 < extra <= len(blanks)
        else set()
    )
    if got != texts:  # dropped: to the one row every choice gives
        assert len(got) == n and ways == {tuple(got)}

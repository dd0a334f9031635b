"""A table 三 row with fewer than seven value cells is unreadable, never shifted (issue 10, 6).

``（一）予以公开 | 0 | 1`` (a page that lost five cells, or wrote only 自然人 and 总计): placed by
position, 1 would become 商业企业 and the row's total 0 — and ARI003 a confident error.  Which of
the form's columns each figure belongs to cannot be told, so every cell of the row is unreadable
with the figures as written, the table says why, and the row is not reported missing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import gixcheck
from gixcheck import api
from gixcheck.form import labels

DATA = Path(__file__).resolve().parent.parent / "data"
COLS = [c.key for c in labels("table_3", "columns")]


def _html(tmp_path: Path) -> Path:
    page = (DATA / "html" / "seed_panji_2021_gbk.html").read_bytes().decode("gb18030")
    granted = "<td>（一）予以公开</td>" + "".join(f"<td>{v}</td>" for v in "0100001")
    partly = "不计其他情形）</td>" + "<td>0</td>" * 7
    assert page.count(granted) == 1 and page.count(partly) == 1
    page = page.replace(granted, "<td>（一）予以公开</td><td>0</td><td>1</td>")
    page = page.replace(partly, "不计其他情形）</td>" + "<td>0</td>" * 5)
    path = tmp_path / "short_rows.html"
    path.write_bytes(page.encode("gb18030"))
    return path


def _text(tmp_path: Path) -> Path:
    text = (DATA / "text" / "seed_panji_2021.txt").read_text(encoding="utf-8")
    granted = "\t（一）予以公开\n" + "".join(f"\t{v}\n" for v in "0100001")
    assert text.count(granted) == 1
    path = tmp_path / "short_rows.txt"
    path.write_text(text.replace(granted, "\t（一）予以公开\n\t0\n\t1\n"), encoding="utf-8")
    return path


def _cells(t3: dict[str, Any], row: str) -> list[tuple[str, Any]]:
    return [(t3["rows"][row][c]["kind"], t3["rows"][row][c].get("value")) for c in COLS]


@pytest.mark.parametrize("make", [_html, _text], ids=["html", "text"])
def test_a_short_row_is_unreadable_not_shifted(make: Any, tmp_path: Path) -> None:
    path = make(tmp_path)
    t3 = api.extract(path)["tables"]["table_3"]
    granted = t3["rows"]["result.granted"]
    assert [granted[c]["kind"] for c in COLS] == ["unreadable"] * 7
    assert {granted[c]["raw"] for c in COLS} == {"0 1"}
    assert "result.granted" not in t3["missing_rows"]
    assert t3["unmatched_rows"] == []
    assert any(n.startswith("result.granted: 2 value cells of 7") for n in t3["notes"])
    # The rows around it keep their own figures.
    assert _cells(t3, "received_new") == [("number", v) for v in (0, 1, 1, 0, 0, 0, 2)]
    assert _cells(t3, "result.denied.state_secret") == [("number", 0)] * 7
    if path.suffix == ".html":
        partly = t3["rows"]["result.partly_granted"]
        assert [partly[c]["kind"] for c in COLS] == ["unreadable"] * 7
    else:
        assert _cells(t3, "result.partly_granted") == [("number", 0)] * 7


@pytest.mark.parametrize("make", [_html, _text], ids=["html", "text"])
def test_no_arithmetic_error_is_made_of_a_short_row(make: Any, tmp_path: Path) -> None:
    res = gixcheck.check(make(tmp_path)).reports[0]
    on_row = [
        f.rule
        for f in res.findings
        if f.rule.startswith("ARI") and "/result.granted" in f.location.pointer
    ]
    assert on_row == []
    assert any(
        n.rule == "ARI003" and n.pointer.endswith("/result.granted/total")
        for n in res.not_assessable
    )

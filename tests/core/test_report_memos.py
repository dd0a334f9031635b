"""What the check keeps per report and per run to be fast gives what reading afresh gives.

The report model reads every cell in one pass, kinds keep folded texts and read cells with the
report (``Report.memo``), the engine tells a shared scope once per report and a selection
remembers its answers.  Each test compares with the plain way on real reports, or shows that a
report built anew is read afresh.
"""

from __future__ import annotations

import copy
import io
import json
import pickle
import sys
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from gixcheck import engine, guard
from gixcheck.api import extract
from gixcheck.form.labels import fold, form
from gixcheck.kinds import sections
from gixcheck.kinds.tables import TABLES, expected_cells, expected_values
from gixcheck.model import CellValue, Report
from gixcheck.plugins import host
from gixcheck.selection import Layer, Selection

DATA = Path(__file__).resolve().parents[1] / "data"
_REAL = [
    DATA / "json" / "suqian_2023.json",
    DATA / "text" / "seed_panji_2021.txt",
    DATA / "text" / "pingtan_2020_page.txt",
    DATA / "text" / "pingcheng_wenyinghu_2021_page.txt",
    DATA / "text" / "pingtan_dishui_2013_page.txt",
    DATA / "html" / "shanghai_bangongting_2019.html",
    DATA / "docx" / "template_2021_blank.docx",
]


def _real(path: Path) -> dict[str, Any]:
    if path.suffix == ".json":
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
        return data
    return extract(path)


@pytest.fixture(scope="module", params=_REAL, ids=lambda p: p.name)
def real(request: pytest.FixtureRequest) -> dict[str, Any]:
    return _real(request.param)


def _every_key(data: dict[str, Any]) -> list[tuple[str, str, str]]:
    keys = []
    for table, t in data.get("tables", {}).items():
        for row, cols in (t.get("rows") or {}).items():
            keys.extend((table, row, col) for col in cols)
    return keys


def test_cells_read_in_one_pass_are_the_cells_read_one_by_one(real: dict[str, Any]) -> None:
    report = Report(real)
    keys = _every_key(real)
    keys += [(t, r, c) for t in TABLES for r, c in expected_cells(Report(real), t)]
    keys += [("table_3", "no_such_row", "total"), ("table_2", "rules", "no_such_col")]
    assert keys
    for key in keys:
        assert report.cell(*key) == Report(real)._cell(*key), key


def test_odd_cells_are_read_as_on_their_own() -> None:
    rows = {
        "a": {
            "int": {"kind": "number", "value": 3, "raw": "3", "source": {"line": 1}},
            "dec": {"kind": "number", "value": Decimal("1.50"), "raw": "1.50"},
            "flt": {"kind": "number", "value": 2.5},
            "bare": 7,
            "bare_dec": Decimal("0.5"),
            "flag": True,
            "blank": None,
            "na": {"kind": "na", "raw": "不适用"},
            "novalue": {"kind": "number", "raw": "?"},
            "nokind": {"raw": "x"},
            "big": {"kind": "number", "value": 10**30},
            "boolvalue": {"kind": "number", "value": True},
        },
        "not_a_row": [1, 2],
    }
    data: dict[str, Any] = {"tables": {"table_3": {"present": True, "rows": rows}}}
    for col in rows["a"]:
        once = Report(data).cell("table_3", "a", col)
        alone = Report(data)._cell("table_3", "a", col)
        assert once == alone and type(once.value) is type(alone.value), col
    # a value no number can be made of fails the rule that reads it, not every rule
    bad: dict[str, Any] = {"kind": "number", "value": "x"}
    data["tables"]["table_3"]["rows"]["a"]["bad"] = bad
    report = Report(data)
    assert report.cell("table_3", "a", "int").value == 3
    with pytest.raises(ArithmeticError):
        report.cell("table_3", "a", "bad")


def test_a_changed_report_built_anew_is_read_afresh(real: dict[str, Any]) -> None:
    data = copy.deepcopy(real)
    before = Report(data)
    before_text = sections._text(before, None)
    numbers = [k for k in _every_key(data) if before.cell(*k).kind == "number"]
    for t in TABLES:
        expected_values(before, t)
    if numbers:
        t, r, c = numbers[0]
        data["tables"][t]["rows"][r][c] = {"kind": "number", "value": 987654, "raw": "987654"}
    data["preamble"] = [{"text": "ＡＢＣ　新的一段"}]
    after = Report(data)
    if numbers:
        assert before.cell(t, r, c).value != 987654
        assert after.cell(t, r, c).value == 987654
        if (r, c) in expected_cells(after, t):
            assert after.cell(t, r, c) in expected_values(after, t)
            assert after.cell(t, r, c) not in expected_values(before, t)
    assert sections._text(after, None) != before_text
    assert sections._text(after, "preamble") == "ABC新的一段"


def _plain_fold(text: str) -> str:
    # folding as it was first written: one NFKC and one translation table
    drop = {ord(ch): None for ch in form()["normalise"]["drop"]}
    return unicodedata.normalize("NFKC", text).translate(drop)


def test_fold_is_nfkc_without_the_dropped_characters() -> None:
    for text in (
        "",
        "一、总体情况",
        "（一）主动公开 \t情况\n“本年度”",
        "ｅ\u0301\u3000x",
        "\u00a0",
    ):
        assert fold(text) == _plain_fold(text)


def test_folded_texts_are_the_joined_text_folded(real: dict[str, Any]) -> None:
    report = Report(real)
    pre = [p.get("text", "") for p in real.get("preamble", []) if isinstance(p, dict)]
    whole = [p.get("text", "") for s in report.sections for p in report.paragraphs(s)] + pre
    assert sections._text(report, None) == _plain_fold("\n".join(whole))
    assert sections._text(report, "preamble") == (_plain_fold("\n".join(pre)) if pre else None)
    for key in ("overview", "proactive", "requests", "review_litigation", "problems", "other"):
        joined = report.section_text(key)
        expected = _plain_fold(joined) if joined is not None else None
        assert sections._text(report, key) == expected, key


def test_a_shared_scope_is_told_as_each_rule_alone(real: dict[str, Any]) -> None:
    h = host(())
    ruleset = h.ruleset("national")
    report = Report(real)
    run = engine.run(report, ruleset, h.kinds, h.kind_origin, _ctx(), Selection(["ALL"]))
    told = {n.rule: n for n in run.not_assessable}
    for rule in ruleset.active():
        if rule.kind == "engine":
            continue
        alone = engine.applicability(rule, report)
        if alone is not None:
            assert told.get(rule.code) == alone, rule.code


def _ctx() -> Any:
    from gixcheck.kinds.base import Context

    return Context(lang="zh")


def test_selection_remembers_what_it_would_work_out() -> None:
    sel = Selection.layered(
        [
            Layer(select=("ARI", "TAB"), ignore=("ARI005",)),
            Layer(extend_select=("SEC00",), ignore=("TAB",)),
        ]
    )
    codes = ["ARI001", "ARI005", "TAB001", "SEC001", "SEC010", "GIX002", "FMT001"]
    first = {c: sel.wants(c) for c in codes}
    assert first == {c: sel._wants(c) for c in codes}
    assert first == {c: sel.wants(c) for c in codes}
    copied = pickle.loads(pickle.dumps(sel))
    assert copied == sel and {c: copied.wants(c) for c in codes} == first
    narrower = sel.for_path("x.json")
    assert narrower is sel


def test_plugin_code_sends_print_to_stderr_and_restores_stdout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    with guard.plugin_code():
        print("inside")
        with guard.plugin_code():
            print("nested")
        print("still inside")
    with pytest.raises(ValueError), guard.plugin_code():
        raise ValueError
    print("outside")
    assert err.getvalue() == "inside\nnested\nstill inside\n"
    assert out.getvalue() == "outside\n"
    assert sys.stdout is out


def test_expected_values_are_the_cells_of_the_form(real: dict[str, Any]) -> None:
    report = Report(real)
    for t in TABLES:
        values = expected_values(report, t)
        assert values is expected_values(report, t)
        assert values == [Report(real).cell(t, r, c) for r, c in expected_cells(report, t)]
        assert all(isinstance(v, CellValue) for v in values)

"""Bounded output (issue 13, "unbounded cost"): evidence texts are clipped, and the findings of
one rule and of one report are capped, with a note saying how many were left out — counted,
scored and baselined all the same."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import gixcheck
from gixcheck import baseline, caps
from gixcheck.model import canonical_json
from gixcheck.output import html as html_output
from gixcheck.output import text as text_output

DATA = Path(__file__).resolve().parent.parent / "data"
SEED = DATA / "text" / "seed_panji_2021.txt"
RECEIVED = "\u6536\u5230\u7533\u8bf71\u4ef6\uff0c"  # 收到申请1件，


def repeated(tmp_path: Path, n: int) -> Path:
    """The seed report with one paragraph of section 三 claiming ``收到申请1件`` n times (the
    table says otherwise: each claim is a TXT001 error quoting the whole paragraph)."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("\u4e09\u3001"))
    lines.insert(at + 1, RECEIVED * n)
    path = tmp_path / "repeated.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def unreadable_table(except_last: int = 0) -> dict[str, Any]:
    """The seed as canonical JSON with every table 三 cell unreadable but the last few."""
    data: dict[str, Any] = json.loads(canonical_json(gixcheck.extract(SEED)))
    cells = [(row, col) for row, cols in data["tables"]["table_3"]["rows"].items() for col in cols]
    for i, (row, col) in enumerate(cells[: len(cells) - except_last]):
        # each its own text (a row of one repeated text reads as figures run together)
        data["tables"]["table_3"]["rows"][row][col] = {"kind": "unreadable", "raw": f"x{i}"}
    return data


def test_evidence_text_is_clipped_saying_how_much(tmp_path: Path) -> None:
    (rep,) = gixcheck.check(str(repeated(tmp_path, 300))).reports
    txt = [f for f in rep.findings if f.rule == "TXT001"]
    assert txt
    full = len(RECEIVED) * 300
    for f in txt:
        sentence = f.evidence["sentence"]
        assert sentence.endswith(f"\u2026 (+{full - 1000})")
        assert len(sentence) < 1100


def test_findings_of_one_rule_are_capped_and_counted(tmp_path: Path) -> None:
    res = gixcheck.check(str(repeated(tmp_path, 300)))
    (rep,) = res.reports
    assert sum(f.rule == "TXT001" for f in rep.findings) == 200
    assert rep.omitted == {
        "findings": 100,
        "rules": {"TXT001": 100},
        "error": 100,
        "warning": 0,
        "info": 0,
    }
    doc = json.loads(res.to_json("en"))["reports"][0]
    assert doc["omitted"]["findings"] == 100
    assert doc["summary"]["error"] == 300  # the summary counts every finding
    assert res.exit_code() == 1


def test_caps_are_options_and_the_output_says_what_was_left_out(tmp_path: Path) -> None:
    path = repeated(tmp_path, 30)
    res = gixcheck.check(str(path), max_findings_per_rule=5, max_evidence=40)
    (rep,) = res.reports
    assert sum(f.rule == "TXT001" for f in rep.findings) == 5
    assert rep.omitted is not None and rep.omitted["rules"] == {"TXT001": 25}
    txt = [f for f in rep.findings if f.rule == "TXT001"]
    assert all(f.evidence["sentence"].endswith(f"… (+{len(RECEIVED) * 30 - 40})") for f in txt)
    page = text_output.render(res, "en")
    assert "25 more findings not listed" in page and "TXT001 25" in page
    assert '<p class="omitted">' in html_output.render(res, "en")


def test_report_cap_keeps_the_most_severe_first() -> None:
    res = gixcheck.check(unreadable_table(), max_findings_per_report=3)
    (rep,) = res.reports
    assert len(rep.findings) == 3
    assert [f.severity.value for f in rep.findings] == ["error"] * 3
    assert rep.omitted is not None and rep.omitted["findings"] > 170
    # the score is the one of every finding
    assert rep.score == gixcheck.check(unreadable_table()).reports[0].score


def test_the_output_stays_deterministic() -> None:
    one = gixcheck.check(unreadable_table(), max_findings_per_rule=7).to_json("en")
    two = gixcheck.check(unreadable_table(), max_findings_per_rule=7).to_json("en")
    assert one == two


def test_a_baseline_records_the_omitted_and_a_new_error_is_never_hidden(tmp_path: Path) -> None:
    old = unreadable_table(except_last=1)
    first = gixcheck.check(old, max_findings_per_rule=10)
    (rep,) = first.reports
    assert rep.omitted is not None
    entries = baseline.entries_of(first.reports)
    assert sum(e.rule == "TAB004" for e in entries) == 174  # the omitted recorded too
    path = tmp_path / "base.json"
    path.write_text(baseline.dumps(entries), encoding="utf-8")
    # the same report: all accepted, nothing stale
    same = gixcheck.check(old, max_findings_per_rule=10, baseline=str(path))
    assert same.exit_code() == 0
    assert not [f for f in same.reports[0].findings if f.rule == "GIX004"]
    # one more unreadable cell, last in the output's order: shown, not hidden by the cap
    new = gixcheck.check(unreadable_table(), max_findings_per_rule=10, baseline=str(path))
    (rep,) = new.reports
    fresh = [f for f in rep.findings if f.rule == "TAB004" and not f.baselined]
    assert len(fresh) == 1
    assert new.exit_code() == 1
    assert not [f for f in rep.findings if f.rule == "GIX004"]


@pytest.mark.parametrize("value", [0, -1, 1.5, True, "3"])
def test_a_cap_must_be_a_whole_number_above_zero(value: Any) -> None:
    with pytest.raises(gixcheck.api.UsageError, match="max-findings-per-rule"):
        gixcheck.check(str(SEED), max_findings_per_rule=value)


def test_clip_and_bounded_leave_short_values_alone() -> None:
    evidence = {"a": "short", "b": [1, "x" * 5], "c": ("y" * 12,)}
    assert caps.bounded(evidence, 10) == {
        "a": "short",
        "b": [1, "xxxxx"],
        "c": ("y" * 10 + "… (+2)",),
    }
    small = {"a": "short"}
    assert caps.bounded(small, 10) is small


def _evidence_values() -> Any:
    from decimal import Decimal

    from hypothesis import strategies as st

    leaves = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=True, allow_infinity=True),
        st.decimals(allow_nan=True, allow_infinity=True),
        st.just(Decimal("1.5E+400")),  # finite, yet no float
        st.text(max_size=12),
        st.builds(object),
        st.frozensets(st.integers(), max_size=2),
    )
    keys = st.one_of(st.text(max_size=4), st.integers(), st.tuples(st.integers()), st.none())
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.tuples(inner, inner),
            st.dictionaries(keys, inner, max_size=4),
        ),
        max_leaves=12,
    )


def test_evidence_told_json_by_the_clipping_walk_is_json() -> None:
    """What the clipping walk tells certainly JSON, the finding's guard would accept as it is
    (the guard's encoding is left out only then), and it is given back unchanged."""
    from hypothesis import given, settings

    from gixcheck import guard

    @settings(max_examples=400, deadline=None)
    @given(_evidence_values())
    def check(value: Any) -> None:
        out, certain = caps.bounded_json(value, 8)
        if certain:
            assert out is value
            guard._json(value, "evidence", guard._QUICK_DECIMALS)  # raises when not JSON

    check()


@pytest.mark.parametrize(
    "value",
    [
        {"a": float("nan")},
        {"a": [float("-inf")]},
        {"a": __import__("decimal").Decimal("1.5E+400")},
        {"a": __import__("decimal").Decimal("NaN")},
        {1: "x"},
        {"a": "x" * 9},
        {"a": {()}},
    ],
)
def test_the_walk_leaves_to_the_guard_what_it_cannot_tell(value: Any) -> None:
    assert caps.bounded_json(value, 8)[1] is False


def test_the_walk_tells_finite_numbers_json() -> None:
    from decimal import Decimal

    assert caps.bounded_json({"a": [1.5, Decimal("-2.50"), Decimal("12345"), 3]}, 8)[1]


def test_a_plugins_evidence_that_is_no_json_is_still_its_crash() -> None:
    """A rule whose evidence is no JSON is GIX003 naming it, whether or not its evidence looks
    plain to the clipping walk (a float NaN and a tuple key are both plain containers)."""
    from gixcheck import guard
    from gixcheck.engine import finding
    from gixcheck.kinds.base import Violation
    from gixcheck.rulesets import Rule
    from gixcheck.selection import Selection

    rule = Rule(
        code="X001",
        name="x",
        category="c",
        severity=gixcheck.Severity.ERROR,
        kind="k",
        summary={"en": "x"},
        message={"zh": "x", "en": "x"},
    )
    for evidence in ({"x": float("nan")}, {("a",): 1}, {"x": [1, {2: {"y": float("inf")}}]}):
        v = Violation(pointer="", label="", vars={}, evidence=evidence, key="k")
        with pytest.raises(guard.PluginMisbehaved):
            finding(rule, "id", v, Selection(), guarded=True)
    ok = Violation(pointer="", label="", vars={}, evidence={"x": [1, "y", None]}, key="k")
    assert finding(rule, "id", ok, Selection(), guarded=True).evidence == {"x": [1, "y", None]}

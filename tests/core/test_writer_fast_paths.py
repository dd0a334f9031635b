"""The writing process's fast paths give what the plain ways give: file patterns told by one
compiled expression, a report's JSON written without a converted copy of its evidence, and
lone surrogates found by encoding instead of searching."""

from __future__ import annotations

import fnmatch
import json
import os
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from gixcheck.model import Finding, Location, Severity, jsonable
from gixcheck.output.jsonstream import dumps
from gixcheck.output.safe import json_text
from gixcheck.selection import matcher, matches


def _one(pattern: str, path: str) -> bool:
    """How a single pattern was told before (one fnmatch call each)."""
    if "/" not in pattern:
        return fnmatch.fnmatchcase(os.path.basename(path), pattern)
    full = os.path.abspath(path).replace(os.sep, "/")
    return fnmatch.fnmatchcase(full, pattern) or fnmatch.fnmatchcase(full, pattern + "/*")


_PIECE = st.sampled_from(
    ["a", "b", "x.json", "报告", ".git", "build", "[", "]", "!", "-", "*", "?", "/", ".", "\n"]
)
_PATTERN = st.lists(_PIECE, min_size=1, max_size=5).map("".join)
_PATH = st.lists(_PIECE.filter(lambda p: p not in "*?[]!"), min_size=1, max_size=6).map("".join)


@settings(max_examples=500, deadline=None)
@given(st.lists(_PATTERN, max_size=4), _PATH)
def test_matcher_is_any_pattern_matching(patterns: list[str], path: str) -> None:
    assert matcher(tuple(patterns))(path) == any(_one(p, path) for p in patterns)


def test_matches_absolute_pattern_and_folder_below() -> None:
    here = os.path.abspath("reports").replace(os.sep, "/")
    assert matches(here, "reports/a.json")  # the folder pattern also names what is below
    assert matches("*.html", "x/y/page.html")
    assert not matches("*.html", "x/page.html/b.json")


def _finding(evidence: dict[str, object]) -> Finding:
    return Finding(
        rule="ARI001",
        name="sum",
        severity=Severity.ERROR,
        category="arithmetic",
        message_zh="合计不符",
        message_en="total differs",
        location=Location("/tables/table_3", "三", {"table": 1}),
        evidence=evidence,
        fingerprint="0123456789abcdef",
    )


_LEAF = st.one_of(
    st.integers(),
    st.decimals(allow_nan=False, allow_infinity=False),
    st.text(max_size=4),
    st.none(),
    st.booleans(),
)
_EVIDENCE = st.recursive(
    _LEAF,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.lists(inner, max_size=3).map(tuple),
        st.dictionaries(st.text(max_size=3), inner, max_size=3),
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(max_size=3), _EVIDENCE, max_size=4))
def test_unconverted_finding_writes_the_same_json(evidence: dict[str, object]) -> None:
    f = _finding(evidence)
    assert dumps(f.to_dict("zh", convert=False)) == dumps(f.to_dict("zh"))
    assert f.to_dict("en") == json.loads(dumps(f.to_dict("en", convert=False)))


def test_converted_finding_has_no_decimals_left() -> None:
    d = _finding({"sum": Decimal("1.5"), "parts": (Decimal("2"), 3)}).to_dict()
    assert d["evidence"] == {"sum": 1.5, "parts": [2, 3]}
    assert jsonable(d) == d


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(codec=None, blacklist_categories=()), max_size=12))
def test_json_text_is_utf8_and_the_same_value(text: str) -> None:
    dumped = json.dumps(text, ensure_ascii=False)
    out = json_text(dumped)
    out.encode("utf-8")  # never raises
    assert json.loads(out) == text
    if not any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        assert out == dumped


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(
        st.text(st.characters(codec=None, blacklist_categories=()), max_size=12),
        st.integers(),
        st.none(),
        st.decimals(allow_nan=False),
    )
)
def test_page_escape_is_visible_then_html_escape(value: object) -> None:
    import html

    from gixcheck.output.html.markup import escape
    from gixcheck.output.safe import visible

    assert escape(value) == html.escape(visible(value, one_line=False), quote=True)

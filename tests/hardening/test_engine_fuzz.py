"""Fuzzing the engine: mutated reports in, a result out — never a crash.

Most mutations keep the report **valid by the schema** (cells within their kinds, rows and cells
dropped, sections dropped and reordered, paragraph text rewritten with the words the claims
rules read, metadata within its types), so they reach the rule kinds instead of stopping at
GIX002: each such example asserts the schema holds, that no built-in rule crashed (GIX003), and
that checking twice gives the same bytes.  A few tests also throw raw JSON at the schema gate.

The default run is short; the ``ci`` hypothesis profile (``HYPOTHESIS_PROFILE=ci``, registered
in ``tests/conftest.py``, run by ``.ci/run``) runs many more examples.
"""

from __future__ import annotations

import copy
import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gixcheck
from gixcheck import schema
from support import json_paths

DATA = Path(__file__).parents[1] / "data"
SEED = DATA / "text" / "seed_panji_2021.txt"
BASES = [
    gixcheck.extract(SEED),
    json.loads((DATA / "json" / "suqian_2023.json").read_text(encoding="utf-8")),
    gixcheck.extract(DATA / "text" / "pingtan_2020_page.txt"),
]
BASE = BASES[0]
# Under a named profile (``ci``) its number of examples; else a short run of a few seconds.
_SHORT = {} if os.environ.get("HYPOTHESIS_PROFILE") else {"max_examples": 25}
SETTINGS = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    **_SHORT,
)
_RAW = settings(SETTINGS, max_examples=10) if _SHORT else SETTINGS

for _b in BASES:  # the bases themselves are valid, so valid mutations of them are
    assert not schema.violations(_b), _b["metadata"].get("title")


# ----------------------------------------------------------------------------- valid values

numbers = st.one_of(
    st.integers(0, 50),
    st.integers(-5, 10**9),
    st.decimals(min_value=-1000, max_value=10**7, places=2, allow_nan=False, allow_infinity=False),
)
raw_text = st.text(st.sampled_from("0123456789 ,，.—/无约件元\n"), max_size=8)


@st.composite
def cells(draw: st.DrawFn) -> Any:
    """A cell as the schema allows it: a typed object of each kind, a bare number, or null."""
    kind = draw(
        st.sampled_from(["number", "number", "number", "blank", "na", "unreadable", "bare"])
    )
    if kind == "bare":
        return draw(st.none() | st.integers(0, 10**6))
    cell: dict[str, Any] = {"kind": kind}
    if kind == "number":
        value = draw(numbers)
        cell["value"] = float(value) if isinstance(value, Decimal) else value
    if kind != "blank" or draw(st.booleans()):
        cell["raw"] = draw(raw_text)
    if kind == "number" and draw(st.integers(0, 5)) == 0:
        cell["unit"] = draw(st.sampled_from(["元", "万元", "件"]))
    if draw(st.booleans()):
        cell["source"] = {"line": draw(st.integers(1, 500))}
    return cell


# Words the claims and text rules read, so rewritten paragraphs make (and break) claims.
_WORDS = [
    "本年度",
    "2021年",
    "2020年",
    "共",
    "收到",
    "政府信息公开申请",
    "依申请公开",
    "办结",
    "予以公开",
    "部分公开",
    "不予公开",
    "行政复议",
    "行政诉讼",
    "结转",
    "下一年度",
    "件",
    "条",
    "次",
    "万元",
    "同比增长",
    "减少",
    "%",
    "，",
    "。",
    "；",
    "一",
    "十二",
    "零",
    "主动公开",
    "政策文件",
    "发布",
    "收费",
    "未",
]
paragraph_text = st.lists(
    st.sampled_from(_WORDS) | st.integers(0, 10**5).map(str), min_size=0, max_size=40
).map("".join)


# ----------------------------------------------------------------------------- valid mutations


def _tables(report: dict[str, Any]) -> list[str]:
    return sorted(t for t, v in report.get("tables", {}).items() if isinstance(v.get("rows"), dict))


@st.composite
def mutate_cell(draw: st.DrawFn, report: dict[str, Any]) -> None:
    tables = _tables(report)
    if not tables:
        return
    rows = report["tables"][draw(st.sampled_from(tables))]["rows"]
    if not rows:
        return
    row = rows[draw(st.sampled_from(sorted(rows)))]
    if not row:
        return
    col = draw(st.sampled_from(sorted(row)))
    if draw(st.integers(0, 6)) == 0:
        del row[col]  # a missing cell
    else:
        row[col] = draw(cells())


@st.composite
def drop_row(draw: st.DrawFn, report: dict[str, Any]) -> None:
    tables = _tables(report)
    if tables:
        rows = report["tables"][draw(st.sampled_from(tables))]["rows"]
        if rows:
            del rows[draw(st.sampled_from(sorted(rows)))]


@st.composite
def drop_table(draw: st.DrawFn, report: dict[str, Any]) -> None:
    tables = _tables(report)
    if tables:
        t = report["tables"][draw(st.sampled_from(tables))]
        if draw(st.booleans()):
            t["present"] = False
            t["rows"] = {}
        else:
            t["rows"] = {}


@st.composite
def shuffle_sections(draw: st.DrawFn, report: dict[str, Any]) -> None:
    sections = report.get("sections", [])
    if sections:
        report["sections"] = draw(st.permutations(sections))


@st.composite
def drop_section(draw: st.DrawFn, report: dict[str, Any]) -> None:
    sections = report.get("sections", [])
    if sections:
        del sections[draw(st.integers(0, len(sections) - 1))]


@st.composite
def rewrite_paragraph(draw: st.DrawFn, report: dict[str, Any]) -> None:
    places = [s["paragraphs"] for s in report.get("sections", []) if "paragraphs" in s]
    places.append(report.setdefault("preamble", []))
    paragraphs = draw(st.sampled_from(places))
    text = draw(paragraph_text)
    if paragraphs and draw(st.booleans()):
        paragraphs[draw(st.integers(0, len(paragraphs) - 1))]["text"] = text
    else:
        paragraphs.insert(draw(st.integers(0, len(paragraphs))), {"text": text})


@st.composite
def change_metadata(draw: st.DrawFn, report: dict[str, Any]) -> None:
    meta = report["metadata"]
    key = draw(st.sampled_from(["year", "body", "title", "published"]))
    if key == "year":
        meta["year"] = draw(st.none() | st.integers(1990, 2100))
    elif key == "body":
        meta["body"] = draw(st.none() | st.sampled_from(["", "某市人民政府", "某县教育局"]))
    elif key == "title":
        meta["title"] = draw(st.none() | paragraph_text)
    else:
        meta["published"] = draw(st.none() | st.dates().map(lambda d: d.isoformat()))


MUTATIONS = [
    mutate_cell,
    mutate_cell,
    mutate_cell,
    drop_row,
    drop_table,
    shuffle_sections,
    drop_section,
    rewrite_paragraph,
    rewrite_paragraph,
    change_metadata,
]


@st.composite
def valid_mutants(draw: st.DrawFn) -> dict[str, Any]:
    report = copy.deepcopy(draw(st.sampled_from(BASES)))
    for mutation in draw(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=8)):
        draw(mutation(report))
    return report


def no_crash(report: Any) -> gixcheck.CheckResult:
    result = gixcheck.check(report)
    rep = result.reports[0]
    crashed = [f.message_en for f in rep.findings if f.rule == "GIX003"]
    assert not crashed, crashed
    json.loads(result.to_json())  # every result serialises
    return result


@SETTINGS
@given(valid_mutants())
def test_valid_mutants_reach_the_rules_and_never_crash(report: dict[str, Any]) -> None:
    assert not schema.violations(report)  # the mutation kept it valid: the kinds run on it
    result = no_crash(report)
    rep = result.reports[0]
    assert not [f for f in rep.findings if f.rule in ("GIX001", "GIX002")]
    assert rep.checks_run > 1
    assert gixcheck.check(report).to_json() == result.to_json()  # deterministic


# ----------------------------------------------------------------------------- the schema gate

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=False)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=20,
)
ALL_PATHS = [p for p in json_paths(BASE) if p]


@_RAW
@given(st.lists(st.tuples(st.sampled_from(ALL_PATHS), json_values), min_size=1, max_size=4))
def test_mutated_seed_never_crashes(edits: list[tuple[tuple[Any, ...], Any]]) -> None:
    report = copy.deepcopy(BASE)
    for path, value in edits:
        target: Any = report
        try:
            for step in path[:-1]:
                target = target[step]
            target[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue  # an earlier edit replaced the container
    no_crash(report)


@_RAW
@given(st.dictionaries(st.sampled_from(list(BASE)), json_values, max_size=6))
def test_random_top_level_never_crashes(report: dict[str, Any]) -> None:
    report.setdefault("schema_version", 1)
    report.setdefault("tables", {})
    no_crash(report)


@_RAW
@given(st.binary(max_size=300) | st.text(max_size=300).map(lambda s: s.encode("utf-8")))
def test_random_bytes_never_crash(data: bytes) -> None:
    result = gixcheck.check(data)
    assert len(result.reports) == 1
    assert not [f for f in result.reports[0].findings if f.rule == "GIX003"]

"""Fuzzing the engine: random and mutated report structures in, a result out — never a crash.

The only allowed outcomes are findings (GIX001/GIX002 among them) and not-assessable notes.
A GIX003 here would mean a built-in rule kind crashed on some input, so it is a failure too.
Set GIXCHECK_FUZZ_LONG=1 for a longer run.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gixcheck
from support import json_paths

SEED = Path(__file__).parents[1] / "data" / "text" / "seed_panji_2021.txt"
BASE = gixcheck.extract(SEED)
LONG = bool(os.environ.get("GIXCHECK_FUZZ_LONG"))
SETTINGS = settings(
    max_examples=2000 if LONG else 60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

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


def no_crash(report: Any) -> None:
    rep = gixcheck.check(report).reports[0]
    crashed = [f.message_en for f in rep.findings if f.rule == "GIX003"]
    assert not crashed, crashed
    json.loads(gixcheck.check(report).to_json())  # every result serialises


@SETTINGS
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


@SETTINGS
@given(st.dictionaries(st.sampled_from(list(BASE)), json_values, max_size=6))
def test_random_top_level_never_crashes(report: dict[str, Any]) -> None:
    report.setdefault("schema_version", 1)
    report.setdefault("tables", {})
    no_crash(report)


@SETTINGS
@given(st.binary(max_size=300) | st.text(max_size=300).map(lambda s: s.encode("utf-8")))
def test_random_bytes_never_crash(data: bytes) -> None:
    result = gixcheck.check(data)
    assert len(result.reports) == 1
    assert not [f for f in result.reports[0].findings if f.rule == "GIX003"]

"""The fast validator (fastjsonschema) and the full one (jsonschema) agree on the report schema."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import gixcheck
from gixcheck.schema import is_valid_fast, schema, violations
from support import json_paths

SEED = Path(__file__).parents[1] / "data" / "text" / "seed_panji_2021.txt"
BASE = gixcheck.extract(SEED)
FULL = Draft202012Validator(schema())

values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.text(max_size=4),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.sampled_from(["kind", "value", "raw", "x"]), st.integers(0, 3), max_size=3),
)


ALL_PATHS = [p for p in json_paths(BASE) if p]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(ALL_PATHS), values, st.booleans())
def test_fast_and_full_validators_agree(path: tuple[Any, ...], value: Any, add_key: bool) -> None:
    report = copy.deepcopy(BASE)
    target = report
    for step in path[:-1]:
        target = target[step]
    if add_key and isinstance(target, dict):
        target["unexpected_key"] = value
    else:
        target[path[-1]] = value
    full_valid = FULL.is_valid(report)
    assert is_valid_fast(report) == full_valid
    assert (violations(report) == []) == full_valid


def test_seed_is_valid_both_ways() -> None:
    assert is_valid_fast(BASE) and FULL.is_valid(BASE)

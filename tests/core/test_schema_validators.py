"""The fast validator (fastjsonschema) and the full one (jsonschema) agree on the report schema."""

from __future__ import annotations

import copy
import importlib.util
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import gixcheck
from gixcheck.model import canonical_json
from gixcheck.schema import is_valid_decoded, is_valid_fast, is_valid_json, schema, violations
from support import json_paths

# msgspec is a dependency; an environment made before it was one checks without it (slower).
HAVE_MSGSPEC = importlib.util.find_spec("msgspec") is not None
needs_msgspec = pytest.mark.skipif(not HAVE_MSGSPEC, reason="msgspec is not installed")

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
    # the typed structures that validate JSON bytes say the same
    data = canonical_json(report).encode("utf-8")
    assert is_valid_json(data) == (full_valid and HAVE_MSGSPEC)
    # … and so do they on the report as parsed from those bytes (what a check converts)
    parsed = json.loads(data, parse_float=Decimal)
    assert is_valid_decoded(parsed) == (full_valid and HAVE_MSGSPEC)
    assert is_valid_decoded(report) == (full_valid and HAVE_MSGSPEC)
    assert (violations(report, data) == []) == full_valid


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(ALL_PATHS), st.sampled_from([1.0, 2021.0, -1, 1e400, 10**20, True, ""]))
def test_typed_structures_never_accept_what_the_schema_refuses(
    path: tuple[Any, ...], value: Any
) -> None:
    # Where msgspec is stricter (2021.0 for an integer), the schema's validators decide.
    report = copy.deepcopy(BASE)
    target = report
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    data = canonical_json(report).encode("utf-8")
    if is_valid_json(data):
        assert FULL.is_valid(report)
    assert (violations(report, data) == []) == FULL.is_valid(report)


@needs_msgspec
def test_duplicate_keys_are_left_to_the_validators() -> None:
    # json.loads keeps the last of two equal keys; the typed structures check both.
    data = canonical_json(BASE).encode("utf-8")
    bad = data.replace(b'"schema_version": 1', b'"schema_version": 2, "schema_version": 1', 1)
    assert bad != data
    assert not is_valid_json(bad)
    assert violations(json.loads(bad), bad) == []


@needs_msgspec
@pytest.mark.parametrize("key", ["Total", "1st", "", "a b", "收到", "row\n2"])
@pytest.mark.parametrize("where", ["row", "column"])
def test_table_keys_are_checked_against_the_pattern(key: str, where: str) -> None:
    # The typed structures leave the key pattern to gixcheck.schema, whose good keys are told
    # once: a bad key is refused however many good ones were seen before.
    for _ in range(2):
        assert is_valid_decoded(BASE) and is_valid_json(canonical_json(BASE).encode("utf-8"))
    report = copy.deepcopy(BASE)
    rows = report["tables"]["table_3"]["rows"]
    if where == "row":
        rows[key] = rows.pop(next(iter(rows)))
    else:
        row = next(iter(rows.values()))
        row[key] = row.pop(next(iter(row)))
    full_valid = FULL.is_valid(report)
    assert not full_valid
    data = canonical_json(report).encode("utf-8")
    assert not is_valid_json(data)
    assert not is_valid_decoded(json.loads(data, parse_float=Decimal))
    assert violations(report, data) != []


def test_seed_is_valid_both_ways() -> None:
    assert is_valid_fast(BASE) and FULL.is_valid(BASE)


@needs_msgspec
def test_real_reports_are_valid_to_the_typed_structures() -> None:
    for path in sorted((Path(__file__).parents[1] / "data" / "json").glob("*.json")):
        if path.name != "README.md":
            assert is_valid_json(path.read_bytes()), path.name
    assert is_valid_json(canonical_json(BASE).encode("utf-8"))

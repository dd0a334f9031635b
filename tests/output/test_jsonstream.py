"""The streamed JSON is json.dumps(indent=2)'s text, though made by the C encoder and msgspec."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from gixcheck.model import jsonable
from gixcheck.output import jsonstream

_LEAF = (
    st.none()
    | st.booleans()
    | st.integers(-(10**30), 10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet=st.characters(blacklist_categories=()))  # surrogates and controls too
    | st.decimals(allow_nan=False, allow_infinity=False)
)
_VALUES = st.recursive(
    _LEAF,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=30,
)


@given(_VALUES)
@settings(max_examples=600, deadline=None)
def test_indented_is_json_dumps(value: Any) -> None:
    want = json.dumps(jsonable(value), ensure_ascii=False, indent=2)
    assert jsonstream.indented(value) == want


def test_a_lone_surrogate_takes_the_plain_way() -> None:
    # msgspec reads UTF-8 only; json writes the surrogate as it is
    value = {"a": "\ud800x", "b": [1, 2.5, None]}
    assert jsonstream.indented(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_what_json_refuses_is_refused_as_before() -> None:
    import pytest

    with pytest.raises(TypeError):
        jsonstream.indented({"a": object()})

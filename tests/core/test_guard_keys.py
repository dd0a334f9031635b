"""Equal long fingerprint keys share one string while findings are made (memory on a crawled
line that repeats one claim thousands of times: each key quotes the whole sentence)."""

from __future__ import annotations

from gixcheck.guard import outcomes
from gixcheck.plugin.kind import Violation


def test_equal_long_keys_become_one_string() -> None:
    sentence = "收到申请1件，" * 1000
    made = [Violation(pointer="/p", label="x", key="count|" + sentence) for _ in range(3)]
    assert made[0].key is not made[1].key  # built separately, as a kind builds them
    checked = outcomes(made)
    assert all(v.key is checked[0].key for v in checked)
    assert checked[0].key == "count|" + sentence


def test_short_keys_are_left_as_they_are() -> None:
    checked = outcomes(
        [Violation(pointer="/p", label="x", key="count|" + str(n)) for n in range(3)]
    )
    assert [v.key for v in checked] == ["count|0", "count|1", "count|2"]

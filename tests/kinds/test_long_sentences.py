"""The long sentences XYR006/XYR008 compare are those of the plain reading: the text split,
each part cleaned by the rule's ``ignore``, the short ones dropped (whatever fast path)."""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from gixcheck.kinds.sentences import sentences
from gixcheck.plugins import Host

from ..claims.real_claims import FIXTURE


@cache
def _params(code: str) -> Any:
    h = Host(autoload=False)
    [rule] = [r for r in h.ruleset("national").active() if r.code == code]
    return rule.args


def _plain(text: str, split: re.Pattern[str], ignore: re.Pattern[str], least: int) -> list[str]:
    return [c for c in (ignore.sub("", p) for p in split.split(text)) if len(c) >= least]


_ALPHABET = [*"政务公开工作 \t\u3000\u00a0１２12，。；：:“”（）\n\u2028\u0663", "\U0001d7d9"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60), st.integers(min_value=0, max_value=6))
def test_the_national_rules_sentences_are_the_plain_ones(text: str, least: int) -> None:
    for code in ("XYR008", "XYR006"):
        p = _params(code)
        assert sentences(text, p.split, p.ignore, least) == _plain(text, p.split, p.ignore, least)


def test_real_report_sentences_are_the_plain_ones() -> None:
    p = _params("XYR008")
    texts = []
    for case in json.loads(FIXTURE.read_text(encoding="utf-8")):
        narrative = case["narrative"]
        for sec in narrative.get("sections") or []:
            texts.append("\n".join(x.get("text", "") for x in sec.get("paragraphs") or []))
    assert len(texts) > 20
    for text in texts:
        got = sentences(text, p.split, p.ignore, p.min_chars)
        assert got == _plain(text, p.split, p.ignore, p.min_chars)

"""Patterns spelled out for BMP text match exactly where the originals match."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from gixcheck import bmp

_BMP = [chr(o) for o in range(0x10000) if not 0xD800 <= o <= 0xDFFF]


def test_the_categories_spelled_out_are_the_engines() -> None:
    digit, space = re.compile(r"\d"), re.compile(r"\s")
    assert "".join(c for c in _BMP if digit.match(c)) == bmp.bmp_digits()
    assert "".join(c for c in _BMP if space.match(c)) == bmp.bmp_spaces()


def test_every_bmp_character_is_matched_alike() -> None:
    for pattern in (r"[\s\d，。]", r"[^\s\d]", r"\d+\s*件", r"[]\d]", r"[^]\s]"):
        plain, spelled = re.compile(pattern), bmp.bmp_variant(re.compile(pattern))
        assert spelled is not plain and spelled.pattern != pattern
        for c in _BMP:
            assert bool(plain.fullmatch(c)) == bool(spelled.fullmatch(c)), (pattern, hex(ord(c)))


def test_only_the_categories_change() -> None:
    digits = re.escape(bmp.bmp_digits())
    assert bmp.bmp_pattern(r"a\\d\D\S\w[.\d]") == rf"a\\d\D\S\w[.{digits}]"
    assert bmp.bmp_pattern(r"\d") == f"[{digits}]"
    plain = re.compile(r"[a-z]+")
    assert bmp.bmp_variant(plain) is plain  # nothing to spell out
    ascii_only = re.compile(r"\d", re.ASCII)
    assert bmp.bmp_variant(ascii_only) is ascii_only  # \d is [0-9] there


def test_in_bmp() -> None:
    assert bmp.in_bmp("") and bmp.in_bmp("abc") and bmp.in_bmp("政务公开\u3000１２")
    assert not bmp.in_bmp("a\U0001d7d9")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=[*"12 \t\u3000\u0663\u00a0件条，。x\n\u2028"], max_size=30))
def test_generated_text(text: str) -> None:
    for pattern in (r"[\s\d，。]+", r"(?<!\d)\d{1,2}\s*件", r"\s+|\d"):
        plain, spelled = re.compile(pattern), bmp.bmp_variant(re.compile(pattern))
        assert [m.span() for m in spelled.finditer(text)] == [
            m.span() for m in plain.finditer(text)
        ]

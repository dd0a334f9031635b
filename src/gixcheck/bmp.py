"""Regular expressions for text within the Basic Multilingual Plane (no character beyond
U+FFFF: nearly every report).

In a character class, ``\\d`` and ``\\s`` are Unicode categories, and a class holding one is
tested member by member for every character of the text; spelled out as the categories'
characters of the BMP, the class compiles to one table look-up.  On BMP text the spelled-out
pattern matches exactly where the original does (the engine's test for ``\\d`` is
:meth:`str.isdecimal`'s, for ``\\s`` :meth:`str.isspace`'s); text with a character beyond the
BMP is searched with the original.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["bmp_pattern", "bmp_variant", "in_bmp"]


def in_bmp(text: str) -> bool:
    """No character of ``text`` is beyond U+FFFF (each takes two bytes in UTF-16)."""
    return text.isascii() or len(text.encode("utf-16-le", "surrogatepass")) == 2 * len(text)


@lru_cache(maxsize=1)
def bmp_digits() -> str:
    """Every character of the BMP that ``\\d`` matches."""
    return "".join(chr(o) for o in range(0x10000) if chr(o).isdecimal())


@lru_cache(maxsize=1)
def bmp_spaces() -> str:
    """Every character of the BMP that ``\\s`` matches."""
    return "".join(chr(o) for o in range(0x10000) if chr(o).isspace())


def bmp_pattern(pattern: str) -> str:
    """``pattern`` with each ``\\d`` and ``\\s`` spelled out as the BMP's characters of the
    category, inside a character class or as one; nothing else changes (``\\D``, ``\\S``,
    ``\\w`` and escaped backslashes stay as they are)."""
    spelled = {"d": re.escape(bmp_digits()), "s": re.escape(bmp_spaces())}
    out: list[str] = []
    in_class = False
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\" and i + 1 < n:
            nxt = pattern[i + 1]
            chars = spelled.get(nxt)
            if chars is None:
                out.append(c + nxt)
            else:
                out.append(chars if in_class else f"[{chars}]")
            i += 2
            continue
        out.append(c)
        if c == "[" and not in_class:
            in_class = True
            # a leading ^ negates, and a ] right after the opening (or the ^) is a member
            if pattern.startswith("^", i + 1):
                out.append("^")
                i += 1
            if pattern.startswith("]", i + 1):
                out.append("]")
                i += 1
        elif c == "]" and in_class:
            in_class = False
        i += 1
    return "".join(out)


@lru_cache(maxsize=256)
def bmp_variant(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` for BMP text (:func:`bmp_pattern`); the pattern itself when it has nothing
    to spell out, or when its flags make ``\\d``/``\\s`` mean something else (ASCII)."""
    if pattern.flags & re.ASCII or not isinstance(pattern.pattern, str):
        return pattern
    spelled = bmp_pattern(pattern.pattern)
    if spelled == pattern.pattern:
        return pattern
    return re.compile(spelled, pattern.flags)

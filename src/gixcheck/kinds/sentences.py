"""Long sentences of a text, cleaned for verbatim comparison (XYR006, XYR008): a building
block shared by kinds, not a kind."""

from __future__ import annotations

import re
from functools import lru_cache

from gixcheck.bmp import bmp_variant, in_bmp

__all__ = ["sentences", "splits_lines"]


def sentences(text: str, split: re.Pattern[str], ignore: re.Pattern[str], least: int) -> list[str]:
    """The long sentences of ``text``, cleaned for verbatim comparison."""
    if in_bmp(text):  # \s and \d spelled out: a class with them is one table look-up
        split, ignore_bmp = bmp_variant(split), bmp_variant(ignore)
    else:
        ignore_bmp = ignore
    parts = split.split(text)
    if _per_character(ignore) and _SEP not in text:
        # One substitution over the parts joined by a character ``ignore`` never takes, split
        # again: what a character class removes does not depend on its neighbours, and one
        # call costs what one of the dozens per report did; and a run of such characters at
        # once (what is removed from a run is each of its characters).
        cleaned = _runs(ignore_bmp).sub("", _SEP.join(parts)).split(_SEP)
    else:
        cleaned = [ignore_bmp.sub("", part) for part in parts]
    return [clean for clean in cleaned if len(clean) >= least]


_SEP = "\x00"
# One character class, possibly repeated (``[\s\d]`` or ``[\s\d]+``): no anchors, no
# look-arounds, nothing that sees a neighbour.
_ONE_CLASS = re.compile(r"\[\^?(?:[^\]\\\[]|\\.)+\]\+?")


@lru_cache(maxsize=64)
def _per_character(pattern: re.Pattern[str]) -> bool:
    """Whether ``pattern`` removes characters one by one: a lone character class, and not one
    that takes the separator."""
    return bool(_ONE_CLASS.fullmatch(pattern.pattern)) and pattern.match(_SEP) is None


@lru_cache(maxsize=64)
def _runs(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """A lone character class (:func:`_per_character`) as a run of its characters."""
    if pattern.pattern.endswith("]+"):
        return pattern
    return re.compile(pattern.pattern + "+", pattern.flags)


@lru_cache(maxsize=64)
def splits_lines(split: re.Pattern[str]) -> bool:
    """Whether ``split`` is one character class (possibly repeated) that a line break is in:
    the sentences of texts joined by line breaks are then those of each text, and empty ones
    (which a repeated class may merge)."""
    return bool(_ONE_CLASS.fullmatch(split.pattern)) and split.fullmatch("\n") is not None

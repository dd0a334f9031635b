"""Long sentences of a text, cleaned for verbatim comparison (XYR006, XYR008): a building
block shared by kinds, not a kind."""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["sentences", "splits_lines"]


def sentences(text: str, split: re.Pattern[str], ignore: re.Pattern[str], least: int) -> list[str]:
    """The long sentences of ``text``, cleaned for verbatim comparison."""
    parts = split.split(text)
    if _per_character(ignore) and _SEP not in text:
        # One substitution over the parts joined by a character ``ignore`` never takes, split
        # again: what a character class removes does not depend on its neighbours, and one
        # call costs what one of the dozens per report did.
        cleaned = ignore.sub("", _SEP.join(parts)).split(_SEP)
    else:
        cleaned = [ignore.sub("", part) for part in parts]
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
def splits_lines(split: re.Pattern[str]) -> bool:
    """Whether ``split`` is one character class (possibly repeated) that a line break is in:
    the sentences of texts joined by line breaks are then those of each text, and empty ones
    (which a repeated class may merge)."""
    return bool(_ONE_CLASS.fullmatch(split.pattern)) and split.fullmatch("\n") is not None

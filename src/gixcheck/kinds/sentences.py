"""Long sentences of a text, cleaned for verbatim comparison (XYR006, XYR008): a building
block shared by kinds, not a kind."""

from __future__ import annotations

import re

__all__ = ["sentences"]


def sentences(text: str, split: re.Pattern[str], ignore: re.Pattern[str], least: int) -> list[str]:
    """The long sentences of ``text``, cleaned for verbatim comparison."""
    out = []
    for part in split.split(text):
        clean = ignore.sub("", part)
        if len(clean) >= least:
            out.append(clean)
    return out

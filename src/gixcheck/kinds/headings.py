"""How well a section heading matches the form: standard, accepted variant, or misspelt.

The form's knowledge of headings belongs to the form package (``gixcheck.form.match_heading``,
built by the form line of work).  Until it is there, the quality is told from the form's label
data (``gixcheck/form/sections.toml``: standard heading and accepted variants) with the rule's own
tolerance: only connectors differ → a variant; nearly the same characters → misspelt.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from gixcheck.form import form_sections, normalise

__all__ = ["HeadingQuality", "heading_quality"]


@dataclass(frozen=True)
class HeadingQuality:
    quality: str  # standard | variant | misspelt
    standard: str


def _form_match(heading: str) -> Any:
    try:
        from gixcheck.form import match_heading
    except ImportError:
        return None
    return match_heading(heading)


# Headings repeat (two rules ask for each, and most reports write the standard ones): each is
# judged once.  The result is frozen and depends only on the arguments and the form's data.
@lru_cache(maxsize=4096)
def heading_quality(
    heading: str, key: str, *, connectors: str = "", misspelt_ratio: float = 0.8
) -> HeadingQuality | None:
    """The quality of ``heading`` as the heading of section ``key``; ``None`` for a key the form
    does not have."""
    m = _form_match(heading)
    if m is not None and getattr(m, "key", None) == key:
        return HeadingQuality(str(m.quality), str(m.standard))
    entry = form_sections().get(key)
    if entry is None:
        return None
    standard = str(entry["heading"])
    body = normalise(heading)  # without its number (四、)
    wanted = [normalise(standard), *(normalise(v) for v in entry.get("variants", []))]
    if body == wanted[0]:
        return HeadingQuality("standard", standard)
    if body in wanted[1:]:
        return HeadingQuality("variant", standard)
    table = {ord(c): None for c in connectors}
    bare = body.translate(table)
    if any(bare == w.translate(table) for w in wanted):
        return HeadingQuality("variant", standard)
    best = max(difflib.SequenceMatcher(None, bare, w.translate(table)).ratio() for w in wanted)
    return HeadingQuality("misspelt" if best >= misspelt_ratio else "variant", standard)

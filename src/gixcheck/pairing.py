"""Which report of last year each report is compared with (``--previous``).

``--previous FILE`` is one report for every report checked; ``--previous FOLDER`` pairs each
report with the folder's report of the same body for the year before (body and year from the
reports' metadata); a configuration table maps report paths to previous-year paths.  Whatever
the way, a previous report of another body is refused for that report: its cross-year rules are
not assessable, with the reason, never compared across bodies.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from gixcheck.messages import Text, text
from gixcheck.model import Report

_SPACE = re.compile(r"\s+")


def body_key(body: str) -> str:
    """Bodies compare after width folding and without white space (``潘集区 人民政府``)."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", body or ""))


def compatible(a: str, b: str) -> bool:
    """The same body, one name perhaps with its parent place in front (``淮安市洪泽区人民政府``
    and ``洪泽区人民政府``).  Only for a pairing the user named: a district name alone does
    not tell which city's district it is (there are several 鼓楼区)."""
    a, b = body_key(a), body_key(b)
    return bool(a and b) and (a == b or a.endswith(b) or b.endswith(a))


@dataclass(frozen=True)
class Pairing:
    single: Any = None  # one previous report for every report (a path, bytes or a report dict)
    by_path: Mapping[str, str] = field(default_factory=dict)  # absolute report path → previous
    # from a folder: (body key, year) → its reports' paths (more than one: ambiguous)
    index: Mapping[tuple[str, int], tuple[str, ...]] = field(default_factory=dict)
    folder: str | None = None

    def lookup(self, name: str, report: Report) -> tuple[Any, Text | None]:
        """The previous report to use for ``report`` (read from ``name``), or why there is none."""
        if self.folder is not None:
            body, year = body_key(report.body), report.year
            if not body or year is None:
                return None, text("session.previous_no_identity", folder=self.folder)
            found = self.index.get((body, year - 1), ())
            if not found:
                why = text(
                    "session.previous_none_in_folder",
                    folder=self.folder,
                    body=report.body,
                    year=year - 1,
                )
                # a name with or without its parent place is not paired by itself: say so
                near = sorted(
                    f
                    for (b, y), files in self.index.items()
                    if y == year - 1 and compatible(b, body)
                    for f in files
                )
                if near:
                    hint = text("session.previous_maybe", files=", ".join(near))
                    why = Text(why.zh + hint.zh, why.en + hint.en)
                return None, why
            if len(found) > 1:
                return None, text(
                    "session.previous_ambiguous",
                    folder=self.folder,
                    body=report.body,
                    year=year - 1,
                    files=", ".join(os.path.basename(f) for f in found),
                )
            return found[0], None
        if self.by_path:
            return self.by_path.get(os.path.abspath(name)), None
        return self.single, None


def refusal(report: Report, previous: Report) -> Text | None:
    """Why ``previous``, named by the user for ``report``, cannot be its last year's report
    (another body), if it can't.

    A body one of them does not name is not refused (the kinds still check the year), nor a
    name with its parent place in front of the other (:func:`compatible`).
    """
    mine, theirs = body_key(report.body), body_key(previous.body)
    if mine and theirs and not compatible(mine, theirs):
        return text("session.previous_other_body", previous=previous.body, body=report.body)
    return None

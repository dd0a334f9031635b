"""XYR008: reports of one run that share most of their long sentences (cross-body copying)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from gixcheck.kinds.base import BatchKind, Context, Violation
from gixcheck.kinds.params import doc
from gixcheck.kinds.sentences import sentences
from gixcheck.messages import Text, text
from gixcheck.model import Report
from gixcheck.rulesets import Rule


@dataclass
class SharedSentencesParams:
    split: re.Pattern[str] = doc("where sentences end")
    ignore: re.Pattern[str] = doc("removed before comparing (digits, punctuation, spaces)")
    sections: list[str] = doc("section keys whose sentences are compared")
    min_chars: int = doc("sentences shorter than this (after cleaning) are not counted", 20)
    min_sentences: int = doc("a report with fewer long sentences is not compared", 5)
    threshold: float = doc("share of this report's long sentences found in the other's", 0.5)
    ignore_names: list[str] = doc(
        "words removed from the sentences first (the bodies' own names differ between reports)", []
    )


def _digest(sentence: str) -> str:
    # hashlib, not hash(): fingerprints are made in worker processes with their own salt
    return hashlib.blake2b(sentence.encode("utf-8"), digest_size=8).hexdigest()


class SharedSentences(BatchKind):
    """Compares each report with the reports before it in the run (input order)."""

    name = "shared-sentences"
    description = (
        "A report must not share most of its long sentences (verbatim, digits and punctuation "
        "ignored) with the report of another body in the same run; the later report of a pair "
        "names the earlier."
    )
    Params = SharedSentencesParams

    def fingerprint(self, report: Report, rule: Rule, ctx: Context) -> Any:
        p: SharedSentencesParams = rule.args
        found: set[str] = set()
        for key in p.sections:
            body = report.section_text(key) or ""
            for word in p.ignore_names:
                body = body.replace(word, "")
            if report.body:
                body = body.replace(report.body, "")
            found.update(_digest(x) for x in sentences(body, p.split, p.ignore, p.min_chars))
        return {
            "body": report.body,
            "year": report.year,
            "identity": report.identity,
            "published": report.published,
            "sentences": sorted(found),
        }

    def compare(self, mine: Any, earlier: list[tuple[str, Any]], rule: Rule) -> Iterable[Violation]:
        p: SharedSentencesParams = rule.args
        own = set(mine["sentences"])
        if len(own) < p.min_sentences:
            return
        best: tuple[float, str, Any] | None = None
        for source, other in earlier:
            if not other["body"] or other["body"] == mine["body"]:
                continue  # the same body's reports (e.g. two years) are XYR003/XYR006's
            shared = len(own & set(other["sentences"])) / len(own)
            if shared >= p.threshold and (best is None or shared > best[0]):
                best = (shared, source, other)
        if best is None:
            return
        share, source, other = best
        # Which report carries the finding is the run's input order (folders are scanned in
        # sorted order): only the later one can be told about the earlier while results stream.
        # The finding says who shares with whom, not who copied; the publication dates, when
        # both are known, let the auditor tell which came first.
        dates = _dates(mine.get("published"), other.get("published"))
        yield Violation(
            pointer="/sections",
            label=str(other["body"]),
            vars={
                "share": f"{share:.0%}",
                "other": str(other["body"]),
                "other_source": source,
                "count": len(own),
                "dates_zh": dates.zh,
                "dates_en": dates.en,
            },
            evidence={
                "share": round(share, 4),
                "other": source,
                "other_body": other["body"],
                "other_year": other.get("year"),
                "published": mine.get("published"),
                "other_published": other.get("published"),
            },
            # the other report's identity (body and year), never its file name: the same pair
            # gives the same fingerprint from PDF or JSON, under any path
            key=str(other.get("identity") or f"{other['body']}|{other.get('year') or ''}"),
        )


def _dates(mine: str | None, other: str | None) -> Text:
    if not (mine and other):
        return Text("", "")
    which = "kinds.xyr008_other_first" if other < mine else "kinds.xyr008_this_first"
    if other == mine:
        which = "kinds.xyr008_same_day"
    return text(which, mine=mine, other=other)

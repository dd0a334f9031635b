"""XYR008: reports of one run that share most of their long sentences (cross-body copying)."""

from __future__ import annotations

import hashlib
import re
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from gixcheck.kinds.base import BatchKind, Context, Violation
from gixcheck.kinds.params import doc
from gixcheck.kinds.sentences import sentences, splits_lines
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


_DIGEST = 8  # bytes of one sentence's digest


def _digest(sentence: str) -> bytes:
    # hashlib, not hash(): fingerprints are made in worker processes with their own salt
    return hashlib.blake2b(sentence.encode("utf-8"), digest_size=_DIGEST).digest()


@dataclass(slots=True)
class Fingerprint:
    """What the batch keeps of one report for XYR008: a few strings and its long sentences'
    digests as one bytes object (8 bytes a sentence, sorted).  The run holds one of these per
    report, so it is kept small: no dict, no string per sentence."""

    body: str | None
    year: int | None
    identity: str | None
    published: str | None
    sentences: bytes
    # Set where the run is compared: the run's index lives as long as its fingerprints do
    # (the kind itself only has a weak reference, so no run is kept after it ends).
    index: Any = field(default=None, repr=False, compare=False)

    def __reduce__(self) -> tuple[Any, ...]:
        # what travels between processes is the report's part, never the run's index
        return (Fingerprint, (self.body, self.year, self.identity, self.published, self.sentences))

    def digests(self) -> set[bytes]:
        s = self.sentences
        return {s[i : i + _DIGEST] for i in range(0, len(s), _DIGEST)}


@dataclass(slots=True)
class _Group:
    """The earlier reports with one set of sentences: only the first two that can be named
    matter (the first with a body, and the first with a body other than that one's)."""

    key: bytes  # the sentences: every report of the group shares this one bytes object
    first: tuple[int, str, Fingerprint] | None = None
    other: tuple[int, str, Fingerprint] | None = None
    pos: int = -1  # its place in the index, given when it first has a body (then nameable)

    def add(self, at: int, source: str, fp: Fingerprint) -> None:
        if not fp.body:
            return
        if self.first is None:
            self.first = (at, source, fp)
        elif self.other is None and fp.body != self.first[2].body:
            self.other = (at, source, fp)

    def named_for(self, body: str | None) -> tuple[int, str, Fingerprint] | None:
        """The earliest of these reports that is another body's than ``body``."""
        if self.first is not None and self.first[2].body != body:
            return self.first
        return self.other


# A sentence found in more groups than this is kept as a bitset of their places: a sentence
# every report of a template shares would otherwise be counted group by group for each
# report, which made a run of N such reports cost N² (3,000: 72 s).
_LIST_MAX = 32


class _Bits:
    """Places of groups as the bits of one int, from the first place on (a run's sentences are
    shared by neighbouring reports: the int spans them, not the run)."""

    __slots__ = ("base", "bits")

    def __init__(self, places: Iterable[int]) -> None:
        ps = list(places)
        self.base = min(ps)
        self.bits = 0
        for q in ps:
            self.bits |= 1 << (q - self.base)

    def add(self, place: int) -> None:  # places only grow: never below base
        self.bits |= 1 << (place - self.base)

    def absolute(self) -> int:
        return self.bits << self.base


class _Index:
    """The earlier reports of one run, indexed as ``compare`` sees them (an append-only list):
    reports with the same sentences are one group, and each sentence digest leads to the
    groups that have it, so comparing a report costs its own sentences, not the run's reports,
    and a run of reports copied from one another keeps one group, not one set per report.

    Only groups that can be named (one of their reports has a body) are indexed, in the order
    they became so: their places follow the reports' order, so the earliest of equals is the
    lowest place.  A sentence's groups are a list, or a bitset once there are many; the counts
    of a report's sentences over the bitsets are added bit-sliced (a few big-integer operations
    a sentence), not group by group."""

    def __init__(self, earlier: list[tuple[str, Any]]) -> None:
        self.earlier = earlier  # the list indexed (held, so its id is never another's)
        self.done = 0
        self.groups: dict[bytes, _Group] = {}
        self.by_digest: dict[bytes, _Group | list[_Group] | _Bits] = {}
        self.placed: list[_Group] = []
        self.places_of: dict[str, list[int]] = {}  # body → places of groups it is first of

    def catch_up(self) -> None:
        for at in range(self.done, len(self.earlier)):
            source, fp = self.earlier[at]
            group = self.groups.get(fp.sentences)
            if group is None:
                group = self.groups[fp.sentences] = _Group(fp.sentences)
            else:
                fp.sentences = group.key  # the copy is let go: the run keeps one per group
            group.add(at, source, fp)
            if group.pos < 0 and group.first is not None:
                self._place(group)
        self.done = len(self.earlier)

    def _place(self, group: _Group) -> None:
        place = group.pos = len(self.placed)
        self.placed.append(group)
        assert group.first is not None and group.first[2].body
        self.places_of.setdefault(group.first[2].body, []).append(place)
        key = group.key
        for d in {key[i : i + _DIGEST] for i in range(0, len(key), _DIGEST)}:
            have = self.by_digest.get(d)
            if have is None:
                self.by_digest[d] = group
            elif type(have) is _Group:
                self.by_digest[d] = [have, group]
            elif type(have) is list:
                if len(have) < _LIST_MAX:
                    have.append(group)
                else:
                    self.by_digest[d] = _Bits([*(g.pos for g in have), place])
            else:
                assert isinstance(have, _Bits)
                have.add(place)

    def best(
        self, own: set[bytes], body: str | None
    ) -> tuple[int, tuple[int, str, Fingerprint]] | None:
        """Of the groups that can be named for a report of ``body`` and share sentences with
        ``own``: the most shared count, and the earliest report named of those sharing it."""
        counts: dict[int, int] = {}
        bitsets: list[int] = []
        for d in own:
            have = self.by_digest.get(d)
            if have is None:
                continue
            if type(have) is _Group:
                counts[have.pos] = counts.get(have.pos, 0) + 1
            elif type(have) is list:
                for g in have:
                    counts[g.pos] = counts.get(g.pos, 0) + 1
            else:
                assert isinstance(have, _Bits)
                bitsets.append(have.absolute())
        placed = self.placed
        mine = self.places_of.get(body, ()) if body else ()
        found: tuple[int, int, tuple[int, str, Fingerprint]] | None = None  # count, -at, named

        def offer(count: int, named: tuple[int, str, Fingerprint]) -> None:
            nonlocal found
            if found is None or (count, -named[0]) > found[:2]:
                found = (count, -named[0], named)

        for place, n in counts.items():
            named = placed[place].named_for(body)
            if named is not None:
                offer(n + sum((b >> place) & 1 for b in bitsets), named)
        if bitsets:
            # The groups counted above, and those of this body with no other, are left out.
            left_out = 0
            for place in counts:
                left_out |= 1 << place
            own_body = 0
            for place in mine:
                own_body |= 1 << place
                if placed[place].other is None:
                    left_out |= 1 << place
            slices: list[int] = []  # bit i of each group's count
            for b in bitsets:
                carry, i = b, 0
                while carry:
                    if i == len(slices):
                        slices.append(carry)
                        break
                    s = slices[i]
                    slices[i], carry = s ^ carry, s & carry
                    i += 1
            cand = ((1 << len(placed)) - 1) & ~left_out
            count = 0
            for i in range(len(slices) - 1, -1, -1):
                t = cand & slices[i]
                if t:
                    cand, count = t, count | (1 << i)
            if count:
                others = cand & ~own_body  # named by their first report: the lowest place
                if others:
                    first = placed[(others & -others).bit_length() - 1].first
                    assert first is not None
                    offer(count, first)
                for place in mine:  # named by their other report
                    if cand >> place & 1:
                        other = placed[place].other
                        assert other is not None
                        offer(count, other)
        return None if found is None else (found[0], found[2])


class SharedSentences(BatchKind):
    """Compares each report with the reports before it in the run (input order)."""

    name = "shared-sentences"
    description = (
        "A report must not share most of its long sentences (verbatim, digits and punctuation "
        "ignored) with the report of another body in the same run; the later report of a pair "
        "names the earlier."
    )
    Params = SharedSentencesParams

    def __init__(self) -> None:
        super().__init__()
        self._index: weakref.ref[_Index] | None = None

    def _index_of(self, mine: Fingerprint, earlier: list[tuple[str, Any]]) -> _Index:
        """The index of ``earlier``, brought up to date: the engine passes the same list, one
        report longer each time; any other list is indexed afresh."""
        index = self._index() if self._index is not None else None
        if index is None or index.earlier is not earlier or index.done > len(earlier):
            index = _Index(earlier)
            self._index = weakref.ref(index)
        index.catch_up()
        mine.index = index  # goes into ``earlier`` next: the run holds its index
        return index

    def fingerprint(self, report: Report, rule: Rule, ctx: Context) -> Any:
        p: SharedSentencesParams = rule.args
        found: set[bytes] = set()
        texts = [report.section_text(key) or "" for key in p.sections]
        words = [*p.ignore_names, report.body] if report.body else p.ignore_names
        if p.min_chars > 0 and splits_lines(p.split) and not any("\n" in w for w in words):
            # One text, the sections joined by a line break (where sentences end, and which no
            # word removed spans): what is removed from it and its sentences are the sections'
            # own (but for empty ones, never counted), for a third of the calls.
            texts = ["\n".join(texts)]
        for body in texts:
            for word in p.ignore_names:
                body = body.replace(word, "")
            if report.body:
                body = body.replace(report.body, "")
            found.update(_digest(x) for x in sentences(body, p.split, p.ignore, p.min_chars))
        return Fingerprint(
            report.body, report.year, report.identity, report.published, b"".join(sorted(found))
        )

    def compare(self, mine: Any, earlier: list[tuple[str, Any]], rule: Rule) -> Iterable[Violation]:
        p: SharedSentencesParams = rule.args
        own = mine.digests()
        if len(own) < p.min_sentences:
            return
        # the most shared, the earliest of equals; the same body's reports (e.g. two years)
        # are XYR003/XYR006's
        best: tuple[float, int, str, Fingerprint] | None = None
        if own and p.threshold > 0:
            found = self._index_of(mine, earlier).best(own, mine.body)
            if found is not None and found[0] / len(own) >= p.threshold:
                best = (found[0] / len(own), *found[1])
        else:  # a threshold of 0 names a report sharing nothing: every earlier one counts
            for at, (source, other) in enumerate(earlier):
                if not other.body or other.body == mine.body:
                    continue
                shared = len(own & other.digests()) / len(own)
                if shared >= p.threshold and (best is None or shared > best[0]):
                    best = (shared, at, source, other)
        if best is None:
            return
        share, _, source, other = best
        # Which report carries the finding is the run's input order (folders are scanned in
        # sorted order): only the later one can be told about the earlier while results stream.
        # The finding says who shares with whom, not who copied; the publication dates, when
        # both are known, let the auditor tell which came first.
        dates = _dates(mine.published, other.published)
        yield Violation(
            pointer="/sections",
            label=str(other.body),
            vars={
                "share": f"{share:.0%}",
                "other": str(other.body),
                "other_source": source,
                "count": len(own),
                "dates_zh": dates.zh,
                "dates_en": dates.en,
            },
            evidence={
                "share": round(share, 4),
                "other": source,
                "other_body": other.body,
                "other_year": other.year,
                "published": mine.published,
                "other_published": other.published,
            },
            # the other report's identity (body and year), never its file name: the same pair
            # gives the same fingerprint from PDF or JSON, under any path
            key=str(other.identity or f"{other.body}|{other.year or ''}"),
        )


def _dates(mine: str | None, other: str | None) -> Text:
    if not (mine and other):
        return Text("", "")
    which = "kinds.xyr008_other_first" if other < mine else "kinds.xyr008_this_first"
    if other == mine:
        which = "kinds.xyr008_same_day"
    return text(which, mine=mine, other=other)

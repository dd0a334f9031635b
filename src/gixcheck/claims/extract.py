"""Extract claims from the narrative paragraphs of a report.

Deterministic and pure: the same paragraphs give the same claims.  The vocabulary
(``vocabulary.toml``) is compiled once, on first use.

How a sentence is read
----------------------
1. The paragraph is split into sentences on 。；！？ and line breaks.  Parts of one 。-sentence
   separated by ； share their context (the topic 复议/诉讼, the last count for a following
   ``占 N%``, the scope said earlier).  A year or a 全区-style scope said in one sentence carries
   to the following sentences of the same line.
2. The sentence is normalised (full-width digits, PDF radical look-alikes) one character for
   one character, text inside 《》 is blanked, and parentheticals without numbers are blanked
   for the subject search (作其他处理（含申请人主动撤回申请）469件).
3. Numbers with units are found (:func:`gixcheck.claims.numbers.find_numbers`); dates and
   numbers in short quotations (slogans: “办结一件申请”) are skipped.
4. Each number's subject is the vocabulary phrase ending nearest before it in its clause (since
   the previous number), or, failing that, a phrase right after it (103件顺延到下年度).
5. Statements without numbers (未产生行政复议、行政诉讼案件, 均在法定期限内答复, 没有产生信息处理费,
   均获维持, 零败诉) and the statistics period are matched on the whole sentence.
6. Every claim gets a scope from the markers of its clause, else of the nearest earlier clause
   with one, else of an earlier part of the sentence, else ``body``.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from functools import cached_property, lru_cache
from typing import Any

from gixcheck.bmp import in_bmp
from gixcheck.claims import _language
from gixcheck.claims.literals import Gate, LiteralIndex, _trie_pattern, required_literals
from gixcheck.claims.model import QUALIFIERS, Claim, built
from gixcheck.claims.numbers import (
    NumberMatch,
    bmp_number_gate,
    find_numbers,
    normalize,
    normalize_text,
    number_gate,
)
from gixcheck.claims.vocabulary import SubjectRule, Vocabulary, load_vocabulary
from gixcheck.form.bodies import body_aliases, classify_body
from gixcheck.form.page import printed_pattern

__all__ = ["extract_claims", "extract_report_claims", "extract_split_claims", "split_sentences"]

_WORDS = _language.sentences()
_TERMINATORS: str = _WORDS["terminators"]
_PART_TERMINATORS: tuple[str, ...] = tuple(_WORDS["part_terminators"])
_COLONS: str = _WORDS["colons"]
_LINE_BREAKS = "\n\r\u2028\u2029"
_FILL = "\u25a1"
_SPLIT_RE = re.compile(
    "([" + re.escape(_TERMINATORS + _LINE_BREAKS) + "])"
)  # a group: split keeps the cuts
_BOUND_RE = re.compile(_WORDS["bounds"])  # □ stands in for blanked text (same length)

# Subjects that make a whole a percentage can be a share of.
_TOTALS = (
    "result.total",
    "requests.received",
    "requests.new",
    "review.total",
    "litigation.total",
    "proactive.total",
)
_COUNT_PREFIXES = ("requests.", "result.", "review.", "litigation.", "docs.", "proactive.")
# A line that opens a numbered item (一、 （二） 3. ①) starts anew: the form's one pattern.
_HEADING_START = re.compile(printed_pattern("enumeration"))


# --------------------------------------------------------------------------------------------
# sentences


def split_sentences(text: str) -> list[tuple[int, int, str]]:
    """Split ``text`` into sentences: ``(start, end, terminator)`` with ``text[start:end]`` the
    sentence (terminator included, surrounding white space excluded).  ``terminator`` is the
    sentence-final character (``。`` ``；`` ...), ``"\\n"`` for a line break, or ``""`` at the end.
    """
    out: list[tuple[int, int, str]] = []
    # The pieces between cuts and the cuts themselves, in one C call: ``parts`` alternates
    # piece, cut, piece … piece.  Stripping is :meth:`str.strip`'s (the same white space as
    # :meth:`str.isspace`); no terminator is white space, so a sentence with one ends there.
    parts = _SPLIT_RE.split(text)
    last = len(parts) - 1
    pos = 0
    for k in range(0, last + 1, 2):
        piece = parts[k]
        start = pos
        pos += len(piece) + 1  # past the cut
        ch = parts[k + 1] if k < last else ""
        # most pieces start with their text: no stripped copy to measure
        lead = len(piece) - len(piece.lstrip()) if piece[:1].isspace() else 0
        if ch and ch in _TERMINATORS:
            out.append((start + lead, start + len(piece) + 1, ch))
            continue
        body = piece.strip()
        if body:
            out.append((start + lead, start + lead + len(body), "\n" if ch else ""))
        elif ch and out and out[-1][2] not in ("\n", "") and "\n" not in out[-1][2]:
            # the line ends right after a terminator: later context must not carry over
            out[-1] = (out[-1][0], out[-1][1], out[-1][2] + "\n")
    return out


def _join_wrapped(text: str) -> str:
    """Remove hard line wraps (a line break not after sentence-final punctuation, not before
    a heading marker), as in text copied from a PDF."""
    lines = re.split(r"\r\n|[\n\r\u2028\u2029]", text)
    out = lines[0] if lines else ""
    for line in lines[1:]:
        prev = out.rstrip()
        if (
            prev
            and prev[-1] not in _TERMINATORS + _COLONS
            and line.strip()
            and not _HEADING_START.match(line)
        ):
            out = prev + line.lstrip()
        else:
            out = out + "\n" + line
    return out


# --------------------------------------------------------------------------------------------
# body


@dataclass(frozen=True)
class _Body:
    """The report's body as the scope reader needs it.  Its names are found by plain substring
    search, never a regex made for it: every report names another body, and compiling one
    pattern per body cost more than checking the report."""

    kind: str  # "government", "office", "department", "unknown"
    aliases: tuple[str, ...] = ()  # normalised, longest first

    def matches(self, text: str) -> list[tuple[int, int, str]]:
        """Where the names stand in ``text``, as the alternation of the (escaped) names in
        order would find them with ``finditer``: leftmost first, at a position the first name
        that is there, without overlap."""
        names = self.aliases
        if "" in names:  # an empty name matches everywhere: the regex's own rules say how
            alternation = re.compile("|".join(re.escape(a) for a in names))
            return [(m.start(), m.end(), m.group(0)) for m in alternation.finditer(text)]
        out: list[tuple[int, int, str]] = []
        pos = 0
        while True:
            at = -1
            for a in names:
                i = text.find(a, pos)
                if i != -1 and (at == -1 or i < at):
                    at = i
            if at == -1:
                return out
            for a in names:
                if text.startswith(a, at):
                    out.append((at, at + len(a), a))
                    pos = at + len(a)
                    break

    def places(self, text: str) -> list[tuple[int, int]]:
        """``(start, end)`` of every place any name stands in ``text`` (overlapping ones too),
        sorted: a name stands wholly inside ``text[s:e]`` exactly when one of these lies in
        ``[s, e)``."""
        out: list[tuple[int, int]] = []
        for a in self.aliases:
            n = len(a)
            i = text.find(a)
            while i != -1:
                out.append((i, i + n))
                i = text.find(a, i + 1)
        out.sort()
        return out

    @cached_property
    def anywhere(self) -> bool:
        """Blanking writes □ (``_FILL``): a name holding it may stand in text read from any
        sentence."""
        return any(_FILL in a for a in self.aliases)


@lru_cache(maxsize=64)
def _body_info(body: str | None) -> _Body:
    """The body as the scope reader needs it, from the one classifier of the form: a
    government's general office acts for the government; a zone (``other``) reports for its
    whole zone, as a government does; any other department reports for itself only."""
    if not body:
        return _Body("unknown")
    cls = classify_body(body)
    if cls.office:
        kind = "office"
    elif cls.kind in ("government", "other"):
        kind = "government"
    else:
        kind = "department"
    return _Body(kind, body_aliases(normalize(body)))


# --------------------------------------------------------------------------------------------
# per-sentence preparation


class _Marker:
    """A scope marker found in a sentence (``kind`` may be re-read in the light of the body)."""

    __slots__ = ("end", "kind", "start", "text")

    def __init__(self, start: int, end: int, kind: str, text: str) -> None:
        self.start = start
        self.end = end
        self.kind = kind
        self.text = text


class _Prepared:
    """A sentence read for claims (a plain class with slots: one is made per sentence)."""

    __slots__ = (
        "_bounds",
        "ctx",
        "dates",
        "live",
        "markers",
        "mtext",
        "norm",
        "numbers",
        "sentence",
        "year_multi",
    )

    def __init__(
        self,
        sentence: str,
        norm: str,  # normalised
        mtext: str,  # normalised, 《》 blanked
        ctx: str,  # mtext with number-free parentheticals blanked
        numbers: list[NumberMatch],
        dates: list[tuple[int, int, int | None, int, int | None]],  # start, end, y, m, d
        markers: list[_Marker],
        live: Collection[int],  # the items of the paragraph's :class:`_Index` that may match
    ) -> None:
        self.sentence = sentence
        self.norm = norm
        self.mtext = mtext
        self.ctx = ctx
        self.numbers = numbers
        self.dates = dates
        self.markers = markers
        self.live = live
        self._bounds: list[int] | None = None
        # The live ``year_multi`` patterns of the index, with their gates (see ``year_at``).
        self.year_multi: list[tuple[re.Pattern[str], Gate]] | None = None

    @property
    def bounds(self) -> list[int]:
        """Clause boundary positions in ``ctx`` (sorted), not inside a number (12,138).
        Computed on first use: most sentences make no claim and never need their clauses."""
        found = self._bounds
        if found is None:
            found = [m.start() for m in _BOUND_RE.finditer(self.ctx)]
            if self.numbers and found:
                inside = {i for nm in self.numbers for i in range(*nm.span)}
                found = [b for b in found if b not in inside]
            self._bounds = found
        return found


_TITLE_RE = re.compile(_WORDS["title"])
_TITLE_OPENS: str = _WORDS["title_opens"]
_QUOTE_RE = re.compile(_WORDS["quote"])
_QUOTE_OPENS: str = _WORDS["quote_opens"]
_PAREN_RE = re.compile(_WORDS["paren"])
_PAREN_OPENS: str = _WORDS["paren_opens"]


def _any_of(chars: str) -> Callable[[str], bool]:
    """A test whether any of ``chars`` is in a text.  For up to three characters, ``in``
    for each (a C scan for one character is several times cheaper than the regex engine's
    test of every character against a class); for more, one scan for a class (cheaper than
    ``any(c in text for c in chars)``, which runs Python per character)."""
    cs = tuple(chars)
    if len(cs) == 1:
        (a,) = cs
        return lambda text: a in text
    if len(cs) == 2:
        a, b = cs
        return lambda text: a in text or b in text
    if len(cs) == 3:
        a, b, c = cs
        return lambda text: a in text or b in text or c in text
    search = re.compile("[" + re.escape(chars) + "]").search
    return lambda text: search(text) is not None


_has_title_open = _any_of(_TITLE_OPENS)
_has_quote_open = _any_of(_QUOTE_OPENS)
_has_paren_open = _any_of(_PAREN_OPENS)
_DATE_RE = re.compile(_WORDS["date"])
_DATE_NEEDS: str = _WORDS["date_needs"]
_OFFICE_ACTING: tuple[str, ...] = tuple(_WORDS["office_acting"])
_OPEN_LIST: str = _WORDS["open_list"]
_DISTRIBUTIVE_RE = re.compile(_WORDS["distributive"])
_LIST_JOINERS_RE = re.compile(_WORDS["list_joiners"])
_WINDOW_END_RE = re.compile(_WORDS["negation_window_end"])
_NEGATED_BEFORE_RE = re.compile(_WORDS["negated_before"])
_PERIOD_WORDS_RE = re.compile(_WORDS["period_words"])
_INCLUDES_RE = re.compile(_WORDS["includes"])


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + _FILL * (end - start) + text[end:]


def _blank_titles(norm: str) -> str:
    """``norm`` with the insides of titles (《…》) blanked."""
    mtext = norm
    if _has_title_open(norm):
        for m in _TITLE_RE.finditer(norm):
            mtext = _blank(mtext, m.start() + 1, m.end() - 1)
    return mtext


def _prepare(
    sentence: str,
    norm: str,
    vocab: Vocabulary,
    body: _Body,
    index: _Index,
    need: int,
    live: Collection[int],
) -> _Prepared:
    """The sentence read for claims; ``norm`` is ``normalize(sentence)``, ``need`` and
    ``live`` what :meth:`_Index.read` says of it (what is not in it is not looked for)."""
    mtext = _blank_titles(norm)
    dates: list[tuple[int, int, int | None, int, int | None]] = []
    for m in _DATE_RE.finditer(mtext) if need & _DATES and _DATE_NEEDS in mtext else ():
        month = int(m.group("m"))
        day = int(m.group("d")) if m.group("d") else None
        year = int(m.group("y")) if m.group("y") else None
        if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
            continue
        if year is None and day is None:
            continue  # "3月" alone is not a date we use
        dates.append((m.start(), m.end(), year, month, day))
    quoted = (
        [(m.start(), m.end()) for m in _QUOTE_RE.finditer(mtext)]
        if need & _NUMBERS and _has_quote_open(mtext)
        else []
    )
    numbers = []
    for nm in find_numbers(norm, normalized=True) if need & _NUMBERS else ():
        s, e = nm.span
        if mtext[s] == _FILL:
            continue
        if dates and any(ds <= s < de or ds < e <= de for ds, de, *_ in dates):
            continue
        if quoted and any(qs < s and e < qe for qs, qe in quoted):
            continue
        numbers.append(nm)
    # Parentheticals without a number are blanked for the subject search.
    ctx = mtext
    for m in _PAREN_RE.finditer(mtext) if _has_paren_open(mtext) else ():
        if not any(m.start() < nm.span[0] < m.end() for nm in numbers):
            ctx = _blank(ctx, m.start(), m.end())
    markers = _find_markers(ctx, vocab, body, index, live) if need & _MARKERS else []
    return _Prepared(sentence, norm, mtext, ctx, numbers, dates, markers, live)


# What a sentence may need read (the bits of :meth:`_Index.read`).
_NUMBERS, _MARKERS, _STATEMENTS, _YEARS, _DATES = 1, 2, 4, 8, 16
_ALL = _NUMBERS | _MARKERS | _STATEMENTS | _YEARS | _DATES
_NOTHING: frozenset[int] = frozenset()

_Indexed = tuple[re.Pattern[str], int]  # a pattern and its item number in the index
# The statement lists that say a countable subject is none (its value 0).
_NONE_SUBJECTS = {
    "fee_none": "fee.info_processing",
    "fee_notices_none": "fee.notices",
    "normative_repealed_none": "docs.normative.repealed",
}
_STATEMENT_GROUPS = (
    "all_upheld",
    "no_loss",
    "all_in_time",
    "overdue_none",
    "fee_none",
    "fee_notices_none",
    "normative_repealed_none",
)


class _Index:
    """Which of the vocabulary's patterns may match in each sentence of a paragraph, from
    one scan of the paragraph.

    The sentence reader searches many patterns (scope markers, statements, years, topics),
    each behind a literal gate (:mod:`gixcheck.claims.literals`), and testing every gate on
    every sentence cost more than the searches it spared.  Here the literals of all of them
    are found in one pass: every position where some literal starts, with the longest
    literal there (the literals whose gates it passes are its prefixes, as in
    :class:`~gixcheck.claims.literals.LiteralIndex`).  A literal inside a sentence's normalised
    text is then known to the sentence; blanking (titles, parentheticals) only takes literals
    away, so a pattern whose literals are not in a sentence cannot match in any text read
    from it, and is not searched.  What is searched is searched as before, so what is found
    is the same.

    :meth:`read` also gives each sentence bits telling what it may hold at all (numbers,
    markers, statements, years, dates): about half the sentences of a report hold none of
    them (一是加强…); such a sentence makes no claim and changes no context.
    """

    def __init__(self, vocab: Vocabulary) -> None:
        items: list[tuple[str, ...] | None] = []
        bits: list[int] = []

        def add(p: re.Pattern[str] | None, bit: int, literals: Any = ...) -> int:
            lits = required_literals(p) if literals is ... and p is not None else literals
            if lits is not None and any(_FILL in w for w in lits):
                lits = None  # blanking writes □: such a literal may appear only after it
            items.append(lits)
            bits.append(bit)
            return len(items) - 1

        # The marker patterns in vocabulary order, by item number (items are numbered in
        # order, so the live ones sorted are in vocabulary order too).
        self.markers: dict[int, tuple[str, re.Pattern[str]]] = {
            add(p, _MARKERS): (kind, p) for kind, patterns in vocab.scope_markers for p in patterns
        }
        # The body's names are the report's, not the vocabulary's: :meth:`read` finds them
        # (one index serves every report; one per body cost ~10 ms a report to build).
        self.body = add(None, _MARKERS, ())
        self.negation = add(vocab.negation, _STATEMENTS)
        self.zero = add(vocab.zero, _STATEMENTS)
        # The lists of statement patterns (``Vocabulary.statement_groups``), by field name.
        self.groups: dict[str, tuple[_Indexed, ...]] = {
            name: tuple((p, add(p, _STATEMENTS)) for p in getattr(vocab, name))
            for name in _STATEMENT_GROUPS
        }
        # Every statement pattern by item number, with its group ("negation", "zero" or a
        # list's name): the numbers run in the order the statements are read, so a sentence's
        # live ones, sorted, are read in that order and the others not even looked at.
        self.statements: dict[int, tuple[str, re.Pattern[str]]] = {
            self.negation: ("negation", vocab.negation),
            self.zero: ("zero", vocab.zero),
        }
        for name, indexed in self.groups.items():
            for p, i in indexed:
                self.statements[i] = (name, p)
        self.statement_items = frozenset(self.statements)
        self.year_mention = add(vocab.year_mention, _YEARS)
        self.dates = add(None, _DATES, (_DATE_NEEDS,))
        self.year_multi: tuple[tuple[re.Pattern[str], Gate, int], ...] = tuple(
            (p, g, add(p, 0)) for p, g in vocab.gated_year_multi
        )
        self.year_previous = add(vocab.year_previous, 0)
        self.topics: tuple[tuple[str, re.Pattern[str], int], ...] = tuple(
            (name, p, add(p, 0)) for name, p in vocab.topics
        )
        self.always: frozenset[int] = frozenset(i for i, lits in enumerate(items) if lits is None)
        self.always_bits = 0
        for i in self.always:
            self.always_bits |= bits[i]
        words = sorted({w for lits in items if lits for w in lits})
        # For each literal: the items it may let match, and their bits (one look-up a hit).
        self.of: dict[str, tuple[frozenset[int], int]] = {}
        for w in words:
            of = frozenset(
                i for i, lits in enumerate(items) if lits and any(w.startswith(x) for x in lits)
            )
            held = 0
            for i in of:
                held |= bits[i]
            self.of[w] = (of, held)
        self._scan = re.compile(_trie_pattern(words)) if words else None
        # Filled by the extractors as numbers ask (see _Extractor.__init__).
        self.before_by_unit: dict[str, tuple[tuple[SubjectRule, ...], LiteralIndex]] = {}
        self.after_by_unit: dict[str, tuple[SubjectRule, ...]] = {}
        self.sub_rows_by_subject: dict[str, tuple[SubjectRule, ...]] = {}
        self._numbers = number_gate()
        self._bmp_numbers = bmp_number_gate()

    def read(
        self, norm: str, sentences: Sequence[tuple[int, int, str]], body: _Body
    ) -> list[tuple[int, frozenset[int] | set[int]]]:
        """For each sentence of the normalised paragraph ``norm``: its bits, and the items
        that may match in it (the body's item where one of ``body``'s names stands wholly
        inside the sentence, as a literal of the index would)."""
        # Most paragraphs do not name the body: told once, not per sentence; where it does,
        # the places of its names, found once, tell each sentence that holds one.
        anywhere = body.anywhere
        places = [] if anywhere or not body.aliases else body.places(norm)
        n_places = len(places)
        hits: list[tuple[int, str]] = []
        if self._scan is not None:
            search = self._scan.search
            pos = 0
            while (m := search(norm, pos)) is not None:
                p = m.start()
                hits.append((p, m.group()))
                pos = p + 1  # a literal may start inside the one found
        # \d is a category test for each character; spelled out for the BMP it is a table
        numbers = (self._bmp_numbers if in_bmp(norm) else self._numbers).search
        out: list[tuple[int, frozenset[int] | set[int]]] = []
        j, nh = 0, len(hits)
        for s, e, _t in sentences:
            need = self.always_bits
            if numbers(norm, s, e):
                need |= _NUMBERS
            while j < nh and hits[j][0] < s:
                j += 1
            live: set[int] | None = None
            while j < nh and hits[j][0] < e:
                p, w = hits[j]
                j += 1
                if p + len(w) > e:  # runs past the sentence: the longest literal inside it
                    assert self._scan is not None
                    inside = self._scan.match(norm, p, e)
                    if inside is None:
                        continue
                    w = inside.group()
                items, held = self.of[w]
                if live is None:
                    live = set(self.always)
                live |= items
                need |= held
            holds = anywhere
            if places:  # the places starting inside the sentence: one ending inside it too?
                at = bisect_left(places, (s,))
                while at < n_places and places[at][0] < e:
                    if places[at][1] <= e:
                        holds = True
                        break
                    at += 1
            if holds:
                if live is None:
                    live = set(self.always)
                live.add(self.body)
                need |= _MARKERS
            out.append((need, self.always if live is None else live))
        return out


@lru_cache(maxsize=8)
def _index_for(vocab: Vocabulary) -> _Index:
    return _Index(vocab)


def _find_markers(
    ctx: str, vocab: Vocabulary, body: _Body, index: _Index, live: Collection[int]
) -> list[_Marker]:
    found: list[_Marker] = []
    # Only the patterns whose literals the sentence holds: the marker patterns (look-arounds,
    # character runs) are slow to search at every position.
    markers = index.markers
    for i in sorted(markers.keys() & live):
        kind, p = markers[i]
        for m in p.finditer(ctx):
            if m.end() > m.start():
                found.append(_Marker(m.start(), m.end(), kind, m.group(0)))
    if body.aliases and index.body in live:
        for start, end, name in body.matches(ctx):
            found.append(_Marker(start, end, "body", name))
    if not found:
        return found
    # Re-read markers in the light of the body.
    for mk in found:
        if (
            mk.kind == "sub_unit"
            and body.kind == "office"
            and any(w in mk.text for w in _OFFICE_ACTING)
        ):
            mk.kind = "body"  # 市政府办公厅代表市政府受理 in the 办公厅's own report
        elif mk.kind == "body" and body.kind == "department" and vocab.area_self.match(mk.text):
            mk.kind = "wider"  # 我区 in a department's report names the district
    order = vocab.scope_rank
    found.sort(key=lambda mk: (order.get(mk.kind, 99), -(mk.end - mk.start), mk.start))
    kept: list[_Marker] = []
    for mk in found:
        if any(k.start < mk.end and mk.start < k.end for k in kept):
            continue  # inside / overlapping a stronger marker (区政府 inside 区政府办代表区政府)
        kept.append(mk)
    kept.sort(key=lambda mk: mk.start)
    return kept


def _clause(prep: _Prepared, pos: int) -> tuple[int, int]:
    """The clause ``[start, end)`` of ``ctx`` containing position ``pos``: from after the
    last boundary before ``pos`` to the first boundary at or after it."""
    bounds = prep.bounds
    k = bisect_left(bounds, pos)
    return (bounds[k - 1] + 1 if k else 0), (bounds[k] if k < len(bounds) else len(prep.ctx))


# --------------------------------------------------------------------------------------------
# state carried between sentences


class _Unread:
    """A sentence that may hold scope markers and nothing else (no number, statement or
    date): it makes no claim, and only its last marker is context for what follows.  Most such
    sentences (一是加强本机关…) are never asked for it, so its markers are found when a later
    claim of its segment or line needs them, by the same reading as any sentence's."""

    __slots__ = ("_markers", "args")

    def __init__(self, args: tuple[Any, ...]) -> None:
        self.args = args
        self._markers: list[_Marker] | None = None

    def last(self) -> tuple[str, str] | None:
        """(kind, text) of the sentence's last marker, or None when it has none."""
        found = self._markers
        if found is None:
            found = self._markers = _prepare(*self.args).markers
        if not found:
            return None
        mk = found[-1]
        return mk.kind, self.args[0][mk.start : mk.end]


class _Segment:
    """Context shared by the ；-separated parts of one 。-sentence."""

    __slots__ = ("last_count", "last_total", "scope", "topics", "unread")

    def __init__(self) -> None:
        self.topics: list[str] = []
        self.last_count: Claim | None = None
        self.last_total: Claim | None = None
        self.scope: tuple[str, str] | None = None  # (kind, text) of the last marker
        # The sentences read since ``scope`` was set that may hold a marker (:class:`_Unread`).
        self.unread: list[_Unread] = []

    def settle(self) -> None:
        """``scope`` as reading the unread sentences in order would have left it."""
        found = _latest_marker(self.unread)
        if found is not None:
            self.scope = found


class _Line:
    """Context carried from sentence to sentence within one line of a paragraph."""

    __slots__ = ("unread", "wider", "year")

    def __init__(self) -> None:
        self.year: int | None = None
        self.wider: str | None = None
        self.unread: list[_Unread] = []  # as :attr:`_Segment.unread`, for ``wider``

    def settle(self) -> None:
        found = _latest_marker(self.unread)
        if found is not None:
            self.wider = found[1] if found[0] == "wider" else None


def _latest_marker(unread: list[_Unread]) -> tuple[str, str] | None:
    """The last marker of the latest of ``unread`` that has one (what reading them in order
    leaves as context), or None; ``unread`` is emptied: they are read."""
    found = None
    for u in reversed(unread):
        found = u.last()
        if found is not None:
            break
    unread.clear()
    return found


# --------------------------------------------------------------------------------------------
# the extractor


class _Extractor:
    def __init__(self, vocab: Vocabulary, report_year: int | None, body: _Body) -> None:
        self.v = vocab
        self.report_year = report_year
        self.body = body
        self.index = _index_for(vocab)
        # The vocabulary's lookups by unit and subject, asked for each number: a dict look-up
        # away, and kept with the vocabulary's index, for every report (what they hold is the
        # vocabulary's, never the report's).
        self._before = self.index.before_by_unit
        self._after = self.index.after_by_unit
        self._sub_rows = self.index.sub_rows_by_subject

    # ---- scope ------------------------------------------------------------------------------
    def scope_at(
        self, prep: _Prepared, pos: int, seg: _Segment, line: _Line
    ) -> tuple[str, str | None]:
        if seg.unread:
            seg.settle()
        if line.unread:
            line.settle()
        if not prep.markers:  # nothing said in the sentence: what was said before it
            if seg.scope is not None:
                return seg.scope
            if line.wider is not None:
                return "unclear", line.wider
            return "body", None
        cs, _ce = _clause(prep, pos)
        order = self.v.scope_rank
        in_clause = [mk for mk in prep.markers if cs <= mk.start < pos]
        if not in_clause:
            earlier = [mk for mk in prep.markers if mk.start < cs]
            if earlier:
                ccs, _ = _clause(prep, earlier[-1].start)
                in_clause = [mk for mk in earlier if mk.start >= ccs]
        if in_clause:
            best = min(in_clause, key=lambda mk: (order.get(mk.kind, 99), -mk.start))
            return best.kind, prep.sentence[best.start : best.end]
        if seg.scope is not None:
            return seg.scope
        if line.wider is not None:
            return "unclear", line.wider
        return "body", None

    # ---- years ------------------------------------------------------------------------------
    def year_at(self, prep: _Prepared, pos: int, line: _Line) -> tuple[str, int | None]:
        head = prep.mtext[:pos]
        ix, live = self.index, prep.live
        mentions = ix.year_mention in live
        multi = prep.year_multi
        if multi is None:  # the sentence's live ones, found once for all its claims
            multi = prep.year_multi = [(p, g) for p, g, i in ix.year_multi if i in live]
        for p, p_gate in multi:
            if p_gate.may_match(head) and p.search(head):
                years = _years(head, self.v) if mentions else []
                return "multi_year", (years[-1] if years else line.year)
        years = _years(head, self.v) if mentions else []
        year = years[-1] if years else line.year
        if (
            not years
            and ix.year_previous in live
            and self.v.year_previous.search(prep.mtext[_clause(prep, pos)[0] : pos])
        ):
            return "previous_year", (self.report_year - 1 if self.report_year else None)
        if year is None or self.report_year is None:
            return "this_year", year
        if year == self.report_year:
            return "this_year", year
        if year == self.report_year - 1:
            return "previous_year", year
        return "other_year", year

    # ---- claims -----------------------------------------------------------------------------
    def make(
        self,
        prep: _Prepared,
        source: Mapping[str, Any],
        seg: _Segment,
        line: _Line,
        *,
        subject: str,
        value: Decimal | None,
        unit: str | None,
        span: tuple[int, int],
        qualifiers: Iterable[str] = (),
        label: str | None = None,
        parts: tuple[str, ...] = (),
        scope: tuple[str, str | None] | None = None,
        of: str | None = None,
        denominator: str | None = None,
        period: tuple[date, date] | None = None,
    ) -> Claim:
        kind, text = scope if scope is not None else self.scope_at(prep, span[0], seg, line)
        year_scope, year = self.year_at(prep, span[0], line)
        if qualifiers:
            given = set(qualifiers)
            quals = tuple(q for q in QUALIFIERS if q in given)
            if len(quals) < len(given):
                quals += tuple(sorted(given - QUALIFIERS.keys()))
        else:
            quals = ()
        return built(
            {
                "subject": subject,
                "value": value,
                "unit": unit,
                "scope": kind,
                "scope_text": text,
                "year_scope": year_scope,
                "sentence": prep.sentence,
                "span": span,
                "source": source,
                "qualifiers": quals,
                "label": label,
                "parts": parts,
                "year": year,
                "of": of,
                "denominator": denominator,
                "period": period,
            }
        )

    def topic_before(self, prep: _Prepared, pos: int, seg: _Segment) -> str | None:
        best: tuple[int, str] | None = None
        for name, p, i in self.index.topics:
            if i not in prep.live:
                continue
            for m in p.finditer(prep.ctx, 0, pos):
                if best is None or m.start() >= best[0]:
                    best = (m.start(), name)
        if best is not None:
            return best[1]
        return seg.topics[-1] if seg.topics else None

    def topics_in(self, text: str, live: Collection[int]) -> list[tuple[int, int, str]]:
        """The topics named in ``text``, a part of a sentence whose index items are ``live``."""
        out = []
        for name, p, i in self.index.topics:
            m = p.search(text) if i in live else None
            if m:
                out.append((m.start(), m.end(), name))
        return sorted(out)

    def sentence_claims(
        self,
        prep: _Prepared,
        source: Mapping[str, Any],
        seg: _Segment,
        line: _Line,
        need: int = _ALL,
    ) -> list[Claim]:
        claims: list[Claim] = []
        nums = prep.numbers
        for i, nm in enumerate(nums):
            s, e = nm.span
            cs, ce = _clause(prep, s)
            lstart = max(cs, nums[i - 1].span[1] if i else 0)
            left = prep.ctx[lstart:s]
            rend = min(ce, nums[i + 1].span[0] if i + 1 < len(nums) else len(prep.ctx))
            right = prep.ctx[e:rend]
            if nm.unit == "%":
                c = self.percent_claim(prep, source, seg, line, nm, left, lstart)
                if c is not None:
                    claims.append(c)
                continue
            claims.extend(self.number_claims(prep, source, seg, line, nm, left, lstart, right))
        if need & _STATEMENTS:
            claims.extend(self.statement_claims(prep, source, seg, line, claims))
        period = self.period_claim(prep, source, seg, line) if prep.dates else None
        if period is not None:
            claims.append(period)
        if len(claims) < 2:
            return claims  # nothing to order or to link
        claims.sort(key=lambda c: (c.span[0], c.span[1], c.subject))
        return _link_carried_over(claims)

    # ---- numbers ----------------------------------------------------------------------------
    def _candidates(
        self, prep: _Prepared, unit: str, left: str
    ) -> list[tuple[int, int, int, int, SubjectRule, str]]:
        """(end, priority, length, start, rule, matched text) for every matching rule."""
        out: list[tuple[int, int, int, int, SubjectRule, str]] = []
        if not left:
            return out  # a phrase must end inside the left context
        found = self._before.get(unit)
        if found is None:
            found = self._before[unit] = self.v.before_index(unit)
        rules, index = found
        # Only the rules whose literals are in ``left`` can match there (one scan for all).
        for i in index.live(left):
            rule = rules[i]
            if rule.requires is not None and not rule.requires.search(prep.mtext):
                continue
            if rule.before_any is not None and not rule.before_any.search(left):
                continue
            best: tuple[int, int, int, int, SubjectRule, str] | None = None
            for p in rule.before:
                for m in p.finditer(left):
                    if m.end() == m.start():
                        continue
                    cand = (
                        m.end(),
                        rule.priority,
                        m.end() - m.start(),
                        m.start(),
                        rule,
                        m.group(0),
                    )
                    if best is None or cand[:3] > best[:3]:
                        best = cand
            if best is not None:
                out.append(best)
        return out

    def number_claims(
        self,
        prep: _Prepared,
        source: Mapping[str, Any],
        seg: _Segment,
        line: _Line,
        nm: NumberMatch,
        left: str,
        lstart: int,
        right: str,
    ) -> list[Claim]:
        cands = self._candidates(prep, nm.unit, left)
        chosen: list[tuple[SubjectRule, int, int, str]] = []  # rule, start, end (in ctx), text
        distributive = False
        if cands:
            best = max(cands, key=lambda c: c[:3])
            gap = left[best[0] :]
            if _OPEN_LIST in gap or len(gap.strip()) > 20:
                return []
            chosen.append((best[4], lstart + best[3], lstart + best[0], best[5]))
            if _DISTRIBUTIVE_RE.search(gap):
                for c in sorted(cands, key=lambda c: c[3]):
                    if (
                        c[4].id != best[4].id
                        and c[0] <= best[3]
                        and _LIST_JOINERS_RE.fullmatch(left[c[0] : best[3]])
                    ):
                        chosen.insert(0, (c[4], lstart + c[3], lstart + c[0], c[5]))
                        distributive = True
        else:
            after: tuple[int, SubjectRule, re.Match[str]] | None = None
            after_rules = self._after.get(nm.unit)
            if after_rules is None:
                after_rules = self._after[nm.unit] = self.v.rules_after(nm.unit)
            for rule in after_rules:
                if rule.requires is not None and not rule.requires.search(prep.mtext):
                    continue
                for p in rule.after:
                    m = p.match(right)
                    if m and (after is None or rule.priority > after[0]):
                        after = (rule.priority, rule, m)
            if after is None:
                return []
            rule, m = after[1], after[2]
            e = nm.span[1]
            chosen.append((rule, e + m.start(), e + m.end(), m.group(0)))

        out: list[Claim] = []
        for rule, ps, pe, _text in chosen:
            subject = rule.id
            if rule.topical:
                topic = self.topic_before(prep, ps, seg)
                if topic is None:
                    continue
                subject = subject.replace("{topic}", topic)
            quals = set(rule.qualifiers)
            if nm.approx:
                quals.add("approx")
            if distributive:
                quals.add("distributive")
            scope: tuple[str, str | None] | None = None
            if rule.scope is not None:
                scope = (rule.scope, prep.sentence[ps:pe])
            else:
                # A sub-row phrase before a parent phrase: 因本机关不掌握等原因无法提供265件.
                children = self._sub_rows.get(subject)
                if children is None:
                    children = self._sub_rows[subject] = self.v.sub_rows_of(subject)
                for child in children:
                    region = prep.ctx[lstart:ps]
                    for p in child.before:
                        cm = p.search(region)
                        if cm:
                            scope = ("unclear", prep.sentence[lstart + cm.start() : ps])
                            break
                    if scope is not None:
                        break
            start = min(ps, nm.span[0])
            end = max(pe, nm.span[1])
            claim = self.make(
                prep,
                source,
                seg,
                line,
                subject=subject,
                value=nm.value,
                unit=nm.unit,
                span=(start, end),
                qualifiers=quals,
                label=prep.sentence[ps:pe],
                parts=rule.parts,
                scope=scope,
            )
            out.append(claim)
            self._remember(claim, seg)
        return out

    def _remember(self, claim: Claim, seg: _Segment) -> None:
        if claim.subject.startswith(_COUNT_PREFIXES) or claim.subject.startswith("fee."):
            seg.last_count = claim
        if claim.subject in _TOTALS:
            seg.last_total = claim
        for t in ("review", "litigation"):
            if claim.subject.startswith(t + ".") and (not seg.topics or seg.topics[-1] != t):
                seg.topics.append(t)

    # ---- percentages ------------------------------------------------------------------------
    def percent_claim(
        self,
        prep: _Prepared,
        source: Mapping[str, Any],
        seg: _Segment,
        line: _Line,
        nm: NumberMatch,
        left: str,
        lstart: int,
    ) -> Claim | None:
        s, e = nm.span
        of: str | None = None
        denominator: str | None = None
        scope: tuple[str, str | None] | None = None
        m = self.v.pct_share.search(left)
        rel = seg.last_count
        if m:
            subject = "percent.share"
            label = m.group(0).strip()
            for p, subj in self.v.denominator_of:
                if p.search(label):
                    denominator = subj
                    break
            if rel is not None:
                of = rel.subject
                scope = (rel.scope, rel.scope_text)
                if denominator is None and seg.last_total is not None and seg.last_total is not rel:
                    denominator = seg.last_total.subject
        elif (m := self.v.pct_change.search(left)) is not None:
            subject = "percent.change"
            label = m.group(0).strip()
            if rel is not None:
                of = rel.subject
                scope = (rel.scope, rel.scope_text)
        elif (m := self.v.pct_rate.search(left)) is not None and m.group(1):
            subject = "percent.rate"
            label = m.group(1)
            for p, subj in self.v.rate_of:
                if p.search(label):
                    of = subj
                    break
        else:
            return None
        start = lstart + m.start()
        return self.make(
            prep,
            source,
            seg,
            line,
            subject=subject,
            value=nm.value,
            unit="%",
            span=(min(start, s), e),
            qualifiers=("approx",) if nm.approx else (),
            label=label,
            scope=scope,
            of=of,
            denominator=denominator,
        )

    # ---- statements -------------------------------------------------------------------------
    def statement_claims(
        self,
        prep: _Prepared,
        source: Mapping[str, Any],
        seg: _Segment,
        line: _Line,
        numeric: list[Claim],
    ) -> list[Claim]:
        v = self.v
        text = prep.mtext
        out: list[Claim] = []
        ix, live = self.index, prep.live

        def add(
            subject: str, span: tuple[int, int], value: Decimal | None, quals: tuple[str, ...]
        ) -> None:
            for c in numeric:
                if c.subject == subject and c.span[0] < span[1] and span[0] < c.span[1]:
                    return
            for c in out:
                if c.subject == subject and c.span[0] < span[1] and span[0] < c.span[1]:
                    return
            out.append(
                self.make(
                    prep,
                    source,
                    seg,
                    line,
                    subject=subject,
                    value=value,
                    unit=None,
                    span=span,
                    qualifiers=quals,
                    label=prep.sentence[span[0] : span[1]],
                )
            )

        # Most sentences hold none of a statement's literals: only the patterns the index
        # says may match are searched, in item order (the order the groups are read in).
        statements = ix.statements
        for i in sorted(ix.statement_items.intersection(live)):
            name, p = statements[i]
            if name == "negation":  # review.none / litigation.none
                for m in p.finditer(text):
                    window = text[m.end() : m.end() + v.negation_window]
                    window = _WINDOW_END_RE.split(window, maxsplit=1)[0]
                    topics = self.topics_in(window, live)
                    if topics:
                        end = m.end() + max(t[1] for t in topics)
                        for _ts, _te, topic in topics:
                            add(f"{topic}.none", (m.start(), end), None, ("explicit_none",))
            elif name == "zero":
                for m in p.finditer(text):
                    cs, _ = _clause(prep, m.start())
                    for _ts, _te, topic in self.topics_in(prep.ctx[cs : m.start()], live):
                        add(f"{topic}.none", (cs, m.end()), None, ("explicit_none",))
            elif name == "all_upheld":
                for m in p.finditer(text):
                    names = [n for _s, _e, n in self.topics_in(prep.ctx[: m.start()], live)]
                    for t in seg.topics:
                        if t not in names:
                            names.append(t)
                    for topic in sorted(set(names)):
                        add(f"{topic}.all_upheld", m.span(), None, ("all",))
            elif name == "no_loss":
                for m in p.finditer(text):
                    add("litigation.no_loss", m.span(), None, ("explicit_none",))
            elif name == "all_in_time":  # replies
                for m in p.finditer(text):
                    before = text[max(0, m.start() - 3) : m.start()]
                    quals: tuple[str, ...] = ("all",)
                    if _NEGATED_BEFORE_RE.search(before):
                        quals = ("all", "negated")
                    add("reply.all_in_time", m.span(), None, quals)
            elif name == "overdue_none":
                for m in p.finditer(text):
                    add("reply.overdue", m.span(), Decimal(0), ("explicit_none",))
            else:  # fees and documents stated as none
                subject = _NONE_SUBJECTS[name]
                for m in p.finditer(text):
                    add(subject, m.span(), Decimal(0), ("explicit_none",))
        for c in out:
            self._remember(c, seg)
        return out

    # ---- period -----------------------------------------------------------------------------
    def period_claim(
        self, prep: _Prepared, source: Mapping[str, Any], seg: _Segment, line: _Line
    ) -> Claim | None:
        if len(prep.dates) < 2 or not _PERIOD_WORDS_RE.search(prep.mtext):
            return None
        (s1, _e1, y1, m1, d1), (_s2, e2, y2, m2, d2) = prep.dates[0], prep.dates[1]
        if y1 is None:
            y1 = line.year
        if y1 is None:
            return None
        if y2 is None:
            y2 = y1
        try:
            start = date(y1, m1, d1 if d1 is not None else 1)
            end = date(y2, m2, d2 if d2 is not None else calendar.monthrange(y2, m2)[1])
        except ValueError:
            return None
        return self.make(
            prep,
            source,
            seg,
            line,
            subject="period",
            value=None,
            unit=None,
            span=(s1, e2),
            label=prep.sentence[s1:e2],
            scope=("body", None),
            period=(start, end),
        )


def extract_claims(
    paragraphs: Iterable[tuple[str, Mapping[str, Any]]],
    report_year: int | None = None,
    body: str | None = None,
    *,
    join_wrapped_lines: bool = False,
    vocabulary: Vocabulary | None = None,
) -> list[Claim]:
    """Extract the claims of the narrative ``paragraphs`` (``(text, source)`` pairs).

    ``report_year`` decides the year scope of stated years; ``body`` (the issuing body, e.g.
    ``淮安市洪泽区人民政府``) lets the body's own name count as a "this body" marker, tells an
    office's own report (市政府办公厅代表市政府受理) from a government's, and makes 我区 in a
    department's report a wider scope.  ``join_wrapped_lines`` removes hard line wraps first (text
    copied from a PDF).  Claims come out in paragraph, sentence and position order.
    """
    vocab = vocabulary if vocabulary is not None else load_vocabulary()
    ex = _Extractor(vocab, report_year, _body_info(body))
    claims: list[Claim] = []
    for text, source in paragraphs:
        if not isinstance(text, str) or not text:
            continue
        if join_wrapped_lines:
            text = _join_wrapped(text)
        claims.extend(_paragraph_claims(ex, text, source, split_sentences(text)))
    return claims


def extract_split_claims(
    text: str,
    source: Mapping[str, Any],
    sentences: Iterable[tuple[int, int, str]],
    report_year: int | None = None,
    body: str | None = None,
) -> list[Claim]:
    """The claims of one paragraph already split by :func:`split_sentences` (``sentences``
    is its result): ``extract_claims([(text, source)], report_year, body)`` without splitting
    again, for callers that keep the split (``gixcheck.claims.report``)."""
    if not text:
        return []
    ex = _Extractor(load_vocabulary(), report_year, _body_info(body))
    return _paragraph_claims(ex, text, source, sentences)


def extract_report_claims(
    paragraphs: Iterable[tuple[str, Mapping[str, Any], Sequence[tuple[int, int, str]], str]],
    report_year: int | None = None,
    body: str | None = None,
) -> list[list[Claim]]:
    """The claims of each of a report's paragraphs, ``(text, source, sentences, norm)`` with
    ``sentences`` the :func:`split_sentences` split of ``text`` and ``norm`` its
    :func:`~gixcheck.claims.numbers.normalize`: one extractor for them all, each paragraph
    as :func:`extract_split_claims` reads it."""
    ex = _Extractor(load_vocabulary(), report_year, _body_info(body))
    return [
        _paragraph_claims(ex, text, source, split, norm) if text else []
        for text, source, split, norm in paragraphs
    ]


def _paragraph_claims(
    ex: _Extractor,
    text: str,
    source: Mapping[str, Any],
    sentences: Iterable[tuple[int, int, str]],
    norm: str | None = None,
) -> list[Claim]:
    """``norm``: ``normalize(text)`` when the caller has it (character for character, so
    sentence slices of it stay aligned)."""
    vocab = ex.v
    split = sentences if isinstance(sentences, list) else list(sentences)
    if norm is None:
        norm = normalize_text(text)
    claims: list[Claim] = []
    line = _Line()
    seg = _Segment()
    # A sentence that holds nothing (need 0, about half of them) changes no context: a fresh
    # segment or line is made only when the one at hand was used since it was made.
    seg_used = line_used = False
    for (start, end, term), (need, live) in zip(
        split, ex.index.read(norm, split, ex.body), strict=True
    ):
        if not need & ~(_YEARS | _MARKERS):
            # No number, statement or date: no claim.  Its year is read now; its markers only
            # when a later claim asks (:class:`_Unread`).
            if need & _MARKERS:
                unread = _Unread(
                    (text[start:end], norm[start:end], vocab, ex.body, ex.index, need, live)
                )
                seg.unread.append(unread)
                line.unread.append(unread)
                seg_used = line_used = True
            if need & _YEARS:  # the year pattern's item is live (the index's bits say so)
                years = _years(_blank_titles(norm[start:end]), vocab)
                if years:
                    line.year = years[-1]
                    line_used = True
        else:
            sentence = text[start:end]
            prep = _prepare(sentence, norm[start:end], vocab, ex.body, ex.index, need, live)
            found = ex.sentence_claims(prep, source, seg, line, need)
            claims.extend(found)
            _update_line(line, prep, vocab, found, ex.index)
            if prep.markers:
                last = prep.markers[-1]
                seg.scope = (last.kind, sentence[last.start : last.end])
                seg.unread.clear()
            seg_used = line_used = True
        if seg_used and term not in _PART_TERMINATORS:
            seg = _Segment()
            seg_used = False
        if line_used and "\n" in term:
            line = _Line()
            line_used = False
    return claims


def _link_carried_over(claims: list[Claim]) -> list[Claim]:
    """共收到申请75件，其中上年结转1件: the received count includes the carried-over one, so it is
    marked ``includes_carried_over`` with parts 一 + 二."""
    out = list(claims)
    for j, c in enumerate(out):
        if c.subject != "requests.carried_over":
            continue
        for i in range(j - 1, -1, -1):
            prev = out[i]
            if prev.subject in ("requests.carried_over", "requests.new"):
                continue
            if prev.subject == "requests.received" and _INCLUDES_RE.search(
                normalize(c.sentence[prev.span[1] : c.span[0]])
            ):
                quals = (set(prev.qualifiers) | {"includes_carried_over"}) - {
                    "possibly_includes_carried_over"
                }
                out[i] = replace(
                    prev,
                    qualifiers=tuple(q for q in QUALIFIERS if q in quals),
                    parts=("requests.new", "requests.carried_over"),
                )
            break
    return out


def _update_line(
    line: _Line, prep: _Prepared, vocab: Vocabulary, found: list[Claim], index: _Index
) -> None:
    # No year's literal in the sentence (the index says): no year in any text read from it.
    years = _years(prep.mtext, vocab) if index.year_mention in prep.live else []
    if years:
        line.year = years[-1]
    if prep.markers:
        last = prep.markers[-1]
        line.wider = prep.sentence[last.start : last.end] if last.kind == "wider" else None
        line.unread.clear()


def _years(text: str, vocab: Vocabulary) -> list[int]:
    """The years mentioned in ``text`` (2021年), in order."""
    if not vocab.year_mention_gate.may_match(text):
        return []  # no 19xx/20xx at all: the look-behind pattern need not scan the text
    return [int(m.group(1)) for m in vocab.year_mention.finditer(text)]

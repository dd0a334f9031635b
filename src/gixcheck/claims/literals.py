"""Literal gates: a cheap test that tells when a pattern cannot match a text.

Most of the vocabulary's patterns need some literal text (``代表``, ``政府办``, one of
``全区/全市/…``) wherever they match.  :func:`required_literals` reads that off the parsed
pattern: a tuple of strings of which every match contains at least one.  A text that contains
none of them cannot match, so the (much slower) regex search can be skipped; Python's regex
engine has no such shortcut for patterns that start with a look-behind, an optional group or
a character run, and tries them at every position.

The gate is only ever a *necessary* condition: when in doubt (a construct not understood, a
case-insensitive pattern, a private parser that changed) there is no gate and the pattern is
searched as before, so a gate can make a search skip but never change what it finds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

try:  # the regex parser CPython compiles with (private, so every use is guarded)
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre_parse

__all__ = ["Gate", "gate", "required_literals", "union_gate"]

# Above this many strings a product of alternatives is not worth keeping (nor testing).
_MAX_STRINGS = 48


def _name(op: Any) -> str:
    return str(getattr(op, "name", op))


def _exact(items: Sequence[tuple[Any, Any]]) -> set[str] | None:
    """Every string the sequence can match, when that is a small finite set (zero-width
    assertions count as matching ``""``: the set may be larger than needed, never smaller)."""
    out: set[str] = {""}
    for op, av in items:
        one = _exact_item(_name(op), av)
        if one is None:
            return None
        out = {a + b for a in out for b in one}
        if len(out) > _MAX_STRINGS:
            return None
    return out


def _exact_item(op: str, av: Any) -> set[str] | None:
    if op == "LITERAL":
        return {chr(av)}
    if op == "IN":
        if all(_name(o) == "LITERAL" for o, _ in av):
            return {chr(c) for _, c in av}
        return None
    if op in ("ASSERT", "ASSERT_NOT", "AT"):
        return {""}
    if op == "SUBPATTERN":
        _group, add_flags, del_flags, sub = av
        if add_flags or del_flags:
            return None
        return _exact(list(sub))
    if op == "BRANCH":
        out: set[str] = set()
        for branch in av[1]:
            one = _exact(list(branch))
            if one is None:
                return None
            out |= one
        return out if len(out) <= _MAX_STRINGS else None
    if op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") and av[0] == 0 and av[1] == 1:
        one = _exact(list(av[2]))  # an optional part: x?
        return None if one is None else one | {""}
    return None


def _required(items: Sequence[tuple[Any, Any]]) -> set[str] | None:
    """A set of non-empty strings of which every match of the sequence contains one, or
    ``None`` when none is known.  Of the candidates (runs of exactly-known items, and the
    requirements of mandatory sub-patterns) the most selective is kept."""
    candidates: list[set[str]] = []
    run: list[tuple[Any, Any]] = []

    def close_run() -> None:
        if not run:
            return
        whole = _exact(run)
        if whole is not None and "" not in whole:
            candidates.append(whole)
        else:  # too many combinations: each stretch of items that cannot be left out
            for stretch in _mandatory_stretches(run):
                product = _exact(stretch)
                if product is not None:
                    candidates.append(product)
        run.clear()

    for op, av in items:
        name = _name(op)
        if _exact_item(name, av) is not None:
            run.append((op, av))
            continue
        close_run()
        sub = _required_item(name, av)
        if sub is not None:
            candidates.append(sub)
    close_run()
    if not candidates:
        return None
    return max(candidates, key=lambda c: (min(len(s) for s in c), -len(c)))


def _mandatory_stretches(run: list[tuple[Any, Any]]) -> list[list[tuple[Any, Any]]]:
    """The maximal stretches of items of ``run`` that always match a non-empty string."""
    out: list[list[tuple[Any, Any]]] = [[]]
    for item in run:
        one = _exact([item])
        if one is not None and "" not in one:
            out[-1].append(item)
        elif out[-1]:
            out.append([])
    return [s for s in out if s]


def _required_item(op: str, av: Any) -> set[str] | None:
    if op == "SUBPATTERN":
        _group, add_flags, del_flags, sub = av
        return None if add_flags or del_flags else _required(list(sub))
    if op == "ATOMIC_GROUP":
        return _required(list(av))
    if op == "BRANCH":
        out: set[str] = set()
        for branch in av[1]:
            one = _required(list(branch))
            if one is None:
                return None  # one alternative needs nothing known
            out |= one
        return out
    if op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") and av[0] >= 1:
        return _required(list(av[2]))
    return None  # ANY, NOT_LITERAL, look-arounds, ranges, categories: no literal known


@lru_cache(maxsize=4096)
def _required_of(pattern: str, flags: int) -> tuple[str, ...] | None:
    if flags & re.IGNORECASE:
        return None
    try:
        parsed = _sre_parse.parse(pattern, flags)
        found = _required(list(parsed))
    except Exception:  # a parser of another Python version: no gate, search as before
        return None
    if found is None:
        return None
    # A literal that contains another one adds nothing: the shorter one is in the text too.
    return tuple(sorted(s for s in found if not any(o != s and o in s for o in found)))


def required_literals(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings of which every match of ``pattern`` contains at least one (sorted), or
    ``None`` when nothing is known (then every text may match)."""
    return _required_of(pattern.pattern, pattern.flags)


class Gate:
    """``may_match(text)`` is false only when none of the literals is in ``text``."""

    __slots__ = ("literals", "may_match")

    def __init__(self, literals: tuple[str, ...] | None) -> None:
        self.literals = literals
        if literals is None:
            self.may_match = _always
        elif not literals:
            self.may_match = _never
        elif len(literals) == 1:
            self.may_match = _contains(literals[0])
        else:
            # One search of an alternation of literals: the engine scans for their first
            # characters, which is fast (no literal is tried at every position).
            alternation = "|".join(re.escape(s) for s in sorted(literals, key=len, reverse=True))
            search = re.compile(alternation).search
            self.may_match = lambda text: search(text) is not None

    def __repr__(self) -> str:
        return f"Gate({self.literals!r})"


def _always(text: str) -> bool:
    return True


def _never(text: str) -> bool:
    return False


def _contains(literal: str) -> Any:
    return lambda text: literal in text


def gate(pattern: re.Pattern[str]) -> Gate:
    """The literal gate of one pattern."""
    return Gate(required_literals(pattern))


def union_gate(patterns: Iterable[re.Pattern[str]]) -> Gate:
    """A gate that passes wherever any of ``patterns`` may match."""
    found: set[str] = set()
    for p in patterns:
        lits = required_literals(p)
        if lits is None:
            return Gate(None)
        found.update(lits)
    return Gate(tuple(sorted(found)))  # no patterns: nothing can match


def _trie_pattern(words: Iterable[str]) -> str:
    """A regex matching, at a position, the longest of ``words`` that starts there (the words
    as a trie: one alternative per next character, longer words tried first)."""
    trie: dict[str, Any] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}  # end of a word

    def emit(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


class LiteralIndex:
    """Which of many gated items may match a text, from one scan of the text.

    ``items`` are gates (literal tuples, or ``None`` for "always").  :meth:`live` returns the
    indexes of the items whose gate passes on ``text``, in order: one regex scan finds, at each
    position, the longest literal starting there; every other literal starting there is a
    prefix of it, so the items whose literals are prefixes of a found one are exactly those
    whose gate passes.
    """

    def __init__(self, items: Sequence[tuple[str, ...] | None]) -> None:
        self._always = tuple(i for i, lits in enumerate(items) if lits is None)
        words = sorted({w for lits in items if lits for w in lits})
        self._items_of: dict[str, frozenset[int]] = {
            w: frozenset(
                i for i, lits in enumerate(items) if lits and any(w.startswith(x) for x in lits)
            )
            for w in words
        }
        # No look-ahead: a pattern that starts with one is tried at every position, while
        # this one lets the engine skip, in C, to the literals' first characters.
        self._scan = re.compile(_trie_pattern(words)) if words else None

    def live(self, text: str) -> list[int]:
        found: set[int] = set(self._always)
        if self._scan is not None:
            items_of = self._items_of
            search = self._scan.search
            pos = 0
            while (m := search(text, pos)) is not None:
                found |= items_of[m.group()]
                pos = m.start() + 1  # every position where a literal starts, as before
        return sorted(found)

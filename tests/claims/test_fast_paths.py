"""The extractor's fast paths give what the plain paths give.

* literal gates (``gixcheck.claims.literals``) only skip searches that cannot match;
* the number scanner finds exactly the matches of ``finditer``;
* ``normalize`` skips ``str.translate`` only when nothing would change.
"""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gixcheck import bmp
from gixcheck.claims import numbers
from gixcheck.claims.extract import split_sentences
from gixcheck.claims.literals import (
    Gate,
    LiteralIndex,
    _trie_pattern,
    gate,
    required_literals,
    union_gate,
)
from gixcheck.claims.vocabulary import load_vocabulary

from .real_claims import FIXTURE


def _sentences() -> list[str]:
    out: list[str] = []
    for case in json.loads(FIXTURE.read_text(encoding="utf-8")):
        narrative = case["narrative"]
        texts = [p.get("text", "") for p in narrative.get("preamble") or []]
        for s in narrative.get("sections") or []:
            texts += [p.get("text", "") for p in s.get("paragraphs") or []]
            texts.append(s.get("text") or "")
        for t in texts:
            out += [numbers.normalize(t[a:b]) for a, b, _ in split_sentences(t)]
    return out


SENTENCES = _sentences()


def _vocabulary_patterns() -> list[re.Pattern[str]]:
    v = load_vocabulary()
    pats: list[re.Pattern[str]] = [v.negation, v.zero, v.year_mention, v.year_previous]
    pats += v.statement_prefilter_patterns + list(v.year_multi) + [p for _n, p in v.topics]
    for _kind, patterns in v.scope_markers:
        pats += patterns
    for rule in v.subjects:
        pats += list(rule.before) + list(rule.after)
        pats += [p for p in (rule.requires, rule.before_any) if p is not None]
    return pats


PATTERNS = _vocabulary_patterns()


# --- required literals ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("abc", ("abc",)),
        ("(?<!x)(?:ab|cd)e?", ("ab", "cd")),
        ("(?:a|b)(?:c|d)", ("ac", "ad", "bc", "bd")),
        ("x[^,]{0,5}?yz", ("yz",)),
        ("(?:fo)+bar", ("bar",)),  # the longer literal wins
        ("a(?:b|cd)?e", ("abe", "acde", "ae")),  # every string the pattern can match
        ("[ab]c", ("ac", "bc")),
        ("k(?:st|uv)", ("kst", "kuv")),
        ("ab|abc", ("ab",)),  # abc contains ab: ab suffices
    ],
)
def test_required_literals(pattern: str, expected: tuple[str, ...]) -> None:
    assert required_literals(re.compile(pattern)) == expected


@pytest.mark.parametrize(
    "pattern", [r"\d+", "a?", "(?i)abc", "a|\\d", "[a-z]x?", "(?i:ab)", "[^a]b?", ".*"]
)
def test_no_literals_known(pattern: str) -> None:
    assert required_literals(re.compile(pattern)) is None
    assert gate(re.compile(pattern)).may_match("")


def test_gate_kinds() -> None:
    assert not union_gate([]).may_match("anything")
    g = Gate(("ab", "cd"))
    assert g.may_match("xxcdx") and not g.may_match("acbd")
    assert Gate(("ab",)).may_match("ab") and not Gate(("ab",)).may_match("a b")


def test_gates_are_sound_on_the_real_sentences() -> None:
    """A pattern that matches a sentence (or any tail or head of it) always passes its gate:
    a gate never hides a match."""
    assert len(SENTENCES) > 500
    assert len(PATTERNS) > 100
    for p in PATTERNS:
        g = gate(p)
        for s in SENTENCES:
            for text in (s, s[: len(s) // 2], s[len(s) // 2 :]):
                if p.search(text):
                    assert g.may_match(text), (p.pattern, text)


def test_gates_skip_most_sentences() -> None:
    """The gates are selective (else they would cost without paying)."""
    v = load_vocabulary()
    passed = sum(1 for s in SENTENCES if v.statement_gate.may_match(s))
    assert passed < len(SENTENCES) / 2


_ALPHABET = sorted(
    {ch for p in PATTERNS for lit in (required_literals(p) or ()) for ch in lit}
    | set("0123456789 ,.%")
)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=40))
def test_gates_are_sound_on_generated_text(text: str) -> None:
    for p in PATTERNS:
        if p.search(text):
            assert gate(p).may_match(text), (p.pattern, text)


# --- the number scanner ---------------------------------------------------------------------

# Line breaks, 余/多 and the full-width comma too: the start finder's look-ahead reads them.
_NUMBER_CHARS = (
    list("0123456789.,% \t\n，余多") + list(numbers._CN_CHARS) + list("".join(numbers.UNITS))
)


def _plain(norm: str) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in numbers._num_unit_re().finditer(norm)]


def _scanned(norm: str) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in numbers._num_unit_matches(norm)]


def test_number_scanner_on_the_real_sentences() -> None:
    found = 0
    for s in SENTENCES:
        plain = _plain(s)
        assert _scanned(s) == plain, s
        found += len(plain)
    assert found > 300


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=[*_NUMBER_CHARS, "x", "\u5e74"], max_size=30))
def test_number_scanner_on_generated_text(text: str) -> None:
    assert _scanned(text) == _plain(text)


# --- normalisation --------------------------------------------------------------------------


def test_normalize_shortcut_changes_nothing() -> None:
    table = numbers._translation()
    every = "".join(chr(o) for o in range(0x10000) if not 0xD800 <= o <= 0xDFFF)
    assert numbers.normalize(every) == every.translate(table)
    for o in table:  # each mapped character alone takes the slow path
        assert numbers.normalize("a" + chr(o)) == "a" + table[o]
    for s in SENTENCES[:200]:
        assert numbers.normalize(s) == s.translate(table)


# --- the literal index ----------------------------------------------------------------------


def test_trie_pattern_finds_the_longest_word() -> None:
    pat = re.compile(_trie_pattern(["a", "ab", "abcd", "b", "xy"]))
    assert [pat.match("abcx").group(0), pat.match("abcdx").group(0), pat.match("xy").group(0)] == [
        "ab",
        "abcd",
        "xy",
    ]
    assert pat.match("x") is None


def test_literal_index() -> None:
    index = LiteralIndex([("ab",), ("abcd", "xy"), None, ("b",), ("zz",)])
    assert index.live("xxabcq") == [0, 2, 3]
    assert index.live("abcd") == [0, 1, 2, 3]
    assert index.live("q") == [2]
    assert index.live("zxy") == [1, 2]


def test_literal_index_equals_the_gates_on_the_real_sentences() -> None:
    v = load_vocabulary()
    for unit in sorted({u for r in v.subjects for u in r.units}):
        rules, index = v.before_index(unit)
        gates = [union_gate(r.before) for r in rules]
        for s in SENTENCES:
            for text in (s, s[: len(s) // 3], s[len(s) // 3 :]):
                assert index.live(text) == [i for i, g in enumerate(gates) if g.may_match(text)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789", min_size=1, max_size=70))
def test_plain_digits_shortcut(digits: str) -> None:
    """Plain digits skip the general parser; the general path (with a space, which it drops)
    gives the same value, and over 64 characters both refuse."""
    assert numbers.parse_number(digits) == numbers.parse_number(digits + " ")
    assert str(numbers.parse_number(digits)) == str(numbers.parse_number(digits + " "))


def test_bmp_number_gate_is_the_number_gate_on_bmp_text() -> None:
    # \d spelled out: every character of the Basic Multilingual Plane is a digit to both or
    # to neither (str.isdecimal is the test the regex engine makes for \d).
    every = [chr(o) for o in range(0x10000) if not 0xD800 <= o <= 0xDFFF]
    digit = re.compile(r"\d")
    assert "".join(c for c in every if digit.match(c)) == bmp.bmp_digits()
    for s in SENTENCES:
        plain = [m.span() for m in numbers.number_gate().finditer(s)]
        assert [m.span() for m in numbers.bmp_number_gate().finditer(s)] == plain, s


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=[*_NUMBER_CHARS, "x", "\u0663", "\u0967"], max_size=30))
def test_bmp_number_gate_on_generated_text(text: str) -> None:
    spans = [m.span() for m in numbers.number_gate().finditer(text)]
    assert [m.span() for m in numbers.bmp_number_gate().finditer(text)] == spans


def test_bmp_number_patterns_find_what_the_plain_ones_find() -> None:
    for s in SENTENCES:
        norm = numbers.normalize(s)
        assert _scanned(norm) == _plain(norm), s


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=[*_NUMBER_CHARS, "x", "\u0663", "\u0967", "\U0001d7d9"], max_size=30))
def test_number_scanner_on_generated_text_with_other_digits(text: str) -> None:
    # Arabic-Indic and Devanagari digits are \d to both patterns; an astral digit (𝟙) makes
    # the text non-BMP, read by the plain patterns.
    assert _scanned(text) == _plain(text)


def test_claims_and_numbers_built_without_init_are_the_dataclasses() -> None:
    """The extractor makes claims and number matches without the frozen dataclasses'
    ``__init__``: every field is set, in order, and the objects equal (and hash as) the ones
    ``__init__`` makes."""
    from dataclasses import fields

    from gixcheck.claims import Claim, extract_claims
    from gixcheck.claims.numbers import NumberMatch, find_numbers

    claims = extract_claims([(s, {}) for s in SENTENCES], 2023, None)
    assert claims
    for c in claims:
        assert list(vars(c)) == [f.name for f in fields(Claim)]
        again = Claim(**vars(c))
        assert again == c and hash(again) == hash(c)
    found = [nm for s in SENTENCES for nm in find_numbers(s)]
    assert found
    for nm in found:
        assert list(vars(nm)) == [f.name for f in fields(NumberMatch)]
        again_nm = NumberMatch(**vars(nm))
        assert again_nm == nm and hash(again_nm) == hash(nm)


# --- sentences ------------------------------------------------------------------------------


def _plain_split(text: str) -> list[tuple[int, int, str]]:
    """split_sentences read plainly: each piece between cuts stripped as str.strip strips."""
    from gixcheck.claims.extract import _SPLIT_RE, _TERMINATORS

    out: list[tuple[int, int, str]] = []
    parts = _SPLIT_RE.split(text)
    pos = 0
    for k in range(0, len(parts), 2):
        piece, start = parts[k], pos
        pos += len(piece) + 1
        ch = parts[k + 1] if k + 1 < len(parts) else ""
        lead = len(piece) - len(piece.lstrip())
        if ch and ch in _TERMINATORS:
            out.append((start + lead, start + len(piece) + 1, ch))
        elif piece.strip():
            body = piece.strip()
            out.append((start + lead, start + lead + len(body), "\n" if ch else ""))
        elif ch and out and out[-1][2] not in ("\n", "") and "\n" not in out[-1][2]:
            out[-1] = (out[-1][0], out[-1][1], out[-1][2] + "\n")
    return out


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=list("甲乙 \t\u3000\x0b\x85\u2028。；！？;\n\r"), max_size=40))
def test_split_sentences_is_the_plain_split(text: str) -> None:
    assert split_sentences(text) == _plain_split(text)


# --- the report's body: found without a regex made for it, in an index shared by all bodies

_NAMES = st.text(alphabet="区县市人民政府办公室洪泽淮安□ab", min_size=0, max_size=6)


@given(
    st.lists(_NAMES, min_size=1, max_size=5),
    st.text(alphabet="区县市人民政府办洪泽淮安□ab，。", max_size=60),
)
@settings(max_examples=400, deadline=None)
def test_body_names_are_found_as_the_alternation_finds_them(names: list[str], text: str) -> None:
    from gixcheck.claims.extract import _Body

    alternation = re.compile("|".join(re.escape(n) for n in names))
    want = [(m.start(), m.end(), m.group(0)) for m in alternation.finditer(text)]
    assert _Body("government", tuple(names)).matches(text) == want


@given(
    st.lists(_NAMES.filter(bool), min_size=1, max_size=4),
    st.text(alphabet="区县市人民政府洪泽ab。；\n", max_size=60),
    st.booleans(),
)
@settings(max_examples=300, deadline=None)
def test_index_tells_each_sentence_that_holds_a_name(
    names: list[str], text: str, shuffled: bool
) -> None:
    # The index finds the names' places once a paragraph and looks each sentence up in them;
    # each sentence must still be told exactly when a name stands wholly inside it (as
    # a plain slice search says), also for a split that is not in order.
    from gixcheck.claims.extract import _Body, _index_for

    body = _Body("government", tuple(names))
    split = split_sentences(text)
    if shuffled:
        split = split[::-1]
    index = _index_for(load_vocabulary())
    got = [index.body in live for _need, live in index.read(text, split, body)]
    want = [body.anywhere or any(n in text[s:e] for n in names) for s, e, _t in split]
    assert got == want


def test_one_index_serves_every_body() -> None:
    # It was built per body (~10 ms each): a batch meets a new body in nearly every report.
    from gixcheck.claims.extract import _body_info, _Extractor, extract_claims

    vocab = load_vocabulary()
    a = _Extractor(vocab, 2023, _body_info("淮安市洪泽区人民政府"))
    b = _Extractor(vocab, 2023, _body_info("某某县教育局"))
    assert a.index is b.index
    # and the body's own names still scope a number to the body after a wider one (without
    # them: "unclear" and "wider")
    for text in (
        "全区共收到政府信息公开申请30件。洪泽区人民政府共收到政府信息公开申请12件。",
        "全区共收到政府信息公开申请30件，其中区政府收到政府信息公开申请12件。",
    ):
        claims = extract_claims([(text, {})], 2023, "淮安市洪泽区人民政府")
        assert [(int(c.value), c.scope) for c in claims] == [(30, "wider"), (12, "body")]

"""Numbers as written in the reports, parsed exactly.

Reports write counts and amounts in many ways: ``12``, full-width ``１２``, ``12,138``, ``805.50``,
Chinese numerals (``二十一``, ``一百零五``, ``两千三百``, ``二〇二一``), and mixtures (``1.2万``,
``14万余``).  :func:`parse_number` turns one such string into an exact :class:`~decimal.Decimal`;
:func:`find_numbers` finds number + unit occurrences (``21件``, ``3940 元``, ``20个工作日``,
``51.85%``) in running text, with their spans.

Text is first put through :func:`normalize`, which maps full-width digits and letters, the
Kangxi-radical look-alikes that some PDF fonts produce (``⼀`` for ``一``), and odd spaces to
their plain forms *one character for one character*, so spans found in the normalised text are
spans in the original.  Chinese punctuation (``，；：（）``) is kept as written.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from gixcheck.bmp import bmp_pattern, in_bmp
from gixcheck.claims import _language

__all__ = [
    "UNITS",
    "NumberMatch",
    "bmp_number_gate",
    "find_numbers",
    "normalize",
    "normalize_text",
    "number_gate",
    "parse_chinese_numeral",
    "parse_number",
]

_DATA = _language.numbers()

# Units recognised after a number, longest first (the regex alternation needs that order).
UNITS: tuple[str, ...] = tuple(_DATA["units"])

_CN_DIGITS: dict[str, int] = dict(_DATA["digits"])
_CN_SMALL: dict[str, int] = dict(_DATA["small"])
_CN_BIG: dict[str, int] = dict(_DATA["big"])
_CN_CHARS = "".join(_CN_DIGITS) + "".join(_CN_SMALL) + "".join(_CN_BIG)

# Words after a number that make it approximate ("3万余件", "5500余条", "200余场").
_APPROX_SUFFIX: tuple[str, ...] = tuple(_DATA["approx_suffixes"])
# Plain character → the look-alikes written for it (full-width ％, ideographic space …).
_LOOK_ALIKES: dict[str, str] = dict(_DATA["normalize"])
_THOUSANDS: str = _DATA["thousands"]
_NEGATIVE: str = _DATA["negative"]
_NOT_IN_DIGIT_YEARS: str = _DATA["not_in_digit_years"]
_YUAN: str = _DATA["yuan"]
_WAN: str = _DATA["wan"]
_WAN_YUAN: str = _DATA["wan_yuan"]


def _norm_char(ch: str) -> str:
    o = ord(ch)
    if 0xFF10 <= o <= 0xFF19:  # full-width digits
        return chr(o - 0xFF10 + 0x30)
    if 0xFF21 <= o <= 0xFF3A or 0xFF41 <= o <= 0xFF5A:  # full-width letters
        return chr(o - 0xFEE0)
    for plain, alikes in _LOOK_ALIKES.items():  # ％ → %, ideographic space → space, − → -
        if ch in alikes:
            return plain
    if 0x2E80 <= o <= 0x2FDF or 0xF900 <= o <= 0xFAFF:
        # CJK radicals / Kangxi radicals / compatibility ideographs: PDF fonts emit these
        # for ordinary characters (⼀ for 一, ⾏ for 行).
        n = unicodedata.normalize("NFKC", ch)
        return n if len(n) == 1 else ch
    return ch


@lru_cache(maxsize=1)
def _translation() -> dict[int, str]:
    table: dict[int, str] = {}
    for o in (
        list(range(0xFF10, 0xFF1A)) + list(range(0xFF21, 0xFF3B)) + list(range(0xFF41, 0xFF5B))
    ):
        table[o] = _norm_char(chr(o))
    for ch in "".join(_LOOK_ALIKES.values()):
        table[ord(ch)] = _norm_char(ch)
    for o in list(range(0x2E80, 0x2FE0)) + list(range(0xF900, 0xFB00)):
        n = _norm_char(chr(o))
        if n != chr(o):
            table[o] = n
    return table


@lru_cache(maxsize=1)
def _needs_normalizing() -> re.Pattern[str]:
    """A character class of every character :func:`normalize` changes."""
    codes = sorted(_translation())
    ranges: list[tuple[int, int]] = []
    for o in codes:
        if ranges and ranges[-1][1] == o - 1:
            ranges[-1] = (ranges[-1][0], o)
        else:
            ranges.append((o, o))
    parts = (
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges
    )
    return re.compile("[" + "".join(parts) + "]")


@lru_cache(maxsize=64)
def normalize(text: str) -> str:
    """Map look-alike characters to plain ones, keeping the length (so spans stay valid).

    Memoised: the kinds normalise each claim's sentence, and one long sentence can hold
    thousands of claims (a crawled line without 。), which made checking quadratic.
    """
    return normalize_text(text)


def normalize_text(text: str) -> str:
    """:func:`normalize` without the memo, for text read once (a whole paragraph), which
    would only push the sentences the kinds look up again out of the memo.

    Character for character: ``normalize_text(t)[a:b] == normalize(t[a:b])``.
    """
    # Most text has nothing to map: one scan for such a character is several times cheaper
    # than str.translate with a dict, which looks every character up.
    if _needs_normalizing().search(text) is None:
        return text
    out = text.translate(_translation())
    assert len(out) == len(text)
    return out


def parse_chinese_numeral(text: str) -> int | None:
    """Parse a Chinese numeral (``二十一``, ``一百零五``, ``两千三百``, ``二〇二一``, ``三万``).

    Returns ``None`` when the string is not a well-formed numeral.
    """
    if not text or any(ch not in _CN_CHARS for ch in text):
        return None
    # Digit by digit, as years are written: 二〇二一.
    if len(text) > 1 and all(ch in _CN_DIGITS for ch in text):
        if _NOT_IN_DIGIT_YEARS in text:
            return None
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    total = 0  # completed 亿 / 万 groups
    section = 0  # within the current 万 group
    number: int | None = None  # pending digit
    last_small = 10**9  # magnitude of the last 十/百/千 in this section (must decrease)
    last_big = 10**18
    for ch in text:
        if ch in _CN_DIGITS:
            if number not in (None, 0):
                return None  # two digits in a row: 二三
            number = _CN_DIGITS[ch]
        elif ch in _CN_SMALL:
            mag = _CN_SMALL[ch]
            if mag >= last_small:
                return None
            if number is None:
                if mag != 10:
                    return None  # 百/千 need a digit before them
                number = 1  # 十二 = 一十二
            section += number * mag
            number = None
            last_small = mag
        else:  # 万 / 亿
            mag = _CN_BIG[ch]
            if mag >= last_big and not (mag == 100_000_000 and last_big == 10_000):
                return None
            group = section + (number or 0)
            if group == 0 and total == 0:
                return None
            if mag == 100_000_000:
                total = (total + group) * mag
            else:
                total += group * mag
            section = 0
            number = None
            last_small = 10**9
            last_big = mag
    return total + section + (number or 0)


_ARABIC_RE = re.compile(_DATA["arabic"])
_ARABIC_MULTIPLIED_RE = re.compile(_DATA["arabic_multiplied"])


def parse_number(text: str) -> Decimal | None:
    """Parse one number as written in a report; exact, never raises.

    Accepts Arabic (``12``, ``１２``, ``12,138``, ``805.50``, ``-18``), Chinese numerals
    (``二十一``, ``一百零五``, ``两千三百``, ``〇``), Arabic or Chinese with a 万/亿 multiplier
    (``1.2万``, ``3万余``, ``2.5亿``), and an approximate suffix (余, 多, 左右, 以上), which is
    dropped.  Surrounding spaces are ignored.  Anything else gives ``None``.
    """
    try:
        return _parse_number(text)
    except (InvalidOperation, ValueError, OverflowError, ArithmeticError):  # pragma: no cover
        return None


def _parse_number(text: str) -> Decimal | None:
    if not isinstance(text, str):
        return None
    if text.isascii() and text.isdigit() and len(text) <= 64:
        return Decimal(text)  # plain digits, most numbers: what the general path makes of them
    s = normalize(text).strip().replace(" ", "")
    if not s or len(s) > 64:
        return None
    for suf in _APPROX_SUFFIX:
        if s.endswith(suf) and len(s) > len(suf):
            s = s[: -len(suf)]
            break
    if not s:
        return None
    m = _ARABIC_RE.fullmatch(s)
    if m:
        for sep in _THOUSANDS:
            s = s.replace(sep, "")
        return Decimal(s)
    # Arabic with a multiplier: 1.2万, 3万, 2.5亿, 1.2万亿
    m = _ARABIC_MULTIPLIED_RE.fullmatch(s)
    if m:
        value = Decimal(m.group(1))
        for ch in m.group(2):
            value *= _CN_BIG[ch]
        if value == value.to_integral_value():
            value = value.quantize(Decimal(1))
        return value
    neg = False
    if s[0] in _NEGATIVE:
        neg, s = True, s[1:]
    n = parse_chinese_numeral(s)
    if n is None:
        return None
    return Decimal(-n if neg else n)


@dataclass(frozen=True)
class NumberMatch:
    """A number followed by a unit in running text.

    ``span`` covers the number and the unit (and an approximate suffix between them);
    ``number_span`` only the number.  ``approx`` is true for 余/多 (``3万余件``).
    """

    value: Decimal
    unit: str
    span: tuple[int, int]
    number_span: tuple[int, int]
    text: str
    approx: bool = False


_UNIT_ALT = "|".join(re.escape(u) for u in UNITS)
_APPROX_ALT = "|".join(re.escape(a) for a in _DATA["approx_before_unit"])
_NUM_UNIT_PATTERN = (
    r"(?P<num>"
    r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?!\d)(?:\.\d+)?"
    rf"|(?<![\d.])\d+(?:\.\d+)?(?:\s*[{_DATA['arabic_big']}](?!{re.escape(_YUAN)}))?"
    # A Chinese numeral starts where a run of numeral characters starts: without the
    # look-behind a run with no unit after it is tried from each of its characters, which is
    # quadratic in the run's length (40,000 numerals: 40 s).  A match from inside a run was
    # always dropped (the character before it is a numeral), so nothing else changes.
    rf"|(?<![{_CN_CHARS}])[{_CN_CHARS}]+"
    r")"
    rf"(?P<approx>{_APPROX_ALT})?"
    r"[ \t]*"
    rf"(?P<unit>{_UNIT_ALT})"
    rf"|{re.escape(_DATA['percent_words'])}(?P<pct>[{_CN_CHARS}\d.]+)"
)

# Characters before a number that make it an ordinal or part of a word, not a count.
_BAD_BEFORE = set(_DATA["ordinal_before"])
_BAD_BEFORE_CN = set(_DATA["word_before"])
# Characters after "一件/一条/一次/一个" that make an idiom: 一条龙, 一件事, 一次性, 一个样.
_IDIOM_NUMBERS: tuple[str, ...] = tuple(_DATA["idiom_numbers"])
_BAD_AFTER_IDIOM = set(_DATA["idiom_after"])


@lru_cache(maxsize=1)
def _num_unit_re() -> re.Pattern[str]:
    return re.compile(_NUM_UNIT_PATTERN)


@lru_cache(maxsize=1)
def _bmp_num_unit_re() -> re.Pattern[str]:
    """:func:`_num_unit_re` for text without characters beyond U+FFFF (see
    :func:`bmp_number_gate`): the same matches, each ``\\d`` a table look-up."""
    return re.compile(bmp_pattern(_NUM_UNIT_PATTERN))


@lru_cache(maxsize=1)
def _bmp_start_re() -> re.Pattern[str]:
    """:func:`_start_re` for text without characters beyond U+FFFF."""
    return re.compile(bmp_pattern(_start_re().pattern))


@lru_cache(maxsize=1)
def _start_re() -> re.Pattern[str]:
    """Where a match of the number pattern may start: a necessary condition, searched in C.

    Each alternative of the number pattern, read from its first character on: a digit not
    after a digit or a point, then the rest of an Arabic number (12,138  805.50  1.2万) or a
    numeral not after a numeral, then the rest of the numeral; then the optional approximate
    word, spaces or tabs and a unit.  Or the percent words and a number.  The look-behinds
    come after the first character so that the search still skips, in C, to the digits and
    numerals; and like the number pattern's own look-behinds they let only the start of a
    run be tried, so a long run of numerals is read once (linear).  Asking for the unit ahead
    spares the Python loop of :func:`_num_unit_matches` a failed match at each numeral of
    running text (一是, 进一步).
    """
    cn = re.escape(_CN_CHARS)
    big = re.escape(_DATA["arabic_big"])
    tail = rf"(?:{_APPROX_ALT})?[ \t]*(?:{_UNIT_ALT})"
    pw = _DATA["percent_words"]
    first = re.escape(pw[:1])
    return re.compile(
        # One character class of every first character, then the alternatives, each behind a
        # look-behind at that character: the engine skips to the class in C, where an
        # alternation at the top would be tried at every position of the text.
        rf"[\d{cn}{first}](?:"
        # 12,138件 (the first alternative) / 12件, 805.50元, 1.2万条 (the second)
        rf"(?<=\d)(?<![\d.]\d)(?=\d{{0,2}}(?:,\d{{3}})+(?:\.\d+)?{tail}"
        rf"|\d*(?:\.\d+)?(?:\s*[{big}])?{tail})"
        # 二十一件 (the third)
        rf"|(?<=[{cn}])(?<![{cn}][{cn}])(?=[{cn}]*{tail})"
        # 百分之五十 (the percent words)
        rf"|(?<={first})(?={re.escape(pw[1:])}[{cn}\d.])"
        ")"
    )


@lru_cache(maxsize=1)
def number_gate() -> re.Pattern[str]:
    """Matches somewhere in every stretch of text where :func:`find_numbers` finds anything
    (a cheap necessary condition; its look-behinds only look at the match's own first
    character, so it holds in any larger text too).

    Every match of the number pattern is either the percent words and a number, or a number
    that ends in a digit or a numeral character (万/亿 included), then the optional
    approximate word, spaces or tabs and a unit.  This pattern asks for exactly that last
    character and what follows it; unlike the number scanner it is not tried at each numeral
    of running text (一是, 进一步 …), so it tells cheaply that a sentence has no number.
    """
    return re.compile(_number_gate_pattern())


@lru_cache(maxsize=1)
def bmp_number_gate() -> re.Pattern[str]:
    """:func:`number_gate` for text without characters beyond U+FFFF, several times cheaper
    to search: ``\\d`` (a Unicode category, looked up for every character) spelled out as
    the decimal digits of the Basic Multilingual Plane (:func:`gixcheck.bmp.bmp_pattern`),
    which compile to one table.  On such text it matches exactly where :func:`number_gate`
    matches (the same characters)."""
    return re.compile(bmp_pattern(number_gate().pattern))


def _number_gate_pattern() -> str:
    # One character class first, then the alternatives, each behind a look-behind at that
    # character: the engine skips, in C, to the characters of the class, where an alternation
    # at the top would be tried at every position.  The alternatives are tried in the same
    # order on the same character, so the matches are those of ``[digit]…|percent words``.
    numeral = re.escape(_CN_CHARS + _DATA["arabic_big"])
    pw = _DATA["percent_words"]
    first = re.escape(pw[:1])
    return (
        rf"[\d{numeral}{first}]"
        rf"(?:(?<=[\d{numeral}])(?:{_APPROX_ALT})?[ \t]*(?:{_UNIT_ALT})"
        rf"|(?<={first}){re.escape(pw[1:])})"
    )


def _num_unit_matches(norm: str) -> Iterator[re.Match[str]]:
    """The matches of the number pattern in ``norm``, exactly as ``finditer`` gives them.

    ``finditer`` tries the pattern at every position, and its alternatives all start with
    look-behinds, so the engine cannot skip ahead (about 0.1 µs a character).  A number can
    only start where :func:`_start_re` matches, so the pattern is tried there only: the scan
    for those characters runs in C, and a look-behind still sees the text before the
    position (``match(text, pos)`` is not ``match(text[pos:])``).  No match is empty (the unit
    or the percent number is required), so the next search starts where a match ends, as in
    ``finditer``.
    """
    if in_bmp(norm):
        search, match = _bmp_start_re().search, _bmp_num_unit_re().match
    else:
        search, match = _start_re().search, _num_unit_re().match
    pos = 0
    while (start := search(norm, pos)) is not None:
        i = start.start()
        m = match(norm, i)
        if m is None:
            pos = i + 1
        else:
            yield m
            pos = m.end()


def find_numbers(text: str, *, normalized: bool = False) -> Iterator[NumberMatch]:
    """Yield the number + unit occurrences of ``text`` in order.

    Units are those of :data:`UNITS` (``个工作日`` before ``个``; ``1.2万元`` is 1.2 in 万元, while
    ``3万余元`` is 30000 in 元).  Ordinals (``第一次``), idioms (``一条龙``, ``一件事``,
    ``一次性``) and numbers that do not parse are skipped.  Pass ``normalized=True`` when the text
    has already been through :func:`normalize`.
    """
    norm = text if normalized else normalize(text)
    n = len(norm)
    for m in _num_unit_matches(norm):
        num, approx, unit, pct = m.group("num", "approx", "unit", "pct")
        if pct is not None:
            value = parse_number(pct)
            if value is None:
                continue
            yield _number_match(value, "%", m.span(), m.span("pct"), text[m.start() : m.end()])
            continue
        start, end = m.span()
        nstart, nend = m.span("num")
        before = norm[nstart - 1] if nstart > 0 else ""
        if before in _BAD_BEFORE:
            continue
        if num[0] in _CN_CHARS:
            if before in _CN_CHARS or before in _BAD_BEFORE_CN:
                continue
            after = norm[end] if end < n else ""
            if num in _IDIOM_NUMBERS and after in _BAD_AFTER_IDIOM:
                continue
            if unit == _YUAN and num.endswith(_WAN) and len(num) > 1 and not approx:
                num, unit = num[: -len(_WAN)], _WAN_YUAN
        # plain digits (most numbers): what parse_number makes of them, without its checks
        if num.isascii() and num.isdigit() and len(num) <= 64:
            value = Decimal(num)
        else:
            value = parse_number(num)
            if value is None:
                continue
        yield _number_match(
            value, unit, (start, end), (nstart, nend), text[start:end], bool(approx)
        )


_new = object.__new__


def _number_match(
    value: Decimal,
    unit: str,
    span: tuple[int, int],
    number_span: tuple[int, int],
    text: str,
    approx: bool = False,
) -> NumberMatch:
    """``NumberMatch(value, unit, span, number_span, text, approx)`` without the frozen
    dataclass's ``__init__`` (one ``object.__setattr__`` per field): the same object."""
    nm: NumberMatch = _new(NumberMatch)
    nm.__dict__.update(
        value=value, unit=unit, span=span, number_span=number_span, text=text, approx=approx
    )
    return nm

"""What a document may contain never acts on the reader's screen, terminal or parser.

Everything an output writes that came from outside — file names, titles, bodies, cell text,
quoted sentences, plugin messages — can hold control characters: an ANSI escape that retitles
or clears a terminal, a bidi override that reorders what a reviewer reads, a NUL that makes an
XML file unparseable, a lone surrogate (a file name that was not UTF-8, or ``"\\ud800"`` in a
JSON report) that no UTF-8 writer can encode.  Each format passes its text through one of these
functions; they show the character as an escape (``\\x1b``) instead of dropping it, so nothing
is hidden from the reader either.
"""

from __future__ import annotations

import re

# C0 controls except tab/newline/CR, DEL, C1 controls, the line/paragraph separators, the
# bidi embedding/override/isolate marks, surrogates and the two XML non-characters.
_FORMAT_MARKS = "\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029"
_SPECIALS = "\ud800-\udfff\ufffe\uffff"
# (as a character class's inside, for a caller that adds its own characters)
UNSAFE_CHARS = f"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_FORMAT_MARKS}{_SPECIALS}"
_UNSAFE = re.compile(f"[{UNSAFE_CHARS}]")
# The same and tab/newline/CR: for text that must stay on one line (a terminal or log line).
_UNSAFE_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_FORMAT_MARKS}{_SPECIALS}]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _show(m: re.Match[str]) -> str:
    o = ord(m.group())
    if 0xDC80 <= o <= 0xDCFF:  # a byte of a file name that was not UTF-8 (surrogateescape)
        return f"\\x{o - 0xDC00:02x}"
    if o < 0x100:
        return f"\\x{o:02x}"
    return f"\\u{o:04x}"


def visible(text: object, *, one_line: bool = True) -> str:
    """``text`` with every control character shown as an escape; with ``one_line`` also
    tab, newline and carriage return (a terminal line, a CI log line, a table cell)."""
    s = "" if text is None else str(text)
    return (_UNSAFE_LINE if one_line else _UNSAFE).sub(_show, s)


def json_text(dumped: str) -> str:
    """JSON from ``json.dumps(..., ensure_ascii=False)`` made encodable as UTF-8.

    ``json.dumps`` already escapes control characters; a lone surrogate it writes as is, and
    writing the document would then fail.  It becomes the ``\\udXXX`` escape ``ensure_ascii``
    would have written: the same JSON value, now valid UTF-8.
    """
    try:
        dumped.encode("utf-8")  # a few times quicker than searching for one, in C
    except UnicodeEncodeError:
        return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)
    return dumped

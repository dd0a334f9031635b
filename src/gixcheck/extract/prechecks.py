"""Cheap looks at a document before a parser in C code gets it, for inputs known to hold such a
parser far longer than any report needs (issue 13).

``--timeout`` cannot interrupt C code: in a batch the parent's watchdog kills a worker that runs
past it, but a document checked in the program's own process (``--jobs 1``, a single file)
waits until the parser returns.  These pre-checks refuse, before parsing, the inputs where that
would take minutes, with a reason naming what was found; each costs a linear scan.

* HTML: a tag with thousands of attributes (libxml2's duplicate-attribute check is quadratic:
  40,000 attributes on one tag take about a minute, 250,000 more than fifteen) — at most
  :data:`MAX_ATTRIBUTES` on one tag, and the quadratic cost of all heavy tags together bounded.
* PDF: a Flate stream that inflates to gigabytes (PDFium inflates it whole, in C) — each
  non-image Flate stream is inflated here with a bounded output (zlib's ``max_length``) and
  the file refused when one exceeds :data:`MAX_STREAM_BYTES` or all together
  :data:`MAX_INFLATED_BYTES`.  Images are left alone: reading text never decodes them.
"""

from __future__ import annotations

import re
import zlib

from gixcheck.extract.document import ExtractionError
from gixcheck.messages import text as message

MAX_ATTRIBUTES = 1000
# Tags with more than HEAVY attributes add the square of their count; a page whose sum passes
# MAX_ATTRIBUTE_WORK (about 20 tags of 1,000) would hold the parser for seconds per tag.
HEAVY = 100
MAX_ATTRIBUTE_WORK = 20 * MAX_ATTRIBUTES**2

MB = 1024 * 1024
MAX_STREAM_BYTES = 256 * MB
MAX_INFLATED_BYTES = 1024 * MB
_CHUNK = 4 * MB

# A tag long enough to hold HEAVY attributes (each at least a space and a letter).
_LONG_TAG = re.compile(rf"<[A-Za-z][^<>]{{{2 * HEAVY},}}")
# an attribute's value, quoted or not, with its "=": what is left are the attributes' names
_VALUE = re.compile(r"=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>\"']*)")
_NAME = re.compile(r"[^\s=\"'/>]+")


def html_attributes(page: str, name: str) -> None:
    """Refuse a page with a tag of more than :data:`MAX_ATTRIBUTES` attributes (or too many
    heavy tags); raises :class:`ExtractionError`."""
    work = 0
    for m in _LONG_TAG.finditer(page):
        names = _VALUE.sub(" ", m.group())
        n = sum(1 for _ in _NAME.finditer(names)) - 1  # the tag's own name is not one
        if n <= HEAVY:
            continue
        if n > MAX_ATTRIBUTES:
            raise ExtractionError(
                message("extract.html_too_many_attributes", name=name, n=n, limit=MAX_ATTRIBUTES)
            )
        work += n * n
        if work > MAX_ATTRIBUTE_WORK:
            raise ExtractionError(
                message("extract.html_attribute_work", name=name, limit=MAX_ATTRIBUTES)
            )


_STREAM = re.compile(rb"stream\r?\n")
_DICT_WINDOW = 4096


def pdf_streams(data: bytes, name: str) -> None:
    """Refuse a PDF whose non-image Flate streams inflate past the caps; raises
    :class:`ExtractionError`.  A stream that is not valid Flate (encrypted, damaged) is left
    for the PDF reader to judge."""
    total = 0
    pos = 0
    while True:
        m = _STREAM.search(data, pos)
        if m is None:
            return
        start = m.end()
        pos = start
        if m.start() > 0 and data[m.start() - 1 : m.start()] == b"d":  # "endstream"
            continue
        head = data[max(0, m.start() - _DICT_WINDOW) : m.start()]
        head = head[head.rfind(b"obj") + 1 :]
        if b"/Fl" not in head or b"/Image" in head:
            continue
        size = _inflated_size(data, start, MAX_STREAM_BYTES)
        if size > MAX_STREAM_BYTES:
            raise ExtractionError(
                message("extract.pdf_stream_bomb", name=name, limit=MAX_STREAM_BYTES // MB)
            )
        total += size
        if total > MAX_INFLATED_BYTES:
            raise ExtractionError(
                message("extract.pdf_streams_bomb", name=name, limit=MAX_INFLATED_BYTES // MB)
            )


def _inflated_size(data: bytes, start: int, cap: int) -> int:
    """Bytes the Flate stream at ``start`` inflates to, counting no further than just past
    ``cap`` (zlib's ``max_length`` bounds each step); 0 when it is not valid Flate."""
    d = zlib.decompressobj()
    size = 0
    pos = start
    tail = b""
    try:
        while size <= cap and not d.eof:
            if not tail:
                if pos >= len(data):
                    break
                tail = data[pos : pos + _CHUNK]
                pos += len(tail)
            size += len(d.decompress(tail, _CHUNK))
            tail = d.unconsumed_tail
    except zlib.error:
        return size if size > cap else 0
    return size

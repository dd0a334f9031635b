"""Writing an indented JSON document one array item at a time, byte-identical to ``json.dumps``.

A document is dumped once as a frame with a marker where each streamed array goes; the frame is
cut at the markers, and each array is written item by item with the indentation
``json.dumps(..., indent=2)`` would have given it.  So a streamed document and the same document
dumped whole are the same bytes.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

from gixcheck.model import jsonable, jsonable_default
from gixcheck.output.safe import json_text

INDENT = 2


def dumps(value: Any) -> str:
    return json_text(indented(value))


def indented(value: Any) -> str:
    """``json.dumps(jsonable(value), ensure_ascii=False, indent=2)``, the same text made
    faster: with an indent, ``json`` encodes in Python (a sixth of a batch's time went to it,
    in the process that writes every report); compact it encodes in C, converting a Decimal
    as :func:`jsonable` does when it meets one (no walk of the whole value first), and
    msgspec's formatter indents that text as ``json`` would (property tests hold them equal).
    What either refuses (a lone surrogate: msgspec reads UTF-8 only) is encoded the plain way,
    which says what is wrong as it always did."""
    fmt = _formatter()
    if fmt is not None:
        try:
            compact = json.dumps(
                value, ensure_ascii=False, separators=(",", ":"), default=jsonable_default
            )
            out: str = fmt(compact, indent=INDENT)
            return out
        except Exception:  # told the plain way
            pass
    return json.dumps(jsonable(value), ensure_ascii=False, indent=INDENT)


@functools.cache
def _formatter() -> Callable[..., Any] | None:
    try:
        import msgspec
    except ImportError:  # pragma: no cover - msgspec is a dependency
        return None
    return msgspec.json.format


def marker(name: str) -> str:
    """The placeholder value for the array ``name`` in a frame."""
    return f"\x00gixcheck-stream:{name}\x00"


def cut(frame: Any, names: list[str]) -> tuple[list[str], list[int]]:
    """The dumped ``frame`` cut at the markers of ``names`` (in document order): the pieces
    between them, and the indentation of the line each marker is on."""
    text = dumps(frame)
    pieces, indents = [], []
    for name in names:
        before, text = text.split(json.dumps(marker(name)), 1)
        line = before.rsplit("\n", 1)[-1]
        pieces.append(before)
        indents.append(len(line) - len(line.lstrip(" ")))
    pieces.append(text)
    return pieces, indents


class Array:
    """One JSON array written item by item: ``"["``, then ``item()`` per value, then ``end()``."""

    def __init__(self, indent: int) -> None:
        self.indent = indent
        self.count = 0

    def item(self, value: Any) -> str:
        return self.item_text(dumps(value))

    def item_text(self, dumped: str) -> str:
        """The item whose :func:`dumps` is ``dumped``."""
        pad = "\n" + " " * (self.indent + INDENT)
        out = ("," if self.count else "") + pad + dumped.replace("\n", pad)
        self.count += 1
        return out

    def end(self) -> str:
        return "\n" + " " * self.indent + "]" if self.count else "]"

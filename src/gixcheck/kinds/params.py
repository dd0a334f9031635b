"""Typed rule parameters: each kind declares a dataclass, rule-set data is checked against it.

A kind sets ``Params`` to a dataclass; :func:`parse` turns a rule's ``params`` table into an
instance when the rule set is loaded, so an unknown key, a wrong type, a regular expression
that does not compile or a cell reference naming no cell of the form stops the load with one
line naming the key — instead of failing every report later as GIX003.

Field types understood: ``str``, ``int``, ``float`` (an int is accepted), ``bool``,
``list[T]``, ``dict[str, T]``, ``T | None``, ``Literal[...]``, nested dataclasses,
``re.Pattern[str]`` (compiled here), :class:`~gixcheck.kinds.refs.CellRef` (parsed here),
``pathlib.Path`` and ``Any`` (taken as it is).  A field without a default is required.
``metadata={"doc": …}`` on a field is its one-line documentation (``gixcheck explain`` and
``docs/rule-kinds.md``).
"""

from __future__ import annotations

import dataclasses
import math
import re
import types
from functools import cache
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

from gixcheck.kinds.refs import TABLES, CellRef, RefError, parse_ref

__all__ = ["NoParams", "ParamError", "doc", "docs", "parse"]


@dataclasses.dataclass
class NoParams:
    """A kind with no parameters: any key given is a mistake."""


class ParamError(Exception):
    """A parameter does not fit its kind's declaration; ``key`` is the dotted path to it."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(f"params.{key}: {message}" if key else message)
        self.key = key
        self.message = message


def doc(text: str, default: Any = dataclasses.MISSING, **kw: Any) -> Any:
    """A dataclass field with its documentation: ``x: int = doc("what x is", 3)``."""
    if default is not dataclasses.MISSING and isinstance(default, (list, dict, set)):
        value = default
        return dataclasses.field(default_factory=lambda: type(value)(value), metadata={"doc": text})
    return dataclasses.field(default=default, metadata={"doc": text}, **kw)


def docs(cls: type | None) -> dict[str, str]:
    """``{field: documentation}`` of a ``Params`` dataclass, in declaration order."""
    if cls is None or not dataclasses.is_dataclass(cls):
        return {}
    return {f.name: str(f.metadata.get("doc", "")) for f in dataclasses.fields(cls)}


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def parse(cls: type, raw: Any, *, table: str | None = None, key: str = "") -> Any:
    """``raw`` (a TOML table) as an instance of the dataclass ``cls``; raises ParamError."""
    if not isinstance(raw, dict):
        raise ParamError(key, f"must be a table, not {_kind(raw)}")
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(raw) - set(fields))
    if unknown:
        known = ", ".join(fields) or "none"
        raise ParamError(_join(key, unknown[0]), f"unknown parameter (known: {known})")
    hints = _hints(cls)
    # A ``table`` field names the table cell references in the other fields belong to.
    if "table" in fields:
        chosen = raw.get("table", fields["table"].default)
        if isinstance(chosen, str):
            table = chosen
    values: dict[str, Any] = {}
    for name, f in fields.items():
        path = _join(key, name)
        if name not in raw:
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise ParamError(path, "required parameter is missing")
            continue
        values[name] = _value(hints[name], raw[name], path, table)
    try:
        return cls(**values)
    except ValueError as exc:  # a ``__post_init__`` check across fields (RefError is one)
        raise ParamError(key, str(exc)) from None


def _value(tp: Any, v: Any, path: str, table: str | None) -> Any:
    if tp is Any:
        return v
    if tp == CellRef:
        try:
            return parse_ref(v, table)
        except RefError as exc:
            raise ParamError(path, str(exc)) from None
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        options = get_args(tp)
        if v is None and type(None) in options:
            return None
        for option in options:
            if option is type(None):
                continue
            try:
                return _value(option, v, path, table)
            except ParamError:
                continue
        raise ParamError(path, f"must be {_describe(tp)}, not {_kind(v)} {v!r}")
    if origin is Literal:
        if v not in get_args(tp):
            allowed = ", ".join(repr(a) for a in get_args(tp))
            raise ParamError(path, f"must be one of {allowed}, not {v!r}")
        return v
    if origin is list:
        if not isinstance(v, list):
            raise ParamError(path, f"must be a list, not {_kind(v)}")
        (item,) = get_args(tp) or (Any,)
        return [_value(item, x, f"{path}[{i}]", table) for i, x in enumerate(v)]
    if origin is dict:
        if not isinstance(v, dict):
            raise ParamError(path, f"must be a table, not {_kind(v)}")
        _, item = get_args(tp) or (str, Any)
        # a table keyed by table names (``table_2 = [refs]``) gives each entry its table
        return {
            str(k): _value(item, x, _join(path, str(k)), k if k in TABLES else table)
            for k, x in v.items()
        }
    if tp is re.Pattern or origin is re.Pattern:
        if not isinstance(v, str):
            raise ParamError(path, f"must be a regular expression (a string), not {_kind(v)}")
        try:
            return re.compile(v)
        except re.error as exc:
            raise ParamError(path, f"bad regular expression {v!r}: {exc}") from None
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return parse(tp, v, table=table, key=path)
    if tp is Path:  # a pack's settings: relative to where they were written (see plugin.settings)
        if not isinstance(v, str) or not v:
            raise ParamError(path, f"must be a path (a string), not {_kind(v)} {v!r}")
        return Path(v)
    if tp is bool:
        if not isinstance(v, bool):
            raise ParamError(path, f"must be true or false, not {v!r}")
        return v
    if tp is int:
        if isinstance(v, bool) or not isinstance(v, int):
            raise ParamError(path, f"must be a whole number, not {_kind(v)} {v!r}")
        return v
    if tp is float:
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise ParamError(path, f"must be a number, not {_kind(v)} {v!r}")
        if not math.isfinite(v):  # TOML spells nan and inf; neither is a threshold
            raise ParamError(path, f"must be a finite number, not {v!r}")
        return float(v)
    if tp is str:
        if not isinstance(v, str):
            raise ParamError(path, f"must be a string, not {_kind(v)} {v!r}")
        return v
    raise TypeError(f"unsupported parameter type {tp!r} at {path}")  # a kind's own mistake


def _describe(tp: Any) -> str:
    if tp is type(None):
        return "nothing"
    if tp == CellRef:
        return "a cell reference"
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        return " or ".join(_describe(t) for t in get_args(tp) if t is not type(None))
    if origin is list:
        return "a list"
    if origin is dict or (dataclasses.is_dataclass(tp)):
        return "a table"
    names = {
        str: "a string",
        int: "a whole number",
        float: "a number",
        bool: "true or false",
        Path: "a path",
    }
    return names.get(tp, getattr(tp, "__name__", str(tp)))


def _kind(v: Any) -> str:
    return {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "a table",
    }.get(type(v), type(v).__name__)


def _join(key: str, name: str) -> str:
    return f"{key}.{name}" if key else name

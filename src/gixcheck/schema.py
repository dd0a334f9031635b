"""The canonical report's JSON Schema, compiled once; each violation becomes a GIX002.

Three validators, one schema.  A report parsed from JSON is first converted by msgspec into
typed structures that say what the schema says (:mod:`gixcheck._report_types`, in C: a fraction
of what parsing the JSON costs, and the JSON is not decoded a second time); a report they accept
is valid once its tables' row and column keys match :data:`KEY_PATTERN` (checked here: the same
hundred keys in every report, each told once per process).  Anything else (a report made from
another format, or one the structures refuse — they are never more lenient than the schema,
and sometimes stricter: ``2021.0`` as a year) goes to fastjsonschema (compiled to Python code,
~20× faster than jsonschema), which answers "is it valid?", and only a report it rejects is
walked by jsonschema, which lists every violation with its JSON pointer: the messages are
jsonschema's whichever validator ran first.  The schema uses only keywords both understand in
the same way (properties, additionalProperties, propertyNames, $ref to $defs, anyOf, if/then,
enum, const, pattern, type, minimum/maximum); tests/core/test_schema_validators.py checks that
the two agree.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable
from functools import cache
from typing import Any

from gixcheck.resources import schemas_dir

# The tables' row and column keys (the schema's ``propertyNames``): the typed structures state
# it, and this module checks it (see :func:`_keys_valid`).
KEY_PATTERN = r"^[a-z_][a-z0-9_.]*$"


@cache
def schema() -> dict[str, Any]:
    with (schemas_dir() / "report.schema.json").open(encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


@cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema())


@cache
def _fast() -> Any:
    import fastjsonschema

    # fastjsonschema does not know the 2020-12 meta-schema URI; draft-07 semantics are the same
    # for every keyword this schema uses.
    draft7 = {**schema(), "$schema": "http://json-schema.org/draft-07/schema#"}
    return fastjsonschema.compile(draft7)


def is_valid_fast(report: Any) -> bool:
    try:
        _fast()(report)
    except Exception:  # JsonSchemaException, or anything odd: let the full validator decide
        return False
    return True


@cache
def _typed() -> tuple[Any, Any] | None:
    """msgspec's decoder of JSON bytes into the report's typed structures and its converter of
    a parsed report into them, or None without msgspec."""
    try:
        import msgspec
    except ImportError:  # pragma: no cover - msgspec is a dependency; without it, slower
        return None
    from gixcheck._report_types import Report

    return msgspec.json.Decoder(Report), functools.partial(msgspec.convert, type=Report)


def is_valid_json(data: bytes) -> bool:
    """True when the JSON ``data`` is certainly a valid report (False: it may still be one)."""
    typed = _typed()
    if typed is None:
        return False
    try:
        decoded = typed[0].decode(data)
    except Exception:  # msgspec.ValidationError / DecodeError: let the validators decide
        return False
    tables = decoded.tables
    # UNSET (an absent table or rows) is false, as an empty table is: no keys to check
    return _keys_valid(
        t.rows for t in (tables.table_2, tables.table_3, tables.table_4) if t and t.rows
    )


def is_valid_decoded(report: Any) -> bool:
    """True when ``report``, a report as parsed from JSON (dicts, lists, texts, integers,
    booleans, null; numbers with a fraction as Decimal or float), is certainly valid (False:
    it may still be one)."""
    typed = _typed()
    if typed is None:
        return False
    try:
        typed[1](report)
    except Exception:  # msgspec.ValidationError: let the validators decide
        return False
    # converted: the tables are dicts of table dicts, their rows dicts of row dicts
    return _keys_valid(t["rows"] for t in report["tables"].values() if t.get("rows"))


_KEY = re.compile(KEY_PATTERN)
# Row and column keys seen to match: a report has a few hundred, all from the form's hundred,
# so a table is told with set comparisons (in C) instead of a regular expression per key.
# Bounded: reports made of ever-new keys cannot grow it past this.
_GOOD_KEYS: set[str] = set()
_MAX_GOOD_KEYS = 4096


def _keys_valid(tables: Iterable[dict[str, dict[str, Any]]]) -> bool:
    """Whether every row key and column key of these tables' rows matches the key pattern
    (``re.search``, as msgspec and jsonschema apply a ``pattern``)."""
    good = _GOOD_KEYS
    for rows in tables:
        if rows.keys() <= good and all(row.keys() <= good for row in rows.values()):
            continue
        for key in (*rows, *(k for row in rows.values() for k in row)):
            if key in good:
                continue
            if _KEY.search(key) is None:
                return False
            if len(good) < _MAX_GOOD_KEYS:
                good.add(key)
    return True


def violations(report: Any, data: bytes | None = None) -> list[tuple[str, str]]:
    """(JSON pointer, message) for every schema violation, in a stable order.  ``data``: the
    JSON bytes ``report`` was parsed from, when it was: its values are then JSON's, which the
    typed structures check much faster (the bytes themselves are not read again)."""
    if data is not None and is_valid_decoded(report):
        return []
    if is_valid_fast(report):
        return []
    out = []
    for err in _validator().iter_errors(report):
        pointer = "".join(
            "/" + str(p).replace("~", "~0").replace("/", "~1") for p in err.absolute_path
        )
        out.append((pointer, _message(err)))
    return sorted(set(out))


def _message(err: Any) -> str:
    if err.validator == "additionalProperties":
        return str(err.message)
    if err.validator in ("anyOf", "oneOf") and err.context:
        best = min(err.context, key=lambda e: (len(e.absolute_path), e.message))
        return f"{best.message}"
    return str(err.message)

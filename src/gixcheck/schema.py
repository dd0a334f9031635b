"""The canonical report's JSON Schema, compiled once; each violation becomes a GIX002.

Three validators, one schema.  A canonical JSON file's bytes are first decoded by msgspec into
typed structures that say what the schema says (:mod:`gixcheck._report_types`, in C: about as
fast as parsing the JSON); a file they accept is valid.  Anything else (a report dict, or bytes
the structures refuse — they are never more lenient than the schema, and sometimes stricter:
``2021.0`` as a year) goes to fastjsonschema (compiled to Python code, ~20× faster than
jsonschema), which answers "is it valid?", and only a report it rejects is walked by
jsonschema, which lists every violation with its JSON pointer: the messages are jsonschema's
whichever validator ran first.  The schema uses only keywords both understand in
the same way (properties, additionalProperties, propertyNames, $ref to $defs, anyOf, if/then,
enum, const, pattern, type, minimum/maximum); tests/core/test_schema_validators.py checks that
the two agree.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from gixcheck.resources import schemas_dir


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
def _typed() -> Any:
    """msgspec's decoder for the report's typed structures, or None without msgspec."""
    try:
        import msgspec
    except ImportError:  # pragma: no cover - msgspec is a dependency; without it, slower
        return None
    from gixcheck._report_types import Report

    return msgspec.json.Decoder(Report)


def is_valid_json(data: bytes) -> bool:
    """True when the JSON ``data`` is certainly a valid report (False: it may still be one)."""
    decoder = _typed()
    if decoder is None:
        return False
    try:
        decoder.decode(data)
    except Exception:  # msgspec.ValidationError / DecodeError: let the validators decide
        return False
    return True


def violations(report: Any, data: bytes | None = None) -> list[tuple[str, str]]:
    """(JSON pointer, message) for every schema violation, in a stable order.  ``data``: the
    JSON bytes ``report`` was parsed from, when it was (checked much faster)."""
    if data is not None and is_valid_json(data):
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

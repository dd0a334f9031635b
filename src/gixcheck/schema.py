"""The canonical report's JSON Schema, compiled once; each violation becomes a GIX002.

Two validators, one schema: fastjsonschema (compiled to Python code, ~20× faster) answers
"is it valid?" for the common case, and only a report it rejects is walked by jsonschema, which
lists every violation with its JSON pointer.  The schema uses only keywords both understand in
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


def violations(report: Any) -> list[tuple[str, str]]:
    """(JSON pointer, message) for every schema violation, in a stable order."""
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

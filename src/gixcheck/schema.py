"""The canonical report's JSON Schema, compiled once; each violation becomes a GIX002."""

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


def violations(report: Any) -> list[tuple[str, str]]:
    """(JSON pointer, message) for every schema violation, in a stable order."""
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

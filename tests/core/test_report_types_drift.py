"""The msgspec structures in ``gixcheck._report_types`` say what ``schemas/report.schema.json`` says.

The structures are a second, hand-written statement of the schema (they validate canonical JSON
bytes fast; jsonschema explains failures).  ``test_schema_validators.py`` checks that the two
agree on mutated reports; this test compares their *shapes* so that a property, a required key,
an enum value, a pattern or a bound added to one and not the other fails here, naming the path,
even when no mutation happens to reach it.

Both are reduced to the same facts: per object path its property names, required keys and
whether unknown keys are refused; per value path its JSON types, enum values, pattern and bounds.
``msgspec.json.schema`` gives the structures as a JSON Schema, so one reducer reads both.
Conditional sub-schemas (``anyOf`` alternatives that are constraints, not shapes, such as "kind
number carries a value") are left to the mutation test.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

msgspec = pytest.importorskip("msgspec")

SCHEMA = Path(__file__).parents[2] / "schemas" / "report.schema.json"

_JSON_TYPE = {str: "string", bool: "boolean", int: "integer", float: "number", type(None): "null"}


def _resolve(node: Mapping[str, Any], root: Mapping[str, Any]) -> Mapping[str, Any]:
    while "$ref" in node:
        ref = node["$ref"]
        assert ref.startswith("#/"), ref
        target: Any = root
        for part in ref[2:].split("/"):
            target = target[part]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def _is_shape(node: Mapping[str, Any], root: Mapping[str, Any]) -> bool:
    """An alternative that states a value of its own (not a constraint on the enclosing one)."""
    node = _resolve(node, root)
    return any(k in node for k in ("type", "enum", "const", "anyOf", "oneOf"))


def _alternatives(node: Mapping[str, Any], root: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    node = _resolve(node, root)
    alts = [a for key in ("anyOf", "oneOf") for a in node.get(key, []) if _is_shape(a, root)]
    own = {k: v for k, v in node.items() if k not in ("anyOf", "oneOf")}
    if alts and not any(k in own for k in ("type", "enum", "const", "properties")):
        for alt in alts:
            yield from _alternatives(alt, root)
    else:
        yield own


def _facts(node: Mapping[str, Any], root: Mapping[str, Any], path: str, out: set[str]) -> None:
    alts = list(_alternatives(node, root))
    types: set[str] = set()
    enum: set[Any] = set()
    objects = []
    for alt in alts:
        t = alt.get("type")
        if isinstance(t, str):
            types.add(t)
        elif isinstance(t, list):
            types.update(t)
        values = alt.get("enum", [alt["const"]] if "const" in alt else [])
        enum.update(v for v in values if v is not None)  # a null value is in the types
        if not t:
            types.update(_JSON_TYPE[type(v)] for v in values)
        for key in ("pattern", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            if key in alt:
                out.add(f"{path}: {key} {alt[key]!r}")
        if "object" in (t if isinstance(t, list) else [t]):
            objects.append(alt)
    out.add(f"{path}: types {sorted(types)}")
    if enum:
        out.add(f"{path}: enum {sorted(map(str, enum))}")
    if not objects:
        for alt in alts:
            if "items" in alt:
                _facts(alt["items"], root, f"{path}[]", out)
        return
    props: dict[str, list[Mapping[str, Any]]] = {}
    required: set[str] | None = None
    for obj in objects:
        for name, sub in obj.get("properties", {}).items():
            props.setdefault(name, []).append(sub)
        req = set(obj.get("required", []))
        required = req if required is None else required & req
        extra = obj.get("additionalProperties", True)
        if extra is False:
            out.add(f"{path}: closed")
        elif isinstance(extra, Mapping):
            _facts(extra, root, f"{path}.*", out)
        names = obj.get("propertyNames", {})
        if "pattern" in names:
            out.add(f"{path}: key pattern {names['pattern']!r}")
    out.add(f"{path}: properties {sorted(props)}")
    out.add(f"{path}: required {sorted(required or ())}")
    for name, subs in sorted(props.items()):
        _facts({"anyOf": subs} if len(subs) > 1 else subs[0], root, f"{path}.{name}", out)


def facts(schema: Mapping[str, Any]) -> set[str]:
    out: set[str] = set()
    _facts(schema, schema, "report", out)
    return out


def test_typed_structures_have_the_schema_shape() -> None:
    from gixcheck._report_types import Report

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    typed = msgspec.json.schema(Report)
    want, have = facts(schema), facts(typed)
    assert sorted(want - have) == [] and sorted(have - want) == [], (
        "schemas/report.schema.json and gixcheck/_report_types.py differ: "
        f"only in the schema {sorted(want - have)}; only in the structures {sorted(have - want)}"
    )


def test_a_drift_is_caught() -> None:
    """The comparison is not vacuous: a property the structures lack is named."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    schema["$defs"]["paragraph"]["properties"]["style"] = {"type": "string"}
    base = facts(json.loads(SCHEMA.read_text(encoding="utf-8")))
    drifted = facts(schema)
    assert any("style" in f for f in drifted - base)
    enum_changed = json.loads(SCHEMA.read_text(encoding="utf-8"))
    enum_changed["$defs"]["section"]["properties"]["key"]["enum"].append("annex")
    assert facts(enum_changed) != base

"""``docs/plugin-api.md``: the plugin API's reference, generated from the code.

Regenerate with ``python -m gixcheck.plugin.reference``; a test fails when the file is stale, so
the signatures and return types a pack author reads are the ones mypy checks them against.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from gixcheck import plugin
from gixcheck.model import CellValue, Report
from gixcheck.plugin.kind import Context, RuleKind, Violation
from gixcheck.plugin.pack import Pack

HEADER = """# Plugin API reference

<!-- Generated from the code by `python -m gixcheck.plugin.reference`. Do not edit: a test
     fails when this file and the code disagree. -->

Everything here is importable from `gixcheck.plugin` (and, under its first name,
`gixcheck.plugin_api`). Plugin API {api}, rule-set format {ruleset}. How the pieces fit
together — the lifecycle, settings, versioning — is in [plugins.md](plugins.md); the hooks are in
[hooks.md](hooks.md).
"""


def _doc(obj: Any) -> str:
    """The first paragraph of a docstring, on one line."""
    text = inspect.getdoc(obj) or ""
    return " ".join(text.split("\n\n")[0].split())


def _signature(name: str, fn: Callable[..., Any], drop_self: bool = True) -> str:
    sig = inspect.signature(fn)
    params = list(sig.parameters.values())
    if drop_self and params and params[0].name in ("self", "cls"):
        params = params[1:]
    shown = sig.replace(parameters=params)
    return f"{name}{shown}"


def _members(cls: type) -> Iterator[tuple[str, str, str]]:
    """(signature, return, doc) of each public property and method, in source order."""
    for name, attr in cls.__dict__.items():
        if name.startswith("_"):
            continue
        if isinstance(attr, property) and attr.fget is not None:
            ret = inspect.signature(attr.fget).return_annotation
            yield f"{name}", f"`{ret}` (property)", _doc(attr)
        elif isinstance(attr, staticmethod):
            yield _signature(name, attr.__func__, drop_self=False), "", _doc(attr.__func__)
        elif inspect.isfunction(attr):
            yield _signature(name, attr), "", _doc(attr)


def _class_section(cls: type, title: str, intro: str = "") -> list[str]:
    lines = [f"## `{title}`", "", intro or _doc(cls), ""]
    if dataclasses.is_dataclass(cls) or hasattr(cls, "_fields"):
        fields = (
            [(f.name, f.type) for f in dataclasses.fields(cls)]
            if dataclasses.is_dataclass(cls)
            else list(cls.__annotations__.items())
        )
        lines += ["| field | type |", "|---|---|"]
        lines += [f"| `{n}` | `{t}` |" for n, t in fields]
        lines.append("")
    members = list(_members(cls))
    if members:
        lines += ["| accessor | what |", "|---|---|"]
        for sig, ret, doc in members:
            what = (f"{ret}: {doc}" if ret and doc else ret or doc).replace("|", "\\|")
            lines.append(f"| `{sig}` | {what} |")
        lines.append("")
    return lines


_FUNCTIONS = (
    "resolve_cells",
    "cells_total",
    "parse_ref",
    "parse_refs",
    "rows_under",
    "format_number",
    "report_claims",
    "usable_claim",
    "usable_claims",
    "claim_evidence",
    "cell_evidence",
    "cell_label",
    "escape_pointer",
    "display",
    "fold",
    "normalise",
    "doc",
)


def markdown() -> str:
    lines = [
        HEADER.format(api=plugin.API_VERSION, ruleset=plugin.RULESET_FORMAT),
        *_class_section(Report, "Report", _doc(Report) + " Every accessor returns a value, "
                        "never raises, on a report that validates against the schema."),
        *_class_section(CellValue, "CellValue"),
        *_class_section(Context, "Context", inspect.getdoc(Context) or ""),
        *_class_section(Violation, "Violation"),
        *_class_section(RuleKind, "RuleKind"),
        *_class_section(Pack, "Pack"),
        "## Building blocks",
        "",
        "The functions the built-in kinds use, exported as they are.",
        "",
        "| function | what |",
        "|---|---|",
    ]
    for name in _FUNCTIONS:
        fn = getattr(plugin, name)
        doc = _doc(fn).replace("|", "\\|")
        lines.append(f"| `{_signature(name, fn, drop_self=False)}` | {doc} |")
    lines.append("")
    return "\n".join(lines)


def write(path: str | Path | None = None) -> Path:
    target = Path(path) if path else Path(__file__).resolve().parents[3] / "docs" / "plugin-api.md"
    target.write_text(markdown(), encoding="utf-8")
    return target


if __name__ == "__main__":
    print(write())

"""``docs/plugin-api.md``: the plugin API's reference, generated from the code.

Regenerate with ``python -m gixcheck.plugin.reference``; a test fails when the file is stale, so
the signatures and return types a pack author reads are the ones mypy checks them against.
"""

from __future__ import annotations

import dataclasses
import inspect
import re
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


def _annotation(a: Any) -> str:
    if a is inspect.Parameter.empty:
        return ""
    if isinstance(a, str):
        return a
    return str(getattr(a, "__forward_arg__", None) or getattr(a, "__name__", None) or a)


def _signature(name: str, fn: Callable[..., Any], drop_self: bool = True) -> str:
    """``name(a: int, *, b: str = 'x') -> bool`` with the annotations as written."""
    sig = inspect.signature(fn)
    parts: list[str] = []
    star = False
    params = list(sig.parameters.values())
    for p in params[1:] if drop_self else params:
        if p.kind is p.KEYWORD_ONLY and not star:
            parts.append("*")
            star = True
        text = p.name if p.kind is not p.VAR_KEYWORD else f"**{p.name}"
        if p.annotation is not p.empty:
            text += f": {_annotation(p.annotation)}"
        if p.default is not p.empty:
            shown = repr(p.default)
            text += f" = {'...' if ' at 0x' in shown else shown}"  # no address in the docs
        parts.append(text)
        if p.kind is p.POSITIONAL_ONLY:
            parts.append("/")
    ret = _annotation(sig.return_annotation)
    return f"{name}({', '.join(parts)})" + (f" -> {ret}" if ret else "")


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _members(cls: type) -> Iterator[tuple[str, str, str]]:
    """(signature, return, doc) of each public property and method, in source order."""
    fields = {f.name for f in dataclasses.fields(cls)} if dataclasses.is_dataclass(cls) else set()
    for name, attr in cls.__dict__.items():
        if name.startswith("_") or name in fields:
            continue
        if isinstance(attr, property) and attr.fget is not None:
            ret = _annotation(inspect.signature(attr.fget).return_annotation)
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
        lines += [f"| `{n}` | `{_cell(_annotation(t))}` |" for n, t in fields]
        lines.append("")
    members = list(_members(cls))
    if members:
        lines += ["| accessor | what |", "|---|---|"]
        for sig, ret, doc in members:
            what = f"{ret}: {doc}" if ret and doc else ret or doc
            lines.append(f"| `{_cell(sig)}` | {_cell(what)} |")
        lines.append("")
    return lines


def _field_list(cls: type) -> str:
    """A docstring's first paragraph and its ````name``  text`` lines as a list."""
    doc = inspect.getdoc(cls) or ""
    head, _, rest = doc.partition("\n\n")
    items: list[str] = []
    for line in rest.splitlines():
        m = re.match(r"^``(\w+)``\s+(.*)$", line)
        if m:
            items.append(f"- `{m.group(1)}`: {m.group(2).strip()}")
        elif items and line.strip():
            items[-1] += " " + line.strip()
    return " ".join(head.split()) + "\n\n" + "\n".join(items)


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
        *_class_section(Report, "Report"),
        *_class_section(CellValue, "CellValue"),
        *_class_section(Context, "Context", _field_list(Context)),
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
        sig = _signature(name, fn, drop_self=False)
        lines.append(f"| `{_cell(sig)}` | {_cell(_doc(fn))} |")
    lines.append("")
    return "\n".join(lines)


def write(path: str | Path | None = None) -> Path:
    target = Path(path) if path else Path(__file__).resolve().parents[3] / "docs" / "plugin-api.md"
    target.write_text(markdown(), encoding="utf-8")
    return target


if __name__ == "__main__":
    print(write())

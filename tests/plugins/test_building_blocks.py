"""One copy of each building block: the cell-reference resolver, number formatting and the claim
helpers live in the plugin API (or the module it exports) and nowhere else — not in a built-in
kind, not in the example pack.  Copies are how the two resolvers came to disagree about
``result.other.*``."""

from __future__ import annotations

import ast
import re
from decimal import Decimal
from pathlib import Path

import pytest

from gixcheck import plugin
from gixcheck.kinds import refs
from gixcheck.plugin import format_number

ROOT = Path(__file__).resolve().parents[2]
KINDS = sorted((ROOT / "src" / "gixcheck" / "kinds").glob("*.py"))
PACK = sorted((ROOT / "plugins-example" / "src").rglob("*.py"))
HOMES = {
    "refs.py",  # the reference grammar and resolver
    "params.py",  # typed parameters (parses references, no resolving)
}

# What a copy looks like in source: formatting a Decimal by hand, resolving ``row.*`` by hand,
# or a helper named like one of the API's.
COPY_SIGNS = [
    (re.compile(r"\.to_integral_value\(|\.normalize\(\)"), "formats numbers by hand"),
    (re.compile(r"startswith\([^)]*\+\s*[\"']\.[\"']\)"), "resolves row.* by hand"),
]
COPY_NAMES = re.compile(
    r"^_?(fmt|format_number|usable|usable_claims?|claim_evidence|cell_evidence|rows_under|"
    r"resolve_cells|cells_total)$"
)


def _defs(path: Path) -> list[str]:
    tree = ast.parse(path.read_text("utf-8"))
    return [n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef))]


@pytest.mark.parametrize("path", [*KINDS, *PACK], ids=lambda p: p.name)
def test_no_private_copy(path: Path) -> None:
    if path.name in HOMES:
        return
    source = path.read_text("utf-8")
    for sign, what in COPY_SIGNS:
        for line in source.splitlines():
            # a step or a parameter normalised once (FEE005's 0.01) is not a message's number
            if sign.search(line) and "step" not in line:
                raise AssertionError(f"{path.name} {what}: {line.strip()}")
    copies = [d for d in _defs(path) if COPY_NAMES.match(d)]
    assert not copies, f"{path.name} defines its own {copies}"


def test_the_api_exports_the_one_resolver() -> None:
    assert plugin.resolve_cells is refs.cells
    assert plugin.cells_total is refs.total
    assert plugin.parse_ref is refs.parse_ref


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, "?"),
        (12, "12"),
        (Decimal("12.0"), "12"),
        (Decimal("0.50"), "0.5"),
        (Decimal("1E+2"), "100"),
        (2.5, "2.5"),
        (Decimal("-3.10"), "-3.1"),
    ],
)
def test_format_number(value: Decimal | int | float | None, shown: str) -> None:
    assert format_number(value) == shown


def test_plugin_api_reference_is_up_to_date() -> None:
    from gixcheck.plugin import reference

    current = (ROOT / "docs" / "plugin-api.md").read_text("utf-8")
    assert current == reference.markdown(), (
        "docs/plugin-api.md is stale: run python -m gixcheck.plugin.reference"
    )


def test_plugin_api_reference_shows_signatures_and_return_types() -> None:
    text = (ROOT / "docs" / "plugin-api.md").read_text("utf-8")
    assert "| `cell(table: str, row: str, col: str) -> CellValue` |" in text
    assert "| `year` | `int \\| None` (property): " in text
    assert "`settings_for(cls: type[T]) -> T`" in text

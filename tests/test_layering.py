"""The pipeline's layering, enforced (architecture.md): nothing imports the CLI, rule kinds never
reach into extraction or output, the model stays at the bottom."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).parents[1] / "src" / "gixcheck"


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
            out.update(f"{node.module}.{a.name}" for a in node.names)
    return {m for m in out if m.startswith("gixcheck")}


def modules(sub: str = "") -> list[Path]:
    return sorted((SRC / sub).rglob("*.py"))


def test_nothing_imports_the_cli() -> None:
    for path in modules():
        if path.name in ("cli.py", "__main__.py"):
            continue
        assert not any(m.startswith("gixcheck.cli") for m in imports_of(path)), path


def test_kinds_never_import_output_or_extract() -> None:
    for path in modules("kinds"):
        bad = {m for m in imports_of(path) if m.startswith(("gixcheck.output", "gixcheck.extract"))}
        assert not bad, (path, bad)


def test_extract_does_not_reach_the_engine() -> None:
    for path in modules("extract"):
        bad = {
            m
            for m in imports_of(path)
            if m.startswith(
                ("gixcheck.engine", "gixcheck.kinds", "gixcheck.output", "gixcheck.api")
            )
        }
        assert not bad, (path, bad)


def test_output_depends_only_on_results() -> None:
    for path in modules("output"):
        bad = {
            m
            for m in imports_of(path)
            if m.startswith(("gixcheck.engine", "gixcheck.kinds", "gixcheck.extract"))
        }
        assert not bad, (path, bad)


def test_model_is_the_bottom_layer() -> None:
    allowed = ("gixcheck.labels", "gixcheck.form", "gixcheck._toml")
    bad = {m for m in imports_of(SRC / "model.py") if not m.startswith(allowed)}
    assert not bad

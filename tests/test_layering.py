"""The pipeline's layering, enforced (architecture.md): nothing imports the CLI, rule kinds never
reach into extraction or output, the model stays at the bottom."""

from __future__ import annotations

import ast
import re
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


# ----------------------------------------------------------------------------- the plugin API

# The orchestration: what runs a check.  The plugin API is below it, so a pack (and mypy
# checking one) never pulls it in, and the host can import the API without a cycle.
ORCHESTRATION = (
    "gixcheck.api",
    "gixcheck.cli",
    "gixcheck.batch",
    "gixcheck.pool",
    "gixcheck.session",
    "gixcheck.config",
    "gixcheck.plugins",
    "gixcheck.engine",
    "gixcheck.baseline",
    "gixcheck.testing",
    "gixcheck.output",
    "gixcheck.default_plugins",
    "gixcheck.extract.build",
)
PLUGIN_API = ("gixcheck.plugin", "gixcheck.plugin_api", "gixcheck.hookspecs")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def graph() -> dict[str, set[str]]:
    """Module → the gixcheck modules it imports anywhere (inside functions too)."""
    names = {module_name(p): p for p in modules()}
    out: dict[str, set[str]] = {}
    for name, path in names.items():
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                deps.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for a in node.names:
                    # ``from gixcheck import _toml`` imports the module ``gixcheck._toml``;
                    # ``from gixcheck.model import Report`` the module ``gixcheck.model``
                    sub = f"{node.module}.{a.name}"
                    deps.add(sub if sub in names else node.module)
        out[name] = {d for d in deps if d in names and d != name}
    return out


def reach(g: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for dep in g.get(todo.pop(), ()):
            if dep not in seen:
                seen.add(dep)
                todo.append(dep)
    return seen


def test_the_plugin_api_never_reaches_the_orchestration() -> None:
    g = graph()
    api_modules = [m for m in g if m == m.split(".")[0] or m.startswith(PLUGIN_API)]
    assert "gixcheck.plugin.kind" in api_modules  # the test sees the package
    for m in api_modules:
        if m == "gixcheck":
            continue
        bad = sorted(d for d in reach(g, m) if d.startswith(ORCHESTRATION))
        assert not bad, f"{m} reaches {bad}"


def test_no_import_cycle_through_the_plugin_api() -> None:
    g = graph()
    for m in g:
        if m.startswith(PLUGIN_API):
            assert m not in reach(g, m), f"{m} imports itself through others"


def test_built_in_kinds_use_the_plugin_api_building_blocks() -> None:
    """No kind module imports another kind module's helpers: what several kinds share is the
    plugin API's (claims, numbers) or a building block of its own (refs, params, base)."""
    kind_modules = {
        module_name(p)
        for p in modules("kinds")
        if re.search(r"^class \w+\((?:\w+\.)?\w*Kind\):", p.read_text("utf-8"), re.M)
    }
    kind_modules.discard("gixcheck.kinds.base")
    assert "gixcheck.kinds.identity" in kind_modules
    for m, deps in graph().items():
        if m in kind_modules:
            siblings = sorted(deps & kind_modules)
            assert not siblings, f"{m} imports {siblings}"

"""The form's knowledge and every sentence shown to people live in data files, never in code.

Chinese text in a Python string literal is either knowledge of the State Council form (headings,
labels, body kinds, date patterns — they belong in ``gixcheck/form`` data) or a message (it
belongs in a ``gixcheck/messages`` catalogue).  A second copy in code is how the readers and the
rules came to disagree, so this test fails on any CJK string literal in ``src/`` outside the
allow-list below.  Docstrings and comments may quote Chinese: they document, they do not decide.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

SRC = Path(__file__).parents[1] / "src" / "gixcheck"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")

# path relative to src/gixcheck → why it may hold Chinese literals.  Keep this short.
ALLOWED: dict[str, str] = {}


def docstring_nodes(tree: ast.AST) -> set[int]:
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if (
                body
                and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)
            ):
                out.add(id(body[0].value))
    return out


def chinese_literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = docstring_nodes(tree)
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docs
            and CJK.search(node.value)
        ):
            found.append((node.lineno, node.value[:40]))
    return found


def test_no_chinese_string_literals_in_code() -> None:
    offenders = {}
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if rel in ALLOWED:
            continue
        lits = chinese_literals(path)
        if lits:
            offenders[rel] = lits[:3]
    assert not offenders, (
        "Chinese string literals in code: move form knowledge to gixcheck/form data and "
        f"messages to gixcheck/messages catalogues: {offenders}"
    )


def test_allow_list_is_current() -> None:
    # An allowed file that no longer needs it must leave the list, so the list stays honest.
    stale = [rel for rel in ALLOWED if not chinese_literals(SRC / rel)]
    assert not stale, stale


def test_catalogue_keys_named_in_code_exist() -> None:
    from gixcheck.messages import catalogue

    pattern = re.compile(r"""\btext\(\s*["']([a-z_0-9]+)\.([A-Za-z_0-9.]+)["']""")
    missing = []
    for path in sorted(SRC.rglob("*.py")):
        for area, key in pattern.findall(path.read_text(encoding="utf-8")):
            try:
                if key not in catalogue(area):
                    missing.append(f"{path.name}: {area}.{key}")
            except FileNotFoundError:
                missing.append(f"{path.name}: no catalogue {area}.toml")
    assert not missing, missing

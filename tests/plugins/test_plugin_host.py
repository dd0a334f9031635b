"""The plugin host in-process: entry points, all-or-nothing registration, guards, docs."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from gixcheck import plugin_api
from gixcheck.plugin_api import RuleKind, hookimpl
from gixcheck.plugins import HOOK_NAMES, Host, kinds_markdown
from gixcheck.testing import assert_codes, run_rules

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"

GOOD = """
from gixcheck.plugin_api import hookimpl
__version__ = "1.0"

@hookimpl
def gixcheck_rulesets():
    return [("goodset", '[ruleset]\\nname = "goodset"\\nversion = "7"\\nextends = "national"\\n')]
"""


def test_entry_point_plugin_is_loaded(
    gx: SimpleNamespace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gx.fake_dist(tmp_path, "gixcheck-goodpack", "goodpack_mod", GOOD)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delenv("GIXCHECK_DISABLE_PLUGIN_AUTOLOAD", raising=False)
    h = Host()
    info = next(p for p in h.plugins if p.name == "gixcheck-goodpack")
    assert info.version == "1.0" and info.origin == "entry point gixcheck-goodpack"
    assert info.registers == {"rule sets": ["goodset"]}
    assert h.ruleset("goodset").version == "7"
    monkeypatch.setenv("GIXCHECK_DISABLE_PLUGIN_AUTOLOAD", "1")
    off = Host()
    assert "goodset" not in off.ruleset_sources
    assert all(p.origin == "built-in" for p in off.plugins)


class _HalfBroken:
    """Its kinds hook works, its rule sets hook raises: nothing of it may be registered."""

    class Kind(RuleKind):
        name = "test.half"

    @staticmethod
    @hookimpl
    def gixcheck_rule_kinds() -> list[Any]:
        return [_HalfBroken.Kind]

    @staticmethod
    @hookimpl
    def gixcheck_rulesets() -> list[Any]:
        raise OSError("rules file missing")


def test_registration_is_all_or_nothing() -> None:
    h = Host(autoload=False, objects=(("half", _HalfBroken),))
    assert "test.half" not in h.kinds
    (failure,) = h.failures
    assert failure.name == "half"
    assert failure.error == "OSError: rules file missing"
    assert "failed to load: OSError: rules file missing" in failure.line()


class _BadReturn:
    @staticmethod
    @hookimpl
    def gixcheck_rulesets() -> Any:
        return "national.toml"  # a string, not a list


def test_hook_returning_the_wrong_type_is_named() -> None:
    h = Host(autoload=False, objects=(("bad", _BadReturn),))
    assert "gixcheck_rulesets must return a list, not str" in h.failures[0].error


class _Summary:
    @staticmethod
    @hookimpl
    def gixcheck_finish_run(result: Any) -> None:
        raise KeyError("oops")


def test_finish_run_failure_keeps_the_findings() -> None:
    h = Host(autoload=False, objects=(("summary", _Summary),))
    result = SimpleNamespace(extra={}, reports=["kept"])
    h.finish_run(result)
    assert result.reports == ["kept"]
    assert result.extra["plugin_errors"] == [
        "plugin summary ?: gixcheck_finish_run raised KeyError: 'oops'"
    ]


class _Crashy(RuleKind):
    name = "test.crashy-object"

    def check(self, report: Any, rule: Any, ctx: Any) -> Any:
        raise RuntimeError("kaput")


class _CrashyPlugin:
    @staticmethod
    @hookimpl
    def gixcheck_rule_kinds() -> list[Any]:
        return [_Crashy]

    @staticmethod
    @hookimpl
    def gixcheck_rulesets() -> list[Any]:
        return [
            (
                "crashy-object",
                '[ruleset]\nname = "crashy-object"\nextends = "national"\n'
                '[rules.CO001]\nname = "c"\ncategory = "t"\nseverity = "info"\n'
                'kind = "test.crashy-object"\nsummary = { en = "s" }\nmessage = { en = "m" }\n',
            )
        ]


def test_crashing_kind_is_isolated_in_process() -> None:
    result = run_rules(
        {"tables": {"table_3": {"rows": {"received_new": {"total": 1}}}}},
        rules="crashy-object",
        objects=[("crashy-plugin", _CrashyPlugin)],
    )
    assert_codes(result, fires=["GIX003", "ARI001"], not_assessable=["CO001"])
    (crash,) = result.of("GIX003")
    assert crash.plugin == "crashy-plugin"
    assert crash.evidence == {
        "rule": "CO001",
        "plugin": "crashy-plugin",
        "error": "RuntimeError: kaput",
    }


def test_every_hook_is_documented() -> None:
    text = (DOCS / "hooks.md").read_text("utf-8")
    documented = set(re.findall(r"^## `(gixcheck_\w+)", text, flags=re.M))
    assert documented == set(HOOK_NAMES), "docs/hooks.md must have a section per hook"


def test_rule_kinds_doc_is_up_to_date() -> None:
    current = (DOCS / "rule-kinds.md").read_text("utf-8")
    assert current == kinds_markdown(), (
        "docs/rule-kinds.md is stale: run "
        'python -c "import gixcheck.plugins as p; p.write_kinds_doc()"'
    )


def test_example_plugin_imports_only_the_stable_api() -> None:
    src = ROOT / "plugins-example" / "src" / "gixcheck_jiangsu"
    for py in src.glob("*.py"):
        tree = ast.parse(py.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                mods = [node.module]
            elif isinstance(node, ast.Import):
                mods = [a.name for a in node.names]
            else:
                continue
            for m in mods:
                if m.split(".")[0] == "gixcheck":
                    assert m == "gixcheck.plugin", f"{py.name} imports {m}"


def test_plugin_api_exports_exist() -> None:
    for name in plugin_api.__all__:
        assert hasattr(plugin_api, name), name


def test_canonical_json_doc_lists_every_key() -> None:
    from gixcheck.labels import labels

    text = (DOCS / "canonical-json.md").read_text("utf-8")
    for table, part in [
        ("table_2", "rows"),
        ("table_2", "columns"),
        ("table_3", "rows"),
        ("table_3", "columns"),
        ("table_4", "blocks"),
        ("table_4", "columns"),
    ]:
        for lab in labels(table, part):
            assert f"| `{lab.key}` |" in text, f"docs/canonical-json.md lacks {table} {lab.key}"

"""The plugin API and the rule-set format are versioned: a pack or a rule set that needs what
this gixcheck lacks is refused with one line naming it and both versions."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from gixcheck.plugin import API_VERSION, RULESET_FORMAT, Pack, Version, hookimpl
from gixcheck.plugin.version import api_mismatch
from gixcheck.plugins import Host, PluginError
from gixcheck.rulesets import RuleSetError, parse_toml

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "plugins-example" / "src" / "gixcheck_jiangsu"


def _declaring(api: str, name: str = "declared") -> type:
    class Plugin:
        @staticmethod
        @hookimpl
        def gixcheck_pack() -> Pack:
            return Pack(name=name, version="1.2", api=api)

        @staticmethod
        @hookimpl
        def gixcheck_rulesets() -> list[tuple[str, str]]:
            return [(name, f'[ruleset]\nname = "{name}x"\nrequires = ["{name}"]\n')]

    return Plugin


def test_api_version_is_major_minor() -> None:
    assert Version(1, 1) == API_VERSION and str(API_VERSION) == "1.1"
    assert API_VERSION >= (1, 0)


@pytest.mark.parametrize(
    ("spec", "fits"), [(">=1.0,<2", True), (">=1.1", True), ("==1.*", True), (">=1.2", False)]
)
def test_ranges(spec: str, fits: bool) -> None:
    assert (api_mismatch(spec) is None) is fits


def test_a_pack_for_another_api_is_refused_in_one_line_naming_it() -> None:
    h = Host(autoload=False, objects=(("obj", _declaring(">=2.0,<3")),))
    (failure,) = h.failures
    assert failure.line() == (
        "plugin declared 1.2 (object) failed to load: it needs plugin API >=2.0,<3, "
        "this gixcheck has 1.1"
    )
    assert "declared" not in {p.name for p in h.plugins}
    with pytest.raises(PluginError, match=r"unknown rule set 'declaredx'.*it needs plugin API"):
        h.ruleset("declaredx")


def test_a_range_that_is_no_range_is_refused() -> None:
    h = Host(autoload=False, objects=(("obj", _declaring("one point one")),))
    assert "is not a version range such as '>=1.1,<2'" in h.failures[0].error


def test_a_fitting_pack_is_named_as_it_declares() -> None:
    h = Host(autoload=False, objects=(("module_name", _declaring(">=1.1,<2")),))
    assert not h.failures
    info = next(p for p in h.plugins if p.name == "declared")
    assert (info.version, info.api) == ("1.2", ">=1.1,<2")
    assert h.ruleset("declaredx").requires == ["declared"]  # satisfied by the declared name


def test_pack_names_are_plain() -> None:
    with pytest.raises(ValueError, match="must be lower-case"):
        Pack(name="My Pack", api=">=1.1")


def test_cli_refuses_the_future_pack(gx: SimpleNamespace) -> None:
    plugin = gx.FIXTURES / "future_pack.py"
    listing = gx.run("plugins", "--plugin", plugin)
    assert listing.returncode == 1
    assert (
        f"FAILED future 3.0 (--plugin {plugin}): it needs plugin API >=2.0,<3, "
        "this gixcheck has 1.1" in listing.stdout
    )
    proc = gx.run(gx.SEED, "--plugin", plugin, "--rules", "future")
    assert proc.returncode == 2
    assert proc.stdout == ""
    errors = [line for line in proc.stderr.splitlines() if line.startswith("gixcheck: error")]
    assert len(errors) == 1
    assert "future 3.0" in errors[0] and "it needs plugin API >=2.0,<3" in errors[0]


def test_plugin_given_as_a_package_is_named_as_it_declares(
    gx: SimpleNamespace, tmp_path: Path
) -> None:
    # the example pack loaded from its source folder, not installed: named "jiangsu" (not
    # "__init__"), so its rule set's requires = ["jiangsu"] is satisfied
    env = {"GIXCHECK_DISABLE_PLUGIN_AUTOLOAD": "1"}
    for spec in (EXAMPLE / "__init__.py", EXAMPLE):
        listing = gx.run("plugins", "--plugin", spec, env=env)
        assert listing.returncode == 0, listing.stdout
        assert f"jiangsu 0.2.0 (--plugin {spec})" in listing.stdout
        assert "api: >=1.1,<2" in listing.stdout
        proc = gx.run(gx.SEED, "--plugin", spec, "--rules", "jiangsu", "--format", "json", env=env)
        assert proc.returncode == 1, proc.stderr
        assert "JS002" in gx.codes(gx.findings(proc)[0])
    # a package that declares nothing is named after its folder
    plain = tmp_path / "plainpack"
    shutil.copytree(gx.FIXTURES, plain)
    (plain / "__init__.py").write_text("from plainpack.crashy import *  # noqa\n", "utf-8")
    listing = gx.run("plugins", "--plugin", plain / "__init__.py", env=env)
    assert "plainpack ? (--plugin" in listing.stdout, listing.stdout


def test_rule_set_format() -> None:
    assert RULESET_FORMAT == 1
    assert parse_toml('[ruleset]\nname = "a"\nformat = 1\n', "a.toml").name == "a"
    with pytest.raises(RuleSetError) as exc:
        parse_toml('[ruleset]\nname = "a"\nformat = 2\nnew_key = 1\n[new_table]\n', "a.toml")
    assert str(exc.value) == (
        "a.toml: rule set 'a' is in rule-set format 2; this gixcheck reads format 1 "
        "(upgrade gixcheck)"
    )
    with pytest.raises(RuleSetError, match="format must be a whole number"):
        parse_toml('[ruleset]\nname = "a"\nformat = "1"\n', "a.toml")


def test_api_1_0_read_report_reads_with_the_running_rule_reader(tmp_path: Path) -> None:
    """A pack written for API 1.0 calls plugin_api.read_report(path) in its check: it keeps
    working, with the run's reader; outside a check it says why it cannot read."""
    import json

    from gixcheck import plugin_api
    from gixcheck.testing import minimal_report, run_rules

    other = tmp_path / "other.json"
    other.write_text(json.dumps(minimal_report(2020), ensure_ascii=False), "utf-8")

    class OldKind(plugin_api.RuleKind):
        name = "old.reads"

        def check(self, report: Any, rule: Any, ctx: Any) -> Any:
            year = plugin_api.read_report(other).year
            yield plugin_api.Violation(pointer="", label="x", vars={"year": year})

    class OldPack:
        @staticmethod
        @hookimpl
        def gixcheck_rule_kinds() -> list[Any]:
            return [OldKind]

        @staticmethod
        @hookimpl
        def gixcheck_rulesets() -> list[tuple[str, str]]:
            return [
                (
                    "old",
                    '[ruleset]\nname = "old"\n[rules.OLD001]\nname = "r"\ncategory = "c"\n'
                    'severity = "info"\nkind = "old.reads"\nsummary = { en = "s" }\n'
                    'message = { en = "{year}" }\n',
                )
            ]

    result = run_rules({}, rules="old", objects=[("old", OldPack)])
    assert [f.message_en for f in result.findings] == ["2020"]
    with pytest.raises(plugin_api.UnreadableReport, match="no run is reading reports"):
        plugin_api.read_report(other)

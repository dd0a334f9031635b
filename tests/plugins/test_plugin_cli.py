"""Plugin failures end to end: each has its documented message and exit code, and no other
rule is lost (docs/plugins.md, "When a plugin fails")."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

from gixcheck.testing import minimal_report


def _national(gx: SimpleNamespace) -> list[str]:
    proc = gx.run(gx.SEED, "--format", "json", "--fail-on", "never")
    assert proc.returncode == 0, proc.stderr
    return gx.codes(gx.findings(proc)[0])


def test_example_pack_is_listed_with_version_and_origin(gx: SimpleNamespace) -> None:
    proc = gx.run("rulesets")
    assert proc.returncode == 0, proc.stderr
    line = next(x for x in proc.stdout.splitlines() if x.startswith("jiangsu "))
    assert "0.2.0" in line
    assert "entry point gixcheck-jiangsu" in line
    assert "extends national" in line


def test_example_pack_runs_national_and_local_rules_together(gx: SimpleNamespace) -> None:
    proc = gx.run(gx.SEED, "--rules", "jiangsu", "--format", "json")
    assert proc.returncode == 1, proc.stderr  # JS002 is an error on the seed
    found = gx.findings(proc)[0]
    assert {"JS002", "JS003"} <= set(gx.codes(found))
    assert "SEC007" not in gx.codes(found)  # a `practice` rule: not in national, nor the pack
    doc = json.loads(proc.stdout)
    assert {"name": "jiangsu", "version": "0.2.0"} in doc["rulesets"]
    na = {n["rule"] for n in doc["reports"][0]["not_assessable"]}
    assert {"JS001", "JS004"} <= na


def test_national_rule_fires_under_the_pack(gx: SimpleNamespace, tmp_path: Path) -> None:
    broken = minimal_report()
    broken["tables"]["table_3"]["rows"]["received_new"]["total"] = 9
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken, ensure_ascii=False), "utf-8")
    proc = gx.run(path, "--rules", "jiangsu", "--format", "json")
    assert {"ARI001", "JS002"} <= set(gx.codes(gx.findings(proc)[0]))


def test_import_error_is_named_and_the_run_goes_on(gx: SimpleNamespace) -> None:
    national = _national(gx)
    plugin = gx.FIXTURES / "broken_import.py"
    proc = gx.run(gx.SEED, "--plugin", plugin, "--format", "json", "--fail-on", "never")
    assert proc.returncode == 0
    assert (
        "plugin broken_import ? (--plugin " in proc.stderr
        and "failed to load: RuntimeError: this plugin is broken on purpose" in proc.stderr
    )
    assert gx.codes(gx.findings(proc)[0]) == national
    listing = gx.run("plugins", "--plugin", plugin)
    assert listing.returncode == 1
    assert "FAILED broken_import ? (--plugin" in listing.stdout
    assert "jiangsu 0.2.0" in listing.stdout  # the others still loaded


def test_rule_set_needing_a_failed_plugin_stops_with_exit_2(
    gx: SimpleNamespace, tmp_path: Path
) -> None:
    needs = tmp_path / "needs.toml"
    needs.write_text(
        '[ruleset]\nname = "needs"\nextends = "national"\nrequires = ["broken_import"]\n', "utf-8"
    )
    plugin = gx.FIXTURES / "broken_import.py"
    proc = gx.run(gx.SEED, "--plugin", plugin, "--rules", needs)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "rule set 'needs' needs plugin(s) broken_import, which did not load" in proc.stderr
    assert "RuntimeError: this plugin is broken on purpose" in proc.stderr


def test_broken_entry_point_stops_its_rule_set(gx: SimpleNamespace, tmp_path: Path) -> None:
    gx.fake_dist(
        tmp_path,
        "gixcheck-brokenpack",
        "brokenpack_mod",
        'raise ImportError("needs a library that is not installed")\n',
        version="2.3",
    )
    env = {"PYTHONPATH": str(tmp_path)}
    listing = gx.run("plugins", env=env)
    assert listing.returncode == 1
    assert (
        "FAILED gixcheck-brokenpack 2.3 (entry point gixcheck-brokenpack): ImportError: "
        "needs a library that is not installed" in listing.stdout
    )
    needs = tmp_path / "needs.toml"
    needs.write_text(
        '[ruleset]\nname = "n"\nextends = "national"\nrequires = ["gixcheck-brokenpack"]\n',
        "utf-8",
    )
    proc = gx.run(gx.SEED, "--rules", needs, env=env)
    assert proc.returncode == 2
    assert "needs plugin(s) gixcheck-brokenpack, which did not load" in proc.stderr
    assert "2.3" in proc.stderr


def test_pack_whose_plugin_failed_is_exit_2_not_a_quiet_national_run(
    gx: SimpleNamespace, tmp_path: Path
) -> None:
    # shadow the installed example package with one whose import fails
    shadow = tmp_path / "gixcheck_jiangsu"
    shadow.mkdir()
    (shadow / "__init__.py").write_text('raise ImportError("simulated broken install")\n', "utf-8")
    proc = gx.run(gx.SEED, "--rules", "jiangsu", env={"PYTHONPATH": str(tmp_path)})
    assert proc.returncode == 2
    assert "unknown rule set 'jiangsu'" in proc.stderr
    assert "plugin jiangsu 0.2.0 (entry point gixcheck-jiangsu) failed to load" in proc.stderr
    assert "simulated broken install" in proc.stderr


def test_duplicate_kind_name_fails_the_whole_plugin(gx: SimpleNamespace) -> None:
    national = _national(gx)
    plugin = gx.FIXTURES / "dup_kind.py"
    listing = gx.run("plugins", "--plugin", plugin)
    assert listing.returncode == 1
    assert (
        "FAILED dup_kind ? (--plugin" in listing.stdout
        and "ValueError: rule kind 'sum-equals' is already registered by "
        "gixcheck.default_plugins.kinds"
        in listing.stdout
    )
    # all or nothing: its rule set was not registered either
    proc = gx.run(gx.SEED, "--plugin", plugin, "--rules", "dupkind")
    assert proc.returncode == 2
    assert "unknown rule set 'dupkind'" in proc.stderr
    assert "already registered" in proc.stderr
    # and the built-in sum-equals still serves the national rules
    proc = gx.run(gx.SEED, "--plugin", plugin, "--format", "json", "--fail-on", "never")
    assert proc.returncode == 0
    assert gx.codes(gx.findings(proc)[0]) == national


def test_duplicate_rule_code_across_combined_sets_is_exit_2(gx: SimpleNamespace) -> None:
    plugin = gx.FIXTURES / "dup_code.py"
    proc = gx.run(gx.SEED, "--plugin", plugin, "--rules", "national", "--rules", "dupcodes")
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "duplicate rule code ARI001: defined by rule set 'national'" in proc.stderr
    assert "and by rule set 'dupcodes'" in proc.stderr
    # a set that extends another shares its codes; running both is fine
    ok = gx.run(gx.SEED, "--rules", "national", "--rules", "jiangsu", "--format", "json")
    assert ok.returncode == 1, ok.stderr


def test_rule_that_raises_becomes_gix003_and_the_rest_run(
    gx: SimpleNamespace, tmp_path: Path
) -> None:
    other = tmp_path / "other.json"
    other.write_text(json.dumps(minimal_report(), ensure_ascii=False), "utf-8")
    plugin = gx.FIXTURES / "crashy.py"
    proc = gx.run(gx.SEED, other, "--plugin", plugin, "--rules", "crashy", "--format", "json")
    assert proc.returncode == 1, proc.stderr
    seed, clean = gx.findings(proc)
    crash = [f for f in seed if f["rule"] == "GIX003"]
    assert len(crash) == 1
    assert "CR001" in crash[0]["message"] and "crashy" in crash[0]["message"]
    assert "ZeroDivisionError: crashy met its trigger" in crash[0]["message"]
    assert "DDL002" in gx.codes(seed)  # the national rules still ran on that report
    assert gx.codes(clean) == []  # and the kind ran cleanly on the other report
    doc = json.loads(proc.stdout)
    assert "CR001" in {n["rule"] for n in doc["reports"][0]["not_assessable"]}


def test_misspelt_hook_is_a_load_failure(gx: SimpleNamespace) -> None:
    for fixture, wrong, right in (
        ("typo_hook.py", "gixcheck_rulesetz", "gixcheck_rulesets"),
        ("unmarked_typo.py", "gixcheck_rule_kind", "gixcheck_rule_kinds"),
    ):
        listing = gx.run("plugins", "--plugin", gx.FIXTURES / fixture)
        assert listing.returncode == 1
        assert f"NameError: unknown hook {wrong} (did you mean {right}?)" in listing.stdout


def test_autoload_can_be_disabled(gx: SimpleNamespace) -> None:
    proc = gx.run("rulesets", env={"GIXCHECK_DISABLE_PLUGIN_AUTOLOAD": "1"})
    assert proc.returncode == 0
    assert "national" in proc.stdout and "jiangsu" not in proc.stdout
    # --plugin still works without autoload
    proc = gx.run(
        "rulesets",
        "--plugin",
        gx.FIXTURES / "crashy.py",
        env={"GIXCHECK_DISABLE_PLUGIN_AUTOLOAD": "1"},
    )
    assert "crashy" in proc.stdout and "jiangsu" not in proc.stdout


def test_trace_hooks(gx: SimpleNamespace) -> None:
    proc = gx.run("rulesets", env={"GIXCHECK_TRACE_HOOKS": "1"})
    assert proc.returncode == 0
    assert "gixcheck_rulesets" in proc.stderr and "gixcheck_rule_kinds" in proc.stderr
    quiet = gx.run("rulesets")
    assert "gixcheck_rulesets" not in quiet.stderr

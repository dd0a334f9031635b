"""The rules reference in docs/ is generated from the rule sets and kept up to date."""

from __future__ import annotations

from pathlib import Path

from gixcheck.explain import explain
from gixcheck.plugins import Host
from gixcheck.rules_doc import documents
from support import run_cli

DOCS = Path(__file__).parents[2] / "docs"


def test_rules_reference_is_up_to_date() -> None:
    for name, text in documents().items():
        assert (DOCS / name).read_text("utf-8") == text, (
            f'docs/{name} is stale: run python -c "import gixcheck.rules_doc as d; d.write()"'
        )


def test_explain_covers_the_new_rules() -> None:
    new = ["SEC008", "SEC009", "FMT007", "TXT006", "TXT007", "DDL006"]
    new += ["XYR005", "XYR006", "XYR007", "XYR008"]
    h = Host(autoload=False)
    national = h.ruleset("national")
    for code in new:
        rule = national.rules[code]
        assert rule.example and rule.why and rule.fix and rule.basis, code
        shown = explain(rule, h.kinds[rule.kind])
        assert code in shown and rule.example["fail"] in shown and "Parameters:" in shown
    done = run_cli("explain", "XYR008")
    assert done.returncode == 0 and "XYR008" in done.stdout, done.stderr
    done = run_cli("explain", "SEC007", "--rules", "practice")
    assert done.returncode == 0 and "SEC007" in done.stdout, done.stderr

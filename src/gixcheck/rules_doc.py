"""docs/national-rules.md and docs/practice-rules.md, generated from the rule sets' TOML.

Regenerate with ``python -c "import gixcheck.rules_doc as d; d.write()"``; a test fails when a
file is out of date, so the reference cannot drift from the rules that run.
"""

from __future__ import annotations

from pathlib import Path

from gixcheck.rulesets import Rule, RuleSet

FAMILIES = [
    ("GIX", "running the check"),
    ("FMT", "form and layout"),
    ("SEC", "required sections"),
    ("TAB", "tables present and readable"),
    ("ARI", "arithmetic identities"),
    ("TXT", "what the text says against the tables"),
    ("FEE", "fees"),
    ("DDL", "deadlines and dates"),
    ("XYR", "against last year's report and the other reports of a run"),
]


def _scope(rule: Rule) -> str:
    a = rule.applies_to
    parts = []
    if a.year_to is not None:
        parts.append(f"{a.year_from or ''}–{a.year_to}")
    elif a.year_from is not None:
        parts.append(f"{a.year_from}+")
    for name in ("body_kinds", "levels", "layouts"):
        v = getattr(a, name)
        if v is not None:
            parts.append("/".join(v))
    return ", ".join(parts) or "all"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def markdown(rs: RuleSet, own_only: bool = False) -> str:
    lines = [
        f"# The `{rs.name}` rule set",
        "",
        "<!-- Generated from the rule set's TOML by",
        '     `python -c "import gixcheck.rules_doc as d; d.write()"`. Do not edit. -->',
        "",
        _cell(rs.description),
        "",
        "`gixcheck explain CODE` prints each rule's full text (why, how to fix, examples,",
        "parameters); every example is a case run by `tests/kinds/cases/CODE.toml`. *Applies to*",
        "is the rule's `applies_to` (report years, body kinds, levels, layouts); outside it a rule",
        "is listed as not applicable, never as passed.",
        "",
    ]
    rules = [r for r in rs.rules.values() if not own_only or r.origin == rs.origin]
    for prefix, title in FAMILIES:
        mine = sorted((r for r in rules if r.code.startswith(prefix)), key=lambda r: r.code)
        if not mine:
            continue
        lines += [
            f"## {prefix} — {title}",
            "",
            "| code | sev | applies to | rule | basis |",
            "|---|---|---|---|---|",
        ]
        for r in mine:
            state = "" if r.enabled and r.status == "active" else f" ({r.status or 'off'})"
            lines.append(
                f"| {r.code} | {r.severity.value} | {_scope(r)} | "
                f"{_cell(r.text('summary', 'en'))}{state} | {_cell('; '.join(r.basis))} |"
            )
        lines.append("")
    return "\n".join(lines)


def documents() -> dict[str, str]:
    from gixcheck.plugins import Host

    h = Host(autoload=False)
    return {
        "national-rules.md": markdown(h.ruleset("national")),
        "practice-rules.md": markdown(h.ruleset("practice"), own_only=True),
    }


def write(folder: str | Path | None = None) -> None:
    target = Path(folder) if folder else Path(__file__).resolve().parents[2] / "docs"
    for name, text in documents().items():
        (target / name).write_text(text, encoding="utf-8")

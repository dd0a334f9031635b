"""``gixcheck explain CODE``: a rule's full text, generated from its rule-set metadata."""

from __future__ import annotations

from typing import Any

from gixcheck.messages import text
from gixcheck.rulesets import Rule


def explain(rule: Rule, kind: Any = None) -> str:
    lines = [
        f"{rule.code} ({rule.name})",
        f"  {rule.text('summary', 'zh')}",
        f"  {rule.text('summary', 'en')}",
        "",
        f"Severity: {rule.severity.value}    Category: {rule.category}    Kind: {rule.kind}",
    ]
    scope = rule.applies_to.to_raw() if hasattr(rule, "applies_to") else {}
    if scope:
        shown = ", ".join(f"{k} = {v}" for k, v in scope.items())
        lines.append(f"Applies to: {shown} (elsewhere: not applicable)")
    if rule.basis:
        lines.append(f"{_both('basis')}: " + "; ".join(rule.basis))
    for part in ("why", "fix"):
        d = getattr(rule, part)
        if d:
            lines += ["", f"{_both(part)}:"] + [f"  {d[k]}" for k in ("zh", "en") if k in d]
    if rule.example:
        lines.append("")
        lines.append(f"{_both('examples')}:")
        if "fail" in rule.example:
            lines.append(f"  ✗ fails: {rule.example['fail']}")
        if "pass" in rule.example:
            lines.append(f"  ✓ passes: {rule.example['pass']}")
    lines += [
        "",
        f"{_both('message')}:",
        f"  {rule.text('message', 'zh')}",
        f"  {rule.text('message', 'en')}",
    ]
    if rule.params:
        lines += ["", "Parameters:"]
        docs = getattr(kind, "params", {}) if kind is not None else {}
        for k, v in rule.params.items():
            doc = f"  — {docs[k]}" if k in docs else ""
            lines.append(f"  {k} = {v!r}{doc}")
    if rule.origin:
        lines += ["", f"Defined in: {rule.origin}"]
    return "\n".join(lines)


def _both(part: str) -> str:
    """A heading in both languages: ``Why / 为什么``."""
    t = text(f"rules.explain_{part}")
    return f"{t.en} / {t.zh}"

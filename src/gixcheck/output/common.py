"""Helpers the output formats share: rule lookup and where a finding is in the source."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

LEVEL_WORDS = {
    "zh": {"error": "错误", "warning": "警告", "info": "提示"},
    "en": {"error": "error", "warning": "warning", "info": "info"},
}


class Sink:
    """A streamed document: ``start()``, then ``add(report)`` per report, then ``close()``.

    Each returns the text to write next.  ``render_with`` builds the whole document from the
    same parts, so a streamed and a rendered document are byte-identical by construction.
    """

    def __init__(self, result: Any, lang: str) -> None:
        self.result = result
        self.lang = lang
        self.count = 0

    def start(self) -> str:
        return ""

    def add(self, report: Any) -> str:
        self.count += 1
        return self.part(report)

    def part(self, report: Any) -> str:
        raise NotImplementedError

    def close(self) -> str:
        return ""


def render_with(sink_class: type[Sink], result: Any, lang: str) -> str:
    sink = sink_class(result, lang)
    return "".join([sink.start(), *(sink.add(r) for r in result.reports), sink.close()])


def rules_of(result: Any) -> dict[str, Any]:
    """The rules of the run by code (selection applied), in rule-set order."""
    return {r.code: r for r in result.rules}


def line_of(source: dict[str, Any] | None) -> int | None:
    if source and isinstance(source.get("line"), int) and source["line"] > 0:
        line: int = source["line"]
        return line
    return None


def page_of(source: dict[str, Any] | None) -> int | None:
    if source and isinstance(source.get("page"), int) and source["page"] > 0:
        page: int = source["page"]
        return page
    return None


def uri(path: str) -> str:
    """A relative URI reference for a path as given (SARIF and browsers want URIs)."""
    return quote(path.replace("\\", "/"), safe="/:@-._~!$&'()*+,;=")


def help_text(rule: Any, lang: str) -> str:
    """A rule's help generated from its metadata: what, why, basis, fix, examples."""
    other = "en" if lang == "zh" else "zh"
    parts = [rule.text("summary", lang) or rule.text("summary", other)]
    why = rule.text("why", lang)
    if why:
        parts.append(why)
    if rule.basis:
        parts.append(("Basis: " if lang == "en" else "依据：") + "; ".join(rule.basis))
    fix = rule.text("fix", lang)
    if fix:
        parts.append(("Fix: " if lang == "en" else "修改：") + fix)
    ex = rule.example or {}
    if ex.get("fail"):
        parts.append(("Failing example: " if lang == "en" else "不合格示例：") + str(ex["fail"]))
    if ex.get("pass"):
        parts.append(("Passing example: " if lang == "en" else "合格示例：") + str(ex["pass"]))
    parts.append(f"gixcheck explain {rule.code}")
    return "\n\n".join(p for p in parts if p)

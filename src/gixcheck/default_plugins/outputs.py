"""The built-in output formats.  Each module is imported only when its format is used, so
start-up never pays for the XML, HTML and SARIF writers (urllib, ssl and friends)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from gixcheck.plugin_api import OutputFormat, hookimpl


def _render(module: str) -> Callable[[Any, str], str]:
    def render(result: Any, lang: str) -> str:
        out: str = importlib.import_module(f"gixcheck.output.{module}").render(result, lang)
        return out

    return render


def _sink(module: str, cls: str) -> Callable[[Any, str], Any]:
    def sink(result: Any, lang: str) -> Any:
        return getattr(importlib.import_module(f"gixcheck.output.{module}"), cls)(result, lang)

    return sink


@hookimpl
def gixcheck_output_formats() -> list[OutputFormat]:
    return [
        OutputFormat(
            "text",
            _render("text"),
            "for a terminal: findings grouped by severity",
            _sink("text", "TextSink"),
        ),
        OutputFormat(
            "json",
            _render("json_format"),
            "the stable JSON document (schema_version 1)",
            _sink("json_format", "JsonSink"),
        ),
        OutputFormat("sarif", _render("sarif"), "SARIF 2.1.0 for code-scanning tools"),
        OutputFormat(
            "junit", _render("junit"), "JUnit XML: a test suite per report, a case per rule"
        ),
        OutputFormat(
            "github",
            _render("github"),
            "GitHub Actions annotations (workflow commands)",
            _sink("github", "GithubSink"),
        ),
        OutputFormat(
            "csv",
            _render("csv_format"),
            "one row per finding, UTF-8 with BOM for Excel",
            _sink("csv_format", "CsvSink"),
        ),
        OutputFormat("html", _render("html"), "one self-contained page for auditors"),
    ]

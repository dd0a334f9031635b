"""The built-in output formats.  Each module is imported only when its format is used, so
start-up never pays for the XML, HTML and SARIF writers (urllib, ssl and friends).

Every built-in format streams (has a sink) and declares what it needs from the run (``needs``);
the session gives each that and nothing else — no format is special-cased by its name.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from gixcheck.plugin_api import OutputFormat, hookimpl


def _render(module: str, function: str = "render") -> Callable[[Any, str], str]:
    def render(result: Any, lang: str) -> str:
        out: str = getattr(importlib.import_module(f"gixcheck.output.{module}"), function)(
            result, lang
        )
        return out

    return render


def _sink(module: str, cls: str) -> Callable[..., Any]:
    def sink(result: Any, lang: str, **options: Any) -> Any:
        return getattr(importlib.import_module(f"gixcheck.output.{module}"), cls)(
            result, lang, **options
        )

    return sink


def _piece(module: str) -> Callable[[Any, Any, str], Any]:
    def piece(report: Any, run: Any, lang: str) -> Any:
        return importlib.import_module(f"gixcheck.output.{module}").piece(report, run, lang)

    return piece


@hookimpl
def gixcheck_output_formats() -> list[OutputFormat]:
    return [
        OutputFormat(
            "text",
            _render("text"),
            "for people: findings in form order with their severity word",
            _sink("text", "TextSink"),
            needs=frozenset({"terminal"}),
        ),
        OutputFormat(
            "concise",
            _render("concise"),
            "one line per finding (path:line: severity code …) for CI logs",
            _sink("concise", "ConciseSink"),
        ),
        OutputFormat(
            "statistics",
            _render("statistics"),
            "findings and reports affected per rule, most frequent first",
            _sink("statistics", "StatisticsSink"),
        ),
        OutputFormat(
            "json",
            _render("json_format"),
            "the stable JSON document (schema_version 1)",
            _sink("json_format", "JsonSink"),
            piece=_piece("json_format"),
        ),
        OutputFormat(
            "sarif",
            _render("sarif"),
            "SARIF 2.1.0 for code-scanning tools",
            _sink("sarif", "SarifSink"),
            piece=_piece("sarif"),
        ),
        OutputFormat(
            "junit",
            _render("junit"),
            "JUnit XML: a test suite per report, a case per rule",
            _sink("junit", "JunitSink"),
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
        OutputFormat(
            "csv-reports",
            _render("csv_format", "render_reports"),
            "one row per report (with or without findings), UTF-8 with BOM for Excel",
            _sink("csv_format", "CsvReportsSink"),
        ),
        OutputFormat(
            "html",
            _render("html"),
            "one self-contained page for auditors: dashboard, overview, the form's tables",
            _sink("html", "HtmlSink"),
            needs=frozenset({"tables"}),
            piece=_piece("html"),
        ),
    ]

"""The built-in output formats."""

from __future__ import annotations

from gixcheck.output import csv_format, github, html, json_format, junit, sarif, text
from gixcheck.plugin_api import OutputFormat, hookimpl


@hookimpl
def gixcheck_output_formats() -> list[OutputFormat]:
    return [
        OutputFormat(
            "text", text.render, "for a terminal: findings grouped by severity", text.TextSink
        ),
        OutputFormat(
            "json",
            json_format.render,
            "the stable JSON document (schema_version 1)",
            json_format.JsonSink,
        ),
        OutputFormat("sarif", sarif.render, "SARIF 2.1.0 for code-scanning tools"),
        OutputFormat("junit", junit.render, "JUnit XML: a test suite per report, a case per rule"),
        OutputFormat(
            "github",
            github.render,
            "GitHub Actions annotations (workflow commands)",
            github.GithubSink,
        ),
        OutputFormat(
            "csv",
            csv_format.render,
            "one row per finding, UTF-8 with BOM for Excel",
            csv_format.CsvSink,
        ),
        OutputFormat("html", html.render, "one self-contained page for auditors"),
    ]

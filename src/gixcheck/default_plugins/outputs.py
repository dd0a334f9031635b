"""The built-in output formats."""

from __future__ import annotations

from gixcheck.output import json_format, text
from gixcheck.plugin_api import OutputFormat, hookimpl


@hookimpl
def gixcheck_output_formats() -> list[OutputFormat]:
    return [
        OutputFormat("text", text.render, "for a terminal: findings grouped by severity"),
        OutputFormat("json", json_format.render, "the stable JSON document (schema_version 1)"),
    ]

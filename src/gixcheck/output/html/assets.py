"""The page's own stylesheet and script (package data), the form's drawing headings, and the
Content-Security-Policy that lets only those two run."""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from importlib import resources
from typing import Any

from gixcheck._toml import loads as toml_loads


def _read(name: str) -> str:
    return resources.files("gixcheck.output.html").joinpath(name).read_text(encoding="utf-8")


@cache
def css() -> str:
    return _read("page.css")


@cache
def js() -> str:
    return _read("page.js")


@cache
def headings() -> dict[str, Any]:
    """Headings of the printed form that are not row or column labels (form_headings.toml)."""
    data: dict[str, Any] = toml_loads(_read("form_headings.toml"))
    return data


def _sha256(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


@cache
def policy() -> str:
    """Only the page's own style and script may run (named by hash, no 'unsafe-inline'), so
    whatever a report smuggled into the page stays text; and nothing is loaded from anywhere:
    the page works offline, and a report is evidence — opening it must not call out."""
    return (
        f"default-src 'none'; style-src {_sha256(css())}; script-src {_sha256(js())}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )

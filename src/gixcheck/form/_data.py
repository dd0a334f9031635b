"""The form's data files, read once.  Everything in this package is derived from them."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from gixcheck._toml import loads as toml_loads


@cache
def load(name: str) -> dict[str, Any]:
    """``load("tables")`` → the parsed ``tables.toml`` of this package."""
    text = resources.files("gixcheck.form").joinpath(f"{name}.toml").read_text(encoding="utf-8")
    data: dict[str, Any] = toml_loads(text)
    return data

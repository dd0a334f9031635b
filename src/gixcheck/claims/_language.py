"""``language.toml``: the characters and short patterns the claims readers use, read once."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from gixcheck._toml import loads as toml_loads


@cache
def language() -> dict[str, Any]:
    text = resources.files("gixcheck.claims").joinpath("language.toml").read_text("utf-8")
    data: dict[str, Any] = toml_loads(text)
    return data


def numbers() -> dict[str, Any]:
    """The ``[numbers]`` table."""
    table: dict[str, Any] = language()["numbers"]
    return table


def sentences() -> dict[str, Any]:
    """The ``[sentences]`` table."""
    table: dict[str, Any] = language()["sentences"]
    return table

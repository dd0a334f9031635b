"""A pack's own sentences in both languages, kept as data the way gixcheck keeps its own.

    MESSAGES = Catalogue("gixcheck_jiangsu", "messages.toml")
    yield self.not_assessable(rule, MESSAGES.text("no_townships"), pointer="/tables/table_3")

The file is a TOML table per message with ``zh`` and ``en`` strings; ``{name}`` placeholders are
filled from the keyword arguments.  An unknown key is a ``KeyError`` (a bug of the pack).
"""

from __future__ import annotations

from functools import cached_property
from importlib import resources
from typing import Any

from gixcheck._toml import loads as toml_loads
from gixcheck.messages import Text

__all__ = ["Catalogue", "Text"]


class Catalogue:
    """The messages of ``resource`` inside ``package`` (read once, on first use)."""

    def __init__(self, package: str, resource: str = "messages.toml") -> None:
        self.package = package
        self.resource = resource

    @cached_property
    def entries(self) -> dict[str, dict[str, str]]:
        path = resources.files(self.package).joinpath(self.resource)
        data: dict[str, Any] = toml_loads(path.read_text(encoding="utf-8"))
        return data

    def text(self, key: str, /, **values: Any) -> Text:
        entry = self.entries[key]
        return Text(entry["zh"].format_map(values), entry["en"].format_map(values))

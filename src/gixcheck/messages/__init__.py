"""Every sentence gixcheck says to a person, in Chinese and English, kept as data.

Code never spells a Chinese sentence: it names a message by ``"<area>.<key>"`` and the
catalogue ``messages/<area>.toml`` holds both languages.  One file per area (``input``,
``engine``, ``cli``, ``output`` …) keeps each part of the program's wording in one place, so a
translation fix or a new language touches data only.

An entry is a TOML table with ``zh`` and ``en`` strings; ``{name}`` placeholders are filled from
the keyword arguments (``str.format_map``: the catalogue is our own data, format specs allowed).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from gixcheck._toml import loads as toml_loads

__all__ = ["Text", "catalogue", "text"]


@dataclass(frozen=True)
class Text:
    """One message in both languages."""

    zh: str
    en: str

    def __call__(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh

    def __str__(self) -> str:
        return self.en


@cache
def catalogue(area: str) -> dict[str, dict[str, str]]:
    """The entries of ``messages/<area>.toml`` (read once)."""
    path = resources.files("gixcheck.messages").joinpath(f"{area}.toml")
    data: dict[str, Any] = toml_loads(path.read_text(encoding="utf-8"))
    return data


def text(key: str, /, **values: Any) -> Text:
    """The message ``"<area>.<name>"`` with its placeholders filled, in both languages.

    An unknown key is a programming error (``KeyError``); a test checks that every key named in
    the code exists.
    """
    return _filled(key, values) if values else _plain(key)


def _filled(key: str, values: dict[str, Any]) -> Text:
    area, _, name = key.partition(".")
    entry = catalogue(area)[name]
    return Text(entry["zh"].format_map(values), entry["en"].format_map(values))


@cache
def _plain(key: str) -> Text:
    """A message without values, made once: rules say the same few reasons for every report
    (a Text is frozen, so one can be shared)."""
    return _filled(key, {})

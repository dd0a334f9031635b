"""``--format json``: the stable, versioned document of cli-and-output.md."""

from __future__ import annotations

from typing import Any


def render(result: Any, lang: str) -> str:
    text: str = result.to_json(lang)
    return text

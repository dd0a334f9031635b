"""Where the data shipped with gixcheck lives.

In a wheel, ``rules/`` and ``schemas/`` are inside the package; in a source checkout or an
editable install they are at the top of the repository.  Both are looked for, package first.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def _data_dir(name: str) -> Path:
    for candidate in (_PACKAGE / name, _PACKAGE.parent.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"gixcheck data folder {name!r} not found (broken installation?)")


def rules_dir() -> Path:
    return _data_dir("rules")


def schemas_dir() -> Path:
    return _data_dir("schemas")

"""Configuration: ``[tool.gixcheck]`` in ``pyproject.toml`` or a ``gixcheck.toml``.

The file is found by walking up from the working directory; in one folder ``gixcheck.toml``
wins over ``pyproject.toml`` (as ruff's own file wins over pyproject), and a ``pyproject.toml``
without a ``[tool.gixcheck]`` table is skipped.  In ``gixcheck.toml`` the keys may be at the top
level or under ``[tool.gixcheck]``.  Options given on the command line override the file.

Relative paths in the file (baseline, previous, output, rule set and plugin files) are relative
to the file's folder, so a configuration works from any subfolder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gixcheck._toml import TOMLDecodeError
from gixcheck._toml import loads as toml_loads

LEVELS = ("error", "warning", "info")
FAIL_ON = ("error", "warning", "info", "never")
LANGS = ("zh", "en")


class ConfigError(Exception):
    """The configuration cannot be used (exit code 2): the message names the file and key."""


# key → (Settings attribute, kind); the kind says how the value is checked and normalised.
KEYS: dict[str, tuple[str, str]] = {
    "rules": ("rules", "paths-or-names"),
    "select": ("select", "codes"),
    "ignore": ("ignore", "codes"),
    "extend-select": ("extend_select", "codes"),
    "severity": ("severity", "severity"),
    "fail-on": ("fail_on", "fail-on"),
    "lang": ("lang", "lang"),
    "baseline": ("baseline", "path"),
    "previous": ("previous", "previous"),
    "published": ("published", "date"),
    "format": ("format", "strings"),
    "output": ("output", "paths"),
    "jobs": ("jobs", "jobs"),
    "plugins": ("plugins", "paths-or-names"),
    "no-progress": ("no_progress", "bool"),
    "max-size": ("max_size", "positive"),
    "max-pages": ("max_pages", "jobs"),
    "timeout": ("timeout", "positive"),
    "max-memory": ("max_memory", "jobs"),
}


@dataclass
class Settings:
    """The effective settings of a run and, for each, where it came from."""

    rules: list[str] = field(default_factory=lambda: ["national"])
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    fail_on: str = "error"
    lang: str = "zh"
    baseline: str | None = None
    previous: str | dict[str, str] | None = None
    published: str | None = None
    format: list[str] = field(default_factory=lambda: ["text"])
    output: list[str] = field(default_factory=list)
    jobs: int | None = None
    plugins: list[str] = field(default_factory=list)
    no_progress: bool = False
    max_size: float = 20  # MB
    max_pages: int = 200
    timeout: float = 60  # seconds
    max_memory: int = 4096  # MB
    file: str | None = None  # the configuration file used, if any
    sources: dict[str, str] = field(default_factory=dict)  # key → "default" / file / "command line"

    def source(self, key: str) -> str:
        return self.sources.get(key, "default")

    def set(self, key: str, value: Any, origin: str) -> None:
        setattr(self, KEYS[key][0], value)
        self.sources[key] = origin

    def items(self) -> list[tuple[str, Any, str]]:
        return [(k, getattr(self, attr), self.source(k)) for k, (attr, _) in KEYS.items()]


def find(start: str | os.PathLike[str] | None = None) -> tuple[Path, dict[str, Any]] | None:
    """The nearest configuration file at or above ``start`` and its gixcheck table."""
    here = Path(start or os.getcwd()).resolve()
    for folder in (here, *here.parents):
        own = folder / "gixcheck.toml"
        if own.is_file():
            data = _read(own)
            tool = data.get("tool")
            if isinstance(tool, dict) and isinstance(tool.get("gixcheck"), dict):
                rest = {k: v for k, v in data.items() if k != "tool"}
                if rest:
                    raise ConfigError(
                        f"{own}: put settings either at the top level or under [tool.gixcheck], "
                        "not both"
                    )
                return own, tool["gixcheck"]
            return own, data
        py = folder / "pyproject.toml"
        if py.is_file():
            tool = _read(py).get("tool")
            if isinstance(tool, dict) and "gixcheck" in tool:
                table = tool["gixcheck"]
                if not isinstance(table, dict):
                    raise ConfigError(f"{py}: [tool.gixcheck] must be a table")
                return py, table
    return None


def _read(path: Path) -> dict[str, Any]:
    try:
        return toml_loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None


def load(start: str | os.PathLike[str] | None = None) -> Settings:
    """Defaults overlaid with the nearest configuration file (if any)."""
    settings = Settings()
    found = find(start)
    if found is None:
        return settings
    path, table = found
    settings.file = str(path)
    origin = path.name if path.name == "gixcheck.toml" else f"{path.name} [tool.gixcheck]"
    origin = f"{origin} ({path.parent})"
    for key in table:
        if key not in KEYS:
            close = [k for k in KEYS if k.replace("-", "_") == key or k.replace("-", "") == key]
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ConfigError(
                f"{path}: unknown key {key!r} in gixcheck settings{hint}; known keys: "
                + ", ".join(KEYS)
            )
    for key, value in table.items():
        settings.set(key, _value(key, value, path), origin)
    if len(settings.output) > len(settings.format):
        raise ConfigError(f"{path}: 'output' has more entries than 'format'")
    return settings


def _value(key: str, value: Any, path: Path) -> Any:
    kind = KEYS[key][1]
    base = path.parent

    def bad(expected: str) -> ConfigError:
        return ConfigError(f"{path}: key {key!r} must be {expected}, not {value!r}")

    def strings() -> list[str]:
        if isinstance(value, str):
            return [value]
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return list(value)
        raise bad("a string or a list of strings")

    if kind == "codes":
        return [c.strip().upper() for v in strings() for c in v.split(",") if c.strip()]
    if kind == "strings":
        return strings()
    if kind == "paths":
        return [_rel(base, v) for v in strings()]
    if kind == "paths-or-names":
        # a value that looks like a file is relative to the config; a bare name is a registered one
        return [_rel(base, v) if _is_file_like(v) else v for v in strings()]
    if kind == "path":
        if not isinstance(value, str):
            raise bad("a path (string)")
        return _rel(base, value)
    if kind == "severity":
        if not isinstance(value, dict):
            raise bad('a table of CODE = "error" | "warning" | "info"')
        out = {}
        for code, level in value.items():
            if level not in LEVELS:
                raise ConfigError(
                    f"{path}: severity of {code} must be error, warning or info, not {level!r}"
                )
            out[str(code).upper()] = level
        return out
    if kind == "fail-on":
        if value not in FAIL_ON:
            raise bad("error, warning, info or never")
        return value
    if kind == "lang":
        if value not in LANGS:
            raise bad("zh or en")
        return value
    if kind == "jobs":
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise bad("a whole number of at least 1")
        return value
    if kind == "positive":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise bad("a number greater than 0")
        return value
    if kind == "bool":
        if not isinstance(value, bool):
            raise bad("true or false")
        return value
    if kind == "date":
        import re

        if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise bad("a date YYYY-MM-DD (as a string)")
        return value
    if kind == "previous":
        if isinstance(value, str):
            return _rel(base, value)
        if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
            return {_rel(base, k): _rel(base, v) for k, v in value.items()}
        raise bad("a path, or a table of report path = previous-year path")
    raise AssertionError(kind)  # pragma: no cover


def _is_file_like(value: str) -> bool:
    return value.endswith((".toml", ".py")) or "/" in value or os.sep in value


def _rel(base: Path, value: str) -> str:
    p = Path(value).expanduser()
    return str(p if p.is_absolute() else base / p)


def render(settings: Settings) -> str:
    """What ``gixcheck config`` prints: one line a setting, with where it came from."""
    import json

    lines = [f"# configuration file: {settings.file or 'none found'}"]
    width = max(len(k) for k in KEYS)
    for key, value, origin in settings.items():
        shown = json.dumps(value, ensure_ascii=False)
        lines.append(f"{key:<{width}} = {shown}  # {origin}")
    return "\n".join(lines) + "\n"

"""A pack's declaration (:class:`Pack`) and the parsing of its settings.

A pack says who it is from its ``gixcheck_pack`` hook::

    @dataclass
    class Settings:
        townships: Path | None = doc("folder of the townships' reports", None)

    @hookimpl
    def gixcheck_pack() -> Pack:
        return Pack(name="jiangsu", version=__version__, api=">=1.1,<2", settings=Settings)

``name`` is the plugin's name everywhere (``gixcheck plugins``, a rule set's ``requires``, the
settings table ``[tool.gixcheck.plugins.jiangsu]``, ``--plugin-option jiangsu.KEY=VALUE``),
whether the pack was installed or loaded with ``--plugin``.  ``settings`` is a dataclass typed
like a rule kind's ``Params`` (:mod:`gixcheck.kinds.params`); the host checks what the user
wrote against it before any report is read.
"""

from __future__ import annotations

import dataclasses
import re
import types
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

from gixcheck._toml import TOMLDecodeError
from gixcheck._toml import loads as toml_loads
from gixcheck.kinds.params import ParamError, parse

__all__ = ["Pack", "SettingsError", "parse_settings", "setting_value"]

_NAME = re.compile(r"^[a-z][a-z0-9_-]*$")


@dataclass(frozen=True)
class Pack:
    """Who a pack is and what it needs: its ``name``, its ``version``, the plugin ``api`` range
    it was written for (a version range such as ``">=1.1,<2"``) and its ``settings`` schema."""

    name: str
    api: str
    version: str = "?"
    settings: type | None = None
    description: str = ""

    def __post_init__(self) -> None:
        if not _NAME.match(self.name):
            raise ValueError(
                f"pack name {self.name!r} must be lower-case letters, digits, '-' or '_'"
            )
        if self.settings is not None and not dataclasses.is_dataclass(self.settings):
            raise TypeError(
                f"pack {self.name}: settings must be a dataclass, not {self.settings!r}"
            )


class SettingsError(Exception):
    """A pack's settings do not fit its schema; the message is the one line to show."""


def setting_value(schema: type | None, key: str, text: str) -> Any:
    """A ``--plugin-option`` value: TOML (``3``, ``true``, ``["a", "b"]``) unless the setting is
    a string or a path, which take the text as it is (``jiangsu.townships=reports/2023``)."""
    if schema is not None and _takes_text(schema, key):
        return text
    try:
        return toml_loads(f"v = {text}")["v"]
    except TOMLDecodeError:
        return text


def _takes_text(schema: type, key: str) -> bool:
    top = key.split(".", 1)[0]
    try:
        tp = get_type_hints(schema).get(top)
    except Exception:  # a schema whose hints do not resolve is the pack's own mistake
        return False
    if tp is None:
        return False
    options = get_args(tp) if get_origin(tp) in (Union, types.UnionType) else (tp,)
    for option in options:
        if option in (str, Path):
            return True
        if get_origin(option) is Literal and all(isinstance(a, str) for a in get_args(option)):
            return True
    return False


def parse_settings(
    pack: Pack,
    raw: Mapping[str, Any],
    origins: Mapping[str, tuple[str, Path]],
    default: tuple[str, Path],
) -> Any:
    """``raw`` checked against ``pack.settings``.  ``origins`` maps each key to ``(label,
    folder)``: how an error names where the key was written, and the folder a relative path in
    it is relative to; ``default`` serves keys not in it.  Raises :class:`SettingsError`."""
    if pack.settings is None:
        if raw:
            label = origins.get(next(iter(raw)), default)[0]
            raise SettingsError(f"{label}: plugin {pack.name} takes no settings")
        return None
    try:
        value = parse(pack.settings, dict(raw))
    except ParamError as exc:
        top = exc.key.split(".")[0].split("[")[0]
        label = origins.get(top, default)[0]
        key = f"{exc.key}: " if exc.key else ""
        message = exc.message.replace("parameter", "setting")  # the words of params.parse
        raise SettingsError(f"{label}: {key}{message}") from None
    changes = {
        f.name: _rebase(getattr(value, f.name), origins.get(f.name, default)[1])
        for f in dataclasses.fields(value)
    }
    return dataclasses.replace(value, **changes)


def _rebase(value: Any, base: Path) -> Any:
    if isinstance(value, Path):
        return value if value.is_absolute() else base / value
    if isinstance(value, list):
        return [_rebase(v, base) for v in value]
    if isinstance(value, dict):
        return {k: _rebase(v, base) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _rebase(getattr(value, f.name), base) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **changes)
    return value

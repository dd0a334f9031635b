"""The run configuration: one validated object for both front doors.

A :class:`Config` is built from the command line over configuration files (:func:`load`), or
from the keyword arguments of the Python API (:func:`from_api`).  Every value goes through the
same checks, so whatever the command line refuses the API refuses, with the same one line:
errors name an option as the command line spells it (``--lang must be zh or en, not 'fr'``),
and a value from a file names the file and the key.

Configuration files: ``[tool.gixcheck]`` in ``pyproject.toml``, or ``gixcheck.toml`` (keys at
the top level or under ``[tool.gixcheck]``).  ``--config FILE`` names one; otherwise the nearest
one is found by walking up from the checked files' folders, then from the working directory.
In one folder ``gixcheck.toml`` wins over ``pyproject.toml``, and a ``pyproject.toml`` without a
``[tool.gixcheck]`` table is skipped.  Relative paths in a file (baseline, previous, output,
rule-set and plugin files, patterns) are relative to its folder, so it works from any subfolder.
Options given on the command line override the file key by key; rule selection is layered as
ruff does it (see :mod:`gixcheck.selection`).
"""

from __future__ import annotations

import datetime
import json
import math
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gixcheck._toml import TOMLDecodeError
from gixcheck._toml import loads as toml_loads
from gixcheck.caps import Caps
from gixcheck.limits import MB, Limits
from gixcheck.model import Severity
from gixcheck.selection import Layer, PerFileIgnore, Selection

LEVELS = ("error", "warning", "info")
FAIL_ON = ("error", "warning", "info", "never")
LANGS = ("zh", "en")
CONFIG_NAMES = ("gixcheck.toml", "pyproject.toml")
# Folders a scan never enters unless asked (ruff's defaults, for a repository of reports).
DEFAULT_EXCLUDE = (
    ".git",
    ".hg",
    ".svn",
    ".venv",
    "venv",
    ".tox",
    ".nox",
    "node_modules",
    "__pycache__",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
)
_CODE = re.compile(r"[A-Z][A-Z0-9]*")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

COMMAND_LINE = "command line"
API = "keyword argument"
DEFAULT = "default"


class ConfigError(Exception):
    """The run cannot be configured as asked (exit code 2); the message is the one line."""


class _Bad(Exception):
    """A value's problem, worded to follow the option's name ("must be …, not …")."""


@dataclass(frozen=True)
class _Where:
    """Where a layer of values comes from: the command line, the API, or a file."""

    kind: str  # COMMAND_LINE, API or "file"
    path: Path | None = None

    @property
    def base(self) -> Path:
        return self.path.parent if self.path is not None else Path.cwd()

    @property
    def label(self) -> str:
        if self.path is None:
            return self.kind
        name = self.path.name
        table = "" if name == "gixcheck.toml" else " [tool.gixcheck]"
        return f"{name}{table} ({self.path.parent})"

    def error(self, key: str, problem: str) -> ConfigError:
        if self.path is not None:
            return ConfigError(f"{self.path}: key {key!r} {problem}")
        return ConfigError(f"{KEYS[key].flag} {problem}")


# ----------------------------------------------------------------------------- value checks


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return list(value)
    raise _Bad(f"must be a string or a list of strings, not {value!r}")


def _codes(value: Any, where: _Where) -> tuple[str, ...]:
    out = []
    for v in _strings(value):
        for c in v.split(","):
            c = c.strip().upper()
            if not c:
                continue
            if not _CODE.fullmatch(c):
                raise _Bad(f"expects rule codes or prefixes (ARI, ARI001, ALL), not {c!r}")
            out.append(c)
    return tuple(out)


def _is_file_like(value: str) -> bool:
    return value.endswith((".toml", ".py")) or "/" in value or os.sep in value


def _rel(base: Path, value: str) -> str:
    p = Path(value).expanduser()
    return str(p if p.is_absolute() else base / p)


def _path(where: _Where, value: str) -> str:
    # The command line's paths stay as typed (outputs name them so); a file's are its folder's.
    return value if where.path is None else _rel(where.base, value)


def _names_or_paths(value: Any, where: _Where) -> tuple[str, ...]:
    return tuple(_path(where, v) if _is_file_like(v) else v for v in _strings(value))


def _paths(value: Any, where: _Where) -> tuple[str, ...]:
    return tuple(_path(where, v) for v in _strings(value))


def _severity(value: Any, where: _Where) -> dict[str, Severity]:
    if isinstance(value, Mapping):
        pairs = list(value.items())
    elif isinstance(value, (str, list, tuple)):
        pairs = []
        for item in _strings(value):
            for part in item.split(","):
                code, sep, level = part.partition("=")
                if not sep:
                    raise _Bad(f"expects CODE=error|warning|info, got {part.strip()!r}")
                pairs.append((code.strip(), level.strip()))
    else:
        raise _Bad('must be a table of CODE = "error" | "warning" | "info"')
    out = {}
    for code, level in pairs:
        c = str(code).strip().upper()
        if not _CODE.fullmatch(c) or level not in LEVELS:
            raise _Bad(f"expects CODE=error|warning|info, got {f'{code}={level}'!r}")
        out[c] = Severity(level)
    return out


def _choice(options: Sequence[str]) -> Callable[[Any, _Where], str]:
    words = ", ".join(options[:-1]) + f" or {options[-1]}"

    def check(value: Any, where: _Where) -> str:
        if value not in options:
            raise _Bad(f"must be {words}, not {value!r}")
        return str(value)

    return check


def _count(value: Any, where: _Where) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _Bad(f"must be greater than 0 (a whole number), not {value!r}")
    return value


def _positive(value: Any, where: _Where) -> float:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    if not ok or not math.isfinite(value) or value <= 0:
        raise _Bad(f"must be greater than 0 (a finite number), not {value!r}")
    return float(value)


def _bool(value: Any, where: _Where) -> bool:
    if not isinstance(value, bool):
        raise _Bad(f"must be true or false, not {value!r}")
    return value


def _date(value: Any, where: _Where) -> str:
    if isinstance(value, datetime.datetime):
        raise _Bad(f"must be a date YYYY-MM-DD, not {value!r}")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise _Bad(f"must be a date YYYY-MM-DD, not {value!r}")
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        raise _Bad(f"must be a real date YYYY-MM-DD, not {value!r} (no such day)") from None
    return value


def _baseline(value: Any, where: _Where) -> Any:
    if isinstance(value, (str, os.PathLike)):
        return _path(where, os.fspath(value))
    if where.kind == API and hasattr(value, "apply") and hasattr(value, "entries"):
        return value  # a loaded gixcheck.baseline.Baseline
    raise _Bad(f"must be a path, not {value!r}")


def _previous(value: Any, where: _Where) -> Any:
    if isinstance(value, (str, os.PathLike)):
        return _path(where, os.fspath(value))
    if where.kind == API and isinstance(value, bytes):
        return value
    if isinstance(value, Mapping):
        if where.kind == API and "tables" in value:
            return dict(value)  # a canonical report dict
        if all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            return {_path(where, k): _path(where, v) for k, v in value.items()}
    raise _Bad(f"must be a path, or a table of report path = previous-year path, not {value!r}")


def _pattern(where: _Where, pattern: str) -> str:
    """A pattern with ``/`` is anchored at its file's folder (or the working directory)."""
    if "/" not in pattern:
        return pattern
    anchored = pattern if pattern.startswith("/") else f"{where.base.as_posix()}/{pattern}"
    return os.path.normpath(anchored).replace(os.sep, "/") + ("/" if pattern.endswith("/") else "")


def _patterns(value: Any, where: _Where) -> tuple[str, ...]:
    out = []
    for v in _strings(value):
        if not v.strip():
            raise _Bad("has an empty pattern")
        out.append(_pattern(where, v.strip()).rstrip("/"))
    return tuple(out)


def _per_file_ignores(value: Any, where: _Where) -> tuple[PerFileIgnore, ...]:
    if not isinstance(value, Mapping):
        raise _Bad('must be a table of "PATTERN" = ["CODE", …]')
    out = []
    for pattern, codes in value.items():
        if not isinstance(pattern, str) or not pattern.strip():
            raise _Bad(f"has a pattern that is not a string: {pattern!r}")
        origin = str(where.path) if where.path else ""
        out.append(PerFileIgnore(_pattern(where, pattern.strip()), _codes(codes, where), origin))
    return tuple(out)


@dataclass(frozen=True)
class PluginSetting:
    """One setting of a pack, as written: checked against the pack's schema once the plugins
    are loaded (:meth:`gixcheck.plugins.Host.settings`)."""

    value: Any
    origin: str  # how errors name where it was written
    base: str  # the folder a relative path in it is relative to
    text: bool = False  # a --plugin-option string, typed by the pack's schema


_PACK = re.compile(r"^[a-z][a-z0-9_-]*$")


def _plugin_options(value: Any, where: _Where) -> dict[str, dict[str, PluginSetting]]:
    """Packs' settings: ``name.key=value`` strings on the command line, else a table of pack
    name → table of settings (``[tool.gixcheck.plugins.<name>]``, ``plugin_options=``)."""
    if where.kind == COMMAND_LINE:
        table: dict[str, dict[str, Any]] = {}
        for item in _strings(value):
            target, sep, text = item.partition("=")
            name, dot, key = target.strip().partition(".")
            if not sep or not dot or not _PACK.match(name) or not key or "." in key:
                raise _Bad(f"expects PLUGIN.KEY=VALUE (jiangsu.townships=towns/), not {item!r}")
            table.setdefault(name, {})[key] = text
    elif isinstance(value, Mapping) and all(
        isinstance(k, str) and isinstance(v, Mapping) and all(isinstance(x, str) for x in v)
        for k, v in value.items()
    ):
        table = {k: dict(v) for k, v in value.items()}
    else:
        raise _Bad("must be a table of plugin name = table of settings")
    out: dict[str, dict[str, PluginSetting]] = {}
    for name, settings in table.items():
        if where.path is not None:
            label = f"{where.path} [{'' if where.path.name == 'gixcheck.toml' else 'tool.gixcheck.'}plugins.{name}]"
        elif where.kind == COMMAND_LINE:
            label = f"--plugin-option {name}"
        else:
            label = f"plugin_options[{name!r}]"
        out[name] = {
            k: PluginSetting(v, label, str(where.base), where.kind == COMMAND_LINE)
            for k, v in settings.items()
        }
    return out


@dataclass(frozen=True)
class Key:
    name: str  # the configuration key
    check: Callable[[Any, _Where], Any]
    flag: str  # how the command line spells it (also how the API's errors name it)
    kwarg: str | None = None  # the Python API's keyword; None when the API does not take it


KEYS: dict[str, Key] = {
    k.name: k
    for k in (
        Key("rules", _names_or_paths, "--rules", "rules"),
        Key("select", _codes, "--select", "select"),
        Key("extend-select", _codes, "--extend-select", "extend_select"),
        Key("ignore", _codes, "--ignore", "ignore"),
        Key("per-file-ignores", _per_file_ignores, "--per-file-ignores", "per_file_ignores"),
        Key("severity", _severity, "--severity", "severity"),
        Key("fail-on", _choice(FAIL_ON), "--fail-on", "fail_on"),
        Key("lang", _choice(LANGS), "--lang", "lang"),
        Key("baseline", _baseline, "--baseline", "baseline"),
        Key("previous", _previous, "--previous", "previous"),
        Key("published", _date, "--published", "published"),
        Key("format", lambda v, w: tuple(_strings(v)), "--format"),
        Key("output", _paths, "--output"),
        Key("jobs", _count, "--jobs", "jobs"),
        Key("plugins", _names_or_paths, "--plugin", "plugins"),
        Key("plugin-options", _plugin_options, "--plugin-option", "plugin_options"),
        Key("no-progress", _bool, "--no-progress"),
        Key("max-size", _positive, "--max-size", "max_size"),
        Key("max-pages", _count, "--max-pages", "max_pages"),
        Key("timeout", _positive, "--timeout", "timeout"),
        Key("max-memory", _count, "--max-memory", "max_memory"),
        Key("max-evidence", _count, "--max-evidence", "max_evidence"),
        Key("max-findings-per-rule", _count, "--max-findings-per-rule", "max_findings_per_rule"),
        Key(
            "max-findings-per-report",
            _count,
            "--max-findings-per-report",
            "max_findings_per_report",
        ),
        Key("exclude", _patterns, "--exclude", "exclude"),
        Key("extend-exclude", _patterns, "--extend-exclude", "extend_exclude"),
        Key("statistics", _bool, "--statistics", "statistics"),
        Key("quiet", _bool, "--quiet", "quiet"),
    )
}
KWARGS = {k.kwarg: k.name for k in KEYS.values() if k.kwarg}
SELECTION_KEYS = ("select", "extend-select", "ignore")


# ----------------------------------------------------------------------------- the object


@dataclass(frozen=True)
class Config:
    """Everything a run needs to know, validated.  Immutable and picklable."""

    rules: tuple[str, ...] = ("national",)
    selection: Selection = field(default_factory=Selection)
    fail_on: str = "error"
    lang: str = "zh"
    baseline: Any = None  # a path, or (from the API) a loaded Baseline
    previous: Any = None  # a file or folder path, a {report: previous} mapping, bytes or a dict
    published: str | None = None
    outputs: tuple[tuple[str, str | None], ...] = (("text", None),)
    jobs: int | None = None
    plugins: tuple[str, ...] = ()
    # pack name → key → the setting as written (later layers win key by key)
    plugin_options: Mapping[str, Mapping[str, PluginSetting]] = field(default_factory=dict)
    no_progress: bool = False
    limits: Limits = field(default_factory=Limits)
    caps: Caps = field(default_factory=Caps)  # evidence and findings kept (gixcheck.caps)
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    statistics: bool = False
    quiet: bool = False
    base: str = ""  # the folder patterns without a file of their own are relative to
    file: str | None = None  # the configuration file read, if any
    values: Mapping[str, tuple[Any, str]] = field(default_factory=dict)  # key → (value, origin)
    # (origin, key, code) of every rule code named: a run checks them against its rule sets
    named_codes: tuple[tuple[str, str, str], ...] = ()

    def source(self, key: str) -> str:
        return self.values[key][1] if key in self.values else DEFAULT

    @property
    def excludes(self) -> tuple[str, ...]:
        return (*self.exclude, *self.extend_exclude)

    def items(self) -> list[tuple[str, Any, str]]:
        """(key, value, origin) of every key, for ``gixcheck config``."""
        defaults = _defaults()
        return [
            (k, self.values[k][0] if k in self.values else defaults.get(k), self.source(k))
            for k in KEYS
        ]


def _defaults() -> dict[str, Any]:
    lim = Limits()
    return {
        "rules": ["national"],
        "select": None,
        "extend-select": [],
        "ignore": [],
        "per-file-ignores": {},
        "severity": {},
        "fail-on": "error",
        "lang": "zh",
        "baseline": None,
        "previous": None,
        "published": None,
        "format": ["text"],
        "output": [],
        "jobs": None,
        "plugins": [],
        "plugin-options": {},
        "no-progress": False,
        "max-size": lim.max_bytes / MB,
        "max-pages": lim.max_pages,
        "timeout": lim.timeout,
        "max-memory": lim.max_memory_mb,
        "max-evidence": Caps().evidence_chars,
        "max-findings-per-rule": Caps().findings_per_rule,
        "max-findings-per-report": Caps().findings_per_report,
        "exclude": list(DEFAULT_EXCLUDE),
        "extend-exclude": [],
        "statistics": False,
        "quiet": False,
    }


@dataclass
class _Layer:
    where: _Where
    values: dict[str, Any]  # validated


def _validate(raw: Mapping[str, Any], where: _Where) -> _Layer:
    out: dict[str, Any] = {}
    for key, value in raw.items():
        try:
            out[key] = KEYS[key].check(value, where)
        except _Bad as exc:
            raise where.error(key, str(exc)) from None
    return _Layer(where, out)


def _build(layers: list[_Layer], pairs: list[tuple[str, str | None]] | None) -> Config:
    """Later layers win key by key; selection keys stack (see gixcheck.selection)."""
    merged: dict[str, tuple[Any, str]] = {}
    severity: dict[str, Severity] = {}
    plugin_options: dict[str, dict[str, PluginSetting]] = {}
    sel_layers: list[Layer] = []
    per_file: list[PerFileIgnore] = []
    named: list[tuple[str, str, str]] = []
    for layer in layers:
        v = layer.values
        for key, value in v.items():
            merged[key] = (value, layer.where.label)
        # the origin (the file, or "" for the command line and the API) says where a code
        # was written, for the message when no rule set knows it
        origin = str(layer.where.path) if layer.where.path else ""
        for key in (*SELECTION_KEYS, "severity"):
            named += [(origin, key, code) for code in v.get(key, ())]
        for p in v.get("per-file-ignores", ()):
            named += [(origin, "per-file-ignores", code) for code in p.codes]
        severity.update(v.get("severity", {}))
        for name, settings in v.get("plugin-options", {}).items():
            plugin_options.setdefault(name, {}).update(settings)
        per_file.extend(v.get("per-file-ignores", ()))
        if any(k in v for k in SELECTION_KEYS):
            sel_layers.append(
                Layer(v.get("select"), v.get("extend-select", ()), v.get("ignore", ()), origin)
            )

    def get(key: str, default: Any) -> Any:
        return merged[key][0] if key in merged else default

    lim = Limits()
    outputs = pairs if pairs is not None else _file_pairs(layers)
    if get("statistics", False):
        # ruff's --statistics: the counts per rule instead of the findings on standard output
        outputs = [(f, o) for f, o in outputs if o not in (None, "-")] + [("statistics", None)]
    base = next((str(la.where.base) for la in reversed(layers) if la.where.path), "")
    cfg = Config(
        rules=tuple(get("rules", ("national",))),
        selection=Selection.layered(sel_layers, severity, per_file),
        fail_on=get("fail-on", "error"),
        lang=get("lang", "zh"),
        baseline=get("baseline", None),
        previous=get("previous", None),
        published=get("published", None),
        outputs=tuple(outputs),
        jobs=get("jobs", None),
        plugins=tuple(get("plugins", ())),
        plugin_options=plugin_options,
        no_progress=get("no-progress", False),
        limits=Limits(
            max_bytes=int(get("max-size", lim.max_bytes / MB) * MB),
            max_pages=get("max-pages", lim.max_pages),
            timeout=get("timeout", lim.timeout),
            max_memory_mb=get("max-memory", lim.max_memory_mb),
        ),
        caps=Caps(
            evidence_chars=get("max-evidence", Caps().evidence_chars),
            findings_per_rule=get("max-findings-per-rule", Caps().findings_per_rule),
            findings_per_report=get("max-findings-per-report", Caps().findings_per_report),
        ),
        exclude=tuple(get("exclude", DEFAULT_EXCLUDE)),
        extend_exclude=tuple(get("extend-exclude", ())),
        statistics=get("statistics", False),
        quiet=get("quiet", False),
        base=base or os.getcwd(),
        file=next((str(la.where.path) for la in layers if la.where.path), None),
        named_codes=tuple(named),
        values={k: (_shown(v), origin) for k, (v, origin) in merged.items()},
    )
    _check_outputs(cfg.outputs)
    return cfg


def _shown(value: Any) -> Any:
    """A value as ``gixcheck config`` prints it (JSON-like)."""
    if isinstance(value, Severity):
        return value.value
    if isinstance(value, PerFileIgnore):
        return {value.pattern: list(value.codes)}
    if isinstance(value, PluginSetting):
        return _shown(value.value)
    if isinstance(value, Mapping):
        return {str(k): _shown(v) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return [_shown(v) for v in value]
    if isinstance(value, (bytes, bytearray)):
        return f"<{len(value)} bytes>"
    return value if isinstance(value, (str, int, float, bool, type(None))) else repr(value)


def _file_pairs(layers: list[_Layer]) -> list[tuple[str, str | None]]:
    formats: list[str] = ["text"]
    outputs: list[str] = []
    for layer in layers:
        if "format" in layer.values:
            formats = list(layer.values["format"])
        if "output" in layer.values:
            outputs = list(layer.values["output"])
            if len(outputs) > len(formats) and layer.where.path is not None:
                raise ConfigError(f"{layer.where.path}: 'output' has more entries than 'format'")
    return [(f, outputs[i] if i < len(outputs) else None) for i, f in enumerate(formats)]


def _check_outputs(pairs: Sequence[tuple[str, str | None]]) -> None:
    if sum(o is None or o == "-" for _, o in pairs) > 1:
        raise ConfigError("only one --format can go to standard output; give the others -o FILE")
    seen: dict[str, str] = {}
    for fmt, out in pairs:
        if out in (None, "-"):
            continue
        key = os.path.abspath(out)
        if key in seen:
            raise ConfigError(f"-o {out}: given for both --format {seen[key]} and --format {fmt}")
        seen[key] = fmt


# ----------------------------------------------------------------------------- front doors


def from_api(**kwargs: Any) -> Config:
    """The configuration of ``gixcheck.check(**kwargs)``: keyword arguments as the command
    line's options (``None``: not given; ``config="file.toml"`` reads a configuration file
    underneath them, as ``--config`` does)."""
    config_file = kwargs.pop("config", None)
    raw: dict[str, Any] = {}
    for name, value in kwargs.items():
        if name not in KWARGS:
            known = ", ".join(sorted([*KWARGS, "config"]))
            raise ConfigError(f"unknown keyword argument {name!r}; known: {known}")
        if value is not None:
            raw[KWARGS[name]] = value
    layers = []
    if config_file is not None:
        layers.append(_file_layer(Path(config_file), explicit=True))
    layers.append(_validate(raw, _Where(API)))
    return _build(layers, [])


def load(
    cli: Mapping[str, Any] | None = None,
    paths: Sequence[str] = (),
    config_file: str | None = None,
    formats: Sequence[str] = (),
    outputs: Sequence[str] = (),
    raw_args: Sequence[str] | None = None,
) -> Config:
    """The command line's values (``None``: not given) over the configuration file.

    ``formats``/``outputs`` are the command line's ``--format``/``-o`` (paired as typed, from
    ``raw_args``); without them the file's ``format``/``output`` are used.
    """
    layers: list[_Layer] = []
    found = _file_layer(Path(config_file), explicit=True) if config_file else _discovered(paths)
    if found is not None:
        layers.append(found)
    given = {k: v for k, v in (cli or {}).items() if v is not None}
    layers.append(_validate(given, _Where(COMMAND_LINE)))
    pairs = None
    if formats:
        pairs = pair_formats(formats, outputs, raw_args)
    elif outputs:
        fmts = [f for f, _ in _file_pairs(layers)]
        fmts += [fmts[-1]] * (len(outputs) - len(fmts))
        pairs = pair_formats(fmts, outputs, None)
    return _build(layers, pairs)


def _discovered(paths: Sequence[str]) -> _Layer | None:
    """The configuration of the checked files (from their folders), else of the working
    directory.  Files of two different configurations in one run are an error."""
    found: dict[str, tuple[Path, dict[str, Any]]] = {}
    cache: dict[Path, tuple[Path, dict[str, Any]] | None] = {}
    for p in paths:
        if p == "-":
            continue
        path = Path(p)
        start = path if path.is_dir() else path.parent
        hit = _find_cached(start.resolve(), cache)
        if hit is not None:
            found[str(hit[0])] = hit
    if len(found) > 1:
        raise ConfigError(
            "the files checked belong to different configurations ("
            + ", ".join(sorted(found))
            + "): check them in separate runs, or choose one with --config FILE"
        )
    hit = next(iter(found.values()), None) or _find_cached(Path.cwd().resolve(), cache)
    if hit is None:
        return None
    path, table = hit
    return _layer_of(path, table)


def _find_cached(
    folder: Path, cache: dict[Path, tuple[Path, dict[str, Any]] | None]
) -> tuple[Path, dict[str, Any]] | None:
    chain = []
    result: tuple[Path, dict[str, Any]] | None = None
    for f in (folder, *folder.parents):
        if f in cache:
            result = cache[f]
            break
        chain.append(f)
        own = _table_in(f)
        if own is not None:
            result = own
            break
    for f in chain:
        cache[f] = result
    return result


def _table_in(folder: Path) -> tuple[Path, dict[str, Any]] | None:
    """The gixcheck table of the configuration file in ``folder``, if it has one."""
    own = folder / "gixcheck.toml"
    if own.is_file():
        return own, _gixcheck_table(own)
    py = folder / "pyproject.toml"
    if py.is_file():
        tool = _read(py).get("tool")
        if isinstance(tool, dict) and "gixcheck" in tool:
            return py, _gixcheck_table(py)
    return None


def find(start: str | os.PathLike[str] | None = None) -> tuple[Path, dict[str, Any]] | None:
    """The nearest configuration file at or above ``start`` and its gixcheck table."""
    return _find_cached(Path(start or os.getcwd()).resolve(), {})


def _gixcheck_table(path: Path) -> dict[str, Any]:
    data = _read(path)
    tool = data.get("tool")
    if path.name == "pyproject.toml":
        table = tool.get("gixcheck") if isinstance(tool, dict) else None
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.gixcheck] must be a table")
        return table
    if isinstance(tool, dict) and isinstance(tool.get("gixcheck"), dict):
        rest = {k: v for k, v in data.items() if k != "tool"}
        if rest:
            raise ConfigError(
                f"{path}: put settings either at the top level or under [tool.gixcheck], not both"
            )
        return dict(tool["gixcheck"])
    return data


def _file_layer(path: Path, explicit: bool = False) -> _Layer:
    if explicit and not path.is_file():
        raise ConfigError(f"--config {path}: no such file")
    if path.name == "pyproject.toml" or path.suffix == ".toml":
        return _layer_of(path.resolve(), _gixcheck_table(path))
    raise ConfigError(f"--config {path}: expected a gixcheck.toml or pyproject.toml")


def _layer_of(path: Path, table: dict[str, Any]) -> _Layer:
    plugins = table.get("plugins")
    if isinstance(plugins, dict):
        # [tool.gixcheck.plugins.<name>] holds a pack's settings; `load` in [tool.gixcheck.plugins]
        # the plugins to load (what `plugins = [...]` says when no pack has settings)
        table = {k: v for k, v in table.items() if k != "plugins"}
        settings = {k: v for k, v in plugins.items() if k != "load"}
        if "load" in plugins:
            table["plugins"] = plugins["load"]
        try:
            layer = _validate({"plugin-options": settings}, _Where("file", path))
        except ConfigError:
            raise ConfigError(
                f"{path}: [tool.gixcheck.plugins] holds `load = [...]` and one table of settings "
                "per plugin ([tool.gixcheck.plugins.NAME])"
            ) from None
        rest = _layer_of(path, table)
        rest.values.update(layer.values)
        return rest
    for key in table:
        if key not in KEYS or key == "plugin-options":
            close = [k for k in KEYS if k.replace("-", "_") == key or k.replace("-", "") == key]
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            known = ", ".join(k for k in KEYS if k != "plugin-options")
            raise ConfigError(
                f"{path}: unknown key {key!r} in gixcheck settings{hint}; known keys: {known}"
            )
    return _validate(table, _Where("file", path))


def _read(path: Path) -> dict[str, Any]:
    try:
        return toml_loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None


def pair_formats(
    formats: Sequence[str], outputs: Sequence[str], raw_args: Sequence[str] | None
) -> list[tuple[str, str | None]]:
    """Pair each ``--format`` with the ``-o`` that follows it (before the next ``--format``).

    ``raw_args`` is the command line as typed; without it, formats and outputs pair by position.
    An ``-o`` given before any ``--format`` belongs to the first format.
    """
    events: list[str] = []
    for tok in raw_args or []:
        if tok == "--":
            break
        if tok == "--format" or tok.startswith("--format="):
            events.append("F")
        elif (
            tok in ("-o", "--output")
            or tok.startswith("--output=")
            or (tok.startswith("-o") and not tok.startswith("--"))
        ):
            events.append("O")
    if events.count("F") != len(formats) or events.count("O") != len(outputs):
        events = []
        for i in range(max(len(formats), len(outputs))):
            events += (["F"] if i < len(formats) else []) + (["O"] if i < len(outputs) else [])
    pairs: list[list[Any]] = []
    pending: list[str] = []
    fi = oi = 0
    for e in events:
        if e == "F":
            pairs.append([formats[fi], pending.pop(0) if pending else None])
            fi += 1
        else:
            out = outputs[oi]
            oi += 1
            if pairs and pairs[-1][1] is None:
                pairs[-1][1] = out
            elif not pairs:
                pending.append(out)
            else:
                raise ConfigError(f"-o {out}: two outputs for --format {pairs[-1][0]}")
    if pending:
        raise ConfigError(f"-o {pending[-1]}: give each output its own --format")
    return [(f, o) for f, o in pairs]


def render(cfg: Config) -> str:
    """What ``gixcheck config`` prints: one line a setting, with where it came from."""
    lines = [f"# configuration file: {cfg.file or 'none found'}"]
    width = max(len(k) for k in KEYS)
    for key, value, origin in cfg.items():
        shown = json.dumps(value, ensure_ascii=False)
        lines.append(f"{key:<{width}} = {shown}  # {origin}")
    return "\n".join(lines) + "\n"

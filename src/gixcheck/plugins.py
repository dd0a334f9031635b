"""The plugin host: default plugins, entry points, ``--plugin``, each loaded in its own guard.

Environment:
  GIXCHECK_DISABLE_PLUGIN_AUTOLOAD=1  load no entry-point plugins (like pytest's
                                      PYTEST_DISABLE_PLUGIN_AUTOLOAD)
  GIXCHECK_TRACE_HOOKS=1              print every hook call to stderr (pluggy tracing)
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pluggy

from gixcheck import hookspecs
from gixcheck.kinds.base import RuleKind
from gixcheck.plugin_api import Extractor, OutputFormat
from gixcheck.rulesets import RuleSet, RuleSetError, RuleSetSource, load_file, parse_toml, resolve

ENTRY_POINT_GROUP = "gixcheck"
DEFAULT_PLUGINS = (
    "gixcheck.default_plugins.kinds",
    "gixcheck.default_plugins.rulesets",
    "gixcheck.default_plugins.extractors",
    "gixcheck.default_plugins.outputs",
)


@dataclass
class PluginInfo:
    name: str
    version: str
    origin: str  # "built-in", "entry point <dist>", "--plugin <path>"
    registers: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class PluginFailure:
    name: str
    version: str
    origin: str
    error: str

    def line(self) -> str:
        return f"plugin {self.name} {self.version} ({self.origin}) failed to load: {self.error}"


class PluginError(Exception):
    """The run cannot go on: a required plugin failed, or a rule set is unknown or broken."""


class Host:
    """Everything plugins registered, collected once per process."""

    def __init__(self, extra_plugins: tuple[str, ...] = ()) -> None:
        self.pm = pluggy.PluginManager("gixcheck")
        self.pm.add_hookspecs(hookspecs)
        self.plugins: list[PluginInfo] = []
        self.failures: list[PluginFailure] = []
        self.kinds: dict[str, RuleKind] = {}
        self.kind_origin: dict[str, str] = {}
        self.ruleset_sources: dict[str, RuleSetSource] = {}
        self.ruleset_origin: dict[str, str] = {}
        self.extractors: list[Extractor] = []
        self.outputs: dict[str, OutputFormat] = {}
        if os.environ.get("GIXCHECK_TRACE_HOOKS"):
            self.pm.trace.root.setwriter(sys.stderr.write)
            self.pm.enable_tracing()
        for mod in DEFAULT_PLUGINS:
            self._register(importlib.import_module(mod), mod, _own_version(), "built-in")
        if not os.environ.get("GIXCHECK_DISABLE_PLUGIN_AUTOLOAD"):
            self._load_entry_points()
        for spec in extra_plugins:
            self._load_path(spec)
        self._collect()

    # -- loading
    def _load_entry_points(self) -> None:
        from importlib.metadata import entry_points

        for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
            dist = getattr(ep, "dist", None)
            version = getattr(dist, "version", "?") if dist else "?"
            origin = f"entry point {dist.name if dist else ep.value}"
            try:
                module = ep.load()
            except Exception as exc:  # a broken plugin must not take the others down
                self.failures.append(PluginFailure(ep.name, version, origin, _why(exc)))
                continue
            self._register(module, ep.name, version, origin)

    def _load_path(self, spec: str) -> None:
        origin = f"--plugin {spec}"
        try:
            if spec.endswith(".py") or os.sep in spec or Path(spec).is_file():
                path = Path(spec)
                name = f"gixcheck_plugin_{path.stem}"
                loader_spec = importlib.util.spec_from_file_location(name, path)
                if loader_spec is None or loader_spec.loader is None:
                    raise ImportError(f"cannot load {spec}")
                module = importlib.util.module_from_spec(loader_spec)
                loader_spec.loader.exec_module(module)
                pname = path.stem
            else:
                module = importlib.import_module(spec)
                pname = spec
        except Exception as exc:
            self.failures.append(PluginFailure(spec, "?", origin, _why(exc)))
            return
        self._register(module, pname, str(getattr(module, "__version__", "?")), origin)

    def _register(self, module: ModuleType | object, name: str, version: str, origin: str) -> None:
        try:
            self.pm.register(module, name=name)
            self.pm.check_pending()
        except Exception as exc:
            if self.pm.is_registered(module):
                self.pm.unregister(module)
            self.failures.append(PluginFailure(name, version, origin, _why(exc)))
            return
        self.plugins.append(PluginInfo(name, version, origin))

    # -- collecting what each plugin registers, one plugin at a time so a failure is named
    def _collect(self) -> None:
        for info in list(self.plugins):
            plugin = self.pm.get_plugin(info.name)
            try:
                self._collect_one(plugin, info)
            except Exception as exc:
                self.failures.append(PluginFailure(info.name, info.version, info.origin, _why(exc)))
                self.plugins.remove(info)
                self.pm.unregister(plugin)
        self.extractors.sort(key=lambda e: (-e.priority, e.name))

    def _call(self, plugin: object, hook: str) -> list[Any]:
        others = [p for p in self.pm.get_plugins() if p is not plugin]
        caller = self.pm.subset_hook_caller(hook, remove_plugins=others)
        return [x for batch in caller() if batch for x in batch]

    def _collect_one(self, plugin: object, info: PluginInfo) -> None:
        kinds = self._call(plugin, "gixcheck_rule_kinds")
        for kind in kinds:
            inst = kind() if isinstance(kind, type) else kind
            if not isinstance(inst, RuleKind) or not inst.name:
                raise TypeError(f"rule kind {kind!r} is not a named RuleKind")
            if inst.name in self.kinds:
                raise ValueError(
                    f"rule kind {inst.name!r} is already registered by {self.kind_origin[inst.name]}"
                )
        for kind in kinds:
            inst = kind() if isinstance(kind, type) else kind
            self.kinds[inst.name] = inst
            self.kind_origin[inst.name] = info.name
        sources = []
        for item in self._call(plugin, "gixcheck_rulesets"):
            if isinstance(item, RuleSetSource):
                src = item
            elif isinstance(item, tuple) and len(item) == 2:
                src = parse_toml(item[1], f"{info.name}:{item[0]}")
            else:
                src = load_file(item)
            if src.name in self.ruleset_sources:
                raise ValueError(
                    f"rule set {src.name!r} is already registered by {self.ruleset_origin[src.name]}"
                )
            sources.append(src)
        for src in sources:
            self.ruleset_sources[src.name] = src
            self.ruleset_origin[src.name] = info.name
        extractors = list(self._call(plugin, "gixcheck_extractors"))
        outputs = list(self._call(plugin, "gixcheck_output_formats"))
        for o in outputs:
            if o.name in self.outputs:
                raise ValueError(f"output format {o.name!r} is already registered")
        self.extractors.extend(extractors)
        for o in outputs:
            self.outputs[o.name] = o
        info.registers = {
            k: v
            for k, v in {
                "rule kinds": sorted(
                    k.name for k in (x() if isinstance(x, type) else x for x in kinds)
                ),
                "rule sets": sorted(s.name for s in sources),
                "extractors": sorted(e.name for e in extractors),
                "output formats": sorted(o.name for o in outputs),
            }.items()
            if v
        }

    # -- rule sets
    def ruleset(self, spec: str) -> RuleSet:
        """A rule set by registered name or by path to a TOML file."""
        if spec in self.ruleset_sources:
            source = self.ruleset_sources[spec]
        elif spec.endswith(".toml") or Path(spec).is_file():
            try:
                source = load_file(spec)
            except RuleSetError as exc:
                raise PluginError(str(exc)) from None
        else:
            known = ", ".join(sorted(self.ruleset_sources)) or "none"
            raise PluginError(f"unknown rule set {spec!r} (available: {known})")
        try:
            rs = resolve(source, self.ruleset_sources, set(self.kinds))
        except RuleSetError as exc:
            raise PluginError(self._blame(str(exc))) from None
        failed = {f.name for f in self.failures}
        need = [r for r in rs.requires if r in failed or r not in {p.name for p in self.plugins}]
        if need:
            raise PluginError(
                f"rule set {rs.name!r} needs plugin(s) {', '.join(need)}, which did not load"
                + "".join(f"; {f.line()}" for f in self.failures if f.name in need)
            )
        return rs

    def _blame(self, message: str) -> str:
        if "unknown rule kind" in message and self.failures:
            return message + "; " + "; ".join(f.line() for f in self.failures)
        return message

    def finish_run(self, result: Any) -> None:
        self.pm.hook.gixcheck_finish_run(result=result)


def _why(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _own_version() -> str:
    from gixcheck._version import __version__

    return __version__


_HOSTS: dict[tuple[str, ...], Host] = {}


def host(extra_plugins: tuple[str, ...] = ()) -> Host:
    if extra_plugins not in _HOSTS:
        _HOSTS[extra_plugins] = Host(extra_plugins)
    return _HOSTS[extra_plugins]

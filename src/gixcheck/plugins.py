"""The plugin host: default plugins, entry points, ``--plugin``, each loaded in its own guard.

Environment:
  GIXCHECK_DISABLE_PLUGIN_AUTOLOAD=1  load no entry-point plugins (like pytest's
                                      PYTEST_DISABLE_PLUGIN_AUTOLOAD); ``--plugin`` still works
  GIXCHECK_TRACE_HOOKS=1              print every hook call to stderr (pluggy tracing)

A plugin that fails — its import raises, it implements a hook that does not exist, a hook
raises, or it registers a rule kind, rule set or output format under a name already taken — is
recorded as a :class:`PluginFailure` (name, version, origin, cause) and registers *nothing*:
either all of a plugin's contributions are added or none are, so a half-loaded plugin never
changes results.  A rule set that ``requires`` a failed plugin cannot be run (exit 2).
"""

from __future__ import annotations

import difflib
import importlib
import importlib.util
import inspect
import os
import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

import pluggy

from gixcheck import guard
from gixcheck.messages import text
from gixcheck.plugin import hookspecs
from gixcheck.plugin.formats import Extractor, OutputFormat
from gixcheck.plugin.hookspecs import hookimpl
from gixcheck.plugin.kind import RuleKind
from gixcheck.plugin.pack import Pack, SettingsError, parse_settings
from gixcheck.plugin.version import API_VERSION, api_mismatch
from gixcheck.rulesets import RuleSet, RuleSetError, RuleSetSource, load_file, parse_toml, resolve

ENTRY_POINT_GROUP = "gixcheck"
# Seconds a plugin's import may take before it is refused (GIXCHECK_PLUGIN_IMPORT_TIMEOUT).
IMPORT_TIMEOUT = 30.0
HOOK_PREFIX = "gixcheck_"
DEFAULT_PLUGINS = (
    "gixcheck.default_plugins.kinds",
    "gixcheck.default_plugins.rulesets",
    "gixcheck.default_plugins.extractors",
    "gixcheck.default_plugins.outputs",
)
HOOK_NAMES = tuple(
    sorted(n for n, f in vars(hookspecs).items() if n.startswith(HOOK_PREFIX) and callable(f))
)
# pluggy only collects functions carrying the marker; we also take unmarked ``gixcheck_*``
# functions (as pytest does for ``pytest_*``) so that a misspelt or unmarked hook is an error
# instead of code that silently never runs.
T = TypeVar("T")
_DEFAULT_IMPL_OPTS = hookimpl(lambda: None).gixcheck_impl  # type: ignore[attr-defined]


class _Manager(pluggy.PluginManager):
    def parse_hookimpl_opts(self, plugin: Any, name: str) -> Any:
        opts = super().parse_hookimpl_opts(plugin, name)
        if opts is None and name.startswith(HOOK_PREFIX):
            attr = inspect.getattr_static(plugin, name, None)
            if inspect.isfunction(attr) or isinstance(attr, (staticmethod, classmethod)):
                return dict(_DEFAULT_IMPL_OPTS)
        return opts


@dataclass
class PluginInfo:
    name: str
    version: str
    origin: str  # "built-in", "entry point <dist>", "--plugin <path>"
    registers: dict[str, list[str]] = field(default_factory=dict)
    pack: Pack | None = None  # what the plugin declared (gixcheck_pack), if it did

    @property
    def api(self) -> str:
        """The plugin API range the plugin declared, or a word saying it did not."""
        return self.pack.api if self.pack is not None else text("plugins.api_undeclared").en


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


@dataclass
class _Contribution:
    kinds: list[RuleKind]
    sources: list[RuleSetSource]
    extractors: list[Extractor]
    outputs: list[OutputFormat]


class Host:
    """Everything plugins registered, collected once per process.

    ``autoload`` None follows GIXCHECK_DISABLE_PLUGIN_AUTOLOAD; ``objects`` are extra plugin
    objects (modules, classes or instances with hook functions) given as ``(name, object)``,
    which is how :mod:`gixcheck.testing` runs a kind that is not installed yet.
    """

    def __init__(
        self,
        extra_plugins: tuple[str, ...] = (),
        *,
        autoload: bool | None = None,
        objects: tuple[tuple[str, object], ...] = (),
    ) -> None:
        self.pm = _Manager("gixcheck")
        self.pm.add_hookspecs(hookspecs)
        self.plugins: list[PluginInfo] = []
        self.failures: list[PluginFailure] = []
        self.kinds: dict[str, RuleKind] = {}
        self.kind_origin: dict[str, str] = {}
        self.ruleset_sources: dict[str, RuleSetSource] = {}
        self.ruleset_origin: dict[str, str] = {}
        self.extractors: list[Extractor] = []
        self.extractor_origin: dict[str, str] = {}
        self.outputs: dict[str, OutputFormat] = {}
        self.output_origin: dict[str, str] = {}
        if os.environ.get("GIXCHECK_TRACE_HOOKS"):
            self.pm.trace.root.setwriter(sys.stderr.write)
            self.pm.enable_tracing()
        for mod in DEFAULT_PLUGINS:
            self._register(importlib.import_module(mod), mod, _own_version(), "built-in")
        if autoload is None:
            autoload = not os.environ.get("GIXCHECK_DISABLE_PLUGIN_AUTOLOAD")
        if autoload:
            self._load_entry_points()
        for spec in extra_plugins:
            self._load_path(spec)
        for name, obj in objects:
            self._register(obj, name, str(getattr(obj, "__version__", "?")), "object")
        self._collect()

    # -- loading
    def _load_entry_points(self) -> None:
        from importlib.metadata import entry_points

        for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
            dist = getattr(ep, "dist", None)
            version = getattr(dist, "version", "?") if dist else "?"
            origin = f"entry point {dist.name if dist else ep.value}"
            try:
                module = _bounded_import(ep.load, ep.name)
            except BaseException as exc:  # a broken plugin must not take the others down
                if isinstance(exc, KeyboardInterrupt):
                    raise
                self.failures.append(PluginFailure(ep.name, version, origin, _why(exc)))
                continue
            self._register(module, ep.name, version, origin)

    def _load_path(self, spec: str) -> None:
        origin = f"--plugin {spec}"
        try:
            module, pname = _bounded_import(lambda: _import_spec(spec), _spec_name(spec))
        except BaseException as exc:
            if isinstance(exc, KeyboardInterrupt):
                raise
            self.failures.append(PluginFailure(_spec_name(spec), "?", origin, _why(exc)))
            return
        self._register(module, pname, str(getattr(module, "__version__", "?")), origin)

    def _register(self, module: ModuleType | object, name: str, version: str, origin: str) -> None:
        try:
            with guard.plugin_code():
                pack = _declaration(module)
        except KeyboardInterrupt:
            raise
        except BaseException as exc:
            self.failures.append(PluginFailure(name, version, origin, _why(exc)))
            return
        if pack is not None:
            # The declared name is the plugin's name whatever loaded it (an entry point, a
            # module, a package's __init__.py), so the pack's own rule set can require it.
            name = pack.name
            version = pack.version if pack.version != "?" else version
            refused = api_mismatch(pack.api)
            if refused is not None:
                self.failures.append(PluginFailure(name, version, origin, refused.en))
                return
        try:
            _check_hook_names(self.pm, module)
            if self.pm.has_plugin(name):
                raise ValueError(f"a plugin named {name!r} is already loaded")
            self.pm.register(module, name=name)
        except Exception as exc:
            if self.pm.is_registered(module):
                self.pm.unregister(module)
            self.failures.append(PluginFailure(name, version, origin, _why(exc)))
            return
        self.plugins.append(PluginInfo(name, version, origin, pack=pack))

    # -- collecting what each plugin registers, one plugin at a time so a failure is named
    def _collect(self) -> None:
        for info in list(self.plugins):
            plugin = self.pm.get_plugin(info.name)
            try:
                with guard.plugin_code():
                    got = self._gather(plugin, info)
            except KeyboardInterrupt:
                raise
            except BaseException as exc:  # SystemExit in a hook is the plugin's failure too
                self.failures.append(PluginFailure(info.name, info.version, info.origin, _why(exc)))
                self.plugins.remove(info)
                self.pm.unregister(plugin)
                continue
            self._commit(got, info)
        self.extractors.sort(key=lambda e: (-e.priority, e.name))

    def _call(self, plugin: object, hook: str) -> list[Any]:
        others = [p for p in self.pm.get_plugins() if p is not plugin]
        caller = self.pm.subset_hook_caller(hook, remove_plugins=others)
        out: list[Any] = []
        for batch in caller():
            if batch is None:
                continue
            if isinstance(batch, (str, bytes, dict)) or not hasattr(batch, "__iter__"):
                raise TypeError(f"{hook} must return a list, not {type(batch).__name__}")
            out.extend(batch)
        return out

    def _gather(self, plugin: object, info: PluginInfo) -> _Contribution:
        """Everything one plugin offers, validated against what is already registered."""
        kinds: list[RuleKind] = []
        for kind in self._call(plugin, "gixcheck_rule_kinds"):
            inst = kind() if isinstance(kind, type) else kind
            if not isinstance(inst, RuleKind) or not inst.name:
                raise TypeError(f"rule kind {kind!r} is not a named RuleKind")
            if inst.name in self.kinds or any(k.name == inst.name for k in kinds):
                by = self.kind_origin.get(inst.name, info.name)
                raise ValueError(f"rule kind {inst.name!r} is already registered by {by}")
            kinds.append(inst)
        sources: list[RuleSetSource] = []
        for item in self._call(plugin, "gixcheck_rulesets"):
            if isinstance(item, RuleSetSource):
                src = item
            elif isinstance(item, tuple) and len(item) == 2:
                src = parse_toml(item[1], f"{info.name}:{item[0]}")
            else:
                src = load_file(item)
            if src.name in self.ruleset_sources or any(s.name == src.name for s in sources):
                by = self.ruleset_origin.get(src.name, info.name)
                raise ValueError(f"rule set {src.name!r} is already registered by {by}")
            sources.append(src)
        extractors = list(self._call(plugin, "gixcheck_extractors"))
        for e in extractors:
            if not isinstance(e, Extractor):
                raise TypeError(f"extractor {e!r} is not a plugin_api.Extractor")
        outputs = list(self._call(plugin, "gixcheck_output_formats"))
        for o in outputs:
            if not isinstance(o, OutputFormat):
                raise TypeError(f"output format {o!r} is not a plugin_api.OutputFormat")
            if o.name in self.outputs or sum(x.name == o.name for x in outputs) > 1:
                raise ValueError(f"output format {o.name!r} is already registered")
        return _Contribution(kinds, sources, extractors, outputs)

    def _commit(self, got: _Contribution, info: PluginInfo) -> None:
        for inst in got.kinds:
            self.kinds[inst.name] = inst
            self.kind_origin[inst.name] = info.name
        for src in got.sources:
            self.ruleset_sources[src.name] = src
            self.ruleset_origin[src.name] = info.name
        self.extractors.extend(got.extractors)
        for e in got.extractors:
            self.extractor_origin.setdefault(e.name, info.name)
        for o in got.outputs:
            self.outputs[o.name] = o
            self.output_origin[o.name] = info.name
        info.registers = {
            k: v
            for k, v in {
                "rule kinds": sorted(k.name for k in got.kinds),
                "rule sets": sorted(s.name for s in got.sources),
                "extractors": sorted(e.name for e in got.extractors),
                "output formats": sorted(o.name for o in got.outputs),
            }.items()
            if v
        }

    # -- rule sets
    def ruleset(self, spec: str) -> RuleSet:
        """A rule set by registered name or by path to a TOML file."""
        # Resolving (merging `extends`, validating every rule) is done once per name.
        resolved: dict[str, RuleSet] = self.__dict__.setdefault("_resolved", {})
        if spec in resolved:
            return resolved[spec]
        if spec in self.ruleset_sources:
            source = self.ruleset_sources[spec]
        elif spec.endswith(".toml") or Path(spec).is_file():
            try:
                source = load_file(spec)
            except RuleSetError as exc:
                raise PluginError(str(exc)) from None
        else:
            known = ", ".join(sorted(self.ruleset_sources)) or "none"
            raise PluginError(
                f"unknown rule set {spec!r} (available: {known})" + self._failure_note()
            )
        try:
            rs = resolve(source, self.ruleset_sources, self.kinds)
        except RuleSetError as exc:
            raise PluginError(self._blame(str(exc))) from None
        loaded = {p.name for p in self.plugins}
        need = [r for r in rs.requires if r not in loaded]
        if need:
            details = [f.line() for f in self.failures if f.name in need]
            raise PluginError(
                f"rule set {rs.name!r} needs plugin(s) {', '.join(need)}, which did not load"
                + ("".join(f"; {d}" for d in details) if details else " (not installed?)")
            )
        if spec in self.ruleset_sources:
            resolved[spec] = rs
        return rs

    # -- settings
    def pack(self, name: str) -> Pack | None:
        return next((p.pack for p in self.plugins if p.name == name), None)

    def settings(
        self,
        tables: Mapping[str, Mapping[str, Any]],
        origins: Mapping[str, Mapping[str, tuple[str, Path]]] | None = None,
    ) -> dict[str, Any]:
        """Each loaded pack's settings, parsed against the schema it declares.

        ``tables`` maps a plugin name to what the user wrote (key → value); ``origins`` maps
        name → key → ``(label, folder)``: how an error names where the key was written
        (``pyproject.toml [tool.gixcheck.plugins.jiangsu]``, ``--plugin-option jiangsu``) and
        the folder a relative path in it is relative to (else the working directory).  A pack
        with a schema and no table gets its defaults, or an error naming a setting it requires.
        Raises :class:`PluginError`.
        """
        origins = origins or {}
        out: dict[str, Any] = {}
        failed = {f.name for f in self.failures}
        loaded = {p.name: p for p in self.plugins}
        for name in sorted(tables):
            if name in loaded:
                continue
            label = next(iter(origins.get(name, {}).values()), ("settings", Path()))[0]
            key = "settings_failed_pack" if name in failed else "settings_unknown_pack"
            shown = ", ".join(sorted(n for n, p in loaded.items() if p.pack)) or "none"
            raise PluginError(text(f"plugins.{key}", where=label, name=name, loaded=shown).en)
        for name, info in loaded.items():
            given = tables.get(name, {})
            if info.pack is None:
                if given:
                    label = next(iter(origins.get(name, {}).values()), ("settings", Path()))[0]
                    raise PluginError(f"{label}: plugin {name} declares no settings")
                continue
            default = (f"plugin {name}", Path.cwd())
            try:
                value = parse_settings(info.pack, given, origins.get(name, {}), default)
            except SettingsError as exc:
                raise PluginError(str(exc)) from None
            if value is not None:
                out[name] = value
        return out

    def _failure_note(self) -> str:
        if not self.failures:
            return ""
        return "; " + "; ".join(f.line() for f in self.failures)

    def _blame(self, message: str) -> str:
        if ("unknown rule kind" in message or "extends unknown" in message) and self.failures:
            return message + self._failure_note()
        return message

    def finish_run(self, result: Any) -> None:
        """Each plugin's ``gixcheck_finish_run`` in its own guard: a failing summary plugin is
        reported in ``result.extra["plugin_errors"]`` and never loses the findings."""
        for info in self.plugins:
            plugin = self.pm.get_plugin(info.name)
            others = [p for p in self.pm.get_plugins() if p is not plugin]
            caller = self.pm.subset_hook_caller("gixcheck_finish_run", remove_plugins=others)
            try:
                with guard.plugin_code():
                    caller(result=result)
            except guard.PASS_THROUGH:
                raise
            except BaseException as exc:
                extra = getattr(result, "extra", None)
                if isinstance(extra, dict):
                    extra.setdefault("plugin_errors", []).append(
                        f"plugin {info.name} {info.version}: gixcheck_finish_run raised {_why(exc)}"
                    )


def _check_hook_names(pm: pluggy.PluginManager, plugin: object) -> None:
    """A ``gixcheck_*`` function that is not a hook is a typo: name it and suggest the hook."""
    for attr in sorted(dir(plugin)):
        if not attr.startswith(HOOK_PREFIX) or attr in HOOK_NAMES:
            continue
        opts = pm.parse_hookimpl_opts(plugin, attr)
        if opts is None:
            continue
        if opts.get("specname") in HOOK_NAMES:
            continue
        close = difflib.get_close_matches(attr, HOOK_NAMES, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise NameError(f"unknown hook {attr}{hint}; the hooks are: {', '.join(HOOK_NAMES)}")


class ImportTimeout(Exception):
    """A plugin's import did not finish in time (it waits on the network, a lock, a loop)."""


def import_timeout() -> float:
    """Seconds a plugin's import may take (GIXCHECK_PLUGIN_IMPORT_TIMEOUT, default 30)."""
    try:
        value = float(os.environ.get("GIXCHECK_PLUGIN_IMPORT_TIMEOUT", ""))
    except ValueError:
        return IMPORT_TIMEOUT
    return value if value > 0 and value != float("inf") else IMPORT_TIMEOUT


def _bounded_import(load: Callable[[], T], name: str) -> T:
    """``load()`` (a plugin's import) with what it prints sent to stderr, refused with
    :class:`ImportTimeout` when it has not finished within :func:`import_timeout` seconds.

    The import runs in a daemon thread the program does not wait for: a plugin whose import
    hangs is reported as failed to load (one line naming it) and every command goes on
    without it.  Its thread is left behind, blocked, and ends with the process.
    """
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = load()
        except BaseException as exc:  # handed to the caller, which names the plugin
            box["error"] = exc

    seconds = import_timeout()
    worker = threading.Thread(target=run, name=f"gixcheck-import-{name}", daemon=True)
    # sys.stdout is the process's: it is switched here, in the thread that waits, so that it
    # is switched back when the wait ends, whatever the import is still doing
    with guard.plugin_code():
        worker.start()
        worker.join(seconds)
    if worker.is_alive():
        raise ImportTimeout(text("plugins.import_timeout", seconds=f"{seconds:g}").en)
    if "error" in box:
        raise box["error"]
    value: T = box["value"]
    return value


def _why(exc: BaseException) -> str:
    why = guard.described(exc)
    if isinstance(exc, ImportError) and (exc.name or "").startswith("gixcheck"):
        # a name the pack imports from the plugin API is not in this version of it
        why += text("plugins.import_hint", have=str(API_VERSION)).en
    return why


def _declaration(module: object) -> Pack | None:
    """What ``gixcheck_pack`` returns, called before the plugin is registered."""
    declare = getattr(module, "gixcheck_pack", None)
    if declare is None or not callable(declare):
        return None
    pack = declare()
    if pack is None:
        return None
    if not isinstance(pack, Pack):
        raise TypeError(text("plugins.pack_not_a_pack", got=type(pack).__name__).en)
    return pack


def _spec_name(spec: str) -> str:
    """A plugin's name from its ``--plugin`` spec, until it declares one: a package folder's
    name (``pack/`` or ``pack/__init__.py``), a file's stem, or the module name."""
    path = Path(spec)
    if path.name == "__init__.py":
        return path.parent.name
    if path.is_dir() or spec.endswith(".py"):
        return path.stem if spec.endswith(".py") else path.name
    return spec


def _import_spec(spec: str) -> tuple[ModuleType, str]:
    """Import what ``--plugin`` names: a module name, a ``.py`` file, a package folder or its
    ``__init__.py``; returns the module and its provisional name."""
    path = Path(spec)
    if path.is_dir():
        path = path / "__init__.py"
        if not path.is_file():
            raise FileNotFoundError(f"{spec} is a folder without __init__.py")
    elif not (spec.endswith(".py") or os.sep in spec or path.is_file()):
        return importlib.import_module(spec), spec
    if not path.is_file():
        raise FileNotFoundError(f"no such file {spec}")
    if path.name == "__init__.py":
        # a package: imported under its folder's name so that its own absolute imports
        # (``from gixcheck_mypack.kinds import …``) find its modules
        name = path.parent.name
        if name in sys.modules:
            raise ValueError(f"a module named {name!r} is already imported")
        loader_spec = importlib.util.spec_from_file_location(
            name, path, submodule_search_locations=[str(path.parent)]
        )
    else:
        name = f"gixcheck_plugin_{path.stem}"
        loader_spec = importlib.util.spec_from_file_location(name, path)
    if loader_spec is None or loader_spec.loader is None:
        raise ImportError(f"cannot load {spec}")
    module = importlib.util.module_from_spec(loader_spec)
    if path.name == "__init__.py":
        sys.modules[name] = module
    try:
        loader_spec.loader.exec_module(module)
    except BaseException:
        if path.name == "__init__.py":
            sys.modules.pop(name, None)
        raise
    return module, _spec_name(spec)


def _own_version() -> str:
    from gixcheck._version import __version__

    return __version__


_HOSTS: dict[tuple[str, ...], Host] = {}


def host(extra_plugins: tuple[str, ...] = ()) -> Host:
    if extra_plugins not in _HOSTS:
        _HOSTS[extra_plugins] = Host(extra_plugins)
    return _HOSTS[extra_plugins]


# ----------------------------------------------------------------------------- docs


def kinds_markdown() -> str:
    """docs/rule-kinds.md, generated from the built-in kinds' ``description`` and ``params``.

    Regenerate with ``python -c "import gixcheck.plugins as p; p.write_kinds_doc()"``; a test
    fails when the file is out of date.
    """
    h = Host(autoload=False)
    lines = [
        "# Rule kinds",
        "",
        "<!-- Generated from each kind's `description` and `params` by",
        '     `python -c "import gixcheck.plugins as p; p.write_kinds_doc()"`. Do not edit. -->',
        "",
        "A rule kind is the Python check behind rules; a rule set (TOML) names the kind with",
        '`kind = "…"` and gives it `params`. These are the kinds built into gixcheck; plugins add',
        "more (`gixcheck plugins` lists them). See [rule-sets.md](rule-sets.md) for how rules",
        "use them and [plugins.md](plugins.md) for writing a new one.",
        "",
    ]
    for name in sorted(h.kinds):
        kind = h.kinds[name]
        lines += [f"## `{name}`", ""]
        desc = " ".join((kind.description or "(no description)").split())
        lines += [desc, ""]
        params = getattr(kind, "params", {}) or {}
        if params:
            lines += ["| parameter | meaning |", "|---|---|"]
            for p, meaning in params.items():
                text = " ".join(str(meaning).split()).replace("|", "\\|")
                lines.append(f"| `{p}` | {text} |")
        else:
            lines.append("No parameters.")
        lines.append("")
    return "\n".join(lines)


def write_kinds_doc(path: str | Path | None = None) -> Path:
    target = Path(path) if path else Path(__file__).resolve().parents[2] / "docs" / "rule-kinds.md"
    target.write_text(kinds_markdown(), encoding="utf-8")
    return target

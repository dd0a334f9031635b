"""Which rules a run reports, and at which severity: ruff's selection model.

Selection is resolved in layers — the configuration file, then the command line (or the Python
API's keyword arguments).  In each layer:

- a layer that gives ``select`` starts again from it (the command line's ``--select`` replaces
  the file's ``select``); a layer without it starts from what the layers before it chose;
- ``extend-select`` adds and ``ignore`` removes, the most specific code or prefix deciding
  (``ARI`` < ``ARI00`` < ``ARI001``; on a tie ``ignore`` wins);
- a layer's ``ignore`` is carried into the next layer that starts again with its own
  ``select`` (``ignore = ["ARI005"]`` in the file still holds under ``--select ARI``), as in
  ruff;
- ``ALL`` stands for every rule.

``per-file-ignores`` apply last, to the files whose path matches their pattern.

gixcheck's own findings (``GIX``: an input that cannot be read, a report that breaks the
schema, a rule that crashed, a stale baseline entry) are always reported: no selection can hide
that a file was not checked or a check did not run.
"""

from __future__ import annotations

import fnmatch
import functools
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from gixcheck.model import Severity

ALWAYS_REPORTED = "GIX"
ALL = "ALL"


@dataclass(frozen=True)
class Layer:
    """One source of select/extend-select/ignore (``origin`` names it in messages)."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    origin: str = ""


def _prefix(code: str) -> str:
    return "" if code == ALL else code


def _hit(code: str, prefixes: Iterable[str]) -> int:
    """Length of the longest prefix matching ``code``; -1 when none does."""
    return max((len(p) for p in map(_prefix, prefixes) if code.startswith(p)), default=-1)


@dataclass(frozen=True)
class PerFileIgnore:
    """Codes ignored in files matching ``pattern``.

    A pattern without ``/`` matches a file's name (``*.html``); one with ``/`` is an absolute
    pattern (the configuration made it so, from its own folder) matched against the file's
    absolute path.  ``*`` also matches ``/``.  ``origin`` is the file it came from ("" for the
    command line or the API).
    """

    pattern: str
    codes: tuple[str, ...]
    origin: str = ""

    def matches(self, path: str) -> bool:
        return matches(self.pattern, path)


def matches(pattern: str, path: str) -> bool:
    """A file pattern as configuration uses it (see :class:`PerFileIgnore`)."""
    return matcher((pattern,))(path)


@functools.lru_cache(maxsize=64)
def matcher(patterns: tuple[str, ...]) -> Callable[[str], bool]:
    """Whether any of ``patterns`` matches a path, as :func:`matches` tells each: one regular
    expression for the name patterns and one for the path patterns (a folder scan asks this
    of every file, with a dozen default patterns)."""
    names = [fnmatch.translate(p) for p in patterns if "/" not in p]
    paths = [fnmatch.translate(q) for p in patterns if "/" in p for q in (p, p + "/*")]
    name_re = re.compile("|".join(names)).match if names else None
    path_re = re.compile("|".join(paths)).match if paths else None

    def test(path: str) -> bool:
        if name_re is not None and name_re(os.path.basename(path)):
            return True
        if path_re is None:
            return False
        return path_re(os.path.abspath(path).replace(os.sep, "/")) is not None

    return test


class Selection:
    """The rules a run reports and their severities; picklable (it travels to workers).

    ``Selection(select=…, ignore=…, extend_select=…, severity=…)`` is one layer, as a rule test
    gives it; :meth:`layered` builds the configuration-then-command-line stack.
    """

    __slots__ = ("_wanted", "layers", "per_file_ignores", "severity")

    def __init__(
        self,
        select: Sequence[str] | None = None,
        ignore: Sequence[str] = (),
        extend_select: Sequence[str] = (),
        severity: Mapping[str, Severity] | None = None,
        *,
        layers: Sequence[Layer] | None = None,
        per_file_ignores: Sequence[PerFileIgnore] = (),
    ) -> None:
        if layers is None:
            layers = [
                Layer(
                    tuple(select) if select is not None else None,
                    tuple(extend_select),
                    tuple(ignore),
                )
            ]
        self.layers: tuple[Layer, ...] = tuple(layers)
        self.severity: dict[str, Severity] = dict(severity or {})
        self.per_file_ignores: tuple[PerFileIgnore, ...] = tuple(per_file_ignores)
        # code → wants(code): the layers never change, and the engine asks for every rule of
        # every report
        self._wanted: dict[str, bool] = {}

    @classmethod
    def layered(
        cls,
        layers: Sequence[Layer],
        severity: Mapping[str, Severity] | None = None,
        per_file_ignores: Sequence[PerFileIgnore] = (),
    ) -> Selection:
        return cls(layers=layers, severity=severity, per_file_ignores=per_file_ignores)

    def __getstate__(self) -> tuple[object, ...]:
        return (self.layers, self.severity, self.per_file_ignores)

    def __setstate__(self, state: tuple[object, ...]) -> None:
        self.layers, self.severity, self.per_file_ignores = state  # type: ignore[assignment]
        self._wanted = {}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Selection) and self.__getstate__() == other.__getstate__()

    def __hash__(self) -> int:
        return hash(self.layers)

    def __repr__(self) -> str:
        return f"Selection(layers={self.layers!r}, severity={self.severity!r})"

    def wants(self, code: str) -> bool:
        """Is ``code`` reported?  (GIX codes always are.)"""
        found = self._wanted.get(code)
        if found is None:
            found = self._wanted[code] = self._wants(code)
        return found

    def _wants(self, code: str) -> bool:
        if code.startswith(ALWAYS_REPORTED):
            return True
        state = True  # before any layer: every active rule of the rule set
        carried: tuple[str, ...] = ()
        for layer in self.layers:
            ignores = layer.ignore + carried if layer.select is not None else layer.ignore
            chosen = _hit(code, (*(layer.select or ()), *layer.extend_select))
            dropped = _hit(code, ignores)
            if layer.select is not None:
                state = False
            if chosen > dropped:
                state = True
            elif dropped >= 0:
                state = False
            carried = () if layer.select is not None else carried + layer.ignore
        return state

    def severity_of(self, code: str, default: Severity) -> Severity:
        best = max((p for p in self.severity if code.startswith(p)), key=len, default=None)
        return self.severity[best] if best is not None else default

    def for_path(self, path: str) -> Selection:
        """This selection with the per-file ignores of ``path`` applied on top."""
        extra = [p for p in self.per_file_ignores if p.matches(path)]
        if not extra:
            return self
        layers = [*self.layers, *(Layer(ignore=p.codes, origin=p.origin) for p in extra)]
        return Selection(layers=layers, severity=self.severity)

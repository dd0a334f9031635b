"""What a rule kind is and what it is given: :class:`RuleKind`, :class:`Violation`, the run's
:class:`Context` and the reader of other reports.

Lifecycle (``docs/plugins.md`` draws it): the host makes one instance of each kind when it loads
the plugins — once per process, and once in each worker process with ``--jobs`` — and calls
``check(report, rule, ctx)`` for every rule of that kind on every report.  A kind keeps no state
between calls: what it needs comes from the rule (``rule.args``), the report and ``ctx``.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Protocol, TypeVar

from gixcheck.kinds.params import docs
from gixcheck.messages import Text, text
from gixcheck.model import NotAssessable, Report, Severity
from gixcheck.rulesets import Rule

__all__ = [
    "Context",
    "Outcome",
    "ReportReader",
    "RuleKind",
    "UnreadableReport",
    "Violation",
    "read_report",
]

T = TypeVar("T")
PathLike = str | os.PathLike[str]


@dataclass
class Violation:
    """One broken check.  The engine turns it into a Finding with the rule's message template.

    ``vars`` fill the message placeholders (``{lhs}``), ``key`` distinguishes several
    violations at one pointer in the fingerprint, ``severity`` overrides the rule's (TAB004's
    not-applicable cells are warnings).
    """

    pointer: str
    label: str
    vars: dict[str, Any] = field(default_factory=dict)
    evidence: dict[str, Any] = field(default_factory=dict)
    source: dict[str, Any] | None = None
    severity: Severity | None = None
    key: str = ""


Outcome = Violation | NotAssessable


class UnreadableReport(Exception):
    """Another report could not be read; ``zh``/``en`` say why (as a GIX001 finding would)."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en


class ReportReader(Protocol):
    """Reads another report the way the run reads its inputs: the same extractors (``--plugin``
    ones included), the same ``--max-size``; raises :class:`UnreadableReport`."""

    def __call__(self, path: PathLike, /) -> Report: ...


def _no_reader(path: PathLike, /) -> Report:
    said = text("plugins.no_reader", path=os.fspath(path))
    raise UnreadableReport(said.zh, said.en)


@dataclass
class Context:
    """What a kind is given beside the report and the rule; one per report checked.

    ``lang``       the run's language (``zh`` or ``en``), for text a kind builds itself
    ``path``       the checked report's path as given (``"<dict>"``/``"<bytes>"`` for data,
                   ``"-"`` for standard input); ``None`` outside a run
    ``previous``   last year's report (``--previous``) when one is given for this report
    ``previous_missing``  why there is none, when the run sought one and knows (another
                   body's, none of this body in the ``--previous`` folder): a ``Text``
    ``published``  ``--published YYYY-MM-DD``: the publication date the user states
    ``settings``   pack name → that pack's parsed settings (read them with
                   :meth:`settings_for`)
    ``reader``     reads another report with the run's extractors and limits
                   (call :meth:`read_report`)
    ``report_suffixes``  the file suffixes the run reads (``.json`` and every extractor's):
                   :meth:`report_files` lists a folder's reports by them
    ``options``    the raw settings as ``"pack.key" → value`` (API 1.0; prefer ``settings``)
    """

    lang: str = "zh"
    previous: Report | None = None
    published: str | None = None
    options: dict[str, Any] = field(default_factory=dict)
    path: str | None = None
    settings: Mapping[str, Any] = field(default_factory=dict)
    reader: ReportReader = _no_reader
    previous_missing: Text | None = None
    report_suffixes: tuple[str, ...] = (".json",)

    def report_files(self, folder: PathLike) -> list[Path]:
        """The files directly in ``folder`` that the run reads as reports (by suffix: JSON and
        every extractor's), sorted by name so that a kind's results never depend on the order
        the file system lists them in."""
        suffixes = tuple(s.lower() for s in self.report_suffixes)
        found = (f for f in Path(folder).iterdir() if f.is_file())
        return sorted((f for f in found if f.suffix.lower() in suffixes), key=lambda f: f.name)

    def read_report(self, path: PathLike) -> Report:
        """Another report (a township's, last year's) in any format the run reads."""
        return self.reader(path)

    def settings_for(self, cls: type[T]) -> T:
        """This run's settings of the pack whose schema is ``cls`` (typed for mypy).

        The host parsed and checked them at start-up against ``Pack.settings``; a pack given no
        settings gets its defaults.
        """
        for value in self.settings.values():
            if isinstance(value, cls):
                return value
        try:
            return cls()
        except TypeError:
            said = text("plugins.no_settings", schema=cls.__qualname__)
            raise LookupError(said.en) from None


class RuleKind:
    """Base class for rule kinds.  Subclasses set ``name`` and implement :meth:`check`.

    ``Params`` is a dataclass declaring the kind's parameters (see :mod:`gixcheck.kinds.params`):
    a rule set is checked against it when it is loaded, and the kind reads the parsed values
    from ``rule.args``.  Which reports a rule is about (years, body kinds, levels, layouts) is
    the rule's ``applies_to``, checked by the engine before ``check`` is called: a kind never
    tests it itself.  A kind without ``Params`` gets the raw ``rule.params`` table, unchecked;
    its ``params`` dict then documents them (name → one line).
    """

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    Params: ClassVar[type | None] = None
    params: ClassVar[dict[str, str]] = {}

    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        if cls.__dict__.get("Params") is not None and "params" not in cls.__dict__:
            cls.params = docs(cls.Params)

    def check(self, report: Report, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        raise NotImplementedError

    # helpers every kind uses
    @staticmethod
    def not_assessable(
        rule: Rule, zh: str | Text, en: str = "", pointer: str = ""
    ) -> NotAssessable:
        """With a :class:`~gixcheck.messages.Text` (and ``pointer=``), or the two sentences."""
        if isinstance(zh, Text):
            return NotAssessable(rule.code, zh.zh, zh.en, pointer=pointer)
        return NotAssessable(rule=rule.code, reason_zh=zh, reason_en=en, pointer=pointer)


# The context of the rules running now, for :func:`read_report` (API 1.0), which has no ``ctx``.
_ACTIVE: contextvars.ContextVar[Context | None] = contextvars.ContextVar(
    "gixcheck_ctx", default=None
)


@contextlib.contextmanager
def active(ctx: Context) -> Iterator[Context]:
    """While rules run on one report: makes :func:`read_report` use that run's reader."""
    token = _ACTIVE.set(ctx)
    try:
        yield ctx
    finally:
        _ACTIVE.reset(token)


def read_report(path: PathLike, plugins: tuple[str, ...] = ()) -> Report:
    """Deprecated since API 1.1: use ``ctx.read_report(path)``.

    Reads with the reader of the run whose rules are running (its extractors and limits);
    ``plugins`` is ignored (it used to build a second plugin host).  Outside a rule's ``check``
    there is no run, and it raises :class:`UnreadableReport` saying so.
    """
    ctx = _ACTIVE.get()
    return (ctx.reader if ctx is not None else _no_reader)(path)

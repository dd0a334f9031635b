"""Input and output formats: :class:`Extractor`, :class:`OutputFormat`, and the protocols of
what an output format is given (:class:`RunResult`, :class:`ReportOutcome`) and returns
(:class:`Sink`).

The protocols name what is stable; the objects the run passes (``gixcheck.CheckResult`` and
``gixcheck.ReportResult``) have more, which may change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol, get_args

from gixcheck.extract.document import Document
from gixcheck.model import Finding, NotAssessable

__all__ = [
    "NEEDS",
    "Chunks",
    "Extractor",
    "Need",
    "OutputFormat",
    "Render",
    "ReportOutcome",
    "RunResult",
    "Sink",
    "SinkFactory",
]


# ----------------------------------------------------------------------------- input


@dataclass(frozen=True)
class Extractor:
    """An input format: ``sniff`` looks at the first bytes, ``suffixes`` are a fallback.

    ``extract(data, name)`` turns the file's bytes into a :class:`Document`; raise
    ``ExtractionError`` for a file that cannot be read.  Sniffers are asked highest
    ``priority`` first.
    """

    name: str
    suffixes: tuple[str, ...]
    extract: Callable[[bytes, str], Document]
    sniff: Callable[[bytes], bool] | None = None
    priority: int = 0


# ----------------------------------------------------------------------------- output


class ReportOutcome(Protocol):
    """One checked report as an output format sees it."""

    source: str
    sha256: str
    report: dict[str, Any] | None  # the canonical report; only its metadata unless "tables"
    findings: list[Finding]
    not_assessable: list[NotAssessable]
    checks_run: int
    score: int | None  # None: unreadable, not assessed
    grade: str | None
    readable: bool

    @property
    def meta(self) -> dict[str, Any]: ...

    def counts(self) -> dict[str, int]: ...

    def to_dict(self, lang: str = ...) -> dict[str, Any]: ...


class RunResult(Protocol):
    """The run as an output format or ``gixcheck_finish_run`` sees it.

    ``reports`` is empty while streaming (the CLI hands each report to the sink as it is
    checked); ``extra`` is where ``gixcheck_finish_run`` may add (``result.extra["..."]``).
    """

    rulesets: list[tuple[str, str]]

    @property
    def reports(self) -> Sequence[ReportOutcome]: ...

    rules: list[Any]
    extra: dict[str, Any]

    def to_dict(self, lang: str = ..., reports: bool = ...) -> dict[str, Any]: ...


Chunks = str | Iterable[str]


class Sink(Protocol):
    """A streamed document: ``start()``, then ``add(report)`` per report, then ``close()``; each
    returns the text to write next (a string, or strings written one after the other)."""

    def start(self) -> Chunks: ...

    def add(self, report: Any) -> Chunks: ...

    def close(self) -> Chunks: ...


class SinkFactory(Protocol):
    """``sink(result, lang)`` — with ``console=`` (a rich Console) for a format that needs
    ``"terminal"`` and writes to standard output."""

    def __call__(self, result: Any, lang: str, /, **options: Any) -> Sink: ...


class Render(Protocol):
    """``render(result, lang)`` returns the whole document."""

    def __call__(self, result: Any, lang: str, /) -> str: ...


class Piece(Protocol):
    """``piece(report, run, lang)``: a format's text for one report (a
    :class:`~gixcheck.api.ReportResult`) that depends on nothing but the report, the run's
    rule sets and rules (``run``, a :class:`RunResult` before any report is added to it) and
    the language, picklable.  A batch makes it in the worker that checked the report, so the
    one process that writes every report does not; the format's sink takes it with
    ``Sink.piece(report, piece)``."""

    def __call__(self, report: Any, run: Any, lang: str, /) -> Any: ...


Need = Literal["tables", "terminal"]
# What an output format may declare it needs from the run (OutputFormat.needs):
#   "tables"    keep each report's canonical tables in the results it is given (the HTML page
#               draws them); without it results carry only the metadata, which keeps a batch's
#               memory small
#   "terminal"  when it writes to standard output, make the sink with ``console=``: a rich
#               Console for that stream (colour on a terminal, plain in a pipe), which prints
#               above a progress bar
NEEDS: frozenset[str] = frozenset(get_args(Need))


@dataclass(frozen=True)
class OutputFormat:
    """An output format: ``render(result, lang)`` returns the whole document as text.

    A format whose document is a head, one part per report and a tail also gives ``sink``:
    ``sink(result, lang)`` returns a :class:`Sink`.  The CLI then writes each report's part as
    it is checked and keeps no report in memory (``result.reports`` is empty while streaming),
    so memory stays flat however many reports a batch holds.

    ``needs`` declares what the format needs from the run — any of :data:`NEEDS`; the host
    gives it that and nothing else, whatever the format is called (built-in ones included).

    ``piece`` (see :class:`Piece`): the part of a report's text that the workers of a batch
    may make; the sink's ``part`` gets it through ``self.piece(report, piece)``, which makes it
    there when no worker did (one process, or a report the batch rules changed since).
    """

    name: str
    render: Render
    description: str = ""
    sink: SinkFactory | None = None
    needs: frozenset[Need] = frozenset()
    piece: Piece | None = None

    def __post_init__(self) -> None:
        unknown = sorted(set(self.needs) - NEEDS)
        if unknown:
            raise ValueError(
                f"output format {self.name!r} needs {', '.join(map(repr, unknown))}: "
                f"not one of {', '.join(sorted(NEEDS))}"
            )
        object.__setattr__(self, "needs", frozenset(self.needs))

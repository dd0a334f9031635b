"""Running plugin code so that it cannot break a run.

Plugin code (a rule kind's ``check``, an extractor, an output format, a hook) runs inside
:func:`plugin_code`: what it prints goes to standard error, never into a machine format on
standard output.  Whatever it raises — ``SystemExit``, ``GeneratorExit``, a ``BaseException``
of its own — is the plugin's failure (:func:`caught` tells which to let through: an interrupt
or a document's time limit belongs to the run), and what a rule returns is checked
(:func:`outcomes`) before it becomes a finding, so garbage is the plugin's error too.
"""

from __future__ import annotations

import json
import pickle
import sys
from collections.abc import Iterable
from types import GeneratorType
from typing import Any

from gixcheck.limits import DocumentTimeout
from gixcheck.model import Finding, NotAssessable, Severity, jsonable, jsonable_default
from gixcheck.plugin.kind import Violation

# What plugin code may raise that is not its failure but the run's: Ctrl-C/SIGTERM and the
# document's time limit (raised by the run's own timer inside whatever code is running).
PASS_THROUGH: tuple[type[BaseException], ...] = (KeyboardInterrupt, DocumentTimeout)
# For an output format's code: also an OSError, which is writing the output failing (a closed
# pipe, a full disk) — the run's error, not the format's.
PASS_THROUGH_WRITING: tuple[type[BaseException], ...] = (*PASS_THROUGH, OSError)


_LONG_KEY = 256


class PluginMisbehaved(Exception):
    """A plugin returned something it must not (the message says what)."""


class plugin_code:  # lower case: used as a function, ``with plugin_code():``
    """Run plugin code with ``print()`` (``sys.stdout``) going to standard error.

    A small class rather than a generator-based context manager: the engine enters it for
    every rule of every report, and this costs a fraction of ``contextlib``'s machinery.
    """

    __slots__ = ("_saved",)

    def __init__(self) -> None:
        self._saved: Any = None

    def __enter__(self) -> None:
        out, err = sys.stdout, sys.stderr
        if out is not err and err is not None:
            self._saved = (out,)
            sys.stdout = err

    def __exit__(self, *exc: object) -> None:
        if self._saved is not None:
            sys.stdout = self._saved[0]
            self._saved = None


def described(exc: BaseException) -> str:
    """``TypeName: message`` (``TypeName`` alone when the message is empty)."""
    said = str(exc)
    return f"{type(exc).__name__}: {said}" if said else type(exc).__name__


def outcomes(returned: Any) -> list[Violation | NotAssessable]:
    """What a rule kind's ``check`` returned, checked: an iterable of Violation and
    NotAssessable whose fields have their types (the evidence is checked to be JSON once the
    finding is made: :func:`made`)."""
    if returned is None:
        return []
    kind = type(returned)
    if (
        kind is not list
        and kind is not tuple
        and kind is not GeneratorType
        and (isinstance(returned, (str, bytes, dict)) or not isinstance(returned, Iterable))
    ):  # what kinds return (a generator, a list) passes without the slower ABC check
        raise PluginMisbehaved(
            f"check must return a list of Violation/NotAssessable, not {type(returned).__name__}"
        )
    out: list[Violation | NotAssessable] = []
    append = out.append
    for o in returned:
        kind = type(o)
        if kind is Violation:
            # Each field of its exact type is told by one comparison; any other goes to the
            # checks below, which say what is wrong (in the same order).
            if (
                type(o.pointer) is str
                and type(o.label) is str
                and type(o.key) is str
                and type(o.vars) is dict
                and type(o.evidence) is dict
                and (o.source is None or type(o.source) is dict)
                and (o.severity is None or type(o.severity) is Severity)
            ):
                for k in o.vars:
                    if type(k) is not str:
                        _need(k, str, "a Violation.vars key")
                if len(o.key) > _LONG_KEY:
                    o.key = sys.intern(o.key)
                append(o)
                continue
        elif (
            kind is NotAssessable
            and type(o.rule) is str
            and type(o.reason_zh) is str
            and type(o.reason_en) is str
        ):
            append(o)
            continue
        if isinstance(o, NotAssessable):
            _need(o.rule, str, "NotAssessable.rule")
            _need(o.reason_zh, str, "NotAssessable.reason_zh")
            _need(o.reason_en, str, "NotAssessable.reason_en")
        elif isinstance(o, Violation):
            _need(o.pointer, str, "Violation.pointer")
            _need(o.label, str, "Violation.label")
            _need(o.key, str, "Violation.key")
            _need(o.vars, dict, "Violation.vars")
            _need(o.evidence, dict, "Violation.evidence")
            if o.source is not None:
                _need(o.source, dict, "Violation.source")
            if o.severity is not None:
                _need(o.severity, Severity, "Violation.severity")
            for k in o.vars:
                _need(k, str, "a Violation.vars key")
            if len(o.key) > _LONG_KEY:
                # Keys often quote a whole sentence, and a crawled line without 。 repeats one
                # claim thousands of times: equal keys share one string while the findings are
                # made (10,000 copies of a 70,000-character key were 1.4 GB).
                o.key = sys.intern(o.key)
        else:
            raise PluginMisbehaved(
                f"check returned a {type(o).__name__}, not a Violation or NotAssessable"
            )
        append(o)
    return out


def made(f: Finding, evidence_json: bool = False) -> Finding:
    """A finding made from a plugin's Violation, checked to be JSON (its evidence already
    clipped to the caps, so checking costs what writing it will).  ``evidence_json``: the
    clipping walk found the evidence certainly JSON (:func:`gixcheck.caps.bounded_json`), so
    it is not encoded again here."""
    if not evidence_json:
        _json(f.evidence, "Violation.evidence", _QUICK_DECIMALS)
    if f.location.source is not None:
        _json(f.location.source, "Violation.source")
    return f


def picklable(value: Any, what: str) -> Any:
    """``value`` when it can travel between processes (a batch rule's fingerprint)."""
    try:
        pickle.dumps(value)
    except Exception as exc:
        raise PluginMisbehaved(f"{what} cannot be sent between processes ({exc})") from None
    return value


def _need(value: Any, kind: type, what: str) -> None:
    if not isinstance(value, kind):
        raise PluginMisbehaved(f"{what} must be {kind.__name__}, not {type(value).__name__}")


# json.dumps(value, allow_nan=False), without making an encoder for each finding
_STRICT_JSON = json.JSONEncoder(allow_nan=False)


def _quick_encoder(default: Any) -> Any:
    """The C encoder ``_STRICT_JSON.encode`` makes for each value, made once: without the
    circular-reference check, whose markers an encoding that fails leaves behind (a cycle
    then fails as too deep instead, and is told again the thorough way, as any failure is).
    None where the C encoder is missing."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # pragma: no cover - CPython has it
        return None
    e = _STRICT_JSON
    return make(
        None,
        default,
        json.encoder.encode_basestring_ascii,
        None,
        e.key_separator,
        e.item_separator,
        e.sort_keys,
        e.skipkeys,
        e.allow_nan,
    )


_QUICK = _quick_encoder(_STRICT_JSON.default)
# Evidence often holds Decimals (sums, amounts): converted as the encoder meets them, in the
# same pass.  What it accepts, the thorough way accepts too (the same containers walked, the
# same leaves, each Decimal converted by the same function; evidence is no deeper than the
# clipping walk that made it could go); anything it refuses is told the thorough way.
_QUICK_DECIMALS = _quick_encoder(jsonable_default)


def _json(value: Any, what: str, quick: Any = _QUICK) -> None:
    try:
        # Evidence is mostly plain JSON already: the C encoder alone tells it; only what it
        # refuses is converted first and tried again.
        if quick is not None and type(value) is dict:
            quick(value, 0)
        else:
            _STRICT_JSON.encode(value)
        return
    except Exception:  # tried again the thorough way below
        pass
    try:
        _STRICT_JSON.encode(jsonable(value))
    except (TypeError, ValueError, RecursionError) as exc:
        raise PluginMisbehaved(f"{what} is not JSON ({exc})") from None

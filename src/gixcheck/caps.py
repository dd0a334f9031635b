"""Bounded output: how much of a finding's evidence is kept, and how many findings are shown.

A hostile or broken report can make one rule fire thousands of times, each finding quoting the
same long sentence (``收到申请1件，`` × 10,000 in one paragraph gave 10,000 findings of 190 KB
each: 1.9 GB of JSON).  So:

| cap | default | configuration key / API keyword |
|---|---|---|
| characters of one evidence text | 1000 | ``max-evidence`` / ``max_evidence`` |
| findings of one rule in one report | 200 | ``max-findings-per-rule`` / ``max_findings_per_rule`` |
| findings of one report | 1000 | ``max-findings-per-report`` / ``max_findings_per_report`` |

A longer evidence text is cut and ends with ``… (+N)``, N the characters left out.  Findings
over a cap are left out of the output but never forgotten: the report's summary still counts
them, its ``omitted`` says how many were left out and of which rules, its score was computed
from all of them, and a baseline made from the run records them all.  The findings kept are
the first ones in the output's order, those a baseline does not accept first (so a new error is
never hidden behind accepted ones), so the output stays deterministic.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gixcheck.model import Finding


@dataclass(frozen=True)
class Caps:
    evidence_chars: int = 1000
    findings_per_rule: int = 200
    findings_per_report: int = 1000


DEFAULT = Caps()
_current: ContextVar[Caps] = ContextVar("gixcheck_caps", default=DEFAULT)


def current() -> Caps:
    """The caps in force for the report being checked (the engine asks here)."""
    return _current.get()


class applied:  # lower case: used as a function, ``with applied(caps):``
    """The caps in force while checking one report (a small class rather than a generator
    made into a context manager: entered for every report, at a fraction of the cost)."""

    __slots__ = ("_caps", "_token")

    def __init__(self, caps: Caps) -> None:
        self._caps = caps
        self._token: Any = None

    def __enter__(self) -> None:
        self._token = _current.set(self._caps)

    def __exit__(self, *exc: object) -> None:
        _current.reset(self._token)


def clip(text: Any, limit: int | None = None) -> Any:
    """``text`` cut to ``limit`` characters (the current cap), saying how many were cut;
    anything but a text is given back as it is."""
    n = current().evidence_chars if limit is None else limit
    if not isinstance(text, str) or len(text) <= n:
        return text
    return f"{text[:n]}… (+{len(text) - n})"


def bounded(value: Any, limit: int | None = None) -> Any:
    """Evidence with every text in it clipped (dicts, lists and tuples walked); the same
    object when nothing is long, so the common case copies nothing."""
    return bounded_json(value, limit)[0]


def bounded_json(value: Any, limit: int | None = None) -> tuple[Any, bool]:
    """:func:`bounded`, and whether what it gives is certainly JSON as it stands: the same
    walk tells it for most evidence (plain dicts with text keys, lists, tuples, texts,
    numbers, booleans and None).  False says only that the walk cannot tell (NaN, an
    infinity, a Decimal too large for a float, another key, a clipped text): the finding's
    guard then encodes it."""
    n = current().evidence_chars if limit is None else limit
    told = _unchanged(value, n)
    if told:
        return value, told is _JSON
    return _bounded(value, n), False


# The types the walk gives back as they are (exactly these: a subclass of one takes the
# walk) are dict, list, tuple, str, these, float and Decimal; JSON takes these whatever their
# value, a float or a Decimal only when finite (and a Decimal written as a float, not too
# large for one).
_JSON_LEAVES: frozenset[type] = frozenset({int, bool, type(None)})
_TEXT: frozenset[type] = frozenset({str})
# Evidence nested deeper than this, or with more items on one level (a cycle is either), is
# told by the walk itself, as it always was.
_FLAT_DEPTH = 32
_FLAT_ITEMS = 65536
_UNCHANGED, _JSON = 1, 2  # what :func:`_unchanged` tells (and 0: neither)


def _unchanged(value: Any, n: int) -> int:
    """``_UNCHANGED`` when :func:`_bounded` would give ``value`` back as it is: plain dicts,
    lists and tuples of plain numbers, None and texts of at most ``n`` characters, told level
    by level in one loop instead of a call per item (most evidence); ``_JSON`` when it is
    moreover certainly JSON (every number finite, every key a text); 0 otherwise."""
    level = [value]
    told = _JSON
    for _ in range(_FLAT_DEPTH):
        below: list[Any] = []
        for v in level:
            t = type(v)
            if t is str:
                if len(v) > n:
                    return 0
            elif t is dict:
                if told is _JSON and not _TEXT.issuperset(map(type, v)):
                    told = _UNCHANGED
                below.extend(v.values())
            elif t is list or t is tuple:
                below.extend(v)
            elif t in _JSON_LEAVES:
                pass
            elif t is float:
                if v - v != 0:  # NaN or an infinity: the guard tells it
                    told = _UNCHANGED
            elif t is Decimal:
                # written as an int, or as a float that must be finite (jsonable)
                if not v.is_finite() or v.adjusted() > 300:
                    told = _UNCHANGED
            else:
                return 0
        if not below:
            return told
        if len(below) > _FLAT_ITEMS:
            return 0
        level = below
    return 0


def _bounded(value: Any, n: int) -> Any:
    if isinstance(value, str):
        return clip(value, n)
    if isinstance(value, dict):
        out = {k: _bounded(v, n) for k, v in value.items()}
        return value if all(out[k] is value[k] for k in value) else out
    if isinstance(value, (list, tuple)):
        items = [_bounded(v, n) for v in value]
        if all(a is b for a, b in zip(items, value, strict=True)):
            return value
        return items if isinstance(value, list) else tuple(items)
    return value


def select(findings: list[Finding], caps: Caps) -> tuple[list[Finding], list[Finding]]:
    """The findings to show and those left out, each list in the output's order."""
    if len(findings) <= min(caps.findings_per_rule, caps.findings_per_report):
        return findings, []
    # those a baseline does not accept first, then the output's order (severity first)
    order = sorted(range(len(findings)), key=lambda i: (findings[i].baselined, i))
    per_rule: dict[str, int] = {}
    kept: set[int] = set()
    for i in order:
        rule = findings[i].rule
        if per_rule.get(rule, 0) >= caps.findings_per_rule:
            continue
        if len(kept) >= caps.findings_per_report:
            break
        per_rule[rule] = per_rule.get(rule, 0) + 1
        kept.add(i)
    shown = [f for i, f in enumerate(findings) if i in kept]
    left = [f for i, f in enumerate(findings) if i not in kept]
    return shown, left


def summary(omitted: list[Finding]) -> dict[str, Any]:
    """What the output says of the findings left out: how many, by rule, and by severity
    (those a baseline accepts not counted by severity, as in the report's summary)."""
    by_rule: dict[str, int] = {}
    by_severity = {"error": 0, "warning": 0, "info": 0}
    for f in omitted:
        by_rule[f.rule] = by_rule.get(f.rule, 0) + 1
        if not f.baselined:
            by_severity[f.severity.value] += 1
    return {
        "findings": len(omitted),
        "rules": dict(sorted(by_rule.items())),
        **by_severity,
    }

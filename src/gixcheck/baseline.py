"""Baselines: accept today's findings so that only new ones fail the run.

A baseline is a JSON file of finding fingerprints.  Fingerprints are built from the rule, the
report's identity (issuing body and year) and the logical place (JSON Pointer), never from line
numbers or file names, so a baseline made from a PDF still matches the same report given as
canonical JSON, or re-extracted after a reformatting.  A report whose metadata gives no body or
no year is identified by its bytes instead, and an unreadable input by its bytes (or, when they
could not be read, its path) and the reason: a baseline never accepts another file's findings.

Each entry also carries the rule, report, pointer and message — only for the people reviewing
the file; matching uses the fingerprint alone.  An entry whose report was checked but which no
longer matches any finding of it is reported as ``GIX004`` (stale), so baselines shrink — but
only when its rule ran and could be assessed: a rule switched off (``--ignore``, ``enabled =
false``) or not assessable this time leaves its entries alone.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from gixcheck.messages import text
from gixcheck.model import Report

FORMAT_KEY = "gixcheck_baseline"
FORMAT_VERSION = 1


class BaselineError(Exception):
    """The baseline file cannot be used: the message names the file and the problem."""


@dataclass(frozen=True)
class Entry:
    fingerprint: str
    rule: str
    report: str  # the report identity "body|year" (or "file:<sha256>" for unreadable input)
    pointer: str
    message: str
    source: str = ""

    def to_dict(self) -> dict[str, str]:
        return {
            "fingerprint": self.fingerprint,
            "rule": self.rule,
            "report": self.report,
            "source": self.source,
            "pointer": self.pointer,
            "message": self.message,
        }

    def sort_key(self) -> tuple[str, str, str, str]:
        return (self.report, self.rule, self.pointer, self.fingerprint)


def identity_of(result: Any) -> str:
    """The identity a report result's findings were fingerprinted with."""
    if getattr(result, "identity", ""):
        return str(result.identity)
    if result.report is None:
        return f"file:{result.sha256}"
    return Report(result.report).identity


@dataclass
class Baseline:
    entries: list[Entry]
    path: str = ""
    _by_report: dict[str, list[Entry]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for e in self.entries:
            self._by_report.setdefault(e.report, []).append(e)

    @property
    def fingerprints(self) -> set[str]:
        return {e.fingerprint for e in self.entries}

    def apply(self, result: Any, ruleset: Any, selection: Any) -> None:
        """Mark the result's recorded findings as baselined and add GIX004 for stale entries."""
        from gixcheck import engine
        from gixcheck.kinds.base import Violation

        mine = self._by_report.get(identity_of(result), [])
        if not mine:
            return
        recorded = {e.fingerprint for e in mine}
        found = set()
        for f in result.findings:
            if f.fingerprint in recorded:
                f.baselined = True
                found.add(f.fingerprint)
        # An unreadable file has no findings but GIX001: its other entries cannot be judged.
        if result.report is None:
            return
        active = {r.code for r in ruleset.active()}
        not_run = {n.rule for n in result.not_assessable}

        def judged(code: str) -> bool:
            # an entry is stale only if its rule ran on this report and could be assessed
            return code.startswith("GIX") or (
                code in active and selection.wants(code) and code not in not_run
            )

        rule = engine.engine_rule(ruleset, "GIX004")
        name = os.path.basename(self.path) or "baseline"
        stale = sorted(
            (e for e in mine if e.fingerprint not in found and judged(e.rule)), key=Entry.sort_key
        )
        for e in stale:
            entry = f"{e.rule} {e.pointer or '/'} ({e.fingerprint})"
            detail = text("baseline.stale", entry=entry)
            v = Violation(
                pointer=e.pointer,
                label=f"{name}: {e.rule}",
                vars={"entry": entry, "detail_zh": detail.zh, "detail_en": detail.en},
                evidence={"baseline": self.path, "entry": e.to_dict()},
                key=e.fingerprint,
            )
            result.findings.append(engine.finding(rule, identity_of(result), v, selection))
        if stale:
            from gixcheck.model import Finding

            result.findings.sort(key=Finding.sort_key)


def entries_of(results: Iterable[Any], lang: str = "zh") -> list[Entry]:
    """Baseline entries for every finding of the given report results, sorted, no duplicates."""
    out: dict[str, Entry] = {}
    for r in results:
        ident = identity_of(r)
        for f in (*r.findings, *getattr(r, "omitted_findings", ())):
            if f.rule == "GIX004":  # a stale-baseline note is never itself recorded
                continue
            out.setdefault(
                f.fingerprint,
                Entry(f.fingerprint, f.rule, ident, f.location.pointer, f.message(lang), r.source),
            )
    return sorted(out.values(), key=Entry.sort_key)


def dumps(entries: list[Entry]) -> str:
    doc = {
        FORMAT_KEY: FORMAT_VERSION,
        "entries": [e.to_dict() for e in sorted(entries, key=Entry.sort_key)],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def load(path: str | os.PathLike[str]) -> Baseline:
    name = os.fspath(path)
    try:
        with open(name, encoding="utf-8-sig") as fh:
            doc = json.load(fh)
    except OSError as exc:
        raise BaselineError(f"baseline {name}: cannot read: {exc.strerror}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BaselineError(f"baseline {name}: not valid JSON: {exc}") from None
    if not isinstance(doc, dict) or doc.get(FORMAT_KEY) != FORMAT_VERSION:
        raise BaselineError(
            f'baseline {name}: not a gixcheck baseline (expected "{FORMAT_KEY}": {FORMAT_VERSION};'
            " write one with `gixcheck baseline create`)"
        )
    raw = doc.get("entries")
    if not isinstance(raw, list):
        raise BaselineError(f'baseline {name}: "entries" must be a list')
    entries = []
    for i, e in enumerate(raw):
        if not isinstance(e, dict) or not isinstance(e.get("fingerprint"), str):
            raise BaselineError(f'baseline {name}: entry {i} has no "fingerprint"')
        entries.append(
            Entry(
                fingerprint=e["fingerprint"],
                rule=str(e.get("rule", "")),
                report=str(e.get("report", "")),
                pointer=str(e.get("pointer", "")),
                message=str(e.get("message", "")),
                source=str(e.get("source", "")),
            )
        )
    return Baseline(entries, name)

"""``--format sarif``: SARIF 2.1.0 for code-scanning tools (GitHub, GitLab, IDE viewers).

Every rule of the run is declared in ``tool.driver.rules`` with help generated from its
metadata.  A finding's physical location is the file with a region starting at its line (text);
a PDF page or an HTML/DOCX table cell is not a SARIF region, so there the region is left out and
the page or cell goes in the physical location's properties.  Its logical location is the JSON
Pointer into the canonical report.  Baselined findings carry an external, accepted suppression.  No
timestamps or absolute paths: the same input gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from gixcheck._version import __version__
from gixcheck.output.common import Sink, Spool, help_text, line_of, render_with, rules_of, uri
from gixcheck.output.jsonstream import Array, cut, dumps, marker

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _rule(rule: Any, lang: str) -> dict[str, Any]:
    other = "en" if lang == "zh" else "zh"
    text = help_text(rule, lang)
    out: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.text("summary", lang) or rule.code},
        "fullDescription": {
            "text": rule.text("why", lang) or rule.text("summary", lang) or rule.code
        },
        "help": {"text": text, "markdown": text},
        "defaultConfiguration": {"level": LEVEL[rule.severity.value]},
        "properties": {
            "category": rule.category,
            "tags": [rule.category],
            "summary_" + other: rule.text("summary", other),
        },
    }
    if rule.basis:
        out["properties"]["basis"] = list(rule.basis)
    return out


def _location(source_path: str, f: Any) -> dict[str, Any]:
    src = f.location.source
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri(source_path)}}
    line = line_of(src)
    if line is not None:
        physical["region"] = {"startLine": line}
    elif src:
        # A page or a table cell is no SARIF region (a region needs a start line or offset):
        # the place goes in the location's properties, the file stays the location.
        physical["properties"] = {k: src[k] for k in sorted(src) if k != "file"}
    loc: dict[str, Any] = {"physicalLocation": physical}
    if f.location.pointer or f.location.label:
        logical: dict[str, Any] = {"kind": "element"}
        if f.location.pointer:
            logical["fullyQualifiedName"] = f.location.pointer
        if f.location.label:
            logical["name"] = f.location.label
        loc["logicalLocations"] = [logical]
    return loc


def _result(rep: Any, f: Any, lang: str, index: dict[str, int]) -> dict[str, Any]:
    res: dict[str, Any] = {"ruleId": f.rule}
    if f.rule in index:
        res["ruleIndex"] = index[f.rule]
    res.update(
        {
            "level": LEVEL[f.severity.value],
            "message": {"text": f.message(lang)},
            "locations": [_location(rep.source, f)],
            "partialFingerprints": {"gixcheck/v1": f.fingerprint},
            "properties": {
                "name": f.name,
                "category": f.category,
                "severity": f.severity.value,
                "evidence": f.evidence,  # its Decimals converted by the writer's encoder
            },
        }
    )
    if f.baselined:
        res["suppressions"] = [
            {
                "kind": "external",
                "status": "accepted",
                "justification": "recorded in the gixcheck baseline",
            }
        ]
    return res


def _frame(result: Any, lang: str) -> dict[str, Any]:
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "gixcheck",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": "https://pypi.org/project/gixcheck/",
                        "rules": [_rule(r, lang) for r in rules_of(result).values()],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": marker("results"),
                "properties": {
                    "rulesets": [{"name": n, "version": v} for n, v in result.rulesets],
                    "reports": marker("reports"),
                },
            }
        ],
    }


class SarifSink(Sink):
    """The SARIF log, one report's results at a time.

    The rules table is the run's rules, known before the first result, so it is written first.
    A finding of a rule the rule set does not declare (an engine finding under a custom set
    without GIX rules) has its ``ruleId`` and no ``ruleIndex``, which SARIF allows.  The
    per-report summaries in ``run.properties.reports`` come after the results; they wait in a
    spool on disk, so nothing grows in memory with the batch.
    """

    def start(self) -> str:
        self.pieces, indents = cut(_frame(self.result, self.lang), ["results", "reports"])
        self.results, self.reports = Array(indents[0]), Array(indents[1])
        self.spool = Spool()
        return self.pieces[0] + "["

    def part(self, rep: Any) -> str:
        summary, results = self.piece(rep, piece)
        self.spool.write(self.reports.item_text(summary))
        return "".join(self.results.item_text(r) for r in results)

    def close(self) -> Iterator[str]:
        yield self.results.end() + self.pieces[1] + "["
        yield from self.spool.drain()
        yield self.reports.end() + self.pieces[2] + "\n"


def piece(rep: Any, run: Any, lang: str) -> tuple[str, list[str]]:
    """A report's summary and its results, each as :func:`dumps` writes it: a batch's workers
    make them (``run``: the rules, whose order gives each result's ``ruleIndex``)."""
    index = {code: i for i, code in enumerate(rules_of(run))}
    summary = {
        "source": rep.source,
        "body": rep.meta.get("body"),
        "year": rep.meta.get("year"),
        "score": rep.score,
        "grade": rep.grade,
    }
    return dumps(summary), [dumps(_result(rep, f, lang, index)) for f in rep.findings]


def render(result: Any, lang: str) -> str:
    return render_with(SarifSink, result, lang)


def document(result: Any, lang: str) -> dict[str, Any]:
    """The SARIF log as a dict (for callers that want to change it before writing)."""
    doc: dict[str, Any] = json.loads(render(result, lang))
    return doc

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
from typing import Any

from gixcheck._version import __version__
from gixcheck.model import jsonable
from gixcheck.output.common import help_text, line_of, rules_of, uri
from gixcheck.output.safe import json_text

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


def _engine_rule(code: str, name: str, severity: str) -> dict[str, Any]:
    # A finding from a rule the rule set does not declare (a custom set without GIX rules).
    return {
        "id": code,
        "name": name,
        "shortDescription": {"text": code},
        "defaultConfiguration": {"level": LEVEL[severity]},
    }


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


def document(result: Any, lang: str) -> dict[str, Any]:
    declared = [_rule(r, lang) for r in rules_of(result).values()]
    index = {r["id"]: i for i, r in enumerate(declared)}
    results = []
    for rep in result.reports:
        for f in rep.findings:
            if f.rule not in index:
                index[f.rule] = len(declared)
                declared.append(_engine_rule(f.rule, f.name, f.severity.value))
            res: dict[str, Any] = {
                "ruleId": f.rule,
                "ruleIndex": index[f.rule],
                "level": LEVEL[f.severity.value],
                "message": {"text": f.message(lang)},
                "locations": [_location(rep.source, f)],
                "partialFingerprints": {"gixcheck/v1": f.fingerprint},
                "properties": {
                    "name": f.name,
                    "category": f.category,
                    "severity": f.severity.value,
                    "evidence": jsonable(f.evidence),
                },
            }
            if f.baselined:
                res["suppressions"] = [
                    {
                        "kind": "external",
                        "status": "accepted",
                        "justification": "recorded in the gixcheck baseline",
                    }
                ]
            results.append(res)
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
                        "rules": declared,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
                "properties": {
                    "rulesets": [{"name": n, "version": v} for n, v in result.rulesets],
                    "reports": [
                        {
                            "source": r.source,
                            "body": r.meta.get("body"),
                            "year": r.meta.get("year"),
                            "score": r.score,
                            "grade": r.grade,
                        }
                        for r in result.reports
                    ],
                },
            }
        ],
    }


def render(result: Any, lang: str) -> str:
    return json_text(json.dumps(document(result, lang), ensure_ascii=False, indent=2)) + "\n"

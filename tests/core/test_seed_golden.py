"""The seed report (潘集区人民政府 2021, pasted text) end to end, pinned by golden files.

Regenerate after an intended change with ``GIXCHECK_UPDATE_GOLDEN=1 pytest tests/core`` and
review the diff: every changed line is a change in what users get.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import gixcheck
from gixcheck.model import canonical_json
from gixcheck.schema import violations

GOLDEN = Path(__file__).parent / "golden"


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("GIXCHECK_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from the golden file"


def _findings_doc(result: Any) -> str:
    doc = result.to_dict("zh")
    for r in doc["reports"]:
        r["source"] = "seed_panji_2021"
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def test_seed_extracts_to_golden_json(seed_path: Path) -> None:
    report = gixcheck.extract(seed_path)
    _golden("seed_report.json", canonical_json(report))


def test_seed_extraction_validates_against_schema(seed_path: Path) -> None:
    assert violations(gixcheck.extract(seed_path)) == []


def test_seed_findings_golden(seed_path: Path) -> None:
    _golden("seed_findings.json", _findings_doc(gixcheck.check(seed_path)))


def test_text_and_extracted_json_give_the_same_findings(seed_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "seed.json"
    out.write_text(canonical_json(gixcheck.extract(seed_path)), encoding="utf-8")
    from_text = gixcheck.check(seed_path).reports[0]
    from_json = gixcheck.check(out).reports[0]
    assert [f.to_dict() for f in from_text.findings] == [f.to_dict() for f in from_json.findings]
    assert from_text.score == from_json.score
    assert len(from_text.not_assessable) == len(from_json.not_assessable)

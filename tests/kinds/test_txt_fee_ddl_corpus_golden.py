"""Every TXT, FEE and DDL finding the national rules give on the corpus reports, pinned with the
reason a careful reader would accept it (golden/corpus_text_findings.json).

Regenerate with ``GIXCHECK_UPDATE_GOLDEN=1 pytest tests/kinds/test_txt_fee_ddl_corpus_golden.py``:
reasons of findings that stay are kept; a new finding gets the reason ``TODO`` and the test fails
until a person writes one (or fixes the rule or the claim vocabulary, for a false finding).

Not in the list: pingtan_2020/2023_page.txt (a crawler's text with table cells run together; the
text extractor refuses it with GIX001, rightly) and the peer's JSON dumps in corpus/kirogov (not
reports, and their Chinese text is lost).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import gixcheck

DATA = Path(__file__).parents[1] / "data"
GOLDEN = Path(__file__).parent / "golden" / "corpus_text_findings.json"
REPORTS = [
    "text/seed_panji_2021.txt",
    "pdf/hzq2023_working.pdf",
    "pdf/hzq2024_working.pdf",
    "pdf/huaian_municipal_2024.pdf",
    "html/shanghai_bangongting_2019.html",
    "json/suqian_2024.json",
]
FAMILIES = ("TXT", "FEE", "DDL")


def current() -> list[dict[str, Any]]:
    out = []
    for name in REPORTS:
        rep = gixcheck.check(DATA / name).reports[0]
        for f in rep.findings:
            if f.rule.startswith(FAMILIES):
                out.append(
                    {
                        "report": name,
                        "rule": f.rule,
                        "severity": f.severity.value,
                        "pointer": f.location.pointer,
                        "message": f.message_zh,
                    }
                )
    return out


def _key(e: dict[str, Any]) -> tuple[str, ...]:
    return (e["report"], e["rule"], e["severity"], e["pointer"], e["message"])


def test_corpus_findings_match_the_golden_list() -> None:
    found = current()
    old = json.loads(GOLDEN.read_text(encoding="utf-8")) if GOLDEN.exists() else []
    reasons = {_key(e): e.get("reason", "TODO") for e in old}
    if os.environ.get("GIXCHECK_UPDATE_GOLDEN"):
        doc = [{**e, "reason": reasons.get(_key(e), "TODO")} for e in found]
        GOLDEN.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        old = doc
    assert [_key(e) for e in found] == [_key(e) for e in old]
    assert all(e["reason"] and e["reason"] != "TODO" for e in old), "every finding needs a reason"

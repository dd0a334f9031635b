"""Build ``data/real_claims.json``: the narrative of every real report at hand and its claims.

    .venv/bin/python tests/claims/real_claims.py    # rewrite the fixture (review the diff!)

The reports are those bench/check.py measures (every canonical JSON in ``tests/data`` and the
canonical JSON extracted from every other report in ``tests/data`` and
``/work/shared/corpus``).  Only what claim extraction reads is kept (the metadata's year and
body, the preamble and the sections), each distinct narrative once, so the test does not
depend on the extractors.  The
expected claims were written by the extractor before its speed work; test_real_claims.py
checks that the extractor still gives exactly these.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "data" / "real_claims.json"


def placed_dict(pc: Any) -> dict[str, Any]:
    """A placed claim as JSON (every field of the claim, value and dates as strings)."""
    return {"pointer": pc.pointer, "section": pc.section, "claim": pc.claim.to_dict()}


def variant_claims(report: Any) -> list[Any]:
    """The report's paragraphs read another way, to exercise more paths: all in one call,
    hard line wraps joined, no body, and the year before as the report year."""
    from gixcheck.claims.extract import extract_claims
    from gixcheck.claims.report import report_paragraphs

    year = (report.year or 2021) - 1
    pars = [(text, source) for text, _p, _s, source in report_paragraphs(report)]
    return extract_claims(pars, year, None, join_wrapped_lines=True)


def main() -> None:
    sys.path.insert(0, str(HERE.parents[1] / "bench"))
    from check import reports

    from gixcheck.claims.report import report_claims
    from gixcheck.model import Report

    out = []
    seen: set[str] = set()
    for name, data in reports():
        full = json.loads(data)
        meta = full.get("metadata") or {}
        narrative = {
            "metadata": {"year": meta.get("year"), "body": meta.get("body")},
            "preamble": full.get("preamble"),
            "sections": full.get("sections"),
        }
        key = json.dumps(narrative, ensure_ascii=False, sort_keys=True)
        if key in seen:
            continue
        seen.add(key)
        report = Report(narrative)
        out.append(
            {
                "report": name,
                "narrative": narrative,
                "claims": [placed_dict(pc) for pc in report_claims(report)],
                "variant": [c.to_dict() for c in variant_claims(report)],
            }
        )
    FIXTURE.write_text(json.dumps(out, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{len(out)} reports -> {FIXTURE}")


if __name__ == "__main__":
    main()

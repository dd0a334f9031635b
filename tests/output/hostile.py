"""A canonical report whose every free-text value is markup (shared by the HTML tests)."""

from __future__ import annotations

from pathlib import Path

import gixcheck
from gixcheck.model import canonical_json

SEED = Path(__file__).resolve().parent.parent / "data" / "text" / "seed_panji_2021.txt"

HOSTILE = '"><script>document.body.dataset.pwned="1"</script><img src=x onerror=document.body.dataset.pwned=3>'


def hostile_report(tmp_path: Path) -> Path:
    """A canonical report whose every free-text value is markup."""
    report = gixcheck.extract(SEED)
    report["metadata"]["title"] = HOSTILE
    report["metadata"]["body"] = HOSTILE
    rows = report["tables"]["table_3"]["rows"]
    rows["received_new"]["commercial"] = {
        "kind": 'x"><script>document.body.dataset.pwned=4</script>',
        "raw": "1",
    }
    rows["received_new"]["research"] = {"kind": "unreadable", "raw": HOSTILE}
    rows["carried_over"]["commercial"] = {"kind": "number", "value": HOSTILE, "raw": HOSTILE}
    rows[HOSTILE] = {HOSTILE: {"kind": "number", "value": 1, "raw": "1"}}
    path = tmp_path / "x<script>.json"
    path.write_text(canonical_json(report), encoding="utf-8")
    return path

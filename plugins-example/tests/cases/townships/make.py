"""Writes the township reports the JS004 cases read (run: python make.py).

Each is ``gixcheck.testing.minimal_report`` with table 三's received and granted counts set, the
way a township's own ``gixcheck extract`` output would give them.
"""

from __future__ import annotations

import json
from pathlib import Path

from gixcheck.testing import merge, minimal_report

HERE = Path(__file__).parent


def township(folder: str, name: str, body: str, received: int, year: int = 2021) -> None:
    row = {"total": received, "natural_person": received}
    rows = {"received_new": row, "result.granted": row, "result.total": row}
    report = merge(
        minimal_report(year),
        {"metadata": {"level": "township", "body": body}, "tables": {"table_3": {"rows": rows}}},
    )
    path = HERE / folder / f"{name}.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(report, ensure_ascii=False, sort_keys=True) + "\n", "utf-8")


if __name__ == "__main__":
    township("2021", "jia", "甲镇人民政府", 3)
    township("2021", "yi", "乙镇人民政府", 4)
    township("other-year", "jia", "甲镇人民政府", 3, year=2020)
    (HERE / "broken").mkdir(exist_ok=True)
    (HERE / "broken" / "jia.json").write_text("{not json\n", "utf-8")
    (HERE / "empty").mkdir(exist_ok=True)
    (HERE / "empty" / "notes.md.txt.bak").write_text("not a report\n", "utf-8")

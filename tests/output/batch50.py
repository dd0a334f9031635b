"""A realistic 50-report batch for looking at the HTML dashboard: the real reports of
``tests/data`` and ``/work/shared/corpus``, seed reports of 36 made-up bodies with edits of the
kinds real reports have (a wrong total, blank cells, a narrative count that disagrees with table
三, a missing section), an unreadable PDF and a truncated JSON.

The edits are chosen by a fixed random seed per report, so the batch is the same every time.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"
CORPUS = Path("/work/shared/corpus")
SEED = DATA / "text" / "seed_panji_2021.txt"
REAL = [
    DATA / "text" / "seed_panji_2021.txt",
    DATA / "text" / "seed_panji_2021_spaced.txt",
    DATA / "html" / "seed_panji_2021_gbk.html",
    DATA / "html" / "shanghai_bangongting_2019.html",
    DATA / "pdf" / "huaian_municipal_2024.pdf",
    DATA / "pdf" / "hzq2023_working.pdf",
    DATA / "pdf" / "hzq2024_working.pdf",
    DATA / "docx" / "template_2021_blank.docx",
    DATA / "text" / "pingtan_2020_page.txt",
    DATA / "text" / "pingtan_2023_page.txt",
    DATA / "json" / "suqian_2023.json",
    DATA / "json" / "suqian_2024.json",
]
CORPUS_JSON = ["temp-jinhu-2023.json", "temp-report-33.json"]
BODIES = 36


def _numeric_lines(lines: list[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if line.startswith("\t") and line[1:].isdigit()]


def seed_variant(n: int) -> str:
    """The seed as the report of body number ``n``, with 0–4 edits."""
    rnd = random.Random(n)
    text = SEED.read_text(encoding="utf-8").replace("潘集区", f"样本{n:02d}区")
    lines = text.split("\n")
    numeric = _numeric_lines(lines)
    edits = rnd.choice([0, 0, 1, 1, 2, 3, 4])
    for _ in range(edits):
        kind = rnd.choice(["number", "number", "blank", "claim", "section"])
        if kind == "number":
            i = rnd.choice(numeric)
            lines[i] = f"\t{int(lines[i][1:]) + rnd.choice([1, 2, 5])}"
        elif kind == "blank":
            start = rnd.choice(numeric[:-8])
            for i in numeric[numeric.index(start) : numeric.index(start) + rnd.randint(1, 5)]:
                lines[i] = "\t"
        elif kind == "claim":
            lines = (
                "\n".join(lines)
                .replace(
                    "共收到政府信息依申请公开2件", f"共收到政府信息依申请公开{rnd.randint(3, 9)}件"
                )
                .split("\n")
            )
        else:
            i = next((k for k, line in enumerate(lines) if line.startswith("五、")), None)
            if i is not None:
                del lines[i : i + 3]
    return "\n".join(lines)


def make_batch(folder: Path) -> list[Path]:
    """Write the batch into ``folder`` (created); the files in input (sorted) order."""
    folder.mkdir(parents=True, exist_ok=True)
    for src in REAL:
        shutil.copyfile(src, folder / f"real_{src.name}")
    for name in CORPUS_JSON:
        if (CORPUS / "kirogov" / name).is_file():
            shutil.copyfile(CORPUS / "kirogov" / name, folder / f"corpus_{name}")
    for n in range(1, BODIES + 1):
        (folder / f"seed_body{n:02d}_2021.txt").write_text(seed_variant(n), encoding="utf-8")
    (folder / "zz_broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")
    (folder / "zz_cut.json").write_text('{"schema_version": 1, "tables": {', encoding="utf-8")
    return sorted(folder.iterdir())

"""PDF reading against its floor: gixcheck's PDF reader vs PDFium's own text extraction.

    .venv/bin/python bench/pdf.py                    # every real PDF, writes its RESULTS.md section
    .venv/bin/python bench/pdf.py --before 146bb65   # also the reader as it was at that commit

The floor is what PDFium itself costs to give the text of the same pages: open the document
and, for every page, load it, build its text page and take ``PdfTextPage.get_text_range()``.
The reader is ``gixcheck.extract.pdf.extract_pdf`` (characters, rulings, tables, paragraphs).

Method: CPU time of this process (``time.process_time``), so that other work on a shared
machine counts as little as possible; after one warm-up call of each, the floor and the reader
are run alternately ``--rounds`` times and each round gives a ratio; a PDF's figure is the
median of its rounds; over the PDFs, the median and the worst are reported.  The PDFs are
every ``*.pdf`` under ``/work/shared/corpus`` (or ``--corpus``) and ``tests/data/pdf``, each
file once (by content).  Nothing is asserted: these are measurements.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path("/work/shared/corpus")
BEGIN, END = "<!-- pdf-bench:begin -->", "<!-- pdf-bench:end -->"


def pdfs(corpus: Path) -> list[Path]:
    seen: set[str] = set()
    out = []
    found = sorted(corpus.rglob("*.pdf")) if corpus.is_dir() else []
    for path in [*found, *sorted((ROOT / "tests" / "data" / "pdf").glob("*.pdf"))]:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest not in seen:
            seen.add(digest)
            out.append(path)
    return out


def floor(data: bytes) -> None:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    try:
        for i in range(len(doc)):
            page = doc[i]
            text = page.get_textpage()
            text.get_text_range()
            text.close()
            page.close()
    finally:
        doc.close()


def cpu_ms(fn: Callable[[], object]) -> float:
    t = time.process_time()
    fn()
    return (time.process_time() - t) * 1000


def _source_at(rev: str, path: str) -> str | None:
    done = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{rev}:{path}"], capture_output=True, text=True
    )
    return done.stdout if done.returncode == 0 else None


def _load(name: str, source: str, folder: Path) -> Any:
    path = folder / f"{name}.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def reader_at(rev: str) -> Callable[[bytes, str], object]:
    """``extract_pdf`` as it was at commit ``rev``: its ``pdf.py`` and, where the commit has
    one, its ``pdf_source.py`` (PDFium's geometry), the rest of gixcheck as it is now."""
    reader = _source_at(rev, "src/gixcheck/extract/pdf.py")
    if reader is None:
        raise SystemExit(f"{rev} has no src/gixcheck/extract/pdf.py")
    folder = Path(tempfile.mkdtemp(prefix="gixbench-"))
    geometry = _source_at(rev, "src/gixcheck/extract/pdf_source.py")
    if geometry is not None:
        _load("pdf_source_before", geometry, folder)
        reader = reader.replace("gixcheck.extract.pdf_source", "pdf_source_before")
    module = _load("pdf_before", reader, folder)
    return module.extract_pdf  # type: ignore[no-any-return]


def pages_of(data: bytes) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    try:
        return len(doc)
    finally:
        doc.close()


def measure(
    paths: list[Path], rounds: int, before: Callable[[bytes, str], object] | None = None
) -> list[dict[str, object]]:
    from gixcheck.extract.pdf import extract_pdf

    readers: dict[str, Callable[[bytes, str], object]] = {"now": extract_pdf}
    if before is not None:
        readers["before"] = before
    rows: list[dict[str, object]] = []
    for path in paths:
        data = path.read_bytes()
        row: dict[str, object] = {"pdf": path.name, "pages": pages_of(data)}
        for label, read in readers.items():
            n = max(2, rounds // 3) if label == "before" else rounds  # the old reader is slow
            floor(data)
            read(data, path.name)
            floors, reads, ratios = [], [], []
            for _ in range(n):
                f = cpu_ms(lambda d=data: floor(d))
                r = cpu_ms(lambda d=data, p=path, rd=read: rd(d, p.name))
                floors.append(f)
                reads.append(r)
                ratios.append(r / f)
            row[f"{label}_ms"] = statistics.median(reads)
            row[f"{label}_ratio"] = statistics.median(ratios)
            row["floor_ms"] = statistics.median(floors)
        rows.append(row)
        print(row, flush=True)
    return rows


def section(rows: list[dict[str, object]], rounds: int, before: str | None) -> str:
    from run import machine  # bench/run.py, the same machine line as the other sections

    def ratios(key: str) -> list[float]:
        return [float(r[key]) for r in rows if key in r]  # type: ignore[arg-type]

    now = ratios("now_ratio")
    head = "| PDF | pages | PDFium text (floor) | gixcheck reads it | ratio |"
    sep = "|---|---|---|---|---|"
    if before:
        head += f" before ({before}) | ratio before |"
        sep += "---|---|"
    lines = [
        BEGIN,
        "## PDF reading vs PDFium's own text extraction",
        "",
        f"Machine: {machine()}.",
        "",
        "Reproduce: `.venv/bin/python bench/pdf.py"
        + (f" --before {before}`" if before else "`")
        + f" ({rounds} rounds; also run by `bench/run.py`).",
        "Method: CPU time of the process (`time.process_time`). Floor = open the PDF with",
        "pypdfium2 and `get_text_range()` every page. A PDF's ratio is the median over rounds in",
        "which the floor and the reader run alternately, after a warm-up of each. PDFs: every",
        "real PDF at hand (`/work/shared/corpus/**/*.pdf`, `tests/data/pdf/`), each once.",
        "",
        f"**Ratio reader / floor: median {statistics.median(now):.1f}×, worst {max(now):.1f}×**"
        + (
            f" (before: median {statistics.median(ratios('before_ratio')):.1f}×, "
            f"worst {max(ratios('before_ratio')):.1f}×)."
            if before
            else "."
        ),
        "",
        head,
        sep,
    ]
    for r in rows:
        line = (
            f"| {r['pdf']} | {r['pages']} | {r['floor_ms']:.1f} ms | {r['now_ms']:.1f} ms "
            f"| {r['now_ratio']:.1f}× |"
        )
        if before:
            line += f" {r['before_ms']:.0f} ms | {r['before_ratio']:.1f}× |"
        lines.append(line)
    lines += ["", END]
    return "\n".join(lines)


def write_section(text: str, results: Path) -> None:
    """Replace this benchmark's section of RESULTS.md (or append it): other sections stay."""
    old = results.read_text(encoding="utf-8") if results.exists() else "# Benchmark results\n"
    if BEGIN in old and END in old:
        new = old[: old.index(BEGIN)] + text + old[old.index(END) + len(END) :]
    else:
        new = old.rstrip("\n") + "\n\n" + text + "\n"
    results.write_text(new, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--before", help="also measure the reader as it was at this commit")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    opts = ap.parse_args()
    before = reader_at(opts.before) if opts.before else None
    rows = measure(pdfs(opts.corpus), opts.rounds, before)
    text = section(rows, opts.rounds, opts.before)
    write_section(text, opts.out)
    print(text)


if __name__ == "__main__":
    main()

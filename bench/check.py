"""Checking and HTML reading against their floors.

    .venv/bin/python bench/check.py              # prints the figures, writes its RESULTS.md section
    .venv/bin/python bench/check.py --no-write   # prints only

**Checking** a canonical JSON report is measured against a bare ``json.loads`` of the same
bytes.  "Checking" is what a batch worker does with one input: ``check_item(bytes)`` from
``gixcheck.api.prepare(Options())`` (national rules) — JSON parsing, schema validation, every
rule, scoring.  The reports are every real report at hand: the canonical JSON files in
``tests/data/json`` and the canonical JSON that ``gixcheck extract`` makes of every HTML, PDF,
DOCX and text report in ``tests/data`` and ``/work/shared/corpus`` (each once, by content).

The per-stage breakdown is measured in a separate pass (timing wrappers round every rule kind's
``check`` and round schema validation, so the pass itself is a little slower): *schema* is
``gixcheck.schema.violations``; *identities/tables* the kinds in ``gixcheck.kinds.identity`` and
``gixcheck.kinds.tables``; *narrative claims* the kinds that read the narrative's numbers
(``claims_vs_tables``, ``narrative``, ``fees``, ``deadlines``, ``crossyear``); *text rules*
every other kind (sections, headings, form, …); *rest* is what is left (JSON parsing, the
report model, findings, score).

**HTML reading** is ``gixcheck.extract.html.extract_html(bytes)`` (decoding, parsing, finding
the report, tables and paragraphs) against ``lxml.html.document_fromstring`` of the same bytes.
The pages are every ``*.html`` in ``tests/data/html`` and ``/work/shared/corpus``.

Method: CPU time of this process (``time.process_time``), so other work on a shared machine
counts as little as possible.  After a warm-up, the floor and the measured call alternate in
rounds; each round times a batch of calls of each; a report's ratio is the median of its
rounds' ratios.  Over the reports, the median and the worst ratio are reported.  Nothing is
asserted: these are measurements.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
CORPUS = Path("/work/shared/corpus")
BEGIN, END = "<!-- check-bench:begin -->", "<!-- check-bench:end -->"
# The figures before the speed work (commit 3a6bdda), recorded with --save-before.
BEFORE = ROOT / "bench" / "check_before.json"

STAGES = ("schema", "identities/tables", "narrative claims", "text rules", "rest")
_STAGE_OF_MODULE = {
    "identity": "identities/tables",
    "tables": "identities/tables",
    "claims_vs_tables": "narrative claims",
    "narrative": "narrative claims",
    "fees": "narrative claims",
    "deadlines": "narrative claims",
    "crossyear": "narrative claims",
}


def _files(*globs: str) -> list[Path]:
    out: list[Path] = []
    for base in (DATA, CORPUS):
        if base.is_dir():
            for g in globs:
                out.extend(sorted(base.rglob(g)))
    return out


def reports() -> list[tuple[str, bytes]]:
    """(name, canonical JSON bytes) of every real report at hand, each once."""
    import gixcheck
    from gixcheck.model import canonical_json

    seen: set[str] = set()
    out: list[tuple[str, bytes]] = []
    for path in _files("*.json", "*.html", "*.htm", "*.pdf", "*.docx", "*.txt"):
        if path.name in ("sarif-schema-2.1.0.json",) or path.name.startswith("README"):
            continue
        try:
            if path.suffix == ".json":
                data = path.read_bytes()
                raw = json.loads(data)
                if not (isinstance(raw, dict) and "schema_version" in raw and "tables" in raw):
                    continue  # not a canonical report
            else:
                data = canonical_json(gixcheck.extract(path)).encode("utf-8")
        except Exception:
            continue  # unreadable here: not a report to measure
        digest = hashlib.sha256(data).hexdigest()
        if digest not in seen:
            seen.add(digest)
            out.append((path.name, data))
    return out


def cpu_ms(fn: Callable[[], object], n: int) -> float:
    t = time.process_time()
    for _ in range(n):
        fn()
    return (time.process_time() - t) * 1000 / n


def ratio(
    floor: Callable[[], object], measured: Callable[[], object], rounds: int, target_ms: float = 20
) -> tuple[float, float, float]:
    """(floor ms, measured ms, ratio): medians over alternating rounds."""
    floor()
    measured()
    one_floor = max(cpu_ms(floor, 5), 1e-3)
    one = max(cpu_ms(measured, 1), 1e-3)
    nf = max(1, int(target_ms / one_floor))
    nm = max(1, int(target_ms / one))
    floors, ms, ratios = [], [], []
    for _ in range(rounds):
        f = cpu_ms(floor, nf)
        m = cpu_ms(measured, nm)
        floors.append(f)
        ms.append(m)
        ratios.append(m / f)
    return statistics.median(floors), statistics.median(ms), statistics.median(ratios)


def checker() -> Callable[[bytes], Any]:
    from gixcheck.api import Options, prepare

    _head, check_item = prepare(Options())
    return check_item


def stage_breakdown(check_item: Callable[[bytes], Any], data: bytes, n: int) -> dict[str, float]:
    """ms per stage per check (a pass with timing wrappers)."""
    from gixcheck import api, schema
    from gixcheck.plugins import host

    spent: dict[str, float] = defaultdict(float)
    patched: list[tuple[Any, str, Any]] = []

    def wrap(owner: Any, attr: str, stage: str) -> None:
        orig = getattr(owner, attr)

        def timed(*a: Any, **k: Any) -> Any:
            t = time.process_time()
            try:
                out = orig(*a, **k)
                if stage != "schema":
                    out = list(out)  # kinds yield lazily: their work is in the iteration
                return out
            finally:
                spent[stage] += time.process_time() - t

        patched.append((owner, attr, orig))
        setattr(owner, attr, timed)

    wrap(api.schema, "violations", "schema")
    assert api.schema is schema
    for kind in host(()).kinds.values():
        cls = type(kind)
        if "check" not in cls.__dict__:
            continue
        module = cls.__module__.rsplit(".", 1)[-1]
        if any(o is cls and a == "check" for o, a, _ in patched):
            continue
        wrap(cls, "check", _STAGE_OF_MODULE.get(module, "text rules"))
    try:
        check_item(data)
        spent.clear()
        t = time.process_time()
        for _ in range(n):
            check_item(data)
        total = time.process_time() - t
    finally:
        for owner, attr, orig in reversed(patched):
            setattr(owner, attr, orig)
    out = {k: v * 1000 / n for k, v in spent.items()}
    out["rest"] = total * 1000 / n - sum(out.values())
    return out


SECTIONS = ("overview", "proactive", "requests", "review_litigation", "problems", "other")


def whole(data: bytes) -> bool:
    """A whole report: all six sections and tables 二, 三 and 四 read.  The others are stored
    page texts cut off by the store, pre-2019 reports with other sections and a comparison
    document (比对报告): mostly small JSON, against which a check's fixed cost weighs more."""
    rep = json.loads(data)
    keys = {s.get("key") for s in rep.get("sections", [])}
    tables = rep.get("tables", {})
    return set(SECTIONS) <= keys and all(
        tables.get(t, {}).get("present") for t in ("table_2", "table_3", "table_4")
    )


def measure_check(rounds: int, first_repeats: int = 3) -> list[dict[str, Any]]:
    check_item = checker()
    rows = []
    found = reports()
    for name, data in found:
        f, m, r = ratio(lambda d=data: json.loads(d), lambda d=data: check_item(d), rounds)
        res = check_item(data)
        rows.append(
            {
                "report": name,
                "kib": len(data) / 1024,
                "findings": len(res.findings),
                "floor": f,
                "check": m,
                "ratio": r,
                "whole": whole(data),
                "stages": stage_breakdown(check_item, data, max(3, int(20 / m))),
            }
        )
    if first_repeats > 0:
        measure_first(rows, [d for _n, d in found], first_repeats)
    return rows


def _body_of(data: bytes) -> str:
    meta = json.loads(data).get("metadata") or {}
    return str(meta.get("body") or "")


def _first_inner(folder: str, index: int) -> None:
    """In a fresh process: check once each report of another body (warm-up: imports, compiled
    patterns, plans, table shapes), then time the first check of report ``index``; print its
    CPU ms and the median ms of a bare ``json.loads`` of the same bytes."""
    files = sorted(Path(folder).glob("*.json"))
    data = [f.read_bytes() for f in files]
    target = data[index]
    body = _body_of(target)
    check_item = checker()
    for d in data:
        if d != target and (not body or _body_of(d) != body):
            check_item(d)
    t = time.process_time()
    check_item(target)
    first = (time.process_time() - t) * 1000
    floor = statistics.median(cpu_ms(lambda: json.loads(target), 20) for _ in range(9))
    print(json.dumps({"first": first, "floor": floor}))


def measure_first(rows: list[dict[str, Any]], data: list[bytes], repeats: int) -> None:
    """Each report's *first* check in a batch worker, as a batch meets it: a fresh process
    warmed on the reports of other bodies checks it once (``repeats`` processes a report, the
    median kept).  The repeated checks of :func:`ratio` find whatever a report's own content
    left in the process's caches (its body's, its headings'); a batch checks each report once,
    so a cost that only the first check pays shows here and not there."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        for i, d in enumerate(data):
            Path(folder, f"{i:03d}.json").write_bytes(d)
        for i, row in enumerate(rows):
            firsts, ratios = [], []
            for _ in range(repeats):
                out = subprocess.run(
                    [sys.executable, __file__, "--first-inner", folder, str(i)],
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
                got = json.loads(out.strip().splitlines()[-1])
                firsts.append(got["first"])
                ratios.append(got["first"] / got["floor"])
            row["first"] = statistics.median(firsts)
            row["first_ratio"] = statistics.median(ratios)


def measure_html(rounds: int) -> list[dict[str, Any]]:
    import lxml.html

    from gixcheck.extract.html import extract_html

    seen: set[str] = set()
    rows = []
    for path in _files("*.html", "*.htm"):
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digest in seen:
            continue
        seen.add(digest)
        f, m, r = ratio(
            lambda d=data: lxml.html.document_fromstring(d),
            lambda d=data, p=path: extract_html(d, p.name),
            rounds,
        )
        rows.append({"page": path.name, "kib": len(data) / 1024, "floor": f, "read": m, "ratio": r})
    return rows


def load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def _first_cell(row: dict[str, Any]) -> str:
    if "first" not in row:
        return "–"
    return f"{row['first']:.2f} ms, {row['first_ratio']:.1f}×"


def _first_lines(rows: list[dict[str, Any]]) -> list[str]:
    fs = [r["first_ratio"] for r in rows if "first_ratio" in r]
    if not fs:
        return []
    fw = [r["first_ratio"] for r in rows if "first_ratio" in r and r.get("whole")] or [float("nan")]
    return [
        f"**First check / json.loads: median {statistics.median(fs):.1f}×, worst {max(fs):.1f}×** "
        f"(whole reports: median {statistics.median(fw):.1f}×): what a batch pays, each report "
        "checked once. Each report is checked once in a fresh process that has first checked "
        "every report of another body once (imports, compiled patterns, plans, table shapes "
        "warm; nothing of this report's own content), against the warm `json.loads` floor of "
        "the same bytes; the median of three such processes. The repeated checks above find "
        "what a report's own content left in the caches; a cost only a first check pays (a "
        "pattern compiled per body) shows here.",
        "",
    ]


def section(check_rows: list[dict[str, Any]], html_rows: list[dict[str, Any]], rounds: int) -> str:
    sys.path.insert(0, str(ROOT / "bench"))
    from run import machine

    cr = [r["ratio"] for r in check_rows]
    wr = [r["ratio"] for r in check_rows if r.get("whole")] or [float("nan")]
    hr = [r["ratio"] for r in html_rows]
    before: dict[str, Any] = {"check": [], "html": []}
    if BEFORE.exists():
        before = json.loads(BEFORE.read_text(encoding="utf-8"))
    bc = {r["report"]: r["ratio"] for r in before["check"]}
    bh = {r["page"]: r["ratio"] for r in before["html"]}

    def was(table: dict[str, float], key: str) -> str:
        return f"{table[key]:.1f}×" if key in table else "–"

    def was_summary(table: dict[str, float]) -> str:
        if not table:
            return ""
        v = list(table.values())
        return f" (before: median {statistics.median(v):.1f}×, worst {max(v):.1f}×)"

    lines = [
        BEGIN,
        "## Checking vs json.loads, HTML reading vs lxml (bench/check.py)",
        "",
        f"Machine: {machine()}; load average {load()} (shared machine).",
        "",
        f"Reproduce: `.venv/bin/python bench/check.py` ({rounds} rounds; also run by "
        "`bench/run.py`). Method: CPU time of the process (`time.process_time`); the floor and "
        "the measured call alternate in rounds, a report's ratio is the median of its rounds. "
        "*Checking* is a batch worker's `check_item(bytes)` (national rules: JSON parsing, schema "
        "validation, every rule, score) against `json.loads` of the same bytes; the reports are "
        "every canonical JSON in `tests/data/json` and the canonical JSON extracted from every "
        "HTML, PDF, DOCX and text report in `tests/data` and `/work/shared/corpus`. The stages "
        "are timed in a separate pass with wrappers round each rule kind (*rest*: parsing, "
        "report model, findings, score). *HTML reading* is `extract_html(bytes)` against "
        "`lxml.html.document_fromstring` of the same bytes. *Before* is the same measurement "
        f"on commit 3a6bdda (`{BEFORE.name}`, load average then {before.get('load', '?')}).",
        "",
        f"**Checking / json.loads: median {statistics.median(cr):.1f}×, worst {max(cr):.1f}×** "
        f"over {len(cr)} reports{was_summary(bc)}.",
        "",
        *_first_lines(check_rows),
        f"Over the {len(wr)} whole reports (all six sections and tables 二, 三, 四 read; *whole* "
        f"column): median {statistics.median(wr):.1f}×, worst {max(wr):.1f}×. The others are "
        "stored page texts cut off by the store, pre-2019 reports and a comparison document "
        "(比对报告): mostly small JSON, against which a check's fixed cost weighs more.",
        "",
        "| report | KiB | whole | findings | json.loads | check | ratio | first check | before | "
        + " | ".join(STAGES)
        + " |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|" + "---:|" * len(STAGES),
    ]
    for r in check_rows:
        st = r["stages"]
        lines.append(
            f"| {r['report']} | {r['kib']:.0f} | {'yes' if r.get('whole') else ''} | "
            f"{r['findings']} | {r['floor']:.3f} ms | "
            f"{r['check']:.2f} ms | {r['ratio']:.1f}× | {_first_cell(r)} | {was(bc, r['report'])} | "
            + " | ".join(f"{st.get(s, 0.0):.2f}" for s in STAGES)
            + " |"
        )
    lines += [
        "",
        "Stage columns are ms per check.",
        "",
        f"**HTML reading / lxml parse: median {statistics.median(hr):.1f}×, worst "
        f"{max(hr):.1f}×** over {len(hr)} pages{was_summary(bh)}.",
        "",
        "| page | KiB | lxml parse | extract_html | ratio | before |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in html_rows:
        lines.append(
            f"| {r['page']} | {r['kib']:.0f} | {r['floor']:.2f} ms | {r['read']:.2f} ms | "
            f"{r['ratio']:.1f}× | {was(bh, r['page'])} |"
        )
    lines.append(END)
    return "\n".join(lines)


def write_section(text: str, out: Path) -> None:
    old = out.read_text(encoding="utf-8") if out.exists() else ""
    if BEGIN in old and END in old:
        new = old[: old.index(BEGIN)] + text + old[old.index(END) + len(END) :]
    else:
        new = old.rstrip("\n") + "\n\n" + text + "\n"
    out.write_text(new, encoding="utf-8")


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--first-inner":
        _first_inner(sys.argv[2], int(sys.argv[3]))
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=9)
    ap.add_argument(
        "--first-repeats",
        type=int,
        default=3,
        help="fresh processes timing each report's first check (0: not measured)",
    )
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--out", default=str(ROOT / "bench" / "RESULTS.md"))
    ap.add_argument("--only", choices=("check", "html"))
    ap.add_argument(
        "--save-before",
        action="store_true",
        help=f"record these figures as the 'before' columns ({BEFORE.name})",
    )
    opts = ap.parse_args()
    os.environ.setdefault("NO_COLOR", "1")
    check_rows = measure_check(opts.rounds, opts.first_repeats) if opts.only != "html" else []
    html_rows = measure_html(opts.rounds) if opts.only != "check" else []
    if opts.only:
        for r in check_rows + html_rows:
            print({k: v for k, v in r.items()})
        rs = [r["ratio"] for r in check_rows + html_rows]
        print(f"median {statistics.median(rs):.1f}x worst {max(rs):.1f}x load {load()}")
        if ws := [r["ratio"] for r in check_rows if r.get("whole")]:
            print(f"whole reports ({len(ws)}): median {statistics.median(ws):.1f}x")
        if fs := [r["first_ratio"] for r in check_rows if "first_ratio" in r]:
            fw = [r["first_ratio"] for r in check_rows if "first_ratio" in r and r.get("whole")]
            print(
                f"first check: median {statistics.median(fs):.1f}x worst {max(fs):.1f}x; "
                f"whole reports median {statistics.median(fw):.1f}x"
            )
        return
    if opts.save_before:
        BEFORE.write_text(
            json.dumps({"load": load(), "check": check_rows, "html": html_rows}, indent=1) + "\n",
            encoding="utf-8",
        )
    text = section(check_rows, html_rows, opts.rounds)
    print(text)
    if not opts.no_write:
        write_section(text, Path(opts.out))


if __name__ == "__main__":
    main()

"""Every benchmark of issue 14 in one run; writes bench/RESULTS.md with a summary on top.

    .venv/bin/python bench/all.py            # everything (about half an hour on 2 shared CPUs)
    .venv/bin/python bench/all.py --quick    # fewer rounds, 1,000-report memory runs only

Runs, one after another, each in its own process (each writes its own section of RESULTS.md
and keeps the others): ``bench/check.py`` (checking vs ``json.loads``, HTML reading vs lxml),
``bench/pdf.py`` (PDF reading vs PDFium's text extraction), ``bench/pool.py`` (pool efficiency
with 1 % slow documents, simulated 1/2/16 workers and the real program), ``bench/writer.py``
(the writing process's CPU a report and how many workers it serves), ``bench/memory.py``
(peak memory per output format, 1,000 reports per format and 10,000 in every format at once)
and ``bench/run.py --no-pdf`` (wall times: checking, extraction, cold start, batches).  Then
it reads the headline figures back from those sections into a summary table against the
issue's targets.  The machine is shared with other work: the load average is recorded before
each benchmark, and ratios (CPU time against a floor measured alternately in the same process)
are more robust than wall times.  Nothing is asserted: these are measurements.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
RESULTS = BENCH / "RESULTS.md"
BEGIN, END = "<!-- summary:begin -->", "<!-- summary:end -->"
sys.path.insert(0, str(BENCH))


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def steps(quick: bool) -> list[tuple[str, list[str]]]:
    return [
        ("check.py", ["--rounds", "5" if quick else "9"]),
        ("pdf.py", ["--rounds", "5" if quick else "15"]),
        ("pool.py", ["--quick"] if quick else []),
        ("writer.py", ["--copies", "10", "--repeats", "1"] if quick else []),
        (
            "memory.py",
            ["--sizes", "1000", "--all-only", "1000"]
            if quick
            else ["--sizes", "1000", "10000", "--all-only", "10000"],
        ),
        ("run.py", ["--no-pdf", *(["--quick"] if quick else [])]),
    ]


def _find(pattern: str, text: str, default: str = "not measured") -> str:
    m = re.search(pattern, text, re.S)
    return m.group(1).strip() if m else default


def summary(loads: list[tuple[str, str, float]]) -> str:
    from run import machine

    text = RESULTS.read_text(encoding="utf-8")
    check = _find(r"\*\*Checking / json\.loads: (.*?)\*\*", text)
    check_before = _find(r"\*\*Checking / json\.loads:.*?\(before: (.*?)\)", text, "")
    first = _find(r"\*\*First check / json\.loads: (.*?)\*\*", text, "not measured")
    whole_m = re.search(r"Over the (\d+) whole reports.*?: (median [\d.]+×, worst [\d.]+×)", text)
    whole = f"{whole_m.group(2)} over {whole_m.group(1)} reports" if whole_m else ""
    html = _find(r"\*\*HTML reading / lxml parse: (.*?)\*\*", text)
    html_before = _find(r"\*\*HTML reading / lxml parse:.*?\(before: (.*?)\)", text, "")
    pdf = _find(r"\*\*Ratio reader / floor: (.*?)\*\*", text)
    pool16 = _find(r"\| simulated, 16 worker\(s\)[^|]*\|[^|]*\|[^|]*\| ([^|]*) \|", text)
    pool_real = _find(r"(--jobs 1: [^|]*\| --jobs 2: [^|]*\| efficiency [^|]*)\|", text)
    pool_real = re.sub(r"\s*\|\s*", ", ", pool_real)
    writer = "; ".join(
        f"{fmt} ({rules}): {ms} a report, {served} workers served"
        for fmt, rules, ms, served in re.findall(
            r"^\| (json|sarif) \| ([^|]+?) \| ([\d.]+ ms) \| [\d.]+ ms \| ([\d.]+) \|", text, re.M
        )
    )
    mem = re.findall(
        r"^\| ([\d,]+) \| every format at once \| (\d+) MiB \| (\d+) MiB \|", text, re.M
    )
    mem_text = "; ".join(f"{n} reports: main {a} MiB, worker {b} MiB" for n, a, b in mem)

    def ratio_of(s: str) -> float | None:
        m = re.search(r"median ([\d.]+)×", s)
        return float(m.group(1)) if m else None

    def met(value: float | None, target: float) -> str:
        if value is None:
            return "–"
        return "yes" if value <= target else "**no**"

    rows = [
        (
            "checking a canonical JSON ≤ 10× `json.loads` (median over the real reports)",
            check + (f" (before: {check_before})" if check_before else ""),
            met(ratio_of(check), 10),
        ),
        (
            "the same, each report's first check (as a batch meets it)",
            first,
            met(ratio_of(first), 10),
        ),
        (
            "the same, whole reports only (six sections and three tables read)",
            whole or "not measured",
            met(ratio_of(whole), 10),
        ),
        (
            "HTML reading ≤ 10× lxml's parse of the same page",
            html + (f" (before: {html_before})" if html_before else ""),
            met(ratio_of(html), 10),
        ),
        ("PDF reading ≤ 6× pypdfium2's text extraction", pdf, met(ratio_of(pdf), 6)),
        (
            "10,000 reports in every format at once, flat memory",
            mem_text or "not measured",
            "see the memory section",
        ),
        ("pool efficiency, 1 % slow documents, 16 workers (simulated)", pool16, ""),
        ("pool efficiency, 1 % slow documents, real program", pool_real, ""),
        (
            "the writing process's CPU a report (it serves every worker)",
            writer or "not measured",
            "",
        ),
    ]
    where = (
        f"Machine: {machine()}. Shared with other work: the load average (1, 5, 15 min) "
        "before each benchmark was "
        + "; ".join(f"{name} {avg}" for name, avg, _ in loads)
        + " (on 2 CPUs). Time of each: "
        + ", ".join(f"{name} {secs / 60:.1f} min" for name, _, secs in loads)
        + "."
    )
    kept = _notes(text)
    if not loads and kept:  # --only-summary: what the summary said of its runs stays as it was
        head: list[str] = []
    else:  # a new run: its line first, what was written of earlier runs after it
        head = [where, ""]
    lines = [
        BEGIN,
        "## Summary: issue 14's targets (bench/all.py)",
        "",
        *head,
        *(line for note in kept for line in (note, "")),
        "Reproduce: `.venv/bin/python bench/all.py` (each benchmark's method is in its section "
        "below and its script's docstring). Ratios are CPU time against a floor measured "
        "alternately in the same process, so they hold up under load better than wall times.",
        "",
        "| target | measured | met |",
        "|---|---|---|",
        *(f"| {a} | {b} | {c} |" for a, b, c in rows),
        END,
    ]
    return "\n".join(lines)


_REPRODUCE = "Reproduce: `.venv/bin/python bench/all.py`"


def _notes(text: str) -> list[str]:
    """The paragraphs of the summary now in RESULTS.md between its heading and its Reproduce
    line: the machine line of the run that wrote it and what was written by hand of the rounds
    since (kept: a summary rewritten from the sections must not lose them)."""
    if BEGIN not in text or END not in text:
        return []
    block = text[text.index(BEGIN) : text.index(END)]
    notes: list[str] = []
    for para in block.split("\n\n")[1:]:
        if para.startswith(_REPRODUCE):
            break
        if para.strip():
            notes.append(para.strip("\n"))
    return notes


def write_summary(section: str) -> None:
    """Put the summary right under the title (bench/run.py writes its table there too)."""
    old = RESULTS.read_text(encoding="utf-8")
    if BEGIN in old and END in old:
        old = old[: old.index(BEGIN)].rstrip("\n") + "\n" + old[old.index(END) + len(END) :]
    head, _, rest = old.partition("\n")
    # one blank line round the summary, however many there were (a rewrite adds none)
    RESULTS.write_text(head + "\n\n" + section + "\n\n" + rest.lstrip("\n"), encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument(
        "--only-summary", action="store_true", help="rewrite the summary from RESULTS.md"
    )
    opts = ap.parse_args()
    loads: list[tuple[str, str, float]] = []
    if not opts.only_summary:
        for script, args in steps(opts.quick):
            avg = load()
            print(f"== {script} {' '.join(args)} (load {avg})", flush=True)
            t = time.perf_counter()
            subprocess.run([sys.executable, str(BENCH / script), *args], check=True, cwd=ROOT)
            loads.append((script, avg, time.perf_counter() - t))
    write_summary(summary(loads))
    print(RESULTS.read_text(encoding="utf-8")[:4000])


if __name__ == "__main__":
    main()

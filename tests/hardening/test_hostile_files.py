"""Hostile and broken files end in a clean result within bounds: a report, a finding, or GIX001.

(HTML entities/XXE, DOCX zip bombs and broken PDFs are tested with their extractors in
tests/extract/; here are the format-independent cases and the whole CLI path.)
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import gixcheck
from gixcheck.model import canonical_json
from support import run_cli

SEED = Path(__file__).parents[1] / "data" / "text" / "seed_panji_2021.txt"


def cli(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, cwd=cwd, env=env)


def only_gix001(path: Path) -> str:
    rep = gixcheck.check(path).reports[0]
    assert [f.rule for f in rep.findings] == ["GIX001"], rep.findings
    return rep.findings[0].message_en


def test_json_nested_100000_levels(tmp_path: Path) -> None:
    f = tmp_path / "deep.json"
    f.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert "nested too deeply" in only_gix001(f)


def test_report_json_nested_deep_inside_extensions(tmp_path: Path) -> None:
    report = gixcheck.extract(SEED)
    text = (
        canonical_json(report).rstrip().rstrip("}")
        + ', "extensions": {"x": '
        + "[" * 100_000
        + "]" * 100_000
        + "}}"
    )
    f = tmp_path / "deep-report.json"
    f.write_text(text, encoding="utf-8")
    assert "nested too deeply" in only_gix001(f)


def test_50_mb_of_random_bytes_is_refused_by_size(tmp_path: Path) -> None:
    f = tmp_path / "big.pdf"
    with f.open("wb") as out:
        for _ in range(50):
            out.write(os.urandom(1024 * 1024))
    msg = only_gix001(f)
    assert "limit" in msg and str(gixcheck.api.DEFAULT_MAX_BYTES) in msg


def test_nul_bytes_in_text(tmp_path: Path) -> None:
    f = tmp_path / "nul.txt"
    f.write_bytes(SEED.read_bytes().replace("二、".encode(), b"\x00\x00", 1))
    rep = gixcheck.check(f).reports[0]
    assert [x.rule for x in rep.findings] == ["GIX001"]


def test_mixed_encodings_do_not_crash(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    half = len(text) // 2
    f = tmp_path / "mixed.txt"
    f.write_bytes(text[:half].encode("utf-8") + text[half:].encode("gbk", errors="replace"))
    rep = gixcheck.check(f).reports[0]
    # Either it is read (as whatever the sniffing decided) or refused; never a crash.
    assert all(x.rule != "GIX003" for x in rep.findings)


def test_report_with_10000_sections(tmp_path: Path) -> None:
    report = gixcheck.extract(SEED)
    extra = [
        {
            "number": "一",
            "key": "overview",
            "heading": "一、总体情况",
            "paragraphs": [{"text": "无。"}],
        }
        for _ in range(10_000)
    ]
    report["sections"] = report["sections"] + extra
    f = tmp_path / "many.json"
    f.write_text(canonical_json(report), encoding="utf-8")
    rep = gixcheck.check(f).reports[0]
    assert all(x.rule != "GIX003" for x in rep.findings)
    assert "SEC002" in {x.rule for x in rep.findings}  # repeated sections are out of order


def test_file_named_like_an_option(tmp_path: Path) -> None:
    (tmp_path / "--rules").write_bytes(SEED.read_bytes())
    p = cli("--format", "json", "--", "--rules", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["reports"][0]["source"] == "--rules"


def test_paths_inside_a_report_are_never_opened(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    report = gixcheck.extract(SEED)
    report["metadata"]["source"]["file"] = str(secret)
    report["metadata"]["source"]["url"] = f"file://{secret}"
    f = tmp_path / "r.json"
    f.write_text(canonical_json(report), encoding="utf-8")
    out = gixcheck.check(f).to_json()
    assert "TOP-SECRET-CONTENT" not in out


def test_same_bytes_whatever_the_hash_seed_jobs_and_locale(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "seed.txt").write_bytes(SEED.read_bytes())
    (folder / "bad.json").write_text("{", encoding="utf-8")
    lines = SEED.read_text(encoding="utf-8").split("\n")
    lines[91] = "\t3"
    (folder / "wrong.txt").write_text("\n".join(lines), encoding="utf-8")
    pdf = Path(__file__).parents[1] / "data" / "pdf" / "hzq2023_working.pdf"
    (folder / "hzq2023.pdf").write_bytes(pdf.read_bytes())
    runs = [("0", "1", "C"), ("1", "2", "C.UTF-8"), ("12345", "2", "en_US.UTF-8")]
    outputs: set[tuple[bytes, ...]] = set()
    for i, (seed, jobs, locale) in enumerate(runs):
        out = tmp_path / f"run{i}"
        out.mkdir()
        args = [str(folder), "--jobs", jobs, "--no-progress"]
        for fmt, name in (
            ("json", "a.json"),
            ("sarif", "a.sarif"),
            ("csv", "a.csv"),
            ("html", "a.html"),
        ):
            args += ["--format", fmt, "-o", str(out / name)]
        cli(*args, env={"PYTHONHASHSEED": seed, "LC_ALL": locale, "LANG": locale})
        outputs.add(tuple((out / n).read_bytes() for n in ("a.json", "a.sarif", "a.csv", "a.html")))
    assert len(outputs) == 1
    # the same and complete: 0.1 wrote an empty a.html (a crash on bad.json) every time
    assert all(b"bad.json" in o and b"wrong.txt" in o for o in outputs.pop())

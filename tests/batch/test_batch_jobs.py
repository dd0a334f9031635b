"""Batch runs: folders, process pool, input order, unreadable files, progress switches."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from gixcheck import api, batch
from gixcheck.cli import main
from gixcheck.model import canonical_json

DATA = Path(__file__).resolve().parent.parent / "data"
SEED = DATA / "text" / "seed_panji_2021.txt"
SHANGHAI = DATA / "html" / "shanghai_bangongting_2019.html"
# Lines of the seed holding table 三 numbers (result.granted row): changing one breaks a sum.
NUMBER_LINES = range(104, 111)


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(args)
    out, err = capsys.readouterr()
    return int(exc.value.code or 0), out, err


def text_variant(k: int) -> str:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    i = NUMBER_LINES[k % len(NUMBER_LINES)]
    assert lines[i].strip().isdigit(), lines[i]
    lines[i] = f"\t{int(lines[i].strip()) + 1 + k % 3}"
    return "\n".join(lines)


def make_folder(root: Path, n: int = 200) -> list[str]:
    """``n`` reports: copies and variants of the test documents, in nested folders, plus a
    few that cannot be read.  Returns the names expected in the output, in sorted order."""
    seed_json = api.extract(SEED)
    made = []
    for k in range(n):
        sub = root / f"batch{k % 7}"
        sub.mkdir(parents=True, exist_ok=True)
        kind = k % 10
        if kind == 0:
            p = sub / f"r{k:03}.txt"
            p.write_text(text_variant(k), encoding="utf-8")
        elif kind in (1, 2, 3):
            p = sub / f"r{k:03}.txt"
            shutil.copyfile(SEED, p)
        elif kind in (4, 5, 6):
            data = json.loads(canonical_json(seed_json))
            cell = data["tables"]["table_3"]["rows"]["received_new"]["natural_person"]
            cell["value"] = k % 4  # k % 4 == 0 keeps the report consistent
            p = sub / f"r{k:03}.json"
            p.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        elif kind == 7 and k % 40 == 7:
            p = sub / f"r{k:03}.html"
            shutil.copyfile(SHANGHAI, p)
        elif kind == 8 and k % 50 == 8:
            p = sub / f"r{k:03}.pdf"
            p.write_bytes(b"%PDF-1.4 this is not really a PDF")
        elif kind == 9 and k % 50 == 9:
            p = sub / f"r{k:03}.txt"
            p.write_bytes(b"")
        else:
            p = sub / f"r{k:03}.txt"
            shutil.copyfile(SEED, p)
        made.append(str(p))
    (root / "notes.md").write_text("not a report", encoding="utf-8")  # ignored: not supported
    return sorted(made)


def test_folder_of_200_same_output_for_jobs_1_and_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "reports"
    expected = make_folder(folder)
    assert len(expected) == 200
    code1, out1, err1 = run_cli([str(folder), "--format", "json", "--jobs", "1"], capsys)
    code2, out2, err2 = run_cli([str(folder), "--format", "json", "--jobs", "2"], capsys)
    assert out1 == out2
    assert err1 == err2
    assert code1 == code2 == 1
    doc = json.loads(out1)
    sources = [r["source"] for r in doc["reports"]]
    assert sources == expected  # every file, sorted, none missing or duplicated
    unreadable = [
        r for r in doc["reports"] if r["findings"] and r["findings"][0]["rule"] == "GIX001"
    ]
    assert len(unreadable) == 8  # 4 fake PDFs + 4 empty files, reported, batch not stopped
    rules = {f["rule"] for r in doc["reports"] for f in r["findings"]}
    assert {"ARI002", "ARI003", "GIX001"} <= rules
    # the one-line summary on stderr: reports, unreadable, counts, grades
    summary = [line for line in err1.splitlines() if "份报告" in line]
    assert len(summary) == 1 and "200 份报告（8 份无法读取）" in summary[0] and "等级" in summary[0]


def test_pool_and_serial_give_the_same_results_through_the_api(tmp_path: Path) -> None:
    items = make_folder(tmp_path, 24)
    opts = api.Options()
    _, serial = batch.run(items, opts, jobs=1)
    _, pooled = batch.run(items, opts, jobs=3)
    a = [r.to_dict() for r in serial]
    b = [r.to_dict() for r in pooled]
    assert a == b
    assert [r["source"] for r in a] == items


def test_slim_results_keep_metadata_and_drop_the_canonical_report() -> None:
    _, stream = batch.run([str(SEED)], api.Options(), jobs=1)
    (r,) = list(stream)
    assert r.report is not None and set(r.report) == {"metadata", "layout"}
    assert r.meta["body"] == "潘集区人民政府"
    _, stream = batch.run([str(SEED)], api.Options(), jobs=1, keep_tables=True)
    (r,) = list(stream)
    assert r.report is not None and "table_3" in r.report["tables"]


def test_default_jobs() -> None:
    assert batch.default_jobs(1) == 1
    assert batch.default_jobs(batch.POOL_THRESHOLD) == 1
    assert batch.default_jobs(1000) >= 1


@pytest.mark.parametrize(
    ("env", "flag", "wanted"),
    [({"CI": "true"}, False, False), ({"PRE_COMMIT": "1"}, False, False), ({}, True, False)],
)
def test_progress_off_in_ci_pre_commit_and_on_request(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], flag: bool, wanted: bool
) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("PRE_COMMIT", raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    assert batch.progress_wanted(flag) is wanted


def test_progress_off_when_stdout_is_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("PRE_COMMIT", raising=False)
    monkeypatch.setattr("sys.stdout.isatty", lambda: False)
    assert batch.progress_wanted(False) is False


def test_progress_bar_passes_results_through_in_order(tmp_path: Path) -> None:
    items = make_folder(tmp_path, 6)
    _, stream = batch.run(items, api.Options(), jobs=1, progress=True)
    assert [r.source for r in stream] == items


def test_workers_make_the_json_pieces_and_changed_reports_lose_them(tmp_path: Path) -> None:
    from gixcheck.output import json_format, sarif

    seed = json.loads(canonical_json(api.extract(SEED)))
    items = []
    for k, town in enumerate(["甲镇", "乙镇", "丙镇", "丁镇"]):  # one template, four bodies
        seed["metadata"]["body"] = town + "人民政府"
        p = tmp_path / f"r{k}.json"
        p.write_text(json.dumps(seed, ensure_ascii=False), encoding="utf-8")
        items.append(str(p))
    shutil.copyfile(SHANGHAI, tmp_path / "s.html")
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.4 not really")
    items += [str(tmp_path / "s.html"), str(tmp_path / "x.pdf")]
    head, pooled = batch.run(items, api.Options(), jobs=2, pieces=("json", "sarif"), lang="en")
    results = list(pooled)
    made = [r for r in results if r.pieces]
    redone = [r for r in results if any(f.rule == "XYR008" for f in r.findings)]
    assert len(made) == 3 and len(redone) == 3  # XYR008 adds to the copies after their worker
    for r in made:
        assert set(r.pieces) == {"json:en", "sarif:en"}
        # made in the worker before slimming, they are what the writer would make after
        assert r.pieces["json:en"] == json_format.piece(r, head, "en")
        assert r.pieces["sarif:en"] == sarif.piece(r, head, "en")
    assert not any(r.pieces for r in redone)  # the batch rules changed them: made again
    _, serial = batch.run(items, api.Options(), jobs=1, pieces=("json",), lang="en")
    assert not any(r.pieces for r in serial)  # one process: nothing to hand over


def test_a_sink_writes_the_piece_a_worker_made() -> None:
    from gixcheck.output.json_format import JsonSink

    head, stream = batch.run([str(SEED)], api.Options(), jobs=1)
    (r,) = list(stream)
    sink = JsonSink(head, "zh")
    sink.start()
    r.pieces["json:zh"] = '{"made": "by the worker"}'
    assert "by the worker" not in sink.add(r)  # the sink does not know its format's name
    sink.format = "json"
    assert "by the worker" in sink.add(r)
    r.pieces.clear()
    assert '"source"' in sink.add(r)


def test_a_report_section_made_by_a_worker_is_numbered_by_the_writer(tmp_path: Path) -> None:
    from gixcheck.output import html as page
    from gixcheck.output.common import rules_of
    from gixcheck.output.html import dashboard
    from gixcheck.output.html.markup import PLACE
    from gixcheck.output.order import items as ordered_items

    seed = json.loads(canonical_json(api.extract(SEED)))
    # What a report says can never stand for the number: a control character is shown, not
    # written (\x01 → "\\x01"), so only the section's own ids hold PLACE.
    seed["metadata"]["title"] = 'r0-\x01"<b>x</b>' + seed["metadata"]["title"]
    cell = seed["tables"]["table_3"]["rows"]["received_new"]["natural_person"]
    cell["value"] += 1  # an arithmetic finding: cells linked from it and marked in the table
    p = tmp_path / "r.json"
    p.write_text(json.dumps(seed, ensure_ascii=False), encoding="utf-8")
    head, stream = batch.run([str(p)], api.Options(), jobs=1, keep_tables=True)
    (r,) = list(stream)
    made = page.piece(r, head, "zh")
    assert made.count(PLACE) > 10 and "\\x01" in made
    rules = rules_of(head)
    items = ordered_items(r.findings, rules)
    fams = dashboard.family_states(r, dashboard.families(rules), rules, items)
    assert made.replace(PLACE, "3") == page.section(3, r, items, fams, rules, "zh")

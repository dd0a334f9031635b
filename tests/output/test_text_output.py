"""Text for people and CI logs: form order, blank cells collapsed per table, zh words, the
concise and statistics renderings."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import gixcheck
from gixcheck.model import Finding, Location, Severity
from gixcheck.output.order import items, pointer_key
from gixcheck.output.text import TextSink
from support import run_cli

DATA = Path(__file__).resolve().parent.parent / "data"
SEED = DATA / "text" / "seed_panji_2021.txt"
PDF = DATA / "pdf" / "hzq2023_working.pdf"


def edited(tmp_path: Path) -> Path:
    """The seed with 上年结转 (7 cells) and two cells of 结转下年度 blank, and 商业企业 of
    （一）予以公开 raised from 1 to 2 (ARI002, ARI003)."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    for i in range(94, 101):
        assert lines[i] == "\t0"
        lines[i] = "\t"
    assert lines[105] == "\t1"
    lines[105] = "\t2"
    path = tmp_path / "panji.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def finding_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if re.match(r"  [^\s:：,]+ +[A-Z]{3}\d{3} ", line)]


def test_text_is_in_form_order_with_blank_cells_on_one_line(tmp_path: Path) -> None:
    p = run_cli(str(edited(tmp_path)), "--no-progress")
    lines = finding_lines(p.stdout)
    codes = [line.split()[1] for line in lines]
    # metadata first, then the preamble, then table 三 top to bottom (the table's own finding,
    # then （一）予以公开 above （七）总计); rules added later fit in where their place is
    mine = [c for c in codes if c in ("DDL002", "TAB003", "ARI003", "ARI002")]
    assert mine == ["DDL002", "TAB003", "ARI003", "ARI002"]
    if "SEC009" in codes:  # the preamble's period and contact
        assert codes.index("DDL002") < codes.index("SEC009") < codes.index("TAB003")
    assert codes.count("TAB003") == 1
    blank = p.stdout.split("TAB003", 1)[1].split("\n")
    assert "7 个单元格" in blank[0]
    assert blank[1].strip() == (
        "二、上年结转政府信息公开申请数量：自然人、商业企业、科研机构、社会公益组织、"
        "法律服务机构、其他、总计"
    )
    assert "第111行" in p.stdout and "line 111" not in p.stdout
    assert "版式 2021" in p.stdout and "等级 C" in p.stdout


def test_blank_cells_reported_one_per_cell_are_grouped_per_table() -> None:
    """Whatever shape the blank-cell rule reports in (one finding per cell from an older or a
    plugin rule set), the text shows one item per rule and table."""

    def blank(row: str, col: str, label: str) -> Finding:
        return Finding(
            "TAB003",
            "blank-cell",
            Severity.WARNING,
            "tables",
            f"{label} 为空",
            f"{label} is blank",
            Location(f"/tables/table_3/rows/{row}/{col}", f"表三 / {label}"),
        )

    rules = {
        "TAB003": SimpleNamespace(kind="cells-filled", text=lambda part, lang: "数据单元格为空"),
        "ARI002": SimpleNamespace(kind="sum-equals"),
    }
    found = [
        blank("carried_over", "total", "二、上年结转 / 总计"),
        blank("received_new", "commercial", "一、本年新收 / 商业企业"),
        blank("carried_over", "natural_person", "二、上年结转 / 自然人"),
        Finding(
            "ARI002",
            "t",
            Severity.ERROR,
            "arithmetic",
            "m",
            "m",
            Location(
                "/tables/table_3/rows/result.total/commercial", "表三 / （七）总计 / 商业企业"
            ),
        ),
    ]
    got = items(found, rules)
    assert [len(i.findings) for i in got] == [3, 1]
    assert [label.split(" / ", 1)[1] for _, label in got[0].cells] == [
        "一、本年新收 / 商业企业",
        "二、上年结转 / 自然人",
        "二、上年结转 / 总计",
    ]
    sink = TextSink(SimpleNamespace(rules=[]), "zh")
    sink.rules = rules
    lines = ["".join(t for t, _ in spans) for spans in sink.item_lines(got[0])]
    assert lines == [
        "  警告 TAB003 表三：数据单元格为空；3 个单元格",
        "      一、本年新收：商业企业",
        "      二、上年结转：自然人、总计",
    ]


def test_form_order_of_pointers() -> None:
    ordered = [
        "",
        "/metadata/published",
        "/preamble",
        "/sections/0/paragraphs/2",
        "/sections/1",
        "/tables/table_2/rows/rules/issued",
        "/sections/2/paragraphs/0",
        "/tables/table_3",
        "/tables/table_3/rows/received_new/total",
        "/tables/table_3/rows/result.granted/natural_person",
        "/tables/table_3/rows/result.granted/commercial",
        "/tables/table_3/rows/result.total/natural_person",
        "/tables/table_4/rows/cases/review.upheld",
        "/tables/table_4/rows/cases/litigation_direct.upheld",
        "/sections/5/paragraphs/0",
    ]
    assert sorted(ordered, key=pointer_key) == ordered


def test_quiet_text_shows_only_findings(tmp_path: Path) -> None:
    result = gixcheck.check([edited(tmp_path), SEED], select=["ARI"])
    sink = TextSink(result, "en", quiet=True)
    out = "".join([sink.start(), *(sink.add(r) for r in result.reports), sink.close()])
    assert out.count("ARI00") >= 2 and "error" in out
    assert "report" not in out.splitlines()[-1]  # no totals
    assert str(SEED) not in out  # a report without findings is left out


def test_concise_is_one_line_per_finding(tmp_path: Path) -> None:
    path = edited(tmp_path)
    args = [str(path), str(PDF), "--no-progress"]
    doc = json.loads(run_cli(*args, "--format", "json").stdout)
    p = run_cli(*args, "--format", "concise")
    lines = p.stdout.splitlines()
    assert len(lines) == sum(len(r["findings"]) for r in doc["reports"])
    ari = next(line for line in lines if " ARI002 " in line)
    assert ari.startswith(f"{path}:345: 错误 ARI002 表三 / （七）总计 / 商业企业：")
    pdf_lines = [line for line in lines if line.startswith(str(PDF))]
    assert pdf_lines and any(re.match(rf"{re.escape(str(PDF))}: 第\d+页: ", x) for x in pdf_lines)


def test_statistics_count_rules_across_the_batch(tmp_path: Path) -> None:
    args = [str(edited(tmp_path)), str(SEED), str(PDF), "--no-progress", "--lang", "en"]
    doc = json.loads(run_cli(*args, "--format", "json").stdout)
    findings: Counter[str] = Counter()
    reports: Counter[str] = Counter()
    for r in doc["reports"]:
        codes = [f["rule"] for f in r["findings"] if not f.get("baselined")]
        findings.update(codes)
        reports.update(set(codes))
    out = run_cli(*args, "--format", "statistics").stdout.splitlines()
    assert out[0].split() == ["findings", "reports", "rule", "severity", "title"]
    rows = {line.split()[2]: (int(line.split()[0]), int(line.split()[1])) for line in out[1:-1]}
    assert rows == {c: (findings[c], reports[c]) for c in findings}
    counts = [n for n, _ in rows.values()]
    assert counts == sorted(counts, reverse=True)
    assert out[-1] == "3 reports, 3 with findings"


def test_missing_rows_of_one_table_are_one_item() -> None:
    """A table cut off (a crawl, a print) loses many rows: one item per rule and table, the rows
    named four to a line; a single missing row stays a finding of its own."""

    def missing(table: str, name: str, row: str, label: str) -> Finding:
        return Finding(
            "TAB002",
            "table-incomplete",
            Severity.ERROR,
            "tables",
            f"{name}\u7f3a\u5c11\u884c\u300c{label}\u300d",
            f"{name}: row {label} is missing",
            Location(f"/tables/{table}/rows/{row}", f"{name} / {label}"),
        )

    rules = {"TAB002": SimpleNamespace(kind="table-complete", text=lambda part, lang: "S")}
    t3 = "\u8868\u4e09"
    found = [missing("table_3", t3, f"result.r{i}", f"row{i}") for i in range(5)] + [
        missing("table_2", "\u8868\u4e8c", "fees", "fees")
    ]
    got = items(found, rules)
    assert [(i.table, len(i.findings), i.rows) for i in got] == [
        ("table_2", 1, []),
        ("table_3", 5, ["row0", "row1", "row2", "row3", "row4"]),
    ]
    sink = TextSink(SimpleNamespace(rules=[]), "en")
    sink.rules = rules
    lines = ["".join(t for t, _ in spans) for spans in sink.item_lines(got[1])]
    assert lines == [
        f"  error   TAB002 {t3}: S; 5 rows",
        "      row0, row1, row2, row3",
        "      row4",
    ]
    single = ["".join(t for t, _ in spans) for spans in sink.item_lines(got[0])]
    assert single[1].strip() == "\u8868\u4e8c: row fees is missing"


def test_missing_rows_in_the_html_page(tmp_path: Path) -> None:
    text = (DATA / "text" / "qianan_dawuli_2020_page.txt").read_text(encoding="utf-8")
    src = tmp_path / "cut.txt"
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "a.html"
    run_cli(str(src), "--format", "html", "-o", str(out), "--no-progress")
    page = out.read_text(encoding="utf-8")
    [li] = [x for x in page.split("<li ")[1:] if "<code>TAB002</code>" in x and "\u8868\u4e09" in x]
    assert "18 \u884c" in li and "\uff08\u4e03\uff09\u603b\u8ba1" in li

"""The batch page as an audit dashboard, on a 50-report batch of real reports and seed edits,
checked in headless Chromium; screenshots go to test-artifacts/ for a person to look at."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from lxml import html as lxml_html

from output.batch50 import make_batch
from output.chromium import ARTIFACTS, chromium, needs_chromium, with_probe
from support import run_cli

OPEN_DETAILS = (
    "Array.prototype.forEach.call(document.querySelectorAll('details'),function(d){d.open=true});"
)


@pytest.fixture(scope="module")
def batch_page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, Path]:
    root = tmp_path_factory.mktemp("batch50")
    folder = root / "in"
    make_batch(folder)
    page, doc = root / "batch.html", root / "batch.json"
    p = run_cli(
        str(folder),
        "--jobs",
        "2",
        "--no-progress",
        *("--format", "html", "-o", str(page)),
        *("--format", "json", "-o", str(doc)),
    )
    assert p.returncode == 1, p.stderr
    return page, json.loads(doc.read_text(encoding="utf-8")), root


def visible_rows(tree: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    return [r for r in tree.xpath("//table[@id='overview']/tbody/tr") if r.get("hidden") is None]


def test_dashboard_counts_match_the_json(batch_page: tuple[Path, dict, Path]) -> None:
    path, doc, _ = batch_page
    tree = lxml_html.fromstring(path.read_text(encoding="utf-8"))
    reports = doc["reports"]
    assert len(reports) >= 50
    # the histogram: one bar per grade (and one for the unreadable, which have none)
    grades = Counter(r["grade"] or "none" for r in reports)
    bars = {
        a.get("href").rsplit("-", 1)[1]: int(a.xpath("./*[local-name()='text']")[0].text)
        for a in tree.xpath("//*[local-name()='svg']//*[local-name()='a']")
    }
    assert {k: v for k, v in bars.items() if v} == dict(grades)
    # the rule table: reports affected and findings per rule (baselined ones aside)
    affected: Counter[str] = Counter()
    count: Counter[str] = Counter()
    for r in reports:
        found = [f["rule"] for f in r["findings"] if not f.get("baselined")]
        count.update(found)
        affected.update(set(found))
    rows = {
        tr.xpath("./td[1]//code")[0].text: (int(tr[3].text), int(tr[4].text))
        for tr in tree.xpath("//table[@class='rules']/tbody/tr")
    }
    assert rows == {c: (affected[c], count[c]) for c in count}
    order = list(rows)
    assert order == sorted(order, key=lambda c: (-affected[c], -count[c], c))
    # the overview: every report, with a family strip; each section links back to the top
    assert len(tree.xpath("//table[@id='overview']/tbody/tr")) == len(reports)
    families = tree.xpath("//table[@id='overview']/tbody/tr[1]//a[contains(@class,'fam')]")
    assert [a.text_content()[:3] for a in families] == [
        "FMT",
        "SEC",
        "TAB",
        "ARI",
        "TXT",
        "FEE",
        "DDL",
        "XYR",
    ]
    sections = tree.xpath("//section[contains(@class,'report')]")
    assert len(sections) == len(reports)
    assert all(s.xpath(".//a[@class='back']/@href") == ["#top"] for s in sections)


def test_each_finding_shows_title_basis_fix_and_plain_evidence(
    batch_page: tuple[Path, dict, Path],
) -> None:
    path, doc, _ = batch_page
    text = path.read_text(encoding="utf-8")
    tree = lxml_html.fromstring(text)
    i = next(
        i for i, r in enumerate(doc["reports"]) if any(f["rule"] == "ARI002" for f in r["findings"])
    )
    section = tree.get_element_by_id(f"r{i}")
    item = next(
        li for li in section.xpath(".//ol[@class='findings']/li") if "ARI002" in li.text_content()
    )
    words = item.text_content()
    assert "表三各列" in words  # the rule's title
    assert "依据" in words and "格式2021" in words  # legal basis
    assert "修改建议" in words  # how to fix
    assert "左边合计" in words and "右边合计" in words and "差额" in words
    assert "lhs" not in words and "rhs" not in words
    # narrative findings light up the table cells they disagree with
    j, txt = next(
        (j, f)
        for j, r in enumerate(doc["reports"])
        for f in r["findings"]
        if f["rule"] == "TXT001" and f["evidence"].get("cells")
    )
    for cell in txt["evidence"]["cells"]:
        td = tree.get_element_by_id(f"r{j}-{cell['pointer']}")
        assert {"fail", "via-text"} <= set(td.get("class").split())
        target = td.xpath(".//a/@href")[0][1:]
        assert "TXT001" in tree.get_element_by_id(target).text_content()


@needs_chromium
def test_dashboard_in_chromium_filters_and_screenshots(
    batch_page: tuple[Path, dict, Path],
) -> None:
    path, doc, root = batch_page
    reports = doc["reports"]
    # a rule row filters the overview to the reports it affects
    dom = lxml_html.fromstring(
        chromium(["--dump-dom", path.as_uri() + "#filter-rule-ARI002"], root / "p1")
    )
    assert dom.find("body").get("data-ready") == "1"
    with_ari = [
        i for i, r in enumerate(reports) if any(f["rule"] == "ARI002" for f in r["findings"])
    ]
    assert [int(r.get("data-i")) for r in visible_rows(dom)] == with_ari
    status = dom.get_element_by_id("filter-status")
    assert status.get("hidden") is None and str(len(with_ari)) in status.text_content()
    # a grade bar filters by grade; a family box by family
    dom = lxml_html.fromstring(
        chromium(["--dump-dom", path.as_uri() + "#filter-grade-E"], root / "p2")
    )
    assert len(visible_rows(dom)) == sum(r["grade"] == "E" for r in reports)
    dom = lxml_html.fromstring(
        chromium(["--dump-dom", path.as_uri() + "#filter-family-TXT"], root / "p3")
    )
    with_txt = sum(
        any(f["rule"].startswith("TXT") and not f.get("baselined") for f in r["findings"])
        for r in reports
    )
    assert len(visible_rows(dom)) == with_txt > 0

    ARTIFACTS.mkdir(exist_ok=True)
    shots = {
        "dashboard.png": (path.as_uri(), "1400,1800"),
        "dashboard_filtered_ARI002.png": (path.as_uri() + "#filter-rule-ARI002", "1400,1800"),
    }
    for name, (url, size) in shots.items():
        shot = ARTIFACTS / name
        shot.unlink(missing_ok=True)
        chromium([f"--window-size={size}", f"--screenshot={shot}", url], root / f"s-{name}")
        assert shot.stat().st_size > 20_000, name


@needs_chromium
def test_report_with_failing_cells_screenshot_and_print(
    batch_page: tuple[Path, dict, Path],
) -> None:
    """One report's section as a person sees it (details open), and the page printed: each
    report starts on its own page."""
    path, doc, root = batch_page
    folder = root / "in"
    i = next(
        i
        for i, r in enumerate(doc["reports"])
        if {"ARI002", "TXT001"} & {f["rule"] for f in r["findings"]}
        and r["source"].startswith(str(folder / "seed_"))
    )
    single = root / "single.html"
    p = run_cli(doc["reports"][i]["source"], "--format", "html", "-o", str(single))
    assert p.returncode == 1
    probe = root / "single_open.html"
    probe.write_text(with_probe(single.read_text(encoding="utf-8"), OPEN_DETAILS), "utf-8")
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report_failing_cells.png"
    shot.unlink(missing_ok=True)
    chromium(["--window-size=1400,3400", f"--screenshot={shot}", probe.as_uri()], root / "s1")
    assert shot.stat().st_size > 50_000
    pdf = ARTIFACTS / "batch_printed.pdf"
    pdf.unlink(missing_ok=True)
    chromium([f"--print-to-pdf={pdf}", "--no-pdf-header-footer", path.as_uri()], root / "s2", 240)
    import pypdfium2

    pages = len(pypdfium2.PdfDocument(str(pdf)))
    assert pages > len(doc["reports"])  # the dashboard, then at least a page per report

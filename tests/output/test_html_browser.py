"""The auditors' HTML page: self-contained, failing cells highlighted — checked in headless Chromium."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import html as lxml_html

from gixcheck.cli import main
from output.chromium import ARTIFACTS, chromium, needs_chromium, page_requests, with_probe
from output.hostile import hostile_report

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
SEED = DATA / "text" / "seed_panji_2021.txt"
SHANGHAI = DATA / "html" / "shanghai_bangongting_2019.html"


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(args)
    out, err = capsys.readouterr()
    return int(exc.value.code or 0), out, err


@pytest.fixture
def page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, dict]:
    """An HTML report of a batch: a report with two arithmetic errors, the seed, Shanghai 2019."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    lines[105] = "\t2"  # （一）予以公开 / 商业企业 1 → 2
    bad = tmp_path / "bad_2021.txt"
    bad.write_text("\n".join(lines), encoding="utf-8")
    out = tmp_path / "report.html"
    js = tmp_path / "report.json"
    code, _, _ = run_cli(
        [
            str(bad),
            str(SEED),
            str(SHANGHAI),
            "--format",
            "html",
            "-o",
            str(out),
            "--format",
            "json",
            "-o",
            str(js),
        ],
        capsys,
    )
    assert code == 1
    return out, json.loads(js.read_text(encoding="utf-8"))


def test_page_is_self_contained_and_links_cells_to_findings(page: tuple[Path, dict]) -> None:
    path, doc = page
    text = path.read_text(encoding="utf-8")
    tree = lxml_html.fromstring(text)
    # no external assets: no src at all, links only to fragments
    assert not tree.xpath("//*[@src]")
    assert all(h.startswith("#") for h in tree.xpath("//a/@href"))
    assert not tree.xpath("//link")
    bad = doc["reports"][0]
    failing = [f for f in bad["findings"] if f["location"]["pointer"].startswith("/tables/")]
    assert {f["rule"] for f in failing} == {"ARI002", "ARI003"}
    for f in failing:
        cell = tree.get_element_by_id(f"r0-{f['location']['pointer']}")
        assert "fail" in cell.get("class").split()
        target = cell.xpath(".//a/@href")[0][1:]
        item = tree.get_element_by_id(target)
        assert f["rule"] in item.text_content()
        for op in f["evidence"]["operands"]:
            other = tree.get_element_by_id(f"r0-{op['pointer']}")
            assert {"operand", "fail"} & set(other.get("class").split())
    # the overview of the batch: one row per report, sortable headings
    rows = tree.xpath("//table[@id='overview']/tbody/tr")
    assert len(rows) == 3
    # the form's labels are drawn from gixcheck/form/tables.toml
    assert "（七）总计" in text and "行政事业性收费" in text and "复议后起诉" in text
    # a report with no findings in a table has no highlighted cell
    assert not tree.xpath("//section[@id='r1']//td[contains(@class,'fail')]")


@needs_chromium
def test_page_in_headless_chromium(page: tuple[Path, dict], tmp_path: Path) -> None:
    path, doc = page
    netlog = tmp_path / "net.json"
    dom = chromium([f"--log-net-log={netlog}", "--dump-dom", path.as_uri()], tmp_path / "profile1")
    tree = lxml_html.fromstring(dom)
    body = tree.xpath("//body")[0]
    assert body.get("data-ready") == "1"  # the inline script ran without an error
    pointer = next(
        f["location"]["pointer"] for f in doc["reports"][0]["findings"] if f["rule"] == "ARI002"
    )
    cell = tree.get_element_by_id(f"r0-{pointer}")
    assert {"fail", "fail-error"} <= set(cell.get("class").split())
    assert page_requests(netlog) == []
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "html_report.png"
    shot.unlink(missing_ok=True)
    chromium(
        ["--window-size=1300,2400", f"--screenshot={shot}", path.as_uri()], tmp_path / "profile2"
    )
    assert shot.stat().st_size > 10_000


@needs_chromium
def test_network_check_would_see_an_external_request(tmp_path: Path) -> None:
    """The control for the test above: a page that loads an image from the web is caught."""
    control = tmp_path / "control.html"
    control.write_text('<img src="http://example.invalid/x.png">', encoding="utf-8")
    netlog = tmp_path / "net.json"
    chromium([f"--log-net-log={netlog}", "--dump-dom", control.as_uri()], tmp_path / "profile")
    assert page_requests(netlog) == ["http://example.invalid/x.png"]


@needs_chromium
def test_overview_sorts_by_errors_in_the_browser(page: tuple[Path, dict], tmp_path: Path) -> None:
    """Click the overview's 错误 heading twice (ascending, then descending) with the page's own
    script, and read the order the browser leaves the rows in."""
    path, doc = page
    probe = tmp_path / "probe.html"
    clicks = (
        "(function(){var t=document.getElementById('overview');"
        "var th=Array.prototype.filter.call(t.querySelectorAll('th'),"
        "function(h){return h.textContent.trim()==='错误'})[0];"
        "function order(){return Array.prototype.map.call(t.tBodies[0].rows,"
        "function(r){return r.cells[0].textContent.trim()}).join(',')}"
        "th.querySelector('button').click();document.body.dataset.asc=order();"
        "th.querySelector('button').click();document.body.dataset.desc=order();})();"
    )
    probe.write_text(with_probe(path.read_text(encoding="utf-8"), clicks), encoding="utf-8")
    dom = lxml_html.fromstring(chromium(["--dump-dom", probe.as_uri()], tmp_path / "profile"))
    body = dom.find("body")
    errors = [r["summary"]["error"] for r in doc["reports"]]  # in input order, rows 1..3
    by_errors = sorted(range(len(errors)), key=lambda i: (errors[i], i))
    assert body.get("data-asc") == ",".join(str(i + 1) for i in by_errors)
    desc = sorted(range(len(errors)), key=lambda i: (-errors[i], -i))
    assert body.get("data-desc") == ",".join(str(i + 1) for i in desc)


@needs_chromium
def test_markup_from_a_report_never_runs_and_foreign_scripts_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """0.1: ``x"><script>…</script>`` in a cell's kind ran in Chromium.  Now every value is
    escaped, and even a script that got into the page would not run: the policy names only the
    page's own script by its hash."""
    out = tmp_path / "page.html"
    run_cli([str(hostile_report(tmp_path)), str(SEED), "--format", "html", "-o", str(out)], capsys)
    page = out.read_text(encoding="utf-8")
    # a script injected without its hash in the policy: the control that the policy is on
    injected = tmp_path / "injected.html"
    injected.write_text(
        page.replace("</body>", '<script>document.body.dataset.pwned="2"</script></body>', 1),
        encoding="utf-8",
    )
    for path, profile in ((out, "p1"), (injected, "p2")):
        body = lxml_html.fromstring(chromium(["--dump-dom", path.as_uri()], tmp_path / profile))
        body = body.find("body")
        assert body.get("data-ready") == "1"  # the page's own script ran
        assert body.get("data-pwned") is None  # nothing else did

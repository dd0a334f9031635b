"""Every format on a real batch: a broken file never breaks an output, and nothing a document
contains acts on the reader (terminal escapes, markup, XML-breaking characters, surrogates)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import jsonschema
import pytest
from junitparser import JUnitXml
from lxml import etree
from lxml import html as lxml_html

import gixcheck
from gixcheck.model import jsonable
from output.hostile import hostile_report
from support import run_cli as run_program

DATA = Path(__file__).resolve().parent.parent / "data"
SEED = DATA / "text" / "seed_panji_2021.txt"
PDF = DATA / "pdf" / "hzq2023_working.pdf"
SHANGHAI = DATA / "html" / "shanghai_bangongting_2019.html"
SARIF_SCHEMA = DATA / "sarif-schema-2.1.0.json"
FORMATS = {
    "json": "a.json",
    "sarif": "a.sarif",
    "junit": "a.xml",
    "csv": "a.csv",
    "html": "a.html",
    "github": "a.github",
    "text": "a.txt",
}
ESC = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def batch(folder: Path) -> Path:
    """A real batch: the seed, a real PDF, a broken PDF and a truncated JSON report."""
    folder.mkdir()
    (folder / "seed.txt").write_bytes(SEED.read_bytes())
    (folder / "hzq2023.pdf").write_bytes(PDF.read_bytes())
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")
    (folder / "cut.json").write_text('{"schema_version": 1, "tables": {', encoding="utf-8")
    return folder


def every_format(inputs: list[str], out: Path, *extra: str) -> tuple[int, str]:
    out.mkdir(exist_ok=True)
    args = [*inputs, "--no-progress", *extra]
    for fmt, name in FORMATS.items():
        args += ["--format", fmt, "-o", str(out / name)]
    p = run_program(*args)
    assert "internal error" not in p.stderr, p.stderr
    assert "Traceback" not in p.stderr, p.stderr
    return p.returncode, p.stderr


def check_complete(out: Path, broken: list[str]) -> None:
    """Each output is whole (parses to its end) and names every input, the broken ones too."""
    texts = {fmt: (out / name).read_text(encoding="utf-8") for fmt, name in FORMATS.items()}
    for fmt, text in texts.items():
        assert text.strip(), f"{fmt} is empty"
        for name in broken:
            assert name in text, f"{fmt} does not name {name}"
    doc = json.loads(texts["json"])
    assert len(doc["reports"]) == 4
    jsonschema.validate(
        json.loads(texts["sarif"]), json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    )
    suites = list(JUnitXml.fromfile(str(out / FORMATS["junit"])))
    assert len(suites) == 4
    rows = list(csv.DictReader(io.StringIO(texts["csv"].lstrip("\ufeff"))))
    assert {r["规则"] for r in rows} >= {"GIX001"}
    tree = lxml_html.fromstring(texts["html"])
    assert len(tree.xpath("//section[contains(@class,'report')]")) == 4
    assert texts["html"].rstrip().endswith("</html>")
    assert "GIX001" in texts["github"] and "GIX001" in texts["text"]


def test_a_batch_with_broken_files_gives_every_format_complete_twice(tmp_path: Path) -> None:
    """0.1: html and junit ended with "internal error" and a 0-byte file (a grade of None was
    escaped), and in a multi-format run the formats after them were lost."""
    folder = batch(tmp_path / "in")
    outputs = []
    for run in ("run1", "run2"):
        code, err = every_format([str(folder)], tmp_path / run)
        assert code == 1, err  # findings, not a failed run
        check_complete(tmp_path / run, ["broken.pdf", "cut.json"])
        outputs.append({n: (tmp_path / run / n).read_bytes() for n in FORMATS.values()})
    assert outputs[0] == outputs[1]


def test_each_format_alone_equals_its_part_of_a_multi_format_run(tmp_path: Path) -> None:
    folder = batch(tmp_path / "in")
    every_format([str(folder)], tmp_path / "all")
    for fmt, name in FORMATS.items():
        p = run_program(str(folder), "--no-progress", "--format", fmt)
        assert p.stdout == (tmp_path / "all" / name).read_text(encoding="utf-8"), fmt


# ----------------------------------------------------------------------------- HTML


def test_html_escapes_every_value_from_a_report(tmp_path: Path) -> None:
    """0.1: a cell's ``kind`` went into a class attribute unescaped: ``x"><script>`` ran."""
    path = hostile_report(tmp_path)
    out = tmp_path / "page.html"
    p = run_program(str(path), str(SEED), "--format", "html", "-o", str(out))
    assert p.returncode in (0, 1), p.stderr
    page = out.read_text(encoding="utf-8")
    tree = lxml_html.fromstring(page)
    assert len(tree.xpath("//script")) == 1  # the page's own
    assert not tree.xpath("//img")
    assert not [a for e in tree.iter() for a in e.attrib if a.startswith("on")]
    assert "<script>document" not in page
    classes = {c for e in tree.xpath("//td[@class]") for c in e.get("class").split()}
    assert all(re.fullmatch(r"[a-z0-9-]+", c) for c in classes), classes


def test_html_policy_allows_only_the_pages_own_script_and_style(tmp_path: Path) -> None:
    import base64
    import hashlib

    out = tmp_path / "page.html"
    run_program(str(SEED), "--format", "html", "-o", str(out))
    tree = lxml_html.fromstring(out.read_text(encoding="utf-8"))
    csp = tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    policy = dict((d.split()[0], d.split()[1:]) for d in (x.strip() for x in csp.split(";")) if d)
    assert policy["default-src"] == ["'none'"]

    def digest(el: etree._Element) -> str:
        return (
            "'sha256-"
            + base64.b64encode(hashlib.sha256((el.text or "").encode()).digest()).decode()
            + "'"
        )

    assert [digest(s) for s in tree.xpath("//script")] == policy["script-src"]
    assert [digest(s) for s in tree.xpath("//style")] == policy["style-src"]
    assert not tree.xpath("//*[@style]")  # a style attribute would need 'unsafe-hashes'


# ----------------------------------------------------------------------------- terminals and XML


def escape_named(tmp_path: Path) -> Path:
    """The seed under a file name that retitles and clears a terminal, with a NUL and a
    bidi override in its title and a non-UTF-8 byte in its name."""
    report = gixcheck.extract(SEED)
    report["metadata"]["title"] = "标题\x1b[2J\x00\u202e\ud800"
    report["metadata"]["body"] = "机关\x07\x1b]0;pwned\x07"
    folder = tmp_path / "in"
    folder.mkdir()
    name = b"evil\x1b]0;pwned\x07\x1b[31m\xff.json"
    path = folder / name.decode("utf-8", "surrogateescape")
    path.write_text(json.dumps(jsonable(report)), encoding="ascii")  # "\ud800" as JSON writes it
    lines = SEED.read_text(encoding="utf-8").split("\n")
    lines[105] = "\t2"  # an arithmetic error, so there are findings with messages
    (folder / "bad\x1b[2J.txt").write_text("\n".join(lines), encoding="utf-8")
    return folder


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_no_control_character_reaches_a_terminal(tmp_path: Path, fmt: str) -> None:
    folder = escape_named(tmp_path)
    p = run_program(str(folder), "--no-progress", "--format", fmt)
    assert p.returncode == 1, p.stderr
    assert "ARI002" in p.stdout
    assert not ESC.search(p.stdout.replace("\n", "")), repr(p.stdout[:300])
    assert "\\x1b" in p.stdout  # shown, not hidden
    assert "\u202e" not in p.stdout


def test_control_characters_never_break_the_machine_formats(tmp_path: Path) -> None:
    folder = escape_named(tmp_path)
    out = tmp_path / "out"
    code, err = every_format([str(folder)], out)
    assert code == 1, err
    xml_text = (out / FORMATS["junit"]).read_text(encoding="utf-8")
    etree.fromstring(xml_text.encode("utf-8"))  # well-formed XML 1.0
    assert not ESC.search(xml_text.replace("\n", "").replace("\t", ""))
    sarif = json.loads((out / FORMATS["sarif"]).read_text(encoding="utf-8"))
    jsonschema.validate(sarif, json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
    doc = json.loads((out / FORMATS["json"]).read_text(encoding="utf-8"))
    assert len(doc["reports"]) == 2
    raw = (out / FORMATS["csv"]).read_text(encoding="utf-8")
    assert not ESC.search(raw.replace("\r\n", "").replace("\n", ""))


# ----------------------------------------------------------------------------- SARIF regions


def test_sarif_regions_always_have_a_start(tmp_path: Path) -> None:
    """0.1: PDF and HTML results had a region with only properties (no start line), which SARIF
    viewers reject; the page or cell now goes in the physical location's properties."""
    p = run_program(str(PDF), str(SHANGHAI), str(SEED), "--format", "sarif")
    doc = json.loads(p.stdout)
    results = doc["runs"][0]["results"]
    kinds = set()
    for r in results:
        phys = r["locations"][0]["physicalLocation"]
        if "region" in phys:
            assert isinstance(phys["region"]["startLine"], int)
            kinds.add("line")
        if "page" in phys.get("properties", {}):
            kinds.add("page")
        if "table" in phys.get("properties", {}):
            kinds.add("cell")
    assert kinds == {"line", "page", "cell"}


# ----------------------------------------------------------------------------- severity words


def seed_with_errors(tmp_path: Path) -> Path:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    lines[105] = "\t2"  # ARI002 and ARI003
    lines[94] = "\t"  # TAB003 (blank) warning
    path = tmp_path / "bad.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("lang", "words"), [("zh", ("错误", "警告", "提示")), ("en", ("error", "warning", "info"))]
)
def test_every_finding_line_names_its_severity_without_colour(
    tmp_path: Path, lang: str, words: tuple[str, str, str]
) -> None:
    """0.1 showed severity only by colour: in a pipe or with NO_COLOR all lines looked alike."""
    path = seed_with_errors(tmp_path)
    p = run_program(str(path), "--lang", lang, env={"NO_COLOR": "1"})
    doc = json.loads(run_program(str(path), "--lang", lang, "--format", "json").stdout)
    by_rule = {f["rule"]: f["severity"] for f in doc["reports"][0]["findings"]}
    finding_lines = [
        line for line in p.stdout.splitlines() if re.match(r"  [^\s:：,]+ +[A-Z]{3}\d{3} ", line)
    ]
    assert len(finding_lines) >= len(by_rule)
    word_of = dict(zip(("error", "warning", "info"), words, strict=True))
    for line in finding_lines:
        sev_word, code = line.split()[:2]
        assert sev_word == word_of[by_rule[code]], line


def test_english_counts_are_singular_for_one(tmp_path: Path) -> None:
    path = seed_with_errors(tmp_path)
    p = run_program(str(path), "--lang", "en")
    assert "1 warning," in p.stdout and "2 errors" in p.stdout
    assert "1 warnings" not in p.stdout and "1 reports" not in p.stdout
    assert "1 report:" in p.stdout

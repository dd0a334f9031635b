"""Inputs that would hold a parser in C code for minutes are refused before parsing, with a
GIX001 naming what was found (issue 13): a tag with hundreds of thousands of attributes, a PDF
stream that inflates to gigabytes.  The rest of a batch goes on; real reports pass."""

from __future__ import annotations

import json
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from gixcheck import api
from gixcheck.extract import prechecks
from gixcheck.extract.document import ExtractionError

DATA = Path(__file__).parents[1] / "data"
SEED = DATA / "text" / "seed_panji_2021.txt"


def _page(attributes: int, tags: int = 1, valued: bool = True) -> str:
    attrs = " ".join((f"a{i}=1" if valued else f"a{i}") for i in range(attributes))
    body = "".join(f"<div {attrs}>x</div>" for _ in range(tags))
    return f"<html><body><h1>report</h1>{body}</body></html>"


def _bomb_pdf(inflated: int) -> bytes:
    """A one-page PDF whose content stream inflates to ``inflated`` bytes of spaces."""
    z = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    parts = [z.compress(chunk) for _ in range(inflated >> 20)]
    stream = b"".join(parts) + z.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


@pytest.mark.parametrize("valued", [True, False])
def test_a_tag_with_too_many_attributes_is_refused(valued: bool) -> None:
    prechecks.html_attributes(_page(prechecks.MAX_ATTRIBUTES - 5, valued=valued), "ok.html")
    with pytest.raises(ExtractionError, match="attributes"):
        prechecks.html_attributes(_page(prechecks.MAX_ATTRIBUTES + 5, valued=valued), "x.html")


def test_many_heavy_tags_are_refused_too() -> None:
    prechecks.html_attributes(_page(500, tags=10), "ok.html")
    with pytest.raises(ExtractionError, match="many tags"):
        prechecks.html_attributes(_page(900, tags=30), "x.html")


def test_long_quoted_values_are_not_attributes() -> None:
    """A data: URI or a long style is one attribute, however long and whatever it holds."""
    value = "a=b " * 100_000
    prechecks.html_attributes(
        f"<html><body><img src=\"{value}\" alt='{value}'></body></html>", "ok"
    )


def test_a_decompression_bomb_is_refused_before_pdfium_inflates_it() -> None:
    with pytest.raises(api.InputError) as e:
        api.extract(_bomb_pdf(prechecks.MAX_STREAM_BYTES + (8 << 20)), "bomb.pdf")
    assert "decompression bomb" in e.value.en


def test_every_real_report_passes_the_prechecks() -> None:
    pdfs = sorted((DATA / "pdf").glob("*.pdf"))
    pages = sorted((DATA / "html").rglob("*.htm*"))
    assert pdfs and pages
    for path in pdfs:
        prechecks.pdf_streams(path.read_bytes(), path.name)
    for path in pages:
        prechecks.html_attributes(path.read_bytes().decode("utf-8", "replace"), path.name)


def test_in_the_program_itself_the_hostile_page_is_refused_and_the_batch_goes_on(
    tmp_path: Path,
) -> None:
    """--jobs 1 checks in the program's own process, where --timeout cannot interrupt libxml2:
    before the pre-check this page held it for more than fifteen minutes."""
    hostile = tmp_path / "attrs.html"
    hostile.write_text(_page(250_000), "utf-8")
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(_bomb_pdf(prechecks.MAX_STREAM_BYTES + (8 << 20)))
    args = ["--jobs", "1", "--timeout", "5", "--format", "json", "--lang", "en"]
    proc = subprocess.run(
        [sys.executable, "-m", "gixcheck", str(hostile), str(bomb), str(SEED), *args],
        capture_output=True,
        text=True,
        timeout=300,
    )
    doc = json.loads(proc.stdout)
    reasons = [r["findings"][0]["message"] for r in doc["reports"][:2]]
    assert "one tag has about 250000 attributes" in reasons[0], reasons
    assert "decompression bomb" in reasons[1], reasons
    assert doc["reports"][2]["grade"] == "A"

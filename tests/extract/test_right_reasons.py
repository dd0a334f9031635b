"""A document that cannot be read is refused for the right reason (issue 13): running out of
memory in the HTML and DOCX readers is the memory limit, not a damaged file; a PDF with an
opening password is password-protected, not damaged."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from gixcheck.extract.document import ExtractionError

HERE = Path(__file__).parent

# Read one document in a fresh process whose address space, once gixcheck and lxml are loaded,
# has only ``headroom`` MB to spare: the readers' own allocations (libxml2's included) fail.
_UNDER_A_LIMIT = r"""
import resource, sys
from gixcheck import api
from gixcheck.extract import docx, html  # loaded before the limit, as a worker has them
import lxml.etree, lxml.html, docx as _python_docx
data = open(sys.argv[1], "rb").read()
size = int(open("/proc/self/statm").read().split()[0]) * resource.getpagesize()
resource.setrlimit(resource.RLIMIT_AS, (size + int(sys.argv[2]) * 2**20, resource.RLIM_INFINITY))
try:
    api.load_report(data, sys.argv[1], api.host())
    print("READ")
except MemoryError:
    print("MEMORY")
except api.InputError as exc:
    print("INPUT", exc.en)
"""


def _html(rows: int) -> bytes:
    body = "".join(f"<tr><td>item {i}</td><td>{i}</td><td>{i}</td></tr>" for i in range(rows))
    return f"<html><head><meta charset='utf-8'></head><body><table>{body}</table></body></html>".encode()


def _docx(rows: int) -> bytes:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    cells = "".join(
        f"<w:tr><w:tc><w:p><w:r><w:t>item {i}</w:t></w:r></w:p></w:tc></w:tr>" for i in range(rows)
    )
    document = f'<w:document xmlns:w="{w}"><w:body><w:tbl>{cells}</w:tbl></w:body></w:document>'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        z.writestr("word/document.xml", document)
    return buf.getvalue()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS and /proc")
@pytest.mark.parametrize(("suffix", "make"), [(".html", _html), (".docx", _docx)])
def test_running_out_of_memory_is_the_memory_limit(
    tmp_path: Path, suffix: str, make: object
) -> None:
    path = tmp_path / f"big{suffix}"
    path.write_bytes(make(200_000))  # type: ignore[operator]
    said = set()
    for headroom in (40, 80, 120):
        proc = subprocess.run(
            [sys.executable, "-c", _UNDER_A_LIMIT, str(path), str(headroom)],
            capture_output=True,
            text=True,
            timeout=300,
        )
        out = proc.stdout.strip()
        assert out.startswith(("READ", "MEMORY", "INPUT")), proc.stderr[-2000:]
        said.add(out)
        if out.startswith("INPUT"):  # said as the memory limit, never as a damaged file
            assert "memory limit" in out and "cannot be parsed" not in out, out
    assert said - {"READ"}, "the limit never bit: make the document bigger"


def test_a_password_protected_pdf_says_so() -> None:
    sys.path.insert(0, str(HERE))
    try:
        from test_pdf_source import make_pdf
    finally:
        sys.path.pop(0)
    from gixcheck.extract.pdf import extract_pdf

    with pytest.raises(ExtractionError) as e:
        extract_pdf(make_pdf(b"Locked", user=b"secret", owner=b"owner"), "locked.pdf")
    assert "password-protected" in e.value.message_en
    assert "damaged" not in e.value.message_en

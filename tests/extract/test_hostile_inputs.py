"""Hostile documents end in one clear GIX001 and read no file outside the input.

Each case goes through the public API (``gixcheck.check``), as a user's file would; none of the
cases takes more than a moment (no timing is asserted: the limits are structural — entity
expansion off, page/member/size caps, the byte limit checked before reading).
"""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import pytest

import gixcheck
from gixcheck import api

DATA = Path(__file__).resolve().parent.parent / "data"


def refusal(path: Path) -> str:
    """The GIX001 message (English) of checking ``path``; fails if anything else is found."""
    (rep,) = gixcheck.check(path).reports
    assert not rep.readable
    assert [f.rule for f in rep.findings] == ["GIX001"]
    return rep.findings[0].message("en")


@pytest.fixture
def secret(tmp_path: Path) -> tuple[Path, str]:
    value = "S3CRET-" + "k4w8" * 4
    path = tmp_path / "outside" / "secret.txt"
    path.parent.mkdir()
    path.write_text(value, encoding="utf-8")
    return path, value


def _everything(path: Path) -> str:
    """All a user could see: findings in both languages and, if it extracts, the JSON."""
    res = gixcheck.check(path)
    text = res.to_json("zh") + res.to_json("en")
    try:
        text += str(api.extract(path))
    except api.InputError as exc:
        text += exc.zh + exc.en
    return text


@pytest.mark.parametrize("decl", ["", '<?xml version="1.0" encoding="utf-8"?>\n'])
def test_html_external_entity_reads_no_file(
    tmp_path: Path, secret: tuple[Path, str], decl: str
) -> None:
    path, value = secret
    page = tmp_path / "xxe.html"
    page.write_text(
        f'{decl}<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{path.as_posix()}">]>\n'
        "<html><body><p>某某局2023年政府信息公开工作年度报告</p><p>一、总体情况 &xxe;</p>"
        "<table><tr><td>规章</td><td>&xxe;</td></tr></table></body></html>",
        encoding="utf-8",
    )
    assert value not in _everything(page)


def test_html_external_dtd_is_not_loaded(tmp_path: Path, secret: tuple[Path, str]) -> None:
    _, value = secret
    dtd = tmp_path / "outside" / "evil.dtd"
    dtd.write_text(f'<!ENTITY leak "{value}">', encoding="utf-8")
    page = tmp_path / "dtd.html"
    page.write_text(
        f'<!DOCTYPE html SYSTEM "file://{dtd.as_posix()}">'
        "<html><body><p>一、总体情况 &leak;</p></body></html>",
        encoding="utf-8",
    )
    assert value not in _everything(page)


def test_html_billion_laughs(tmp_path: Path) -> None:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 12)
    ]
    page = tmp_path / "lol.html"
    page.write_text(
        "<?xml version='1.0'?><!DOCTYPE html [" + "".join(entities) + "]>"
        "<html><body><p>&lol11;</p></body></html>",
        encoding="utf-8",
    )
    (rep,) = gixcheck.check(page).reports
    # Never expanded: the page holds no report, so it is refused (and quickly).
    assert [f.rule for f in rep.findings] == ["GIX001"]
    assert "lollol" not in rep.findings[0].message("en")


def _broken_xref(data: bytes) -> bytes:
    """The PDF with its cross-reference table and trailer overwritten by junk."""
    start = data.rindex(b"startxref")
    xref = int(data[start + len(b"startxref") :].split()[0])
    junk = random.Random(1).randbytes(len(data) - xref)
    return data[:xref] + junk


def test_pdf_with_a_broken_xref_and_garbage_objects(tmp_path: Path) -> None:
    pdf = tmp_path / "broken.pdf"
    body = random.Random(2).randbytes(20_000)
    pdf.write_bytes(b"%PDF-1.7\n" + body + b"\nxref\n0 9999999\nnot a table\ntrailer\n<<>>\n")
    msg = refusal(pdf)
    assert "PDF" in msg


def test_real_pdf_with_broken_xref_is_read_or_refused_never_half_read(tmp_path: Path) -> None:
    """pdfminer may rebuild a lost xref by scanning objects; then the tables must be whole."""
    src = (DATA / "pdf" / "hzq2024_working.pdf").read_bytes()
    pdf = tmp_path / "broken_xref.pdf"
    pdf.write_bytes(_broken_xref(src))
    (rep,) = gixcheck.check(pdf).reports
    if not rep.readable:
        assert [f.rule for f in rep.findings] == ["GIX001"]
        return
    good = api.extract(DATA / "pdf" / "hzq2024_working.pdf")["tables"]
    assert api.extract(pdf)["tables"] == good


def test_docx_that_is_a_renamed_zip_of_garbage(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("junk.bin", random.Random(3).randbytes(5000))
        z.writestr("word/document.xml", b"\x00\x01 not xml")
    path = tmp_path / "report.docx"
    path.write_bytes(buf.getvalue())
    assert "docx" in refusal(path).lower() or "word" in refusal(path).lower()


def test_fifty_megabytes_is_refused_naming_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.pdf"
    with open(path, "wb") as f:
        f.write(b"%PDF-1.7\n")
        f.truncate(50 * 1024 * 1024)  # sparse: the limit is checked before reading
    msg = refusal(path)
    assert str(api.DEFAULT_MAX_BYTES) in msg or "20 MB" in msg
    assert "limit" in msg


def test_binary_garbage(tmp_path: Path) -> None:
    path = tmp_path / "noise.bin"
    path.write_bytes(random.Random(4).randbytes(10_000))
    refusal(path)


def test_json_cut_inside_a_character_is_told_as_cut_not_as_another_encoding(
    tmp_path: Path,
) -> None:
    whole = (DATA / "json" / "suqian_2023.json").read_bytes()
    # cut after the first byte of the first Chinese character (3 bytes in UTF-8)
    at = next(i for i, b in enumerate(whole) if b >= 0xE0) + 1
    cut = tmp_path / "cut.json"
    cut.write_bytes(whole[:at])
    assert "ends in the middle of a character" in refusal(cut)
    # a bad byte inside the file is another encoding, as before
    wrong = tmp_path / "wrong.json"
    wrong.write_bytes(whole[: at - 1] + b"\xe5\xb9x" + whole[at + 2 :])
    said = refusal(wrong)
    assert "not UTF-8" in said and "ends in the middle" not in said

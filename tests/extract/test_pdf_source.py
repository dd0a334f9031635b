"""The PDFium geometry source (``gixcheck.extract.pdf_source``) against pdfplumber.

The PDF reader's layout layer was written and its goldens verified on pdfplumber's (pdfminer's)
characters and drawing objects; the switch to PDFium is safe when, on every real PDF in
``tests/data/pdf``, the source gives the same characters in the same order, boxes within a small
tolerance, the same lines of text and the same rulings.  pdfplumber is the reference here (a
test dependency only); these tests read each PDF once with each library.

Tolerances: horizontal positions agree to 0.1 pt.  Vertical ones agree exactly where a font's
descriptor gives its descent; where it does not (Type 3 fonts, as Chromium prints some glyphs),
pdfminer takes 0 and PDFium the font's own, so ``top``/``bottom`` may differ by up to 0.2 em.
Where a producer gives the real character as /ActualText for a glyph it maps to a Kangxi
radical (``⼀`` U+2F00 for ``一``), PDFium reads the actual text: such characters compare after
NFKC or as CJK ideographs.
"""

from __future__ import annotations

import hashlib
import importlib
import itertools
import logging
import struct
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gixcheck.extract.document import ExtractionError
from gixcheck.extract.pdf_source import Glyph, PdfSource, dedupe

pdf_reader = importlib.import_module("gixcheck.extract.pdf")

DATA = Path(__file__).resolve().parent.parent / "data" / "pdf"
PDFS = sorted(DATA.glob("*.pdf"))
X_TOL = 0.1
Y_TOL_EM = 0.2


# ----------------------------------------------------------------------------- the reference


def _is_white(color: Any) -> bool:
    """The reader's test for white ink on pdfplumber's colour values (before PDFium)."""
    if color is None:
        return False
    if isinstance(color, (int, float)):
        return float(color) >= 0.95
    try:
        vals = [float(v) for v in color]
    except (TypeError, ValueError):
        return False
    if len(vals) in (1, 3):
        return all(v >= 0.95 for v in vals)
    if len(vals) == 4:
        return all(v <= 0.05 for v in vals)
    return False


def _plumber_rulings(page: Any) -> list[tuple[float, float, float, float]]:
    """The ink pieces the reader took from a pdfplumber page before PDFium."""
    out: list[tuple[float, float, float, float]] = []
    for ln in page.lines:
        if not _is_white(ln.get("stroking_color")):
            out.append((ln["x0"], ln["top"], ln["x1"], ln["bottom"]))
    for r in page.rects:
        x0, x1, top, bottom = r["x0"], r["x1"], r["top"], r["bottom"]
        if r.get("stroke") and not _is_white(r.get("stroking_color")):
            out += [(x0, top, x1, top), (x0, bottom, x1, bottom)]
            out += [(x0, top, x0, bottom), (x1, top, x1, bottom)]
        elif r.get("fill") and not _is_white(r.get("non_stroking_color")):
            out.append((x0, top, x1, bottom))
    for cv in page.curves:
        if cv.get("stroke") and not _is_white(cv.get("stroking_color")):
            pts = cv.get("pts") or []
            out += [(ax, ay, bx, by) for (ax, ay), (bx, by) in itertools.pairwise(pts)]
    return out


@cache
def plumber(path: Path) -> list[tuple[list[Glyph], list[tuple[float, float, float, float]]]]:
    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    pages = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            chars = [
                Glyph(c["text"], c["x0"], c["x1"], c["top"], c["bottom"], c["size"])
                for c in page.chars
            ]
            # pdfplumber's own dedupe_chars is quadratic; ours gives the same (tested below)
            pages.append((dedupe(chars), _plumber_rulings(page)))
    return pages


@cache
def pdfium(path: Path) -> list[Any]:
    with PdfSource(path.read_bytes()) as src:
        return [src.page(n) for n in range(1, src.page_count + 1)]


def visible(chars: list[Glyph]) -> list[Glyph]:
    return [c for c in chars if c.text.strip()]


# PDFs whose characters PDFium's text page lists in another order than the content stream: in
# Chromium's print of a narrow two-line header cell (总 / 计 beside 商业企业), PDFium puts the
# cell's second line after the next cell's first.  The reader orders characters by position
# (``_char_lines``), so the order never reaches it; these compare as the same characters at the
# same places, matched by text and position.
REORDERED = {"pingtan_2019_saved.pdf", "pingtan_2019_table4_break_saved.pdf"}


def aligned(path: Path, a: list[Glyph], b: list[Glyph]) -> tuple[list[Glyph], list[Glyph]]:
    if path.name not in REORDERED:
        return a, b

    def key(c: Glyph) -> tuple[str, int, float]:
        return (unicodedata.normalize("NFKC", c.text), round(c.x0), c.top)

    return sorted(a, key=key), sorted(b, key=key)


def same_text(reference: str, got: str) -> bool:
    if reference == got or unicodedata.normalize("NFKC", reference) == got:
        return True
    return 0x2E80 <= ord(reference[0]) <= 0x2FDF and unicodedata.name(got, "").startswith("CJK")


# ----------------------------------------------------------------------------- equivalence


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_same_characters_in_the_same_order(path: Path) -> None:
    ref, got = plumber(path), pdfium(path)
    assert len(got) == len(ref)
    for n, ((chars, _), page) in enumerate(zip(ref, got, strict=True), start=1):
        a, b = aligned(path, visible(chars), visible(page.chars))
        assert len(b) == len(a), f"page {n}"
        for x, y in zip(a, b, strict=True):
            assert same_text(x.text, y.text), (n, x, y)


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_boxes_and_sizes_agree(path: Path) -> None:
    for n, ((chars, _), page) in enumerate(zip(plumber(path), pdfium(path), strict=True), 1):
        for x, y in zip(*aligned(path, visible(chars), visible(page.chars)), strict=True):
            assert abs(x.x0 - y.x0) <= X_TOL and abs(x.x1 - y.x1) <= X_TOL, (n, x, y)
            assert abs(x.top - y.top) <= Y_TOL_EM * x.size, (n, x, y)
            assert abs(x.bottom - y.bottom) <= Y_TOL_EM * x.size, (n, x, y)
            assert abs(x.size - y.size) <= 0.01 * x.size, (n, x, y)


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_same_lines_of_text(path: Path) -> None:
    """Spaces included: a run of spaces PDFium's text page leaves out still separates words."""

    def lines(chars: list[Glyph]) -> list[str]:
        cs = [pdf_reader._Char(g.text, g.x0, g.x1, g.top, g.bottom, g.size) for g in chars]
        return [ln.text for ln in pdf_reader._char_lines(cs)]

    for (chars, _), page in zip(plumber(path), pdfium(path), strict=True):
        a, b = lines(chars), lines(page.chars)
        assert len(b) == len(a)
        for x, y in zip(a, b, strict=True):
            assert len(x) == len(y) and all(map(same_text, x, y)), (x, y)


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_same_rulings(path: Path) -> None:
    def merged(inks: list[tuple[float, float, float, float]]) -> list[Any]:
        segs = [s for ink in inks if (s := pdf_reader._segment(*ink))]
        return sorted((s.horizontal, s.pos, s.a, s.b) for s in pdf_reader._merge_collinear(segs))

    for n, ((_, inks), page) in enumerate(zip(plumber(path), pdfium(path), strict=True), 1):
        a, b = merged(inks), merged(page.rulings)
        assert len(b) == len(a), f"page {n}"
        for x, y in zip(a, b, strict=True):
            assert x[0] == y[0] and all(
                abs(u - v) <= 0.01 for u, v in zip(x[1:], y[1:], strict=True)
            ), (n, x)


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_page_sizes(path: Path) -> None:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        sizes = [(float(p.width), float(p.height)) for p in pdf.pages]
    got = [(p.width, p.height) for p in pdfium(path)]
    assert [v for size in got for v in size] == pytest.approx([v for size in sizes for v in size])


# ----------------------------------------------------------------------------- de-duplication


def _plumber_dedupe(chars: list[Glyph]) -> list[Glyph]:
    from pdfplumber.utils import dedupe_chars

    dicts = [
        {"text": c.text, "x0": c.x0, "top": c.top, "doctop": c.top, "size": c.size, "k": i}
        | {"upright": True, "fontname": "F"}
        for i, c in enumerate(chars)
    ]
    return [chars[d["k"]] for d in dedupe_chars(dicts)]


_coord = st.integers(0, 40).map(lambda v: v / 4)  # quarter points: ties and chains happen
_glyphs = st.lists(
    st.builds(
        lambda t, x, y, s: Glyph(t, x, x + s, y, y + s, s),
        st.sampled_from("0一二"),
        _coord,
        _coord,
        st.sampled_from([9.0, 10.5]),
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(_glyphs)
def test_dedupe_is_pdfplumbers(chars: list[Glyph]) -> None:
    assert dedupe(chars) == _plumber_dedupe(chars)


def test_dedupe_drops_fake_bold_and_keeps_neighbours() -> None:
    a = Glyph("总", 10.0, 20.0, 5.0, 15.0, 10.0)
    bold = Glyph("总", 10.4, 20.4, 5.2, 15.2, 10.0)  # the same glyph again, 0.4 pt over
    nxt = Glyph("总", 20.0, 30.0, 5.0, 15.0, 10.0)  # the next character: a real one
    other = Glyph("计", 10.0, 20.0, 5.0, 15.0, 10.0)
    assert dedupe([a, bold, nxt, other]) == [a, nxt, other]


def test_dedupe_is_not_quadratic() -> None:
    """8,000 characters on one page took pdfplumber 1.6 s; the count of comparisons here is
    what is pinned (no timing): every glyph is looked at a bounded number of times."""
    chars = [
        Glyph(str(i % 10), (i % 80) * 7.0, (i % 80) * 7.0 + 6, (i // 80) * 12.0, 0.0, 10.0)
        for i in range(8000)
    ]
    calls = 0
    real = Glyph.__getattribute__

    class Counting(Glyph):  # counts attribute reads, the unit of work in the sort keys
        __slots__ = ()

        def __getattribute__(self, name: str) -> Any:
            nonlocal calls
            calls += 1
            return real(self, name)

    counted = [Counting(c.text, c.x0, c.x1, c.top, c.bottom, c.size) for c in chars]
    assert len(dedupe(counted)) == 8000
    assert calls < 60 * len(chars)


# ----------------------------------------------------------------------------- refusals


_PAD = bytes.fromhex("28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a")


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def make_pdf(
    text: bytes,
    *,
    user: bytes | None = None,
    owner: bytes = b"",
    catalog: bytes = b"",
    content: bytes = b"",
    xobjects: bytes = b"",
    extra: tuple[bytes, ...] = (),
    page: bytes = b"/MediaBox [0 0 595 842]",
) -> bytes:
    """A one-page PDF with one line of text in Helvetica (or the given content stream); with
    ``user``, encrypted with the standard security handler (RC4, 40-bit, revision 2; PDF 1.7
    section 7.6.3, algorithms 2-4)."""
    doc_id = b"0123456789abcdef"
    content = content or b"BT /F1 24 Tf 72 700 Td (" + text + b") Tj ET"
    encrypt = b""
    if user is not None:

        def pad(pw: bytes) -> bytes:
            return (pw + _PAD)[:32]

        o = _rc4(hashlib.md5(pad(owner)).digest()[:5], pad(user))
        key = hashlib.md5(pad(user) + o + struct.pack("<i", -4) + doc_id).digest()[:5]
        u = _rc4(key, _PAD)
        content = _rc4(hashlib.md5(key + b"\x04\0\0\0\0").digest()[:10], content)  # object 4
        encrypt = b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -4 >>" % (
            o.hex().encode(),
            u.hex().encode(),
        )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog + b">>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R " + page + b" /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> /XObject << " + xobjects + b">> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        *extra,  # objects 6, 7 …
    ]
    if encrypt:
        objects.append(encrypt)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R" % (len(objects) + 1)
    if encrypt:
        out += b" /Encrypt %d 0 R" % len(objects)
    out += b" /ID [<%s> <%s>] >>\n" % (doc_id.hex().encode(), doc_id.hex().encode())
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def paragraphs(data: bytes) -> list[str]:
    doc = pdf_reader.extract_pdf(data, "x.pdf")
    return [getattr(b, "text", "") for b in doc.blocks]


def test_password_protected_pdf_is_refused_as_encrypted() -> None:
    assert paragraphs(make_pdf(b"Open")) == ["Open"]  # the same file, unencrypted, reads
    with pytest.raises(ExtractionError) as e:
        paragraphs(make_pdf(b"Locked", user=b"secret", owner=b"owner"))
    assert "encrypted" in e.value.message_en
    assert "damaged" not in e.value.message_en


def test_pdf_with_only_an_owner_password_is_read() -> None:
    """Many published reports forbid copying with an owner password: they open without one."""
    assert paragraphs(make_pdf(b"Report 2024", user=b"", owner=b"owner")) == ["Report 2024"]


def test_javascript_in_a_pdf_never_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """PDFium runs a document's JavaScript and actions only in a form-filling environment;
    reading never sets one up, so an OpenAction script is a dictionary nobody acts on."""
    import pypdfium2

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("a form environment was set up")

    monkeypatch.setattr(pypdfium2.PdfDocument, "init_forms", forbidden)
    monkeypatch.setattr(pypdfium2.raw, "FPDFDOC_InitFormFillEnvironment", forbidden)
    js = b"/OpenAction << /S /JavaScript /JS (app.alert('hi'); this.print();) >> "
    assert paragraphs(make_pdf(b"Text", catalog=js)) == ["Text"]


def test_a_space_printed_on_its_own_separates_words() -> None:
    """Browsers print a space between two runs as a text object of its own; it has no ink, so
    PDFium's text page leaves it out, and the narrow gap it leaves (Helvetica's space is 0.278
    em) is too small for the reader to take for a space.  The source puts it back."""
    x = 72 + 4 * 0.556 * 24  # after "2023" in Helvetica 24 pt
    content = b"BT /F1 24 Tf 72 700 Td (2023) Tj ET BT /F1 24 Tf %.3f 700 Td ( ) Tj ET" % x
    content += b" BT /F1 24 Tf %.3f 700 Td (report) Tj ET" % (x + 0.278 * 24)
    assert paragraphs(make_pdf(b"", content=content)) == ["2023 report"]


def test_text_and_rulings_inside_a_form_xobject_are_where_they_are_printed() -> None:
    """A form XObject drawn at scale 0.5 from (100, 100), its text marked with /ActualText (as
    some producers mark each glyph): PDFium reports such characters' origins in the form's space
    and their matrix in the page's; the source puts them on the page."""
    form = b"/Span << /ActualText (Form) >> BDC BT /F1 24 Tf 10 20 Td (Form) Tj ET EMC"
    form += b" 0 0 m 100 0 l S"
    xobject = (
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 300 300] /Resources << /Font << /F1 5 0 R"
        b" >> >> /Length %d >>\nstream\n" % len(form) + form + b"\nendstream"
    )
    content = b"q 0.5 0 0 0.5 100 100 cm /Fm1 Do Q"
    data = make_pdf(b"", content=content, xobjects=b"/Fm1 6 0 R ", extra=(xobject,))
    with PdfSource(data) as src:
        page = src.page(1)
    first = visible(page.chars)[0]
    assert "".join(g.text for g in visible(page.chars)) == "Form"
    assert first.x0 == pytest.approx(105, abs=0.01)  # 100 + 0.5 × 10
    starts = [g.x0 for g in visible(page.chars)]
    assert starts == sorted(starts) and len(set(starts)) == 4  # each piece of the span in turn
    assert first.size == pytest.approx(12, abs=0.01)  # 0.5 × 24
    baseline = 842 - (100 + 0.5 * 20)
    assert first.top < baseline <= first.bottom
    assert page.rulings == [pytest.approx((100, 742, 150, 742), abs=0.01)]


# ----------------------------------------------------------------------------- dependencies


def test_the_program_needs_neither_pdfplumber_nor_pymupdf() -> None:
    """pdfplumber/pdfminer are the test suite's reference only (not installed with gixcheck);
    PyMuPDF is AGPL and never used."""
    import ast

    src = Path(__file__).resolve().parents[2] / "src" / "gixcheck"
    banned = ("pdfplumber", "pdfminer", "fitz", "pymupdf")
    for path in src.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not [n for n in names if n.split(".")[0].lower() in banned], (path, names)


def test_start_up_does_not_load_pdfium() -> None:
    import subprocess
    import sys

    code = "import sys, gixcheck, gixcheck.cli; print('pypdfium2' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_rotated_pages_read_as_displayed(rotate: int, tmp_path: Path) -> None:
    """pdfminer turns a page with /Rotate the way it is displayed (and measures from its
    MediaBox); so does the source: same boxes as pdfplumber's, a ruling included."""
    import pdfplumber

    content = b"BT /F1 12 Tf 100 700 Td (Rotated 2024) Tj ET 1 w 50 650 m 300 650 l S"
    page = b"/MediaBox [10 20 605 862] /Rotate %d" % rotate
    path = tmp_path / "rotated.pdf"
    path.write_bytes(make_pdf(b"", content=content, page=page))
    with pdfplumber.open(path) as pdf:
        ref = [(c["text"], c["x0"], c["x1"], c["top"], c["bottom"]) for c in pdf.pages[0].chars]
        (line,) = pdf.pages[0].lines
        ref_height = float(pdf.pages[0].height)
    with PdfSource(path.read_bytes()) as src:
        got = src.page(1)
    assert got.height == pytest.approx(ref_height)
    assert [g.text for g in got.chars] == [r[0] for r in ref]
    # pdfplumber adds the MediaBox's origin back to x and takes it off top; we measure both
    # from the displayed page's top left corner.  Helvetica's descent is 0.207 em to pdfminer
    # (its AFM) and 0.224 em to PDFium: 0.2 pt at 12 pt, across the line.
    dx, dt = ((10, -20), (20, -10), (10, -20), (20, -10))[rotate // 90]
    for g, (_, x0, x1, top, bottom) in zip(got.chars, ref, strict=True):
        assert (g.x0 + dx, g.x1 + dx) == pytest.approx((x0, x1), abs=0.25)
        assert (g.top + dt, g.bottom + dt) == pytest.approx((top, bottom), abs=0.25)
    (ink,) = got.rulings
    ends = sorted([(ink[0] + dx, ink[1] + dt), (ink[2] + dx, ink[3] + dt)])
    want = sorted([(line["x0"], line["top"]), (line["x1"], line["bottom"])])
    assert [v for p in ends for v in p] == pytest.approx([v for p in want for v in p])

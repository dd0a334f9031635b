"""The characters and rulings of a PDF's pages, read with PDFium (pypdfium2).

This is the geometry that :mod:`gixcheck.extract.pdf` lays out into paragraphs and tables:

* **characters**, each with its box and font size, in pdfminer's conventions (which the layout
  layer was written against): points, origin at the top left of the page as displayed, ``top``
  and ``bottom`` measured downwards; a horizontal character's box is its advance width wide and
  one em high, from the font's descent below the baseline (a vertical one is one em wide and its
  advance high);
* **rulings**: the straight pieces of visible ink that can be table borders, as
  ``(x0, top, x1, bottom)`` boxes: every straight piece of a stroked path (the edges of a
  stroked rectangle included) and every filled rectangle.  Ink drawn in white (the WPS/Word
  exports paint a white rectangle behind every text line and cell) or fully transparent is not
  a ruling.  Telling thin bars from boxes is the layout layer's business.

PDFium is a C library: reading through it costs a small multiple of PDFium's own text
extraction, where pdfminer (pure Python) cost 10–30×.  Its text page already drops text drawn
twice at (nearly) the same place, the way WPS/Word fake bold type; :func:`dedupe` drops what is
left with pdfplumber's rule, in n log n rather than pdfplumber's n².  What PDFium's text page
does differently from pdfminer, and how this module makes up for it:

* a text object with no ink (one made of spaces only, as browsers print them) is not on the text
  page; it is read from the page objects instead, as one space at its position;
* a span marked with ``/ActualText`` reads as its actual text, as PDF viewers copy it (pdfminer
  read the glyphs): a producer that maps glyphs to Kangxi radicals (``⼀``, U+2F00) and gives
  the real characters (``一``) as actual text now reads as the latter;
* a hyphen that ends a line is reported as U+0002 and becomes ``-`` again;
* a character whose font has no Unicode mapping is reported as ``(cid:N)``, as pdfminer does, so
  the reader can tell an undecodable PDF from one with a text layer.

Nothing in a PDF is ever run: PDFium is used without its form-filling environment (so no
JavaScript engine exists) and no action or annotation is looked at.  ``pypdfium2`` is imported
only when a PDF is opened: start-up stays lean.
"""

from __future__ import annotations

import ctypes
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import groupby, pairwise
from typing import Any

__all__ = [
    "DamagedPdfError",
    "EncryptedPdfError",
    "Glyph",
    "Ink",
    "PageGeometry",
    "PdfSource",
    "dedupe",
]

Ink = tuple[float, float, float, float]
"""A straight piece of visible ink, ``(x0, top, x1, bottom)`` (end points or box corners)."""


@dataclass(frozen=True, slots=True)
class Glyph:
    """One character as printed: its text and its box on the page (points, y down)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


@dataclass(frozen=True, slots=True)
class PageGeometry:
    number: int  # 1-based
    width: float
    height: float
    chars: list[Glyph]
    rulings: list[Ink]


class EncryptedPdfError(Exception):
    """The PDF needs a password to be read."""


class DamagedPdfError(Exception):
    """PDFium cannot read the file as a PDF (damaged, truncated or not a PDF)."""


# ----------------------------------------------------------------------------- de-duplication


def dedupe(chars: Sequence[Glyph], tolerance: float = 1.0) -> list[Glyph]:
    """Drop characters printed twice: same text and size, ``top`` and ``x0`` within
    ``tolerance`` (chained, as pdfplumber's ``dedupe_chars`` clusters them); of each cluster the
    one nearest the top left stays, and the survivors keep their order.

    pdfplumber's version is quadratic in the characters of a page (it finds each survivor's
    place with ``list.index``); this one sorts once per key.
    """
    order = sorted(range(len(chars)), key=lambda i: (chars[i].text, round(chars[i].size, 2)))
    keep: list[int] = []
    for _, group in groupby(order, key=lambda i: (chars[i].text, round(chars[i].size, 2))):
        members = list(group)
        if len(members) == 1:
            keep.extend(members)
            continue
        for row in _clusters(members, lambda i: chars[i].top, tolerance):
            for cluster in _clusters(row, lambda i: chars[i].x0, tolerance):
                keep.append(min(cluster, key=lambda i: (chars[i].top, chars[i].x0, i)))
    keep.sort()
    return [chars[i] for i in keep]


def _clusters(items: list[int], value: Any, tolerance: float) -> Iterator[list[int]]:
    """Runs of ``items`` whose sorted values are each within ``tolerance`` of the previous."""
    ordered = sorted(items, key=value)
    run: list[int] = []
    last = 0.0
    for i in ordered:
        v = value(i)
        if run and v - last > tolerance:
            yield run
            run = []
        run.append(i)
        last = v
    if run:
        yield run


# ----------------------------------------------------------------------------- the source


class PdfSource:
    """An open PDF.  Use as a context manager; :meth:`page` reads one page's geometry."""

    def __init__(self, data: bytes) -> None:
        try:
            import pypdfium2 as pdfium
        except OSError as exc:  # under --max-memory the shared library may not fit
            if "map" in str(exc) or "memory" in str(exc).lower():
                raise MemoryError(str(exc)) from exc
            raise

        try:
            self._doc = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            if getattr(exc, "err_code", None) == pdfium.raw.FPDF_ERR_PASSWORD:
                raise EncryptedPdfError(str(exc)) from None
            raise DamagedPdfError(str(exc)) from None
        self._data = data  # PDFium reads the buffer lazily: it must outlive the document

    def __enter__(self) -> PdfSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._doc.close()

    @property
    def page_count(self) -> int:
        return len(self._doc)

    def title(self) -> str | None:
        """The document information's Title, when it decodes to text (else ``None``)."""
        try:
            value = self._doc.get_metadata_value("Title")
        except Exception:  # an undecodable string is no title
            return None
        return _plain_text(value)

    def page(self, number: int) -> PageGeometry:
        """The geometry of page ``number`` (1-based)."""
        page = self._doc[number - 1]
        try:
            text = page.get_textpage()
            try:
                view = _View(page)
                objects = _objects(page, view)
                chars = _characters(text, view, objects.in_forms)
                chars.extend(objects.blanks)
                rulings = objects.rulings
            finally:
                text.close()
        finally:
            page.close()
        return PageGeometry(
            number=number,
            width=view.width,
            height=view.height,
            chars=dedupe(chars),
            rulings=rulings,
        )


def _plain_text(value: str) -> str | None:
    """PDFium decodes a byte string in PDFDocEncoding; pdfminer's reading (which the reader
    kept) accepted UTF-16 and UTF-8 only, so a UTF-8 title read as Latin-1 is decoded again and
    one in a legacy code page (GBK) is no title rather than mojibake."""
    value = value.strip("\x00 ").strip()
    if not value:
        return None
    if all(ord(c) < 0x100 for c in value) and any(ord(c) >= 0x80 for c in value):
        try:
            value = value.encode("latin-1").decode("utf-8")
        except UnicodeError:
            return None
    return value or None


class _View:
    """User space → the page as displayed (pdfminer's rotation and MediaBox origin), y down."""

    def __init__(self, page: Any) -> None:
        x0, y0, x1, y1 = page.get_mediabox()
        self.rotation = page.get_rotation() % 360
        self.x0, self.y0, self.x1, self.y1 = x0, y0, x1, y1
        if self.rotation in (90, 270):
            self.width, self.height = y1 - y0, x1 - x0
        else:
            self.width, self.height = x1 - x0, y1 - y0

    def point(self, x: float, y: float) -> tuple[float, float]:
        """(x, top) on the displayed page of the user-space point (x, y)."""
        r = self.rotation
        if r == 0:
            return x - self.x0, self.y1 - y
        if r == 90:
            return y - self.y0, x - self.x0
        if r == 180:
            return self.x1 - x, y - self.y0
        return self.y1 - y, self.x1 - x


# ----------------------------------------------------------------------------- characters

_HYPHEN = 0x2  # PDFium's mark for a hyphen that ends a line


@dataclass(slots=True)
class _Run:
    """What the characters of one text object share."""

    font: Any
    size: float  # the font size set in the content stream (before any matrix)
    descent: float  # below the baseline, in text space (negative)
    matrix: _Matrix  # text space → user space (the text object's start at e, f)
    outer: _Matrix | None  # the form XObject's matrix, when the object is inside one
    last: tuple[float, float] | None = None  # the origin PDFium gave the previous character


def _run(raw: Any, text: Any, i: int, obj: Any, address: int, in_forms: dict[int, _Matrix]) -> _Run:
    m = raw.FS_MATRIX()
    raw.FPDFText_GetMatrix(text, i, m)
    size = raw.FPDFText_GetFontSize(text, i)
    font = raw.FPDFTextObj_GetFont(obj) if obj else None
    descent = 0.0
    value = ctypes.c_float()
    if font and raw.FPDFFont_GetDescent(font, ctypes.c_float(size), value):
        descent = value.value
    matrix = (m.a, m.b, m.c, m.d, m.e, m.f)
    return _Run(font, size, descent, matrix, in_forms.get(address))


def _characters(text: Any, view: _View, in_forms: dict[int, _Matrix]) -> list[Glyph]:
    import pypdfium2.raw as raw

    page = text.raw
    is_generated = raw.FPDFText_IsGenerated
    get_unicode = raw.FPDFText_GetUnicode
    map_error = raw.FPDFText_HasUnicodeMapError
    get_object = raw.FPDFText_GetTextObject
    get_origin = raw.FPDFText_GetCharOrigin
    loose_box = raw.FPDFText_GetLooseCharBox
    tight_box = raw.FPDFText_GetCharBox
    glyph_width = raw.FPDFFont_GetGlyphWidth
    address_of = ctypes.cast
    void_p = ctypes.c_void_p

    ox, oy = ctypes.c_double(), ctypes.c_double()
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    width = ctypes.c_float()
    rect = raw.FS_RECTF()

    out: list[Glyph] = []
    runs: dict[int, _Run] = {}
    widths: dict[tuple[int, float, int], float] = {}
    for i in range(raw.FPDFText_CountChars(page)):
        if is_generated(page, i):
            continue
        code = get_unicode(page, i)
        if code == 0:
            continue
        unmapped = map_error(page, i) == 1
        if unmapped:
            glyph_text = f"(cid:{code})"
        elif code == _HYPHEN:
            glyph_text = "-"
        elif 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
            glyph_text = "\ufffd"
        else:
            glyph_text = chr(code)
        obj = get_object(page, i)
        address = address_of(obj, void_p).value or 0
        run = runs.get(address) if address else None
        if run is None:
            run = _run(raw, page, i, obj, address, in_forms)
            if address:
                runs[address] = run
        a, b, c, d, _, _ = run.matrix
        size = run.size
        get_origin(page, i, ox, oy)
        x, y = ox.value, oy.value
        # /ActualText: PDFium gives every character of the span the span's origin and an equal
        # share of its box; from the second on, the share is where the character is.
        piece = run.last == (x, y)
        run.last = (x, y)
        in_form_space = run.outer is not None and _in_form_space(x, y, run.matrix, run.outer)

        # The advance width, in text space.  The text page keeps none per character: the
        # font's width for the character's Unicode is right unless two codes of the font share
        # that Unicode; the loose box is the advance box united with the ink, so where it sticks
        # out beyond the ink it is the advance exactly, and it caps the font's width.
        w = math.nan
        if run.font is not None and not unmapped:
            wkey = (address_of(run.font, void_p).value or 0, size, code)
            w = widths.get(wkey, math.nan)
            if math.isnan(w):
                w = width.value if glyph_width(run.font, code, size, width) else 0.0
                widths[wkey] = w
        upright = b == 0 and c == 0 and a > 0 and not (w < 0)
        if piece and upright:
            tight_box(page, i, left, right, bottom, top)
            lx, rx = left.value, right.value
            if in_form_space:
                lx, rx = (_apply(run.outer, p, y)[0] for p in (lx, rx))
                x, y = _apply(run.outer, x, y)
            x, w = lx, (rx - lx) / a
        elif in_form_space:
            x, y = _apply(run.outer, x, y)
        elif run.outer is None and upright:
            loose_box(page, i, rect)
            tight_box(page, i, left, right, bottom, top)
            advance_end = rect.right
            if rect.right <= right.value + 0.01 and not math.isnan(w) and w > 0:
                advance_end = min(rect.right, x + a * w)  # the ink reaches as far: trust the font
            w = (advance_end - x) / a
        if math.isnan(w):
            w = 0.0

        if w < 0:  # vertical writing: PDFium's origin is the box's lower left corner
            em = size * math.hypot(a, b)
            adv = -w * math.hypot(c, d)
            corners = [(x, y), (x + em, y), (x, y + adv), (x + em, y + adv)]
        else:  # the box (0, descent) – (advance, descent + em) in text space, at the origin
            lo, hi = run.descent, run.descent + size
            corners = [(x + a * u + c * v, y + b * u + d * v) for u in (0.0, w) for v in (lo, hi)]
        pts = [view.point(px, py) for px, py in corners]
        xs = [p[0] for p in pts]
        ts = [p[1] for p in pts]
        x0, x1, y0, y1 = min(xs), max(xs), min(ts), max(ts)
        em_size = (y1 - y0) if w >= 0 else (x1 - x0)
        out.append(Glyph(glyph_text, x0, x1, y0, y1, em_size or size or 10.0))
    return out


# ----------------------------------------------------------------------------- page objects

_WHITE = 242  # 0.95 of 255: pdfminer's threshold for "white" ink, in PDFium's 8-bit colours


@dataclass
class _Objects:
    rulings: list[Ink] = field(default_factory=list)
    blanks: list[Glyph] = field(default_factory=list)
    in_forms: dict[int, _Matrix] = field(default_factory=dict)  # text object → form matrix


def _objects(page: Any, view: _View) -> _Objects:
    """The rulings of a page; one space for each text object PDFium's text page skipped because
    it has no ink (a run of spaces); and the text objects inside form XObjects."""
    import pypdfium2.raw as raw

    out = _Objects()
    _walk(raw, page, raw.FPDFPage_CountObjects, raw.FPDFPage_GetObject, None, view, out)
    return out


_Matrix = tuple[float, float, float, float, float, float]


def _concat(m: _Matrix, n: _Matrix | None) -> _Matrix:
    """``m`` then ``n`` (row vectors, as PDF writes matrices)."""
    if n is None:
        return m
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (
        a * A + b * C,
        a * B + b * D,
        c * A + d * C,
        c * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


def _apply(m: _Matrix | None, x: float, y: float) -> tuple[float, float]:
    if m is None:
        return x, y
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _in_form_space(x: float, y: float, text: _Matrix, outer: _Matrix) -> bool:
    """Is a character's origin, as PDFium reports it, in its form XObject's space?

    PDFium reports the origin (and box) of an /ActualText character inside a form XObject in
    the form's space, while its matrix is the page's.  Of the two readings, the one that puts
    the origin on the text object's baseline is right (so a PDFium that is fixed changes
    nothing).
    """
    ta, tb, tc, td, te, tf = text
    det = ta * td - tb * tc
    if det == 0:
        return False

    def off_baseline(p: tuple[float, float]) -> float:
        dx, dy = p[0] - te, p[1] - tf
        return abs((ta * dy - tb * dx) / det)  # the text-space y of the point

    return off_baseline(_apply(outer, x, y)) < off_baseline((x, y))


def _walk(
    raw: Any,
    parent: Any,
    count: Any,
    get: Any,
    outer: _Matrix | None,
    view: _View,
    out: _Objects,
    depth: int = 0,
) -> None:
    fs = raw.FS_MATRIX()
    for k in range(count(parent)):
        obj = get(parent, k)
        if not obj:
            continue
        kind = raw.FPDFPageObj_GetType(obj)
        if kind not in (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM, raw.FPDF_PAGEOBJ_TEXT):
            continue
        if not raw.FPDFPageObj_GetMatrix(obj, fs):
            continue
        m = _concat((fs.a, fs.b, fs.c, fs.d, fs.e, fs.f), outer)
        if kind == raw.FPDF_PAGEOBJ_FORM:
            if depth < 15:
                forms = (raw.FPDFFormObj_CountObjects, raw.FPDFFormObj_GetObject)
                _walk(raw, obj, *forms, m, view, out, depth + 1)
        elif kind == raw.FPDF_PAGEOBJ_PATH:
            _path(raw, obj, m, view, out.rulings)
        else:
            if outer is not None:
                out.in_forms[ctypes.cast(obj, ctypes.c_void_p).value or 0] = outer
            _blank_text(raw, obj, m, view, out.blanks)


def _visible(raw: Any, obj: Any, stroke: bool) -> bool:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    get = raw.FPDFPageObj_GetStrokeColor if stroke else raw.FPDFPageObj_GetFillColor
    if not get(obj, r, g, b, a):
        return True  # a pattern or a colour PDFium cannot tell: ink all the same
    if a.value == 0:
        return False
    return not (r.value >= _WHITE and g.value >= _WHITE and b.value >= _WHITE)


def _path(raw: Any, obj: Any, m: _Matrix, view: _View, rulings: list[Ink]) -> None:
    mode, stroke = ctypes.c_int(), ctypes.c_int()
    if not raw.FPDFPath_GetDrawMode(obj, mode, stroke):
        return
    stroked = bool(stroke.value) and _visible(raw, obj, True)
    filled = mode.value != raw.FPDF_FILLMODE_NONE and _visible(raw, obj, False)
    if not (stroked or filled):
        return
    a, b, c, d, e, f = m
    px, py = ctypes.c_float(), ctypes.c_float()
    subpaths: list[tuple[list[tuple[float, float]], bool]] = []
    controls = 0  # a Bézier segment is two control points, then its end point
    for s in range(raw.FPDFPath_CountSegments(obj)):
        seg = raw.FPDFPath_GetPathSegment(obj, s)
        if not seg or not raw.FPDFPathSegment_GetPoint(seg, px, py):
            continue
        kind = raw.FPDFPathSegment_GetType(seg)
        if kind == raw.FPDF_SEGMENT_BEZIERTO:
            controls += 1
            if controls % 3:
                continue
        else:
            controls = 0
        if kind == raw.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append(([], False))
        pts, closed = subpaths[-1]
        pts.append((px.value, py.value))
        if raw.FPDFPathSegment_GetClose(seg):
            subpaths[-1] = (pts, True)
    axis_aligned = (b == 0 and c == 0) or (a == 0 and d == 0)
    for pts, closed in subpaths:
        if len(pts) < 2 and not closed:
            continue
        if closed and pts[-1] != pts[0]:
            pts = [*pts, pts[0]]
        if stroked:
            # pdfminer's reading: every straight piece between consecutive on-curve points
            # (a Bézier curve counts as its chord, as pdfminer takes it).
            shown = [view.point(a * x + c * y + e, b * x + d * y + f) for x, y in pts]
            for (ax, at), (bx, bt) in pairwise(shown):
                rulings.append((ax, at, bx, bt))
        elif axis_aligned and _is_rect(pts):
            shown = [view.point(a * x + c * y + e, b * x + d * y + f) for x, y in pts]
            xs = [p[0] for p in shown]
            ts = [p[1] for p in shown]
            rulings.append((min(xs), min(ts), max(xs), max(ts)))


def _is_rect(pts: list[tuple[float, float]]) -> bool:
    """pdfminer's test for a rectangle: four corners, closed, sides along the axes."""
    if len(pts) == 6 and pts[-2] == pts[0]:
        pts = pts[:-1]
    if len(pts) != 5 or pts[0] != pts[4]:
        return False
    (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
    return (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
        y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
    )


def _blank_text(raw: Any, obj: Any, m: _Matrix, view: _View, blanks: list[Glyph]) -> None:
    """A text object without ink, which PDFium's text page leaves out, as one space."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
        return
    if abs(right.value - left.value) >= 0.01:
        return  # on the text page
    size = ctypes.c_float()
    if not raw.FPDFTextObj_GetFontSize(obj, size):
        return
    _, _, c, d, e, f = m
    em = size.value
    descent = 0.0
    font = raw.FPDFTextObj_GetFont(obj)
    value = ctypes.c_float()
    if font and raw.FPDFFont_GetDescent(font, ctypes.c_float(em), value):
        descent = value.value
    corners = [(e + c * v, f + d * v) for v in (descent, descent + em)]
    pts = [view.point(x, y) for x, y in corners]
    x = pts[0][0]
    ts = [p[1] for p in pts]
    height = max(ts) - min(ts)
    if height <= 0:
        return
    blanks.append(Glyph(" ", x, x, min(ts), max(ts), height))

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
from functools import cache
from itertools import pairwise
from typing import Any, NamedTuple

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


class Glyph(NamedTuple):
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
    place with ``list.index``); this one groups by text and size in one pass and sorts a group
    only when it has more than one member.
    """
    groups: dict[tuple[str, float], list[int]] = {}
    for i, g in enumerate(chars):
        groups.setdefault((g.text, g.size), []).append(i)
    # Each character's top and x0 by its index, read by the lists' own __getitem__ (a C call)
    # where sorting and clustering need them, instead of a lambda reading the glyph.
    tops = [g.top for g in chars]
    lefts = [g.x0 for g in chars]
    top_of, left_of = tops.__getitem__, lefts.__getitem__
    drop: set[int] = set()
    for members in groups.values():
        if len(members) < 2:
            continue
        ys = sorted(map(top_of, members))
        if all(b - a > tolerance for a, b in pairwise(ys)):
            continue  # no two on one line: nothing printed twice
        for row in _clusters(members, top_of, tolerance):
            if len(row) < 2:
                continue
            for cluster in _clusters(row, left_of, tolerance):
                if len(cluster) > 1:
                    kept = min(cluster, key=lambda i: (tops[i], lefts[i], i))
                    drop.update(i for i in cluster if i != kept)
    if not drop:
        return list(chars)
    return [g for i, g in enumerate(chars) if i not in drop]


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
        except (OSError, ImportError) as exc:  # under --max-memory a shared library may not fit
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
        api = _api()
        page = self._doc[number - 1]
        try:
            text = page.get_textpage()
            try:
                view = _View(page)
                objects = _objects(api, _address(page.raw), view)
                chars = _characters(api, _address(text.raw), view, objects.in_forms)
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
    """User space → the page as displayed (pdfminer's rotation and MediaBox origin), y down:
    ``x' = xx·x + xy·y + x1`` and ``top = tx·x + ty·y + t1``."""

    def __init__(self, page: Any) -> None:
        x0, y0, x1, y1 = page.get_mediabox()
        rotation = page.get_rotation() % 360
        if rotation in (90, 270):
            self.width, self.height = y1 - y0, x1 - x0
        else:
            self.width, self.height = x1 - x0, y1 - y0
        self.coefficients: tuple[float, float, float, float, float, float] = {
            0: (1.0, 0.0, -x0, 0.0, -1.0, y1),
            90: (0.0, 1.0, -y0, 1.0, 0.0, -x0),
            180: (-1.0, 0.0, x1, 0.0, 1.0, -y0),
            270: (0.0, -1.0, y1, -1.0, 0.0, x1),
        }.get(rotation, (1.0, 0.0, -x0, 0.0, -1.0, y1))

    def point(self, x: float, y: float) -> tuple[float, float]:
        """(x, top) on the displayed page of the user-space point (x, y)."""
        xx, xy, x1, tx, ty, t1 = self.coefficients
        return xx * x + xy * y + x1, tx * x + ty * y + t1


# ----------------------------------------------------------------------------- PDFium calls


class _Api:
    """The PDFium functions the source calls, with every handle as a plain address.

    pypdfium2's functions take typed handles, which cost a conversion on each of the ~10 calls
    a character needs; the same C functions declared on ``c_void_p`` cost a fraction, and a
    text object's address is then the integer that ties a character to its page object.  The
    declarations are pypdfium2's own, with its opaque handle types replaced.
    """

    def __init__(self, raw: Any) -> None:
        def handle(t: Any) -> Any:
            opaque = (
                isinstance(t, type)
                and issubclass(t, ctypes._Pointer)
                and issubclass(t._type_, ctypes.Structure)
                and not getattr(t._type_, "_fields_", None)
            )
            return ctypes.c_void_p if opaque else t

        def declare(name: str) -> Any:
            f = getattr(raw, name)
            proto = ctypes.CFUNCTYPE(handle(f.restype), *map(handle, f.argtypes))
            return proto(_address(f))

        params = {
            "p": ctypes.c_void_p,
            "i": ctypes.c_int,
            "d*": ctypes.POINTER(ctypes.c_double),
            "f*": ctypes.POINTER(ctypes.c_float),
            "u*": ctypes.POINTER(ctypes.c_uint),
            "i*": ctypes.POINTER(ctypes.c_int),
            "rect*": ctypes.POINTER(raw.FS_RECTF),
            "matrix*": ctypes.POINTER(raw.FS_MATRIX),
        }

        def bare(name: str, restype: Any, signature: str) -> Any:
            f = getattr(raw, name)
            expected = tuple(params[t] for t in signature.split())
            if tuple(map(handle, f.argtypes)) != expected:
                # Not the function this module was written for (another PDFium): called through
                # its own declaration, which converts what it is given, at the usual cost.
                typed = ctypes.CFUNCTYPE(restype, *map(handle, f.argtypes))
                return typed(_address(f))
            # A prototype of no parameters: what a call is given goes by ctypes' own
            # conversions (see _Bare), and PYFUNCTYPE keeps the GIL across the short call.
            return ctypes.PYFUNCTYPE(restype)(_address(f))

        for attribute, name in _FUNCTIONS.items():
            setattr(self, attribute, declare(name))
        self.bare = _Bare(**{a: bare(*how) for a, how in _BARE.items()})
        self.FS_MATRIX = raw.FS_MATRIX
        self.FS_RECTF = raw.FS_RECTF
        self.PATH = raw.FPDF_PAGEOBJ_PATH
        self.TEXT = raw.FPDF_PAGEOBJ_TEXT
        self.FORM = raw.FPDF_PAGEOBJ_FORM
        self.MOVETO = raw.FPDF_SEGMENT_MOVETO
        self.BEZIERTO = raw.FPDF_SEGMENT_BEZIERTO
        self.NO_FILL = raw.FPDF_FILLMODE_NONE

    def __getattr__(self, name: str) -> Any:  # for the type checker: set in __init__
        raise AttributeError(name)


_FUNCTIONS = {
    "count_chars": "FPDFText_CountChars",
    "is_generated": "FPDFText_IsGenerated",
    "unicode": "FPDFText_GetUnicode",
    "map_error": "FPDFText_HasUnicodeMapError",
    "text_object": "FPDFText_GetTextObject",
    "char_origin": "FPDFText_GetCharOrigin",
    "char_font_size": "FPDFText_GetFontSize",
    "char_matrix": "FPDFText_GetMatrix",
    "loose_box": "FPDFText_GetLooseCharBox",
    "char_box": "FPDFText_GetCharBox",
    "text_font": "FPDFTextObj_GetFont",
    "text_font_size": "FPDFTextObj_GetFontSize",
    "glyph_width": "FPDFFont_GetGlyphWidth",
    "descent": "FPDFFont_GetDescent",
    "count_objects": "FPDFPage_CountObjects",
    "page_object": "FPDFPage_GetObject",
    "count_form_objects": "FPDFFormObj_CountObjects",
    "form_object": "FPDFFormObj_GetObject",
    "object_type": "FPDFPageObj_GetType",
    "object_matrix": "FPDFPageObj_GetMatrix",
    "bounds": "FPDFPageObj_GetBounds",
    "stroke_color": "FPDFPageObj_GetStrokeColor",
    "fill_color": "FPDFPageObj_GetFillColor",
    "draw_mode": "FPDFPath_GetDrawMode",
    "count_segments": "FPDFPath_CountSegments",
    "segment": "FPDFPath_GetPathSegment",
    "segment_point": "FPDFPathSegment_GetPoint",
    "segment_type": "FPDFPathSegment_GetType",
    "segment_close": "FPDFPathSegment_GetClose",
}


class _Bare(NamedTuple):
    """The calls made for every character, page object and path segment, declared without
    argument types and called without releasing the GIL: a call then costs about half (ctypes
    converts no argument through a declared type; PDFium's work in each is a field read).

    Their contract is the caller's to keep, since nothing checks it: every handle is passed as
    a :class:`ctypes.c_void_p` (a Python int would go as a C ``int``, and a cut pointer
    crashes), every ``int`` parameter as a Python int, every out-parameter as
    :func:`ctypes.byref` of the C type the function writes.  Handles come back as ints
    (``c_size_t``, 0 for none) or, for a path's segments, as :class:`_Handle`, passed on as
    they are."""

    unicode: Any  # (text page, index) -> unsigned int
    is_generated: Any  # (text page, index) -> int
    map_error: Any  # (text page, index) -> int
    text_object: Any  # (text page, index) -> address (int, 0: none)
    char_origin: Any  # (text page, index, double*, double*) -> bool
    loose_box: Any  # (text page, index, FS_RECTF*) -> bool
    char_box: Any  # (text page, index, double* ×4) -> bool
    page_object: Any  # (page, index) -> _Handle
    object_type: Any  # (object) -> int
    object_matrix: Any  # (object, FS_MATRIX*) -> bool
    bounds: Any  # (object, float* ×4) -> bool
    stroke_color: Any  # (object, unsigned int* ×4) -> bool
    fill_color: Any  # (object, unsigned int* ×4) -> bool
    draw_mode: Any  # (path, int*, int*) -> bool
    count_segments: Any  # (path) -> int
    segment: Any  # (path, index) -> _Handle
    segment_point: Any  # (segment, float*, float*) -> bool
    segment_type: Any  # (segment) -> int
    segment_close: Any  # (segment) -> bool


class _Handle(ctypes.c_void_p):
    """A handle as a bare call returns it: a subclass of ``c_void_p`` is returned as itself, not
    converted to an int, so it is passed to the next call as it is."""


# What each bare call is, as (C function, return type, its parameters): "p" a handle, "i" an
# int, "d*" "f*" "u*" "i*" pointers to double, float, unsigned int and int, "rect*" "matrix*"
# to FS_RECTF and FS_MATRIX.
_BARE: dict[str, tuple[str, Any, str]] = {
    "unicode": ("FPDFText_GetUnicode", ctypes.c_uint, "p i"),
    "is_generated": ("FPDFText_IsGenerated", ctypes.c_int, "p i"),
    "map_error": ("FPDFText_HasUnicodeMapError", ctypes.c_int, "p i"),
    "text_object": ("FPDFText_GetTextObject", ctypes.c_size_t, "p i"),
    "char_origin": ("FPDFText_GetCharOrigin", ctypes.c_int, "p i d* d*"),
    "loose_box": ("FPDFText_GetLooseCharBox", ctypes.c_int, "p i rect*"),
    "char_box": ("FPDFText_GetCharBox", ctypes.c_int, "p i d* d* d* d*"),
    "page_object": ("FPDFPage_GetObject", _Handle, "p i"),
    "object_type": ("FPDFPageObj_GetType", ctypes.c_int, "p"),
    "object_matrix": ("FPDFPageObj_GetMatrix", ctypes.c_int, "p matrix*"),
    "bounds": ("FPDFPageObj_GetBounds", ctypes.c_int, "p f* f* f* f*"),
    "stroke_color": ("FPDFPageObj_GetStrokeColor", ctypes.c_int, "p u* u* u* u*"),
    "fill_color": ("FPDFPageObj_GetFillColor", ctypes.c_int, "p u* u* u* u*"),
    "draw_mode": ("FPDFPath_GetDrawMode", ctypes.c_int, "p i* i*"),
    "count_segments": ("FPDFPath_CountSegments", ctypes.c_int, "p"),
    "segment": ("FPDFPath_GetPathSegment", _Handle, "p i"),
    "segment_point": ("FPDFPathSegment_GetPoint", ctypes.c_int, "p f* f*"),
    "segment_type": ("FPDFPathSegment_GetType", ctypes.c_int, "p"),
    "segment_close": ("FPDFPathSegment_GetClose", ctypes.c_int, "p"),
}


@cache
def _api() -> _Api:
    import pypdfium2.raw as raw

    return _Api(raw)


def _address(handle: Any) -> int:
    return ctypes.cast(handle, ctypes.c_void_p).value or 0


# ----------------------------------------------------------------------------- characters

_HYPHEN = 0x2  # PDFium's mark for a hyphen that ends a line
_GENERATED = frozenset((0x20, 0x0D, 0x0A))  # the characters PDFium's text page adds itself


def _characters(api: _Api, text: int, view: _View, in_forms: dict[int, _Matrix]) -> list[Glyph]:
    bare = api.bare
    unicode_of = bare.unicode
    generated = bare.is_generated
    map_error = bare.map_error
    text_object = bare.text_object
    origin = bare.char_origin
    loose_box = bare.loose_box
    char_box = bare.char_box
    glyph_width = api.glyph_width
    point = view.point
    vxx, vxy, vx1, vtx, vty, vt1 = view.coefficients

    tp = ctypes.c_void_p(text)  # the bare calls take handles as c_void_p (see _Bare)
    ox, oy = ctypes.c_double(), ctypes.c_double()
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    width, value = ctypes.c_float(), ctypes.c_float()
    rect = api.FS_RECTF()
    fm = api.FS_MATRIX()
    at_ox, at_oy, at_rect = ctypes.byref(ox), ctypes.byref(oy), ctypes.byref(rect)
    at_box = tuple(ctypes.byref(v) for v in (left, right, bottom, top))

    out: list[Glyph] = []
    make = tuple.__new__
    descents: dict[tuple[int, float], float] = {}
    widths: dict[tuple[int, float, int], float] = {}
    run_of = 0  # the text object the current run of characters belongs to
    font = 0
    size = desc = a = b = c = d = 0.0
    matrix: _Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    outer: _Matrix | None = None
    last: tuple[float, float] | None = None
    for i in range(api.count_chars(text)):
        code = unicode_of(tp, i)
        if code == 0 or (code in _GENERATED and generated(tp, i)):
            continue
        unmapped = map_error(tp, i) == 1
        obj = text_object(tp, i)
        if obj != run_of or not obj:  # a new text object: what its characters share
            run_of = obj
            api.char_matrix(text, i, fm)
            a, b, c, d = fm.a, fm.b, fm.c, fm.d
            matrix = (a, b, c, d, fm.e, fm.f)
            size = api.char_font_size(text, i)
            font = (api.text_font(obj) or 0) if obj else 0
            desc = descents.get((font, size), math.nan)
            if math.isnan(desc):
                desc = value.value if font and api.descent(font, size, value) else 0.0
                descents[(font, size)] = desc
            outer = in_forms.get(obj)
            last = None
        if unmapped:
            glyph_text = f"(cid:{code})"
        elif code == _HYPHEN:
            glyph_text = "-"
        elif 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
            glyph_text = "\ufffd"
        else:
            glyph_text = chr(code)
        origin(tp, i, at_ox, at_oy)
        x, y = ox.value, oy.value
        # /ActualText: PDFium gives every character of the span the span's origin and an equal
        # share of its box; from the second on, the share is where the character is.
        piece = last == (x, y)
        last = (x, y)
        in_form_space = outer is not None and _in_form_space(x, y, matrix, outer)

        # The advance width, in text space.  The text page keeps none per character: the
        # font's width for the character's Unicode is right unless two codes of the font share
        # that Unicode; the loose box is the advance box united with the ink, so where it sticks
        # out beyond the ink it is the advance exactly, and it caps the font's width.
        w = math.nan
        if font and not unmapped:
            key = (font, size, code)
            w = widths.get(key, math.nan)
            if math.isnan(w):
                w = width.value if glyph_width(font, code, size, width) else 0.0
                widths[key] = w
        upright = b == 0 and c == 0 and a > 0 and not (w < 0)
        if piece and upright:
            char_box(tp, i, *at_box)
            lx, rx = left.value, right.value
            if in_form_space:
                lx, rx = _apply(outer, lx, y)[0], _apply(outer, rx, y)[0]
                x, y = _apply(outer, x, y)
            x, w = lx, (rx - lx) / a
        elif in_form_space:
            x, y = _apply(outer, x, y)
        elif outer is None and upright:
            loose_box(tp, i, at_rect)
            end = rect.right
            if w > 0 and abs(x + a * w - end) > 0.01:
                char_box(tp, i, *at_box)
                if end <= right.value + 0.01:  # the ink reaches as far: trust the font
                    end = min(end, x + a * w)
            w = (end - x) / a
        if math.isnan(w):
            w = 0.0

        if w < 0:  # vertical writing: PDFium's origin is the box's lower left corner
            em = size * math.hypot(a, b)
            adv = -w * math.hypot(c, d)
            x0, t0 = point(x, y + adv)
            x1, t1 = point(x + em, y)
        elif b == 0 and c == 0:  # upright or mirrored: two corners make the box
            ya, yb = y + d * (desc + size), y + d * desc
            xb = x + a * w
            x0, t0 = vxx * x + vxy * ya + vx1, vtx * x + vty * ya + vt1
            x1, t1 = vxx * xb + vxy * yb + vx1, vtx * xb + vty * yb + vt1
        else:  # the box (0, descent) – (advance, descent + em) in text space, at the origin
            lo, hi = desc, desc + size
            pts = [point(x + a * u + c * v, y + b * u + d * v) for u in (0.0, w) for v in (lo, hi)]
            x0, x1 = min(p[0] for p in pts), max(p[0] for p in pts)
            t0, t1 = min(p[1] for p in pts), max(p[1] for p in pts)
        if x0 > x1:
            x0, x1 = x1, x0
        if t0 > t1:
            t0, t1 = t1, t0
        em_size = (t1 - t0) if w >= 0 else (x1 - x0)
        # tuple.__new__: the NamedTuple's own __new__ is a Python call per character
        out.append(make(Glyph, (glyph_text, x0, x1, t0, t1, em_size or size or 10.0)))
    return out


# ----------------------------------------------------------------------------- page objects

_WHITE = 242  # 0.95 of 255: pdfminer's threshold for "white" ink, in PDFium's 8-bit colours


@dataclass
class _Objects:
    rulings: list[Ink] = field(default_factory=list)
    blanks: list[Glyph] = field(default_factory=list)
    in_forms: dict[int, _Matrix] = field(default_factory=dict)  # text object → form matrix


def _objects(api: _Api, page: int, view: _View) -> _Objects:
    """The rulings of a page; one space for each text object PDFium's text page skipped because
    it has no ink (a run of spaces); and the text objects inside form XObjects."""
    out = _Objects()
    _walk(api, _Handle(page), api.count_objects, api.bare.page_object, None, view, out)
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


class _Scratch:
    """The out-parameters of the object calls, made once per page, and their addresses as the
    bare calls take them (:func:`ctypes.byref`)."""

    def __init__(self, api: _Api) -> None:
        self.matrix = api.FS_MATRIX()
        self.box = tuple(ctypes.c_float() for _ in range(4))
        self.rgba = tuple(ctypes.c_uint() for _ in range(4))
        self.mode, self.stroke = ctypes.c_int(), ctypes.c_int()
        self.x, self.y = ctypes.c_float(), ctypes.c_float()
        byref = ctypes.byref
        self.at_matrix = byref(self.matrix)
        self.at_box = tuple(byref(v) for v in self.box)
        self.at_rgba = tuple(byref(v) for v in self.rgba)
        self.at_mode, self.at_stroke = byref(self.mode), byref(self.stroke)
        self.at_x, self.at_y = byref(self.x), byref(self.y)


def _form_object(api: _Api) -> Any:
    """A form XObject's ``k``-th object as a :class:`_Handle` (its index is an ``unsigned
    long``, which a bare call could not pass as it is: declared, and rare)."""
    get = api.form_object
    return lambda form, k: _Handle(get(form, k) or 0)


def _walk(
    api: _Api,
    parent: _Handle,
    count: Any,
    get: Any,
    outer: _Matrix | None,
    view: _View,
    out: _Objects,
    depth: int = 0,
    scratch: _Scratch | None = None,
) -> None:
    """``get(parent, k)`` gives the ``k``-th object as a :class:`_Handle`."""
    sc = scratch or _Scratch(api)
    fs = sc.matrix
    left, _bottom, right, _top = sc.box
    at_box, at_matrix = sc.at_box, sc.at_matrix
    bare = api.bare
    kind_of, bounds, matrix_of = bare.object_type, bare.bounds, bare.object_matrix
    text_kind, path_kind, form_kind = api.TEXT, api.PATH, api.FORM
    for k in range(count(parent)):
        obj = get(parent, k)
        if not obj:
            continue
        kind = kind_of(obj)
        if kind == text_kind:
            if outer is not None:
                out.in_forms[obj.value] = outer
            if not bounds(obj, *at_box):
                continue
            if abs(right.value - left.value) >= 0.01:
                continue  # it has ink: it is on the text page
        elif kind != path_kind and kind != form_kind:
            continue
        if not matrix_of(obj, at_matrix):
            continue
        m = _concat((fs.a, fs.b, fs.c, fs.d, fs.e, fs.f), outer)
        if kind == text_kind:
            _blank_text(api, obj, m, view, out.blanks)
        elif kind == path_kind:
            _path(api, obj, m, view, out.rulings, sc)
        elif depth < 15:
            forms = (api.count_form_objects, _form_object(api))
            _walk(api, obj, *forms, m, view, out, depth + 1, sc)


def _visible(api: _Api, obj: _Handle, stroke: bool, sc: _Scratch) -> bool:
    r, g, b, a = sc.rgba
    get = api.bare.stroke_color if stroke else api.bare.fill_color
    if not get(obj, *sc.at_rgba):
        return True  # a pattern or a colour PDFium cannot tell: ink all the same
    if a.value == 0:
        return False
    return not (r.value >= _WHITE and g.value >= _WHITE and b.value >= _WHITE)


def _path(
    api: _Api, obj: _Handle, m: _Matrix, view: _View, rulings: list[Ink], sc: _Scratch
) -> None:
    bare = api.bare
    if not bare.draw_mode(obj, sc.at_mode, sc.at_stroke):
        return
    a, b, c, d, e, f = m
    axis_aligned = (b == 0 and c == 0) or (a == 0 and d == 0)
    stroked = bool(sc.stroke.value) and _visible(api, obj, True, sc)
    filled = (
        not stroked
        and axis_aligned  # only a rectangle's fill is a ruling
        and sc.mode.value != api.NO_FILL
        and _visible(api, obj, False, sc)
    )
    if not (stroked or filled):
        return
    px, py = sc.x, sc.y
    at_x, at_y = sc.at_x, sc.at_y
    segment, point, type_of, closes = (
        bare.segment,
        bare.segment_point,
        bare.segment_type,
        bare.segment_close,
    )
    moveto, bezierto = api.MOVETO, api.BEZIERTO
    subpaths: list[tuple[list[tuple[float, float]], bool]] = []
    pts: list[tuple[float, float]] = []
    last = None  # the segment that ends the current subpath so far
    controls = 0  # a Bézier segment is two control points, then its end point
    for s in range(bare.count_segments(obj)):
        seg = segment(obj, s)
        if not seg or not point(seg, at_x, at_y):
            continue
        kind = type_of(seg)
        if kind == bezierto:
            controls += 1
            if controls % 3:
                continue
        elif controls:
            controls = 0
        if kind == moveto and pts:
            subpaths.append((pts, bool(closes(last))))  # only a subpath's end says "closed"
            pts = []
        pts.append((px.value, py.value))
        last = seg
    if pts:
        subpaths.append((pts, bool(closes(last))))
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
        elif _is_rect(pts):  # axis-aligned: two opposite corners make the box
            (x0, y0), (x2, y2) = pts[0], pts[2]
            u0, t0 = view.point(a * x0 + c * y0 + e, b * x0 + d * y0 + f)
            u2, t2 = view.point(a * x2 + c * y2 + e, b * x2 + d * y2 + f)
            rulings.append((min(u0, u2), min(t0, t2), max(u0, u2), max(t0, t2)))


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


def _blank_text(api: _Api, obj: _Handle, m: _Matrix, view: _View, blanks: list[Glyph]) -> None:
    """A text object without ink, which PDFium's text page leaves out, as one space."""
    size = ctypes.c_float()
    if not api.text_font_size(obj, size):
        return
    _, _, c, d, e, f = m
    em = size.value
    descent = 0.0
    font = api.text_font(obj)
    value = ctypes.c_float()
    if font and api.descent(font, em, value):
        descent = value.value
    corners = [(e + c * v, f + d * v) for v in (descent, descent + em)]
    pts = [view.point(x, y) for x, y in corners]
    x = pts[0][0]
    ts = [p[1] for p in pts]
    height = max(ts) - min(ts)
    if height <= 0:
        return
    blanks.append(Glyph(" ", x, x, min(ts), max(ts), height))

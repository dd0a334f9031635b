"""The PDF source's bare PDFium calls (declared without argument types, for speed) give what
pypdfium2's typed declarations of the same functions give, on every character, page object and
path segment of real PDFs; and a function whose parameters are not the ones the module was
written for is called through its own declaration instead."""

from __future__ import annotations

import ctypes
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest

from gixcheck.extract.pdf_source import _BARE, _Api, _api, _Handle

DATA = Path(__file__).resolve().parents[1] / "data" / "pdf"
PDFS = ["padded_cells_saved.pdf", "huaian_municipal_2024.pdf", "hzq2023_working.pdf"]


def _address(handle: Any) -> int:
    return ctypes.cast(handle, ctypes.c_void_p).value or 0


def _doubles(n: int) -> list[ctypes.c_double]:
    return [ctypes.c_double() for _ in range(n)]


def _chars_agree(text: Any) -> int:
    bare = _api().bare
    tp = ctypes.c_void_p(_address(text))
    n = raw.FPDFText_CountChars(text)
    for i in range(n):
        assert bare.unicode(tp, i) == raw.FPDFText_GetUnicode(text, i)
        assert bare.is_generated(tp, i) == raw.FPDFText_IsGenerated(text, i)
        assert bare.map_error(tp, i) == raw.FPDFText_HasUnicodeMapError(text, i)
        assert bare.text_object(tp, i) == _address(raw.FPDFText_GetTextObject(text, i))
        mine, theirs = _doubles(2), _doubles(2)
        assert bare.char_origin(tp, i, *map(ctypes.byref, mine)) == raw.FPDFText_GetCharOrigin(
            text, i, *theirs
        )
        assert [v.value for v in mine] == [v.value for v in theirs]
        mine, theirs = _doubles(4), _doubles(4)
        assert bare.char_box(tp, i, *map(ctypes.byref, mine)) == raw.FPDFText_GetCharBox(
            text, i, *theirs
        )
        assert [v.value for v in mine] == [v.value for v in theirs]
        a, b = raw.FS_RECTF(), raw.FS_RECTF()
        assert bare.loose_box(tp, i, ctypes.byref(a)) == raw.FPDFText_GetLooseCharBox(text, i, b)
        assert (a.left, a.top, a.right, a.bottom) == (b.left, b.top, b.right, b.bottom)
    return n


def _floats(n: int) -> list[ctypes.c_float]:
    return [ctypes.c_float() for _ in range(n)]


def _object_agrees(obj: Any, mine: _Handle) -> int:
    """Compares one page object (and its path's segments); the number of segments."""
    bare = _api().bare
    assert mine.value == _address(obj)
    kind = raw.FPDFPageObj_GetType(obj)
    assert bare.object_type(mine) == kind
    m1, m2 = raw.FS_MATRIX(), raw.FS_MATRIX()
    assert bare.object_matrix(mine, ctypes.byref(m1)) == raw.FPDFPageObj_GetMatrix(obj, m2)
    assert [m1.a, m1.b, m1.c, m1.d, m1.e, m1.f] == [m2.a, m2.b, m2.c, m2.d, m2.e, m2.f]
    f1, f2 = _floats(4), _floats(4)
    assert bare.bounds(mine, *map(ctypes.byref, f1)) == raw.FPDFPageObj_GetBounds(obj, *f2)
    assert [v.value for v in f1] == [v.value for v in f2]
    for ours, theirs in (
        (bare.stroke_color, raw.FPDFPageObj_GetStrokeColor),
        (bare.fill_color, raw.FPDFPageObj_GetFillColor),
    ):
        c1 = [ctypes.c_uint() for _ in range(4)]
        c2 = [ctypes.c_uint() for _ in range(4)]
        assert ours(mine, *map(ctypes.byref, c1)) == theirs(obj, *c2)
        assert [v.value for v in c1] == [v.value for v in c2]
    if kind != raw.FPDF_PAGEOBJ_PATH:
        return 0
    i1, i2 = [ctypes.c_int() for _ in range(2)], [ctypes.c_int() for _ in range(2)]
    assert bare.draw_mode(mine, *map(ctypes.byref, i1)) == raw.FPDFPath_GetDrawMode(obj, *i2)
    assert [v.value for v in i1] == [v.value for v in i2]
    n = raw.FPDFPath_CountSegments(obj)
    assert bare.count_segments(mine) == n
    for s in range(n):
        seg = bare.segment(mine, s)
        theirs = raw.FPDFPath_GetPathSegment(obj, s)
        assert isinstance(seg, _Handle)
        assert (seg.value or 0) == _address(theirs)
        p1, p2 = _floats(2), _floats(2)
        assert bare.segment_point(seg, *map(ctypes.byref, p1)) == raw.FPDFPathSegment_GetPoint(
            theirs, *p2
        )
        assert [v.value for v in p1] == [v.value for v in p2]
        assert bare.segment_type(seg) == raw.FPDFPathSegment_GetType(theirs)
        assert bare.segment_close(seg) == raw.FPDFPathSegment_GetClose(theirs)
    return n


@pytest.mark.parametrize("name", PDFS)
def test_bare_calls_read_what_the_typed_ones_read(name: str) -> None:
    doc = pdfium.PdfDocument((DATA / name).read_bytes())
    chars = segments = objects = 0
    try:
        for index in range(len(doc)):
            page = doc[index]
            text = page.get_textpage()
            try:
                chars += _chars_agree(text.raw)
                handle = ctypes.c_void_p(_address(page.raw))
                for k in range(raw.FPDFPage_CountObjects(page.raw)):
                    mine = _api().bare.page_object(handle, k)
                    assert isinstance(mine, _Handle)
                    segments += _object_agrees(raw.FPDFPage_GetObject(page.raw, k), mine)
                    objects += 1
            finally:
                text.close()
                page.close()
    finally:
        doc.close()
    assert chars > 1000 and objects > 100  # the comparison saw the pages' content


def test_a_function_of_other_parameters_is_called_as_declared() -> None:
    """Another PDFium whose FPDFText_GetUnicode took a ``long`` index: a bare call would pass
    a C int where a long is read.  The module then uses the typed declaration, which converts."""
    real = raw.FPDFText_GetUnicode
    other = ctypes.CFUNCTYPE(ctypes.c_uint, *real.argtypes[:1], ctypes.c_long)(_address(real))
    functions = {name: getattr(raw, name) for name, _res, _sig in _BARE.values()}
    functions["FPDFText_GetUnicode"] = other
    fake = SimpleNamespace(**{**{k: getattr(raw, k) for k in dir(raw) if k.startswith("F")}})
    for name, f in functions.items():
        setattr(fake, name, f)
    api = _Api(fake)
    assert api.bare.unicode.argtypes == (ctypes.c_void_p, ctypes.c_long)
    assert api.bare.map_error.argtypes == ()  # the others stay bare
    doc = pdfium.PdfDocument((DATA / PDFS[0]).read_bytes())
    try:
        page = doc[0]
        text = page.get_textpage()
        tp = ctypes.c_void_p(_address(text.raw))
        assert [api.bare.unicode(tp, i) for i in range(50)] == [
            raw.FPDFText_GetUnicode(text.raw, i) for i in range(50)
        ]
        text.close()
        page.close()
    finally:
        doc.close()

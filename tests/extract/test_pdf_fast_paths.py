"""The PDF reader's shortcuts give what the plain ways give (hypothesis)."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from gixcheck.extract import pdf
from gixcheck.extract.pdf_source import Glyph, dedupe

coord = st.one_of(
    st.floats(min_value=-50, max_value=50, allow_nan=False),
    st.sampled_from([0.0, -0.0, 1.0, 1.5, math.inf, -math.inf, math.nan]),
)


@given(st.lists(coord, min_size=2, max_size=8), st.lists(coord, max_size=10), st.booleans())
def test_slotter_is_the_scan(bounds: list[float], values: list[float], ascend: bool) -> None:
    if ascend:
        bounds = sorted(b for b in bounds if not math.isnan(b)) or [0.0, 1.0]
        if len(bounds) < 2:
            bounds = [*bounds, bounds[0]]
    slot = pdf._slotter(bounds)
    for v in values:
        assert slot(v) == pdf._slot(bounds, v)


def _char(x: float, y: float) -> pdf._Char:
    return pdf._Char("0", x, x + 5, y, y + 10, 10.0)


@given(
    st.lists(st.tuples(coord, coord), max_size=20),
    st.lists(st.tuples(coord, coord, coord, coord), max_size=3),
)
def test_outside_is_not_in_any_table(
    places: list[tuple[float, float]], boxes: list[tuple[float, float, float, float]]
) -> None:
    chars = [_char(x, y) for x, y in places]
    tables = [pdf._PageTable(page=1, xs=[x0, x1], ys=[y0, y1], grid=[]) for x0, y0, x1, y1 in boxes]
    want = [c for c in chars if not pdf._in_table(c, tables)]
    assert pdf._outside(chars, tables) == want


def _dedupe_plain(chars: list[Glyph], tolerance: float = 1.0) -> list[Glyph]:
    """pdfplumber's dedupe_chars reading, quadratic and plain: chained clusters by top, then by
    x0, of the same text and size; of each cluster the first by (top, x0, order) stays."""
    drop: set[int] = set()
    keys = {(g.text, g.size) for g in chars}
    for key in keys:
        members = [i for i, g in enumerate(chars) if (g.text, g.size) == key]

        def runs(items: list[int], value: int) -> list[list[int]]:
            ordered = sorted(items, key=lambda i: chars[i][value])
            out: list[list[int]] = []
            for i in ordered:
                if out and chars[i][value] - chars[out[-1][-1]][value] <= tolerance:
                    out[-1].append(i)
                else:
                    out.append([i])
            return out

        for row in runs(members, 3):
            for cluster in runs(row, 1):
                kept = min(cluster, key=lambda i: (chars[i].top, chars[i].x0, i))
                drop.update(i for i in cluster if i != kept)
    return [g for i, g in enumerate(chars) if i not in drop]


small = st.floats(min_value=0, max_value=6, allow_nan=False)


@given(st.lists(st.tuples(st.sampled_from("0一"), small, small), max_size=25))
def test_dedupe_is_the_plain_reading(spec: list[tuple[str, float, float]]) -> None:
    chars = [Glyph(t, x, x + 1, y, y + 1, 10.0) for t, x, y in spec]
    assert dedupe(chars) == _dedupe_plain(chars)


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["0", "一", " ", "（", "a", "\u3000"]),
            st.floats(min_value=0, max_value=60, allow_nan=False),
            st.floats(min_value=0, max_value=30, allow_nan=False),
            st.sampled_from([4.0, 9.0, 12.0]),
        ),
        max_size=30,
    )
)
def test_cell_text_is_its_lines_joined(spec: list[tuple[str, float, float, float]]) -> None:
    """A cell's text, made without the lines' boxes, is the text of the lines as
    ``_char_lines`` makes them, joined and tidied (the reading before the shortcut)."""
    chars = [pdf._Char(t, x, x + size * 0.8, y, y + size, size) for t, x, y, size in spec]
    want = ""
    for line in pdf._char_lines(list(chars)):
        want = pdf._join(want, line.text)
    got = pdf._cell_text(list(chars))
    assert got == pdf._tidy(want)
    # Independent of the row grouping both readings share: no character lost or added,
    # only white space collapsed or dropped.
    assert sorted(got.replace(" ", "")) == sorted(t for t, *_ in spec if t.strip())

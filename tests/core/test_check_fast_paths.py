"""The check's fast paths give what the plain ways give: NFKC by replacing fullwidth forms,
JSON read by msgspec, heading qualities and the form's cells remembered."""

from __future__ import annotations

import json
import re
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gixcheck.api import InputError, extract, parse_json
from gixcheck.form.labels import _nfkc
from gixcheck.kinds.headings import heading_quality
from gixcheck.kinds.tables import TABLES, expected_cells
from gixcheck.model import Report, canonical_json

DATA = Path(__file__).resolve().parents[1] / "data"

# Fullwidth forms and the ideographic space, what they may combine with (combining marks, the
# long solidus overlay that makes = into ≠), Chinese text, and other compatibility characters.
_ALPHABET = st.sampled_from(
    [chr(c) for c in (*range(0xFF01, 0xFF5F), 0x3000)]
    + ["\u0301", "\u0338", "\u0308", "\u3099", "\u309a", "\u1161", "\u11a8"]
    + ["\u4e00", "\u3001", "\u3002", "\u201c", "\u201d", "\u00a0", "\u2002", "\u1100"]
    + ["\ufb01", "\u2460", "\u3220", "\u00bd", "\u212b", "\u30ab", "\uff76", "\uff9e"]
    + ["a", "e", "=", "<", "(", " ", "\n", "1"]
)


@settings(max_examples=400, deadline=None)
@given(st.text(_ALPHABET, max_size=24))
def test_nfkc_by_replacing_fullwidth_forms_is_nfkc(text: str) -> None:
    assert _nfkc(text) == unicodedata.normalize("NFKC", text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "abc",
        "\uff1d\u0338",
        "\uff21\u0301",
        "\uff76\uff9e",
        "\u3000\u00a0",
        "\uff08\u4e00\uff09",
    ],
)
def test_nfkc_corner_cases(text: str) -> None:
    assert _nfkc(text) == unicodedata.normalize("NFKC", text)


def _plain_parse(data: bytes) -> Any:
    return json.loads(data.decode("utf-8-sig"), parse_float=Decimal)


def _reports() -> list[bytes]:
    out = [p.read_bytes() for p in sorted((DATA / "json").glob("*.json"))]
    for p in (DATA / "text" / "seed_panji_2021.txt", DATA / "html" / "pingtan_2023.html"):
        out.append(canonical_json(extract(p)).encode("utf-8"))
    return out


@pytest.mark.parametrize("data", _reports())
def test_json_read_by_msgspec_is_what_json_loads_reads(data: bytes) -> None:
    got = parse_json(data)
    want = _plain_parse(data)
    assert got == want
    assert canonical_json(got) == canonical_json(want)


_HEAD = b'{"schema_version": 1, "tables": {}, '


@pytest.mark.parametrize(
    "tail",
    [
        b'"x": 1.50}',
        b'"x": 1e5}',
        b'"x": -0.0}',
        b'"x": 123456789012345678901234567890}',
        b'"x": 1E400}',
        b'"x": 1, "x": [2, 3]}',
        b'"x": "\\ud800"}',
        b'"x": NaN}',
        b'"x": -Infinity}',
        b'"x": "\\u00e9\\/"}',
    ],
)
def test_json_values_are_read_as_json_loads_reads_them(tail: str) -> None:
    for data in (_HEAD + tail, b"\xef\xbb\xbf" + _HEAD + tail):
        got, want = parse_json(data), _plain_parse(data)
        assert repr(got) == repr(want)


@pytest.mark.parametrize(
    "data",
    [b"{", b"[1, 2]", b'{"schema_version": 1}', b"\xff{}", b"[" * 5000 + b"]" * 5000, b"{} x"],
)
def test_json_that_is_no_report_is_refused_as_before(data: bytes) -> None:
    with pytest.raises(InputError) as got:
        parse_json(data)
    try:
        obj = _plain_parse(data)
    except UnicodeDecodeError:
        assert "UTF-8" in got.value.en
        return
    except RecursionError:
        assert "deep" in got.value.en
        return
    except json.JSONDecodeError as exc:
        assert f"line {exc.lineno}" in got.value.en and exc.msg in got.value.en
        return
    assert not (isinstance(obj, dict) and "schema_version" in obj and "tables" in obj)


def test_heading_quality_remembered_is_heading_quality_worked_out() -> None:
    report = extract(DATA / "text" / "pingtan_2020_page.txt")
    headings = [(s["heading"], s["key"]) for s in report["sections"] if s.get("heading")]
    headings += [("四、政府信息公开行政复议与行政诉讼情况", "review_litigation")]
    headings += [("一、总休情况", "overview"), ("二、主动公开", "nothing")]
    for heading, key in headings:
        for connectors, ratio in (("", 0.8), ("、与和及的", 0.9)):
            fresh = heading_quality.__wrapped__(
                heading, key, connectors=connectors, misspelt_ratio=ratio
            )
            kept = heading_quality(heading, key, connectors=connectors, misspelt_ratio=ratio)
            assert kept == fresh
            assert (
                heading_quality(heading, key, connectors=connectors, misspelt_ratio=ratio) is kept
            )


def test_the_forms_cells_are_shared_but_not_their_lists() -> None:
    data = json.loads((DATA / "json" / "suqian_2023.json").read_text("utf-8"))
    first = Report(data)
    for t in TABLES:
        cells = expected_cells(first, t)
        assert cells and len(set(cells)) == len(cells)
        cells.append(("spoilt", "spoilt"))
        assert ("spoilt", "spoilt") not in expected_cells(Report(data), t)
    # table 三 follows the report's own rows: 其他处理 as one row or split in three
    rows = data["tables"]["table_3"]["rows"]
    split = any(k.startswith("result.other.") for k in rows)
    keys = {r for r, _ in expected_cells(Report(data), "table_3")}
    assert ("result.other" in keys) != split


def _plain_sentences(
    text: str, split: re.Pattern[str], ignore: re.Pattern[str], least: int
) -> list[str]:
    out = []
    for part in split.split(text):
        clean = ignore.sub("", part)
        if len(clean) >= least:
            out.append(clean)
    return out


@pytest.mark.parametrize(
    "ignore",
    [
        r"[\s\d０-９，,、。．.；;：:“”\"‘’（）()《》〈〉【】！!？?·—\-…]",
        r"[\s\d]+",
        r"[^\u4e00-\u9fff]",  # takes the separator too: the plain way
        r"^\d+",  # an anchor: the plain way
        r"(?<=年)\d",  # a look-behind: the plain way
        r"\d+",
        r"[a\]b]+",
    ],
)
def test_sentences_cleaned_at_once_are_sentences_cleaned_one_by_one(ignore: str) -> None:
    from gixcheck.kinds.sentences import sentences

    split = re.compile(r"[。；;！!？?：:\n]")
    pattern = re.compile(ignore)
    report = extract(DATA / "text" / "pingtan_2020_page.txt")
    texts = ["\n".join(p["text"] for p in s.get("paragraphs", [])) for s in report["sections"]]
    texts += ["2021年12月，本机关共收到申请5件。12 月：办结\x003件；", "", "。。"]
    for text in texts:
        for least in (0, 5, 20):
            assert sentences(text, split, pattern, least) == _plain_sentences(
                text, split, pattern, least
            )


def test_unusable_cells_are_told_as_worked_out() -> None:
    from gixcheck.kinds.identity import _unusable, unusable
    from gixcheck.model import CellValue

    cells = [
        CellValue("blank", None, None, None, "/p1", "table / row / a"),
        CellValue("na", None, "-", None, "/p2", "table / row / b"),
        CellValue("unreadable", None, "x", None, "/p3", "table / row / c"),
        CellValue("missing", None, None, None, "/p4", "table / row / d"),
    ]
    for n in range(1, 5):
        told = unusable(cells[:n])
        assert told == _unusable.__wrapped__(tuple((c.kind, c.label) for c in cells[:3][:n]))
        assert told.zh and told.en


@pytest.mark.parametrize(
    "evidence",
    [
        {"a": 1, "b": [1, 2.5, "x", None, True], "c": {"d": (1, 2)}},
        {"value": Decimal("1.50"), "n": [Decimal("3")]},
        {1: "int key", "x": {2.5: None}},
    ],
)
def test_json_evidence_is_told_json_either_way(evidence: dict[str, Any]) -> None:
    from gixcheck import guard
    from gixcheck.model import jsonable

    guard._json(evidence, "evidence")  # raises when not JSON
    json.dumps(jsonable(evidence), allow_nan=False)


@pytest.mark.parametrize(
    "evidence",
    [
        {"x": float("nan")},
        {"x": {1, 2}},
        {"x": Decimal("NaN")},
        {("a", "b"): 1},
        {"x": object()},
    ],
)
def test_evidence_that_is_no_json_is_refused_either_way(evidence: dict[Any, Any]) -> None:
    from gixcheck import guard
    from gixcheck.model import jsonable

    with pytest.raises(guard.PluginMisbehaved):
        guard._json(evidence, "evidence")
    with pytest.raises((TypeError, ValueError, OverflowError)):
        json.dumps(jsonable(evidence), allow_nan=False)


def test_jsonable_gives_plain_values_back_and_converts_the_rest() -> None:
    from gixcheck.model import jsonable

    for v in ("x", 3, 2.5, None, True, False):
        assert jsonable(v) is v
    assert jsonable(Decimal("2")) == 2 and type(jsonable(Decimal("2"))) is int
    assert jsonable(Decimal("2.0")) == 2.0 and type(jsonable(Decimal("2.0"))) is float
    assert jsonable({"a": (Decimal("1.5"), [Decimal("7")])}) == {"a": [1.5, [7]]}


def test_messages_without_values_made_once_are_the_catalogues() -> None:
    """A message asked for without values is made once and shared; it reads as the catalogue
    entry filled with no values, in both languages, for every entry that takes none."""
    import re as _re
    from importlib import resources

    from gixcheck.messages import catalogue, text

    placeholder = _re.compile(r"(?<!\{)\{[A-Za-z_]")
    areas = [
        p.name[: -len(".toml")]
        for p in resources.files("gixcheck.messages").iterdir()
        if p.name.endswith(".toml")
    ]
    checked = 0
    for area in areas:
        for name, entry in catalogue(area).items():
            if placeholder.search(entry["zh"] + entry["en"]):
                continue
            said = text(f"{area}.{name}")
            assert (said.zh, said.en) == (entry["zh"].format_map({}), entry["en"].format_map({}))
            assert text(f"{area}.{name}") is said
            checked += 1
    assert checked > 20
    with pytest.raises(KeyError):
        text("kinds.no_such_message")

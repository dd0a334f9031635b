"""The report JSON Schema (``schemas/report.schema.json``) as msgspec typed structures.

Used only to say quickly that a parsed canonical JSON report is valid
(:func:`gixcheck.schema.violations`); never to explain a failure (jsonschema does that) and never
to read a report.  Each structure accepts no more than the schema: every ``additionalProperties:
false`` is ``forbid_unknown_fields``, every required key a field without a default, every enum a
``Literal``, every pattern and bound a ``Meta`` — except the pattern of the tables' row and
column keys (:data:`gixcheck.schema.KEY_PATTERN`), which the structures only state (for
``msgspec.json.schema``) and :mod:`gixcheck.schema` checks itself: msgspec runs a regular
expression per key, and a report's few hundred keys cost three times what converting the rest
of it does, while they are the form's same hundred.  Where msgspec is stricter (``2021.0`` for
an integer, a duplicate key with a bad value in JSON bytes), the report goes to the schema's own
validators.  ``tests/core/test_schema_validators.py`` checks that the two agree on mutated
reports; ``tests/core/test_report_types_drift.py`` that they have the same shape (every
property, required key, enum, pattern and bound), so a change to the schema that is not made
here fails a test naming the path.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from msgspec import UNSET, Meta, Struct, UnsetType

from gixcheck.schema import KEY_PATTERN

# The row and column keys of a table: stated here, checked by gixcheck.schema (see above).
_KEY = Annotated[str, Meta(extra_json_schema={"pattern": KEY_PATTERN})]
_DAY = Annotated[str, Meta(pattern=r"^\d{4}-\d{2}-\d{2}$")]
_COUNT = Annotated[int, Meta(ge=0)]


class _Strict(Struct, forbid_unknown_fields=True, kw_only=True, gc=False):
    pass


class Source(_Strict):
    line: _COUNT | UnsetType = UNSET
    page: _COUNT | UnsetType = UNSET
    table: _COUNT | UnsetType = UNSET
    row: _COUNT | UnsetType = UNSET
    col: _COUNT | UnsetType = UNSET
    paragraph: _COUNT | UnsetType = UNSET
    element: _COUNT | UnsetType = UNSET


class _Cell(_Strict, tag_field="kind"):
    raw: str | UnsetType = UNSET
    source: Source | UnsetType = UNSET
    unit: str | UnsetType = UNSET


class NumberCell(_Cell, tag="number", kw_only=True):
    value: float  # kind number carries its value …


class BlankCell(_Cell, tag="blank"):  # … blank, na and unreadable carry none
    pass


class NaCell(_Cell, tag="na"):
    pass


class UnreadableCell(_Cell, tag="unreadable"):
    pass


Cell = NumberCell | BlankCell | NaCell | UnreadableCell | float | None


class RowRef(_Strict):
    label: str
    source: Source | UnsetType = UNSET


class Table(_Strict):
    present: bool
    layout: Literal["2021", "2019", "mixed", "unknown"] | UnsetType = UNSET
    other_form: Literal["split", "single", "unknown"] | UnsetType = UNSET
    header_verified: bool | UnsetType = UNSET
    rows: dict[_KEY, dict[_KEY, Cell]] | UnsetType = UNSET
    missing_rows: list[str] | UnsetType = UNSET
    missing_columns: list[str] | UnsetType = UNSET
    unmatched_rows: list[RowRef] | UnsetType = UNSET
    notes: list[str] | UnsetType = UNSET
    source: Source | UnsetType = UNSET
    column_labels: dict[str, str] | UnsetType = UNSET


class Paragraph(_Strict):
    text: str
    source: Source | UnsetType = UNSET


class Section(_Strict):
    key: Literal["overview", "proactive", "requests", "review_litigation", "problems", "other"]
    number: str | UnsetType = UNSET
    heading: str | UnsetType = UNSET
    paragraphs: list[Paragraph] | UnsetType = UNSET
    text: str | UnsetType = UNSET
    source: Source | UnsetType = UNSET


class DateSourceWhere(_Strict):
    line: _COUNT | UnsetType = UNSET
    page: _COUNT | UnsetType = UNSET
    col: _COUNT | UnsetType = UNSET
    element: _COUNT | UnsetType = UNSET
    paragraph: _COUNT | UnsetType = UNSET
    table: _COUNT | UnsetType = UNSET
    row: _COUNT | UnsetType = UNSET
    meta: str | UnsetType = UNSET
    url: str | UnsetType = UNSET


class DateSource(_Strict):
    kind: Literal["page", "meta", "url", "url_folder", "signature"]
    value: Annotated[str, Meta(pattern=r"^\d{4}-\d{2}(-\d{2})?$")]
    text: str | UnsetType = UNSET
    source: DateSourceWhere | UnsetType = UNSET


class Period(_Strict):
    text: str | UnsetType = UNSET
    start: _DAY | UnsetType | None = UNSET
    end: _DAY | UnsetType | None = UNSET
    source: Source | UnsetType = UNSET


class MetadataSource(_Strict):
    file: str | UnsetType = UNSET
    format: Literal["json", "text", "html", "pdf", "docx"] | UnsetType = UNSET
    sha256: str | UnsetType = UNSET
    url: str | UnsetType = UNSET


class Extractor(_Strict):
    name: str | UnsetType = UNSET
    version: str | UnsetType = UNSET


class Metadata(_Strict):
    title: str | UnsetType | None = UNSET
    body: str | UnsetType | None = UNSET
    body_kind: Literal["government", "department", "other", "unknown"] | UnsetType = UNSET
    level: Literal["province", "city", "county", "township", "unknown"] | UnsetType = UNSET
    parent_kind: Literal["government", "other"] | UnsetType | None = UNSET
    year: Annotated[int, Meta(ge=1990, le=2100)] | UnsetType | None = UNSET
    published: _DAY | UnsetType | None = UNSET
    written: _DAY | UnsetType | None = UNSET
    dates: list[DateSource] | UnsetType = UNSET
    period: Period | UnsetType | None = UNSET
    source: MetadataSource | UnsetType = UNSET
    extractor: Extractor | UnsetType = UNSET


class Marker(_Strict):
    layout: str
    marker: str
    where: str | UnsetType = UNSET


class Tables(_Strict):
    table_2: Table | UnsetType = UNSET
    table_3: Table | UnsetType = UNSET
    table_4: Table | UnsetType = UNSET


class Report(_Strict):
    schema_version: Literal[1]
    metadata: Metadata
    sections: list[Section]
    tables: Tables
    layout: Literal["2021", "2019", "mixed", "pre-2019", "unknown"] | UnsetType = UNSET
    layout_markers: list[Marker] | UnsetType = UNSET
    preamble: list[Paragraph] | UnsetType = UNSET
    extensions: dict[str, Any] | UnsetType = UNSET

"""The report as rule kinds see it, and what rules produce: findings and not-assessable notes."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from functools import cache, lru_cache
from typing import Any, NamedTuple

from gixcheck.labels import TABLE_NAMES, display


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


@dataclass(frozen=True)
class Location:
    pointer: str = ""
    label: str = ""
    source: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"pointer": self.pointer, "label": self.label}
        if self.source:
            out["source"] = self.source
        return out


@dataclass
class Finding:
    rule: str
    name: str
    severity: Severity
    category: str
    message_zh: str
    message_en: str
    location: Location
    evidence: dict[str, Any] = field(default_factory=dict)
    fingerprint: str = ""
    plugin: str | None = None
    baselined: bool = False

    def message(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" else self.message_zh

    def sort_key(self) -> tuple[int, str, str, str]:
        return (-self.severity.rank, self.rule, self.location.pointer, self.message_en)

    def to_dict(self, lang: str = "zh", *, convert: bool = True) -> dict[str, Any]:
        """``convert=False`` leaves the evidence's Decimals in place, for a writer whose JSON
        encoder converts them as it meets them (:func:`jsonable_default`): the same text,
        without building a converted copy of every finding's evidence first."""
        out: dict[str, Any] = {
            "rule": self.rule,
            "name": self.name,
            "severity": self.severity.value,
            "category": self.category,
            "message": self.message(lang),
            "location": self.location.to_dict(),
            "evidence": jsonable(self.evidence) if convert else self.evidence,
            "fingerprint": self.fingerprint,
        }
        if self.baselined:
            out["baselined"] = True
        return out


@dataclass(frozen=True)
class NotAssessable:
    """A check that could not run, with the reason; counted, listed, never passed."""

    rule: str
    reason_zh: str
    reason_en: str
    pointer: str = ""
    # False: the rule is outside its scope for this report (its ``applies_to``): not applicable,
    # which is a reason too, never a pass
    applicable: bool = True

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "pointer": self.pointer,
            "reason": self.reason_en if lang == "en" else self.reason_zh,
        }
        if not self.applicable:
            out["not_applicable"] = True
        return out


def jsonable(value: Any) -> Any:
    kind = type(value)
    if kind is str or kind is int or value is None or kind is bool or kind is float:
        return value  # most values: nothing to convert (and the quickest to tell)
    if isinstance(value, Decimal):
        return (
            int(value)
            if value == value.to_integral_value() and "." not in str(value)
            else (float(value))
        )
    if isinstance(value, dict):
        # a plain value is its own (as above), told without a call for each
        return {k: v if type(v) in _PLAIN else jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [v if type(v) in _PLAIN else jsonable(v) for v in value]
    return value


def jsonable_default(value: Any) -> Any:
    """A JSON encoder's ``default``: a Decimal converted as :func:`jsonable` converts it, where
    the encoder meets one (no walk of the whole value first); anything else refused as
    ``json`` refuses it."""
    if isinstance(value, Decimal):
        return jsonable(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


# What :func:`jsonable` gives back as it is, by exact type.
_PLAIN: frozenset[type] = frozenset({str, int, type(None), bool, float})


def fingerprint(rule: str, identity: str, pointer: str, extra: str = "") -> str:
    """Stable across runs, reformatting and re-extraction: rule, report identity, logical place."""
    h = hashlib.sha256("\x1f".join((rule, identity, pointer, extra)).encode("utf-8"))
    return h.hexdigest()[:16]


def escape_pointer(token: str) -> str:
    """A key as one JSON-pointer token (``~`` and ``/`` escaped, RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


# ----------------------------------------------------------------------------- report view


class CellValue(NamedTuple):
    """A cell as rules see it: ``kind`` is number/blank/na/unreadable/missing.

    A NamedTuple rather than a frozen dataclass: every rule reads hundreds of cells, and a tuple
    is several times cheaper to make.
    """

    kind: str
    value: int | Decimal | None
    raw: str | None
    source: dict[str, Any] | None
    pointer: str
    label: str

    @property
    def is_number(self) -> bool:
        """Whether the cell holds a number (blank, 不适用, unreadable and missing do not)."""
        return self.kind == "number"


class DateSource(NamedTuple):
    """One date the document shows: ``kind`` (page/meta/url/url_folder/signature), ``value``
    (``YYYY-MM-DD``; ``YYYY-MM`` for a url_folder), the ``text`` as written and where it was
    found (``source``: a line or page, ``{"meta": name}`` or ``{"url": address}``)."""

    kind: str
    value: str
    text: str
    source: dict[str, Any]


class Report:
    """Read access to a canonical report dict by stable keys.  Rule kinds use only this."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        # What rule kinds derive from the report, kept with it (see :meth:`_memo`); the cells
        # (:meth:`cell`) once read.  A report built anew starts with both empty.
        self._memos: dict[str, dict[Any, Any]] = {}
        self._cells: dict[tuple[str, str, str], CellValue] | None = None
        self._ints: dict[tuple[str, str, str], int] = {}

    def _memo(self, name: str) -> dict[Any, Any]:
        """A store of what gixcheck's own rule kinds derive from this report (its folded
        texts, the cells its form asks for …), kept with the report so each is worked out once
        per report; not part of the plugin API.  The report's ``data`` is read as it is when first asked: a report changed
        afterwards is read afresh by building a new :class:`Report`."""
        found = self._memos.get(name)
        if found is None:
            found = self._memos[name] = {}
        return found

    # -- metadata
    @property
    def metadata(self) -> dict[str, Any]:
        """The report's ``metadata`` table (title, body, year, level, dates …); ``{}`` if none."""
        m = self.data.get("metadata")
        return m if isinstance(m, dict) else {}

    @property
    def year(self) -> int | None:
        """The report year; ``None`` when it could not be told (never guessed)."""
        y = self.metadata.get("year")
        return y if isinstance(y, int) else None

    @property
    def title(self) -> str:
        """The report's title as printed; ``""`` when none was found."""
        return str(self.metadata.get("title") or "")

    @property
    def body(self) -> str:
        """The reporting body's name (示例区人民政府); ``""`` when none was found."""
        return str(self.metadata.get("body") or "")

    @property
    def body_kind(self) -> str:
        """``government``, ``department``, ``other`` or ``unknown``."""
        return str(self.metadata.get("body_kind") or "unknown")

    @property
    def level(self) -> str:
        """``province``, ``city``, ``county``, ``township`` or ``unknown``."""
        return str(self.metadata.get("level") or "unknown")

    @property
    def parent_kind(self) -> str | None:
        """For a department: the kind of the body it belongs to (``government``, or ``other``
        for a 管委会/新区/开发区/实验区's departments); ``None`` when not told."""
        p = self.metadata.get("parent_kind")
        return p if p in ("government", "other") else None

    @property
    def published(self) -> str | None:
        """The chosen publication date (the page's 发布时间/时间 line, else PubDate-style meta)."""
        p = self.metadata.get("published")
        return p if isinstance(p, str) else None

    @property
    def written(self) -> str | None:
        """The 成文日期 or signature date; never a publication date."""
        w = self.metadata.get("written")
        return w if isinstance(w, str) else None

    @property
    def dates(self) -> list[DateSource]:
        """Every date source found (``metadata.dates``), in the stored order: page, meta, url,
        url_folder, signature.  Reports without the list (hand-written JSON) have none."""
        raw = self.metadata.get("dates")
        out = []
        for d in raw if isinstance(raw, list) else []:
            if (
                isinstance(d, dict)
                and isinstance(d.get("kind"), str)
                and isinstance(d.get("value"), str)
            ):
                src = d.get("source")
                out.append(
                    DateSource(
                        d["kind"],
                        d["value"],
                        str(d.get("text") or ""),
                        src if isinstance(src, dict) else {},
                    )
                )
        return out

    def dates_of(self, kind: str) -> list[DateSource]:
        """The date sources of one kind (``page``, ``meta``, ``url``, ``url_folder``,
        ``signature``)."""
        return [d for d in self.dates if d.kind == kind]

    @property
    def layout(self) -> str:
        """Which form the tables follow: ``2021``, ``2019``, ``mixed``, ``pre-2019`` or
        ``unknown``."""
        return str(self.data.get("layout") or "unknown")

    @property
    def identity(self) -> str:
        """What makes two versions of a report the same report, whatever its format."""
        return f"{self.body}|{self.year or ''}"

    # -- sections
    @property
    def sections(self) -> list[dict[str, Any]]:
        """The sections in document order, each with ``key``, ``number``, ``heading`` and
        ``paragraphs``."""
        s = self.data.get("sections")
        return s if isinstance(s, list) else []

    def section(self, key: str) -> tuple[int, dict[str, Any]] | None:
        """``(index, section)`` of the section with this key (``overview`` … ``other``), or
        ``None`` when the report lacks it; the index builds pointers (``/sections/3``)."""
        for i, s in enumerate(self.sections):
            if s.get("key") == key:
                return i, s
        return None

    def paragraphs(self, section: dict[str, Any]) -> list[dict[str, Any]]:
        """A section's paragraphs, each a dict with ``text`` (and ``source``)."""
        if "paragraphs" in section:
            return [p for p in section["paragraphs"] if isinstance(p, dict)]
        text = section.get("text", "")
        return [{"text": t} for t in str(text).splitlines() if t.strip()]

    def section_text(self, key: str) -> str | None:
        """A section's paragraphs joined by line breaks, or ``None`` when it is missing."""
        found = self.section(key)
        if found is None:
            return None
        return "\n".join(p.get("text", "") for p in self.paragraphs(found[1]))

    # -- tables
    def table(self, name: str) -> dict[str, Any] | None:
        """The raw table (``table_2``, ``table_3``, ``table_4``), or ``None``."""
        t = self.data.get("tables", {}).get(name)
        return t if isinstance(t, dict) else None

    def table_present(self, name: str) -> bool:
        """Whether the report has the table (found and read)."""
        t = self.table(name)
        return bool(t and t.get("present"))

    def rows(self, name: str) -> dict[str, dict[str, Any]]:
        """The table's rows as the report has them: row key → column key → raw cell."""
        t = self.table(name) or {}
        r = t.get("rows", {})
        return r if isinstance(r, dict) else {}

    def cell(self, table: str, row: str, col: str) -> CellValue:
        """One cell by its stable keys; a cell the report lacks is ``kind == "missing"``,
        never an error (see :class:`CellValue`)."""
        cells = self._cells
        if cells is None:
            cells = self._read_cells()
        key = (table, row, col)
        found = cells.get(key)
        if found is None:
            value = self._ints.get(key)
            if value is None:
                found = self._cell(table, row, col)
            else:  # a count read in bulk, made a cell now that it is asked for
                raw_cell = self.data["tables"][table]["rows"][row][col]
                pointer, label = _address(table, row, col)
                if type(raw_cell) is dict:
                    raw, source = raw_cell.get("raw"), raw_cell.get("source")
                else:
                    raw = source = None
                found = _new_cell(CellValue, ("number", value, raw, source, pointer, label))
            cells[key] = found
        return found

    def _int_cells(self) -> dict[tuple[str, str, str], int]:
        """The values of the cells that are numbers with a plain integer value (below
        :data:`SMALL_INT` in size), by ``(table, row, column)``: read in bulk, without a
        :class:`CellValue` each until one is asked for (:meth:`cell`), so that kinds going
        through hundreds of cells (identities, completeness, values) tell most of them in C."""
        if self._cells is None:
            self._read_cells()
        return self._ints

    def _read_cells(self) -> dict[tuple[str, str, str], CellValue]:
        """Every well-formed cell of every table, read in one pass: rules read the same few
        hundred cells many times over (completeness, values, identities, claims), and one loop
        over the tables costs less than looking each cell up on its own.  A count goes into
        :meth:`_int_cells`; any other cell becomes a :class:`CellValue` here.  A cell this
        pass does not read (an odd shape) is read on its own when asked for (:meth:`_cell`)."""
        cells: dict[tuple[str, str, str], CellValue] = {}
        ints: dict[tuple[str, str, str], int] = {}
        self._cells, self._ints = cells, ints
        tables = self.data.get("tables")
        if not isinstance(tables, dict):
            return cells
        small = SMALL_INT
        for table, t in tables.items():
            rows = t.get("rows") if isinstance(t, dict) else None
            if not isinstance(rows, dict):
                continue
            for row, raw_row in rows.items():
                if type(raw_row) is not dict or type(row) is not str:
                    continue
                # the row's cells' keys, pointers and labels, worked out once per process
                addresses = _row_addresses(table, row)
                for col, raw_cell in raw_row.items():
                    address = addresses.get(col)
                    if address is None:
                        if type(col) is not str:
                            continue
                        address = _addressed(addresses, table, row, col)
                    if type(raw_cell) is dict:
                        kind = raw_cell.get("kind", "unreadable")
                        value = raw_cell.get("value")
                        if kind != "number":
                            value = None
                        elif type(value) is not int:
                            if "value" in raw_cell:
                                continue  # an amount or an odd value: read on its own (_num)
                        elif -small < value < small:
                            ints[address[0]] = value
                            continue
                        raw, source = raw_cell.get("raw"), raw_cell.get("source")
                    elif type(raw_cell) is int:  # a hand-written report's bare count
                        if -small < raw_cell < small:
                            ints[address[0]] = raw_cell
                            continue
                        kind, value, raw, source = "number", raw_cell, None, None
                    elif raw_cell is None:
                        kind, value, raw, source = "blank", None, None, None
                    else:
                        continue  # a bare decimal or an odd shape: read on its own
                    key, pointer, label = address
                    cells[key] = _new_cell(CellValue, (kind, value, raw, source, pointer, label))
        return cells

    def _cell(self, table: str, row: str, col: str) -> CellValue:
        pointer, label = _address(table, row, col)
        raw_cell = self.rows(table).get(row, {}).get(col, _MISSING)
        if raw_cell is _MISSING:  # a form's cell the report lacks: hundreds in a short one
            return _new_cell(CellValue, ("missing", None, None, None, pointer, label))
        if raw_cell is None:
            return _new_cell(CellValue, ("blank", None, None, None, pointer, label))
        if isinstance(raw_cell, bool):
            return CellValue("unreadable", None, str(raw_cell), None, pointer, label)
        if isinstance(raw_cell, (int, Decimal, float)):
            return CellValue("number", _num(raw_cell), None, None, pointer, label)
        kind = raw_cell.get("kind", "unreadable")
        value = _num(raw_cell["value"]) if kind == "number" and "value" in raw_cell else None
        return CellValue(kind, value, raw_cell.get("raw"), raw_cell.get("source"), pointer, label)


_MISSING: Any = object()
# A CellValue made from a tuple without the NamedTuple's keyword-handling constructor: half the
# cost, for the hundreds of cells a report has.
_new_cell = tuple.__new__


def _num(v: Any) -> int | Decimal:
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        return Decimal(repr(v))
    d = Decimal(str(v))
    return int(d) if d == d.to_integral_value() and "." not in str(v) else d


# Sums of integers below this are exact in Decimal's 28 digits as in int: identities add them up
# as plain integers.
SMALL_INT = 10**18

_Address = tuple[tuple[str, str, str], str, str]  # a cell's key, pointer and label
_ROW_COLUMNS = 256  # the columns of one row whose addresses are kept (a form has at most 15)


@lru_cache(maxsize=2048)
def _row_addresses(table: str, row: str) -> dict[str, _Address]:
    """The addresses of a row's cells told so far, by column (filled by :func:`_addressed`):
    a report's cells are read row by row, and a column looked up in its row's dict costs less
    than a cell's three keys hashed together."""
    return {}


def _addressed(addresses: dict[str, _Address], table: str, row: str, col: str) -> _Address:
    found = ((table, row, col), *_address(table, row, col))
    if len(addresses) < _ROW_COLUMNS:  # a hostile report's thousand columns are not kept
        addresses[col] = found
    return found


@cache
def _address(table: str, row: str, col: str) -> tuple[str, str]:
    # Every rule asks for the same few hundred cells; their pointers and labels never change.
    pointer = f"/tables/{table}/rows/{escape_pointer(row)}/{escape_pointer(col)}"
    return pointer, cell_label(table, row, col)


def cell_label(table: str, row: str, col: str) -> str:
    """``表三 / （七）总计 / 总计`` — what a person reads in the printed form."""
    tname = TABLE_NAMES.get(table, table)
    if table == "table_4":
        block, _, c = col.partition(".")
        return (
            f"{tname} / {display('table_4', 'blocks', block)} / {display('table_4', 'columns', c)}"
        )
    return f"{tname} / {display(table, 'rows', row)} / {display(table, 'columns', col)}"


def canonical_json(data: Any) -> str:
    return json.dumps(jsonable(data), ensure_ascii=False, indent=2, sort_keys=False) + "\n"

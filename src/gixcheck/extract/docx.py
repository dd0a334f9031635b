"""DOCX reader: a Word report → :class:`~gixcheck.extract.document.Document`.

1. **Inspect the ZIP** before anything parses it (:func:`check_docx_zip`): it must be a ZIP with
   ``word/document.xml``, at most :data:`MAX_MEMBERS` members, at most
   :data:`MAX_TOTAL_UNCOMPRESSED` bytes uncompressed in all, no member larger than
   :data:`RATIO_MIN_SIZE` with a compression ratio above :data:`MAX_RATIO` (zip bomb), no
   encrypted member, and no XML part carrying a ``<!DOCTYPE`` or ``<!ENTITY`` declaration (OOXML
   never has one, so any DTD is hostile: XXE, billion laughs).  ``zipfile`` never inflates a
   member past its declared size (it fails the CRC instead), so the declared sizes bound memory.
2. **Open** it with python-docx (imported lazily; its lxml parser already has
   ``resolve_entities=False`` and loads no DTD).  If python-docx refuses the package (a macro
   document or a template whose content type it does not accept), ``word/document.xml`` is
   parsed directly with a locked-down parser (no entities, no DTD, no network, no huge tree).
3. **Walk the body XML** in document order: ``w:p`` → :class:`Paragraph` (soft line breaks split
   it into several), ``w:tbl`` → :class:`Table`; content controls (``w:sdt``) and custom XML
   wrappers are walked through.  Table grids are expanded: a cell with ``w:gridSpan`` n is
   followed by n-1 copies marked ``spanned``; a ``w:vMerge`` continuation cell becomes a copy of
   the cell above marked ``spanned``; ``w:gridBefore``/``w:gridAfter`` and short rows are padded
   with blank cells so every row has the table's width.  A cell whose text is only whitespace
   or U+3000 is ``""``; the paragraphs of a cell are joined with ``\\n``.  A table nested in a
   cell becomes its own :class:`Table`, emitted right after the outer one.

Provenance (1-based): a paragraph has ``{"paragraph": n}``, n counting the body's paragraphs
(empty ones included, so n is the paragraph's position in Word); a cell has
``{"table": t, "row": r, "col": c}`` with t counting tables in document order and c the grid
column.  A copy made by a merge carries the source of the cell it copies.

Metadata: ``title`` (the core properties' title).  The file's creation date is not read as the
report's 成文日期: a template copied years later would carry the copy's date.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from gixcheck.extract.document import Block, Cell, Document, ExtractionError, Paragraph, Table
from gixcheck.messages import text as message

__all__ = ["check_docx_zip", "extract_docx"]

EXTRACTOR = "gixcheck.docx"

#: Refuse an archive whose members add up to more than this, uncompressed.
MAX_TOTAL_UNCOMPRESSED = 100 * 1024 * 1024
#: Refuse a member that inflates more than this many times ...
MAX_RATIO = 100
#: ... when it is at least this large uncompressed (small members cannot hurt, whatever ratio).
RATIO_MIN_SIZE = 1024 * 1024
#: Refuse an archive with more members than this (a real report has a few dozen).
MAX_MEMBERS = 2000
#: Refuse a table whose expanded grid would exceed this many cells.
MAX_GRID_CELLS = 200_000

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_WP = f"{{{_W}}}"

_DTD_MARKERS = [
    marker.encode(enc)
    for marker in ("<!doctype", "<!entity")
    for enc in ("ascii", "utf-16-le", "utf-16-be")
]
# Blank and edge characters of a cell: white space, no-break and zero-width spaces, BOM, and
# the ideographic space (U+3000) Word templates put in empty cells.
_SPACES = " \t\r\n" + chr(0x3000) + chr(0xA0) + chr(0x200B) + chr(0xFEFF)
_BLANK_RE = re.compile(rf"^[\s{re.escape(_SPACES)}]*$")
_EDGE = _SPACES


def _fail(name: str, key: str, **values: Any) -> ExtractionError:
    return ExtractionError(message(f"extract.{key}", name=name, **values))


# --------------------------------------------------------------------------- public API


def extract_docx(data: bytes, name: str) -> Document:
    """Read a DOCX report.  Raises :class:`ExtractionError` and nothing else."""
    try:
        return _extract(data, name)
    except ExtractionError:
        raise
    except RecursionError as exc:
        raise _fail(name, "docx_nested") from exc
    except Exception as exc:  # the contract: nothing but ExtractionError escapes
        raise _fail(name, "docx_unreadable", error=f"{type(exc).__name__}: {exc}") from exc


def check_docx_zip(data: bytes, name: str = "input") -> None:
    """Refuse (with :class:`ExtractionError`) anything that is not a safe-looking DOCX ZIP."""
    if not data:
        raise _fail(name, "docx_empty")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _fail(name, "docx_legacy")
    if data.startswith(b"%PDF"):
        raise _fail(name, "docx_is_pdf")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except Exception as exc:  # BadZipFile, but also ValueError/EOFError/OSError on junk
        raise _fail(name, "docx_not_zip") from exc
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise _fail(name, "docx_too_many_members", count=len(infos), limit=MAX_MEMBERS)
        names = {i.filename for i in infos}
        if "word/document.xml" not in names:
            raise _fail(name, "docx_no_document")
        total = 0
        for info in infos:
            total += info.file_size
            if info.flag_bits & 0x1:
                raise _fail(name, "docx_encrypted_member", member=info.filename)
            if info.file_size >= RATIO_MIN_SIZE and info.file_size > MAX_RATIO * max(
                info.compress_size, 1
            ):
                raise _fail(name, "docx_zip_ratio", member=info.filename, ratio=MAX_RATIO)
        if total > MAX_TOTAL_UNCOMPRESSED:
            raise _fail(name, "docx_zip_total", mb=MAX_TOTAL_UNCOMPRESSED // (1024 * 1024))
        for info in infos:
            if info.is_dir() or not info.filename.lower().endswith((".xml", ".rels")):
                continue
            try:
                content = zf.read(info)
            except Exception as exc:  # bad CRC, unsupported compression, truncated data
                raise _fail(name, "docx_damaged", member=info.filename, error=exc) from exc
            lowered = content.lower()
            if any(marker in lowered for marker in _DTD_MARKERS):
                raise _fail(name, "docx_dtd", member=info.filename)


# --------------------------------------------------------------------------- opening


def _safe_parser() -> Any:
    from lxml import etree

    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        dtd_validation=False,
    )


def _open_body(data: bytes, name: str) -> tuple[Any, dict[str, Any]]:
    """The ``w:body`` element and the metadata from the core properties."""
    metadata: dict[str, Any] = {}
    try:
        import docx  # python-docx

        document = docx.Document(io.BytesIO(data))
    except Exception:
        document = None
    if document is not None:
        try:
            core = document.core_properties
            if core.title and core.title.strip():
                metadata["title"] = core.title.strip()
        except Exception:  # damaged core properties are not worth failing the read
            pass
        return document.element.body, metadata

    from lxml import etree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            xml = zf.read("word/document.xml")
        root = etree.fromstring(xml, _safe_parser())
    except Exception as exc:
        raise _fail(name, "docx_body_unparsable", error=type(exc).__name__, detail=exc) from exc
    body = root.find(f"{_WP}body")
    if body is None:
        raise _fail(name, "docx_no_body")
    return body, metadata


def _extract(data: bytes, name: str) -> Document:
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise _fail(name, "docx_not_bytes")
    data = bytes(data)
    check_docx_zip(data, name)
    body, metadata = _open_body(data, name)
    walker = _Walker()
    walker.container(body)
    blocks = walker.blocks
    if not any(
        (isinstance(b, Paragraph) and b.text)
        or (isinstance(b, Table) and any(c.text for row in b.rows for c in row))
        for b in blocks
    ):
        raise _fail(name, "docx_no_text")
    return Document(blocks=blocks, format="docx", extractor=EXTRACTOR, metadata=metadata)


# --------------------------------------------------------------------------- walking


def _local(el: Any) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag[len(_WP) :] if tag.startswith(_WP) else ""


def _w(name: str) -> str:
    return f"{_WP}{name}"


def _on(props: Any, name: str) -> bool:
    """Whether a run's boolean property (``<w:strike/>``, ``<w:vanish w:val="0"/>``) is on."""
    el = props.find(_w(name))
    return el is not None and el.get(_w("val"), "true").lower() not in {"0", "false", "off"}


def _run_mark(run: Any) -> str:
    """How a run is set apart from the figures beside it: hidden, struck, raised or ``""``."""
    props = run.find(_w("rPr"))
    if props is None:
        return ""
    if _on(props, "vanish") or _on(props, "specVanish"):
        return "hidden"
    if _on(props, "strike") or _on(props, "dstrike"):
        return "struck"
    align = props.find(_w("vertAlign"))
    if align is not None and align.get(_w("val")) in {"superscript", "subscript"}:
        return "raised"
    return ""


def _paragraph_text(p: Any, doubt: list[str] | None = None) -> str:
    """Text of a ``w:p``: runs, hyperlinks, insertions, fields; ``w:br``/``w:cr`` as ``\\n``.

    With ``doubt`` (a cell's paragraphs), a run hidden or struck through is collected there
    (hidden text left out, struck text kept), and struck or raised (superscript) text is set
    apart by spaces, so none of it joins the figures next to it."""
    parts: list[str] = []

    def rec(el: Any) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == f"{{{_MC}}}Fallback":
                continue  # the Choice branch already holds the same content
            local = _local(child)
            if doubt is not None and local == "r" and (mark := _run_mark(child)):
                start = len(parts)
                rec(child)
                inner = "".join(parts[start:])
                if mark == "hidden":
                    del parts[start:]
                else:
                    parts[start:] = [" ", inner, " "]
                if mark != "raised":
                    doubt.append(inner)
            elif local == "t":
                parts.append(child.text or "")
            elif local in {"br", "cr"}:
                parts.append("\n")
            elif local == "p":  # a paragraph in a text box inside this paragraph
                parts.append("\n")
                rec(child)
                parts.append("\n")
            elif local == "tab":
                parts.append("\t")
            elif local == "noBreakHyphen":
                parts.append("-")
            elif local in {"del", "delText", "instrText", "tbl", "pPr", "rPr"}:
                continue  # deleted text, field codes, properties
            else:
                rec(child)

    rec(p)
    return "".join(parts)


def _cell_text(tc: Any) -> tuple[str, list[Any], str]:
    """A ``w:tc``'s text (paragraphs joined by ``\\n``), the tables nested in it, and the text
    in it hidden or struck through (``""`` if none)."""
    lines: list[str] = []
    nested: list[Any] = []
    doubt: list[str] = []

    def rec(el: Any) -> None:
        for child in el:
            local = _local(child)
            if local == "p":
                lines.extend(_paragraph_text(child, doubt).split("\n"))
            elif local == "tbl":
                nested.append(child)
            elif local in {"sdt", "sdtContent", "customXml", "smartTag"}:
                rec(child)

    rec(tc)
    doubts = " ".join(d.strip() for d in doubt if d.strip())
    if all(_BLANK_RE.match(line) for line in lines):
        return "", nested, doubts
    kept = [line.strip(_EDGE) for line in lines]
    return "\n".join(line for line in kept if line), nested, doubts


def _int_attr(el: Any, child: str, default: int) -> int:
    if el is None:
        return default
    node = el.find(_w(child))
    if node is None:
        return default
    try:
        return max(0, min(int(node.get(_w("val"), default)), 1000))
    except (TypeError, ValueError):
        return default


def _rows(tbl: Any) -> list[Any]:
    out: list[Any] = []

    def rec(el: Any) -> None:
        for child in el:
            local = _local(child)
            if local == "tr":
                out.append(child)
            elif local in {"sdt", "sdtContent", "customXml"}:
                rec(child)

    rec(tbl)
    return out


def _row_cells(tr: Any) -> list[Any]:
    out: list[Any] = []

    def rec(el: Any) -> None:
        for child in el:
            local = _local(child)
            if local == "tc":
                out.append(child)
            elif local in {"sdt", "sdtContent", "customXml"}:
                rec(child)

    rec(tr)
    return out


class _Walker:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._n_paragraphs = 0
        self._n_tables = 0

    def container(self, el: Any) -> None:
        for child in el:
            local = _local(child)
            if local == "p":
                self.paragraph(child)
            elif local == "tbl":
                self.table(child)
            elif local in {"sdt", "sdtContent", "customXml", "ins", "moveTo"}:
                self.container(child)

    def paragraph(self, p: Any) -> None:
        self._n_paragraphs += 1
        for line in _paragraph_text(p).split("\n"):
            text = line.strip(_EDGE)
            if text:
                self.blocks.append(Paragraph(text=text, source={"paragraph": self._n_paragraphs}))

    def table(self, tbl: Any) -> None:
        self._n_tables += 1
        t = self._n_tables
        grid: list[list[Cell]] = []
        nested_all: list[Any] = []
        for r, tr in enumerate(_rows(tbl)):
            tr_pr = tr.find(_w("trPr"))
            row: list[Cell] = []
            for _ in range(_int_attr(tr_pr, "gridBefore", 0)):
                src = {"table": t, "row": r + 1, "col": len(row) + 1}
                row.append(Cell(text="", source=src, filler=True))
            for tc in _row_cells(tr):
                tc_pr = tc.find(_w("tcPr"))
                span = max(1, _int_attr(tc_pr, "gridSpan", 1))
                c = len(row)
                vmerge = tc_pr.find(_w("vMerge")) if tc_pr is not None else None
                hmerge = tc_pr.find(_w("hMerge")) if tc_pr is not None else None
                above = grid[-1][c] if grid and c < len(grid[-1]) else None
                left = row[-1] if row else None
                text, nested, doubt = _cell_text(tc)
                nested_all.extend(nested)
                if (
                    vmerge is not None
                    and vmerge.get(_w("val"), "continue") == "continue"
                    and above is not None
                ):
                    origin = above
                    first = Cell(
                        text=origin.text,
                        source=dict(origin.source),
                        spanned=True,
                        doubt=origin.doubt,
                    )
                elif (
                    hmerge is not None
                    and hmerge.get(_w("val"), "continue") == "continue"
                    and left is not None
                ):
                    origin = left
                    first = Cell(
                        text=origin.text,
                        source=dict(origin.source),
                        spanned=True,
                        doubt=origin.doubt,
                    )
                else:
                    source = {"table": t, "row": r + 1, "col": c + 1}
                    first = Cell(text=text, source=source, doubt=doubt)
                    origin = first
                row.append(first)
                for _ in range(span - 1):
                    row.append(
                        Cell(
                            text=origin.text,
                            source=dict(origin.source),
                            spanned=True,
                            doubt=origin.doubt,
                        )
                    )
                if len(row) * (r + 1) > MAX_GRID_CELLS:
                    raise ExtractionError(
                        message("extract.table_too_large", table=t, cells=MAX_GRID_CELLS)
                    )
            for _ in range(_int_attr(tr_pr, "gridAfter", 0)):
                src = {"table": t, "row": r + 1, "col": len(row) + 1}
                row.append(Cell(text="", source=src, filler=True))
            grid.append(row)
        width = max((len(row) for row in grid), default=0)
        for r, row in enumerate(grid):
            while len(row) < width:
                src = {"table": t, "row": r + 1, "col": len(row) + 1}
                row.append(Cell(text="", source=src, filler=True))
        if grid and width:
            self.blocks.append(Table(rows=grid, source={"table": t}))
        else:
            self._n_tables -= 1
        for inner in nested_all:
            self.table(inner)

"""HTML reader: a report web page → :class:`~gixcheck.extract.document.Document`.

What it does, in order:

1. **Decode** the bytes: a BOM wins; then a declared charset (``<meta charset>``, the
   ``http-equiv`` content type, an XML declaration); otherwise UTF-8 if the bytes are valid
   UTF-8, else GB18030 if it decodes cleanly into Chinese report words, else a
   charset-normalizer guess.  GBK/GB2312 labels (and GBK guesses) are decoded as GB18030, their
   superset, because real pages declared ``gb2312`` routinely contain GBK-only characters.  A
   declared charset that fails on more than one character in a thousand is treated as a lie
   (then valid UTF-8 wins); western labels (latin-1, windows-1252) are ignored.
2. **Parse** with the libxml2 HTML parser (``lxml.html.HTMLParser``): no network, no huge-tree
   mode, comments and processing instructions dropped.  The HTML parser never expands entity
   declarations or loads DTDs; on top of that any internal DTD subset is cut out before parsing
   so an XXE or billion-laughs page is just text.
3. **Find the report body** among the site's navigation (script, style, nav, forms controls and
   images are dropped first): the smallest element that holds the most numbered section
   headings (一、总体情况 … 六、其他需要报告的事项) and form tables, widened to its parents while
   they only add plain text (a title, an info bar, a preamble) and no links, lists or tables.
   When the report title still sits outside (a ``<h1>`` in a sidebar layout), it is prepended.
   Dates written on the page (发布日期/发布时间 → ``published``, 成文日期 → ``written``) are taken
   from the text nearest the report; ``<meta name="PubDate">`` and friends win over the text.
4. **Emit blocks** in document order: a :class:`Paragraph` for each block-level run of text
   (``<p>``, ``<div>``, headings, ``<li>``, and each ``<br>``-separated line), a :class:`Table`
   for each data ``<table>`` with rowspan/colspan expanded into a rectangular grid.  Layout
   tables (a table used to position the page, holding paragraphs or other tables) are walked
   through as ordinary flow instead.  A data table nested in a data table becomes its own
   :class:`Table`, emitted right after the outer one.

Provenance (all numbers 1-based): a paragraph has ``{"line": n}`` (the source line of the
element it came from) or, when libxml2 does not know the line, ``{"element": n}`` (its ordinal
among the paragraphs); a cell has ``{"table": t, "row": r, "col": c}`` where ``t`` counts the
tables of the document, ``r`` the ``<tr>`` of the table and ``c`` the column of the expanded
grid.  A copy made by a span carries the source of the cell it copies and ``spanned=True``.

``lxml`` and ``charset_normalizer`` are imported inside the functions so that importing this
module (and starting the CLI) stays fast.
"""

from __future__ import annotations

import codecs
import dataclasses
import re
import unicodedata
from functools import cache
from typing import TYPE_CHECKING, Any

from gixcheck import form
from gixcheck.extract import prechecks
from gixcheck.extract.document import (
    Block,
    Cell,
    Document,
    ExtractionError,
    Paragraph,
    Table,
    out_of_memory,
)
from gixcheck.form import dates, headings, page
from gixcheck.form._data import load
from gixcheck.messages import text as message

if TYPE_CHECKING:  # pragma: no cover
    from lxml.etree import _Element as HtmlElement

__all__ = ["extract_html"]

EXTRACTOR = "gixcheck.html"

#: Inputs larger than this are refused rather than parsed.
MAX_INPUT_BYTES = 50 * 1024 * 1024
#: A table whose expanded grid would exceed this many cells is refused (span bombs).
MAX_GRID_CELLS = 200_000
#: HTML caps colspan at 1000 and rowspan at 65534; rowspan is also clipped to the table.
MAX_COLSPAN = 1000
MAX_ROWSPAN = 65534

_GB_LABELS = {
    "gb2312",
    "gb_2312",
    "gb_2312-80",
    "gb-2312",
    "csgb2312",
    "iso-ir-58",
    "chinese",
    "gbk",
    "x-gbk",
    "cp936",
    "ms936",
    "windows-936",
    "euc-cn",
    "euccn",
    "x-euc-cn",
    "gb18030",
    "gb-18030",
}
# Binary files that reach the HTML reader, by their first bytes, with their catalogue name.
_BINARY_MAGIC: list[tuple[bytes, str]] = [
    (b"%PDF", "kind_pdf"),
    (b"PK\x03\x04", "kind_zip"),
    (b"\xd0\xcf\x11\xe0", "kind_ole"),
    (b"\x89PNG", "kind_png"),
    (b"\xff\xd8\xff", "kind_jpeg"),
    (b"GIF8", "kind_gif"),
    (b"\x1f\x8b", "kind_gzip"),
    (b"{\\rtf", "kind_rtf"),
]

_META_CHARSET_RE = re.compile(
    rb"""<meta[^>]{0,512}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE
)
_XML_DECL_RE = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""")
_TAG_RE = re.compile(
    r"<\s*(?:!doctype|html|head|body|meta|title|p|div|table|tr|td|th|span|br|h[1-6]|ul|ol|li"
    r"|font|center|section|article|a|strong|b)\b",
    re.IGNORECASE,
)
# An internal DTD subset (<!DOCTYPE x [ ... ]>): cut out before parsing.
_DOCTYPE_SUBSET_RE = re.compile(r"<!DOCTYPE[^\[>]{0,2000}\[.*?\]\s*>", re.IGNORECASE | re.DOTALL)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_SPACES_RE = re.compile(r"\s+")

_DROP_TAGS = {
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "head",
    "title",
    "meta",
    "link",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "svg",
    "math",
    "select",
    "option",
    "button",
    "input",
    "textarea",
    "canvas",
    "audio",
    "video",
    "map",
    "area",
    "img",
}
_BLOCK_TAGS = {
    "html",
    "body",
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "blockquote",
    "pre",
    "address",
    "center",
    "figure",
    "figcaption",
    "form",
    "fieldset",
    "legend",
    "hr",
    "table",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
    "details",
    "summary",
}

# <!-- saved from url=(0071)https://… --> : a page saved by a browser keeps its address here.
_SAVED_FROM_RE = re.compile(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.IGNORECASE)


# --------------------------------------------------------------------------- public API


def extract_html(data: bytes, name: str) -> Document:
    """Read an HTML report page.  Raises :class:`ExtractionError` and nothing else."""
    try:
        return _extract(data, name)
    except ExtractionError as exc:
        if out_of_memory(exc):
            raise ExtractionError(message("extract.out_of_memory", name=name)) from MemoryError()
        raise
    except RecursionError as exc:
        raise ExtractionError(message("extract.html_nested", name=name)) from exc
    except Exception as exc:  # the contract: nothing but ExtractionError escapes
        if out_of_memory(exc):
            raise ExtractionError(message("extract.out_of_memory", name=name)) from MemoryError()
        error = f"{type(exc).__name__}: {exc}"
        raise ExtractionError(message("extract.html_unreadable", name=name, error=error)) from exc


def _extract(data: bytes, name: str) -> Document:
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise ExtractionError(message("extract.html_not_bytes", name=name))
    data = bytes(data)
    if not data.strip():
        raise ExtractionError(message("extract.html_empty", name=name))
    if len(data) > MAX_INPUT_BYTES:
        mb = MAX_INPUT_BYTES // (1024 * 1024)
        raise ExtractionError(message("extract.html_too_large", name=name, mb=mb))
    for magic, kind in _BINARY_MAGIC:
        if data.startswith(magic):
            what = message(f"extract.{kind}")
            raise ExtractionError(
                message("extract.html_is_binary", name=name, what_zh=what.zh, what_en=what.en)
            )
    text = decode_html_bytes(data, name)
    text = _CONTROL_RE.sub("", text)
    # Cut an internal DTD subset, keeping the line count so source lines stay right.
    text = _DOCTYPE_SUBSET_RE.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    if not _TAG_RE.search(text):
        raise ExtractionError(message("extract.html_no_markup", name=name))
    root = _parse(text, name)
    body = root.find("body")
    if body is None:
        body = root
    _drop_furniture(body, exact_tags=_KELVIN not in text)
    texts = _TextCache()  # the tree no longer changes: each element's text is read once
    report_root = _find_report_root(body, texts)
    metadata = _metadata(root, report_root, text, texts)
    walker = _Walker()
    headline = _headline(body, report_root, texts) if report_root is not body else None
    if headline is not None:
        metadata["headline"] = headline[0]
        if headline[2]:
            walker.add_paragraph(headline[0], headline[1])
    walker.walk(report_root)
    walker.flush()
    blocks = walker.blocks
    if not any(
        (isinstance(b, Paragraph) and b.text)
        or (isinstance(b, Table) and any(c.text for row in b.rows for c in row))
        for b in blocks
    ):
        raise ExtractionError(message("extract.html_no_text", name=name))
    return Document(blocks=blocks, format="html", extractor=EXTRACTOR, metadata=metadata)


# --------------------------------------------------------------------------- decoding


def _normalise_label(label: str) -> str | None:
    """A declared charset label → a Python codec name, or None if unknown."""
    lab = label.strip().strip("\"'").lower()
    if lab in _GB_LABELS:
        return "gb18030"
    if lab in {"utf8", "unicode-1-1-utf-8", "x-unicode20utf8"}:
        lab = "utf-8"
    try:
        enc = codecs.lookup(lab).name
        b"".decode(enc)  # LookupError for bytes-to-bytes codecs (hex, zlib, rot13 ...)
    except (LookupError, ValueError):
        return None
    return enc


def _declared_charset(data: bytes) -> str | None:
    head = data[:8192]
    labels: list[tuple[int, bytes]] = []
    m = _XML_DECL_RE.search(head)
    if m:
        labels.append((m.start(), m.group(1)))
    m = _META_CHARSET_RE.search(head)
    if m:
        labels.append((m.start(), m.group(1)))
    for _, raw in sorted(labels):
        enc = _normalise_label(raw.decode("ascii", "replace"))
        if enc is not None:
            return enc
    return None


def _sniff(data: bytes) -> str | None:
    import charset_normalizer

    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        return None
    return _normalise_label(best.encoding)


def _domain_words() -> tuple[str, ...]:
    """Words any report page holds: a GB18030 reading that finds them is the right one."""
    return tuple(form.form()["decoding"]["domain_words"])


def _decode_strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _decode_tolerant(data: bytes, encoding: str) -> str | None:
    """Decode with replacement if at most one character in a thousand is bad."""
    try:
        text = data.decode(encoding, errors="replace")
    except LookupError:
        return None
    bad = text.count("\ufffd")
    return text if bad <= max(3, len(text) // 1000) else None


def decode_html_bytes(data: bytes, name: str = "input") -> str:
    """Decode an HTML page's bytes following the rules in the module docstring."""
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(enc, errors="replace")

    declared = _declared_charset(data)
    if declared in {"utf-16", "utf-32", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"}:
        declared = None  # a UTF-16 label in an ASCII-compatible prescan is impossible
    if declared in {"latin-1", "ascii", "cp1252", "iso8859-1"}:
        declared = None  # a western label on a Chinese page is an editor default
    if declared is not None:
        text = _decode_strict(data, declared)
        if text is not None:
            return text
    has_nul = b"\x00" in data
    if not has_nul:
        text = _decode_strict(data, "utf-8")
        if text is not None:
            return text
    if declared is not None:  # a few bad bytes (a truncated page) do not make the label a lie
        text = _decode_tolerant(data, declared)
        if text is not None:
            return text
    if not has_nul:
        # Undeclared and not UTF-8: on a Chinese government site that is GBK/GB18030.
        text = _decode_strict(data, "gb18030")
        if text is not None and any(word in text for word in _domain_words()):
            return text
        text = _decode_tolerant(data, "utf-8")
        if text is not None:
            return text
    guess = _sniff(data)
    if guess is not None:
        return data.decode(guess, errors="replace")
    if declared is not None:
        return data.decode(declared, errors="replace")
    raise ExtractionError(message("extract.html_unknown_encoding", name=name))


# --------------------------------------------------------------------------- parsing


def _parse(text: str, name: str) -> HtmlElement:
    import lxml.etree

    prechecks.html_attributes(text, name)  # what would hold libxml2 for minutes

    # The plain libxml2 HTML parser (lxml.html's parser builds the same tree, but looks up a
    # Python element class for every node it hands out: a third of the reading time).
    parser = lxml.etree.HTMLParser(
        encoding="utf-8",
        no_network=True,
        huge_tree=False,
        recover=True,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        # As lxml.html.document_fromstring does: an empty result is a parse error.
        root = lxml.etree.fromstring(text.encode("utf-8", "surrogatepass"), parser)
        if root is None:
            raise lxml.etree.ParserError("Document is empty")
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as exc:
        if out_of_memory(exc, parser.error_log):
            raise MemoryError from exc  # libxml2 could not allocate: the memory limit
        raise ExtractionError(message("extract.html_parse_error", name=name, error=exc)) from exc
    if out_of_memory(log=parser.error_log):
        raise MemoryError  # the recovering parser stopped short: its tree is not the page
    if root is None:
        raise ExtractionError(message("extract.html_empty_document", name=name))
    return root


_STRING_VALUE: Any = None


def _text_content(el: HtmlElement) -> str:
    """All the text in ``el`` (what lxml.html's ``text_content()`` returns: XPath string())."""
    global _STRING_VALUE
    if _STRING_VALUE is None:
        import lxml.etree

        _STRING_VALUE = lxml.etree.XPath("string()", smart_strings=False)
    text: str = _STRING_VALUE(el)
    return text


def _sourceline(el: HtmlElement) -> int | None:
    line: int | None = el.sourceline  # type: ignore[assignment]  # lxml-stubs: untyped
    return line


class _TextCache(dict[Any, str]):
    """Element → :func:`_text_content`, read on first use (for a tree that no longer changes;
    holding the elements keeps their lxml proxies, and so the keys, alive)."""

    def __missing__(self, el: HtmlElement) -> str:
        text = self[el] = _text_content(el)
        return text


def _tag(el: Any) -> str:
    tag = el.tag
    return tag.lower() if isinstance(tag, str) else ""


def _drop_furniture(body: HtmlElement, exact_tags: bool = False) -> None:
    """Drop scripts, styles, navigation, form controls, images … and any comment left.

    ``exact_tags``: the page holds no Kelvin sign, so every tag name is as _tag() names it and
    libxml2's own filter finds the same elements, in the same (document) order."""
    if exact_tags:
        import lxml.etree

        doomed = list(
            body.iter(
                *_DROP_TAGS, lxml.etree.Comment, lxml.etree.ProcessingInstruction, lxml.etree.Entity
            )
        )
    else:
        doomed = [el for el in body.iter() if _tag(el) in _DROP_TAGS or not isinstance(el.tag, str)]
    for el in doomed:
        parent = el.getparent()
        if parent is None:
            continue
        # Keep the tail text (it belongs to the parent), drop the element.
        tail = el.tail
        prev = el.getprevious()
        if tail:
            if prev is not None:
                prev.tail = (prev.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail
        parent.remove(el)


# --------------------------------------------------------------------------- metadata


_INVISIBLE_RE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def _clean_line(text: str) -> str:
    """Collapse whitespace (nbsp and U+3000 included) to single spaces; drop invisibles."""
    # Letters and digits only, once stripped (str.strip and the regex's \s are the same
    # whitespace): no space inside, no invisible (format) character.
    stripped = text.strip()
    if not stripped or stripped.isalnum():
        return stripped
    return _SPACES_RE.sub(" ", _INVISIBLE_RE.sub("", text)).strip()


def _metadata(
    root: HtmlElement, report_root: HtmlElement, raw: str, texts: _TextCache | None = None
) -> dict[str, Any]:
    """What the page says about the report outside its text: titles, the page's own dates (the
    发布时间/时间 line nearest the report, PubDate-style meta), its address, its 来源."""
    meta: dict[str, Any] = {}
    names = {
        k: set(dates.meta_names(k)) for k in ("published", "written", "url", "title", "source")
    }
    head = root.find("head")
    meta_dates: list[dict[str, str]] = []
    written: list[dict[str, str]] = []
    if head is not None:
        title = head.find("title")
        if title is not None:
            t = _clean_line(_text_content(title))
            if t:
                meta["html_title"] = t
        for el in head.iter("meta", "link"):
            if _tag(el) == "link":
                if (el.get("rel") or "").strip().lower() == "canonical" and el.get("href"):
                    meta.setdefault("url", el.get("href", "").strip())
                continue
            key = (el.get("name") or el.get("property") or "").strip().lower()
            content = (el.get("content") or "").strip()
            if not key or not content:
                continue
            if key in names["title"] and "article_title" not in meta:
                meta["article_title"] = _clean_line(content)
            elif key in names["published"]:
                if value := dates.parse_date(content):
                    meta_dates.append(
                        {
                            "value": value,
                            "text": content,
                            "name": el.get("name") or el.get("property") or key,
                        }
                    )
            elif key in names["written"]:
                if value := dates.parse_date(content):
                    written.append({"value": value, "text": content, "name": key})
            elif key in names["url"] and content.lower().startswith(("http://", "https://")):
                meta.setdefault("url", content)
            elif key in names["source"] and "source_body" not in meta:
                meta["source_body"] = _clean_line(content)
    if m := _SAVED_FROM_RE.search(raw[:4096]):
        meta["url"] = m.group(1)  # where the browser saved it from: the page's real address
    if "html_title" not in meta and "article_title" in meta:
        meta["html_title"] = meta["article_title"]
    if meta_dates:
        meta["meta_dates"] = meta_dates
    if written:
        meta["meta_written"] = written
    # Dates written on the page: the line nearest the report wins (a sidebar listing other
    # articles' 发布时间 must not), so search the report element, then each ancestor.
    scopes = [report_root, *report_root.iterancestors()]
    cache = _TextCache() if texts is None else texts
    scope_texts = [cache[scope] for scope in scopes]
    # Every scope lies inside the last: the compatibility characters of all are found in it.
    compat = _compat_chars(scope_texts[-1])
    nfkc: dict[int, str | None] = {}
    for kind, key in (("published", "page_dates"), ("written", "page_written")):
        for i, scope in enumerate(scopes):
            if i not in nfkc:
                nfkc[i] = _cheap_nfkc(scope_texts[i], compat)
            hits = _labelled_dates(scope_texts[i], nfkc[i], kind)
            if hits:
                hit = hits[0]
                meta[key] = [
                    {
                        "value": hit.value,
                        "text": _clean_line(hit.text),
                        "source": _where(scope, hit.text, cache),
                    }
                ]
                break
    if "source_body" not in meta:
        for text in scope_texts:
            if found := page.source_body(text):
                meta["source_body"] = found
                break
    return meta


# Where a page's text is not in NFKC form, it is almost always for characters that NFKC maps
# one to one onto another single character: full-width punctuation and letters, the no-break and
# ideographic spaces, circled digits, Kangxi radicals.  The table is built from unicodedata.
_COMPAT_RANGES = (
    (0x00A0, 0x0100),
    (0x2000, 0x2070),
    (0x2100, 0x2190),
    (0x2460, 0x2500),
    (0x2F00, 0x2FE0),
    (0x3000, 0x3040),
    (0x3200, 0x3300),
    (0xFE30, 0xFE70),
    (0xFF00, 0xFFF0),
)


@cache
def _compat_singles() -> tuple[re.Pattern[str], dict[str, str]]:
    table: dict[str, str] = {}
    for lo, hi in _COMPAT_RANGES:
        for cp in range(lo, hi):
            c = chr(cp)
            d = unicodedata.normalize("NFKD", c)
            if d != c and len(d) == 1:
                table[c] = d
    return re.compile("[" + "".join(re.escape(c) for c in table) + "]"), table


def _compat_chars(text: str) -> set[str]:
    """The characters of ``text`` that :func:`_cheap_nfkc` replaces."""
    pattern, _table = _compat_singles()
    return set(pattern.findall(text))


def _cheap_nfkc(text: str, compat: set[str] | None = None) -> str | None:
    """``unicodedata.normalize("NFKC", text)`` when it can be had without normalising the whole
    text, else None.

    Replacing a character by its compatibility decomposition leaves the NFKD form of the text
    unchanged, hence its NFKC form; if the text with those replacements is already in NFKC
    form (a quick check), it *is* the NFKC form of the original, of the same length.
    ``compat``: a superset of :func:`_compat_chars` of ``text``, when known."""
    _pattern, table = _compat_singles()
    folded = text
    # A handful of distinct characters, many times each (replacing an absent one does nothing).
    for c in _compat_chars(text) if compat is None else compat:
        folded = folded.replace(c, table[c])
    return folded if unicodedata.is_normalized("NFKC", folded) else None


def _labelled_dates(text: str, nfkc: str | None, kind: str) -> list[dates.DateHit]:
    """``dates.labelled_dates(text, kind)``, given ``nfkc`` from :func:`_cheap_nfkc`.

    labelled_dates reads its text through NFKC (when that keeps the length) and quotes each
    date as ``text[start:end]`` stripped: with the normal form at hand, it reads the normal
    form (already normal, nothing to do) and the quotes are taken from ``text``."""
    if nfkc is None:
        return dates.labelled_dates(text, kind)
    if not any(label in nfkc for label in load("dates")["labels"][kind]):
        return []  # its dates follow a label, found as written in the normal form
    return [
        dataclasses.replace(hit, text=text[hit.start : hit.end].strip())
        for hit in dates.labelled_dates(nfkc, kind)
    ]


def _where(scope: HtmlElement, text: str, texts: _TextCache | None = None) -> dict[str, Any]:
    """The source line of the deepest element of ``scope`` whose text holds ``text``."""
    found = scope
    # Depth first, in document order, as scope.iter(): an element whose text lacks ``text``
    # has no descendant that holds it, so its subtree is skipped (one pass, not one per level).
    stack = [scope]
    while stack:
        el = stack.pop()
        if not isinstance(el.tag, str) or text not in (
            _text_content(el) if texts is None else texts[el]
        ):
            continue
        found = el
        stack.extend(reversed(el))
    line = _sourceline(found)
    return {"line": line} if line is not None else {}


# --------------------------------------------------------------------------- report body


_FURNITURE_TAGS = {"a", "ul", "ol", "li", "table", "form", "dl", "menu"}


def _is_report_table(table: HtmlElement) -> bool:
    """A table holding one of the form's labels (so layout and calendar tables do not count)."""
    if any(True for _ in table.iterdescendants("table")):
        return False
    text = _text_content(table)
    return any(label in text for label in form.report_table_labels())


@cache
def _inline_heading_re() -> re.Pattern[str] | None:
    """form.find_headings's pattern, rewritten to start with the numeral rather than with the
    look-behind before it (``(?<![N(])([N]{1,2})`` → ``([N](?<![N(].)[N]?)``: the same
    matches, but the regex engine can skip to the numerals instead of trying every position).
    None if that pattern no longer starts as expected."""
    n = headings._numbering()
    numerals = re.escape(n["numerals"])
    not_before = re.escape(n["not_before"])
    prefix = rf"(?<![{numerals}{not_before}])([{numerals}]{{1,2}})"
    pattern = headings._inline_re().pattern
    if not pattern.startswith(prefix):
        return None
    return re.compile(
        rf"([{numerals}](?<![{numerals}{not_before}].)[{numerals}]?)" + pattern[len(prefix) :]
    )


def _heading_keys(text: str) -> set[str]:
    """``{h.key for h in form.find_headings(text)}``, found faster."""
    fast = _inline_heading_re()
    if fast is None:
        return {h.key for h in form.find_headings(text)}
    keys: set[str] = set()
    for m in fast.finditer(text):
        hit = form.match_heading(m.group(0))
        if hit is not None:
            keys.add(hit.key)
    return keys


def _score(text: str, n_tables: int, memo: dict[str, int] | None = None) -> int:
    # Nested wrappers (div > div > div) hold the same text: its headings are read once.
    headings = memo.get(text) if memo is not None else None
    if headings is None:
        numbered = len(_heading_keys(text))
        plain = sum(1 for key in form.section_keys() if form.heading_text(key) in text)
        headings = 3 * numbered + plain
        if memo is not None:
            memo[text] = headings
    return headings + 2 * min(n_tables, 3)


def _find_report_root(body: HtmlElement, texts: _TextCache | None = None) -> HtmlElement:
    """The smallest element holding the most report headings and tables."""
    if texts is None:
        texts = _TextCache()
    best: HtmlElement = body
    best_key: tuple[int, int] | None = None
    # How many report tables each element holds (el.iter("table") counted), from the tables up.
    holds: dict[HtmlElement, int] = {}
    for t in body.iter("table"):
        if _is_report_table(t):
            holds[t] = holds.get(t, 0) + 1
            for up in t.iterancestors():
                holds[up] = holds.get(up, 0) + 1
    # No element scores more than every numbered heading, the plain headings it holds and its
    # tables; an element inside holds no more of either, and the best score only grows.  So an
    # element that cannot reach the best score so far is skipped with all it holds, as is one
    # with too little text.  The rest are visited in document order (body.iter()'s).
    most_numbered = 3 * len(form.section_keys())
    plain_headings = [form.heading_text(key) for key in form.section_keys()]
    memo: dict[str, int] = {}
    stack = [body]
    while stack:
        el = stack.pop()
        tag = el.tag
        if not isinstance(tag, str):
            continue
        if tag.lower() in {"p", "span", "font", "a", "b", "strong"}:
            stack.extend(reversed(el))
            continue
        text = texts[el]
        if len(text) < 20:
            continue
        n_tables = holds.get(el, 0)
        if best_key is not None and text not in memo:
            plain = sum(1 for h in plain_headings if h in text)
            if most_numbered + plain + 2 * min(n_tables, 3) < best_key[0]:
                continue
        key = (_score(text, n_tables, memo), -len(text))
        if best_key is None or key > best_key:
            best, best_key = el, key
        stack.extend(reversed(el))
    if best_key is None or best_key[0] < 3:  # not even one numbered heading: keep everything
        return body
    # Climb while the parent only adds plain text (a title, an info bar, a preamble in a
    # sibling div), so those stay with the report.  Stop at links, lists, tables and forms
    # (navigation, sidebars, layout), at a table cell, and when the extra text is large.
    size = len(texts[best])
    while best is not body and _tag(best) not in {"td", "th"}:
        parent = best.getparent()
        if parent is None:
            break
        others = [c for c in parent if c is not best]
        if any(_tag(d) in _FURNITURE_TAGS for other in others for d in other.iter()):
            break
        if len(texts[parent]) - size > max(300, size // 5):
            break
        best = parent
    return best


_TITLE_LETTERS_RE = re.compile(r"[0-9A-Za-z\u4e00-\u9fff]")


def _surely_not_title(text: str) -> bool:
    """Whether ``form.is_title_like`` is surely false for ``text`` (or for ``text`` cleaned),
    told without NFKC-folding what may be a whole page's text.

    Folding keeps every ASCII letter or digit and every unified ideograph as one character
    and never drops the full stop: a text with the full stop, or with more of those characters
    than a title may hold, is not a title."""
    d = load("page")
    if d["sentence_end"] in text:
        return True
    cap: int = d["title_max_chars"]
    return len(_TITLE_LETTERS_RE.findall(text, 0, 4 * cap)) > cap


def _headline(
    body: HtmlElement, report_root: HtmlElement, texts: _TextCache | None = None
) -> tuple[str, int | None, bool] | None:
    """The page's headline: the last element before the report's first heading that reads as
    a report title (a ``<h1>`` or title ``<div>`` above the text); and whether it sits outside
    the chosen body element (then it is prepended to the document)."""
    candidate: tuple[str, int | None, bool] | None = None
    inside = False
    title_like: dict[str, bool] = {}  # nested elements often hold the same text

    def is_title_like(text: str) -> bool:
        found = title_like.get(text)
        if found is None:
            found = title_like[text] = form.is_title_like(text)
        return found

    for el in body.iter():
        if el is report_root:
            inside = True
        if not isinstance(el.tag, str):
            continue
        if inside and form.match_heading(
            _clean_line((el.text or "") + "".join(c.tail or "" for c in el))
        ):
            break
        raw = _text_content(el) if texts is None else texts[el]
        if _surely_not_title(raw):  # not title-like, and not empty
            if candidate is not None and inside:
                break
            continue
        text = _clean_line(raw)
        if is_title_like(text) and (candidate is None or len(text) <= len(candidate[0])):
            candidate = (text, _sourceline(el), not inside)
        elif candidate is not None and not is_title_like(text) and len(text) > 0 and inside:
            break
    return candidate


# --------------------------------------------------------------------------- walking


# libxml2 lower-cases ASCII in tag names, and no other character lower-cases to an ASCII
# letter but the Kelvin sign (to k): for names without a k, libxml2's own tag filters
# (iterchildren("tr"), iterdescendants("table")) select exactly the elements _tag() names.


_KELVIN = "\u212a"


def _direct_rows(table: HtmlElement) -> list[HtmlElement]:
    rows: list[HtmlElement] = []
    for child in table.iterchildren("tr", "thead", "tbody", "tfoot"):
        if child.tag == "tr":
            rows.append(child)
        else:
            rows.extend(child.iterchildren("tr"))
    return rows


def _row_cells(tr: HtmlElement) -> list[HtmlElement]:
    return list(tr.iterchildren("td", "th"))


_SPAN_RE = re.compile(r"\s*(\d+)")


def _span(value: str | None, default: int, cap: int) -> int:
    if value is None:
        return default
    if value.isascii() and value.isdigit():  # most spans: "2" (what the pattern reads too)
        return max(0, min(int(value[:7]), cap))
    m = _SPAN_RE.match(value)
    if not m:
        return default
    n = int(m.group(1)[:7])
    return max(0, min(n, cap))


def _nested_tables(cell: HtmlElement) -> list[HtmlElement]:
    """Tables inside ``cell`` that are not inside another table inside ``cell``."""
    if not len(cell) or next(cell.iterdescendants("table"), None) is None:
        return []  # most cells: no table at all
    out: list[HtmlElement] = []
    stack = list(cell)
    while stack:
        el = stack.pop(0)
        if _tag(el) == "table":
            out.append(el)
        else:
            stack[0:0] = list(el)
    return out


# Inside a cell: text a reader sees struck through (a correction), text a browser hides, and
# raised or lowered text (a footnote mark).  None of it may join the figures next to it.
_STRUCK_TAGS = {"del", "s", "strike"}
_RAISED_TAGS = {"sup", "sub"}
_HIDDEN_STYLE_RE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)", re.I)


def _hidden(el: HtmlElement) -> bool:
    if el.get("hidden") is not None:
        return True
    style = el.get("style")
    if not style:
        return False
    return bool(_HIDDEN_STYLE_RE.search(style))


def _cell_text(cell: HtmlElement) -> str:
    """A cell's text with ``<br>``/block boundaries as ``\\n``, nested tables left out."""
    return _cell_content(cell)[0]


# Inline elements whose text rec below takes as it stands.
_PLAIN_INLINE = {"span", "font", "a", "b", "strong", "em", "i", "u"}


def _plain_leaves(el: HtmlElement) -> str | None:
    """The text of ``el``'s children and their tails when every child is a plain inline
    element without children and not hidden (``""`` when there are none), else None."""
    parts: list[str] = []
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag.lower() not in _PLAIN_INLINE:
            return None
        if len(child) or _hidden(child):
            return None
        parts.append(child.text or "")
        parts.append(child.tail or "")
    return "".join(parts)


def _cell_content(cell: HtmlElement) -> tuple[str, str]:
    """A cell's visible text, and the struck-through or hidden text in it (``""`` if none).

    Struck-through text stays in the text, set apart by spaces, as a reader sees it; hidden
    text is left out; raised/lowered text (``<sup>``) is set apart by spaces.  Either way it
    never joins a figure: ``1<sup>1</sup>`` is ``1 1`` (unreadable), not 11."""
    n_children = len(cell)
    if not n_children:  # most cells: text only
        only = cell.text or ""
        if "\n" not in only:
            return _clean_line(only), ""
    elif n_children == 1:
        # Or text in one <p> or <div>, maybe in plain <span>s: what rec below makes of it.
        child = cell[0]
        tag = child.tag
        if isinstance(tag, str):
            t = tag.lower()
            if t in _BLOCK_TAGS and t != "table" and not _hidden(child):
                inline = _plain_leaves(child)
                if inline is not None:
                    inner = f"{child.text or ''}{inline}"
                    before, after = cell.text, child.tail
                    if (
                        "\n" not in inner
                        and (not before or before.isspace())
                        and (not after or after.isspace())
                    ):  # one line between blank ones, which clean to nothing
                        return _clean_line(inner), ""
                    joined = f"{cell.text or ''}\n{child.text or ''}{inline}\n{child.tail or ''}"
                    return "\n".join([x for x in map(_clean_line, joined.split("\n")) if x]), ""
    parts: list[str] = []
    doubt: list[str] = []

    # (rec is only called on an element with children: on a leaf it would add nothing.)
    def rec(el: HtmlElement, sink: list[str]) -> None:
        for child in el:
            tag = child.tag
            t = tag.lower() if isinstance(tag, str) else ""
            if t == "table" or t == "br":
                sink.append("\n")
            elif _hidden(child):
                hidden: list[str] = [child.text or ""]
                if len(child):
                    rec(child, hidden)
                doubt.append("".join(hidden))
            elif t in _BLOCK_TAGS:
                sink.append("\n")
                if child.text:
                    sink.append(child.text)
                if len(child):
                    rec(child, sink)
                sink.append("\n")
            elif t in _STRUCK_TAGS or t in _RAISED_TAGS:
                inner: list[str] = [child.text or ""]
                if len(child):
                    rec(child, inner)
                if t in _STRUCK_TAGS:
                    doubt.append("".join(inner))
                sink.extend((" ", *inner, " "))
            else:
                if child.text:
                    sink.append(child.text)
                if len(child):
                    rec(child, sink)
            if child.tail:
                sink.append(child.tail)

    if cell.text:
        parts.append(cell.text)
    rec(cell, parts)
    lines = [line for line in map(_clean_line, "".join(parts).split("\n")) if line]
    return "\n".join(lines), _clean_line(" ".join(doubt)) if doubt else ""


def _is_layout_table(
    row_cells: list[list[HtmlElement]],
    texts: dict[HtmlElement, tuple[str, str]],
    nested: dict[HtmlElement, list[HtmlElement]] | None,
) -> bool:
    """Whether a table (its rows' cells) positions the page rather than holding data.  Fills
    ``texts`` (text, doubt) and ``nested`` for the cells it reads: the grid reads them next.
    ``nested`` is None when there is no table inside the table at all."""
    cells = [c for row in row_cells for c in row]
    if not cells:
        return False
    if len(cells) == 1:
        return True
    width = 0
    for row in row_cells:
        w = 0
        for c in row:
            attr = c.get("colspan")
            w += 1 if attr is None else max(1, _span(attr, 1, MAX_COLSPAN))
        width = max(width, w)
    for c in cells:
        content = texts[c] = _cell_content(c)
        own = content[0]
        if len(own) > 300:
            return True
        if len(own) > 40 and form.find_headings(own):
            return True
        if nested is None:
            continue
        inner = nested[c] = _nested_tables(c)
        if inner and (width <= 3 or len(own) > 50):
            return True
    return False


class _Walker:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._buf: list[str] = []
        self._buf_line: int | None = None
        self._n_paragraphs = 0
        self._n_tables = 0

    # paragraphs -----------------------------------------------------------------------
    def add_paragraph(self, text: str, line: int | None) -> None:
        self._n_paragraphs += 1
        source: dict[str, Any] = (
            {"line": line} if line is not None else {"element": self._n_paragraphs}
        )
        self.blocks.append(Paragraph(text=text, source=source))

    def _add_text(self, text: str | None, line: int | None) -> None:
        if not text:
            return
        if self._buf_line is None and text.strip():
            self._buf_line = line
        self._buf.append(text)

    def flush(self) -> None:
        text = _clean_line("".join(self._buf))
        if text:
            self.add_paragraph(text, self._buf_line)
        self._buf = []
        self._buf_line = None

    # elements -------------------------------------------------------------------------
    def walk(self, el: HtmlElement) -> None:
        t = _tag(el)
        if not t or t in _DROP_TAGS:
            return
        if t == "br":
            self.flush()
            return
        if t == "table":
            self.flush()
            self.table(el)
            return
        block = t in _BLOCK_TAGS
        if block:
            self.flush()
        line = _sourceline(el)
        self._add_text(el.text, line)
        for child in el:
            self.walk(child)
            if child.tail:
                child_line = _sourceline(child)
                self._add_text(child.tail, line if child_line is None else child_line)
        if block:
            self.flush()

    def table(self, table: HtmlElement) -> None:
        rows = _direct_rows(table)
        for child in table:
            if _tag(child) == "caption":
                self.walk(child)
        row_cells = [_row_cells(tr) for tr in rows]
        texts: dict[HtmlElement, tuple[str, str]] = {}
        # Most tables hold no table: then no cell needs looking into for one.
        nested: dict[HtmlElement, list[HtmlElement]] | None = (
            {} if next(table.iterdescendants("table"), None) is not None else None
        )
        if _is_layout_table(row_cells, texts, nested):
            for cells in row_cells:
                for cell in cells:
                    self.walk(cell)
            return
        grid = self._grid(table, row_cells, texts)
        if grid is not None:
            self.blocks.append(grid)
        if nested is None:
            return
        for cells in row_cells:
            for cell in cells:
                inner = nested.get(cell)
                for t in _nested_tables(cell) if inner is None else inner:
                    self.table(t)

    def _grid(
        self,
        table: HtmlElement,
        row_cells: list[list[HtmlElement]],
        texts: dict[HtmlElement, tuple[str, str]],
    ) -> Table | None:
        if not row_cells:
            return None
        self._n_tables += 1
        t = self._n_tables
        n_rows = len(row_cells)
        occupied: dict[tuple[int, int], Cell] = {}
        width = 0
        max_width = MAX_GRID_CELLS // n_rows  # (c + cs) * n_rows > MAX_GRID_CELLS, in integers
        for r, cells in enumerate(row_cells):
            c = 0
            for td in cells:
                while (r, c) in occupied:
                    c += 1
                attr = td.get("colspan")
                cs = 1 if attr is None else max(1, _span(attr, 1, MAX_COLSPAN))
                attr = td.get("rowspan")
                if attr is None:
                    rs = 1
                else:
                    rs = _span(attr, 1, MAX_ROWSPAN)
                    if rs == 0:  # rowspan="0": to the end of the table
                        rs = n_rows - r
                    rs = max(1, min(rs, n_rows - r))
                if c + cs > max_width or len(occupied) + rs * cs > MAX_GRID_CELLS:
                    raise ExtractionError(
                        message("extract.table_too_large", table=t, cells=MAX_GRID_CELLS)
                    )
                content = texts.get(td)
                if content is None:
                    content = _cell_content(td)
                text, doubt = content
                source = {"table": t, "row": r + 1, "col": c + 1}
                if rs == 1 and cs == 1:  # most cells; (r, c) is free (see the while above)
                    # positional (text, source, spanned, unreadable, filler, doubt): a
                    # keyword call costs twice as much, for each of a page's hundreds of cells
                    occupied[(r, c)] = Cell(text, source, False, False, False, doubt)
                    c += 1
                    if c > width:
                        width = c
                    continue
                for dr in range(rs):
                    for dc in range(cs):
                        pos = (r + dr, c + dc)
                        if pos in occupied:  # overlapping spans: first writer wins
                            continue
                        if dr == 0 and dc == 0:
                            occupied[pos] = Cell(text=text, source=source, doubt=doubt)
                        else:
                            occupied[pos] = Cell(
                                text=text, source=dict(source), spanned=True, doubt=doubt
                            )
                c += cs
                width = max(width, c)
        if width == 0:
            return None
        grid: list[list[Cell]] = []
        for r in range(n_rows):
            if not any((r, c) in occupied for c in range(width)):
                continue  # an empty <tr></tr>
            grid.append(
                [
                    occupied.get((r, c))
                    or Cell(text="", source={"table": t, "row": r + 1, "col": c + 1}, filler=True)
                    for c in range(width)
                ]
            )
        sourceline = _sourceline(table)
        tsource: dict[str, Any] = {"table": t}
        if sourceline is not None:
            tsource["line"] = sourceline
        return Table(rows=grid, source=tsource)

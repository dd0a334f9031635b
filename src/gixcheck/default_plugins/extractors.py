"""The built-in extractors.  Each format module is imported only when a file of its kind
arrives, so start-up never pays for lxml, pypdfium2 or python-docx."""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable

from gixcheck.extract.document import Document
from gixcheck.plugin_api import Extractor, hookimpl

_HTML = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|meta|table|div|p)[\s>/]", re.I)


def _lazy(module: str, func: str) -> Callable[[bytes, str], Document]:
    def extract(data: bytes, name: str) -> Document:
        fn = getattr(importlib.import_module(module), func)
        result: Document = fn(data, name)
        return result

    return extract


def _is_pdf(head: bytes) -> bool:
    return head.lstrip()[:5] == b"%PDF-"


def _is_zip(head: bytes) -> bool:
    return head[:4] == b"PK\x03\x04"


def _is_html(head: bytes) -> bool:
    return bool(_HTML.search(head[:4096]))


def _is_text(head: bytes) -> bool:
    return b"\x00" not in head[:4096]


@hookimpl
def gixcheck_extractors() -> list[Extractor]:
    return [
        Extractor("pdf", (".pdf",), _lazy("gixcheck.extract.pdf", "extract_pdf"), _is_pdf, 30),
        Extractor("docx", (".docx",), _lazy("gixcheck.extract.docx", "extract_docx"), _is_zip, 20),
        Extractor(
            "html",
            (".html", ".htm", ".shtml"),
            _lazy("gixcheck.extract.html", "extract_html"),
            _is_html,
            10,
        ),
        Extractor(
            "text",
            (".txt", ".text", ".md"),
            _lazy("gixcheck.extract.text", "extract_text"),
            _is_text,
            0,
        ),
    ]

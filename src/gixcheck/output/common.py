"""Helpers the output formats share: the sink protocol, rule lookup, where a finding is in the
source document, and the words (from ``messages/output.toml``) every format uses."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TextIO
from urllib.parse import quote

from gixcheck.messages import catalogue, text

SEVERITIES = ("error", "warning", "info")
Chunks = str | Iterable[str]


class Sink:
    """A streamed document: ``start()``, then ``add(report)`` per report, then ``close()``.

    Each returns the text to write next: a string, or an iterable of strings that the writer
    writes one after the other (so a long tail, such as the HTML page's report sections read
    back from a temporary file, never has to be one string in memory).  ``render_with`` builds
    the whole document from the same parts, so a streamed and a rendered document are
    byte-identical by construction.
    """

    # The format's name, set by the session that feeds the sink: the pieces a batch's workers
    # made (OutputFormat.piece) are kept under it.
    format: str | None = None

    def __init__(self, result: Any, lang: str) -> None:
        self.result = result
        self.lang = "en" if lang == "en" else "zh"
        self.count = 0

    def piece(self, report: Any, make: Callable[[Any, Any, str], Any]) -> Any:
        """``make(report, run, lang)``: what the worker that checked ``report`` made with the
        format's ``piece`` when it did, else made now."""
        got = self.made_piece(report)
        return make(report, self.result, self.lang) if got is None else got

    def made_piece(self, report: Any) -> Any:
        """What the worker that checked ``report`` made with the format's ``piece``, or None."""
        pieces = getattr(report, "pieces", None)
        if pieces and self.format is not None:
            return pieces.get(piece_key(self.format, self.lang))
        return None

    def start(self) -> Chunks:
        return ""

    def add(self, report: Any) -> Chunks:
        self.count += 1
        return self.part(report)

    def part(self, report: Any) -> Chunks:
        raise NotImplementedError

    def close(self) -> Chunks:
        return ""


def piece_key(format_name: str, lang: str) -> str:
    """Where a report's ``pieces`` keep a format's piece for a language."""
    return f"{format_name}:{'en' if lang == 'en' else 'zh'}"


def chunks(out: Chunks) -> Iterator[str]:
    """The strings of a sink's return value, in order."""
    if isinstance(out, str):
        if out:
            yield out
        return
    for piece in out:
        if piece:
            yield piece


class Spool:
    """Text kept in a temporary file until it is read back in pieces.

    A document whose head depends on every report (the HTML page's totals, JUnit's counts)
    writes the per-report parts here and reads them back at the end, so a batch of any size
    never has to be in memory.  The file has no name on disk (``TemporaryFile``): an interrupted
    run leaves nothing behind.
    """

    PIECE = 1 << 16

    def __init__(self) -> None:
        self._file: TextIO | None = None

    def write(self, text: str) -> None:
        if not text:
            return
        if self._file is None:
            self._file = tempfile.TemporaryFile(  # noqa: SIM115 - drain() closes it
                "w+", encoding="utf-8", errors="surrogatepass", newline=""
            )
        self._file.write(text)

    def drain(self) -> Iterator[str]:
        """Everything written, in pieces; the file is closed at the end."""
        f, self._file = self._file, None
        if f is None:
            return
        try:
            f.seek(0)
            while piece := f.read(self.PIECE):
                yield piece
        finally:
            f.close()


def write_chunks(handle: Any, out: Chunks) -> None:
    """Write what a sink returned to an open text file."""
    for piece in chunks(out):
        handle.write(piece)


def render_with(sink_class: type[Sink], result: Any, lang: str) -> str:
    sink = sink_class(result, lang)
    parts = [*chunks(sink.start())]
    for r in result.reports:
        parts += chunks(sink.add(r))
    parts += chunks(sink.close())
    return "".join(parts)


def rules_of(result: Any) -> dict[str, Any]:
    """The rules of the run by code (selection applied), in rule-set order."""
    return {r.code: r for r in result.rules}


# ----------------------------------------------------------------------------- words


def word(key: str, lang: str, **values: Any) -> str:
    """An entry of ``messages/output.toml`` in ``lang``."""
    return text(f"output.{key}", **values)(lang)


def omitted_line(rep: Any, lang: str) -> str | None:
    """The line saying how many of a report's findings the output caps left out, or None."""
    omitted = getattr(rep, "omitted", None)
    if not omitted:
        return None
    rules = ", ".join(f"{code} {n}" for code, n in omitted["rules"].items())
    return word("omitted", lang, n=omitted["findings"], rules=rules)


def counted(key: str, n: int, lang: str) -> str:
    """``"1 warning"``, ``"2 warnings"``, ``"2 个警告"``: ``count.<key>`` with its number."""
    entry = catalogue("output")[f"count_{key}"]
    if lang == "en":
        template = entry["en_one"] if n == 1 and "en_one" in entry else entry["en"]
        return template.format(n=n)
    return entry["zh"].format(n=n)


def severity_word(severity: str, lang: str) -> str:
    """错误 / 警告 / 提示, error / warning / info."""
    return word(f"severity_{severity}", lang)


def counts_text(counts: dict[str, int], lang: str) -> str:
    """``"2 errors, 1 warning, 0 info"`` / ``"2 个错误，1 个警告，0 条提示"``."""
    return word("list_sep", lang).join(counted(s, counts.get(s, 0), lang) for s in SEVERITIES)


def grade_text(grade: str | None, lang: str) -> str:
    """A grade for people; an unreadable report has none (it was not assessed)."""
    return grade if grade else word("word_no_grade", lang)


# ----------------------------------------------------------------------------- source places


def line_of(source: dict[str, Any] | None) -> int | None:
    if source and isinstance(source.get("line"), int) and source["line"] > 0:
        line: int = source["line"]
        return line
    return None


def page_of(source: dict[str, Any] | None) -> int | None:
    if source and isinstance(source.get("page"), int) and source["page"] > 0:
        page: int = source["page"]
        return page
    return None


def _pos(source: dict[str, Any], key: str) -> int | None:
    v = source.get(key)
    return v if isinstance(v, int) and not isinstance(v, bool) else None


def where(source: dict[str, Any] | None, lang: str = "en") -> str:
    """Where in the original document: 第3页 / p.3 for a PDF page, 第120行 / line 120 for text,
    第2个表格第4行第3列 / table 2 row 4 col 3 for an HTML or DOCX cell, 第5段 / para 5."""
    if not source:
        return ""
    page, line = _pos(source, "page"), _pos(source, "line")
    table, row, col = _pos(source, "table"), _pos(source, "row"), _pos(source, "col")
    para = _pos(source, "paragraph")
    if page is not None:
        return word("where_page", lang, page=page)
    if line is not None:
        return word("where_line", lang, line=line)
    if table is not None:
        if row is not None and col is not None:
            return word("where_cell", lang, table=table, row=row, col=col)
        if row is not None:
            return word("where_table_row", lang, table=table, row=row)
        return word("where_table", lang, table=table)
    if para is not None:
        return word("where_paragraph", lang, paragraph=para)
    return ""


def uri(path: str) -> str:
    """A relative URI reference for a path as given (SARIF and browsers want URIs).

    A file name that was not UTF-8 keeps its bytes (``%FF``), as a URI of that file must."""
    path = path.replace("\\", "/")
    try:
        raw = path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate no file name gives: from a report's text
        raw = path.encode("utf-8", "backslashreplace")
    return quote(raw, safe="/:@-._~!$&'()*+,;=")


def help_text(rule: Any, lang: str) -> str:
    """A rule's help generated from its metadata: what, why, basis, fix, examples."""
    other = "en" if lang == "zh" else "zh"
    sep = word("colon", lang)
    parts = [rule.text("summary", lang) or rule.text("summary", other)]
    why = rule.text("why", lang)
    if why:
        parts.append(why)
    if rule.basis:
        parts.append(word("word_basis", lang) + sep + word("clause_sep", lang).join(rule.basis))
    fix = rule.text("fix", lang)
    if fix:
        parts.append(word("word_fix", lang) + sep + fix)
    ex = rule.example or {}
    if ex.get("fail"):
        parts.append(word("word_failing_example", lang) + sep + str(ex["fail"]))
    if ex.get("pass"):
        parts.append(word("word_passing_example", lang) + sep + str(ex["pass"]))
    parts.append(f"gixcheck explain {rule.code}")
    return "\n\n".join(p for p in parts if p)

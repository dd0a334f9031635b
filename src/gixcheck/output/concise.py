"""``--format concise``: one line per finding, for CI logs and editors.

``path:line: 错误 ARI002 表三 / （七）总计 / 商业企业：message`` when the finding has a line in the
source (editors and CI log viewers jump to ``path:line:``), ``path: 第3页: …`` for a page or a
table cell, ``path: …`` otherwise.  Findings of a report in form order; baselined ones marked.
No header, no totals: the run's summary line on stderr says those.
"""

from __future__ import annotations

from typing import Any

from gixcheck.output.common import Sink, line_of, render_with, severity_word, where, word
from gixcheck.output.order import form_order
from gixcheck.output.safe import visible


class ConciseSink(Sink):
    def part(self, rep: Any) -> str:
        lang = self.lang
        out = []
        source = visible(rep.source)
        for f in form_order(rep.findings):
            line = line_of(f.location.source)
            head = f"{source}:{line}:" if line is not None else f"{source}:"
            place = "" if line is not None else where(f.location.source, lang)
            label = visible(f.location.label)
            text = (
                f"{head}{' ' + place + ':' if place else ''} {severity_word(f.severity.value, lang)} "
                f"{f.rule} {label + word('colon', lang) if label else ''}{visible(f.message(lang))}"
            )
            if f.baselined:
                text += " " + word("text_baselined", lang)
            out.append(text + "\n")
        return "".join(out)


def render(result: Any, lang: str) -> str:
    return render_with(ConciseSink, result, lang)

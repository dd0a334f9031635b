"""``--format json``: the stable, versioned document of cli-and-output.md, streamed per report."""

from __future__ import annotations

from typing import Any

from gixcheck.output.common import Sink, render_with
from gixcheck.output.jsonstream import Array, cut, dumps, marker


class JsonSink(Sink):
    """The document ``CheckResult.to_json()`` gives, written one report at a time: the header
    and tail come from the same dict with the report list cut out, so the bytes are the same."""

    def _frame(self) -> tuple[list[str], list[int]]:
        doc = self.result.to_dict(self.lang, reports=False)
        doc["reports"] = marker("reports")
        return cut(doc, ["reports"])

    def start(self) -> str:
        pieces, indents = self._frame()
        self.reports = Array(indents[0])
        return pieces[0] + "["

    def part(self, report: Any) -> str:
        return self.reports.item_text(self.piece(report, piece))

    def close(self) -> str:
        # The tail is taken now: a finish_run plugin may have added `extra` meanwhile.
        return self.reports.end() + self._frame()[0][1] + "\n"


def piece(report: Any, run: Any, lang: str) -> str:
    """A report's JSON (unindented at its top level): a batch's workers make it."""
    # the writer's encoder converts the evidence's Decimals (jsonstream.indented)
    return dumps(report.to_dict(lang, convert=False))


def render(result: Any, lang: str) -> str:
    return render_with(JsonSink, result, lang)

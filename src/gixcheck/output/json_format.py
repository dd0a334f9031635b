"""``--format json``: the stable, versioned document of cli-and-output.md, streamed per report."""

from __future__ import annotations

import json
from typing import Any

from gixcheck.model import jsonable
from gixcheck.output.common import Sink, render_with
from gixcheck.output.safe import json_text

_MARK = "\x00reports\x00"


def _dumps(value: Any) -> str:
    return json_text(json.dumps(jsonable(value), ensure_ascii=False, indent=2))


class JsonSink(Sink):
    """The document ``CheckResult.to_json()`` gives, written one report at a time: the header
    and tail come from the same dict with the report list cut out, so the bytes are the same."""

    def _frame(self) -> tuple[str, str]:
        doc = self.result.to_dict(self.lang, reports=False)
        doc["reports"] = _MARK
        head, tail = _dumps(doc).split(json.dumps(_MARK), 1)
        return head, tail

    def start(self) -> str:
        return self._frame()[0] + "["

    def part(self, report: Any) -> str:
        body = _dumps(report.to_dict(self.lang)).replace("\n", "\n    ")
        return ("," if self.count > 1 else "") + "\n    " + body

    def close(self) -> str:
        # The tail is taken now: a finish_run plugin may have added `extra` meanwhile.
        return ("\n  ]" if self.count else "]") + self._frame()[1] + "\n"


def render(result: Any, lang: str) -> str:
    return render_with(JsonSink, result, lang)

"""``--format github``: GitHub Actions workflow commands, one annotation per finding.

``error`` → ``::error``, ``warning`` → ``::warning``, ``info`` → ``::notice``; baselined findings
are left out (they are accepted).  A PDF page has no line, so it goes into the message.
"""

from __future__ import annotations

from typing import Any

from gixcheck.output.common import Sink, line_of, render_with, where
from gixcheck.output.safe import visible

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    # An escape sequence would act in the CI log viewer; a newline would start a new command.
    return visible(text).replace("%", "%25")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


class GithubSink(Sink):
    def part(self, rep: Any) -> str:
        out = []
        for f in rep.findings:
            if f.baselined:
                continue
            props = [f"file={_prop(rep.source)}"]
            line = line_of(f.location.source)
            if line is not None:
                props.append(f"line={line}")
            props.append(f"title={_prop(f'{f.rule} {f.name}')}")
            place = f.location.label
            loc = where(f.location.source, self.lang) if line is None else ""
            if loc:
                place = f"{place} ({loc})" if place else loc
            msg = (
                f"{f.rule} {place}: {f.message(self.lang)}"
                if place
                else f"{f.rule} {f.message(self.lang)}"
            )
            out.append(f"::{COMMAND[f.severity.value]} {','.join(props)}::{_data(msg)}\n")
        return "".join(out)


def render(result: Any, lang: str) -> str:
    return render_with(GithubSink, result, lang)

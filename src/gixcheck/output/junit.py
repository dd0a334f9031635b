"""``--format junit``: JUnit XML, one test suite per report, one test case per rule run.

A rule fails when it has a finding at ``error`` or ``warning`` severity that is not baselined;
``info`` findings and baselined ones pass and are listed in ``system-out``; a rule that could not
be assessed is skipped with the reason.  An unreadable report is one suite with a failing
``GIX001`` case.  No timings are written, so the output is deterministic.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from xml.sax import saxutils

from gixcheck.output.common import Sink, Spool, render_with, rules_of, severity_word, where
from gixcheck.output.safe import visible

FAILING = ("error", "warning")


def escape(value: object) -> str:
    """Element text: a character XML 1.0 cannot hold (NUL, ESC …) is shown as an escape."""
    return saxutils.escape(visible(value, one_line=False))


def quoteattr(value: object) -> str:
    return saxutils.quoteattr(visible(value, one_line=False))


def _case(classname: str, name: str, file: str, body: str = "") -> str:
    attrs = f"classname={quoteattr(classname)} name={quoteattr(name)} file={quoteattr(file)}"
    if not body:
        return f"    <testcase {attrs}/>"
    return f"    <testcase {attrs}>\n{body}    </testcase>"


def _line(f: Any, lang: str) -> str:
    loc = where(f.location.source, lang)
    mark = " [baseline]" if f.baselined else ""
    return f"[{severity_word(f.severity.value, lang)}] {f.location.label}{' (' + loc + ')' if loc else ''}: {f.message(lang)}{mark}"


def _suite(rep: Any, rules: dict[str, Any], lang: str) -> tuple[str, int, int, int]:
    by_rule: dict[str, list[Any]] = {}
    for f in rep.findings:
        by_rule.setdefault(f.rule, []).append(f)
    na = {n.rule: n for n in rep.not_assessable}
    if not rep.readable:
        codes = sorted(by_rule) or ["GIX001"]
    else:
        # every non-engine rule that ran, plus engine rules that reported something
        codes = [c for c, r in rules.items() if r.kind != "engine"]
        codes += sorted(c for c in by_rule if c not in codes)
    classname = f"gixcheck.{rep.meta.get('body') or rep.source}"
    cases, failures, skipped = [], 0, 0
    for code in codes:
        found = by_rule.get(code, [])
        rule = rules.get(code)
        name = f"{code} {rule.name if rule else (found[0].name if found else '')}".strip()
        failing = [f for f in found if f.severity.value in FAILING and not f.baselined]
        body = ""
        if failing:
            failures += 1
            worst = failing[0].severity.value
            text = "\n".join(_line(f, lang) for f in failing)
            body += (
                f"      <failure type={quoteattr(worst)} message={quoteattr(failing[0].message(lang))}>"
                f"{escape(text)}</failure>\n"
            )
        elif code in na and not found:
            skipped += 1
            reason = na[code].reason_en if lang == "en" else na[code].reason_zh
            body += f"      <skipped message={quoteattr(reason)}/>\n"
        rest = [f for f in found if f not in failing]
        if rest:
            body += f"      <system-out>{escape(chr(10).join(_line(f, lang) for f in rest))}</system-out>\n"
        cases.append(_case(classname, name, rep.source, body))
    head = (
        f'  <testsuite name={quoteattr(rep.source)} tests="{len(codes)}" '
        f'failures="{failures}" errors="0" skipped="{skipped}">\n'
        f"    <properties>\n"
        f'      <property name="body" value={quoteattr(str(rep.meta.get("body") or ""))}/>\n'
        f'      <property name="year" value={quoteattr(str(rep.meta.get("year") or ""))}/>\n'
        f'      <property name="score" value="{rep.score}"/>\n'
        f'      <property name="grade" value={quoteattr(rep.grade or "")}/>\n'
        f"    </properties>\n"
    )
    return head + "\n".join(cases) + "\n  </testsuite>", len(codes), failures, skipped


class JunitSink(Sink):
    """The JUnit document, one suite per report.  The root element carries the run's totals,
    known only at the end, so the suites wait in a spool on disk until then."""

    def start(self) -> str:
        self.rules = rules_of(self.result)
        self.spool = Spool()
        self.tests = self.failures = self.skipped = 0
        return ""

    def part(self, rep: Any) -> str:
        text, t, f, s = _suite(rep, self.rules, self.lang)
        self.spool.write(text + "\n")
        self.tests, self.failures, self.skipped = (
            self.tests + t,
            self.failures + f,
            self.skipped + s,
        )
        return ""

    def close(self) -> Iterator[str]:
        yield (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<testsuites name="gixcheck" tests="{self.tests}" failures="{self.failures}" '
            f'errors="0" skipped="{self.skipped}">\n'
        )
        yield from self.spool.drain()
        yield "</testsuites>\n"


def render(result: Any, lang: str) -> str:
    return render_with(JunitSink, result, lang)

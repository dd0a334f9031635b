"""Helpers for testing rules and plugins with any pytest — no fixtures, no conftest needed.

    from gixcheck.testing import assert_codes, run_rules

    def test_balance_broken():
        report = {"tables": {"table_3": {"rows": {"received_new": {"total": 5}}}}}
        result = run_rules(report, rules="national", select=["ARI"])
        assert_codes(result, fires=["ARI001"], silent=["ARI004"])

A report is a path (any format gixcheck reads), a full canonical report dict, or a *fragment*:
a dict merged into :func:`minimal_report` — a complete, consistent 2021-form report on which
the national rules find nothing — so a test names only what it changes.  In fragments a cell
may be written as a bare number or ``None`` (blank).

Not registered as a ``pytest11`` plugin on purpose: an auto-loaded pytest plugin would be
imported by every pytest session in every project that has gixcheck installed, and these
helpers need no fixture.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gixcheck.engine import Selection
from gixcheck.form import form_sections, standard_heading, table_2_grid
from gixcheck.kinds.base import Context
from gixcheck.labels import labels
from gixcheck.model import Finding, NotAssessable, Report, Severity
from gixcheck.rulesets import RuleSet

__all__ = [
    "RuleCase",
    "RulesResult",
    "assert_codes",
    "load_cases",
    "merge",
    "minimal_report",
    "run_rules",
]

ReportLike = str | os.PathLike[str] | dict[str, Any]


def minimal_report(year: int = 2021) -> dict[str, Any]:
    """A complete 2021-form report with all counts 0 and standard sections (a fresh copy);
    its body and sentences are ``gixcheck/form/example.toml``."""
    from gixcheck.form._data import load

    example = load("example")
    body = example["body"]
    fill = {"body": body, "year": year}
    sections = [
        {
            "number": e["number"],
            "key": key,
            "heading": standard_heading(key),
            "paragraphs": [{"text": t} for t in example["sections"].get(key, [])],
        }
        for key, e in form_sections().items()
    ]
    grid2 = table_2_grid("2021")
    table_2 = {r: {c: 0 for c in cols} for r, cols in grid2.items()}
    cols3 = [c.key for c in labels("table_3", "columns")]
    table_3 = {
        lab.key: {c: 0 for c in cols3}
        for lab in labels("table_3", "rows")
        if lab.key != "result.other"  # the 2019 form's single row; 2021 splits it in three
    }
    blocks = [b.key for b in labels("table_4", "blocks")]
    cols4 = [c.key for c in labels("table_4", "columns")]
    table_4 = {"cases": {f"{b}.{c}": 0 for b in blocks for c in cols4}}
    title = example["title"].format_map(fill)
    return {
        "schema_version": 1,
        "layout": "2021",
        "metadata": {
            "title": title,
            "body": body,
            "body_kind": "government",
            "level": "county",
            "year": year,
            "published": f"{year + 1}-01-15",
        },
        "preamble": [
            {"text": title},
            {"text": example["preamble"].format_map(fill)},
        ],
        "sections": sections,
        "tables": {
            "table_2": {
                "present": True,
                "layout": "2021",
                "header_verified": True,
                "rows": table_2,
            },
            "table_3": {
                "present": True,
                "other_form": "split",
                "header_verified": True,
                "rows": table_3,
            },
            "table_4": {"present": True, "header_verified": True, "rows": table_4},
        },
    }


def merge(base: dict[str, Any], fragment: dict[str, Any]) -> dict[str, Any]:
    """``fragment`` deep-merged into a copy of ``base``: dicts merge, anything else replaces."""
    out = copy.deepcopy(base)
    for key, value in fragment.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _as_report(report: ReportLike, plugins: tuple[str, ...]) -> tuple[str, dict[str, Any]]:
    if isinstance(report, dict):
        if "schema_version" in report and "tables" in report and "sections" in report:
            return "<dict>", report
        return "<fragment>", merge(minimal_report(), report)
    from gixcheck import api
    from gixcheck.plugins import host

    name = os.fspath(report)
    data = api.read_bytes(name)
    return name, api.load_report(data, name, host(plugins))


@dataclass
class RulesResult:
    """What a run found: findings, not-assessable notes, and the report that was checked."""

    findings: list[Finding]
    not_assessable: list[NotAssessable]
    report: dict[str, Any]
    ruleset: RuleSet
    score: int | None = 100
    grade: str | None = "A"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def codes(self) -> list[str]:
        """The codes that fired, sorted and without repeats."""
        return sorted({f.rule for f in self.findings})

    @property
    def not_assessable_codes(self) -> list[str]:
        """Codes that could not be assessed (not applicable ones included)."""
        return sorted({n.rule for n in self.not_assessable})

    @property
    def not_applicable_codes(self) -> list[str]:
        """Codes outside their ``applies_to`` for this report."""
        return sorted({n.rule for n in self.not_assessable if not n.applicable})

    def of(self, code: str) -> list[Finding]:
        return [f for f in self.findings if f.rule == code]

    def severity(self, code: str) -> Severity:
        """The severity ``code`` fired with (it must have fired)."""
        found = self.of(code)
        if not found:
            raise AssertionError(f"{code} did not fire; fired: {', '.join(self.codes) or 'none'}")
        return found[0].severity

    def describe(self) -> str:
        lines = [
            f"  {f.rule} {f.severity.value} {f.location.pointer}: {f.message_en}"
            for f in self.findings
        ]
        lines += [f"  {n.rule} not assessable: {n.reason_en}" for n in self.not_assessable]
        return "\n".join(lines) or "  (nothing)"


def run_rules(
    report: ReportLike,
    rules: str | Path | RuleSet | Sequence[str | Path] = "national",
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
    severity: dict[str, str] | None = None,
    plugins: Sequence[str] = (),
    objects: Sequence[tuple[str, object]] = (),
    published: str | None = None,
    previous: ReportLike | None = None,
    options: dict[str, Any] | None = None,
    lang: str = "zh",
    settings: dict[str, dict[str, Any]] | None = None,
    settings_base: str | os.PathLike[str] | None = None,
    max_bytes: int | None = None,
) -> RulesResult:
    """Run a rule set (a registered name, a TOML path or a ``RuleSet``) on one report.

    ``select``/``ignore`` take codes or prefixes as on the command line.  ``plugins`` are
    ``--plugin`` specs (module names or ``.py`` files); ``objects`` are ``(name, plugin)``
    pairs — a module or class with hook functions — for a plugin that is not installed.
    ``settings`` are the packs' settings as ``{pack: {key: value}}`` — what
    ``[tool.gixcheck.plugins.<pack>]`` holds — checked against each pack's schema (relative
    paths are relative to ``settings_base``, else the working directory); ``options`` become the raw
    ``Context.options`` (API 1.0).  ``ctx.read_report`` reads with this run's plugins and
    ``max_bytes`` (``--max-size``).
    """
    from gixcheck import api
    from gixcheck.plugins import Host, PluginError, host

    specs = tuple(str(p) for p in plugins)
    h = Host(specs, objects=tuple(objects)) if objects else host(specs)
    if h.failures:
        failed = "; ".join(f.line() for f in h.failures)
        raise AssertionError(f"plugins failed to load: {failed}")
    if isinstance(rules, RuleSet):
        ruleset = rules
    else:
        names = [rules] if isinstance(rules, (str, Path)) else list(rules)
        try:
            ruleset = api.merged_rules([h.ruleset(str(n)) for n in names])
        except (PluginError, api.UsageError) as exc:
            raise AssertionError(str(exc)) from None
    name, data = _as_report(report, specs)
    try:
        base = Path(settings_base) if settings_base is not None else Path.cwd()
        origins = {
            n: {k: (f"settings[{n!r}]", base) for k in t} for n, t in (settings or {}).items()
        }
        parsed = h.settings(settings or {}, origins)
    except PluginError as exc:
        raise AssertionError(str(exc)) from None
    ctx = Context(
        lang=lang,
        settings=parsed,
        published=published,
        options=dict(options or {}),
        path=name,
        reader=api.reader(h, max_bytes or api.DEFAULT_MAX_BYTES),
        report_suffixes=api.report_suffixes(h),
    )
    if previous is not None:
        ctx.previous = Report(_as_report(previous, specs)[1])
    sel = Selection(
        select=list(select) if select is not None else None,
        ignore=list(ignore),
        severity={k: Severity(v) for k, v in (severity or {}).items()},
    )
    rr = api.check_one(name, None, data, None, ruleset, h, ctx, sel)
    return RulesResult(rr.findings, rr.not_assessable, data, ruleset, rr.score, rr.grade)


def assert_codes(
    result: RulesResult,
    fires: Iterable[str] = (),
    silent: Iterable[str] = (),
    *,
    not_assessable: Iterable[str] = (),
    only: Iterable[str] | None = None,
    not_applicable: Iterable[str] = (),
    severity: dict[str, str] | None = None,
    count: dict[str, int] | None = None,
) -> None:
    """Assert which codes fired (``fires``), which did not (``silent``), which could not be
    assessed or are not applicable, the most severe finding of some codes (``severity``), how
    many findings some codes gave (``count``), and — with ``only`` — that nothing else fired.
    The failure message lists everything the run found."""
    problems: list[str] = []
    got = set(result.codes)
    problems += [f"expected {c} to fire" for c in fires if c not in got]
    problems += [f"expected {c} to stay silent" for c in silent if c in got]
    na = set(result.not_assessable_codes)
    problems += [f"expected {c} to be not assessable" for c in not_assessable if c not in na]
    nap = set(result.not_applicable_codes)
    problems += [f"expected {c} to be not applicable" for c in not_applicable if c not in nap]
    for code, sev in (severity or {}).items():
        # the most severe of the code's findings
        worst = max((f.severity for f in result.of(code)), key=lambda s: s.rank, default=None)
        if worst is None or worst.value != sev:
            got_sev = worst.value if worst else "nothing"
            problems.append(f"expected {code} to fire at most as {sev}, got {got_sev}")
    for code, n in (count or {}).items():
        have = len(result.of(code))
        if have != n:
            problems.append(f"expected {n} finding(s) of {code}, got {have}")
    if only is not None:
        extra = got - set(only)
        if extra:
            problems.append(f"unexpected codes: {', '.join(sorted(extra))}")
    if problems:
        raise AssertionError("; ".join(problems) + "\nthe run found:\n" + result.describe())


# ----------------------------------------------------------------------------- rule cases as data


@dataclass
class RuleCase:
    """One case of a rule-case file: a report, what to change in it, what must happen.

    A case file (TOML) holds ``[[case]]`` tables::

        [[case]]
        name = "late department report"
        report = "../../data/text/seed_panji_2021.txt"   # path from the case file; omit for
                                                          # minimal_report()
        replace = [["2021年，我区", "2020年，我区"]]        # text edits before extraction
        fragment = { metadata = { body_kind = "department" } }  # merged into the report dict;
                                       # a table with `kind` is a whole cell and replaces it
        remove = ["/tables/table_2/rows/licensing"]   # JSON pointers removed after merging
        published = "2022-04-17"                          # like --published
        previous = "other.txt"                            # like --previous
        previous_fragment = { metadata = { year = 2020 } }  # merged into last year's report
        others = ["other-body.txt"]     # reports checked before this one in the same run
                                        # (batch rules such as XYR008 compare with them)
        rules = "national"                                # a set name, or a path
        settings = { jiangsu = { townships = "towns" } }  # packs' settings, paths from here
        fires = ["DDL001"]
        silent = ["DDL002"]
        not_assessable = []
        not_applicable = []
        only = []                   # nothing but these may fire (omit: anything may)
        severity = { DDL001 = "error" }
        count = { DDL001 = 1 }      # how many findings of the code (one per table, per row …)
        example = "fail"            # this case is the rule's `example.fail` (or "pass")

    Paths are relative to the case file.  :func:`load_cases` reads every case of a file or a
    folder of files; ``case.check()`` runs it with :func:`run_rules` and asserts.
    """

    file: Path
    name: str
    report: str | None = None
    replace: list[tuple[str, str]] = field(default_factory=list)
    fragment: dict[str, Any] = field(default_factory=dict)
    remove: list[str] = field(default_factory=list)
    published: str | None = None
    previous: str | None = None
    previous_fragment: dict[str, Any] = field(default_factory=dict)
    others: list[str] = field(default_factory=list)
    rules: str = "national"
    settings: dict[str, dict[str, Any]] = field(default_factory=dict)
    fires: list[str] = field(default_factory=list)
    silent: list[str] = field(default_factory=list)
    not_assessable: list[str] = field(default_factory=list)
    not_applicable: list[str] = field(default_factory=list)
    only: list[str] | None = None
    severity: dict[str, str] = field(default_factory=dict)
    count: dict[str, int] = field(default_factory=dict)
    example: str | None = None

    @property
    def id(self) -> str:
        return f"{self.file.stem}: {self.name}"

    def _report(
        self, spec: str | None, edits: bool, fragment: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        if spec is None:
            data = minimal_report()
        else:
            path = (self.file.parent / spec).resolve()
            raw = path.read_bytes()
            if edits and self.replace:
                text = raw.decode("utf-8")
                for old, new in self.replace:
                    if old not in text:
                        raise AssertionError(f"{self.id}: {old!r} is not in {spec}")
                    text = text.replace(old, new)
                raw = text.encode("utf-8")
            from gixcheck import api
            from gixcheck.plugins import host

            data = api.load_report(raw, path.name, host())
        if fragment is None:
            fragment = self.fragment if edits else {}
        data = _merge_cells(data, fragment) if fragment else data
        for pointer in self.remove if edits else []:
            _remove(data, pointer)
        return data

    def run(self) -> RulesResult:
        rules: str = self.rules
        if rules.endswith(".toml"):
            rules = str((self.file.parent / rules).resolve())
        prev = None
        if self.previous:
            prev = self._report(self.previous, edits=False, fragment=self.previous_fragment)
        if self.others:
            return self._run_batch(rules, prev)
        return run_rules(
            self._report(self.report, edits=True),
            rules=rules,
            published=self.published,
            previous=prev,
            settings=self.settings,
            settings_base=self.file.parent,
        )

    def _run_batch(self, rules: str, prev: dict[str, Any] | None) -> RulesResult:
        import gixcheck
        from gixcheck.plugins import host

        items = [self._report(o, edits=False) for o in self.others]
        this = self._report(self.report, edits=True)
        result = gixcheck.check(
            [*items, this], rules=rules, previous=prev, published=self.published
        )
        last = result.reports[-1]
        return RulesResult(
            last.findings,
            last.not_assessable,
            this,
            host().ruleset(rules),
            last.score,
            last.grade,
        )

    def check(self) -> RulesResult:
        result = self.run()
        # a case whose report does not validate checks nothing: every rule would be silent
        for engine_code in ("GIX001", "GIX002"):
            if engine_code in result.codes and engine_code not in self.fires:
                raise AssertionError(f"{self.id}: the report is broken\n{result.describe()}")
        try:
            assert_codes(
                result,
                fires=self.fires,
                silent=self.silent,
                not_assessable=self.not_assessable,
                not_applicable=self.not_applicable,
                severity=self.severity,
                count=self.count,
                only=self.only,
            )
        except AssertionError as exc:
            raise AssertionError(f"{self.id}: {exc}") from None
        return result


_CASE_KEYS = {f for f in RuleCase.__dataclass_fields__ if f != "file"}


def _merge_cells(base: dict[str, Any], fragment: dict[str, Any]) -> dict[str, Any]:
    """:func:`merge`, except that a table with ``kind`` is a whole cell (TOML has no null, so
    a blank cell is ``{ kind = "blank" }``) and replaces the cell instead of merging into it."""
    out = copy.deepcopy(base)
    for key, value in fragment.items():
        if isinstance(value, dict) and "kind" not in value and isinstance(out.get(key), dict):
            out[key] = _merge_cells(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _remove(data: Any, pointer: str) -> None:
    parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer.strip("/").split("/")]
    for part in parts[:-1]:
        data = data[int(part)] if isinstance(data, list) else data[part]
    if isinstance(data, list):
        del data[int(parts[-1])]
    else:
        del data[parts[-1]]


def load_cases(path: str | os.PathLike[str]) -> list[RuleCase]:
    """Every ``[[case]]`` of a case file, or of each ``*.toml`` in a folder (sorted)."""
    from gixcheck._toml import loads as toml_loads

    root = Path(path)
    files = sorted(root.glob("*.toml")) if root.is_dir() else [root]
    out: list[RuleCase] = []
    for f in files:
        data = toml_loads(f.read_text(encoding="utf-8"))
        unknown = set(data) - {"case"}
        if unknown:
            raise ValueError(f"{f}: unknown key(s) {', '.join(sorted(unknown))} (only [[case]])")
        for i, raw in enumerate(data.get("case", [])):
            bad = set(raw) - _CASE_KEYS
            if bad:
                raise ValueError(f"{f}: case {i + 1}: unknown key(s) {', '.join(sorted(bad))}")
            raw = dict(raw)
            raw["replace"] = [tuple(r) for r in raw.get("replace", [])]
            out.append(RuleCase(file=f, **raw))
    return out

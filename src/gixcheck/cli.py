"""The command line: parse options, call the API, choose the exit code — nothing else.

Exit codes: 0 no finding at or above --fail-on; 1 at least one; 2 the run could not be done
as asked (bad option, unknown rule set or code, nothing readable, a required plugin failed).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import click
import typer

from gixcheck import api
from gixcheck._version import __version__

app = typer.Typer(
    name="gixcheck",
    help="Check 政府信息公开工作年度报告 against the national rules (and your own).",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

COMMANDS = {
    "check",
    "extract",
    "rules",
    "explain",
    "rulesets",
    "plugins",
    "schema",
    "config",
    "baseline",
}
FORMATS_HELP = (
    "output format: text, json, sarif, junit, github, html, csv (and any registered by plugins);"
    " repeatable, each with its own -o"
)


PLUGIN_OPTION_HELP = "load a plugin module or file"

# Options shared by check and baseline create (typer reads the Annotated metadata).
RulesOpt = Annotated[
    list[str] | None, typer.Option("--rules", help="rule set name or TOML file; repeatable")
]
SelectOpt = Annotated[list[str] | None, typer.Option(help="only these codes or prefixes")]
IgnoreOpt = Annotated[list[str] | None, typer.Option(help="skip these codes or prefixes")]
ExtendSelectOpt = Annotated[
    list[str] | None, typer.Option("--extend-select", help="add codes or prefixes")
]
PreviousOpt = Annotated[str | None, typer.Option(help="last year's report of the same body")]


def fail(message: str) -> NoReturn:
    """One clear line on stderr and exit code 2."""
    click.echo(f"gixcheck: error: {message}", err=True)
    raise typer.Exit(2)


def _split(values: list[str] | None) -> list[str]:
    out: list[str] = []
    for v in values or []:
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return out


def _host(plugins: list[str] | None) -> Any:
    from gixcheck.plugins import host

    h = host(tuple(plugins or ()))
    for f in h.failures:
        click.echo(f"gixcheck: warning: {f.line()}", err=True)
    return h


def _check_codes(codes: list[str], known: set[str], option: str) -> None:
    for c in codes:
        if not any(k.startswith(c) for k in known):
            fail(f"{option}: unknown rule code or prefix {c!r}")


def _severities(values: list[str] | None) -> dict[str, str]:
    out = {}
    for v in _split(values):
        code, sep, level = v.partition("=")
        if not sep or level not in ("error", "warning", "info"):
            fail(f"--severity expects CODE=error|warning|info, got {v!r}")
        out[code.strip()] = level
    return out


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        # newline="": formats choose their own line ends (CSV's are CRLF)
        output.write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror}")


class _RawArgsCommand(typer.core.TyperCommand):
    """Keeps the command line as typed: ``--format``/``-o`` pairs depend on their order."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta["gixcheck.raw_args"] = list(args)
        return super().parse_args(ctx, args)


def _settings(cli: dict[str, Any]) -> Any:
    """The configuration file's settings with the options given on the command line on top."""
    from gixcheck import config

    try:
        settings = config.load()
    except config.ConfigError as exc:
        fail(str(exc))
    for key, value in cli.items():
        if value is not None and value != [] and value is not False:
            settings.set(key, value, "command line")
    return settings


def _cli_values(**kw: Any) -> dict[str, Any]:
    """Command-line values under their configuration key names, validated like the file's."""
    out: dict[str, Any] = {}
    for key in ("select", "ignore", "extend-select"):
        codes = _split(kw.get(key.replace("-", "_")))
        out[key] = [c.upper() for c in codes] or None
    out["severity"] = _severities(kw.get("severity")) or None
    fail_on, lang, published = kw.get("fail_on"), kw.get("lang"), kw.get("published")
    if fail_on is not None and fail_on not in ("error", "warning", "info", "never"):
        fail(f"--fail-on must be error, warning, info or never, not {fail_on!r}")
    if lang is not None and lang not in ("zh", "en"):
        fail(f"--lang must be zh or en, not {lang!r}")
    if published is not None:
        import re

        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", published):
            fail(f"--published must be YYYY-MM-DD, not {published!r}")
    jobs = kw.get("jobs")
    if jobs is not None and jobs < 1:
        fail(f"--jobs must be at least 1, not {jobs}")
    for key in ("max_size", "max_pages", "timeout", "max_memory"):
        v = kw.get(key)
        if v is not None and v <= 0:
            fail(f"--{key.replace('_', '-')} must be greater than 0, not {v}")
    out.update(
        {
            "rules": kw.get("rules") or None,
            "fail-on": fail_on,
            "lang": lang,
            "published": published,
            "previous": kw.get("previous"),
            "baseline": kw.get("baseline"),
            "jobs": jobs,
            "plugins": kw.get("plugin") or None,
            "no-progress": kw.get("no_progress") or None,
            "max-size": kw.get("max_size"),
            "max-pages": kw.get("max_pages"),
            "timeout": kw.get("timeout"),
            "max-memory": kw.get("max_memory"),
        }
    )
    return out


# True when gixcheck runs as its own program (not called in-process, e.g. by a test runner):
# only then is this process ours to put a memory limit on.
_STANDALONE = False


@app.command("check", cls=_RawArgsCommand)
def check_cmd(
    ctx: typer.Context,
    paths: Annotated[list[str], typer.Argument(help="report files or folders; - for stdin")],
    rules: RulesOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    extend_select: ExtendSelectOpt = None,
    severity: Annotated[
        list[str] | None, typer.Option(help="override a severity: CODE=error|warning|info")
    ] = None,
    previous: PreviousOpt = None,
    published: Annotated[
        str | None, typer.Option(help="publication date YYYY-MM-DD, if the document lacks it")
    ] = None,
    fmt: Annotated[list[str] | None, typer.Option("--format", help=FORMATS_HELP)] = None,
    output: Annotated[
        list[str] | None,
        typer.Option(
            "-o", "--output", help="write the --format before it to this file (default: stdout)"
        ),
    ] = None,
    fail_on: Annotated[
        str | None, typer.Option("--fail-on", help="error, warning, info or never [default: error]")
    ] = None,
    lang: Annotated[
        str | None, typer.Option(help="message language: zh or en [default: zh]")
    ] = None,
    baseline: Annotated[
        str | None,
        typer.Option(help="findings recorded in this file (gixcheck baseline create) do not fail"),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", help="check in N processes [default: CPUs for many files]"),
    ] = None,
    no_progress: Annotated[
        bool,
        typer.Option("--no-progress", help="no progress bar (also off in CI, pre-commit, pipes)"),
    ] = False,
    plugin: Annotated[
        list[str] | None, typer.Option("--plugin", help="load a plugin module or file")
    ] = None,
    max_size: Annotated[
        float | None, typer.Option("--max-size", help="refuse inputs larger than MB [default: 20]")
    ] = None,
    max_pages: Annotated[
        int | None, typer.Option("--max-pages", help="refuse PDFs with more pages [default: 200]")
    ] = None,
    timeout: Annotated[
        float | None,
        typer.Option("--timeout", help="seconds to read and check one document [default: 60]"),
    ] = None,
    max_memory: Annotated[
        int | None,
        typer.Option("--max-memory", help="memory limit of a checking process, MB [default: 4096]"),
    ] = None,
) -> None:
    """Check reports (the default command).

    Several formats in one run: give each --format its own -o, e.g.
    --format json -o a.json --format html -o a.html (a --format without -o goes to stdout).
    Settings also come from [tool.gixcheck] in pyproject.toml or gixcheck.toml (see gixcheck config);
    options given here win.
    """
    from gixcheck import batch

    values = _cli_values(
        rules=rules,
        select=select,
        ignore=ignore,
        extend_select=extend_select,
        severity=severity,
        fail_on=fail_on,
        lang=lang,
        published=published,
        previous=previous,
        baseline=baseline,
        jobs=jobs,
        plugin=plugin,
        no_progress=no_progress,
        max_size=max_size,
        max_pages=max_pages,
        timeout=timeout,
        max_memory=max_memory,
    )
    settings = _settings(values)
    try:
        if fmt:
            pairs = batch.pair_formats(fmt, output or [], ctx.meta.get("gixcheck.raw_args"))
        else:
            outs = list(output or settings.output)
            formats = list(settings.format)
            if len(outs) > len(formats):
                formats += [formats[-1]] * (len(outs) - len(formats))
            pairs = batch.pair_formats(formats, outs, None)
    except api.UsageError as exc:
        fail(str(exc))
    if sum(o is None or o == "-" for _, o in pairs) > 1:
        fail("only one --format can go to standard output; give the others -o FILE")
    h = _host(settings.plugins)
    for f, _ in pairs:
        if f not in h.outputs:
            fail(f"unknown format {f!r} (available: {', '.join(sorted(h.outputs))})")
    _, summary = _stream(paths, settings, h, pairs)
    if summary.reports > 1 or any(o not in (None, "-") for _, o in pairs):
        click.echo(f"gixcheck: {summary.line(settings.lang)}", err=True)
    if summary.unreadable and summary.unreadable == summary.reports:
        raise typer.Exit(2)
    raise typer.Exit(summary.exit_code(settings.fail_on))


def _stream(
    paths: list[str],
    settings: Any,
    h: Any,
    pairs: list[tuple[str, str | None]],
    hold: bool = False,
) -> tuple[Any, Any]:
    """Check and write every output as the reports come; (result, summary).

    Formats with a sink get each report's part as soon as it is checked and nothing is kept;
    only a format without one (html, sarif, junit), or ``hold``, makes the run keep the
    (slimmed) results in ``result.reports``.
    """
    from gixcheck import batch
    from gixcheck.limits import set_memory_limit
    from gixcheck.output.common import write_chunks
    from gixcheck.output.safe import visible

    if _STANDALONE:
        set_memory_limit(settings.max_memory)

    lang = settings.lang
    # What each format needs it declares (OutputFormat.needs): no format is special by name.
    # One that draws for a terminal ("terminal") prints above the bar; any other format written
    # to the terminal would be torn by it, so then there is no bar.
    needs = {f: h.outputs[f].needs for f, _ in pairs}
    raw_to_stdout = any(o in (None, "-") and "terminal" not in needs[f] for f, o in pairs)
    try:
        items = api.expand_paths(paths)
        if not items:
            fail("no report files found in " + ", ".join(paths))
        opts = batch.options(settings, h)
        progress = batch.progress_wanted(settings.no_progress) and not raw_to_stdout
        head, stream = batch.run(
            items,
            opts,
            jobs=settings.jobs,
            progress=progress,
            keep_tables=any("tables" in needs[f] for f, _ in pairs),
        )
    except api.UsageError as exc:
        fail(str(exc))
    outputs: list[tuple[Any, Any, Any]] = []  # (format, sink or None, file)
    try:
        for f, out in pairs:
            fmt = h.outputs[f]
            handle = sys.stdout if out in (None, "-") else _open_output(Path(out))
            sink = None
            if fmt.sink is not None:
                if "terminal" in fmt.needs and handle is sys.stdout:
                    from rich.console import Console

                    sink = fmt.sink(head, lang, console=Console(highlight=False, soft_wrap=True))
                else:
                    sink = fmt.sink(head, lang)
                write_chunks(handle, sink.start())
            outputs.append((fmt, sink, handle))
        hold = hold or any(sink is None for _, sink, _ in outputs)
        summary = batch.Summary()
        for r in stream:
            summary.add(r)
            if not r.readable:
                reason = r.findings[0].message(lang) if r.findings else "unreadable"
                click.echo(f"gixcheck: {visible(reason)}", err=True)  # names from outside
            for _, sink, handle in outputs:
                if sink is not None:
                    write_chunks(handle, sink.add(r))
            if hold:
                head.reports.append(r)
        h.finish_run(head)
        for fmt, sink, handle in outputs:
            write_chunks(handle, sink.close() if sink is not None else fmt.render(head, lang))
            handle.flush()
    except OSError as exc:
        fail(f"cannot write output: {exc.strerror}")
    finally:
        for _, _, handle in outputs:
            if handle is not sys.stdout:
                handle.close()
    return head, summary


def _open_output(path: Path) -> Any:
    try:
        # newline="": formats choose their own line ends (CSV's are CRLF)
        return path.open("w", encoding="utf-8", newline="")
    except OSError as exc:
        fail(f"cannot write {path}: {exc.strerror}")


@app.command("config")
def config_cmd() -> None:
    """Print the effective settings and where each came from (file or default)."""
    from gixcheck import config

    settings = _settings({})
    sys.stdout.write(config.render(settings))


baseline_app = typer.Typer(
    help="Record today's findings so only new ones fail (see --baseline).",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(baseline_app, name="baseline")


@baseline_app.command("create")
def baseline_create_cmd(
    file: Annotated[Path, typer.Argument(help="the baseline file to write (JSON)")],
    paths: Annotated[list[str], typer.Argument(help="report files or folders")],
    rules: RulesOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    extend_select: ExtendSelectOpt = None,
    previous: PreviousOpt = None,
    published: Annotated[str | None, typer.Option(help="publication date YYYY-MM-DD")] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", help="check in N processes")] = None,
    no_progress: Annotated[bool, typer.Option("--no-progress", help="no progress bar")] = False,
    plugin: Annotated[
        list[str] | None, typer.Option("--plugin", help="load a plugin module or file")
    ] = None,
) -> None:
    """Write FILE recording every current finding of the reports, by fingerprint."""
    from gixcheck import baseline as bl

    values = _cli_values(
        rules=rules,
        select=select,
        ignore=ignore,
        extend_select=extend_select,
        published=published,
        previous=previous,
        jobs=jobs,
        plugin=plugin,
        no_progress=no_progress,
    )
    settings = _settings(values)
    settings.set("baseline", None, "baseline create")  # record everything, accept nothing
    result, summary = _stream(paths, settings, _host(settings.plugins), [], hold=True)
    entries = bl.entries_of(result.reports, settings.lang)
    _emit(bl.dumps(entries), file)
    click.echo(f"gixcheck: wrote {len(entries)} baseline entries to {file}", err=True)
    if summary.unreadable and summary.unreadable == summary.reports:
        raise typer.Exit(2)


@app.command("extract")
def extract_cmd(
    path: Annotated[str, typer.Argument(help="an HTML, text, DOCX or PDF report; - for stdin")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="write JSON here")] = None,
) -> None:
    """Turn a report into canonical report JSON."""
    from gixcheck.model import canonical_json

    try:
        if path == "-":
            report = api.extract(api.read_bytes("-"), "<stdin>")
        else:
            if not Path(path).is_file():
                fail(f"{path}: no such file")
            report = api.extract(path)
    except api.InputError as exc:
        fail(f"{path}: {exc.en}")
    _emit(canonical_json(report), output)


def _ruleset(name: str, plugins: list[str] | None = None) -> Any:
    from gixcheck.plugins import PluginError

    h = _host(plugins)
    try:
        return h.ruleset(name)
    except PluginError as exc:
        fail(str(exc))


@app.command("rules")
def rules_cmd(
    rules: Annotated[str, typer.Option("--rules", help="rule set name or TOML file")] = "national",
    fmt: Annotated[str, typer.Option("--format", help="text or json")] = "text",
    plugin: Annotated[list[str] | None, typer.Option("--plugin", help=PLUGIN_OPTION_HELP)] = None,
) -> None:
    """List the rules of a rule set."""
    rs = _ruleset(rules, plugin)
    rows = [
        {
            "code": r.code,
            "name": r.name,
            "severity": r.severity.value,
            "category": r.category,
            "title": r.text("summary", "en"),
            "title_zh": r.text("summary", "zh"),
            "enabled": r.enabled,
        }
        for r in rs.rules.values()
        if r.status == "active"
    ]
    if fmt == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    if fmt != "text":
        fail(f"rules --format must be text or json, not {fmt!r}")
    for row in rows:
        off = "" if row["enabled"] else "  (off)"
        click.echo(
            f"{row['code']:<8} {row['severity']:<8} {row['category']:<11} {row['name']:<32} "
            f"{row['title_zh']}{off}"
        )


@app.command("explain")
def explain_cmd(
    code: Annotated[str, typer.Argument(help="a rule code, e.g. ARI001")],
    rules: Annotated[str, typer.Option("--rules", help="rule set name or TOML file")] = "national",
    plugin: Annotated[list[str] | None, typer.Option("--plugin", help=PLUGIN_OPTION_HELP)] = None,
) -> None:
    """Everything about one rule: what, why, legal basis, examples, how to fix."""
    from gixcheck.explain import explain

    rs = _ruleset(rules, plugin)
    rule = rs.rules.get(code.upper())
    if rule is None:
        fail(f"unknown rule code {code!r} in rule set {rs.name!r}")
    h = _host(plugin)
    click.echo(explain(rule, h.kinds.get(rule.kind)))


@app.command("rulesets")
def rulesets_cmd(
    plugin: Annotated[list[str] | None, typer.Option("--plugin", help=PLUGIN_OPTION_HELP)] = None,
) -> None:
    """The rule sets available, with versions and origin (the plugin that registered each)."""
    from gixcheck.plugins import PluginError

    h = _host(plugin)
    infos = {p.name: p for p in h.plugins}
    for name in sorted(h.ruleset_sources):
        src = h.ruleset_sources[name]
        try:
            rs = h.ruleset(name)
            version, extra = rs.version, f"{len(rs.active())} rules"
            if len(rs.chain) > 1:
                extra += ", extends " + ", ".join(n for n, _ in rs.chain[1:])
        except PluginError as exc:
            version, extra = str(src.data["ruleset"].get("version", "?")), f"unusable: {exc}"
        info = infos.get(h.ruleset_origin[name])
        origin = f"{info.name} {info.version} ({info.origin})" if info else h.ruleset_origin[name]
        click.echo(f"{name:<12} {version:<10} {origin:<56} {extra}")


@app.command("plugins")
def plugins_cmd(
    plugin: Annotated[list[str] | None, typer.Option("--plugin", help=PLUGIN_OPTION_HELP)] = None,
) -> None:
    """Installed plugins, their versions, what each registers, and load failures (exit 1)."""
    h = _host(plugin)
    for p in h.plugins:
        click.echo(f"{p.name} {p.version} ({p.origin})")
        for what, names in p.registers.items():
            click.echo(f"    {what}: {', '.join(names)}")
    for f in h.failures:
        click.echo(f"FAILED {f.name} {f.version} ({f.origin}): {f.error}")
    if h.failures:  # so CI can tell a broken installation from a healthy one
        raise typer.Exit(1)


@app.command("schema")
def schema_cmd() -> None:
    """Print the report JSON Schema."""
    from gixcheck.schema import schema

    sys.stdout.write(json.dumps(schema(), ensure_ascii=False, indent=2) + "\n")


def _version_callback(value: bool) -> None:
    if value:
        click.echo(f"gixcheck {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version_callback, is_eager=True, help="show the version"
        ),
    ] = False,
) -> None:
    """gixcheck: deterministic checks for 政府信息公开工作年度报告."""


def _with_default_command(argv: list[str]) -> list[str]:
    """``gixcheck FILE`` means ``gixcheck check FILE`` (ruff's and pytest's convenience)."""
    if not argv or argv[0] in COMMANDS or argv[0] in ("--help", "-h", "--version"):
        return argv
    return ["check", *argv]


def program() -> None:
    """The ``gixcheck`` program (console script and ``python -m gixcheck``)."""
    global _STANDALONE
    _STANDALONE = True
    main()


def main(argv: list[str] | None = None) -> None:
    args = _with_default_command(list(sys.argv[1:] if argv is None else argv))
    try:
        rv = app(args=args, prog_name="gixcheck", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as exc:
        click.echo(exc.ctx.get_help() if exc.ctx else "", err=False)
        sys.exit(0)
    except click.UsageError as exc:
        click.echo(f"gixcheck: error: {exc.format_message()}", err=True)
        sys.exit(2)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("gixcheck: aborted", err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # the last guard: a user never sees a traceback
        click.echo(
            f"gixcheck: internal error: {type(exc).__name__}: {exc} (please report)", err=True
        )
        sys.exit(2)
    sys.exit(rv if isinstance(rv, int) else 0)


if __name__ == "__main__":  # pragma: no cover
    main()

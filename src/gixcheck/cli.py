"""The command line: parse options, call the API, choose the exit code — nothing else.

Exit codes: 0 no finding at or above --fail-on; 1 at least one; 2 the run could not be done
as asked (bad option, unknown rule set or code, nothing readable, a required plugin failed).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import signal
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import click
import typer

from gixcheck import api
from gixcheck._version import __version__
from gixcheck.messages import text

CONTEXT = {"help_option_names": ["-h", "--help"]}

app = typer.Typer(
    name="gixcheck",
    help=text("cli.help").en,
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings=CONTEXT,
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
SelectOpt = Annotated[
    list[str] | None,
    typer.Option(help="only these codes or prefixes (ALL: every rule); replaces the config's"),
]
IgnoreOpt = Annotated[list[str] | None, typer.Option(help="skip these codes or prefixes")]
ExtendSelectOpt = Annotated[
    list[str] | None, typer.Option("--extend-select", help="add codes or prefixes")
]
PreviousOpt = Annotated[
    str | None,
    typer.Option(
        help="last year's report of the same body, or a folder of last year's reports"
        " (paired by body and year)"
    ),
]
PublishedOpt = Annotated[
    str | None, typer.Option(help="publication date YYYY-MM-DD, if the document lacks it")
]
JobsOpt = Annotated[
    int | None,
    typer.Option("--jobs", "-j", help="check in N processes [default: CPUs for many files]"),
]
NoProgressOpt = Annotated[
    bool, typer.Option("--no-progress", help="no progress bar (also off in CI, pre-commit, pipes)")
]
PluginOpt = Annotated[list[str] | None, typer.Option("--plugin", help=PLUGIN_OPTION_HELP)]
PluginSettingOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--plugin-option",
        metavar="PLUGIN.KEY=VALUE",
        help="a plugin's setting, as in [tool.gixcheck.plugins.PLUGIN] (repeatable)",
    ),
]
ConfigOpt = Annotated[
    str | None,
    typer.Option(
        "--config", help="read settings from this gixcheck.toml or pyproject.toml (no discovery)"
    ),
]
ExcludeOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--exclude", help="file or folder patterns a folder scan skips (replaces the default)"
    ),
]
ExtendExcludeOpt = Annotated[
    list[str] | None,
    typer.Option("--extend-exclude", help="more patterns a folder scan skips"),
]
QuietOpt = Annotated[
    bool, typer.Option("--quiet", "-q", help="print the results and errors, nothing else")
]


class Terminated(KeyboardInterrupt):
    """SIGTERM (a CI job cancelled): the run stops as it does on Ctrl-C."""


def _host(plugins: list[str] | None) -> Any:
    from gixcheck.plugins import host

    h = host(tuple(plugins or ()))
    for f in h.failures:
        say(f"warning: {f.line()}")
    return h


def fail(message: str) -> NoReturn:
    """One clear line on stderr and exit code 2."""
    say(f"error: {message}")
    raise typer.Exit(2)


def printable(line: str) -> str:
    """``line`` with control characters shown as escapes (``\\x1b``), never interpreted: a
    file name holding one must not move the cursor, recolour or rewrite the user's terminal."""
    from gixcheck.output.safe import visible

    return visible(line)


def say(line: str) -> None:
    """One line on stderr, prefixed with the program's name."""
    if getattr(sys.stderr, "rich_proxied_file", None) is not None:
        # a progress bar is showing and has redirected stderr: through it, the line is printed
        # above the bar (click would write to the file underneath, onto the bar)
        sys.stderr.write(printable(f"gixcheck: {line}") + "\n")
        sys.stderr.flush()
        return
    click.echo(printable(f"gixcheck: {line}"), err=True)


class _RawArgsCommand(typer.core.TyperCommand):
    """Keeps the command line as typed: ``--format``/``-o`` pairs depend on their order."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta["gixcheck.raw_args"] = list(args)
        return super().parse_args(ctx, args)


def _configuration(
    cli: dict[str, Any],
    paths: list[str],
    config_file: str | None,
    formats: list[str] | None = None,
    outputs: list[str] | None = None,
    raw_args: list[str] | None = None,
) -> Any:
    """The run's configuration: the command line over the configuration file, validated."""
    from gixcheck import config

    given = {k: v for k, v in cli.items() if v is not None and v != [] and v is not False}
    try:
        return config.load(given, paths, config_file, formats or [], outputs or [], raw_args)
    except config.ConfigError as exc:
        fail(str(exc))


def _session(cfg: Any, paths: list[str], writes: list[tuple[str, str]] | None = None) -> Any:
    from gixcheck import batch
    from gixcheck.session import Session

    quiet = cfg.quiet

    def warn(line: str) -> None:
        if not quiet or line.startswith("error"):
            say(line)

    try:
        return Session(
            cfg,
            paths,
            writes=writes or [],
            say=warn,
            progress=batch.progress_wanted(cfg.no_progress),
        )
    except api.UsageError as exc:
        fail(str(exc))


def _run(session: Any, outputs: list[Any], hold: bool = False) -> Any:
    """Run the session, printing what a person needs to know as it goes."""
    cfg = session.config
    lang = cfg.lang

    def on_result(r: Any) -> None:
        if cfg.quiet:
            return
        if not r.readable:
            reason = r.findings[0].message(lang) if r.findings else "unreadable"
            say(reason)
        elif r.previous_missing is not None:
            say(
                text("session.previous_unpaired", report=r.source, reason=r.previous_missing(lang))(
                    lang
                )
            )

    from gixcheck.session import Interrupted

    try:
        return session.run(outputs, on_result=on_result, hold=hold)
    except api.UsageError as exc:
        fail(str(exc))
    except BrokenPipeError:
        _pipe_closed()
    except Interrupted as exc:
        say(exc.message(lang))
        raise typer.Exit(143 if isinstance(exc.cause, Terminated) else 130) from None


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
    published: PublishedOpt = None,
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
    jobs: JobsOpt = None,
    no_progress: NoProgressOpt = False,
    plugin: PluginOpt = None,
    plugin_option: PluginSettingOpt = None,
    config_file: ConfigOpt = None,
    exclude: ExcludeOpt = None,
    extend_exclude: ExtendExcludeOpt = None,
    statistics: Annotated[
        bool,
        typer.Option(
            "--statistics",
            help="counts per rule (findings, reports, code, title) on stdout instead of findings",
        ),
    ] = False,
    quiet: QuietOpt = False,
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
    max_evidence: Annotated[
        int | None,
        typer.Option("--max-evidence", help="characters kept of one evidence text [default: 1000]"),
    ] = None,
    max_findings_per_rule: Annotated[
        int | None,
        typer.Option(
            "--max-findings-per-rule",
            help="findings shown per rule and report; the rest counted as omitted [default: 200]",
        ),
    ] = None,
    max_findings_per_report: Annotated[
        int | None,
        typer.Option(
            "--max-findings-per-report",
            help="findings shown per report; the rest counted as omitted [default: 1000]",
        ),
    ] = None,
) -> None:
    """Check reports (the default command).

    Several formats in one run: give each --format its own -o, e.g.
    --format json -o a.json --format html -o a.html (a --format without -o goes to stdout).
    Settings also come from [tool.gixcheck] in pyproject.toml or gixcheck.toml (see gixcheck config);
    options given here win.
    """
    from gixcheck.limits import set_memory_limit

    cfg = _configuration(
        {
            "rules": rules,
            "select": select,
            "ignore": ignore,
            "extend-select": extend_select,
            "severity": severity,
            "fail-on": fail_on,
            "lang": lang,
            "published": published,
            "previous": previous,
            "baseline": baseline,
            "jobs": jobs,
            "plugins": plugin,
            "plugin-options": plugin_option,
            "no-progress": no_progress,
            "exclude": exclude,
            "extend-exclude": extend_exclude,
            "statistics": statistics,
            "quiet": quiet,
            "max-size": max_size,
            "max-pages": max_pages,
            "timeout": timeout,
            "max-memory": max_memory,
            "max-evidence": max_evidence,
            "max-findings-per-rule": max_findings_per_rule,
            "max-findings-per-report": max_findings_per_report,
        },
        paths,
        config_file,
        fmt,
        output,
        ctx.meta.get("gixcheck.raw_args"),
    )
    session = _session(cfg, paths)
    if _STANDALONE:
        # as late as possible: what the run imports is loaded, only the documents are left
        import gixcheck.batch  # noqa: F401

        set_memory_limit(cfg.limits.max_memory_mb)
    outcome = _run(session, session.outputs())
    summary = outcome.summary
    to_files = any(o.path is not None for o in outcome.outputs)
    if not cfg.quiet and (summary.reports > 1 or to_files):
        say(summary.line(cfg.lang))
    raise typer.Exit(outcome.exit_code(cfg.fail_on))


@app.command("config")
def config_cmd(
    paths: Annotated[list[str] | None, typer.Argument(help="the files a run would check")] = None,
    config_file: ConfigOpt = None,
) -> None:
    """Print the effective settings and where each came from (file or default)."""
    from gixcheck import config

    cfg = _configuration({}, paths or [], config_file)
    sys.stdout.write(config.render(cfg))


baseline_app = typer.Typer(
    help="Record today's findings so only new ones fail (see --baseline).",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings=CONTEXT,
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
    published: PublishedOpt = None,
    jobs: JobsOpt = None,
    no_progress: NoProgressOpt = False,
    plugin: PluginOpt = None,
    plugin_option: PluginSettingOpt = None,
    config_file: ConfigOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Write FILE recording every current finding of the reports, by fingerprint."""
    from dataclasses import replace

    from gixcheck import baseline as bl
    from gixcheck.destinations import Destination, OutputError

    cfg = _configuration(
        {
            "rules": rules,
            "select": select,
            "ignore": ignore,
            "extend-select": extend_select,
            "published": published,
            "previous": previous,
            "jobs": jobs,
            "plugins": plugin,
            "plugin-options": plugin_option,
            "no-progress": no_progress,
            "quiet": quiet,
        },
        paths,
        config_file,
    )
    # record everything, accept nothing, write nothing but FILE
    cfg = replace(cfg, baseline=None, outputs=())
    session = _session(cfg, paths, writes=[("baseline file", str(file))])
    outcome = _run(session, [], hold=True)
    entries = bl.entries_of(outcome.result.reports, cfg.lang)
    dest = Destination(str(file))
    try:
        dest.open().write(bl.dumps(entries))
        dest.commit()
    except OutputError as exc:
        dest.discard()
        fail(str(exc))
    if not cfg.quiet:
        say(f"wrote {len(entries)} baseline entries to {file}")
    if outcome.summary.unreadable and outcome.summary.unreadable == outcome.summary.reports:
        raise typer.Exit(2)


@app.command("extract")
def extract_cmd(
    path: Annotated[str, typer.Argument(help="an HTML, text, DOCX or PDF report; - for stdin")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="write JSON here")] = None,
) -> None:
    """Turn a report into canonical report JSON."""
    from gixcheck.destinations import Destination, OutputError
    from gixcheck.inputs import real
    from gixcheck.model import canonical_json

    if (
        output is not None
        and path != "-"
        and str(output) != "-"
        and real(str(output)) == real(path)
    ):
        fail(f"-o {output}: is the input (it would be overwritten before it is read)")
    try:
        if path == "-":
            report = api.extract(api.read_bytes("-"), "<stdin>")
        else:
            if not Path(path).exists():
                fail(f"{path}: no such file")
            report = api.extract(path)
    except api.InputError as exc:
        fail(f"{path}: {exc.en}")
    dest = Destination(None if output is None else str(output))
    try:
        dest.open().write(canonical_json(report))
        dest.commit()
    except OutputError as exc:
        dest.discard()
        fail(str(exc))


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
    from gixcheck.plugin.version import API_VERSION, RULESET_FORMAT

    h = _host(plugin)
    click.echo(f"plugin API {API_VERSION}, rule-set format {RULESET_FORMAT}")
    for p in h.plugins:
        click.echo(f"{p.name} {p.version} ({p.origin})")
        if p.origin != "built-in":
            click.echo(f"    api: {p.api}")
        if p.pack is not None and p.pack.settings is not None:
            keys = ", ".join(f.name for f in dataclasses.fields(p.pack.settings))
            click.echo(f"    settings: {keys}")
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


def _terminated(signum: int, frame: object) -> None:
    raise Terminated()


def _pipe_closed() -> NoReturn:
    """The reader of our standard output went away (``gixcheck … | head``): stop quietly, as
    a program killed by SIGPIPE does, without Python's complaint when it flushes at exit."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    sys.exit(128 + signal.SIGPIPE if hasattr(signal, "SIGPIPE") else 1)


def program() -> None:
    """The ``gixcheck`` program (console script and ``python -m gixcheck``)."""
    global _STANDALONE
    _STANDALONE = True
    # A message must never crash on a terminal whose encoding cannot show it (latin-1, C):
    # unshowable characters are replaced.  Machine formats bypass this (always UTF-8).
    for stream, errors in ((sys.stdout, "replace"), (sys.stderr, "backslashreplace")):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(OSError, ValueError):
                reconfigure(errors=errors)
    with contextlib.suppress(OSError, ValueError):  # ValueError: not the main thread
        signal.signal(signal.SIGTERM, _terminated)
    main()


def main(argv: list[str] | None = None) -> None:
    args = _with_default_command(list(sys.argv[1:] if argv is None else argv))
    try:
        rv = app(args=args, prog_name="gixcheck", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as exc:
        click.echo(exc.ctx.get_help() if exc.ctx else "", err=False)
        sys.exit(0)
    except click.UsageError as exc:
        say(f"error: {exc.format_message()}")
        sys.exit(2)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.Abort as exc:  # click's name for a KeyboardInterrupt
        say("aborted")
        sys.exit(143 if isinstance(exc.__cause__, Terminated) else 130)
    except BrokenPipeError:
        _pipe_closed()
    except KeyboardInterrupt as exc:
        sys.exit(143 if isinstance(exc, Terminated) else 130)
    except Exception as exc:  # the last guard: a user never sees a traceback
        say(f"internal error: {type(exc).__name__}: {exc} (please report)")
        sys.exit(2)
    sys.exit(rv if isinstance(rv, int) else 0)


if __name__ == "__main__":  # pragma: no cover
    main()

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

COMMANDS = {"check", "extract", "rules", "explain", "rulesets", "plugins", "schema"}
FORMATS_HELP = "output format: text, json (and any registered by plugins)"


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
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror}")


@app.command("check")
def check_cmd(
    paths: Annotated[list[str], typer.Argument(help="report files or folders; - for stdin")],
    rules: Annotated[
        list[str] | None, typer.Option("--rules", help="rule set name or TOML file; repeatable")
    ] = None,
    select: Annotated[
        list[str] | None, typer.Option(help="only these codes or prefixes")
    ] = None,
    ignore: Annotated[
        list[str] | None, typer.Option(help="skip these codes or prefixes")
    ] = None,
    extend_select: Annotated[
        list[str] | None, typer.Option("--extend-select", help="add codes or prefixes")
    ] = None,
    severity: Annotated[
        list[str] | None, typer.Option(help="override a severity: CODE=error|warning|info")
    ] = None,
    previous: Annotated[
        str | None, typer.Option(help="last year's report of the same body")
    ] = None,
    published: Annotated[
        str | None, typer.Option(help="publication date YYYY-MM-DD, if the document lacks it")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help=FORMATS_HELP)] = "text",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="write to this file")
    ] = None,
    fail_on: Annotated[
        str, typer.Option("--fail-on", help="error, warning, info or never")
    ] = "error",
    lang: Annotated[str, typer.Option(help="message language: zh or en")] = "zh",
    plugin: Annotated[
        list[str] | None, typer.Option("--plugin", help="load a plugin module or file")
    ] = None,
) -> None:
    """Check reports (the default command)."""
    if fail_on not in ("error", "warning", "info", "never"):
        fail(f"--fail-on must be error, warning, info or never, not {fail_on!r}")
    if lang not in ("zh", "en"):
        fail(f"--lang must be zh or en, not {lang!r}")
    if published is not None:
        import re

        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", published):
            fail(f"--published must be YYYY-MM-DD, not {published!r}")
    h = _host(plugin)
    if fmt not in h.outputs:
        fail(f"unknown format {fmt!r} (available: {', '.join(sorted(h.outputs))})")
    try:
        items = api.expand_paths(paths)
        rulesets = api.resolve_rulesets(h, rules or ["national"])
    except api.UsageError as exc:
        fail(str(exc))
    if not items:
        fail("no report files found in " + ", ".join(paths))
    known = {code for rs in rulesets for code in rs.rules}
    sel_codes, ign_codes, ext_codes = _split(select), _split(ignore), _split(extend_select)
    sev = _severities(severity)
    _check_codes(sel_codes, known, "--select")
    _check_codes(ign_codes, known, "--ignore")
    _check_codes(ext_codes, known, "--extend-select")
    _check_codes(list(sev), known, "--severity")
    try:
        result = api.check(
            items,
            rules=rules or ["national"],
            previous=previous,
            published=published,
            select=sel_codes or None,
            ignore=ign_codes,
            extend_select=ext_codes,
            severity=sev,
            lang=lang,
            plugins=plugin or (),
        )
    except api.UsageError as exc:
        fail(str(exc))
    unreadable = [r for r in result.reports if not r.readable]
    for r in unreadable:
        reason = r.findings[0].message(lang) if r.findings else "unreadable"
        click.echo(f"gixcheck: {reason}", err=True)
    if fmt == "text" and output is None:
        from rich.console import Console

        from gixcheck.output import text

        text.write(result, lang, Console(highlight=False, soft_wrap=True))
    else:
        _emit(h.outputs[fmt].render(result, lang), output)
    if unreadable and len(unreadable) == len(result.reports):
        raise typer.Exit(2)
    raise typer.Exit(result.exit_code(fail_on))


@app.command("extract")
def extract_cmd(
    path: Annotated[str, typer.Argument(help="an HTML, text, DOCX or PDF report; - for stdin")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="write JSON here")
    ] = None,
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


def _ruleset(name: str) -> Any:
    from gixcheck.plugins import PluginError

    h = _host(None)
    try:
        return h.ruleset(name)
    except PluginError as exc:
        fail(str(exc))


@app.command("rules")
def rules_cmd(
    rules: Annotated[str, typer.Option("--rules", help="rule set name or TOML file")] = "national",
    fmt: Annotated[str, typer.Option("--format", help="text or json")] = "text",
) -> None:
    """List the rules of a rule set."""
    rs = _ruleset(rules)
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
) -> None:
    """Everything about one rule: what, why, legal basis, examples, how to fix."""
    from gixcheck.explain import explain

    rs = _ruleset(rules)
    rule = rs.rules.get(code.upper())
    if rule is None:
        fail(f"unknown rule code {code!r} in rule set {rs.name!r}")
    h = _host(None)
    click.echo(explain(rule, h.kinds.get(rule.kind)))


@app.command("rulesets")
def rulesets_cmd() -> None:
    """The rule sets available, with versions and origin."""
    from gixcheck.plugins import PluginError

    h = _host(None)
    for name in sorted(h.ruleset_sources):
        src = h.ruleset_sources[name]
        try:
            rs = h.ruleset(name)
            version, extra = rs.version, f"{len(rs.active())} rules"
            if len(rs.chain) > 1:
                extra += ", extends " + ", ".join(n for n, _ in rs.chain[1:])
        except PluginError as exc:
            version, extra = str(src.data["ruleset"].get("version", "?")), f"unusable: {exc}"
        click.echo(f"{name:<20} {version:<10} {h.ruleset_origin[name]:<36} {extra}")


@app.command("plugins")
def plugins_cmd() -> None:
    """Installed plugins, their versions, what each registers, and load failures."""
    h = _host(None)
    for p in h.plugins:
        click.echo(f"{p.name} {p.version} ({p.origin})")
        for what, names in p.registers.items():
            click.echo(f"    {what}: {', '.join(names)}")
    for f in h.failures:
        click.echo(f"FAILED {f.name} {f.version} ({f.origin}): {f.error}")


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

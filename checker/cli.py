"""The command line: `checker units | unit | qualify | words | check | eval`."""

from __future__ import annotations

import json
import sys
import traceback
from pathlib import Path

import click

from . import __version__
from .errors import CheckerError, UsageError

EXIT_CODES_HELP = """Exit codes: 0 done; 2 usage error; 3 file not found; 4 unreadable or corrupt file;
5 unknown unit or qualification; 6 invalid unit specification; 7 no text to check;
8 password-protected file; 9 a safety limit was exceeded; 10 output cannot be written;
11 the check ran and found what --fail-on names; 70 internal error."""


def _library(ctx: click.Context):
    from .units import UnitLibrary

    obj = ctx.find_root().obj
    if "library" not in obj:
        obj["library"] = UnitLibrary.load([Path(d) for d in obj["units_dirs"]])
    return obj["library"]


def _emit(text: str, output: str | None, inputs: list[Path] = ()) -> None:
    if output:
        from .output import write_output

        write_output(output, text, list(inputs))
        click.echo(f"written: {output}", err=True)
    else:
        click.echo(text)


@click.group(help=f"""Check a CMI assignment against its unit's assessment criteria, offline.

Start with 'checker units' to find your unit, then 'checker check YOUR_FILE --unit NUMBER'.

{EXIT_CODES_HELP}""")
@click.version_option(__version__, prog_name="checker")
@click.option("--units-dir", multiple=True, type=click.Path(file_okay=False),
              help="A folder of your centre's own unit files (YAML/JSON) to add to the built-in units.")
@click.option("--debug", is_flag=True, help="Show the full traceback when something goes wrong.")
@click.pass_context
def cli(ctx: click.Context, units_dir: tuple[str, ...], debug: bool) -> None:
    ctx.ensure_object(dict)
    ctx.obj["units_dirs"] = list(units_dir)
    ctx.obj["debug"] = debug


@cli.command("units", help="List every unit the checker knows: number, level, title and number of criteria.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
def units_cmd(ctx: click.Context, fmt: str) -> None:
    library = _library(ctx)
    rows = [{"number": u.number, "level": u.level, "title": u.title, "credits": u.credits,
             "criteria": len(u.criteria)} for u in library]
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    click.echo(f"{'Unit':<8} {'Level':>5} {'ACs':>4}  Title")
    for row in rows:
        click.echo(f"{row['number']:<8} {row['level']:>5} {row['criteria']:>4}  {row['title']}")


@cli.command("unit", help="Show one unit's learning outcomes and assessment criteria, with command verbs.")
@click.argument("number")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def unit_cmd(ctx: click.Context, number: str, fmt: str) -> None:
    unit = _library(ctx).get(number)
    if fmt == "json":
        data = unit.to_dict()
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    click.echo(f"Unit {unit.number}: {unit.title} (Level {unit.level}, {unit.credits} credits)")
    if unit.aim:
        click.echo(f"Aim: {unit.aim}")
    for outcome in unit.outcomes:
        click.echo(f"\nLearning outcome {outcome.id}: {outcome.text}")
        for c in outcome.criteria:
            click.echo(f"  {c.id:<5} [{', '.join(c.verbs)}] {c.text}")


@cli.command("qualify", help="Say whether a set of units achieves a qualification, e.g. "
                             "'checker qualify 7D2V2 --units 7015V1,7016V1'.")
@click.argument("code")
@click.option("--units", "unit_list", required=True, help="Comma-separated unit numbers you have achieved.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def qualify_cmd(code: str, unit_list: str, fmt: str) -> None:
    from .qualifications import check_qualification

    verdict = check_qualification(code, [u for u in unit_list.split(",") if u.strip()])
    if fmt == "json":
        click.echo(json.dumps(verdict.to_dict(), indent=2))
        return
    status = "achieved" if verdict.achieved else "not yet achieved"
    click.echo(f"{verdict.code} {verdict.title}: {status}")
    click.echo(f"Credits counted: {verdict.credits} from {', '.join(verdict.counted_units) or 'no units'}")
    if verdict.ignored_units:
        click.echo(f"Not part of this qualification: {', '.join(verdict.ignored_units)}")
    for line in verdict.missing:
        click.echo(f"Still missing: {line}")


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI, turning every error into one line on stderr and an exit code."""
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args
    try:
        cli.main(args=args, prog_name="checker", standalone_mode=False)
        return 0
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("checker: stopped", err=True)
        return 130
    except click.ClickException as exc:
        click.echo(f"checker: error: {exc.format_message()}", err=True)
        return UsageError.exit_code
    except CheckerError as exc:
        if debug:
            traceback.print_exc()
        click.echo(f"checker: error: {exc}", err=True)
        return exc.exit_code
    except Exception as exc:  # a bug: say so plainly, keep the traceback for --debug
        if debug:
            traceback.print_exc()
        click.echo(f"checker: internal error: {type(exc).__name__}: {exc} (run with --debug for details)",
                   err=True)
        return 70


def run() -> None:
    sys.exit(main())


if __name__ == "__main__":
    run()

"""The command line: `checker units | unit | qualify | words | check | eval`."""

from __future__ import annotations

import json
import sys
import traceback
from pathlib import Path

import click

from . import __version__
from .errors import CheckerError, UsageError
from .options import limit_options, settings_from

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


def _input_options(func):
    options = [
        click.option("--band", help="Override the word-count band for this run, e.g. 3000-3500."),
        click.option("--count-footnotes", "footnotes", is_flag=True, help="Count footnotes as body text."),
        click.option("--count-captions", "captions", is_flag=True, help="Count figure and table captions."),
    ]
    for option in reversed(options):
        func = option(func)
    return limit_options(func)


@cli.command("words", help="Count the words of a submission the way CMI does, and compare with the band.")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--unit", help="Unit number: its level sets the band.")
@click.option("--level", type=int, help="Level, if you do not give a unit.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_input_options
@click.pass_context
def words_cmd(ctx, file, unit, level, fmt, band, footnotes, captions, **limits):
    from .bands import band_for_level, band_for_unit
    from .readers import read_submission
    from .wordcount import count_words

    settings = settings_from(band, "blank", limits, footnotes, captions)
    if unit:
        chosen = band_for_unit(_library(ctx).get(unit), settings.band)
    elif level:
        chosen = band_for_level(level)
        if settings.band:
            chosen = type(chosen)(*settings.band, chosen.margin, "set for this run")
    else:
        raise UsageError("say which unit (--unit 7015V1) or level (--level 7) the work is for")
    submission = read_submission(file, settings.limits)
    result = count_words(submission, (chosen.min, chosen.max), chosen.margin,
                         count_footnotes=footnotes, count_captions=captions)
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), indent=2))
        return
    from .render_text import word_count_text

    click.echo(word_count_text(result.to_dict()))


@cli.command("check", help="Check a submission against its unit: which paragraphs evidence which criteria, "
                           "what is missing, and the word count.")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--unit", required=True, help="Unit number, e.g. 7015V1 (see 'checker units').")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "html"]), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report to this file.")
@click.option("--audience", type=click.Choice(["learner", "assessor"]), default="learner", show_default=True,
              help="Learner: plain next steps. Assessor: the full audit trail.")
@click.option("--nlp", default="blank", show_default=True,
              help="spaCy pipeline: 'blank' (built in, no download) or an installed one such as en_core_web_sm.")
@click.option("--fail-on", type=click.Choice(["none", "missing", "at-risk"]), default="none", show_default=True,
              help="Exit with code 11 when a criterion is missing (or at risk): useful in scripts.")
@click.option("--branding", type=click.Path(dir_okay=False, exists=True),
              help="A YAML file with your centre's name, logo, colour or own templates for the HTML report.")
@_input_options
@click.pass_context
def check_cmd(ctx, file, unit, fmt, output, audience, nlp, fail_on, branding, band, footnotes, captions, **limits):
    from .analysis import run_check
    from .errors import FindingsFailed

    settings = settings_from(band, nlp, limits, footnotes, captions)
    analysis = run_check(file, _library(ctx).get(unit), settings)
    data = analysis.to_dict()
    if fmt == "json":
        text = json.dumps(data, indent=2, ensure_ascii=False)
    elif fmt == "html":
        from .render_html import render_html

        from .branding import load_branding

        text = render_html(analysis, audience=audience, branding=load_branding(branding) if branding else None)
    else:
        from .render_text import analysis_text

        text = analysis_text(data, audience=audience)
    _emit(text, output, [Path(file)])
    summary = data["summary"]
    if fail_on == "missing" and summary["missing"]:
        raise FindingsFailed(f"{len(summary['missing'])} criteria missing: {', '.join(summary['missing'])}")
    if fail_on == "at-risk" and summary["at_risk"]:
        raise FindingsFailed(f"{len(summary['at_risk'])} criteria at risk: {', '.join(summary['at_risk'])}")


@cli.command("eval", help="Measure the checker on labelled samples (a folder of *.gold.json with their files).")
@click.argument("folder", type=click.Path(file_okay=False, exists=True), default="samples")
@click.option("--split", type=click.Choice(["dev", "heldout"]), help="Only samples of this split.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--errors", "show_errors", is_flag=True, help="List every wrongly mapped paragraph.")
@click.pass_context
def eval_cmd(ctx, folder, split, fmt, show_errors):
    from .evaluate import evaluate

    summary, results, skipped = evaluate(Path(folder), _library(ctx), split=split)
    for line in skipped:
        click.echo(f"skipped {line}", err=True)
    if fmt == "json":
        click.echo(json.dumps({"summary": summary, "documents": [
            {"id": r.id, "style": r.style, "split": r.split, "accuracy": round(r.exact / r.blocks, 3) if r.blocks else None,
             "seconds": round(r.seconds, 3), "errors": r.errors} for r in results]}, indent=2))
        return
    measures = list(next(iter(summary.values())).keys())       # one row per measure, one column per group
    width = max(len(g) for g in summary) + 2
    click.echo("measure".ljust(30) + "".join(g.rjust(width) for g in summary))
    for measure in measures:
        click.echo(measure.ljust(30) + "".join(str(row[measure]).rjust(width) for row in summary.values()))
    for r in results:
        status = ", ".join(f"{a}:{s}" for a, s in r.status.items() if s != "evidenced")
        click.echo(f"\n{r.id} ({r.style}, {r.split}): {r.exact}/{r.blocks} paragraphs; "
                   f"omitted {sorted(r.omitted) or '-'}; flagged {status or '-'}; "
                   f"words {r.words_counted} (gold {r.words_gold}); {r.seconds:.2f} s")
        if show_errors:
            for line in r.errors:
                click.echo(f"    {line}")


# Commands defined in their own modules are registered here, one line each.
# (registered commands)
from .web.commands import serve_cmd  # noqa: E402
cli.add_command(serve_cmd)
from .cohort.commands import batch_cmd, sample_cmd  # noqa: E402
cli.add_command(batch_cmd)
cli.add_command(sample_cmd)


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

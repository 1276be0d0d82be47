"""`checker batch` and `checker sample`, registered in `checker/cli.py`."""

from __future__ import annotations

import json
import os
from pathlib import Path

import click

from ..errors import OutputError, UsageError
from ..options import limit_options, settings_from


def _library(ctx: click.Context):
    from ..units import UnitLibrary

    obj = ctx.find_root().obj or {}
    if "library" not in obj:
        obj["library"] = UnitLibrary.load([Path(d) for d in obj.get("units_dirs", [])])
    return obj["library"]


def _share(text: str) -> float:
    """'10%', '10' (a percentage) or '0.1' (a fraction)."""
    try:
        value = float(text.strip().rstrip("%"))
    except ValueError:
        raise UsageError(f"'{text}' is not a rate; write it as 10% or 0.1") from None
    value = value / 100 if text.strip().endswith("%") or value > 1 else value
    if not 0 <= value <= 1:
        raise UsageError(f"'{text}' is not a rate between 0% and 100%")
    return value


def _run_options(func):
    options = [
        click.option("--unit", help="Unit number for every submission (a manifest's 'unit' column wins)."),
        click.option("--jobs", "-j", type=click.IntRange(min=1), help="Worker processes (default: every core)."),
        click.option("--scheduler", metavar="tcp://HOST:PORT", envvar="CHECKER_SCHEDULER",
                     help="Send the checks to this Dask distributed scheduler instead of local processes "
                          "(needs pip install 'checker[cluster]'; also read from CHECKER_SCHEDULER)."),
        click.option("--root", type=click.Path(file_okay=False, exists=True),
                     help="The folder that manifest paths are relative to (default: the manifest's folder)."),
        click.option("--index", "index", type=click.Path(file_okay=False),
                     help="A similarity index folder: compare with the cohorts in it, then add this one."),
        click.option("--cohort", "cohort_label",
                     help="This cohort's name in the index (default: the --out folder's name)."),
        click.option("--no-similarity", is_flag=True, help="Skip the comparison between submissions."),
        click.option("--band", help="Override the word-count band, e.g. 3000-3500."),
        click.option("--nlp", default="blank", show_default=True, help="spaCy pipeline, as for 'checker check'."),
        click.option("--progress/--no-progress", default=None, help="A progress bar (default: on a terminal)."),
    ]
    for option in reversed(options):
        func = option(func)
    return limit_options(func)


def _batch(ctx, source: Path, out: Path, audience: str, kw: dict):
    from .batch import BatchOptions, run_batch

    options = BatchOptions(
        out=out, unit=kw["unit"], jobs=kw["jobs"] or 0, scheduler=kw["scheduler"], audience=audience,
        settings=settings_from(kw["band"], kw["nlp"], kw),
        similarity=not kw["no_similarity"], index=Path(kw["index"]) if kw["index"] else None,
        cohort_label=kw["cohort_label"], root=Path(kw["root"]) if kw["root"] else None, progress=kw["progress"])
    try:
        return run_batch(source, _library(ctx), options, log=lambda line: click.echo(line, err=True))
    except KeyboardInterrupt:
        click.echo("checker: interrupted; run the same command again to resume where it stopped", err=True)
        raise click.exceptions.Abort() from None


@click.command("batch", help="""Check a cohort: every submission in a folder, or listed in a manifest CSV
(columns: file, unit, and optionally learner, assessor, decision, date, centre, method, location).

Writes to OUTDIR a report per submission (reports/*.html and *.json), the cohort page index.html,
cohort.csv and cohort.json. One failing submission never stops the batch: it is listed with its error.
Running the same command again skips submissions whose content and settings are unchanged.""")
@click.argument("source", metavar="INPUT", type=click.Path(exists=True))
@click.option("--out", "-o", "out", required=True, type=click.Path(file_okay=False), help="The output folder.")
@click.option("--audience", type=click.Choice(["learner", "assessor"]), default="assessor", show_default=True,
              help="Who the per-submission reports are for.")
@_run_options
@click.pass_context
def batch_cmd(ctx: click.Context, source: str, out: str, audience: str, **kw) -> None:
    result = _batch(ctx, Path(source), Path(out), audience, kw)
    click.echo(f"{len(result.rows):,} submissions: {result.checked:,} checked, {result.skipped:,} unchanged, "
               f"{result.errors:,} could not be checked; {len(result.pairs):,} similar pair(s). "
               f"Open {Path(out) / 'index.html'}", err=True)


@click.command("sample", help="""Propose an IQA sample of assessed submissions from a manifest CSV (file,
unit, learner, assessor, decision; optionally date, centre, method, location), with the reason for each
pick and what the sample covers and leaves out. Writes OUTDIR/sample.csv, sample.html and sample.json.

The submissions are checked first (into OUTDIR/batch, resumably) unless --results names an earlier
'checker batch' output folder for the same manifest.""")
@click.argument("manifest", type=click.Path(exists=True, dir_okay=False))
@click.option("--out", "-o", "out", required=True, type=click.Path(file_okay=False), help="The output folder.")
@click.option("--results", type=click.Path(file_okay=False, exists=True),
              help="A 'checker batch' output folder to take the checks from, instead of checking again.")
@click.option("--rate", default="10%", show_default=True, help="Share of each assessor's decisions to sample.")
@click.option("--min-per-assessor", type=click.IntRange(min=0), default=2, show_default=True)
@click.option("--new-assessor", "new_assessors", multiple=True, help="An assessor to treat as new (repeatable).")
@click.option("--new-first", type=click.IntRange(min=0), default=0, show_default=True,
              help="Treat each assessor's first N decisions (by date) as new-assessor decisions.")
@click.option("--new-rate", default="100%", show_default=True, help="Share of new-assessor decisions to sample.")
@click.option("--seed", type=int, default=0, show_default=True, help="The same seed gives the same sample.")
@_run_options
@click.pass_context
def sample_cmd(ctx: click.Context, manifest: str, out: str, results: str | None, rate: str, min_per_assessor: int,
               new_assessors: tuple[str, ...], new_first: int, new_rate: str, seed: int, **kw) -> None:
    from .sample_output import write_sample
    from .sampling import SampleRule, propose

    rule = SampleRule(rate=_share(rate), min_per_assessor=min_per_assessor, new_assessors=new_assessors,
                      new_first=new_first, new_rate=_share(new_rate), seed=seed)
    out_dir = Path(out)
    if results:
        rows, batch_dir = _rows_from(Path(results), Path(manifest), kw["root"], kw["unit"]), Path(results)
    else:
        batch_dir = out_dir / "batch"
        rows = _batch(ctx, Path(manifest), batch_dir, "assessor", kw).rows
    sample = propose(rows, rule)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the output folder '{out_dir}': {exc.strerror}") from None
    reports = os.path.relpath(batch_dir.resolve(), out_dir.resolve()).replace(os.sep, "/") + "/"
    write_sample(out_dir, sample, reports, [Path(manifest)])
    click.echo(f"sampled {len(sample.picks):,} of {len(sample.population):,} assessed submissions "
               f"({sum(1 for p in sample.picks if p['kind'] == 'risk'):,} for risk). Open {out_dir / 'sample.html'}",
               err=True)


def _rows_from(results: Path, manifest: Path, root: str | None, unit: str | None) -> list[dict]:
    """The batch rows of an earlier run, with this manifest's assessor, decision and other columns."""
    from .batch import base_row
    from .manifest import manifest_entries

    try:
        data = json.loads((results / "cohort.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UsageError(f"'{results}' holds no readable cohort.json from 'checker batch' ({exc})") from None
    by_key = {r["key"]: r for r in data.get("submissions", [])}
    by_name: dict[str, list[dict]] = {}
    for r in by_key.values():
        by_name.setdefault(Path(r["key"]).name, []).append(r)
    rows = []
    for entry in manifest_entries(manifest, unit, Path(root) if root else None):
        found = by_key.get(entry.key)
        if found is None:                                  # the batch ran on the folder: match by file name
            same_name = by_name.get(Path(entry.key).name, [])
            found = same_name[0] if len(same_name) == 1 else None
        mine = base_row(entry)
        if found is None:
            rows.append({**mine, "status": "error", "error": "not in the batch results", "exit_code": 3, "similar": []})
            continue
        taken = ("learner", "assessor", "decision", "date", "centre")
        rows.append({**found, **{k: mine[k] for k in taken if mine[k]},
                     "meta": {**found.get("meta", {}), **mine["meta"]}})
    return rows

"""Command-line options shared by `check`, `words`, `batch` and `sample`: the safety limits, and the
run settings built from them."""

from __future__ import annotations

import click

from .limits import Limits

_MB = 1024 * 1024
_LIMIT_OPTIONS = [
    click.option("--max-file-mb", type=float, help="Largest file accepted, in MB (default 50)."),
    click.option("--max-unzipped-mb", type=float, help="Largest unpacked .docx/.odt, in MB (default 200)."),
    click.option("--max-members", "max_archive_members", type=int,
                 help="Most parts a .docx/.odt may hold (default 2000)."),
    click.option("--max-elements", "max_xml_elements", type=int,
                 help="Most XML elements a .docx may hold (default 1000000; an .odt's count five times)."),
    click.option("--max-words", type=int, help="Most words a submission may hold (default 200000)."),
    click.option("--max-pages", type=int, help="Most pages a PDF may hold (default 500)."),
    click.option("--time-budget", "time_budget_s", type=float, help="Seconds allowed per document (default 60)."),
]
LIMIT_NAMES = ("max_file_mb", "max_unzipped_mb", "max_archive_members", "max_xml_elements", "max_words",
               "max_pages", "time_budget_s")


def limit_options(func):
    """Add the --max-… and --time-budget options to a command."""
    for option in reversed(_LIMIT_OPTIONS):
        func = option(func)
    return func


def limits_from(values: dict) -> Limits:
    """Limits from the options given (None: the default), with sizes in MB turned into bytes."""
    chosen = {k: v for k, v in values.items() if k in LIMIT_NAMES and v is not None}
    for option, field in (("max_file_mb", "max_file_bytes"), ("max_unzipped_mb", "max_unzipped_bytes")):
        if option in chosen:
            chosen[field] = int(chosen.pop(option) * _MB)
    return Limits(**chosen)


def settings_from(band: str | None, nlp: str, limits: dict, footnotes: bool = False, captions: bool = False):
    """The run's Settings from the command line's band, pipeline, counting flags and limit options."""
    from .analysis import Settings
    from .bands import parse_band

    return Settings(nlp=nlp, band=parse_band(band) if band else None, count_footnotes=footnotes,
                    count_captions=captions, limits=limits_from(limits))

"""Safety limits, enforced before expensive work. Each can be raised on the command line."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 50 * 1024 * 1024          # --max-file-mb
    max_unzipped_bytes: int = 200 * 1024 * 1024     # --max-unzipped-mb (docx/odt are zip archives)
    max_archive_members: int = 2000                 # --max-members
    max_xml_elements: int = 1_000_000               # --max-elements (docx; an odt's count five times)
    max_words: int = 200_000                        # --max-words
    max_pages: int = 500                            # --max-pages (PDF)
    time_budget_s: float = 60.0                     # --time-budget, seconds per document

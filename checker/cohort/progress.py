"""Progress for a batch: a bar on a terminal; otherwise quiet log lines (every tenth, and each error)."""

from __future__ import annotations

import sys
from typing import Callable

import click


class Progress:
    def __init__(self, total: int, bar: bool | None, log: Callable[[str], None]):
        self.total, self.count, self.errors, self.log = total, 0, 0, log
        self.bar = None
        self.held: list[str] = []
        if bar is None:
            bar = sys.stderr.isatty()
        if bar:
            self.bar = click.progressbar(length=total, label="Checking", file=sys.stderr, show_pos=True,
                                         show_eta=True, item_show_func=self._note)
            self.bar.__enter__()
        self.step = max(1, total // 10)

    def advance(self) -> None:
        self.count += 1
        if self.bar is not None:
            self.bar.update(1)
        elif self.count % self.step == 0 or self.count == self.total:
            self.log(f"checked {self.count:,} of {self.total:,}" + (f" ({self._note()})" if self.errors else ""))

    def _note(self, _item: object = None) -> str | None:
        return f"{self.errors:,} could not be checked" if self.errors else None

    def error(self, message: str) -> None:
        self.errors += 1
        if self.bar is None:
            self.log(f"error: {message}")
        elif len(self.held) < 20:
            self.held.append(message)

    def close(self) -> None:
        """End the bar, then list the errors it held back (the first 20; all are in cohort.csv)."""
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None
            for message in self.held:
                self.log(f"error: {message}")
            if self.errors > len(self.held):
                self.log(f"… and {self.errors - len(self.held):,} more errors: see cohort.csv")

"""Resuming a batch: a state file in the output folder records each finished submission, keyed by the
SHA-256 of its content, a hash of the settings (unit, options, audience) and the checker version.

The file is append-only JSON lines, so an interrupted batch loses at most the line being written; a
torn last line is ignored. At the end of a batch it is rewritten with one line per submission.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .. import __version__
from ..output import write_output

STATE_NAME = "batch-state.jsonl"


class BatchState:
    def __init__(self, outdir: Path):
        self.path = outdir / STATE_NAME
        self.records: dict[str, dict] = {}
        if self.path.exists():
            for line in self.path.read_text(encoding="utf-8", errors="replace").splitlines():
                try:
                    record = json.loads(line)
                    self.records[record["key"]] = record
                except (ValueError, KeyError, TypeError):
                    continue
        self._handle = None

    def done(self, key: str, content: str, settings: str) -> dict | None:
        """The stored row if this submission was checked with this content, settings and version."""
        record = self.records.get(key)
        if (record and record.get("content") == content and record.get("settings") == settings
                and record.get("version") == __version__ and record.get("row", {}).get("status") == "ok"):
            return record
        return None

    def record(self, key: str, content: str, settings: str, row: dict, outputs: dict) -> None:
        entry = {"key": key, "content": content, "settings": settings, "version": __version__, "row": row,
                 "outputs": outputs}
        self.records[key] = entry
        if self._handle is None:
            self._handle = open(self.path, "a", encoding="utf-8")
        self._handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self._handle.flush()
        os.fsync(self._handle.fileno())

    def compact(self, keys: set[str] | None = None) -> None:
        """Rewrite the file with the latest line per submission (those in `keys`, if given)."""
        self.close()
        kept = [r for k, r in self.records.items() if keys is None or k in keys]
        write_output(self.path, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in kept))

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None

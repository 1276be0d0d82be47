"""A similarity index on disk, built incrementally: one segment per cohort, so a new cohort is compared
with earlier years without recomputing them.

    INDEX/index.json                   the segments: label, date, submissions (key, label, content hash)
    INDEX/<segment>.keys.npy           sorted MinHash band keys of the segment's submissions
    INDEX/<segment>.owners.npy         which submission (position in the segment) holds each key
    INDEX/<segment>.df.npz             how many submissions hold each shingle and each word
    INDEX/fingerprints/<sha256>.npz    each submission's fingerprint, named by its content

Adding a cohort with a label that is already indexed replaces that segment (a re-run is not compared
with itself). The index records the fingerprint parameters and refuses to mix different ones.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from ..errors import OutputError, UsageError
from ..output import write_output
from .files import write_bytes
from .shingles import PARAMS
from .similarity import Collected, Doc, Earlier


class SimilarityIndex:
    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.manifest = self.folder / "index.json"
        if self.manifest.exists():
            try:
                self.data = json.loads(self.manifest.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise UsageError(f"'{self.manifest}' is not a readable similarity index ({exc})") from None
            if self.data.get("params") != PARAMS:
                raise UsageError(f"the similarity index '{self.folder}' was built with other fingerprint settings "
                                 f"({self.data.get('params')}); start a new index")
        else:
            self.data = {"params": PARAMS, "segments": []}

    @property
    def labels(self) -> list[str]:
        return [s["label"] for s in self.data["segments"]]

    def earlier(self, exclude_label: str) -> list[Earlier]:
        """Every indexed cohort except `exclude_label`, ready for `find_similar`."""
        found = []
        for seg in self.data["segments"]:
            if seg["label"] == exclude_label:
                continue
            stem = self.folder / seg["id"]
            docs = [Doc(d["key"], d["label"], self.folder / d["fingerprint"], seg["label"], d["content"])
                    for d in seg["docs"]]
            with np.load(f"{stem}.df.npz", allow_pickle=False) as df:
                shingle_df = (df["shingles"], df["shingle_counts"])
                word_df = (df["words"], df["word_counts"])
            found.append(Earlier(docs, np.load(f"{stem}.keys.npy", mmap_mode="r"),
                                 np.load(f"{stem}.owners.npy", mmap_mode="r"), shingle_df, word_df))
        return found

    def add(self, label: str, docs: list[Doc], collected: Collected) -> None:
        """Store this cohort as a segment (replacing one with the same label)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / "fingerprints").mkdir(exist_ok=True)
        seg_id = f"seg-{re.sub(r'[^A-Za-z0-9_-]+', '-', label).strip('-')[:40] or 'cohort'}-" \
                 f"{datetime.now(timezone.utc).strftime('%Y%m%dT%H%M%S%f')}"
        entries = []
        for doc in docs:
            target = self.folder / "fingerprints" / f"{doc.content}.npz"
            if not target.exists():
                try:
                    shutil.copyfile(doc.fingerprint, target)
                except OSError as exc:
                    raise OutputError(f"cannot write the similarity index '{self.folder}': {exc.strerror}") from None
            entries.append({"key": doc.key, "label": doc.label, "content": doc.content,
                            "fingerprint": f"fingerprints/{doc.content}.npz"})
        stem = self.folder / seg_id
        for suffix, array in ((".keys.npy", collected.keys), (".owners.npy", collected.owners)):
            write_bytes(Path(f"{stem}{suffix}"), _npy(array))
        df = {"shingles": collected.shingle_df[0], "shingle_counts": collected.shingle_df[1],
              "words": collected.word_df[0], "word_counts": collected.word_df[1]}
        write_bytes(Path(f"{stem}.df.npz"), _npz(df))
        old = [s for s in self.data["segments"] if s["label"] == label]
        self.data["segments"] = [s for s in self.data["segments"] if s["label"] != label] + [{
            "id": seg_id, "label": label, "added": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "docs": entries}]
        write_output(self.manifest, json.dumps(self.data, indent=1, ensure_ascii=False))
        for seg in old:
            for suffix in (".keys.npy", ".owners.npy", ".df.npz"):
                Path(f"{self.folder / seg['id']}{suffix}").unlink(missing_ok=True)


def _npy(array: np.ndarray) -> bytes:
    import io

    buffer = io.BytesIO()
    np.save(buffer, np.asarray(array), allow_pickle=False)
    return buffer.getvalue()


def _npz(arrays: dict) -> bytes:
    import io

    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    return buffer.getvalue()

"""Fingerprints of a submission for the similarity step: word shingles and their MinHash band keys.

A fingerprint is made once per submission (in the batch worker) from its body text: paragraphs, list
items and tables. Left out before shingling: in-text citations, quotations in quotation marks, and
every shingle of the unit's own wording (criteria, outcomes, guidance), which any learner may share.
Reference lists, headings and the cover page are not body text and are never used.

Shingles are `K` consecutive words, hashed to 64 bits. MinHash signatures are taken over overlapping
windows of `WINDOW` shingles (every `STRIDE`), so that a passage shared inside otherwise different
paragraphs still gives two windows with a high overlap; each signature is cut into `BANDS` bands of
`ROWS` values, and each band is hashed to one key (locality-sensitive hashing). Two submissions are
candidates when they share a band key.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

K = 5
WINDOW = 40
STRIDE = 20
BANDS = 32
ROWS = 3
BODY_KINDS = ("paragraph", "list_item", "table")
PARAMS = {"k": K, "window": WINDOW, "stride": STRIDE, "bands": BANDS, "rows": ROWS, "version": 2}

_WORD = re.compile(r"[0-9A-Za-zÀ-ÖØ-öø-ÿ]+(?:['’][A-Za-z]+)?")
_CITATION = re.compile(
    r"\([^()]{0,160}?\b(?:1[89]\d\d|20\d\d)[a-z]?\b[^()]{0,60}\)"                 # (Kotter, 1996: 12)
    r"|\b[A-Z][\w'’\-]+(?:\s+(?:and|&)\s+[A-Z][\w'’\-]+)?(?:\s+et\s+al\.?)?(?:'s|’s)?\s*"
    r"\((?:1[89]\d\d|20\d\d)[a-z]?[^()]{0,40}\)")                                   # Kotter (1996)
_QUOTED = re.compile(r"“[^”]{0,800}”|\"[^\"\n]{0,800}\"")
_U64 = np.uint64
_SEEDS = np.random.default_rng(20240601).integers(1, 2**63, size=BANDS * ROWS, dtype=np.uint64)
_BAND_SALT = np.random.default_rng(20240602).integers(1, 2**63, size=BANDS, dtype=np.uint64)


def mix(values: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: a fast, well-spread 64-bit hash of 64-bit integers (wrapping arithmetic)."""
    z = values.astype(_U64, copy=True)
    with np.errstate(over="ignore"):
        z ^= z >> _U64(30)
        z *= _U64(0xBF58476D1CE4E5B9)
        z ^= z >> _U64(27)
        z *= _U64(0x94D049BB133111EB)
        z ^= z >> _U64(31)
    return z


@lru_cache(maxsize=200_000)
def word_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


def tokens(text: str) -> list[tuple[int, int, str]]:
    """(start, end, lower-case word) for each word not inside a citation or a quotation."""
    masked = [(m.start(), m.end()) for pattern in (_CITATION, _QUOTED) for m in pattern.finditer(text)]
    found = []
    for m in _WORD.finditer(text):
        if any(a <= m.start() < b for a, b in masked):
            continue
        found.append((m.start(), m.end(), m.group().lower().replace("’", "'")))
    return found


def shingle_hashes(word_hashes: np.ndarray) -> np.ndarray:
    """The hash of each run of K consecutive word hashes (len - K + 1 of them)."""
    count = len(word_hashes) - K + 1
    if count <= 0:
        return np.zeros(0, dtype=_U64)
    h = np.zeros(count, dtype=_U64)
    for j in range(K):
        h = mix(h ^ word_hashes[j:j + count])
    return h


def text_shingles(text: str) -> set[int]:
    words = np.array([word_hash(w) for _, _, w in tokens(text)], dtype=_U64)
    return set(shingle_hashes(words).tolist())


_UNIT_SHINGLES: dict[tuple[str, str], frozenset[int]] = {}


def unit_shingles(unit) -> frozenset[int]:
    """Every shingle of a unit's own wording: title, aim, outcomes, criteria and guidance."""
    key = (unit.number, unit.path)
    if key not in _UNIT_SHINGLES:
        _UNIT_SHINGLES[key] = _unit_shingles(unit)
    return _UNIT_SHINGLES[key]


def _unit_shingles(unit) -> frozenset[int]:
    texts = [unit.title, unit.aim or ""] + [o.text for o in unit.outcomes] + [c.text for c in unit.criteria]
    texts += [line for g in unit.guidance for line in g.text.splitlines()]
    texts += [g.text for g in unit.guidance]
    found: set[int] = set()
    for text in texts:
        found |= text_shingles(text)
    return frozenset(found)


@dataclass
class Fingerprint:
    meta: dict                 # {"unit", "words", "blocks": [{"id", "kind", "text", "n", "section"}], "params"}
    tok_block: np.ndarray      # int32: index into meta["blocks"] of each kept word
    tok_start: np.ndarray      # int32: character offsets of each kept word in its block's text
    tok_end: np.ndarray
    tok_hash: np.ndarray       # uint64: hash of each kept word
    sh_hash: np.ndarray        # uint64: the shingles kept (not in the unit's wording), in order
    sh_pos: np.ndarray         # int32: index of each kept shingle's first word
    band_keys: np.ndarray      # uint64: sorted unique LSH band keys
    tok_own: np.ndarray        # bool: the word is not part of any shingle of the unit's wording

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        np.savez_compressed(buffer, meta=np.frombuffer(json.dumps(self.meta).encode(), dtype=np.uint8),
                            tok_block=self.tok_block, tok_start=self.tok_start, tok_end=self.tok_end,
                            tok_hash=self.tok_hash, sh_hash=self.sh_hash, sh_pos=self.sh_pos,
                            band_keys=self.band_keys, tok_own=self.tok_own)
        return buffer.getvalue()

    @staticmethod
    def parts(path, names: tuple[str, ...]) -> dict[str, np.ndarray]:
        """Only some arrays of a stored fingerprint (an .npz file is read lazily, array by array)."""
        with np.load(path, allow_pickle=False) as z:
            return {name: z[name] for name in names}

    @classmethod
    def from_bytes(cls, data: bytes | io.IOBase) -> "Fingerprint":
        stream = io.BytesIO(data) if isinstance(data, bytes) else data
        with np.load(stream, allow_pickle=False) as z:
            return cls(json.loads(z["meta"].tobytes()), z["tok_block"], z["tok_start"], z["tok_end"], z["tok_hash"],
                       z["sh_hash"], z["sh_pos"], z["band_keys"], z["tok_own"])


def make_fingerprint(blocks: list, unit) -> Fingerprint:
    """The fingerprint of a submission's body blocks (`checker.document.Block`s) for `unit`."""
    kept, section = [], ""
    tb, ts, te, th = [], [], [], []
    for block in blocks:
        if block.kind == "heading":
            section = block.text[:120]
        if block.kind not in BODY_KINDS:
            continue
        index = len(kept)
        kept.append({"id": block.id, "kind": block.kind, "text": block.text, "n": index + 1, "section": section})
        for start, end, word in tokens(block.text):
            tb.append(index), ts.append(start), te.append(end), th.append(word_hash(word))
    tok_block = np.array(tb, dtype=np.int32)
    tok_hash = np.array(th, dtype=_U64)
    sh = shingle_hashes(tok_hash)
    pos = np.arange(len(sh), dtype=np.int32)
    tok_own = np.ones(len(th), dtype=bool)
    if len(sh):
        inside = tok_block[:len(sh)] == tok_block[K - 1:]             # shingles never cross blocks
        sh, pos = sh[inside], pos[inside]
        wording = np.isin(sh, np.fromiter(unit_shingles(unit), dtype=_U64))
        tok_own = ~covered(len(th), pos[wording])
        sh, pos = sh[~wording], pos[~wording]
    meta = {"unit": unit.number, "words": len(th), "blocks": kept, "params": PARAMS}
    return Fingerprint(meta, tok_block, np.array(ts, dtype=np.int32), np.array(te, dtype=np.int32), tok_hash,
                       sh, pos, band_keys(sh), tok_own)


def covered(words: int, starts: np.ndarray) -> np.ndarray:
    """Which of `words` words lie inside at least one shingle starting at `starts`."""
    edges = np.zeros(words + K + 1, dtype=np.int32)
    np.add.at(edges, starts, 1)
    np.add.at(edges, starts + K, -1)
    return np.cumsum(edges)[:words] > 0


def band_keys(sh: np.ndarray) -> np.ndarray:
    """MinHash over windows of WINDOW shingles every STRIDE, banded into LSH keys (sorted, unique)."""
    if len(sh) < K:
        return np.zeros(0, dtype=_U64)
    permuted = mix(sh[:, None] ^ _SEEDS[None, :])                       # (shingles, BANDS*ROWS)
    width = min(WINDOW, len(sh))
    starts = list(range(0, len(sh) - width + 1, STRIDE))
    if starts[-1] != len(sh) - width:
        starts.append(len(sh) - width)
    windows = np.lib.stride_tricks.sliding_window_view(permuted, width, axis=0)[starts]
    signatures = windows.min(axis=-1).reshape(len(starts), BANDS, ROWS)
    keys = mix(signatures[..., 0] ^ _BAND_SALT)
    for r in range(1, ROWS):
        keys = mix(keys ^ signatures[..., r])
    return np.unique(keys.ravel())

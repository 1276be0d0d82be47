"""Similarity between submissions: pairs that share unusual passages (collusion or a shared source).

1. Candidates: submissions that share a MinHash band key of some window of their body text
   (`checker.cohort.shingles`), within this cohort or against earlier cohorts held in an index. Keys
   shared by more than `max_bucket` submissions are text that many learners share, and are skipped.
   Cost: a sort of all keys, so near-linear in the number of submissions; no all-pairs comparison.
2. Verification, for candidates only: the shingles both submissions hold, leaving out shingles that at
   least `common_share` of the cohort (and never fewer than `common_min_docs` submissions) use. Runs of
   shared shingles become passages (small edits are bridged); passages of `min_passage_words` or more
   are reported side by side with their block ids, paragraph numbers and section headings.
3. Within candidate pairs, paragraphs that do not share passages but whose TF-IDF cosine (function
   words left out, IDF from the cohort) reaches `reword_cosine` are reported as closely reworded.
A pair is flagged when its passages total `min_shared_words` words, or any paragraph is reworded.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations
from pathlib import Path

import numpy as np

from .shingles import K, Fingerprint, covered, word_hash


FUNCTION_WORDS = set("""a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each few for from further had has have
having he her here hers herself him himself his how i if in into is it its itself just me more most my myself no
nor not now of off on once only or other our ours ourselves out over own same she should so some such than that
the their theirs them themselves then there these they this those through to too under until up very was we
were what when where which while who whom why will with would you your yours yourself yourselves i'm it's we're
they're can't don't doesn't didn't isn't aren't wasn't weren't won't there's that's let's may might must shall
should upon within without however therefore also one two three""".split())


@dataclass
class SimilarityOptions:
    min_passage_words: int = 15
    min_shared_words: int = 40
    common_share: float = 0.2
    common_min_docs: int = 10
    max_bucket: int = 50
    reword_cosine: float = 0.5
    min_paragraph_words: int = 40


@dataclass
class Doc:
    key: str
    label: str
    fingerprint: Path
    cohort: str = ""
    content: str = ""


@dataclass
class Earlier:
    """Submissions already indexed (an index segment): sorted band keys with their owners, and counts."""

    docs: list[Doc]
    keys: np.ndarray
    owners: np.ndarray
    shingle_df: tuple[np.ndarray, np.ndarray]
    word_df: tuple[np.ndarray, np.ndarray]


@dataclass
class Collected:
    """What the cohort's fingerprints contribute to an index: keys, owners and document frequencies."""

    keys: np.ndarray
    owners: np.ndarray
    shingle_df: tuple[np.ndarray, np.ndarray]
    word_df: tuple[np.ndarray, np.ndarray]
    stats: dict = field(default_factory=dict)


@lru_cache(maxsize=256)
def load_fingerprint(path: Path) -> Fingerprint:
    return Fingerprint.from_bytes(Path(path).read_bytes())


def collect(docs: list[Doc]) -> Collected:
    """Read each fingerprint once, keeping only its band keys and its distinct shingles and words.
    Every shingle's count is kept, even a count of one: across the cohorts of an index, one learner a
    year makes a passage common just as several learners in one cohort do."""
    keys, owners, shingles, words = [], [], [], []
    for i, doc in enumerate(docs):
        fp = Fingerprint.parts(doc.fingerprint, ("band_keys", "sh_hash", "tok_hash"))
        keys.append(fp["band_keys"])
        owners.append(np.full(len(fp["band_keys"]), i, dtype=np.int32))
        shingles.append(np.unique(fp["sh_hash"]))
        words.append(np.unique(fp["tok_hash"]))
    all_keys, all_owners = _joined(keys, np.uint64), _joined(owners, np.int32)
    order = np.argsort(all_keys, kind="stable")
    all_keys = all_keys[order]
    all_owners = all_owners[order]
    del order
    return Collected(all_keys, all_owners, _counts(shingles), _counts(words))


def _joined(arrays: list[np.ndarray], dtype) -> np.ndarray:
    joined = np.concatenate(arrays) if arrays else np.zeros(0, dtype)
    arrays.clear()
    return joined


def _counts(arrays: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Distinct values and how many of the arrays hold each (each array holds distinct values); sorted
    in place, so that only one joined copy of the values is ever held."""
    values = _joined(arrays, np.uint64)
    values.sort()
    if not len(values):
        return values, np.zeros(0, np.int32)
    starts = np.flatnonzero(np.concatenate(([True], values[1:] != values[:-1])))
    counts = np.diff(np.append(starts, len(values)))
    return values[starts], counts.astype(np.int32)


def merge_counts(parts: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    parts = [p for p in parts if len(p[0])]
    if len(parts) <= 1:
        return parts[0] if parts else (np.zeros(0, np.uint64), np.zeros(0, np.int32))
    values = np.concatenate([p[0] for p in parts])
    weights = np.concatenate([p[1] for p in parts])
    unique, inverse = np.unique(values, return_inverse=True)
    return unique, np.bincount(inverse, weights=weights, minlength=len(unique)).astype(np.int32)


def find_similar(docs: list[Doc], options: SimilarityOptions | None = None, earlier: list[Earlier] = (),
                 collected: Collected | None = None) -> tuple[list[dict], dict]:
    """Flagged pairs (most shared first) and statistics. `earlier` are index segments to compare against."""
    options = options or SimilarityOptions()
    collected = collected or collect(docs)
    everyone = list(docs) + [d for segment in earlier for d in segment.docs]
    total = len(everyone)
    shingle_df = merge_counts([collected.shingle_df, *[s.shingle_df for s in earlier]])
    word_df = merge_counts([collected.word_df, *[s.word_df for s in earlier]])
    cutoff = max(options.common_min_docs, math.ceil(options.common_share * total))
    common = shingle_df[0][shingle_df[1] >= cutoff]
    candidates, skipped = _candidates(collected, earlier, len(docs), options.max_bucket)
    idf = _Idf(word_df, total)
    pairs = []
    for (i, j), hits in sorted(candidates.items()):
        pair = verify(everyone[i], everyone[j], common, idf, options)
        if pair:
            pair["lsh_hits"] = hits
            pairs.append(pair)
    pairs.sort(key=lambda p: (-p["shared_words"], -len(p["reworded"]), p["a"], p["b"]))
    stats = {"submissions": len(docs), "compared_with_earlier": total - len(docs), "candidates": len(candidates),
             "flagged": len(pairs), "common_shingles": int(len(common)), "common_cutoff_docs": cutoff,
             "crowded_keys_skipped": skipped}
    return pairs, stats


def _candidates(collected: Collected, earlier: list[Earlier], n: int, max_bucket: int) -> tuple[Counter, int]:
    """Pairs (i, j) sharing band keys, with how many; i is in this cohort, j in it or in an earlier one.
    The keys are sorted, so keys held by several submissions are neighbours: no table of all keys."""
    keys, owners = collected.keys, collected.owners
    members: dict[int, tuple[set, set]] = {}

    def add(key: int, mine: tuple = (), theirs: list = ()) -> None:
        entry = members.setdefault(key, (set(), set()))
        entry[0].update(mine)
        entry[1].update(theirs)

    if len(keys) > 1:
        for p in np.flatnonzero(keys[1:] == keys[:-1]).tolist():
            add(int(keys[p]), (int(owners[p]), int(owners[p + 1])))
    offset = n
    for segment in earlier:
        for start in range(0, len(keys), 1 << 20):                  # in chunks, to bound memory
            chunk = keys[start:start + (1 << 20)]
            left = np.searchsorted(segment.keys, chunk, "left")
            right = np.searchsorted(segment.keys, chunk, "right")
            for p in np.flatnonzero(right > left).tolist():
                add(int(chunk[p]), (int(owners[start + p]),),
                    (np.asarray(segment.owners[left[p]:right[p]]) + offset).tolist())
        offset += len(segment.docs)
    pairs: Counter = Counter()
    skipped = 0
    for mine, theirs in members.values():
        if len(mine) + len(theirs) > max_bucket:
            skipped += 1
            continue
        for a, b in combinations(sorted(mine), 2):
            pairs[(a, b)] += 1
        for a in mine:
            for b in theirs:
                pairs[(a, b)] += 1
    return pairs, skipped


class _Idf:
    def __init__(self, word_df: tuple[np.ndarray, np.ndarray], total: int):
        self.values, counts = word_df
        self.idf = np.log((total + 1) / (counts + 1)) + 1.0
        self.stop = np.array(sorted(word_hash(w) for w in FUNCTION_WORDS), dtype=np.uint64)

    def weights(self, hashes: np.ndarray) -> np.ndarray:
        at = np.clip(np.searchsorted(self.values, hashes), 0, max(len(self.values) - 1, 0))
        found = self.values[at] == hashes if len(self.values) else np.zeros(len(hashes), bool)
        w = np.where(found, self.idf[at] if len(self.idf) else 1.0, math.log(2) + 1.0)
        return np.where(np.isin(hashes, self.stop), 0.0, w)


def verify(a: Doc, b: Doc, common: np.ndarray, idf: _Idf, options: SimilarityOptions) -> dict | None:
    fa, fb = load_fingerprint(a.fingerprint), load_fingerprint(b.fingerprint)
    keep_a, keep_b = ~np.isin(fa.sh_hash, common), ~np.isin(fb.sh_hash, common)
    both = np.intersect1d(fa.sh_hash[keep_a], fb.sh_hash[keep_b])
    passages = _passages(fa, fb, both, options) if len(both) else []
    reworded = _reworded(fa, fb, _own(fa, keep_a), _own(fb, keep_b), passages, idf, options)
    shared = sum(p["a"]["words"] for p in passages)
    if shared < options.min_shared_words and not reworded:
        return None
    smaller = max(1, min(fa.meta["words"], fb.meta["words"]))
    return {"a": a.key, "b": b.key, "a_label": a.label, "b_label": b.label, "a_cohort": a.cohort,
            "b_cohort": b.cohort, "shared_words": shared, "share": round(shared / smaller, 3),
            "passages": passages, "reworded": reworded}


def _runs(fp: Fingerprint, shared: np.ndarray) -> list[np.ndarray]:
    """Indices of shared shingles grouped into passages: same block, gaps of at most 2K words bridged."""
    idx = np.flatnonzero(np.isin(fp.sh_hash, shared))
    if not len(idx):
        return []
    pos = fp.sh_pos[idx]
    block = fp.tok_block[pos]
    breaks = np.flatnonzero((np.diff(pos) > 2 * K) | (np.diff(block) != 0)) + 1
    return np.split(idx, breaks)


def _place(fp: Fingerprint, run: np.ndarray) -> dict:
    first, last = int(fp.sh_pos[run[0]]), int(fp.sh_pos[run[-1]]) + K - 1
    row = int(fp.tok_block[first])
    block = fp.meta["blocks"][row]
    whole_start = first == 0 or fp.tok_block[first - 1] != row
    whole_end = last == len(fp.tok_block) - 1 or fp.tok_block[last + 1] != row
    start = 0 if whole_start else int(fp.tok_start[first])
    end = len(block["text"]) if whole_end else int(fp.tok_end[last])
    return {"block": block["id"], "paragraph": block["n"], "section": block["section"],
            "text": block["text"][start:end].strip(), "words": last - first + 1,
            "block_words": int(np.sum(fp.tok_block == row))}


def _passages(fa: Fingerprint, fb: Fingerprint, shared: np.ndarray, options: SimilarityOptions) -> list[dict]:
    runs_a, runs_b = _runs(fa, shared), _runs(fb, shared)
    owner: dict[int, int] = {}
    for n, run in enumerate(runs_b):
        for h in fb.sh_hash[run].tolist():
            owner.setdefault(h, n)
    found = []
    for run in runs_a:
        place_a = _place(fa, run)
        if place_a["words"] < options.min_passage_words:
            continue
        votes = Counter(owner[h] for h in fa.sh_hash[run].tolist() if h in owner)
        if not votes:
            continue
        place_b = _place(fb, runs_b[votes.most_common(1)[0][0]])
        if place_b["words"] >= options.min_passage_words:
            found.append({"a": place_a, "b": place_b})
    return found


def _own(fp: Fingerprint, kept: np.ndarray) -> np.ndarray:
    """The learner's own words: in a shingle the cohort does not share, and in none of the unit's wording."""
    return covered(len(fp.tok_hash), fp.sh_pos[kept]) & fp.tok_own


def _reworded(fa: Fingerprint, fb: Fingerprint, own_a: np.ndarray, own_b: np.ndarray, passages: list[dict],
              idf: _Idf, options: SimilarityOptions) -> list[dict]:
    """Paragraph pairs with a high TF-IDF cosine (over the learners' own words) that the exact passages
    do not already cover."""
    vocabulary = np.union1d(fa.tok_hash[own_a], fb.tok_hash[own_b])
    weights = idf.weights(vocabulary)
    rows_a, ma = _matrix(fa, own_a, weights, vocabulary, options.min_paragraph_words)
    rows_b, mb = _matrix(fb, own_b, weights, vocabulary, options.min_paragraph_words)
    if not rows_a or not rows_b:
        return []
    cosine = ma @ mb.T
    covered = {(p["a"]["block"], p["b"]["block"]) for p in passages
               if p["a"]["words"] >= 0.5 * p["a"]["block_words"] or p["b"]["words"] >= 0.5 * p["b"]["block_words"]}
    found = []
    for i, j in zip(*np.nonzero(cosine >= options.reword_cosine)):
        ba, bb = fa.meta["blocks"][rows_a[i]], fb.meta["blocks"][rows_b[j]]
        if (ba["id"], bb["id"]) in covered:
            continue
        found.append({"a": _whole(fa, rows_a[i]), "b": _whole(fb, rows_b[j]), "cosine": round(float(cosine[i, j]), 3)})
    return found


def _whole(fp: Fingerprint, row: int) -> dict:
    block = fp.meta["blocks"][row]
    words = int(np.sum(fp.tok_block == row))
    return {"block": block["id"], "paragraph": block["n"], "section": block["section"], "text": block["text"],
            "words": words, "block_words": words}


def _matrix(fp: Fingerprint, own: np.ndarray, weights: np.ndarray, vocabulary: np.ndarray, min_words: int):
    """Row-normalised TF-IDF vectors of the blocks with enough own words, over `vocabulary`."""
    blocks, hashes = fp.tok_block[own], fp.tok_hash[own]
    sizes = np.bincount(blocks, minlength=len(fp.meta["blocks"]))
    rows = [int(r) for r in np.flatnonzero(sizes >= min_words)]
    if not rows:
        return rows, np.zeros((0, len(vocabulary)))
    row_of = np.full(len(sizes), -1, dtype=np.int64)
    row_of[rows] = np.arange(len(rows))
    keep = row_of[blocks] >= 0
    matrix = np.zeros((len(rows), len(vocabulary)))
    np.add.at(matrix, (row_of[blocks[keep]], np.searchsorted(vocabulary, hashes[keep])), 1.0)
    matrix = np.log1p(matrix) * weights[None, :]
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return rows, matrix / np.where(norms == 0, 1, norms)

"""Joint decoding of the whole paragraph sequence: a hidden Markov model over criteria.

States are the unit's criteria in order, plus one "none" state per position (none before the first
criterion, none after criterion k …), so that an introduction, a context paragraph or a conclusion
does not make the decoder forget where it was. Learners mostly answer in criterion order, sometimes
skip ahead or go back; the transition table says how likely each move is.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np


def logsumexp(a: np.ndarray, axis: int, keepdims: bool = False) -> np.ndarray:
    top = np.max(a, axis=axis, keepdims=True)
    top = np.where(np.isfinite(top), top, 0.0)
    out = np.log(np.sum(np.exp(a - top), axis=axis, keepdims=True)) + top
    return out if keepdims else np.squeeze(out, axis=axis)


@dataclass(frozen=True)
class Transitions:
    """Move probabilities between criteria; the values are in models/mapping.yaml, `transition`."""

    stay: float
    next: float
    skip: float
    back: float
    to_none: float
    none_stay: float
    skip_decay: float
    stay_at_heading: float     # a new heading makes a change of criterion likelier …
    back_at_heading: float     # … and a learner's own headings may take the criteria in any order
    stay_continuing: float     # a paragraph that opens 'Another …' or 'However, …' usually continues
    stay_in_list: float        # a list item stays with the paragraph that introduces it


def _jumps(position: int, k: int, t: Transitions) -> np.ndarray:
    """Probability of moving from after criterion `position` (-1: before any) to each criterion."""
    out = np.zeros(k)
    forward = [j for j in range(position + 2, k)]
    weights = np.array([t.skip_decay ** n for n in range(len(forward))])
    if forward:
        out[forward] = t.skip * weights / weights.sum()
    if position + 1 < k:
        out[position + 1] = t.next
    backward = list(range(0, max(position, 0)))
    if backward:
        out[backward] = t.back / len(backward)
    return out


def transition_matrix(k: int, t: Transitions) -> tuple[np.ndarray, np.ndarray]:
    """Log transition matrix over 2k+1 states and the log start distribution."""
    size = 2 * k + 1
    trans = np.zeros((size, size))
    for a in range(k):                      # from criterion a
        trans[a, :k] = _jumps(a, k, t)
        trans[a, a] = t.stay
        trans[a, k + a + 1] = t.to_none
    for p in range(k + 1):                  # from "none after criterion p-1"
        row = _jumps(p - 1, k, t)
        if p >= 1:
            row[p - 1] = max(row[p - 1], t.back)   # coming back to the criterion just left
        trans[k + p, :k] = (1 - t.none_stay) * row / row.sum() if row.sum() else 0
        trans[k + p, k + p] = t.none_stay if row.sum() else 1.0
    trans /= trans.sum(axis=1, keepdims=True)
    start = trans[k].copy()                 # as if coming from "none before any criterion"
    start[k] = max(start[k], t.none_stay)
    start /= start.sum()
    with np.errstate(divide="ignore"):
        return np.log(trans), np.log(start)


def sticky(log_trans: np.ndarray, stay: float) -> np.ndarray:
    """The same moves, but each state keeps probability `stay` of staying where it is."""
    trans = np.exp(log_trans)
    diagonal = np.diag(trans).copy()
    moves = trans - np.diag(diagonal)
    leave = moves.sum(axis=1, keepdims=True)
    moves = np.where(leave > 0, moves * (1 - stay) / np.maximum(leave, 1e-12), 0)
    out = moves + np.diag(np.where(leave[:, 0] > 0, stay, 1.0))
    with np.errstate(divide="ignore"):
        return np.log(out)


def _emissions(ac: np.ndarray, none: np.ndarray) -> np.ndarray:
    k = ac.shape[1]
    return np.hstack([ac, np.repeat(none[:, None], k + 1, axis=1)])


BREAK, CONTINUE, LIST, PLAIN = "break", "continue", "list", "plain"


class Decoder:
    """The model for one submission: emissions per block, and the moves allowed between blocks.
    `links[i]` says how block i joins the one before: BREAK (a heading, or an opening like 'Turning
    to …'), CONTINUE (an opening like 'Another …', 'However, …'), LIST (the next item of a list) or
    PLAIN."""

    def __init__(self, ac_scores: np.ndarray, none_scores: np.ndarray, t: Transitions,
                 links: list[str] | None = None):
        self.n, self.k = ac_scores.shape
        within, self.log_start = transition_matrix(self.k, t)
        steps_by_link = {
            PLAIN: within,
            BREAK: transition_matrix(self.k, replace(t, stay=t.stay_at_heading, none_stay=t.stay_at_heading,
                                                     back=t.back_at_heading, skip_decay=1.0))[0],
            CONTINUE: transition_matrix(self.k, replace(t, stay=t.stay_continuing, none_stay=t.stay_continuing))[0],
            LIST: sticky(within, t.stay_in_list),
        }
        self.steps = [steps_by_link[link] for link in (links or [PLAIN] * self.n)]
        self.emit = _emissions(ac_scores, none_scores)

    def best(self, must_visit: tuple[int, ...] = ()) -> tuple[list[int], float]:
        """The best path (criterion index, or -1 for none) and its log score; with `must_visit`, the
        best among the paths that give each of those criteria at least one block."""
        if self.n == 0:
            return [], 0.0
        path, score = viterbi(self.emit, self.steps, self.log_start, must_visit)
        return [s if s < self.k else -1 for s in path], score

    def posterior(self) -> np.ndarray:
        """For each block, the probability of each criterion (columns 0..k-1) and of none (column k)."""
        n, k, steps, emit = self.n, self.k, self.steps, self.emit
        if n == 0:
            return np.zeros((0, k + 1))
        alpha = np.zeros((n, 2 * k + 1))
        alpha[0] = self.log_start + emit[0]
        for i in range(1, n):
            alpha[i] = logsumexp(alpha[i - 1][:, None] + steps[i], axis=0) + emit[i]
        beta = np.zeros((n, 2 * k + 1))
        for i in range(n - 2, -1, -1):
            beta[i] = logsumexp(steps[i + 1] + emit[i + 1] + beta[i + 1], axis=1)
        post = alpha + beta
        post = np.exp(post - logsumexp(post, axis=1, keepdims=True))
        return np.hstack([post[:, :k], post[:, k:].sum(axis=1, keepdims=True)])


def viterbi(emit: np.ndarray, steps: list[np.ndarray], log_start: np.ndarray,
            must_visit: tuple[int, ...] = ()) -> tuple[list[int], float]:
    """The best state path and its log score; with `must_visit`, the best path among those that pass
    through every one of those states at least once (states are paired with the set of them visited)."""
    n, size = emit.shape
    masks = 1 << len(must_visit)
    bit = np.zeros(size, dtype=int)
    for b, state in enumerate(must_visit):
        bit[state] |= 1 << b
    # state (s, mask) lives at column mask * size + s; entering s sets its bit
    score = np.full(masks * size, -np.inf)
    score[bit * size + np.arange(size)] = log_start + emit[0]
    back = np.zeros((n, masks * size), dtype=int)
    targets = np.arange(size)
    for i in range(1, n):
        new = np.full(masks * size, -np.inf)
        arg = np.zeros(masks * size, dtype=int)
        for mask in range(masks):
            here = score[mask * size:(mask + 1) * size]
            if not np.isfinite(here).any():
                continue
            cand = here[:, None] + steps[i]
            best_from, best = cand.argmax(axis=0), cand.max(axis=0) + emit[i]
            cols = (mask | bit) * size + targets
            better = best > new[cols]
            new[cols[better]] = best[better]
            arg[cols[better]] = mask * size + best_from[better]
        score, back[i] = new, arg
    final = score[(masks - 1) * size:]
    last = int(final.argmax()) + (masks - 1) * size
    total = float(score[last])
    path = [last]
    for i in range(n - 1, 0, -1):
        path.append(int(back[i, path[-1]]))
    path.reverse()
    return [p % size for p in path], total

"""Content similarity of blocks to each criterion: TF-IDF over lemmas, sharpened for twin criteria.

The vectors are built with numpy rather than scikit-learn's TfidfVectorizer: the weighting needs
document frequencies from two sources (the unit's criteria and the learner's own paragraphs), which
the vectoriser does not offer, and importing scikit-learn costs over a second on every cold start
(see benchmarks/speed.py). The sums are the standard smoothed, sublinear TF-IDF.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from ..nlp import content_terms
from ..units import Unit


def _with_bigrams(terms: list[str]) -> list[str]:
    return terms + [f"{a} {b}" for a, b in zip(terms, terms[1:])]


def tokens(text: str) -> list[str]:
    return _with_bigrams(content_terms(text))


class Space:
    """One TF-IDF space: a vocabulary, its IDF weights, and the criteria's unit vectors."""

    def __init__(self, docs: list[list[str]], share: float):
        self.docs = docs
        self.share = share
        self.vocab = {term: i for i, term in enumerate(sorted({t for d in docs for t in d}))}
        self.names = sorted(self.vocab, key=self.vocab.get)
        self.df_criteria = self._df(docs)
        self.weights = np.ones(len(self.vocab))
        self.matrix = np.zeros((len(docs), len(self.vocab)))

    def _df(self, docs: list[list[str]]) -> np.ndarray:
        df = np.zeros(len(self.vocab))
        for doc in docs:
            for term in set(doc):
                if term in self.vocab:
                    df[self.vocab[term]] += 1
        return df

    def counts(self, doc: list[str]) -> np.ndarray:
        vec = np.zeros(len(self.vocab))
        for term, n in Counter(t for t in doc if t in self.vocab).items():
            vec[self.vocab[term]] = 1 + np.log(n)             # sublinear term frequency
        return vec

    def fit(self, blocks: list[list[str]], block_weight: float, idf_power: float) -> None:
        n = len(self.docs) + block_weight * len(blocks)
        df = self.df_criteria + block_weight * self._df(blocks)
        self.weights = (np.log((1 + n) / (1 + df)) + 1) ** idf_power
        matrix = np.array([self.counts(d) for d in self.docs]) * self.weights
        self.matrix = matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)

    def vectors(self, docs: list[list[str]]) -> np.ndarray:
        if not docs:
            return np.zeros((0, len(self.vocab)))
        return np.array([self.counts(d) for d in docs]) * self.weights


class ContentModel:
    """TF-IDF spaces over the unit's own criteria: their wording, their guidance, and the terms an
    answer to each usually uses (`indicative` in models/units/*.yaml).

    The vocabulary is the criteria's own words. Document frequencies are counted across the criteria
    and across the submission's paragraphs (`fit_submission`), so words that every criterion shares
    ('coaching' in a coaching unit), and words the learner uses everywhere ('manager' in a management
    essay), weigh little, while words that tell twin criteria apart weigh most; `idf_power`
    sharpens that further.
    """

    def __init__(self, unit: Unit, wording_weight: float = 0.6, guidance_weight: float = 0.4,
                 idf_power: float = 2.0, outcome_in: str = "guidance", indicative_weight: float = 0.0):
        self.ids = [c.id for c in unit.criteria]
        self.idf_power = idf_power
        outcome_text = {o.id: o.text for o in unit.outcomes}
        # The outcome's wording is shared by all its criteria: it goes with the guidance (or the wording).
        lo = {c.id: outcome_text[c.outcome] for c in unit.criteria}
        # The command verb stays in: learners echo it ("To evaluate these interventions …"), and
        # words every criterion shares weigh little anyway.
        wording = [tokens(f"{c.text}. {c.text}. {lo[c.id] if outcome_in == 'wording' else ''}")
                   for c in unit.criteria]
        guidance = [tokens(" ".join(unit.guidance_for(c.id) + unit.theories_for(c.id)
                                    + ([lo[c.id]] if outcome_in == "guidance" else []))) for c in unit.criteria]
        # Each indicative entry is a word or short phrase: bigrams are taken within an entry, not across.
        indicative = [[t for entry in c.indicative for t in tokens(entry)] for c in unit.criteria]
        pairs = [(docs, w) for docs, w in ((wording, wording_weight), (guidance, guidance_weight),
                                           (indicative, indicative_weight)) if w > 0 and any(docs)]
        total = sum(w for _, w in pairs)
        self.spaces = [Space(docs, w / total) for docs, w in pairs]
        self.fit_submission([])

        self.wording_terms = [set(content_terms(c.text)) for c in unit.criteria]

    def twins(self, max_difference: int = 3) -> dict[tuple[int, int], tuple[set[str], set[str]]]:
        """Pairs of criteria worded alike but for a word or two ('coaching' / 'mentoring', 'inhibit' /
        'support'): for each criterion i of a pair (i, j), the words only it has and the words only j has."""
        out = {}
        for i, own in enumerate(self.wording_terms):
            for j, other in enumerate(self.wording_terms):
                mine, theirs = own - other, other - own
                if i != j and mine and theirs and len(mine) + len(theirs) <= max_difference \
                        and len(own & other) >= 2:
                    out[i, j] = (mine, theirs)
        return out

    def fit_submission(self, texts: list[str], weight: float = 1.0) -> "ContentModel":
        """(Re)compute document frequencies over the criteria plus these paragraphs."""
        blocks = [tokens(t) for t in texts]
        for space in self.spaces:
            space.fit(blocks, weight, self.idf_power)
        return self

    def similarity(self, texts: list[str], headings: list[str], heading_weight: float = 0.5) -> np.ndarray:
        """Blocks × criteria cosine similarity in [0, 1]; `headings` is each block's unsignposted heading text."""
        sims = np.zeros((len(texts), len(self.ids)))
        own = [tokens(t) for t in texts]
        above = [tokens(h) for h in headings]
        for space in self.spaces:
            vecs = space.vectors(own) + heading_weight * space.vectors(above)
            norms = np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
            if len(texts):
                sims += space.share * (vecs / norms) @ space.matrix.T
        return sims

    def shared_terms(self, text: str, ac_index: int, top: int = 4) -> list[str]:
        """The block's terms that weigh most towards one criterion, over every space, for the reasons."""
        doc = [tokens(text)]
        weight: Counter = Counter()
        for space in self.spaces:
            vec = space.vectors(doc)[0]
            contribution = space.share * vec * space.matrix[ac_index] / max(float(np.linalg.norm(vec)), 1e-12)
            for i in np.flatnonzero(contribution > 0):
                weight[space.names[i]] += float(contribution[i])
        return [term for term, _ in weight.most_common(top)]

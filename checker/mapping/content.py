"""Content similarity of blocks to each criterion: TF-IDF over lemmas, sharpened for twin criteria."""

from __future__ import annotations

import re

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from ..nlp import content_terms
from ..units import Criterion, Unit


def _with_bigrams(terms: list[str]) -> list[str]:
    return terms + [f"{a} {b}" for a, b in zip(terms, terms[1:])]


def _without_verbs(criterion: Criterion) -> str:
    """The criterion's wording without its command verbs ('Review and evaluate the impact …' → 'the impact …'):
    the verb says what to do with the topic, not what the topic is."""
    text = criterion.text
    for verb in criterion.verbs:
        text = re.sub(rf"\b{re.escape(verb)}\b", " ", text, count=1, flags=re.I)
    return re.sub(r"^\s*(?:and|,)\s+", "", text.strip())


def _tokens(text: str, drop: set[str]) -> list[str]:
    return _with_bigrams([t for t in content_terms(text) if t not in drop])


class ContentModel:
    """Two TF-IDF spaces fitted on the unit's own criteria: their wording, and their guidance.

    The vocabulary is the criteria's own words. Document frequencies are counted across the criteria
    and across the submission's paragraphs (`fit_submission`), so words that every criterion shares
    ('coaching' in a coaching unit), and words the learner uses everywhere ('manager' in a management
    essay), weigh little, while words that tell twin criteria apart weigh most; `idf_power` sharpens
    that further.
    """

    def __init__(self, unit: Unit, wording_weight: float = 0.6, guidance_weight: float = 0.4,
                 idf_power: float = 2.0):
        self.unit = unit
        self.ids = [c.id for c in unit.criteria]
        outcome_text = {o.id: o.text for o in unit.outcomes}
        self.drop: set[str] = set()
        wording = [_tokens(f"{_without_verbs(c)}. {_without_verbs(c)}. {outcome_text[c.outcome]}", self.drop)
                   for c in unit.criteria]
        guidance = [_tokens(" ".join(unit.guidance_for(c.id) + unit.theories_for(c.id)), self.drop)
                    for c in unit.criteria]
        self.idf_power = idf_power
        self.corpora = [(docs, weight) for docs, weight in ((wording, wording_weight), (guidance, guidance_weight))
                        if weight > 0 and any(docs)]
        self.fit_submission([])

    def fit_submission(self, texts: list[str], weight: float = 1.0) -> "ContentModel":
        """(Re)compute document frequencies over the criteria plus these paragraphs."""
        blocks = [_tokens(t, self.drop) for t in texts]
        self.spaces = []
        total = sum(w for _, w in self.corpora)
        for docs, share in self.corpora:
            vectoriser = TfidfVectorizer(analyzer=lambda doc: doc, sublinear_tf=True, norm=None)
            vectoriser.fit(docs)
            if blocks:
                vocab = vectoriser.vocabulary_
                df_ac = np.zeros(len(vocab))
                for doc in docs:
                    for term in set(doc):
                        df_ac[vocab[term]] += 1
                df_sub = np.zeros(len(vocab))
                for doc in blocks:
                    for term in set(doc):
                        if term in vocab:
                            df_sub[vocab[term]] += 1
                n = len(docs) + weight * len(blocks)
                idf = np.log((1 + n) / (1 + df_ac + weight * df_sub)) + 1
                vectoriser.idf_ = idf
            matrix = vectoriser.transform(docs).toarray() * self.sharpen(vectoriser)
            matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)
            self.spaces.append((vectoriser, matrix, share / total))
        return self

    def _vectors(self, vectoriser, texts: list[str]) -> np.ndarray:
        return vectoriser.transform([_tokens(t, self.drop) for t in texts]).toarray() * self.sharpen(vectoriser)

    def sharpen(self, vectoriser) -> np.ndarray:
        return vectoriser.idf_ ** (self.idf_power - 1)

    def similarity(self, texts: list[str], headings: list[str], heading_weight: float = 0.5) -> np.ndarray:
        """Blocks × criteria cosine similarity in [0, 1]; `headings` is each block's unsignposted heading text."""
        sims = np.zeros((len(texts), len(self.ids)))
        for vectoriser, matrix, weight in self.spaces:
            vecs = self._vectors(vectoriser, texts) + heading_weight * self._vectors(vectoriser, headings)
            norms = np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
            sims += weight * (vecs / norms) @ matrix.T
        return sims

    def shared_terms(self, text: str, ac_index: int, top: int = 4) -> list[str]:
        """The block's terms that weigh most towards one criterion, for the reasons."""
        vectoriser, matrix, _ = self.spaces[0]
        vec = self._vectors(vectoriser, [text])[0]
        scores = vec * matrix[ac_index]
        names = vectoriser.get_feature_names_out()
        order = np.argsort(-scores)
        return [names[i] for i in order[:top] if scores[i] > 0]

"""Content similarity of blocks to each criterion: TF-IDF over lemmas, sharpened for twin criteria."""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from ..nlp import content_terms
from ..units import Unit


def _with_bigrams(terms: list[str]) -> list[str]:
    return terms + [f"{a} {b}" for a, b in zip(terms, terms[1:])]


def _tokens(text: str, drop: set[str]) -> list[str]:
    return _with_bigrams([t for t in content_terms(text) if t not in drop])


class ContentModel:
    """Two TF-IDF spaces fitted on the unit's own criteria: their wording, and their guidance.

    IDF is computed across the unit's criteria, so words every criterion shares ('coaching' in a
    coaching unit) weigh little and words that tell twin criteria apart weigh most; `idf_power`
    sharpens that further.
    """

    def __init__(self, unit: Unit, command_verbs: set[str], wording_weight: float = 0.6,
                 guidance_weight: float = 0.4, idf_power: float = 2.0):
        self.unit = unit
        self.ids = [c.id for c in unit.criteria]
        outcome_text = {o.id: o.text for o in unit.outcomes}
        drop = set(command_verbs)
        wording = [_tokens(f"{c.text}. {c.text}. {outcome_text[c.outcome]}", drop) for c in unit.criteria]
        guidance = [_tokens(" ".join(unit.guidance_for(c.id) + unit.theories_for(c.id)), drop)
                    for c in unit.criteria]
        self.drop = drop
        self.idf_power = idf_power
        self.spaces = []
        total = 0.0
        for docs, weight in ((wording, wording_weight), (guidance, guidance_weight)):
            if weight <= 0 or not any(docs):
                continue
            vectoriser = TfidfVectorizer(analyzer=lambda doc: doc, sublinear_tf=True, norm=None)
            matrix = vectoriser.fit_transform(docs).toarray() * vectoriser.idf_ ** (idf_power - 1)
            matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)
            self.spaces.append((vectoriser, matrix, weight))
            total += weight
        self.spaces = [(v, m, w / total) for v, m, w in self.spaces]

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

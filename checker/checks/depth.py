"""A learned second reading of depth, for verbs that ask for weighing and a judgement (evaluate, assess …).

The verb check's cue rules count sentences that weigh, judge, explain causes and so on. Counting
alone misjudges answers that weigh once in passing, or that judge in words the cues miss; a logistic
regression over the same counts, trained on the labelled samples, reads the mix better (see the
README for its cross-validated figures). It is stored as plain coefficients in models/verb_depth.json
and applied with numpy, so checking never imports scikit-learn. Retrain after changing the samples
or the cues:

    python -m checker.checks.depth samples/      # writes models/verb_depth.json
"""

from __future__ import annotations

import argparse
import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..resources import models_dir

COUNTED = ("weighing", "judgement", "perspectives", "reasons")
CAP = 4     # beyond four sentences of a kind, more says little about depth
NAMES = tuple(f"{n.replace('_', ' and ')} sentences" for n in COUNTED) + ("share of words in lists",
                                                                          "length for the weighing shown")
MODEL_FILE = "verb_depth.json"
JUDGES = ("weighing", "judgement")   # the model judges criteria whose judged needs include both


def features(counts: dict[str, int], sentences: int, list_share: float) -> list[float]:
    """The model's inputs, from the verb check's evidence: capped counts of each kind of sentence, the
    share of the answer in list items, and its length (log of sentences)."""
    return [float(min(counts.get(n, 0), CAP)) for n in COUNTED] + [list_share, math.log1p(sentences)]


@dataclass(frozen=True)
class DepthModel:
    coef: tuple[float, ...]
    intercept: float
    threshold: float
    needs: tuple[str, ...]          # the model judges criteria whose judged needs include all of these
    trained_on: int
    shallow_examples: int

    @classmethod
    def load(cls, path: Path | None = None) -> "DepthModel | None":
        path = path or models_dir() / MODEL_FILE
        if not path.is_file():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(tuple(data["coef"]), data["intercept"], data["threshold"], tuple(data["needs"]),
                   data["trained_on"], data["shallow_examples"])

    def applies(self, needs: list[str]) -> bool:
        return set(self.needs) <= set(needs)

    def shallow_probability(self, x: list[float]) -> tuple[float, list[tuple[str, float]]]:
        """The probability that the answer is too shallow, and each input's push towards (+) or away
        from (−) shallow, largest first."""
        pushes = [(name, c * v) for name, c, v in zip(NAMES, self.coef, x)]
        z = self.intercept + sum(p for _, p in pushes)
        return 1 / (1 + math.exp(-z)), sorted(pushes, key=lambda p: -abs(p[1]))


@cache
def shipped() -> DepthModel | None:
    """The model in models/ (None when it has not been trained)."""
    return DepthModel.load()


def train(x: list[list[float]], y: list[bool], groups: list[str], c: float = 1.0,
          threshold: float = 0.6, folds: int = 10) -> dict:
    """Fit the model on every example, and measure it by cross-validation that keeps each sample's
    answers in one fold (shallow answers found, adequate answers kept)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    X, Y = np.array(x), np.array(y)

    def fit(rows):
        return LogisticRegression(C=c, class_weight="balanced", max_iter=5000).fit(X[rows], Y[rows])

    predicted = np.zeros(len(Y), dtype=bool)
    for train_rows, test_rows in GroupKFold(min(folds, len(set(groups)))).split(X, Y, groups):
        predicted[test_rows] = fit(train_rows).predict_proba(X[test_rows])[:, 1] >= threshold
    model = fit(np.arange(len(Y)))
    return {"coef": [round(float(v), 6) for v in model.coef_[0]], "intercept": round(float(model.intercept_[0]), 6),
            "threshold": threshold, "needs": list(JUDGES), "features": list(NAMES),
            "C": c, "trained_on": int(len(Y)), "shallow_examples": int(Y.sum()),
            "cross_validated": {"folds": folds,
                                "shallow_found": round(float((predicted & Y).sum() / max(Y.sum(), 1)), 3),
                                "adequate_kept": round(float((~predicted & ~Y).sum() / max((~Y).sum(), 1)), 3)}}


def collect(folder: Path) -> tuple[list[list[float]], list[bool], list[str]]:
    """Examples from labelled samples: every addressed criterion the model judges, with the evidence
    the checker maps to it, labelled shallow or adequate by the gold file."""
    from ..analysis import Settings, run_check
    from ..evaluate import sample_file
    from ..units import UnitLibrary
    from .copied import copied_spans
    from .verbs import VerbJudge

    library, judge = UnitLibrary.load(), VerbJudge(use_model=False)
    x, y, groups = [], [], []
    for gold_path in sorted(Path(folder).glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        analysis = run_check(sample_file(gold_path, gold), library.get(gold["unit"]), Settings())
        by_id = {b.id: b for b in analysis.submission.blocks}
        removed = copied_spans(analysis.flags)
        for criterion in analysis.criteria:
            spec = analysis.unit.criterion(criterion.id)
            if criterion.id in gold.get("omitted", []) or not criterion.evidence or \
                    not set(JUDGES) <= set(judge.needs(spec)):
                continue
            ev = judge.read([by_id[b] for b in criterion.evidence], removed)
            x.append(features(judge.counts(ev), ev.sentences, ev.list_share))
            y.append(criterion.id in gold.get("shallow", []))
            groups.append(gold["id"])
    return x, y, groups


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Train the verb-depth model on labelled samples.")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--output", type=Path, default=models_dir() / MODEL_FILE)
    args = parser.parse_args(argv)
    model = train(*collect(args.folder))
    args.output.write_text(json.dumps(model, indent=2) + "\n", encoding="utf-8")
    print(f"{args.output}: {model['trained_on']} answers ({model['shallow_examples']} shallow); "
          f"cross-validated {model['cross_validated']}")


if __name__ == "__main__":
    main()

"""Fit the paraphrase model on MRPC's training pairs and write translate/weights.json.

    pip install -e ".[fit]"
    python scripts/fit_matcher.py [--mrpc ../shared/data/mrpc]

Needs scikit-learn (the ``fit`` extra; the package itself does not).
Reads msr_paraphrase_train.txt only; msr_paraphrase_dev.txt stays held out for
``python scripts/evaluate.py matching``. One logistic model is fitted over the
features of translate/match.py: is the second sentence a paraphrase of the
first, details and all? This is ``score_pairs``, shown beside every
counterpart as evidence; links are decided on ranked similarities
(translate/align.py, translate/compare/).

Regularisation C and the decision threshold are chosen by 5-fold
cross-validation on the training pairs (the threshold maximises out-of-fold
accuracy). Only the coefficients are shipped; nothing is fitted at run time.
A refit reproduces the shipped model exactly.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.preprocessing import StandardScaler

from evaluate import read_mrpc
from translate.match import FEATURES, WEIGHTS, Text, feature_matrix, idf_table

ROOT = Path(__file__).resolve().parent.parent


def fit(x: np.ndarray, y: np.ndarray, mrpc: np.ndarray, features: tuple[str, ...] = FEATURES) -> dict:
    """Logistic regression; C and the threshold by out-of-fold accuracy on the MRPC rows (``mrpc`` is their mask)."""
    scaler = StandardScaler().fit(x)
    xs = scaler.transform(x)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    best = None
    for c in (0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0):
        oof = cross_val_predict(LogisticRegression(C=c, max_iter=5000), xs, y, cv=folds, method="predict_proba")[:, 1]
        for threshold in np.arange(0.30, 0.71, 0.01):
            accuracy = float(np.mean((oof[mrpc] >= threshold) == y[mrpc]))
            if best is None or accuracy > best[0] + 1e-9:
                best = (accuracy, c, round(float(threshold), 2))
    accuracy, c, threshold = best
    fitted = LogisticRegression(C=c, max_iter=5000).fit(xs, y)
    return {
        "cv_accuracy": round(accuracy, 4),
        "C": c,
        "threshold": threshold,
        "features": list(features),
        "mean": [round(float(v), 6) for v in scaler.mean_],
        "scale": [round(float(v), 6) for v in scaler.scale_],
        "coef": [round(float(v), 6) for v in fitted.coef_[0]],
        "intercept": round(float(fitted.intercept_[0]), 6),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mrpc", type=Path, default=ROOT.parent / "shared" / "data" / "mrpc")
    parser.add_argument("--unrelated", type=float, default=0.0, help="unrelated pairs added, as a share of MRPC's pairs (default 0)")
    args = parser.parse_args()
    if not (args.mrpc / "msr_paraphrase_train.txt").is_file():
        raise SystemExit(f"Error: {args.mrpc / 'msr_paraphrase_train.txt'} not found. Pass --mrpc with the folder that holds MRPC's train file.")
    labels, pairs = read_mrpc(args.mrpc / "msr_paraphrase_train.txt")
    # MRPC's pairs were picked for their word overlap: every pair, same or not, is about one
    # event in near-identical words, and a model fitted on them alone has never seen two
    # unrelated sentences (it scored "Putin was given full military honors in Beijing"
    # against a Xi quote at 0.62). A claim matcher meets mostly those. --unrelated adds such
    # pairs as negatives (each first sentence against the second sentence of another pair,
    # fixed seed; C and the threshold still chosen on MRPC's rows). Measured with 1.0: MRPC
    # dev 74.2% (from 76.0%) and not one Norwegian claim of the seed corpus matched, the
    # Friday/Thursday divergence lost. So the shipped weights are fitted without them.
    rng = np.random.default_rng(0)
    shuffled = rng.permutation(len(pairs))
    extra = [(pairs[i][0], pairs[j][1]) for i, j in enumerate(shuffled) if i != j][: int(len(pairs) * args.unrelated)]
    mrpc = np.array([True] * len(pairs) + [False] * len(extra))
    y = np.array(labels + [0] * len(extra))
    data: dict = {
        "name": "logistic-mrpc-v2",
        "fitted_on": "MRPC msr_paraphrase_train.txt",
        "pairs": len(pairs),
        "unrelated_pairs": len(extra),
        "models": {},
    }
    pairs = pairs + extra
    texts = {t: Text.of(t) for pair in pairs for t in pair}
    idf = idf_table(list(texts.values()))
    x = feature_matrix([(texts[a], texts[b]) for a, b in pairs], idf)
    data["models"]["same"] = fitted = fit(x, y, mrpc)
    print(f"5-fold accuracy {fitted['cv_accuracy']:.4f} at C={fitted['C']}, threshold {fitted['threshold']}")
    for name, coef in sorted(zip(FEATURES, fitted["coef"], strict=True), key=lambda t: -abs(t[1]))[:8]:
        print(f"  {name:18s} {coef:+.3f}")
    WEIGHTS.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"{int(mrpc.sum())} MRPC training pairs and {len(extra)} unrelated pairs; wrote {WEIGHTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

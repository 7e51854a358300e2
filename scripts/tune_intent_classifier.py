"""`make tune-classifier`: the intent classifier's C, chosen by 5-fold cross-validation.

On the training examples only (data/nlu/), never on a held-out set: for each C, the
seeded SVM the pipeline uses (addons/intent_classifier.py, on the same sentence
embeddings) is trained on four folds and scored on the fifth. Prints the accuracy per C
and, for the best, the intents it gets wrong most often. Set the chosen C in config.yml.
"""

from __future__ import annotations

import argparse
import collections

import numpy as np

from addons.intent_classifier import SEED, SeededSklearnIntentClassifier
from scripts.compare_selectors import embed, training_examples


def out_of_fold_predictions(X: np.ndarray, y: np.ndarray, c: float) -> np.ndarray:
    """The out-of-fold prediction for every example, as Rasa predicts: the most probable."""
    from sklearn.base import clone
    from sklearn.model_selection import StratifiedKFold

    # The pipeline's own estimator, so this scores the SVM that `make train` fits.
    config = SeededSklearnIntentClassifier.get_default_config()
    codes = np.unique(y, return_inverse=True)[1]  # Rasa counts the classes as integers
    estimator = SeededSklearnIntentClassifier(config, None, None)._create_classifier(1, codes).estimator
    predicted = np.empty(len(y), dtype=object)
    for train, test in StratifiedKFold(5, shuffle=True, random_state=SEED).split(X, y):
        model = clone(estimator).set_params(C=c, kernel="linear")
        model.fit(X[train], y[train])
        predicted[test] = model.classes_[model.predict_proba(X[test]).argmax(axis=1)]
    return predicted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--c", type=float, nargs="+", default=[2, 5, 10, 20])
    args = parser.parse_args()
    examples = training_examples()
    y = np.array([key.split("/")[0] for key, _ in examples])
    X = embed([text for _, text in examples])
    sizes = collections.Counter(y)
    print(f"{len(y)} training examples, {len(sizes)} intents, 5-fold cross-validation")
    results = {c: out_of_fold_predictions(X, y, c) for c in args.c}
    for c, predicted in results.items():
        print(f"  C={c:<6g} accuracy {np.mean(predicted == y):.4f}")
    best = max(results, key=lambda c: np.mean(results[c] == y))
    wrong = collections.Counter(y[results[best] != y])
    print(f"Best C={best:g}; the intents it gets wrong most often (recall):")
    for intent, count in sorted(wrong.items(), key=lambda kv: kv[1] / sizes[kv[0]], reverse=True)[:10]:
        print(f"  {intent:24s} {1 - count / sizes[intent]:.3f}  ({count} of {sizes[intent]} wrong)")


if __name__ == "__main__":
    main()

"""scripts/tune_intent_classifier.py: every example gets an out-of-fold prediction, and
separable intents are told apart."""

from __future__ import annotations

import numpy as np

from scripts.tune_intent_classifier import out_of_fold_predictions


def test_every_example_is_predicted_by_a_model_that_did_not_see_it() -> None:
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(loc=centre, scale=0.3, size=(20, 4)) for centre in (0.0, 3.0)])
    y = np.repeat(["greet", "goodbye"], 20)
    predicted = out_of_fold_predictions(X, y, c=5)
    assert predicted.shape == y.shape
    assert None not in predicted
    assert np.mean(predicted == y) == 1.0

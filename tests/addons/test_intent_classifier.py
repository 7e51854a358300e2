"""The seeded intent classifier (addons/intent_classifier.py): the same data gives the
same confidences, so a close call cannot flip between two trainings of one commit."""

from __future__ import annotations

import numpy as np

from addons.intent_classifier import SEED, SeededSklearnIntentClassifier


def _fitted_probabilities(x: np.ndarray, y: np.ndarray, probe: np.ndarray) -> np.ndarray:
    config = dict(SeededSklearnIntentClassifier.get_default_config(), C=[5], max_cross_validation_folds=2)
    component = SeededSklearnIntentClassifier(config, None, None)
    search = component._create_classifier(1, y)
    assert search.estimator.get_params()["random_state"] == SEED
    np.random.seed(None)  # as a fresh process would be: the global state is not what decides
    search.fit(x, y)
    return search.predict_proba(probe)


def test_two_trainings_on_the_same_data_give_the_same_confidences() -> None:
    rng = np.random.default_rng(1)
    # Three overlapping classes, so Platt scaling has real uncertainty to calibrate.
    x = np.vstack([rng.normal(loc=centre, scale=1.5, size=(30, 8)) for centre in (0.0, 0.6, 1.2)])
    y = np.repeat([0, 1, 2], 30)
    probe = rng.normal(loc=0.6, scale=1.5, size=(20, 8))
    first = _fitted_probabilities(x, y, probe)
    second = _fitted_probabilities(x, y, probe)
    assert np.array_equal(first, second)

"""scripts/train.py: Rasa's training without a warning per short-answer example."""

from __future__ import annotations

import logging
import warnings

import pytest


def test_the_retrieval_key_warning_is_silenced_after_rasas_own_filters(monkeypatch: pytest.MonkeyPatch) -> None:
    import rasa.utils.common as common

    from scripts import train

    monkeypatch.setattr(common, "EXPECTED_WARNINGS", list(common.EXPECTED_WARNINGS))

    def fake_rasa_main() -> None:  # what Rasa's CLI does first: its filters, then training
        common._filter_warnings(log_level=logging.INFO)
        warnings.warn(f"{train.NO_RESPONSE_FOR_KEY} 'x' for the 'a/b' intent.", UserWarning, stacklevel=1)
        warnings.warn("A real problem with the training data", UserWarning, stacklevel=1)

    monkeypatch.setattr("rasa.__main__.main", fake_rasa_main)
    with warnings.catch_warnings(record=True) as captured:
        warnings.simplefilter("default")
        train.main(["--fixed-model-name", "x"])
    assert [str(w.message) for w in captured] == ["A real problem with the training data"]

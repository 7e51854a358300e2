"""The sentence featurizer (addons/sentence_featurizer.py): one vector per token, and a
sentence vector that reads the question without where the person says they are."""

from __future__ import annotations

import numpy as np
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from addons.sentence_featurizer import SentenceEmbeddingFeaturizer


def _featurised(*texts: str):
    tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
    messages = [Message(data={TEXT: text}) for text in texts]
    tokenizer.process(messages)
    featurizer = SentenceEmbeddingFeaturizer(SentenceEmbeddingFeaturizer.get_default_config(), "featurizer")
    featurizer.process(messages)
    return [m.get_dense_features(TEXT) for m in messages], messages


def test_one_vector_per_token_and_one_unit_sentence_vector() -> None:
    [(sequence, sentence)], [message] = _featurised("he keeps turning up at my work")
    assert sequence.features.shape == (len(message.get(TOKENS_NAMES[TEXT])), 384)
    assert np.isclose(np.linalg.norm(sentence.features[0]), 1.0, atol=1e-4)


def test_where_the_person_is_does_not_change_the_sentence_vector() -> None:
    features, _ = _featurised(
        "im in belfast, what is a stalking protection order",
        "what is a stalking protection order",
        "what is a non-molestation order",
    )
    with_place, without, other = (f[1].features[0] for f in features)
    assert np.allclose(with_place, without, atol=1e-5)
    assert not np.allclose(without, other, atol=1e-2)
    assert features[0][0].features.shape[0] == 9  # the tokens are still all the message's own


def test_a_change_to_the_place_lookup_retrains_the_features(monkeypatch) -> None:
    from safety import places

    before = SentenceEmbeddingFeaturizer.fingerprint_addon({})
    monkeypatch.setattr(places, "PLACES_FILE", places.AREAS_FILE)  # as if the list had changed
    assert SentenceEmbeddingFeaturizer.fingerprint_addon({}) != before

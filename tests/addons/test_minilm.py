"""The sentence-embedding model in NumPy (addons/minilm.py)."""

import numpy as np
import pytest

from addons import minilm


@pytest.fixture(scope="module")
def model() -> minilm.MiniLM:
    return minilm.load()


def test_it_matches_sentence_transformers_reference_output(model) -> None:
    """The similarities sentence-transformers' own quickstart prints for all-MiniLM-L6-v2."""
    sentences = ["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."]
    vectors = np.stack([model.embed(s) for s in sentences])
    similarity = vectors @ vectors.T
    assert similarity[0, 1] == pytest.approx(0.6660, abs=1e-3)
    assert similarity[0, 2] == pytest.approx(0.1046, abs=1e-3)
    assert similarity[1, 2] == pytest.approx(0.1411, abs=1e-3)


def test_embeddings_are_unit_length_384_numbers(model) -> None:
    vector = model.embed("he keeps turning up at my work")
    assert vector.shape == (384,)
    assert np.linalg.norm(vector) == pytest.approx(1.0, abs=1e-5)


def test_paraphrases_are_closer_than_unrelated_sentences(model) -> None:
    a, b, c = (
        model.embed(s)
        for s in (
            "he waits outside my office every day",
            "he keeps turning up at my work",
            "what is the weather tomorrow",
        )
    )
    assert a @ b > 0.5 > a @ c


def test_the_tokenizer_is_berts_uncased_wordpiece(model) -> None:
    vocab = {index: token for token, index in model.tokenizer.vocab.items()}
    tokens = [vocab[i] for i in model.tokenizer.encode("He's got an AirTag, café!")]
    assert tokens == ["[CLS]", "he", "'", "s", "got", "an", "air", "##tag", ",", "cafe", "!", "[SEP]"]


def test_long_text_is_cut_to_the_model_limit(model) -> None:
    assert len(model.tokenizer.encode("word " * 1000)) == minilm.MAX_TOKENS


def test_weights_with_the_wrong_hash_are_refused(tmp_path) -> None:
    for name in ("config.json", "vocab.txt"):
        (tmp_path / name).write_bytes((minilm.model_dir() / name).read_bytes())
    (tmp_path / "model.safetensors").write_bytes(b"not the model")
    with pytest.raises(ValueError, match="not the pinned"):
        minilm.MiniLM(tmp_path)


def test_a_batch_gives_each_sentence_what_it_gets_on_its_own(model) -> None:
    """Padding is masked out: batching for speed changes no embedding."""
    sentences = ["hi", "he keeps turning up at my work and i don't know what to do", "is this stalking?"]
    ids = [model.tokenizer.encode(s) for s in sentences]
    for alone, batched in zip([model.token_states(i) for i in ids], model.token_states_batch(ids), strict=True):
        assert batched.shape == alone.shape
        assert np.allclose(batched, alone, atol=1e-5)

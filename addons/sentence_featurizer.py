"""A Rasa featurizer that adds all-MiniLM-L6-v2 sentence embeddings (addons/minilm.py).

Word and character counts only know the words the training data used; a frightened
person uses their own. The embedding places "he waits outside my office every day"
near "he keeps turning up at my work", so the classifier generalises to new wording.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any, Dict, List, Optional, Text, Tuple, Type

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from addons import minilm
from safety.places import without_places

BATCH = 64  # messages embedded together during training


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SentenceEmbeddingFeaturizer(DenseFeaturizer, GraphComponent):
    @classmethod
    def required_components(cls) -> List[Type]:
        return [Tokenizer]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**DenseFeaturizer.get_default_config()}

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        """Nothing to configure."""

    @classmethod
    def fingerprint_addon(cls, config: Dict[Text, Any]) -> Optional[str]:
        """Rasa reuses cached features unless this class's own code changes: the model code
        and the place lookup (safety/places.py and its lists) change the features too."""
        from safety import places
        from safety.content import CONTENT_DIR

        digest = hashlib.sha256()
        for path in (
            Path(minilm.__file__),
            Path(places.__file__),
            CONTENT_DIR / places.AREAS_FILE,
            CONTENT_DIR / places.PLACES_FILE,
        ):
            digest.update(path.read_bytes())
        return digest.hexdigest()

    def __init__(self, config: Dict[Text, Any], name: Text) -> None:
        super().__init__(name, config)
        self.model = minilm.load()

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SentenceEmbeddingFeaturizer:
        # Rasa's graph always names its nodes; ExecutionContext types the name as optional.
        return cls({**cls.get_default_config(), **config}, execution_context.node_name)  # type: ignore[arg-type]

    def process(self, messages: List[Message]) -> List[Message]:
        # Where someone says they are changes which law and services apply (the region
        # slot and local help see to that), not what they ask: the sentence vector is of
        # the message without it (safety/places.py, without_places).
        questions = {id(m): without_places(m.get(TEXT) or "") for m in messages}
        asked = [m for m in messages if questions[id(m)] != (m.get(TEXT) or "")]
        own = self.embed([(m, self.pieces(m.get(TOKENS_NAMES[TEXT]) or [])) for m in messages])
        without = self.embed([(m, self.pieces(self.words(questions[id(m)]))) for m in asked])
        for message in messages:
            if id(message) in own:
                _, sentence = without.get(id(message), own[id(message)])
                self.add_features_to_message(own[id(message)][0], sentence, TEXT, message)
        return messages

    def embed(
        self, prepared: List[Tuple[Message, Tuple[List[int], List[Tuple[int, int]]]]]
    ) -> Dict[int, Tuple[np.ndarray, np.ndarray]]:
        """Sequence and sentence vectors, by message id; similar lengths batched together."""
        ready = sorted(((m, ids, spans) for m, (ids, spans) in prepared if spans), key=lambda item: len(item[1]))
        found: Dict[int, Tuple[np.ndarray, np.ndarray]] = {}
        for start in range(0, len(ready), BATCH):
            chunk = ready[start : start + BATCH]
            states_batch = self.model.token_states_batch([ids for _, ids, _ in chunk])
            for (message, _, spans), states in zip(chunk, states_batch, strict=True):
                found[id(message)] = self.pool(states, spans)
        return found

    @staticmethod
    def words(text: str) -> List[Token]:
        return [Token(m.group(), m.start()) for m in re.finditer(r"\S+", text)]

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data

    def features(self, tokens: List[Token]) -> Optional[Tuple[np.ndarray, np.ndarray]]:
        """One vector per Rasa token (its word pieces averaged), and one for the sentence."""
        ids, spans = self.pieces(tokens)
        if not spans:
            return None
        return self.pool(self.model.token_states(ids), spans)

    def pieces(self, tokens: List[Token]) -> Tuple[List[int], List[Tuple[int, int]]]:
        """The model's word-piece ids for a message, and which pieces belong to each Rasa token."""
        tokenizer = self.model.tokenizer
        pieces = [
            [p for word in tokenizer.basic_tokens(token.text) for p in tokenizer.wordpieces(word)] for token in tokens
        ]
        room = minilm.MAX_TOKENS - 2
        spans, ids = [], [tokenizer.cls]
        for token_pieces in pieces:
            kept = token_pieces[: max(0, room - (len(ids) - 1))]
            spans.append((len(ids), len(ids) + len(kept)))
            ids.extend(kept)
        ids.append(tokenizer.sep)
        return ids, spans

    @staticmethod
    def pool(states: np.ndarray, spans: List[Tuple[int, int]]) -> Tuple[np.ndarray, np.ndarray]:
        dim = states.shape[1]
        sequence = np.stack([states[a:b].mean(0) if b > a else np.zeros(dim, np.float32) for a, b in spans])
        sentence = states.mean(0)
        sentence = sentence / max(float(np.linalg.norm(sentence)), 1e-12)
        return sequence.astype(np.float32), sentence[np.newaxis, :].astype(np.float32)

"""Which short answer a message asks for (content/answers/), as an NLU component.

Training examples use Rasa's retrieval-intent keys, as Sara does for its FAQs:
`protection_order/spo_duration` is an example of the intent `protection_order` that
asks for the answer `spo_duration`. A plain example of a topic intent asks for the
topic's overview, labelled `<intent>/overview`. The intent classifier learns the
topics from all of them; this component learns the answer keys, from the same
sentence embeddings (addons/sentence_featurizer.py), with a logistic regression.

It adds `answer` to the parse result: the best key, its confidence and the next best
keys. It never changes the intent: the danger and risk nets, the fallback and the
rules still decide what kind of reply a message gets, and actions/guidance.py serves
an answer only when it belongs to that reply's topic and is confident enough.
"""

from __future__ import annotations

import json
import logging
from typing import Any, Dict, List, Optional, Text, Tuple, Type

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import INTENT, INTENT_RESPONSE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

logger = logging.getLogger(__name__)

ANSWER = "answer"
OVERVIEW = "overview"


def label_of(message: Message) -> Optional[str]:
    """An example's answer key: its retrieval key, or its intent's overview."""
    key = message.get(INTENT_RESPONSE_KEY)
    if key:
        return str(key)
    intent = message.get(INTENT)
    return f"{intent}/{OVERVIEW}" if intent else None


def sentence_vector(message: Message) -> Optional[np.ndarray]:
    _, sentence = message.get_dense_features(TEXT)
    if sentence is None:
        return None
    vector = np.asarray(sentence.features[0], dtype=np.float32)
    return vector / max(float(np.linalg.norm(vector)), 1e-12)


def answer_documents() -> List[Tuple[str, str]]:
    """(retrieval key, text): each answer's question and its own words, as extra examples of
    its key. They describe the answer better than any one way of asking; in 5-fold
    cross-validation they raised right answers at the serving threshold from 0.575 to 0.610
    and lowered wrong ones from 0.039 to 0.034 (make compare-selectors)."""
    from safety.content import library

    lib = library()
    found = []
    for answer_id, topic in sorted(lib.answer_topics.items()):
        key = f"{lib.topic_intents[topic]}/{answer_id}"
        found += [(key, lib.fill(lib.answers[answer_id].question)), (key, lib.answer_text(answer_id))]
    return found


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class AnswerSelector(GraphComponent):
    @classmethod
    def required_components(cls) -> List[Type]:
        return [DenseFeaturizer]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # C was chosen by cross-validation on the training data (docs/performance.md).
        # with_answer_texts: learn from each answer's question and words too (answer_documents).
        return {"C": 20.0, "ranking_length": 10, "with_answer_texts": True}

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        labels: Optional[List[str]] = None,
        weights: Optional[np.ndarray] = None,
        bias: Optional[np.ndarray] = None,
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.labels = labels or []
        self.weights = weights
        self.bias = bias

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> AnswerSelector:
        return cls(config, model_storage, resource)

    # --- training ------------------------------------------------------------------
    @classmethod
    def fingerprint_addon(cls, config: Dict[Text, Any]) -> Optional[str]:
        """The answers' own words are training data too (answer_documents): retrain when they change."""
        return json.dumps(answer_documents(), sort_keys=True) if config.get("with_answer_texts", True) else None

    def train(self, training_data: TrainingData) -> Resource:
        from sklearn.linear_model import LogisticRegression

        from addons.minilm import sentence_vectors

        examples = [(label_of(m), sentence_vector(m)) for m in training_data.intent_examples]
        pairs = [(label, vector) for label, vector in examples if label and vector is not None]
        documents = answer_documents() if self.config["with_answer_texts"] else []
        if pairs and documents:
            vectors = sentence_vectors([text for _, text in documents])
            pairs += [(key, vector) for (key, _), vector in zip(documents, vectors, strict=True)]
        self.labels = sorted({label for label, _ in pairs})
        if len(self.labels) < 2:
            logger.warning("AnswerSelector: fewer than two answer keys; nothing to learn.")
            return self._resource
        index = {label: i for i, label in enumerate(self.labels)}
        X = np.stack([vector for _, vector in pairs])
        y = np.array([index[label] for label, _ in pairs])
        model = LogisticRegression(C=float(self.config["C"]), max_iter=2000, class_weight="balanced")
        model.fit(X, y)
        self.weights = model.coef_.astype(np.float32)
        self.bias = model.intercept_.astype(np.float32)
        self.persist(self.weights, self.bias)
        return self._resource

    def persist(self, weights: np.ndarray, bias: np.ndarray) -> None:
        with self._model_storage.write_to(self._resource) as directory:
            np.savez(directory / "weights.npz", weights=weights, bias=bias)
            (directory / "labels.json").write_text(json.dumps(self.labels))

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> AnswerSelector:
        try:
            with model_storage.read_from(resource) as directory:
                stored = np.load(directory / "weights.npz")
                labels = json.loads((directory / "labels.json").read_text())
                return cls(config, model_storage, resource, labels, stored["weights"], stored["bias"])
        except (ValueError, FileNotFoundError):
            logger.debug("AnswerSelector: no trained model found; it will add nothing.")
            return cls(config, model_storage, resource)

    # --- at chat time ----------------------------------------------------------------------
    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            vector = sentence_vector(message)
            if self.weights is None or vector is None:
                continue
            scores = self.weights @ vector + self.bias
            probabilities = np.exp(scores - scores.max())
            probabilities /= probabilities.sum()
            order = np.argsort(-probabilities)[: int(self.config["ranking_length"])]
            ranking = [{"key": self.labels[i], "confidence": round(float(probabilities[i]), 4)} for i in order]
            message.set(ANSWER, {**ranking[0], "ranking": ranking}, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

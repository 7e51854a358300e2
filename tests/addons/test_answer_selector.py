"""The answer selector (addons/answer_selector.py): learns retrieval keys from sentence
embeddings, persists them, and ranks a message's answer keys without touching its intent."""

from __future__ import annotations

from typing import List

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RESPONSE_KEY, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from addons.answer_selector import ANSWER, AnswerSelector, label_of

RNG = np.random.default_rng(7)
CENTRES = {
    key: RNG.normal(size=16)
    for key in ("protection_order/spo_duration", "protection_order/spo_breach", "protection_order/overview")
}


def message(key: str, noise: float = 0.3, with_key: bool = True) -> Message:
    vector = CENTRES[key] + RNG.normal(scale=noise, size=16)
    data = {TEXT: key, INTENT: key.split("/")[0]}
    if with_key and not key.endswith("/overview"):
        data[INTENT_RESPONSE_KEY] = key
    msg = Message(data=data)
    msg.add_features(Features(vector[np.newaxis, :].astype(np.float32), "sentence", TEXT, "test"))
    return msg


@pytest.fixture
def selector(tmp_path) -> AnswerSelector:
    storage = LocalModelStorage(tmp_path)
    resource = Resource("answer_selector")
    context = ExecutionContext(graph_schema=None, model_id="test")  # type: ignore[arg-type]
    config = dict(AnswerSelector.get_default_config(), with_answer_texts=False)  # made-up 16-number vectors
    component = AnswerSelector.create(config, storage, resource, context)
    examples: List[Message] = [message(key) for key in CENTRES for _ in range(12)]
    component.train(TrainingData(training_examples=examples))
    return component


def test_plain_topic_examples_ask_for_the_overview() -> None:
    assert label_of(message("protection_order/overview", with_key=False)) == "protection_order/overview"
    assert label_of(message("protection_order/spo_breach")) == "protection_order/spo_breach"


def test_it_ranks_the_right_answer_first_and_leaves_the_intent_alone(selector: AnswerSelector) -> None:
    for key in CENTRES:
        msg = message(key, noise=0.1)
        msg.set(INTENT, {"name": "protection_order", "confidence": 0.9})
        [result] = selector.process([msg])
        answer = result.get(ANSWER)
        assert answer["key"] == key
        assert answer["confidence"] > 0.5
        assert next(r["key"] for r in answer["ranking"]) == key
        assert result.get(INTENT) == {"name": "protection_order", "confidence": 0.9}
        assert ANSWER in result.as_dict(only_output_properties=True)


def test_it_survives_persisting_and_loading(selector: AnswerSelector, tmp_path) -> None:
    loaded = AnswerSelector.load(
        AnswerSelector.get_default_config(),
        selector._model_storage,
        selector._resource,
        ExecutionContext(graph_schema=None, model_id="test"),
    )  # type: ignore[arg-type]
    msg = message("protection_order/spo_breach", noise=0.1)
    assert loaded.process([msg])[0].get(ANSWER)["key"] == "protection_order/spo_breach"


def test_a_message_without_features_gets_no_answer(selector: AnswerSelector) -> None:
    msg = Message(data={TEXT: "/protection_order"})
    assert selector.process([msg])[0].get(ANSWER) is None


def test_an_answer_is_learnt_from_its_own_words_too(tmp_path) -> None:
    from addons.answer_selector import answer_documents
    from addons.minilm import sentence_vectors
    from safety.content import library

    lib = library()
    examples = []
    for _key, text in [
        ("protection_order/overview", "tell me about protection orders"),
        ("protection_order/overview", "what orders can protect me"),
    ]:
        msg = Message(data={TEXT: text, INTENT: "protection_order"})
        msg.add_features(Features(sentence_vectors([text]), "sentence", TEXT, "test"))
        examples.append(msg)
    context = ExecutionContext(graph_schema=None, model_id="test")  # type: ignore[arg-type]
    component = AnswerSelector.create(
        AnswerSelector.get_default_config(), LocalModelStorage(tmp_path), Resource("answer_selector"), context
    )
    component.train(TrainingData(training_examples=examples))
    assert set(component.labels) == {key for key, _ in answer_documents()} | {"protection_order/overview"}
    assert len(answer_documents()) == 2 * len(lib.answers)  # its question and its words
    question = lib.fill("does {silent_solution} work on a landline")  # the number lives in the directory only
    asked = Message(data={TEXT: question})
    asked.add_features(Features(sentence_vectors([question]), "sentence", TEXT, "test"))
    [parsed] = component.process([asked])
    assert parsed.get(ANSWER)["key"] == "silent_call/press_55_landline"

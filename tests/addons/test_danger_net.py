"""Danger first in the NLU pipeline (addons/danger_net.py)."""
from rasa.shared.nlu.training_data.message import Message

from addons.danger_net import DANGER, DangerSafetyNet

net = DangerSafetyNet(DangerSafetyNet.get_default_config())


def parsed(text: str, *ranking) -> Message:
    intents = [{"name": name, "confidence": confidence} for name, confidence in ranking]
    return Message(data={"text": text, "intent": intents[0], "intent_ranking": intents})


def intent_after(message: Message) -> str:
    [result] = net.process([message])
    return result.get("intent")["name"]


def test_danger_wording_wins_over_a_confident_classifier() -> None:
    message = parsed("is this stalking? he's outside my door", ("recognise_stalking", 0.97), ("immediate_danger", 0.01))
    assert intent_after(message) == DANGER
    assert message.get("intent")["confidence"] == 1.0
    assert message.get("intent_ranking")[0]["name"] == DANGER


def test_danger_wording_wins_over_the_fallback() -> None:
    message = parsed("hes here help", ("nlu_fallback", 0.3), ("greet", 0.2))
    assert intent_after(message) == DANGER


def test_a_classifier_danger_guess_survives_the_fallback() -> None:
    message = parsed("he is being really scary", ("nlu_fallback", 0.3), ("immediate_danger", 0.22), ("express_distress", 0.20))
    assert intent_after(message) == DANGER


def test_a_weak_danger_guess_is_left_to_the_fallback() -> None:
    message = parsed("yes that has happened", ("nlu_fallback", 0.3), ("immediate_danger", 0.06), ("affirm", 0.05))
    assert intent_after(message) == "nlu_fallback"


def test_other_messages_are_untouched() -> None:
    message = parsed("how do I report him", ("report_to_police", 0.9), ("immediate_danger", 0.05))
    assert intent_after(message) == "report_to_police"

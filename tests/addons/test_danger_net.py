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
    message = parsed(
        "he is being really scary", ("nlu_fallback", 0.3), ("immediate_danger", 0.22), ("express_distress", 0.20)
    )
    assert intent_after(message) == DANGER


def test_a_weak_danger_guess_is_left_to_the_fallback() -> None:
    message = parsed("yes that has happened", ("nlu_fallback", 0.3), ("immediate_danger", 0.06), ("affirm", 0.05))
    assert intent_after(message) == "nlu_fallback"


def test_other_messages_are_untouched() -> None:
    message = parsed("how do I report him", ("report_to_police", 0.9), ("immediate_danger", 0.05))
    assert intent_after(message) == "report_to_police"


def test_a_reported_risk_sign_beats_the_fallback_and_names_the_sign() -> None:
    message = parsed(
        "he said if i go to the police he will end me and he knows where i am", ("nlu_fallback", 0.3), ("greet", 0.1)
    )
    assert intent_after(message) == "risk_sign"
    assert message.get("risk_sign") == "threat"
    assert message.as_dict(only_output_properties=True)["risk_sign"] == "threat"


def test_a_risk_sign_beats_a_confident_topic() -> None:
    message = parsed("he broke the restraining order again last night", ("protection_order", 0.92))
    assert intent_after(message) == "risk_sign"


def test_danger_beats_a_risk_sign() -> None:
    message = parsed("he said he'll kill me and he's outside now", ("nlu_fallback", 0.3))
    assert intent_after(message) == DANGER
    assert message.get("risk_sign") is None


def test_a_question_about_a_breach_is_left_to_the_classifier() -> None:
    message = parsed("what happens if he breaks the order?", ("protection_order", 0.88))
    assert intent_after(message) == "protection_order"


def test_a_close_second_danger_guess_is_danger() -> None:
    message = parsed(
        "the guy from the dating app has turned up and wont go away",
        ("recognise_stalking", 0.45),
        ("immediate_danger", 0.30),
        ("domestic_abuse", 0.05),
    )
    assert intent_after(message) == DANGER


def test_a_distant_or_weak_second_danger_guess_is_not() -> None:
    assert (
        intent_after(
            parsed("is it stalking if he sends flowers", ("recognise_stalking", 0.7), ("immediate_danger", 0.2))
        )
        == "recognise_stalking"
    )
    assert (
        intent_after(parsed("what does an advocate do", ("advocacy_services", 0.2), ("immediate_danger", 0.1)))
        == "advocacy_services"
    )

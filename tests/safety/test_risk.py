"""The risk-sign net (safety/risk.py): reported warning signs short of danger now are
caught in people's own words; questions about the law are left to the classifier."""

from __future__ import annotations

import pytest

from safety.risk import risk_signal

REPORTED = [
    ("he said if i go to the police he will end me and he knows where i am", "threat"),
    ("he threatened to kill me last week", "threat"),
    ("my ex keeps saying he's going to hurt me", "threat"),
    ("he told me he'd kill me if i left", "threat"),
    ("he sent me a death threat", "threat"),
    ("he said he'd put me in the ground", "threat"),
    ("he said he'll kill me, what can i do?", "threat"),
    ("he knows where i live now", "location"),
    ("he found out my new address", "location"),
    ("he tracked me down after i moved", "location"),
    ("he has a gun licence", "weapon"),
    ("my ex keeps a machete in his van", "weapon"),
    ("he strangled me before we split up", "violence"),
    ("he's been in prison for assault", "violence"),
    ("he's broken the restraining order", "broken_order"),
    ("he keeps breaking the non molestation order", "broken_order"),
    ("i have an spo but he still messages me", "broken_order"),
    ("its getting worse every week", "escalation"),
    ("things are escalating", "escalation"),
    # Once missed (the blind route set, 2026-12-07): threats told through death, a weapon spoken of.
    ("my ex told my sister hes going to make sure i end up dead", "threat"),
    ("he told me nobody would find my body", "threat"),
    ("he keeps talking about his shotgun whenever he messages me", "weapon"),
    # Once missed (blind answer set 8): an order broken in other words.
    ("my ex went against his non molestation order", "broken_order"),
    ("he has disobeyed his bail conditions twice", "broken_order"),
    ("he went against the order, what can i do?", "broken_order"),  # a report, then a question
    ("he disobeys the order all the time, what should i do?", "broken_order"),
]
QUESTIONS_AND_CALM = [
    "how long does a stalking protection order last?",
    "what happens if he breaks it?",
    "what happens if he breaks the order",
    "what happens if he goes against the order?",
    "if he goes against the order",
    "can I apply for one myself",
    "is breaching a non-molestation order a criminal offence",
    "is it a crime to threaten to kill someone?",
    "what does the law say about threats to kill",
    "can he find out where I live if I get an order?",
    "I'm worried he will find out where i live",
    "can i find out if my new partner has a history of abuse",
    "he threatens to kill himself if i leave him",
    "can i carry a knife for protection",
    "he keeps texting me",
    "my body aches from not sleeping",
    "make sure you are safe",
    "he sends me flowers at work",
    "is this stalking",
    "hi",
    "",
]


@pytest.mark.parametrize(("text", "sign"), REPORTED)
def test_a_reported_risk_sign_is_caught(text: str, sign: str) -> None:
    assert risk_signal(text) == sign


@pytest.mark.parametrize("text", QUESTIONS_AND_CALM)
def test_questions_and_calm_messages_are_left_alone(text: str) -> None:
    assert risk_signal(text) is None


def test_nothing_but_a_name_is_returned() -> None:
    assert risk_signal(None) is None
    assert risk_signal(42) is None  # type: ignore[arg-type]

"""Answers, follow-ups and risk signs through the REST channel, as a user meets them."""

from __future__ import annotations

import pytest

from safety.content import library
from scripts.stack import Stack
from tests.conftest import guidance_ids, new_sender, phone, say, text_of

pytestmark = pytest.mark.servers


def test_a_threat_to_kill_gets_the_risk_reply_never_a_shrug(stack: Stack) -> None:
    replies = say(stack, new_sender(), "he said if i go to the police he will end me and he knows where i am")
    text = text_of(replies)
    assert guidance_ids(replies) == ["risk_signs"]
    assert "serious warning sign" in text
    assert "not sure I understood" not in text
    assert text.index(phone("emergency")) < text.index(phone("national_stalking_helpline"))


@pytest.mark.parametrize(
    ("message", "sign_words"),
    [
        ("he strangled me when we were together", "violence, now or in the past"),
        ("he's broken the restraining order again", "report every breach"),
        ("my ex knows where i live now", "knows where you are"),
    ],
)
def test_each_risk_sign_is_answered_for_what_it_is(stack: Stack, message: str, sign_words: str) -> None:
    replies = say(stack, new_sender(), message)
    assert guidance_ids(replies) == ["risk_signs"]
    assert sign_words in text_of(replies)


def test_danger_still_beats_a_risk_sign(stack: Stack) -> None:
    replies = say(stack, new_sender(), "he said he'll kill me and he's outside my door now")
    assert guidance_ids(replies)[0] == "immediate_danger"


def test_whats_their_number_after_advocacy_gives_the_helpline(stack: Stack) -> None:
    sender = new_sender()
    say(stack, sender, "who can help me, are there stalking advocates?")
    replies = say(stack, sender, "what's their number?")
    assert replies[0]["custom"]["kind"] == "contact"
    assert phone("national_stalking_helpline") in text_of(replies)
    assert library().safety_line in text_of(replies)


def test_and_in_scotland_answers_again_for_scotland(stack: Stack) -> None:
    sender = new_sender()
    say(stack, sender, "tell me about protection orders")
    replies = say(stack, sender, "and in Scotland?")
    assert guidance_ids(replies) == ["protection_orders"]
    assert all(m["custom"]["region"] == "scotland" for m in replies)
    assert "interdict" in text_of(replies)


def test_a_question_asked_with_a_risk_sign_is_answered_after_the_risk_reply(stack: Stack) -> None:
    """ "He broke his SPO, what happens now?" once got the risk reply alone. The risk reply
    still comes first and whole; then the answer, with its "More about" button."""
    replies = say(stack, new_sender(), "he broke his spo what happens now")
    risk = [m for m in replies if m["custom"]["guidance_id"] == "risk_signs"]
    assert risk
    assert replies[: len(risk)] == risk
    [answer] = replies[len(risk) :]
    assert answer["custom"]["answer_id"] == "spo_breach"
    assert "5 years" in answer["text"]
    assert answer["text"].endswith(library().safety_line)
    assert "More about protection orders" in [b["title"] for b in answer["buttons"]]


def test_someone_in_scotland_asking_if_stalking_is_illegal_gets_scots_law(stack: Stack) -> None:
    replies = say(stack, new_sender(), "im in edinburgh. is stalking against the law here")
    assert replies[0]["custom"]["answer_id"] == "stalking_law_scotland"

"""Never silence: with the action server down, slow or failing, every message still
gets 999, the Silent Solution and the National Stalking Helpline within 4 seconds,
and the conversation recovers when the action server is back."""

from __future__ import annotations

import time

import pytest

from tests.conftest import guidance_ids, new_sender, phone, say, text_of

pytestmark = pytest.mark.servers


def assert_safety_fallback(replies) -> None:
    text = text_of(replies)
    assert guidance_ids(replies) == ["safety_fallback"]
    for service in ("emergency", "silent_solution", "national_stalking_helpline"):
        assert phone(service) in text


def test_stopping_the_action_server_mid_conversation(stack) -> None:
    sender = new_sender()
    say(stack, sender, "/start_stalking_check")
    say(stack, sender, '/inform{"check_behaviour": "following"}')
    stack.stop("actions")
    try:
        for message in ("/affirm", "he's outside my door right now", "how do I report him"):
            started = time.monotonic()
            replies = say(stack, sender, message)
            assert time.monotonic() - started < 4.0, message
            assert_safety_fallback(replies)
    finally:
        stack.start_one("actions")
    time.sleep(float(__import__("os").environ.get("ACTION_COOLDOWN_SECONDS", "5")) + 0.5)
    assert guidance_ids(say(stack, sender, "what does the silent solution do")) == ["silent_solution"]
    assert guidance_ids(say(stack, new_sender(), "hello")) == ["welcome"]

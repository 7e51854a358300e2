"""A hung Redis is answered as fast as a dead one: with Redis frozen (SIGSTOP) under
the scaled profile, every message still gets the safety fallback within 4 s, and
after the thaw (SIGCONT) the conversation carries on where it was."""

from __future__ import annotations

import time
from typing import List

import pytest

from scripts.stack import Stack
from tests.conftest import guidance_ids, new_sender, phone, say, text_of
from tests.scale.conftest import frozen

pytestmark = pytest.mark.servers

BUDGET = 4.0  # seconds, as for a failing action server (tests/integration/test_action_server_down.py)


def timed_say(stack: Stack, sender: str, message: str, replica: int, took: List[float]) -> List[dict]:
    started = time.monotonic()
    replies = say(stack, sender, message, replica=replica)
    took.append(time.monotonic() - started)
    assert took[-1] < BUDGET, (message, replica, round(took[-1], 2))
    return replies


def summary(name: str, took: List[float]) -> str:
    return f"{name}: {len(took)} replies, slowest {max(took):.2f} s"


def test_a_frozen_redis_gets_the_safety_fallback_within_4_s_and_the_conversation_carries_on(scaled: Stack) -> None:
    sender = new_sender()
    before: List[float] = []
    assert "what has been happening" in text_of(timed_say(scaled, sender, "/start_stalking_check", 0, before))
    assert "more than once" in text_of(timed_say(scaled, sender, '/inform{"check_behaviour": "following"}', 1, before))

    during: List[float] = []
    with frozen(scaled.processes["redis"].pid()):
        for replica, message in [(0, "/affirm"), (1, "he's outside my door right now"), (0, "how do I report him")]:
            replies = timed_say(scaled, sender, message, replica, during)
            assert guidance_ids(replies) == ["safety_fallback"]
            for service in ("emergency", "silent_solution", "national_stalking_helpline"):
                assert phone(service) in text_of(replies)
        assert guidance_ids(timed_say(scaled, new_sender(), "hello", 1, during)) == ["safety_fallback"]

    # Thawed: the stalking check goes on from the question it was on, on both replicas.
    steps = [
        (0, "/affirm", "unwanted"),
        (1, "/affirm", "afraid"),
        (0, "/deny", "Who is doing it"),
        (1, '/inform{"relationship": "someone_known"}', "Where in the UK"),
    ]
    after: List[float] = []
    for replica, message, expected in steps:
        assert expected in text_of(timed_say(scaled, sender, message, replica, after)), (replica, message)
    result = timed_say(scaled, sender, '/inform{"region": "scotland"}', 0, after)
    assert guidance_ids(result) == ["stalking_check_result"]
    assert result[0]["custom"]["region"] == "scotland"
    # The measured figures, for docs/performance.md (shown with pytest -s).
    print("\n" + "; ".join(summary(*pair) for pair in [("before", before), ("frozen", during), ("thawed", after)]))

"""The scaled profile: two Rasa replicas sharing conversations and locks in Redis
(deploy/endpoints.redis.yml), with conversations expiring from Redis."""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor
from typing import List

import pytest
import redis

from scripts.stack import HOST, Stack
from tests.conftest import guidance_ids, new_sender, say, text_of
from tests.scale.conftest import RECORD_EXP

pytestmark = pytest.mark.servers


def stored_events(stack: Stack, sender: str) -> List[dict]:
    raw = redis.Redis(host=HOST, port=stack.redis_port).get(f"stalkingbot:tracker:{sender}")
    return json.loads(raw)["events"] if raw else []


def test_the_stalking_check_carries_over_between_replicas(scaled: Stack) -> None:
    sender = new_sender()
    steps = [
        (0, "/start_stalking_check", "what has been happening"),
        (1, '/inform{"check_behaviour": "following"}', "more than once"),
        (0, "/affirm", "unwanted"),
        (1, "/affirm", "afraid"),
        (0, "/deny", "Who is doing it"),
        (1, '/inform{"relationship": "someone_known"}', "Where in the UK"),
    ]
    for replica, message, expected in steps:
        assert expected in text_of(say(scaled, sender, message, replica=replica)), (replica, message)
    result = say(scaled, sender, '/inform{"region": "northern_ireland"}', replica=1)
    assert guidance_ids(result) == ["stalking_check_result"]
    assert result[0]["custom"]["region"] == "northern_ireland"


def test_a_burst_to_one_conversation_through_both_replicas_loses_nothing(scaled: Stack) -> None:
    sender = new_sender()
    say(scaled, sender, "hello")
    questions = [
        "how do I report him",
        "what is a stalking protection order",
        "how do I keep a diary",
        "will he see I was on this site",
        "I think he tracks my phone",
    ]
    messages = [f"{questions[i % len(questions)]} ({'abcdefghijklmnopqrst'[i]})" for i in range(20)]

    def send(index: int) -> List[dict]:
        return say(scaled, sender, messages[index], replica=index % 2, timeout=60)

    with ThreadPoolExecutor(max_workers=20) as pool:
        replies = list(pool.map(send, range(20)))
    for reply in replies:
        assert reply
        assert "safety_fallback" not in guidance_ids(reply)
    events = stored_events(scaled, sender)
    user_texts = [e["text"] for e in events if e["event"] == "user"]
    assert sorted(user_texts[1:]) == sorted(messages)  # every message, once
    # In order: each message's bot reply comes before the next message is read.
    kinds = [e["event"] for e in events if e["event"] in ("user", "bot")]
    turns = "".join("u" if kind == "user" else "b" for kind in kinds)
    assert turns.count("uu") == 0
    assert turns.startswith("u")
    assert turns.endswith("b")
    timestamps = [e["timestamp"] for e in events]
    assert timestamps == sorted(timestamps)


def test_an_idle_conversation_expires_from_redis(scaled: Stack) -> None:
    sender = new_sender()
    say(scaled, sender, "hello")
    client = redis.Redis(host=HOST, port=scaled.redis_port)
    key = f"stalkingbot:tracker:{sender}"
    assert client.exists(key)
    assert 0 < client.ttl(key) <= RECORD_EXP
    time.sleep(RECORD_EXP + 1)
    assert not client.exists(key)
    assert guidance_ids(say(scaled, sender, "/affirm")) == ["okay"]  # a fresh conversation


def test_redis_keeps_nothing_on_disk(scaled: Stack) -> None:
    config = redis.Redis(host=HOST, port=scaled.redis_port).config_get("*")
    assert config["save"] == ""
    assert config["appendonly"] == "no"

"""Rasa's Redis tracker store with bounded waits (addons/tracker_stores.py), on a real Redis."""

from __future__ import annotations

import asyncio
import subprocess
import time
from pathlib import Path

import pytest
from rasa.core.tracker_store import TrackerStore
from rasa.core.utils import read_endpoints_from_path
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from addons.tracker_stores import PromptRedisTrackerStore
from tests.scale.conftest import frozen

pytestmark = pytest.mark.servers

ROOT = Path(__file__).resolve().parents[2]


def test_a_frozen_redis_is_given_up_on_within_about_a_second(redis_server: subprocess.Popen) -> None:
    store = PromptRedisTrackerStore(Domain.empty(), host="127.0.0.1", port=redis_server.port, key_prefix="test")
    tracker = DialogueStateTracker.from_events("conversation-ffff", [UserUttered("hello")])
    asyncio.run(store.save(tracker))
    with frozen(redis_server.pid):
        started = time.monotonic()
        with pytest.raises(Exception):  # noqa: B017, PT011 (any error: what counts is how soon)
            asyncio.run(store.retrieve("conversation-ffff"))
        waited = time.monotonic() - started
    assert waited < 2.0  # Rasa's Redis tracker store waited for as long as Redis was frozen
    assert asyncio.run(store.retrieve("conversation-ffff")).sender_id == "conversation-ffff"


def test_the_scaled_profile_uses_it_with_a_one_second_limit() -> None:
    endpoints = read_endpoints_from_path(ROOT / "deploy" / "endpoints.redis.yml")
    store = TrackerStore.create(endpoints.tracker_store, Domain.empty())
    assert isinstance(store, PromptRedisTrackerStore)
    settings = store.red.connection_pool.connection_kwargs
    assert settings["socket_timeout"] == settings["socket_connect_timeout"] == 1.0


def test_each_save_hands_the_event_broker_only_that_turns_events(redis_port: int) -> None:
    published = []
    broker = type("Collecting", (), {"publish": lambda self, event: published.append(event)})()
    store = PromptRedisTrackerStore(
        Domain.empty(), host="127.0.0.1", port=redis_port, key_prefix="test", event_broker=broker
    )
    other_replica = PromptRedisTrackerStore(
        Domain.empty(), host="127.0.0.1", port=redis_port, key_prefix="test", event_broker=broker
    )
    tracker = DialogueStateTracker.from_events("conversation-gggg", [UserUttered("hello")])
    asyncio.run(store.save(tracker))
    tracker.update(BotUttered("hi"))
    tracker.update(UserUttered("how do I report him"))
    asyncio.run(other_replica.save(tracker))
    asyncio.run(store.save(tracker))  # nothing new
    assert [(e["event"], e.get("text")) for e in published] == [
        ("user", "hello"),
        ("bot", "hi"),
        ("user", "how do I report him"),
    ]

"""Conversations forget themselves (addons/tracker_stores.py)."""

import asyncio
import time

from rasa.core.tracker_store import FailSafeTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from addons.tracker_stores import ExpiringInMemoryTrackerStore, forget

DOMAIN = Domain.empty()


def save(store, sender: str) -> None:
    asyncio.run(store.save(DialogueStateTracker.from_events(sender, [UserUttered("hello")])))


def test_an_idle_conversation_expires() -> None:
    store = ExpiringInMemoryTrackerStore(DOMAIN, record_exp=0.2)
    save(store, "conversation-aaaaaaaa")
    assert asyncio.run(store.retrieve("conversation-aaaaaaaa")) is not None
    time.sleep(0.3)
    assert asyncio.run(store.retrieve("conversation-aaaaaaaa")) is None
    assert "conversation-aaaaaaaa" not in store.store


def test_idle_conversations_are_swept_when_others_are_saved() -> None:
    store = ExpiringInMemoryTrackerStore(DOMAIN, record_exp=0.2)
    save(store, "conversation-old-aaaa")
    time.sleep(0.3)
    save(store, "conversation-new-bbbb")
    assert list(store.store) == ["conversation-new-bbbb"]


def test_an_active_conversation_stays() -> None:
    store = ExpiringInMemoryTrackerStore(DOMAIN, record_exp=60)
    save(store, "conversation-aaaaaaaa")
    assert asyncio.run(store.retrieve("conversation-aaaaaaaa")).sender_id == "conversation-aaaaaaaa"


def test_forget_removes_a_conversation_at_once_even_behind_rasas_failsafe_wrapper() -> None:
    store = ExpiringInMemoryTrackerStore(DOMAIN)
    save(store, "conversation-aaaaaaaa")
    assert forget(FailSafeTrackerStore(store), "conversation-aaaaaaaa")
    assert asyncio.run(store.retrieve("conversation-aaaaaaaa")) is None


class Collecting:
    """An event broker that keeps what it is handed, to see what the usage counter gets."""

    def __init__(self) -> None:
        self.events = []

    def publish(self, event: dict) -> None:
        self.events.append(event)


def test_each_save_hands_the_event_broker_only_that_turns_events() -> None:
    broker = Collecting()
    store = ExpiringInMemoryTrackerStore(DOMAIN, broker)
    tracker = DialogueStateTracker.from_events("conversation-aaaaaaaa", [UserUttered("hello")])
    asyncio.run(store.save(tracker))
    tracker.update(BotUttered("hi", data={"custom": {"guidance_id": "welcome"}}))
    tracker.update(UserUttered("how do I report him"))
    asyncio.run(store.save(tracker))
    asyncio.run(store.save(tracker))  # nothing new
    assert [(e["event"], e.get("text")) for e in broker.events] == [
        ("user", "hello"),
        ("bot", "hi"),
        ("user", "how do I report him"),
    ]
    forget(store, "conversation-aaaaaaaa")
    asyncio.run(store.save(DialogueStateTracker.from_events("conversation-aaaaaaaa", [UserUttered("again")])))
    assert broker.events[-1]["text"] == "again"
    assert len(broker.events) == 4

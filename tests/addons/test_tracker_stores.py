"""Conversations forget themselves (addons/tracker_stores.py)."""
import asyncio
import time

from rasa.core.tracker_store import FailSafeTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
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

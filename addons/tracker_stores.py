"""Where conversations live, and how one is forgotten.

The embedded default keeps conversations in this process's memory, like Rasa's
InMemoryTrackerStore, but forgets one after `record_exp` seconds idle, as Redis does
with its expiry: nothing a victim typed outlives a half-hour of silence.
`forget` removes a conversation at once, for the widget's "Exit this page".
The scaled profile's Redis store is Rasa's, with bounded waits (addons/redis_timeouts.py).
Both hand the usage counter (addons/metrics.py) each turn's new events cheaply.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any, Dict, Optional, Text

from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore, RedisTrackerStore, TrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

from addons.redis_timeouts import bound_waits

logger = logging.getLogger(__name__)

DEFAULT_RECORD_EXP = 1800.0
SWEEP_EVERY = 60.0


class StreamsNewEventsCheaply(TrackerStore):
    """Hand the event broker a save's new events without replaying the conversation.

    Rasa finds them by reading the stored conversation back, replaying every event
    against the domain, and taking what lies past its length: measured at 7 ms a save
    for a 5-turn conversation and 33 ms for a 20-turn one, more than the rest of the
    turn. A save's new events are those newer than the newest event already stored,
    the rule Rasa's Redis store uses to merge; finding that needs no replay.
    """

    async def stream_events(self, tracker: DialogueStateTracker) -> None:
        if self.event_broker is None:
            return
        newest = self._newest_stored(tracker.sender_id)
        new = [event for event in tracker.events if newest is None or event.timestamp > newest]
        await self._stream_new_events(self.event_broker, new, tracker.sender_id)

    def _newest_stored(self, sender_id: Text) -> Optional[float]:
        """The time stamp of the conversation's newest stored event; None if there is none."""
        raise NotImplementedError


class ExpiringInMemoryTrackerStore(StreamsNewEventsCheaply, InMemoryTrackerStore):
    """In-memory conversations that expire after `record_exp` seconds idle."""

    def __init__(
        self, domain: Any, event_broker: Any = None, record_exp: Optional[float] = None, **kwargs: Any
    ) -> None:
        kwargs.pop("host", None)
        super().__init__(domain, event_broker, **kwargs)
        self.record_exp = float(record_exp or DEFAULT_RECORD_EXP)
        self.last_seen: Dict[Text, float] = {}
        self.newest_event: Dict[Text, float] = {}
        self._next_sweep = time.monotonic() + min(SWEEP_EVERY, self.record_exp)

    async def save(self, tracker: DialogueStateTracker) -> None:
        await super().save(tracker)
        self.last_seen[tracker.sender_id] = time.monotonic()
        if tracker.events:
            self.newest_event[tracker.sender_id] = tracker.events[-1].timestamp
        self._sweep()

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        self._expire(sender_id)
        return await super().retrieve(sender_id)

    async def retrieve_full_tracker(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        self._expire(sender_id)
        return await super().retrieve_full_tracker(sender_id)

    def _newest_stored(self, sender_id: Text) -> Optional[float]:
        return self.newest_event.get(sender_id) if sender_id in self.store else None

    def forget(self, sender_id: Text) -> None:
        self.store.pop(sender_id, None)
        self.last_seen.pop(sender_id, None)
        self.newest_event.pop(sender_id, None)

    def _expire(self, sender_id: Text) -> None:
        seen = self.last_seen.get(sender_id)
        if seen is not None and time.monotonic() - seen > self.record_exp:
            self.forget(sender_id)

    def _sweep(self) -> None:
        """Drop every idle conversation, at most once a minute."""
        now = time.monotonic()
        if now < self._next_sweep:
            return
        self._next_sweep = now + min(SWEEP_EVERY, self.record_exp)
        for sender_id, seen in list(self.last_seen.items()):
            if now - seen > self.record_exp:
                self.forget(sender_id)


class PromptRedisTrackerStore(StreamsNewEventsCheaply, RedisTrackerStore):
    """Rasa's Redis tracker store, giving up on a silent Redis after a second.

    Rasa's waits for ever: a frozen Redis held every conversation on the replica.
    A call that times out is handled as Rasa handles a dead Redis (its fail-safe
    wrapper keeps the turn going in memory); the lock store, asked first each turn,
    fails first and the channel answers with the safety fallback.
    """

    def __init__(
        self,
        domain: Any,
        host: Text = "localhost",
        socket_timeout: Optional[float] = None,
        socket_connect_timeout: Optional[float] = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(domain, host=host, **kwargs)
        bound_waits(self.red, socket_timeout, socket_connect_timeout)

    def _newest_stored(self, sender_id: Text) -> Optional[float]:
        stored = self.red.get(self.key_prefix + sender_id)
        events = json.loads(stored).get("events") if stored else None
        return events[-1].get("timestamp") if events else None


def forget(tracker_store: TrackerStore, sender_id: Text) -> bool:
    """Remove a conversation from the store now. True if the store supports it."""
    store = tracker_store._tracker_store if isinstance(tracker_store, FailSafeTrackerStore) else tracker_store
    if isinstance(store, ExpiringInMemoryTrackerStore):
        store.forget(sender_id)
    elif isinstance(store, RedisTrackerStore):
        store.red.delete(store.key_prefix + sender_id)
    elif isinstance(store, InMemoryTrackerStore):
        store.store.pop(sender_id, None)
    else:
        logger.warning("This tracker store (%s) can't forget a conversation on exit.", type(store).__name__)
        return False
    return True

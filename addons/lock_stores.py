"""Rasa's own lock stores, made safe for replicas and quicker to hand over.

Rasa serialises the messages of one conversation with a ticket lock. Two changes:
- A waiting message checks for its turn every 20 ms instead of every second, so a
  quick second message, or a burst to one conversation, is not held up by polling.
- Rasa Open Source's RedisLockStore updates the shared ticket list with a plain
  read-modify-write, so two replicas issuing or returning tickets at the same moment
  can overwrite each other and strand a message until its ticket expires (Rasa Pro
  added a ConcurrentRedisLockStore for this, rasa PR 11256). Here each update runs
  under a short Redis lock (redis-py's Lock), so every replica sees every ticket.

And every wait is bounded, so that a frozen Redis is answered as fast as a dead one
(the safety fallback within 4 s, like a failing action server):
- each Redis call gives up after a second (addons/redis_timeouts.py), not Rasa's 10 s;
- the update lock expires after a second, not five, and is waited for a little longer,
  so a waiter outlasts a holder that froze or died: an update takes milliseconds, and
  a command a frozen Redis runs late, once thawed, must not hold up the conversation
  for longer than that;
- a ticket lives 10 s, not Rasa's 60: the user has a reply or the safety fallback
  within the 7 s reply deadline (addons/channels.py) and a turn is done by then, so
  a ticket older than that belongs to a turn lost to a store failure, and the
  conversation carries on without it instead of stalling for a minute;
- a ticket a turn could not give back because Redis failed is given back from a
  background thread as soon as Redis answers again.
"""

from __future__ import annotations

import os
import threading
import time
from typing import TYPE_CHECKING, Any, Optional, Text

from rasa.core.lock_store import LOCK_LIFETIME, InMemoryLockStore, RedisLockStore, TicketLock
from rasa.utils.endpoints import EndpointConfig

from addons.redis_timeouts import bound_waits

if TYPE_CHECKING:
    # What Rasa's @asynccontextmanager lock() returns, and so what these return too.
    from contextlib import _AsyncGeneratorContextManager

POLL_SECONDS = 0.02
MUTEX_SECONDS = 1.0
MUTEX_WAIT_SECONDS = MUTEX_SECONDS + 0.5
# Rasa's own setting, if given, still wins.
TICKET_SECONDS = float(os.environ.get("TICKET_LOCK_LIFETIME", 0)) or 10.0
RETURN_RETRY_SECONDS = 0.25


class PromptInMemoryLockStore(InMemoryLockStore):
    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, **_: Any) -> None:
        super().__init__()

    def lock(
        self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME, wait_time_in_seconds: float = POLL_SECONDS
    ) -> _AsyncGeneratorContextManager[TicketLock, None]:
        return super().lock(conversation_id, lock_lifetime, wait_time_in_seconds)


class PromptRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig, **_: Any) -> None:
        settings = dict(endpoint_config.kwargs)
        socket_timeout = settings.pop("socket_timeout", None)
        socket_connect_timeout = settings.pop("socket_connect_timeout", None)
        # As Rasa's own LockStore.create passes it: endpoints.yml gives the url (redis-py reads None as localhost).
        super().__init__(host=endpoint_config.url, **settings)  # type: ignore[arg-type]
        bound_waits(self.red, socket_timeout, socket_connect_timeout)

    def lock(
        self, conversation_id: Text, lock_lifetime: float = TICKET_SECONDS, wait_time_in_seconds: float = POLL_SECONDS
    ) -> _AsyncGeneratorContextManager[TicketLock, None]:
        return super().lock(conversation_id, lock_lifetime, wait_time_in_seconds)

    def _mutex(self, conversation_id: Text) -> Any:
        return self.red.lock(
            f"{self.key_prefix}{conversation_id}:update",
            timeout=MUTEX_SECONDS,
            blocking_timeout=MUTEX_WAIT_SECONDS,
            sleep=0.001,
        )

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        with self._mutex(conversation_id):
            return super().issue_ticket(conversation_id, lock_lifetime)

    def update_lock(self, conversation_id: Text) -> None:
        with self._mutex(conversation_id):
            super().update_lock(conversation_id)

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        try:
            self._return_ticket(conversation_id, ticket_number)
        except Exception:
            # Redis failed before the ticket went back (frozen mid-turn, or gone). Keep
            # trying off the event loop, so the conversation's next message, on any
            # replica, is not held up until the ticket expires.
            threading.Thread(target=self._return_later, args=(conversation_id, ticket_number), daemon=True).start()
            raise

    def _return_ticket(self, conversation_id: Text, ticket_number: int) -> None:
        # finish_serving and deleting an empty lock must be one step: another replica
        # may add a ticket in between.
        with self._mutex(conversation_id):
            super().cleanup(conversation_id, ticket_number)

    def _return_later(self, conversation_id: Text, ticket_number: int) -> None:
        give_up = time.monotonic() + TICKET_SECONDS  # by then the ticket has expired anyway
        while time.monotonic() < give_up:
            time.sleep(RETURN_RETRY_SECONDS)
            try:
                self._return_ticket(conversation_id, ticket_number)
                return
            except Exception:
                continue

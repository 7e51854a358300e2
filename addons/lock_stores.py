"""Rasa's own lock stores, made safe for replicas and quicker to hand over.

Rasa serialises the messages of one conversation with a ticket lock. Two changes:
- A waiting message checks for its turn every 20 ms instead of every second, so a
  quick second message, or a burst to one conversation, is not held up by polling.
- Rasa Open Source's RedisLockStore updates the shared ticket list with a plain
  read-modify-write, so two replicas issuing or returning tickets at the same moment
  can overwrite each other and strand a message until its ticket expires (Rasa Pro
  added a ConcurrentRedisLockStore for this, rasa PR 11256). Here each update runs
  under a short Redis lock (redis-py's Lock), so every replica sees every ticket.
"""
from __future__ import annotations

from typing import Any, AsyncContextManager, Optional, Text

from rasa.core.lock_store import LOCK_LIFETIME, InMemoryLockStore, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

POLL_SECONDS = 0.02
MUTEX_SECONDS = 5.0


class PromptInMemoryLockStore(InMemoryLockStore):
    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, **_: Any) -> None:
        super().__init__()

    def lock(
        self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME, wait_time_in_seconds: float = POLL_SECONDS
    ) -> AsyncContextManager:
        return super().lock(conversation_id, lock_lifetime, wait_time_in_seconds)


class PromptRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig, **_: Any) -> None:
        super().__init__(host=endpoint_config.url, **endpoint_config.kwargs)

    def lock(
        self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME, wait_time_in_seconds: float = POLL_SECONDS
    ) -> AsyncContextManager:
        return super().lock(conversation_id, lock_lifetime, wait_time_in_seconds)

    def _mutex(self, conversation_id: Text) -> Any:
        return self.red.lock(f"{self.key_prefix}{conversation_id}:update", timeout=MUTEX_SECONDS,
                             blocking_timeout=MUTEX_SECONDS, sleep=0.001)

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        with self._mutex(conversation_id):
            return super().issue_ticket(conversation_id, lock_lifetime)

    def update_lock(self, conversation_id: Text) -> None:
        with self._mutex(conversation_id):
            super().update_lock(conversation_id)

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        # finish_serving and deleting an empty lock must be one step: another replica
        # may add a ticket in between.
        with self._mutex(conversation_id):
            super().cleanup(conversation_id, ticket_number)

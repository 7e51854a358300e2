"""Rasa's Redis ticket lock, shared by replicas (addons/lock_stores.py)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

import pytest
from rasa.utils.endpoints import EndpointConfig

from addons.lock_stores import MUTEX_SECONDS, TICKET_SECONDS, PromptRedisLockStore
from tests.scale.conftest import frozen

pytestmark = pytest.mark.servers


def replica(port: int) -> PromptRedisLockStore:
    return PromptRedisLockStore(EndpointConfig(url="127.0.0.1", port=port, db=1, key_prefix="test"))


def test_tickets_issued_at_once_by_two_replicas_are_all_kept(redis_port: int) -> None:
    stores = [replica(redis_port), replica(redis_port)]
    with ThreadPoolExecutor(max_workers=20) as pool:
        tickets = list(pool.map(lambda i: stores[i % 2].issue_ticket("conversation-aaaa"), range(40)))
    assert sorted(tickets) == list(range(40))  # no number given twice, none lost
    assert len(stores[0].get_lock("conversation-aaaa").tickets) == 40


def test_returning_tickets_at_once_leaves_no_ticket_behind(redis_port: int) -> None:
    stores = [replica(redis_port), replica(redis_port)]
    tickets = [stores[0].issue_ticket("conversation-bbbb") for _ in range(20)]
    with ThreadPoolExecutor(max_workers=20) as pool:
        list(pool.map(lambda t: stores[t % 2].cleanup("conversation-bbbb", t), tickets))
    assert stores[0].get_lock("conversation-bbbb") is None


async def _take_turn(
    store: PromptRedisLockStore, conversation_id: str, during: Callable[[], Any] = lambda: None
) -> None:
    async with store.lock(conversation_id):
        during()


def test_a_frozen_redis_is_given_up_on_within_about_a_second(redis_server: subprocess.Popen) -> None:
    store = replica(redis_server.port)
    store.issue_ticket("conversation-warm")  # a connection open before the freeze, as in a running bot
    with frozen(redis_server.pid):
        started = time.monotonic()
        with pytest.raises(Exception):  # noqa: B017, PT011 (any error: what counts is how soon)
            store.issue_ticket("conversation-cccc")
        waited = time.monotonic() - started
    assert waited < 2.0  # Rasa's lock store waited 10 s


def test_a_ticket_kept_by_a_freeze_mid_turn_is_given_back_after_the_thaw(redis_server: subprocess.Popen) -> None:
    store, other = replica(redis_server.port), replica(redis_server.port)
    try:
        with pytest.raises(Exception):  # noqa: B017, PT011 (any error: Redis froze, so the turn can't give its ticket back)
            asyncio.run(
                _take_turn(store, "conversation-dddd", during=lambda: os.kill(redis_server.pid, signal.SIGSTOP))
            )
    finally:
        os.kill(redis_server.pid, signal.SIGCONT)
    started = time.monotonic()
    asyncio.run(_take_turn(other, "conversation-dddd"))  # the next message, on the other replica
    assert time.monotonic() - started < 2.0 < TICKET_SECONDS  # not held up until the ticket expires
    assert other.get_lock("conversation-dddd") is None


def test_an_update_lock_left_behind_holds_the_next_turn_up_for_about_a_second(redis_port: int) -> None:
    store, other = replica(redis_port), replica(redis_port)
    # What a command sent just before a freeze leaves when Redis runs it after the thaw.
    assert store._mutex("conversation-eeee").acquire()
    started = time.monotonic()
    asyncio.run(_take_turn(other, "conversation-eeee"))
    assert MUTEX_SECONDS * 0.8 < time.monotonic() - started < MUTEX_SECONDS + 1.0

"""Rasa's Redis ticket lock, shared by replicas (addons/lock_stores.py)."""
from __future__ import annotations

import shutil
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Iterator

import pytest
import redis
from rasa.utils.endpoints import EndpointConfig

from addons.lock_stores import PromptRedisLockStore
from scripts.stack import free_ports

pytestmark = pytest.mark.servers


@pytest.fixture(scope="module")
def redis_port() -> Iterator[int]:
    if not shutil.which("redis-server"):
        pytest.fail("redis-server is not installed: apt-get install redis-server")
    [port] = free_ports(1)
    server = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                               "--appendonly", "no"], stdout=subprocess.DEVNULL)
    for _ in range(100):
        try:
            redis.Redis(port=port).ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield port
    server.terminate()
    server.wait()


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

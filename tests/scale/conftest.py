"""Redis for the scale tests: a bare server for the lock store tests, and the scaled
profile (two Rasa replicas sharing Redis, deploy/endpoints.redis.yml) for the rest.
Both keep nothing on disk and run on free ports."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
import uuid
from contextlib import contextmanager
from typing import Iterator

import pytest
import redis

from scripts.stack import Stack, free_ports

RECORD_EXP = 8  # seconds a conversation lives idle in the scale tests; production uses 1800
TOKEN = uuid.uuid4().hex  # the replicas' token: their /metrics are on, for test_prometheus.py


@pytest.fixture(scope="module")
def redis_server() -> Iterator[subprocess.Popen]:
    if not shutil.which("redis-server"):
        pytest.fail("redis-server is not installed: apt-get install redis-server")
    [port] = free_ports(1)
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    server.port = port  # type: ignore[attr-defined]
    for _ in range(100):
        try:
            redis.Redis(port=port).ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield server
    os.kill(server.pid, signal.SIGCONT)  # in case a test stopped while it was frozen
    server.terminate()
    server.wait()


@pytest.fixture(scope="module")
def redis_port(redis_server: subprocess.Popen) -> int:
    return redis_server.port  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def scaled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    rasa_a, rasa_b, actions, redis_port = free_ports(4)
    stack = Stack(
        rasa_ports=[rasa_a, rasa_b],
        action_port=actions,
        site_port=None,
        redis_port=redis_port,
        record_exp=RECORD_EXP,
        api_token=TOKEN,
        log_dir=tmp_path_factory.mktemp("scaled-logs"),
    )
    with stack:
        yield stack


@contextmanager
def frozen(pid: int) -> Iterator[None]:
    """Redis stopped but still holding its connections, as a hung server does (SIGSTOP)."""
    os.kill(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.kill(pid, signal.SIGCONT)

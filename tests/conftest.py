"""Shared fixtures. `stack` starts the real servers (action server, Rasa, demo site)
once per test session, on free ports, with logs kept for the privacy checks."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Iterator, List

import pytest
import requests

from safety.content import library
from scripts.stack import Stack, free_ports

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    rasa, actions, site = free_ports(3)
    running = Stack(rasa_ports=[rasa], action_port=actions, site_port=site, log_dir=tmp_path_factory.mktemp("logs"))
    with running:
        yield running


def new_sender() -> str:
    return str(uuid.uuid4())


def say(stack: Stack, sender: str, message: str, replica: int = 0, timeout: float = 30) -> List[dict]:
    """Send one message through the REST channel; the bot's messages."""
    reply = requests.post(stack.webhook(replica), json={"sender": sender, "message": message}, timeout=timeout)
    reply.raise_for_status()
    return reply.json()


def text_of(messages: List[dict]) -> str:
    """Everything the bot said, as one text."""
    return "\n".join(m.get("text", "") for m in messages)


def phone(service_id: str) -> str:
    """Numbers come from the directory, in tests too."""
    return library().services[service_id].phone


def guidance_ids(messages: List[dict]) -> List[str]:
    """The guidance entries served, in order, without repeats."""
    ids: List[str] = []
    for message in messages:
        gid = (message.get("custom") or {}).get("guidance_id")
        if gid and (not ids or ids[-1] != gid):
            ids.append(gid)
    return ids


@pytest.fixture(scope="session")
def answers_library(tmp_path_factory: pytest.TempPathFactory):
    """The real content plus the small answers in tests/fixtures/answers/, added to the
    real file for the same topic, so tests don't depend on the real answers' wording."""
    import shutil

    import yaml

    from safety.content import CONTENT_DIR, load

    root = tmp_path_factory.mktemp("content") / "content"
    shutil.copytree(CONTENT_DIR, root)
    for path in (ROOT / "tests" / "fixtures" / "answers").glob("*.yml"):
        target = root / "answers" / path.name
        fixture = yaml.safe_load(path.read_text())
        if target.exists():
            real = yaml.safe_load(target.read_text())
            real["answers"] += fixture["answers"]
            fixture = real
        target.write_text(yaml.safe_dump(fixture, sort_keys=False, allow_unicode=True))
    return load(root)

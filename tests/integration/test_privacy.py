"""Leave no trace: no user words in any log, no open HTTP API, loopback only.

This module starts its own servers (Rasa's HTTP API on, with a token) and keeps
every process's log, at the default level, to search for a canary phrase.
"""

from __future__ import annotations

import subprocess
import uuid
from pathlib import Path
from typing import Iterator

import pytest
import requests

from scripts.stack import Stack, free_ports
from tests.conftest import new_sender, say

pytestmark = pytest.mark.servers

CANARY = f"zebra-canary-{uuid.uuid4().hex[:10]}"
TOKEN = uuid.uuid4().hex


@pytest.fixture(scope="module")
def private_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    rasa, actions, site = free_ports(3)
    stack = Stack(
        rasa_ports=[rasa],
        action_port=actions,
        site_port=site,
        api_token=TOKEN,
        log_dir=tmp_path_factory.mktemp("private-logs"),
    )
    with stack:
        yield stack


def test_no_user_words_in_any_log(private_stack: Stack) -> None:
    sender = new_sender()
    messages = [
        f"my stalker {CANARY} keeps turning up at my work",
        f"{CANARY} is outside my door right now",
        "/start_stalking_check",
        f"he sends {CANARY} letters",
        f"{CANARY} " * 200,  # too long
        f"\x00{CANARY}\x07",
        f"/{CANARY} is outside",  # looks like a payload: Rasa would log it as an unknown intent
        f'/inform{{"area": "{CANARY}"}}',  # our payload with a made-up entity value
        "is there any help near me",  # asks where; the next message is read as a place
        f"{CANARY}ford",  # an unknown place
        f"im in Watfrod near {CANARY}",  # a misspelt place, confirmed before use
        f"Mae {CANARY} yn fy nilyn i, help",  # Welsh
        f"{CANARY} mnie śledzi, pomocy",  # Polish
    ]
    for message in messages:
        assert say(private_stack, sender, message)
    for language in ("cy", CANARY):  # the chat set to Welsh, and a made-up language
        requests.post(
            private_stack.webhook(),
            json={"sender": sender, "message": f"helo {CANARY}", "language": language},
            timeout=10,
        ).raise_for_status()
    requests.post(private_stack.webhook(), json={"sender": "bad sender", "message": CANARY}, timeout=10)
    requests.post(private_stack.webhook(), data=f'{{"sender": "{CANARY}", "message": ', timeout=10)
    requests.get(f"{private_stack.site_url}/?q={CANARY}", timeout=10)
    private_stack.stop("actions")  # make the action guard log its failure too
    try:
        say(private_stack, sender, f"{CANARY} help")
    finally:
        private_stack.start_one("actions")
    logs = list(private_stack.log_dir.glob("*.log"))
    assert {log.stem for log in logs} >= {"rasa", "actions", "site"}
    assert sum(log.stat().st_size for log in logs) > 0  # the logs are there to search
    for log in logs:
        assert CANARY not in log.read_text(errors="ignore"), log.name


def test_no_user_words_written_anywhere_in_the_project(private_stack: Stack) -> None:
    say(private_stack, new_sender(), f"please remember {CANARY}")
    root = Path(__file__).resolve().parents[2]
    found = subprocess.run(
        [
            "grep",
            "-rl",
            "--exclude-dir=.venv",
            "--exclude-dir=.git",
            "--exclude-dir=node_modules",
            CANARY,
            str(root),
            "/tmp",
        ],
        capture_output=True,
        text=True,
    )
    assert found.stdout.strip() == ""


def test_the_http_api_needs_the_token(private_stack: Stack) -> None:
    sender = new_sender()
    say(private_stack, sender, "hello")
    url = f"{private_stack.rasa_url()}/conversations/{sender}/tracker"
    assert requests.get(url, timeout=10).status_code in (401, 403)
    assert requests.get(url, params={"token": "wrong"}, timeout=10).status_code in (401, 403)
    assert requests.get(url, params={"token": TOKEN}, timeout=10).status_code == 200


def events_of(stack: Stack, sender: str) -> list:
    url = f"{stack.rasa_url()}/conversations/{sender}/tracker"
    return requests.get(url, params={"token": TOKEN}, timeout=10).json().get("events") or []


def test_refused_and_empty_messages_never_reach_a_conversation(private_stack: Stack) -> None:
    for body in ({"message": "hello"}, {"sender": "default", "message": "hello"}):
        requests.post(private_stack.webhook(), json=body, timeout=10)
    assert not [e for e in events_of(private_stack, "default") if e["event"] == "user"]
    sender = new_sender()
    say(private_stack, sender, "   ")
    say(private_stack, sender, "x" * 1500)
    assert not [e for e in events_of(private_stack, sender) if e["event"] == "user"]


def test_exit_forgets_the_conversation(private_stack: Stack) -> None:
    sender = new_sender()
    say(private_stack, sender, f"he follows me {CANARY}")
    assert any(CANARY in (e.get("text") or "") for e in events_of(private_stack, sender))
    assert say(private_stack, sender, "/restart") == []
    assert not any(CANARY in (e.get("text") or "") for e in events_of(private_stack, sender))


def _listening_addresses(port: int) -> set:
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # LISTEN
                found.add(address)
    return found


def test_every_server_listens_on_loopback_only(private_stack: Stack) -> None:
    ports = [*private_stack.rasa_ports, private_stack.action_port, private_stack.site_port]
    for port in ports:
        addresses = _listening_addresses(port)
        assert addresses == {"0100007F"}, (port, addresses)  # 127.0.0.1

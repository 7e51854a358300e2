"""Never silence when the action server fails (addons/action_guard.py)."""

import asyncio
import time

import pytest
from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from addons.action_guard import FALLBACK_ID, breaker, guarded, install
from safety.content import library

DOMAIN = Domain.from_dict({"actions": ["action_serve_guidance"]})
ACTION = RemoteAction("action_serve_guidance", EndpointConfig("http://127.0.0.1:9/webhook"))  # nothing listens on 9


def tracker(*events) -> DialogueStateTracker:
    return DialogueStateTracker.from_events("a1b2c3d4e5f6a7b8c9d0", [UserUttered("hello"), *events])


def call(run, state=None):
    return asyncio.run(guarded(run)(ACTION, None, None, state or tracker(), DOMAIN))


def fallback_texts(events) -> list:
    return [e.text for e in events if isinstance(e, BotUttered) and e.data["custom"]["guidance_id"] == FALLBACK_ID]


@pytest.fixture(autouse=True)
def fresh_breaker(monkeypatch):
    monkeypatch.setenv("ACTION_COOLDOWN_SECONDS", "5")
    breaker.reset()
    yield
    breaker.reset()


def test_install_guards_rasas_remote_actions() -> None:
    install()
    assert getattr(RemoteAction.run, "_safety_guard", False)


def test_an_unreachable_action_server_gets_999_the_silent_solution_and_the_helpline() -> None:
    install()
    events = asyncio.run(RemoteAction.run(ACTION, None, None, tracker(), DOMAIN))
    text = " ".join(fallback_texts(events))
    services = library().services
    for service in ("emergency", "silent_solution", "national_stalking_helpline"):
        assert services[service].phone in text


def test_a_slow_action_server_is_cut_off_and_answered(monkeypatch) -> None:
    monkeypatch.setenv("ACTION_TIMEOUT_SECONDS", "0.2")

    async def slow(*_):
        await asyncio.sleep(5)
        return []

    started = time.monotonic()
    assert fallback_texts(call(slow))
    assert time.monotonic() - started < 1


def test_an_action_server_error_is_answered() -> None:
    async def broken(*_):
        raise RuntimeError("500 from the action server")

    assert fallback_texts(call(broken))


def test_a_working_action_server_is_untouched() -> None:
    async def works(*_):
        return [SlotSet("region", "scotland")]

    assert call(works) == [SlotSet("region", "scotland")]


def test_the_fallback_is_sent_once_per_turn() -> None:
    async def broken(*_):
        raise RuntimeError

    first = call(broken)
    assert fallback_texts(first)
    assert call(broken, tracker(*first)) == []


def test_after_a_failure_the_server_is_skipped_then_tried_again(monkeypatch) -> None:
    monkeypatch.setenv("ACTION_COOLDOWN_SECONDS", "0.3")
    calls = []

    async def broken(*_):
        calls.append(1)
        raise RuntimeError

    call(broken)
    call(broken)
    assert len(calls) == 1  # the second call skipped the server
    assert breaker.is_open()
    time.sleep(0.35)
    call(broken)
    assert len(calls) == 2  # tried again after the cool-down


def test_a_form_turning_down_an_answer_is_not_a_failure() -> None:
    async def rejects(*_):
        raise ActionExecutionRejection("validate_stalking_check_form")

    with pytest.raises(ActionExecutionRejection):
        call(rejects)
    assert not breaker.is_open()


def test_action_server_replies_are_still_checked_against_rasas_schema() -> None:
    from jsonschema import ValidationError

    install()
    assert ACTION._validate_action_result(
        {"events": [{"event": "slot", "name": "region", "value": "scotland"}], "responses": [{"text": "hello"}]}
    )
    with pytest.raises(ValidationError):
        ACTION._validate_action_result({"events": "not a list", "responses": []})
    with pytest.raises(ValidationError):
        ACTION._validate_action_result({"events": [{"event": "no_such_event"}], "responses": []})

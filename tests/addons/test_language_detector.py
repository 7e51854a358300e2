"""The language in the parse output (addons/language_detector.py), and that it reaches
the action server: Rasa keeps it in the UserUttered event, the tracker store keeps it,
and rasa_sdk's Tracker hands it to an action as latest_message["language"]."""

from __future__ import annotations

import asyncio
from typing import Iterator

import pytest
from rasa.shared.nlu.training_data.message import Message

from addons.language_detector import LANGUAGE, LanguageDetector

WELSH = "Rwy'n cael fy stelcian gan fy nghyn-bartner"
POLISH = "Mój były partner mnie śledzi i grozi mi"


def test_the_language_is_set_for_the_output() -> None:
    [message] = LanguageDetector().process([Message(data={"text": WELSH})])
    assert message.get(LANGUAGE)["code"] == "cy"
    assert LANGUAGE in message.as_dict(only_output_properties=True)


def test_english_is_marked_english() -> None:
    [message] = LanguageDetector().process([Message(data={"text": "he keeps turning up at my work"})])
    assert message.get(LANGUAGE)["code"] == "en"


def test_intents_are_left_alone() -> None:
    intent = {"name": "recognise_stalking", "confidence": 0.9}
    [message] = LanguageDetector().process([Message(data={"text": POLISH, "intent": intent})])
    assert message.get("intent") == intent


def test_a_button_payload_gets_no_language() -> None:
    [message] = LanguageDetector().process([Message(data={"text": "/immediate_danger"})])
    assert message.get(LANGUAGE) is None


@pytest.fixture(scope="module")
def nlu_model(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A small NLU model with the detector first, trained the way `make train` does."""
    from rasa.model_training import train_nlu

    folder = tmp_path_factory.mktemp("language_model")
    cache = pytest.MonkeyPatch()
    cache.setenv("RASA_CACHE_DIRECTORY", str(folder / "cache"))  # not the worktree's .rasa/
    (folder / "config.yml").write_text(
        "recipe: default.v1\nassistant_id: language-detector-test\nlanguage: en\n"
        "pipeline:\n  - name: addons.language_detector.LanguageDetector\n  - name: KeywordIntentClassifier\n"
        "policies: []\n"
    )
    (folder / "nlu.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    - hello\n    - hi there\n'
        "- intent: report\n  examples: |\n    - report him\n    - report it\n"
    )
    (folder / "domain.yml").write_text('version: "3.1"\nintents: [greet, report]\n')
    yield train_nlu(
        str(folder / "config.yml"), str(folder / "nlu.yml"), str(folder / "models"), domain=str(folder / "domain.yml")
    )
    cache.undo()


def test_the_action_server_sees_the_language(nlu_model: str) -> None:
    from rasa.core.agent import Agent
    from rasa.core.channels.channel import UserMessage
    from rasa.core.tracker_store import InMemoryTrackerStore
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa_sdk import Tracker

    agent = Agent.load(nlu_model)

    async def conversation() -> dict:
        # The processor's own path: parse, then a UserUttered event on the tracker.
        tracker = DialogueStateTracker.from_events("language-test", [])
        await agent.processor._handle_message_with_tracker(UserMessage(WELSH, sender_id="language-test"), tracker)
        # Through a tracker store, which keeps events as dicts (as Redis does).
        store = InMemoryTrackerStore(agent.domain)
        await store.save(tracker)
        restored = await store.retrieve("language-test")
        # What RemoteAction sends the action server is the tracker's current state.
        return restored.current_state()

    state = asyncio.run(conversation())
    action_tracker = Tracker.from_dict(state)
    language = action_tracker.latest_message[LANGUAGE]
    assert language["code"] == "cy"
    assert language["romanised"] is False


def test_the_parse_output_has_the_language(nlu_model: str) -> None:
    from rasa.core.agent import Agent

    agent = Agent.load(nlu_model)
    parsed = asyncio.run(agent.parse_message(POLISH))
    assert parsed[LANGUAGE]["code"] == "pl"
    assert parsed["intent"]["name"] is None  # the detector classifies nothing

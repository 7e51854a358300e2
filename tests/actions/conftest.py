"""Trackers and a dispatcher for testing actions the way the action server runs them."""

from typing import Any, Dict, Optional

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher


def make_tracker(
    intent: str = "greet",
    slots: Optional[Dict[str, Any]] = None,
    active_loop: Optional[str] = None,
    text: str = "",
    **latest: Any,
) -> Tracker:
    """A tracker whose latest message has this intent; `latest` adds parse results
    such as answer={"ranking": [...]}, entities=[...] or risk_sign="threat"."""
    return Tracker(
        sender_id="a1b2c3d4e5f6a7b8c9d0",
        slots=slots or {},
        latest_message={"intent": {"name": intent, "confidence": 0.9}, "entities": [], "text": text, **latest},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


@pytest.fixture
def with_answers(monkeypatch: pytest.MonkeyPatch, answers_library: Any) -> Any:
    """The actions see the real content plus tests/fixtures/answers/."""
    import actions.conversation
    import actions.guidance

    for module in (actions.conversation, actions.guidance):
        monkeypatch.setattr(module, "library", lambda: answers_library)
    return answers_library

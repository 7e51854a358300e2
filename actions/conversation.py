"""What the conversation has told us, as the content library's context."""
from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from safety.content import CONTEXT_VALUES, library

CHECK_SLOTS = ("check_behaviour", "check_repeated", "check_unwanted", "check_afraid")


def context(tracker: Tracker) -> Dict[str, Any]:
    """Region, relationship and stalking-check answers, where known and valid."""
    found = {}
    for key in ("region", "relationship") + CHECK_SLOTS:
        value = tracker.get_slot(key)
        if value in CONTEXT_VALUES[key]:
            found[key] = value
    return found


def send(dispatcher: CollectingDispatcher, guidance_id: str, tracker: Tracker) -> List[Dict[str, Any]]:
    """Send an entry, tailored to this conversation, with its guidance payload."""
    messages = library().render(guidance_id, context(tracker))
    for message in messages:
        dispatcher.utter_message(text=message["text"], buttons=message.get("buttons") or [], json_message=message["custom"])
    return messages

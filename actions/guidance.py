"""Actions that serve guidance entries from content/guidance/."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import CHECK_SLOTS, send
from safety.content import library

STALKING_CHECK = "stalking_check_form"


class ActionServeGuidance(Action):
    """Answers the latest message with the entry content/topics.yml maps its intent to."""

    def name(self) -> Text:
        return "action_serve_guidance"

    def guidance_id(self, tracker: Tracker) -> str:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        return library().guidance_for_intent(intent, in_check=tracker.active_loop_name == STALKING_CHECK)

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        send(dispatcher, self.guidance_id(tracker), tracker)
        return []


class ActionFallback(ActionServeGuidance):
    """When no rule fits: the topic menu and the 999 line, never a guess."""

    def name(self) -> Text:
        return "action_fallback"

    def guidance_id(self, tracker: Tracker) -> str:
        return "fallback"


class ActionStalkingCheckResult(Action):
    """The stalking check's tailored next steps; then its answers are cleared."""

    def name(self) -> Text:
        return "action_stalking_check_result"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        send(dispatcher, "stalking_check_result", tracker)
        return [SlotSet(slot, None) for slot in CHECK_SLOTS]

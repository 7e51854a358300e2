"""Actions that serve vetted content: a topic overview, a short answer, or a service's
details, as safety/choosing.py decides."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import CHECK_SLOTS, remember, send, turn
from safety.choosing import Choice, choose
from safety.content import library


class ActionServeGuidance(Action):
    """Answers the latest message: the short answer it asks for, or the entry
    content/topics.yml maps its intent to."""

    def name(self) -> Text:
        return "action_serve_guidance"

    def choice(self, tracker: Tracker) -> Choice:
        return choose(library(), turn(tracker))

    # rasa-sdk types run() as a coroutine, but runs a plain function too; tests call it directly.
    def run(  # type: ignore[override]
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        choice = self.choice(tracker)
        send(dispatcher, choice, tracker)
        return remember(choice)


class ActionFallback(ActionServeGuidance):
    """When no rule fits: the topic menu and the 999 line, never a guess."""

    def name(self) -> Text:
        return "action_fallback"

    def choice(self, tracker: Tracker) -> Choice:
        return Choice("guidance", "fallback")


class ActionStalkingCheckResult(Action):
    """The stalking check's tailored next steps; then its answers are cleared."""

    def name(self) -> Text:
        return "action_stalking_check_result"

    # rasa-sdk types run() as a coroutine, but runs a plain function too; tests call it directly.
    def run(  # type: ignore[override]
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        choice = Choice("guidance", "stalking_check_result")
        send(dispatcher, choice, tracker)
        return [SlotSet(slot, None) for slot in CHECK_SLOTS] + remember(choice)

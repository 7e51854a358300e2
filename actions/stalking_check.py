"""Validation for the stalking check (stalking_check_form).

The check never turns an answer away: a typed description is sorted into the
closest kind of behaviour, and the raw words are replaced by that kind, so the
conversation keeps no more of what was typed than it needs.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from safety.content import ANSWERS, BEHAVIOURS, CHECK_QUESTIONS, REGIONS, RELATIONSHIPS, library

NOT_SAID = "not_said"


class ValidateStalkingCheckForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_stalking_check_form"

    def validate_check_behaviour(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if value in BEHAVIOURS:
            return {"check_behaviour": value}
        return {"check_behaviour": library().sort_behaviour(str(value or ""))}

    def _answer(self, slot: str, value: Any) -> Dict[Text, Any]:
        """Yes, no or not sure; anything else asks again."""
        return {slot: value if value in ANSWERS else None}

    def validate_check_repeated(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._answer("check_repeated", value)

    def validate_check_unwanted(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._answer("check_unwanted", value)

    def validate_check_afraid(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._answer("check_afraid", value)

    def validate_relationship(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return {"relationship": value if value in RELATIONSHIPS else "unknown"}

    def validate_region(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        # Wrong jurisdiction is a hazard: ask again rather than guess.
        return {"region": value if value in REGIONS or value == NOT_SAID else None}


class ActionAskCheckQuestion(Action, ABC):
    """Asks one stalking check question from content/stalking_check.yml.

    Rasa's form asks for slot X by running `action_ask_X`, so each question needs its
    own action name: one class, one small subclass per question.
    """

    @property
    @abstractmethod
    def slot(self) -> str: ...

    def name(self) -> Text:
        return f"action_ask_{self.slot}"

    # rasa-sdk types run() as a coroutine, but runs a plain function too; tests call it directly.
    def run(  # type: ignore[override]
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        question = library().check_question(self.slot)
        dispatcher.utter_message(text=question["text"], buttons=question["buttons"])
        return []


for _slot in CHECK_QUESTIONS:
    globals()[f"ActionAsk_{_slot}"] = type(f"ActionAsk_{_slot}", (ActionAskCheckQuestion,), {"slot": _slot})

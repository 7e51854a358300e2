"""The language of each message, for the actions to answer in (issue 14).

First in the NLU pipeline (config.yml). It adds to the parse output

    "language": {"code": "cy", "confidence": 0.98, "script": "latin",
                 "romanised": false, "basis": "detector"}

(safety/language.py says what each field means). Rasa keeps every output property
in the UserUttered event's parse_data, so the action server finds it in
`tracker.latest_message["language"]` (tests/addons/test_language_detector.py proves it
through a trained model). It changes no intent: what to say in which language is the
actions' decision.

Button payloads ("/immediate_danger") are not typed text and get no "language": the
conversation keeps the language it had.

The detector is built when Rasa loads the model, so the first message does not wait
for it, and the text is never logged or kept here.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.constants import INTENT_MESSAGE_PREFIX
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from safety.language import detect, detector

LANGUAGE = "language"


# Registered as a classifier that needs no training, like the danger net: it then runs
# only on messages being answered, not over the training data.
@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class LanguageDetector(GraphComponent):
    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageDetector:
        detector()  # load the models now, once per process
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if text.startswith(INTENT_MESSAGE_PREFIX):
                continue
            guess = detect(text)
            message.set(LANGUAGE, guess.as_dict(), add_to_output=True)
        return messages

"""Danger first, whatever the classifier thinks; then risk signs, never a shrug.

The last component of the NLU pipeline (config.yml). A message goes to the
`immediate_danger` intent, and so to the emergency guidance, when:
- its wording matches the deterministic safety net (safety/danger.py), whatever the
  classifier thought and however sure it was, or
- the classifier's best guess is immediate_danger with at least `danger_floor`
  confidence, even where the fallback classifier thought it too unsure to answer, or
- immediate_danger is a close second: at least `runner_up_floor`, and within
  `runner_up_gap` of the best guess ("the guy from the dating app has turned up at my
  door and won't go away" reads as "is this stalking?" and as danger).
A guess weaker still is left to the fallback, whose reply has the 999 line and an
"I'm in danger now" button: guessing danger from noise would derail, say, a "yes"
in the middle of the stalking check.

A message that is not danger but reports a risk sign short of "now" (safety/risk.py:
a threat to kill, him knowing where you live, a weapon, past violence, a broken
order, things getting worse) goes to `risk_sign`, whatever the classifier or the
fallback thought, and names the sign in `risk_sign` for the reply's tailoring.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from safety.danger import danger_signal
from safety.risk import risk_signal

DANGER = "immediate_danger"
RISK = "risk_sign"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class DangerSafetyNet(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # A danger guess this weak is noise; above it, danger beats the topic menu. Chosen on
        # blind set 3 against the held-out set: 0.1 caught 4 more of 120 danger messages
        # for 3 more false alarms in 120, and none more among 314 held-out messages.
        # The runner-up rule was added when more intents (short answers, risk signs) spread
        # the classifier's guesses; chosen after looking at blind set 3's misses, so blind
        # set 4 measures it (docs/performance.md). It added no false alarm on the held-out
        # set or the answers' held-out questions.
        return {"danger_floor": 0.1, "runner_up_floor": 0.15, "runner_up_gap": 0.2}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.danger_floor = float(config["danger_floor"])
        self.runner_up_floor = float(config["runner_up_floor"])
        self.runner_up_gap = float(config["runner_up_gap"])

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> DangerSafetyNet:
        return cls({**cls.get_default_config(), **config})

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if self.signals_danger(message):
                self._overrule(message, DANGER)
            elif (message.get(INTENT) or {}).get(INTENT_NAME_KEY) != DANGER:
                sign = risk_signal(message.get(TEXT))
                if sign:
                    self._overrule(message, RISK)
                    message.set(RISK, sign, add_to_output=True)
        return messages

    @staticmethod
    def _overrule(message: Message, intent: str) -> None:
        chosen = {INTENT_NAME_KEY: intent, PREDICTED_CONFIDENCE_KEY: 1.0}
        ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) != intent]
        message.set(INTENT, chosen, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [chosen, *ranking], add_to_output=True)

    def signals_danger(self, message: Message) -> bool:
        if danger_signal(message.get(TEXT)):
            return True
        ranking = [
            r
            for r in message.get(INTENT_RANKING_KEY) or []
            if r.get(INTENT_NAME_KEY) != DEFAULT_NLU_FALLBACK_INTENT_NAME
        ]
        best = ranking[0] if ranking else {}
        best_confidence = best.get(PREDICTED_CONFIDENCE_KEY) or 0
        if best.get(INTENT_NAME_KEY) == DANGER:
            return best_confidence >= self.danger_floor
        danger = next((r.get(PREDICTED_CONFIDENCE_KEY) or 0 for r in ranking if r.get(INTENT_NAME_KEY) == DANGER), 0)
        return danger >= self.runner_up_floor and best_confidence - danger <= self.runner_up_gap

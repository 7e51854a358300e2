"""Where the user is, as entities: `area` (a police force area id) and `region`.

An entity extractor in the NLU pipeline (config.yml), with no training: it asks
safety/places.py, a deterministic lookup, so "Glasgow" always means Scotland.
- A resolved place gives an `area` entity (e.g. "hertfordshire") and the `region` that
  follows from it (england_wales, scotland or northern_ireland).
- An ambiguous place whose areas share a region ("Newport"), or a nation word ("Wales",
  "I'm Scottish"), gives only the `region`.
Entity values are ids, never the user's words; the only trace of the text is Rasa's
start and end offsets. Nothing is logged.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_CONFIDENCE,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from safety.places import areas_sharing, find_place, gazetteer, normalise

AREA = "area"
REGION = "region"
NATION = "nation"
# A misspelt place ("Stevenidge") is a guess: the bot asks "Did you mean Stevenage?"
# before using it, because a made-up or unknown place must never get a wrong area.
PLACE_GUESS = "place_guess"
# A name shared by places in different areas ("Newport"), as listed: the bot asks which.
PLACE_SHARED = "place_shared"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class PlaceExtractor(GraphComponent, EntityExtractorMixin):
    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> PlaceExtractor:
        gazetteer()  # read and check the place files now: a broken file stops start-up, not a chat
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            found = self.place_entities(message.get(TEXT) or "")
            if found:
                entities = [
                    e
                    for e in message.get(ENTITIES, [])
                    if e.get(ENTITY_ATTRIBUTE_TYPE) not in (AREA, REGION, NATION, PLACE_GUESS, PLACE_SHARED)
                ]
                message.set(ENTITIES, entities + self.add_extractor_name(found), add_to_output=True)
        return messages

    @staticmethod
    def place_entities(text: str) -> List[Dict[Text, Any]]:
        match = find_place(text)
        if match is None:
            return []
        span = {ENTITY_ATTRIBUTE_START: match.start, ENTITY_ATTRIBUTE_END: match.end, ENTITY_ATTRIBUTE_CONFIDENCE: 1.0}
        if match.kind == "misspelling":
            return (
                [{ENTITY_ATTRIBUTE_TYPE: PLACE_GUESS, ENTITY_ATTRIBUTE_VALUE: match.place, **span}]
                if match.area
                else []
            )
        entities = []
        listed = gazetteer().names.get(normalise(match.place))
        town = listed is not None and listed.level != "nation"  # "Wales" is a nation, not a shared name
        if match.ambiguous and town and len(areas_sharing(match.place)) > 1:
            entities.append({ENTITY_ATTRIBUTE_TYPE: PLACE_SHARED, ENTITY_ATTRIBUTE_VALUE: match.place, **span})
        if match.area:
            entities.append({ENTITY_ATTRIBUTE_TYPE: AREA, ENTITY_ATTRIBUTE_VALUE: match.area, **span})
        if match.region:
            entities.append({ENTITY_ATTRIBUTE_TYPE: REGION, ENTITY_ATTRIBUTE_VALUE: match.region, **span})
        nations = {gazetteer().area(a).nation for a in match.candidates if a in gazetteer().areas}
        if not nations and match.region in ("scotland", "northern_ireland"):  # one nation each
            nations = {match.region}
        if len(nations) == 1:
            entities.append({ENTITY_ATTRIBUTE_TYPE: NATION, ENTITY_ATTRIBUTE_VALUE: nations.pop(), **span})
        return entities

"""What the conversation has told us: the content library's context, the NLU's view of
the latest message (safety.choosing.Turn), and what to remember for follow-ups."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from safety.choosing import DANGER, Choice, Turn, messages_for
from safety.content import CONTEXT_VALUES, library

CHECK_SLOTS = ("check_behaviour", "check_repeated", "check_unwanted", "check_afraid")
STALKING_CHECK = "stalking_check_form"
PLACE_ENTITIES = ("region", "area")


def context(tracker: Tracker) -> Dict[str, Any]:
    """Region, nation, relationship, stalking-check answers and the risk sign, where known
    and valid. A known area settles the nation and the region."""
    found = {}
    for key in ("region", "nation", "relationship", *CHECK_SLOTS):
        value = tracker.get_slot(key)
        if value in CONTEXT_VALUES[key]:
            found[key] = value
    area = library().areas.get(tracker.get_slot("area") or "")
    if area:
        found.update(nation=area.nation, region=area.region)
    sign = tracker.latest_message.get("risk_sign")
    if sign in CONTEXT_VALUES["risk"]:
        found["risk"] = sign
    return found


def _ranking(latest: Dict[str, Any]) -> Tuple[Tuple[str, float], ...]:
    answer = latest.get("answer") or {}
    return tuple((str(r.get("key")), float(r.get("confidence") or 0.0)) for r in answer.get("ranking") or [])


def _entity(latest: Dict[str, Any], name: str) -> Optional[str]:
    for entity in latest.get("entities") or []:
        if entity.get("entity") == name and isinstance(entity.get("value"), str):
            return str(entity["value"])
    return None


def said(latest: Dict[str, Any]) -> Dict[str, Any]:
    """What one parsed message tells us, as Turn fields (also used by scripts/evaluate_answers.py)."""
    return {
        "intent": (latest.get("intent") or {}).get("name"),
        "intent_confidence": float((latest.get("intent") or {}).get("confidence") or 0.0),
        "text": str(latest.get("text") or ""),
        "answer_ranking": _ranking(latest),
        "requested_answer": _entity(latest, "answer"),
        "region_given": any(_entity(latest, name) for name in PLACE_ENTITIES),
        "region": _region(latest),
        "language": (latest.get("language") or {}).get("code"),
        "chat_language": (latest.get("metadata") or {}).get("language"),
        "area": _entity(latest, "area"),
        "place_guess": _entity(latest, "place_guess"),
        "place_shared": _entity(latest, "place_shared"),
    }


def _region(latest: Dict[str, Any]) -> Optional[str]:
    """The region this message gives: its own, or its area's."""
    area = library().areas.get(_entity(latest, "area") or "")
    region = area.region if area else _entity(latest, "region")
    return region if region in CONTEXT_VALUES["region"] else None


def turn(tracker: Tracker) -> Turn:
    return Turn(
        **dict(said(tracker.latest_message or {}), region=context(tracker).get("region")),
        in_check=tracker.active_loop_name == STALKING_CHECK,
        last_topic=tracker.get_slot("last_topic"),
        last_answer=tracker.get_slot("last_answer"),
        last_services=tuple(tracker.get_slot("last_services") or ()),
        known_area=tracker.get_slot("area"),
        asked_where=bool(tracker.get_slot("asked_where")),
    )


def send(dispatcher: CollectingDispatcher, choice: Choice, tracker: Tracker) -> List[Dict[str, Any]]:
    """Send the chosen content, tailored to this conversation, with its payload."""
    messages = messages_for(library(), choice, context(tracker))
    if ((tracker.latest_message or {}).get("intent") or {}).get("name") == DANGER:
        for message in messages:  # the usage counters count danger replies in any language
            message["custom"]["danger_first"] = True
    for message in messages:
        dispatcher.utter_message(
            text=message["text"], buttons=message.get("buttons") or [], json_message=message["custom"]
        )
    return messages


def remember(choice: Choice) -> List[Dict[str, Any]]:
    """What a follow-up may lean on: the topic and answer just given, and the services
    they named. A contact reply keeps what came before, so "and their website?" works.
    Asking where the person is (or checking a misspelt place) reads the next message as
    the answer; anything else stops that."""
    lib = library()
    if choice.kind in ("ask_where", "confirm_place", "which_place"):
        return [SlotSet("asked_where", True)]
    asked = [SlotSet("asked_where", False)]
    if choice.kind == "local":
        # Scotland and Northern Ireland hear their own answer's words: "their number" means its services.
        own = lib.area_answer(choice.item or None)
        return [
            *asked,
            SlotSet("last_topic", "local_help"),
            SlotSet("last_answer", None),
            SlotSet("last_services", lib.services_named(own or "local_help")),
        ]
    if choice.kind == "contact":
        return asked
    if choice.kind == "answer":
        topic = lib.answer_topics[choice.item]
        return [
            *asked,
            SlotSet("last_topic", topic),
            SlotSet("last_answer", choice.item),
            SlotSet("last_services", lib.services_named(choice.item)),
        ]
    entry = lib.entries[choice.item]
    if choice.answer_after:  # danger or risk first, then an answer: follow-ups lean on the answer
        return [
            *asked,
            SlotSet("last_topic", lib.answer_topics[choice.answer_after]),
            SlotSet("last_answer", choice.answer_after),
            SlotSet("last_services", [*lib.services_named(entry.id), *lib.services_named(choice.answer_after)]),
        ]
    if not entry.related:  # small talk and prompts: keep what the conversation was about
        return asked
    return [
        *asked,
        SlotSet("last_topic", entry.id),
        SlotSet("last_answer", None),
        SlotSet("last_services", lib.services_named(entry.id)),
    ]

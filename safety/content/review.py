"""What a reviewer signs off: every rendering of an entry or answer as a user sees it,
the content hash of those renderings, and whether the recorded sign-off still holds.

An item's hash covers everything a user sees from it, in every tailoring: its words with
the directory's numbers, addresses and hours filled in, its title or question, its
buttons (their titles and where they lead), the safety line under it and the sources
named under it. So a sign-off lapses when any of those change, including a number it
shows: the person who signed it read it with the old number. Review dates, reviewers and
the sign-off fields themselves are not in the hash: re-reviewing an item against its
sources does not change what a user reads.

A few entries are shown by their own renderers, not by `variants()`: local help is
rendered for every police force area, the place question with the host site's buttons,
"Did you mean ...?" with an example place, the contact details for every directory
service, and the stalking check result after the check's questions, which it is signed
off with (the questions have no file of their own to sign).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Dict, List, Sequence, Set, Tuple

from safety.content.schema import CONTEXT_VALUES, REGION_NAMES
from safety.content.wording import WALES_HELPLINE, services_named

if TYPE_CHECKING:  # the library calls this module; it never needs the library's code
    from safety.content.library import Library

SIGNED = "signed"
UNSIGNED = "unsigned"
CHANGED = "changed since sign-off"
HASH_LENGTH = 16

# Entries that belong under a topic although they have no button of their own.
EXTRA_IN_TOPIC: Dict[str, Tuple[str, ...]] = {
    "immediate_danger": ("risk_signs",),
    "stalking_check": ("stalking_check_result", "check_nudge"),
    "local_help": ("ask_where", "confirm_place", "which_place"),
    "talk_to_someone": ("contact_details",),
}
OTHER_REPLIES = "other_replies"

# What each part of the conversation's context means, in a reviewer's words.
KEY_WORDS = {
    "region": "Region",
    "region_known": "Said where they are",
    "relationship": "Who is doing it",
    "check_behaviour": "Check: what has been happening",
    "check_repeated": "Check: more than once",
    "check_unwanted": "Check: unwanted",
    "check_afraid": "Check: afraid, alarmed or upset",
    "risk": "Risk sign",
    "nation": "Nation",
    "local": "Local services",
}
VALUE_WORDS: Dict[str, Dict[Any, str]] = {
    "region": dict(REGION_NAMES),
    "region_known": {True: "yes", False: "no (read as England and Wales)"},
    "relationship": {
        "ex_partner": "an ex-partner",
        "partner": "a partner",
        "family": "family",
        "someone_known": "someone they know",
        "stranger": "a stranger",
        "unknown": "not said",
    },
    "check_behaviour": {
        "following": "following or turning up",
        "messages": "messages, calls or posts",
        "monitoring": "watching or tracking",
        "gifts_contact": "gifts, or contacting people they know",
        "property_threats": "damage, threats or violence",
        "something_else": "something else",
    },
    "risk": {
        "broken_order": "a broken order",
        "weapon": "a weapon",
        "violence": "violence",
        "threat": "a threat",
        "location": "knows where they are",
        "escalation": "getting worse",
        "other": "another sign",
    },
    "nation": {
        "england": "England",
        "wales": "Wales",
        "scotland": "Scotland",
        "northern_ireland": "Northern Ireland",
        "unknown": "not known",
    },
    "local": {
        "found": "some found for the area",
        "none": "none confirmed for the area",
        "unknown_place": "a place the bot doesn't know",
        "not_said": "they'd rather not say",
    },
}


@dataclass
class Rendering:
    """One way an item can look: what the conversation knows, and the messages shown."""

    context: Dict[str, Any]
    messages: List[Dict[str, Any]]


@dataclass
class Topic:
    id: str
    title: str
    items: List[str]


def item_kind(lib: Library, item_id: str) -> str:
    return "guidance" if item_id in lib.entries else "answer"


def renderings(lib: Library, item_id: str) -> List[Rendering]:
    """Every rendering of an entry or answer a user can be shown, in a fixed order."""
    special = {
        "local_help": _local_help,
        "ask_where": lambda lib: [
            Rendering({"asking_where": value}, lib.render_ask_where({"asking_where": value}))
            for value in CONTEXT_VALUES["asking_where"]
        ],
        "confirm_place": _confirm_place,
        "which_place": lambda lib: [
            Rendering({"place typed": "a name several areas share"}, lib.render_which_place("Newport", _shared()))
        ],
        "contact_details": _contact_details,
    }
    if item_id in special:
        return special[item_id](lib)
    found = [Rendering(context, messages) for context, messages in lib.variants(item_id)]
    if item_id == "stalking_check_result":
        questions = [
            Rendering({"check question": f"{n} of {len(lib.check['questions'])}"}, [lib.check_question(slot)])
            for n, slot in enumerate(lib.check["questions"], start=1)
        ]
        found = questions + found
    return found


def _local_help(lib: Library) -> List[Rendering]:
    found = [Rendering({"area": area.name}, lib.render_local(area_id)) for area_id, area in sorted(lib.areas.items())]
    # With no area, the region may still be known from earlier in the chat ("scots law").
    for region in (None, "scotland", "northern_ireland"):
        known = {"region": REGION_NAMES[region]} if region else {}
        context = {"region": region} if region else {}
        found.append(Rendering({"area": "they'd rather not say", **known}, lib.render_local(None, context)))
        found.append(
            Rendering(
                {"area": "a place the bot doesn't know", **known},
                lib.render_local(None, context, unknown_place=True),
            )
        )
    return found


def _confirm_place(lib: Library) -> List[Rendering]:
    """ "Did you mean ...?" for the host site's home area: as its name, and as a town in it."""
    area_id = (lib.site.home_area if lib.site else None) or sorted(lib.areas)[0]
    area = lib.areas[area_id]
    example = "(a town the person typed)"
    return [
        Rendering({"place typed": area.name}, lib.render_confirm_place(area.name, area_id)),
        Rendering({"place typed": f"a town in {area.name}"}, lib.render_confirm_place(example, area_id)),
    ]


def _shared() -> List[str]:
    """The areas "Newport" could be, as the review pack's example."""
    from safety.places import areas_sharing

    return areas_sharing("Newport")


def _contact_details(lib: Library) -> List[Rendering]:
    """After "what's their number?": the line for each directory service an item names."""
    named = sorted({s for item_id in [*lib.entries, *lib.answers] for s in lib.services_named(item_id)})
    return [Rendering({"service": lib.services[s].name}, lib.render_contact([s])) for s in named]


def what_is_seen(rendering: Rendering) -> List[Dict[str, Any]]:
    """The parts of a rendering a user sees: the words, the buttons, the title and sources."""
    seen = []
    for message in rendering.messages:
        custom = message.get("custom") or {}
        seen.append(
            {
                "text": message.get("text", ""),
                "buttons": [{"title": b["title"], "payload": b["payload"]} for b in message.get("buttons", [])],
                "title": custom.get("title"),
                "sources": custom.get("sources", []),
            }
        )
    return seen


def content_hash(lib: Library, item_id: str) -> str:
    """A short fingerprint of everything a user sees from an item, in every rendering."""
    canonical = json.dumps(
        [[r.context, what_is_seen(r)] for r in renderings(lib, item_id)],
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def sign_off_state(lib: Library, item_id: str) -> str:
    item = lib.item(item_id)
    if not item.signed_off_hash:
        return UNSIGNED
    return SIGNED if item.signed_off_hash == lib.content_hash(item_id) else CHANGED


def shown_sources(lib: Library, item_id: str) -> List[str]:
    """Every register source a user of this item can be shown: its own, then those of the
    directory services it names (and Wales's helpline, whose line goes under them in Wales),
    then, for local help, those of the local services shown and of the answers whose words
    it gives for a whole nation (content/local/areas.yml)."""
    item = lib.item(item_id)
    ids = list(item.sources)
    named = services_named(" ".join(m.text for m in item.messages))
    if set(named) & set(lib.wales_helpline_after):  # the Wales line goes under it in Wales
        named.append(WALES_HELPLINE)
    for service_id in named:
        ids += [s for s in lib.services[service_id].sources if s not in ids]
    if item_id == "contact_details":  # "what's their number?" can give any service's details
        for national in lib.services.values():
            ids += [s for s in national.sources if s not in ids]
    if item_id == "local_help":
        for service in lib.local_services.values():
            if service.shown:
                ids += [s for s in service.sources if s not in ids]
        for area_id in lib.areas:
            own = lib.area_answer(area_id)
            if own:
                ids += [s for s in shown_sources(lib, own) if s not in ids]
    return ids


def topics(lib: Library) -> List[Topic]:
    """Entries and answers by topic, in the menu's order; everything not under a topic
    (welcome, fallback, ...) last, under "Other replies". Every item is in exactly one."""
    order = list(lib.menu) + [b for b in lib.buttons if b not in lib.menu]
    placed: List[str] = []
    found = []
    for button_id in order:
        items = [i for i in (button_id, *EXTRA_IN_TOPIC.get(button_id, ())) if i in lib.entries and i not in placed]
        items += lib.answers_for(button_id)
        if items:
            found.append(Topic(button_id, lib.fill(lib.buttons[button_id].title), items))
            placed += items
    rest = [i for i in [*lib.entries, *lib.answers] if i not in placed]
    if rest:
        found.append(Topic(OTHER_REPLIES, "Other replies", rest))
    return found


# --- contexts in plain words ---------------------------------------------------------------
def value_words(key: str, value: Any) -> str:
    words = VALUE_WORDS.get(key, {})
    if value in words:
        return words[value]
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value).replace("_", " ")


def describe(contexts: Sequence[Dict[str, Any]], every: Sequence[Dict[str, Any]]) -> List[str]:
    """When a rendering is shown, in a few lines: `contexts` are the ones that give it,
    `every` all the item's contexts. A key whose every value gives it is left out."""
    keys = sorted({k for c in every for k in c}, key=lambda k: list(KEY_WORDS).index(k) if k in KEY_WORDS else 99)
    domain = {k: _ordered({c.get(k) for c in every}, [c.get(k) for c in every]) for k in keys}
    if not contexts or not keys or len(contexts) == len(every):
        return ["Always"]
    return [_line(cube, domain) for cube in _cubes(list(contexts), keys, domain)]


def _ordered(values: Set[Any], seen_in_order: List[Any]) -> List[Any]:
    ordered: List[Any] = []
    for value in seen_in_order:
        if value in values and value not in ordered:
            ordered.append(value)
    return ordered


def _cubes(contexts: List[Dict[str, Any]], keys: List[str], domain: Dict[str, List[Any]]) -> List[Dict[str, List[Any]]]:
    """Contexts as a few "key in these values" blocks: a set that is a full product of its
    values is one block; otherwise it is split on its first varying key and like parts merged."""
    values = {k: _ordered({c.get(k) for c in contexts}, domain[k]) for k in keys}
    size = 1
    for k in keys:
        size *= len(values[k])
    if size == len({json.dumps(c, sort_keys=True, default=str) for c in contexts}):
        return [values]
    split = next(k for k in keys if len(values[k]) > 1)
    parts: List[Dict[str, List[Any]]] = []
    for value in values[split]:
        for cube in _cubes([c for c in contexts if c.get(split) == value], keys, domain):
            twin = next((p for p in parts if all(p[k] == cube[k] for k in keys if k != split)), None)
            if twin is not None:
                twin[split] = _ordered(set(twin[split]) | set(cube[split]), domain[split])
            else:
                parts.append(cube)
    return parts


def _line(cube: Dict[str, List[Any]], domain: Dict[str, List[Any]]) -> str:
    parts = [
        f"{KEY_WORDS.get(k, k.capitalize())}: {' / '.join(value_words(k, v) for v in vs)}"
        for k, vs in cube.items()
        if vs != [v for v in domain[k] if v is not None] and vs != [None]
    ]
    return "; ".join(parts) or "Always"

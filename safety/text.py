"""Screening what a user typed before the bot reads it.

The rules here are shared by every channel (addons/channels.py), so a message has
the same limits whether it came through the widget, the REST API or socket.io.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Mapping, Optional

MAX_MESSAGE_CHARS = 1000
# A UUID, or a similar opaque token: long enough not to be guessed, short enough to index.
SENDER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{15,63}$")

# Control and format characters (C0, C1, zero-width, bidi overrides), but not the
# zero-width joiner that emoji sequences need, nor ordinary line breaks.
_KEEP = {"\n", "\t", "\u200d"}


# What a button sends: "/intent" or '/intent{"entity": "value"}' (Rasa's payload syntax).
PAYLOAD = re.compile(r"^/([A-Za-z0-9_]+)(\{.*\})?$", re.DOTALL)


@dataclass(frozen=True)
class Screened:
    text: str
    problem: Optional[str]  # None, "empty" or "too_long"


def clean(text: str) -> str:
    """Strip control characters; keep emoji, accents and every script."""
    kept = (
        ch if ch in _KEEP or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co") else " "
        for ch in unicodedata.normalize("NFC", text)
    )
    return re.sub(r"[ \t]+", " ", "".join(kept)).strip()


def as_words(text: str, intents: frozenset[str], entity_values: Optional[Mapping[str, frozenset[str]]] = None) -> str:
    """A message that looks like a button's payload but isn't one of ours, read as words.

    Rasa treats any message starting with "/" as an intent to trigger, and logs the whole
    message when the intent or an entity is unknown: "/my ex is outside" would put
    someone's words in a log and go unanswered. Only our own payloads pass: a known
    intent, with entities only from the fixed values our buttons send. Anything else
    loses its leading slashes and is read like any other message.
    """
    if not text.startswith("/"):
        return text
    match = PAYLOAD.match(text)
    if match and match.group(1) in intents and _known_entities(match.group(2), entity_values or {}):
        return text
    return text.lstrip("/ ").strip()


def _known_entities(raw: Optional[str], entity_values: Mapping[str, frozenset[str]]) -> bool:
    if not raw:
        return True
    try:
        entities = json.loads(raw)
    except ValueError:
        return False
    return isinstance(entities, dict) and all(
        isinstance(value, str) and value in entity_values.get(name, frozenset()) for name, value in entities.items()
    )


def screen(
    text: str, intents: frozenset[str] = frozenset(), entity_values: Optional[Mapping[str, frozenset[str]]] = None
) -> Screened:
    """Clean a message and say whether it can be read as it is."""
    cleaned = as_words(clean(text), intents, entity_values) if intents else clean(text)
    if not cleaned:
        return Screened("", "empty")
    if len(cleaned) > MAX_MESSAGE_CHARS:
        return Screened("", "too_long")
    return Screened(cleaned, None)


def is_sender_id(value: object) -> bool:
    return isinstance(value, str) and bool(SENDER_ID.match(value))

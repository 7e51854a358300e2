"""Screening what a user typed before the bot reads it.

The rules here are shared by every channel (addons/channels.py), so a message has
the same limits whether it came through the widget, the REST API or socket.io.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Optional

MAX_MESSAGE_CHARS = 1000
# A UUID, or a similar opaque token: long enough not to be guessed, short enough to index.
SENDER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{15,63}$")

# Control and format characters (C0, C1, zero-width, bidi overrides), but not the
# zero-width joiner that emoji sequences need, nor ordinary line breaks.
_KEEP = {"\n", "\t", "\u200d"}


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


def screen(text: str) -> Screened:
    """Clean a message and say whether it can be read as it is."""
    cleaned = clean(text)
    if not cleaned:
        return Screened("", "empty")
    if len(cleaned) > MAX_MESSAGE_CHARS:
        return Screened("", "too_long")
    return Screened(cleaned, None)


def is_sender_id(value: object) -> bool:
    return isinstance(value, str) and bool(SENDER_ID.match(value))

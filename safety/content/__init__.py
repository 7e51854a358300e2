"""The one package that reads and checks the vetted content in content/.

Everything the bot says comes from here: guidance entries (content/guidance/), short
answers (content/answers/), the services directory (content/services.yml), the
register of sources (content/sources.yml), the topic buttons (content/topics.yml) and
the stalking check wording (content/stalking_check.yml).

- schema.py   what each kind of file may hold (pydantic models, and JSON Schema for editors)
- wording.py  checks on a piece of wording: numbers, "not stalking", {service} references
- loader.py   reading every file once and the checks that need more than one file
- library.py  choosing and rendering: content to chat messages
- review.py   what a reviewer signs: every rendering, its content hash, the sign-off state
- signoff.py  recording a sign-off in the content file, keeping its comments and layout
- factbase.py cross-checking the register of sources against the fact base
"""

from __future__ import annotations

import functools

from safety.content.library import DEFAULT_CONTEXT, Library, contexts, full_context
from safety.content.loader import (
    CHECK_QUESTIONS,
    CONTENT_DIR,
    MAX_ANSWER_WORDS,
    MAX_MESSAGE_CHARS,
    MAX_MESSAGES,
    ContentError,
    load,
)
from safety.content.schema import ANSWERS, BEHAVIOURS, CONTEXT_VALUES, REGION_NAMES, REGIONS, RELATIONSHIPS
from safety.content.wording import DENIES_STALKING, LONG_PHONE, PLACEHOLDER, digits, short_code_pattern, words

__all__ = [
    "ANSWERS",
    "BEHAVIOURS",
    "CHECK_QUESTIONS",
    "CONTENT_DIR",
    "CONTEXT_VALUES",
    "DEFAULT_CONTEXT",
    "DENIES_STALKING",
    "LONG_PHONE",
    "MAX_ANSWER_WORDS",
    "MAX_MESSAGES",
    "MAX_MESSAGE_CHARS",
    "PLACEHOLDER",
    "REGIONS",
    "REGION_NAMES",
    "RELATIONSHIPS",
    "ContentError",
    "Library",
    "contexts",
    "digits",
    "full_context",
    "library",
    "load",
    "short_code_pattern",
    "words",
]


@functools.lru_cache(maxsize=1)
def library() -> Library:
    """The content, read once per process."""
    return load()

"""Checks on a piece of the bot's wording: numbers come only from the directory,
nothing says "this is not stalking", and every {service} reference resolves."""

from __future__ import annotations

import re
from typing import Iterable, List, Mapping, Optional, Protocol

# A UK phone number written out: 0 then 9 or 10 more digits, spaces or dashes allowed,
# or the same with +44. Only content/services.yml may hold one.
LONG_PHONE = re.compile(r"(?<![\w])(?:\+44[\s-]?\(?0?\)?[\s-]?|0)\d(?:[\s-]?\d){8,9}(?![\w])")
PLACEHOLDER = re.compile(r"\{([a-z0-9_]+)(?:\.([a-z_]+))?\}")
# Rule 3: the bot never tells someone that what they describe is not stalking.
DENIES_STALKING = re.compile(
    r"\b(?:(?:is|are|was|were|does|do|did)\s*n[o']t|not|never)\s+(?:[\w']+\s+){0,3}?(?:stalking|harassment)\b",
    re.IGNORECASE,
)
SERVICE_FIELDS = ("name", "phone", "web", "email", "hours", "sms", "text")
# {area} is the name of the person's area, in local help; it is never a service's id.
AREA_PLACEHOLDER = "area"
WALES_HELPLINE = "live_fear_free"  # Wales's own helpline (content/services.yml)
WORD = re.compile(r"[\w'’-]+")


class HasFields(Protocol):
    def __getattr__(self, name: str) -> Optional[str]: ...


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def words(text: str) -> int:
    return len(WORD.findall(text))


def short_code_pattern(phones: Iterable[str]) -> re.Pattern[str]:
    """The directory's short numbers (emergency, police, the Silent Solution key press)
    as one pattern, so wording that spells one out can be caught."""
    codes = {part for phone in phones if len(digits(phone)) <= 8 for part in [phone, *phone.split()]}
    alternatives = "|".join(re.escape(code) for code in sorted(codes, key=len, reverse=True))
    return re.compile(rf"(?<![\w.£$])(?:{alternatives})(?![\w%])")


def written_as(numbers: Iterable[str]) -> Optional[re.Pattern[str]]:
    """Numbers however they are spaced or run together: for the retired and misprinted
    ones, which may be too short for LONG_PHONE to see."""
    alternatives = [r"[\s-]?".join(digits(n)) for n in sorted(set(numbers)) if digits(n)]
    return re.compile(rf"(?<!\d)(?:{'|'.join(alternatives)})(?!\d)") if alternatives else None


def problems(text: str, services: Mapping[str, object], short_codes: Optional[re.Pattern[str]]) -> List[str]:
    """What is wrong with a piece of wording, in words an editor can act on."""
    found: List[str] = []
    number = LONG_PHONE.search(text) or (short_codes.search(text) if short_codes else None)
    if number:
        found.append(
            f"holds the number '{number.group(0)}'. Numbers live only in content/services.yml: "
            "write the service's id in braces instead, for example {national_stalking_helpline}"
        )
    if DENIES_STALKING.search(text):
        found.append("must never tell someone that what they describe is not stalking")
    for match in PLACEHOLDER.finditer(text):
        service_id, attribute = match.group(1), match.group(2) or "phone"
        if service_id == AREA_PLACEHOLDER and not match.group(2):
            continue
        if service_id not in services:
            found.append(f"{{{service_id}}} is not in content/services.yml")
        elif attribute not in SERVICE_FIELDS:
            found.append(f"{match.group(0)}: use one of {list(SERVICE_FIELDS)}")
        elif getattr(services[service_id], attribute, None) is None:
            found.append(f"{match.group(0)}: content/services.yml has no {attribute} for {service_id}")
    leftover = PLACEHOLDER.sub("", text)
    if "{" in leftover or "}" in leftover:
        found.append("has a brace that is not a {service} reference")
    return found


def services_named(text: str) -> List[str]:
    """The directory ids a piece of wording refers to, in order, once each."""
    seen: List[str] = []
    for match in PLACEHOLDER.finditer(text):
        if match.group(1) != AREA_PLACEHOLDER and match.group(1) not in seen:
            seen.append(match.group(1))
    return seen

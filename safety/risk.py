"""The deterministic net for risk signs short of "now".

Someone may tell the bot about a threat to kill, that he has found out where they
live, a weapon, past violence, a broken order or things getting worse, in words the
classifier has never seen ("he said if i go to the police he will end me"). None of
these is an emergency happening now (safety/danger.py decides that, first), but each
is a warning sign that police stalking risk checklists ask about, so it must get the
risk answer, never "I'm not sure I understood".

A message is a risk sign when it reports one of these cues as something that has
happened or is happening. Questions about the law ("what happens if he breaks the
order?") are not reports: they are left to the classifier, which has an answer for
them. Only the cue's name is ever returned or logged, never the user's words.
"""

from __future__ import annotations

import re
from typing import List, Optional, Tuple

from safety.danger import normalise

_SOMEONE = r"(?:he|she|they|my ex|ex|him|her|them|the stalker|this (?:man|guy|woman|person)|someone)"
_KILL = r"(?:kill|end|murder|finish|stab|shoot|hurt|harm|get|batter|beat|bury|slit|do (?:me|her|him) in|put me in (?:hospital|the ground))"
_TARGETS = r"(?:me|us|you|my \w+|the kids|the children|her|him|everyone)"

# (name, pattern): checked on the normalised text (safety.danger.normalise).
# Breaking an order, in the forms people write it: one list for the cue, the question and the
# report. A report ("he's gone against it") is past or ongoing; "if he breaks it" only asks.
_BROKE = (
    r"(?:broke|broken|breaking|breached|breaching|ignored|ignoring|violated|violating|disobeyed|disobeying|"
    r"(?:went|gone|going) against)"
)
_BREAKS = rf"(?:{_BROKE}|breaks|breaches|ignores|violates|disobeys|goes against)"
_CUES: List[Tuple[str, str]] = [
    # A threat to kill or harm, reported: "he said he will end me", "threatened to kill me".
    (
        "threat",
        rf"\b(?:threat|threats|threatened|threatening|threatens|said|says|saying|told me|texted|messaged|wrote|keeps saying|swore)\b"
        rf"(?:[^.?!]{{0,60}}?)\b(?:will|ll|would|d|going to|gonna|gon|to|is going to|s going to)\s+(?:\w+\s+)?{_KILL}\s+{_TARGETS}\b",
    ),
    (
        "threat",
        r"\b(?:death threat|death threats|threats to kill|threatened my life|threat to my life|threatening to kill)\b",
    ),
    ("threat", r"\b(?:i ll|ill|i will|im going to|i m going to|gonna) (?:kill|end|hurt|get) you\b"),  # a quoted threat
    ("threat", r"\bif i (?:go to|tell|call|ring|report)\b[^.?!]{0,40}\b(?:kill|end|hurt|finish|get) me\b"),
    # Death spoken of as what will happen to me: "make sure i end up dead", "nobody would find my body".
    (
        "threat",
        r"\b(?:i ll|i will|i d|id|i would|im going to|i m going to|i am going to|youll|you ll|you will|youd|you d|she ll|she will) "
        r"(?:end up|wind up|be found) dead\b|\b(?:make sure|making sure|see to it) (?:that )?(?:i|im|i m|you|youre|you re|she|shes|we|were)"
        r"(?: (?:end up|wind up|am|are|re|is|m|s))? dead\b|\b(?:find|found|finding) (?:my|your|her) body\b|\bbody bag\b",
    ),
    (
        "threat",
        r"\b(?:put|see) me in (?:the ground|a box|hospital|a coffin|my grave)\b|\bi ll be dead\b|\bi d be dead\b|\bdead (?:woman|man) walking\b",
    ),
    # He knows where I live, or has found me: S-DASH asks about turning up and loitering at home.
    (
        "location",
        r"\b(?:knows|found out|has found|found|worked out|tracked down|discovered|got) (?:where i (?:live|am|work|stay|sleep|moved)|my (?:new )?(?:address|flat|house|home|location|postcode|workplace))\b",
    ),
    ("location", rf"\b{_SOMEONE} (?:s |has |have )?(?:found|tracked|traced) (?:me|us)\b"),
    # Weapons: someone who has or talks about one.
    (
        "weapon",
        rf"\b{_SOMEONE} (?:s |has |have |had |always |still )?(?:has|have|got|owns|own|carries|carry|carried|keeps|keep|kept|bought|showed me|sent me a (?:photo|picture|pic) of) (?:a |an |his |her |their )?(?:knife|knives|gun|guns|shotgun|rifle|crossbow|machete|blade|weapon|weapons|firearm|acid)\b",
    ),
    ("weapon", r"\b(?:knife|gun|weapon|machete|firearm)s? (?:licence|license|in (?:his|her|the) (?:car|house|bag))\b"),
    # A weapon of his spoken of at all ("he keeps talking about his shotgun").
    (
        "weapon",
        r"\b(?:his|her) (?:knife|knives|gun|guns|shotgun|shotguns|rifle|rifles|crossbow|machete|firearm|firearms)\b",
    ),
    # Past violence, including strangling: violence to anyone is on the checklist.
    (
        "violence",
        rf"\b{_SOMEONE} (?:has |had |s )?(?:strangled|choked|throttled|hit|punched|beat|beaten|attacked|assaulted|raped|stabbed|kicked|hurt|pushed|slapped) (?:me|us|someone|my \w+|his ex|her ex|his last|a previous)\b",
    ),
    (
        "violence",
        r"\b(?:hands|hand) (?:round|around|on) my (?:throat|neck)\b|\b(?:tried|try) to (?:strangle|choke|kill) me\b|\bstrangl|\bstrangul",
    ),
    (
        "violence",
        rf"\b{_SOMEONE} (?:has |had |s )?(?:got )?(?:a )?(?:history of|record for|convictions? for|done time for|been in prison for|went to prison for) (?:violence|assault|attacking|hitting|stabbing|stalking)\b",
    ),
    # A broken order or bail condition.
    (
        "broken_order",
        rf"\b(?:{_BREAKS}|not following|isnt following|is not following|flouting)\b[^.?!]{{0,30}}\b(?:order|orders|spo|injunction|non molestation|nmo|restraining|bail|conditions|interdict|nho)\b",
    ),
    (
        "broken_order",
        r"\b(?:order|spo|injunction|restraining order|non molestation order|bail conditions|interdict)\b[^.?!]{0,30}\b(?:but|and) (?:he|she|they) (?:still|keeps|kept|carries on|carried on|came|comes|contacted|messaged|turned up)\b",
    ),
    # Things getting worse.
    (
        "escalation",
        r"\b(?:getting|got|gets|is getting|s getting) (?:worse|more (?:frequent|often|aggressive|violent|scary|threatening|intense)|scarier|angrier|closer)\b|\bescalat\w*\b|\bmore and more (?:often|aggressive|violent|threatening)\b",
    ),
]
_CUE_PATTERNS = [(name, re.compile(pattern)) for name, pattern in _CUES]

# A question about what could happen, not a report of what did: the classifier answers those.
_HYPOTHETICAL = re.compile(
    r"^(?:what|can|could|would|will|does|do|is|are|how|should|if)\b.*\?\s*$|"
    r"\b(?:what happens|what if|what would|what could|what can|can he|could he|would he|is it (?:a )?crime|is it illegal|"
    rf"is it legal|if (?:he|she|they|someone|my ex) (?:{_BREAKS}|threatens|has|had|was|were|does|did|knows|finds)|"
    r"in case|how long|the law|legal|illegal|a crime|an offence|criminal offence|^(?:can|could|should|do|how do|how can) i\b|(?:worried|afraid|scared|frightened|terrified|worry) (?:that )?(?:he|she|they|my ex) (?:will|ll|might|could|would))\b"
)


def risk_signal(text: Optional[str]) -> Optional[str]:
    """The name of the risk sign the text reports, or None."""
    if not text or not isinstance(text, str):
        return None
    plain = normalise(text)
    if not plain:
        return None
    hypothetical = bool(_HYPOTHETICAL.search(plain))
    for name, pattern in _CUE_PATTERNS:
        if pattern.search(plain):
            # "he said he'll kill me, what can I do?" reports a threat and then asks: a risk sign.
            # "what happens if he breaks the order?" only asks: the classifier answers it.
            if hypothetical and not _reported(plain):
                continue
            return name
    return None


_REPORTED = re.compile(
    rf"\b(?:he|she|they|my ex|ex) (?:has |have |s |already |just |keeps |kept )?(?:{_BROKE}|"
    r"found|knows|tracked|threatened|threatens|threatening|said|says|told|texted|messaged|strangled|choked|hit|attacked|beat|punched|"
    r"has a|has got|got a|owns|carries|sent)\b"
)


def _reported(plain: str) -> bool:
    return bool(_REPORTED.search(plain))

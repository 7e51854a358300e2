"""Which reply a message gets: a topic overview, a short answer, or a service's details.

This is the decision behind actions/guidance.py, kept free of Rasa so it can be read
and tested on its own. What the NLU found (the intent after the danger and risk nets,
and the answer selector's ranking) and what the conversation last talked about go in;
a Choice comes out. The rules, in order:

0. A message in Welsh gets the Welsh safety reply with Live Fear Free; one in another
   language, the emergency line first and the 999 interpreter route. With the chat set
   to Cymraeg, the welcome and danger replies are in Welsh.
1. In the stalking check, small talk gets the check's nudge.
2. Danger and risk signs get their own entries, whole and first. A question asked with
   them ("he broke his SPO, what happens now?") is answered after, in one more bubble,
   when the selector is very sure of the answer.
3. A button that asks for an answer gets it.
4. "What's their number?" gets the details of the services the last reply named.
   Local help: "near me" with no known area gets one question ("Which town, city or
   county are you in? You don't have to say."); a known area gets its local services at
   once (in Scotland and Northern Ireland, with none in the fact base, in the words of the
   nation's own answer);
   a misspelt place is confirmed before it is used; a name several areas share
   ("Newport") gets "which one?" with a button for each; a postcode gets the town asked
   for instead; an unknown place, or "I'd rather not say", gets the national route,
   which can find local support, and so does a place we don't know ("help near
   Narnia"). An advocacy question that asks for help nearby ("who helps round here?")
   is local help too. A place named beside a specific question ("any
   helplines for men? I'm in Glasgow") sets the region for its answer, when the selector
   is sure of an answer that is not itself about finding help nearby (`local: true`).
5. "And in Scotland?" after an answer or topic gives it again for the new region.
6. A topic question gets the topic's answer when the selector is sure of one answer of
   that topic, unless it names the topic broadly ("tell me about tech safety"); a short
   follow-up ("how long does it last?") may lean on the topic the conversation is already
   about; otherwise the topic overview. Never a wrong answer
   when unsure: the overview is always right, if longer.
7. A message the intent classifier couldn't place, or placed under another topic, still
   gets a specific answer when the selector is very sure of it (a long story that ends
   "is there anywhere for men to call?").
8. Anything else gets the entry content/topics.yml maps its intent to.

Last, an answer written for one nation ("the law in England and Wales") is swapped for
the person's own nation's, when it is known (the answer's `elsewhere`).

The thresholds were chosen on the training data by 5-fold cross-validation
(`make compare-selectors`) and then measured once on the held-out question set
(`make evaluate`); docs/performance.md has both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from safety.content import CONTEXT_VALUES, Library
from safety.places import areas_sharing, find_place, gives_postcode, names_unknown_place

DANGER = "immediate_danger"
RISK = "risk_sign"
ASK_CONTACT = "ask_contact"
FIND_LOCAL = "find_local_help"
ADVOCACY = "advocacy_services"
OVERVIEW = "overview"
NOT_SAYING = ("deny", "not_sure", "stop")
WELSH_SAFETY = "welsh_safety"
OTHER_LANGUAGE = "other_language"
# With the chat set to Cymraeg: the entries there is vetted Welsh wording for.
WELSH_ENTRIES = {"greet": "welsh_welcome", DANGER: WELSH_SAFETY}
# Intents whose reply says "I'm not sure" or "I can't help with that": a very sure answer beats them.
RESCUABLE = ("nlu_fallback", "out_of_scope", "inform")
MAX_PLACE_WORDS = 6  # an answer to "which town?" longer than this is a new question

# An answer is served when the selector gives it at least this confidence (make
# compare-selectors, 2026-12-07, 7,310 examples: 77% of specific questions answered right,
# 2.4% wrongly; 0.30 gave 82% for 3.8% wrong, over the 3% target)...
ANSWER_THRESHOLD = 0.40
# ...or at least this much when it is also MARGIN_RATIO times the next key of the topic (the
# overview included): one answer well ahead of the rest. In 5-fold cross-validation
# (make compare-selectors, 2026-12-07, 7,265 examples) right answers rose from 77.6% to 81.2%
# and wrong ones from 2.5% to 2.75%; on held-out sets 1 to 3 it added right answers and no wrong one.
MARGIN_THRESHOLD = 0.25
MARGIN_RATIO = 3.0
# ...or, for a short follow-up inside the topic already being discussed, this much.
FOLLOW_UP_THRESHOLD = 0.15
# An answer the selector is this sure of is served even when the intent says otherwise
# (make compare-selectors, 2026-12-07: wrong for 2.2% of all examples at 0.8, 3.1% at 0.7).
RESCUE_THRESHOLD = 0.80
# ...or this sure, when the intent classifier itself is unsure of its intent (below
# INTENT_UNSURE; the fallback counts as unsure). Chosen on blind sets 2 and 3 (2026-12-07):
# of 536 questions, 9 more got their answer and none a wrong one; then checked once on set 4.
# On the 346 topic and 480 danger-set messages it changed 3 replies: two questions got an
# answer instead of an overview or the menu, and "ex-husband, we divorced last year" (an
# answer to the check) got a wrong one, so "inform" is never unsure.
RESCUE_WHEN_UNSURE = 0.50
INTENT_UNSURE = 0.90
# When the overview is given because no answer is sure enough, the answers of the topic the
# selector gives at least this much are offered as the first buttons, at most two (in
# cross-validation, the right answer was among them for 65% of those questions).
SUGGEST_THRESHOLD = 0.10
MAX_SUGGESTIONS = 2
MAX_FOLLOW_UP_WORDS = 10
MAX_CONTACTS = 3

_WORD = re.compile(r"[a-z0-9']+")
# Words that lean on what was said before: "how long does it last?", "and in Scotland?".
_LEANS_BACK = re.compile(
    r"^(?:and|but|so|also|what about|how about|ok|okay|right)\b"
    r"|\b(?:it|its|it's|they|them|their|that|this|those|these|one)\b"
)
# "What's their number?", "how do I contact them?"
# "tell me about protection orders", "help with online abuse", "evidence advice pls": a topic,
# not a question, so the overview answers it unless the selector is very sure of one answer.
_BROAD = re.compile(
    r"^(?:(?:can you |can u |could you |please |pls )?tell me (?:about|more about|everything about)"
    r"|(?:i need |i want |need |want |any |some |general )?(?:info|information|help|advice|guidance|tips)"
    r"(?: and \w+)? (?:on|about|with|for|re)\b|what should i know|what do i need to know|explain\b|overview of\b)"
    r"|\b(?:advice|info|tips|help) (?:pls|please)$"
    # "give me the lowdown on reporting", "what legal orders are there": the whole topic
    r"|\b(?:the lowdown|a rundown|the rundown|the basics|everything) (?:on|about|of)\b"
    r"|\bwhat (?:\w+ )?(?:orders|options) (?:are there|are available|exist)\b"
)
_LOCALLY = re.compile(
    r"\b(?:near me|nr me|nearby|nearest|near where (?:i|she|he|we) (?:live|lives|am|is)|round here|around here|"
    r"round my way|close by|local|locally|close to (?:home|me|where i live)|where (?:i|she|he|we) (?:live|lives)|"
    r"in (?:my|her|his|their|our) (?:area|county|town|city|region)|my (?:area|county|town|city) have)\b"
)
_SEEKS_HELP = re.compile(
    r"\b(?:help|helps|support|someone|somebody|sum1|any1|anyone|anybody|advocate|advocates|advocacy|charity|charities|"
    r"charitys|service|services|group|groups|organisation|organisations|caseworker|isac|place|talk|speak|see|"
    r"go to|numbers?)\b"
)
LOCAL_ASKERS = (ADVOCACY, "talk_to_human", "support_someone_else")
_ASKS_CONTACT = re.compile(
    r"\b(?:number|numbers|phone|ring|call|contact|email|e-mail|website|site|reach|get hold of)\b"
    r".*\b(?:them|they|their|it|that|those|these|one|him|her)\b"
    r"|\b(?:their|its|that) (?:number|phone number|website|email|details|contact details)\b"
    r"|^(?:what's |what s |whats )?the number$"
)


@dataclass(frozen=True)
class Turn:
    """What one message and the conversation so far tell us."""

    intent: Optional[str]
    text: str = ""
    answer_ranking: Sequence[Tuple[str, float]] = ()  # (retrieval key, confidence), best first
    requested_answer: Optional[str] = None  # an answer button's id
    in_check: bool = False
    intent_confidence: float = 1.0  # the intent classifier's, after the nets (the fallback's is its threshold)
    region_given: bool = False  # this message said where the person is
    region: Optional[str] = None  # the region the conversation knows, this message's first
    last_topic: Optional[str] = None
    last_answer: Optional[str] = None
    last_services: Sequence[str] = ()
    language: Optional[str] = None  # the language this message is written in (addons/language_detector.py)
    chat_language: Optional[str] = None  # the language the chat is set to (the widget's Cymraeg switch)
    area: Optional[str] = None  # an area this message named
    place_guess: Optional[str] = None  # a misspelt place this message named ("Watford")
    place_shared: Optional[str] = None  # a place name several areas share ("Newport"), as listed
    known_area: Optional[str] = None  # the area the conversation already knows
    asked_where: bool = False  # the last reply asked which town, city or county


@dataclass(frozen=True)
class Choice:
    kind: str  # guidance, answer, contact, local, ask_where, confirm_place or which_place
    item: str  # a guidance id, an answer id, an area id (local) or a place name (confirm_place)
    services: Tuple[str, ...] = field(default_factory=tuple)
    note: str = ""  # local help with no area: "not_said" or "unknown_place"
    suggestions: Tuple[str, ...] = ()  # an overview given when unsure: the likeliest answers, as buttons
    answer_after: str = ""  # danger or risk guidance first; then the answer to the question it also asked


def _plain(text: str) -> str:
    """The message as the patterns here read it: lower case, words only."""
    return " ".join(_WORD.findall(text.lower()))


def _short_and(pattern: re.Pattern[str], text: str) -> bool:
    plain = _plain(text)
    return 0 < len(plain.split()) <= MAX_FOLLOW_UP_WORDS and bool(pattern.search(plain))


def leans_back(text: str) -> bool:
    """A short message that only makes sense after the last reply."""
    return _short_and(_LEANS_BACK, text)


def asks_contact(text: str) -> bool:
    return _short_and(_ASKS_CONTACT, text)


def _top(turn: Turn) -> Tuple[str, str, float]:
    """The selector's first key: its intent, its answer id (or "overview"), its confidence."""
    if not turn.answer_ranking:
        return "", "", 0.0
    key, confidence = turn.answer_ranking[0]
    owner, _, answer_id = key.partition("/")
    return owner, answer_id, confidence


def runner_up(intent: str, ranking: Sequence[Tuple[str, float]]) -> float:
    """The confidence of the second key of this intent's topic (the overview included)."""
    own = [confidence for key, confidence in ranking if key.partition("/")[0] == intent]
    return own[1] if len(own) > 1 else 0.0


def best_answer(lib: Library, intent: str, ranking: Sequence[Tuple[str, float]]) -> Tuple[Optional[str], float]:
    """The selector's best key under this intent: an answer id, OVERVIEW, or None."""
    for key, confidence in ranking:
        owner, _, answer_id = key.partition("/")
        if owner != intent:
            continue
        if answer_id == OVERVIEW:
            return OVERVIEW, confidence
        if answer_id in lib.answers and lib.topic_intents.get(lib.answer_topics[answer_id]) == intent:
            return answer_id, confidence
    return None, 0.0


def choose(lib: Library, turn: Turn) -> Choice:
    if turn.region:
        turn = replace(turn, answer_ranking=_folded(lib, turn.answer_ranking, turn.region))
    return _in_region(lib, turn, _choose(lib, turn))


def _folded(lib: Library, ranking: Sequence[Tuple[str, float]], region: str) -> Tuple[Tuple[str, float], ...]:
    """The ranking with each one-nation answer counted as this region's own ("the law in
    England and Wales" 0.29 and "in Northern Ireland" 0.28 are 0.57 for Northern Ireland)."""
    totals: Dict[str, float] = {}
    for key, confidence in ranking:
        answer_id = key.partition("/")[2]
        answer = lib.answers.get(answer_id)
        other = answer.elsewhere.get(region) if answer else None
        if other:
            key = f"{lib.topic_intents[lib.answer_topics[other]]}/{other}"
        totals[key] = totals.get(key, 0.0) + confidence
    return tuple(sorted(totals.items(), key=lambda item: -item[1]))


def _in_region(lib: Library, turn: Turn, choice: Choice) -> Choice:
    """One nation's answer ("the law in England and Wales") for someone known to be in
    another is swapped for theirs, as the answer's `elsewhere` says. A tapped button is
    what was asked for, so it stays."""
    if choice.kind != "answer" or not turn.region or choice.item == turn.requested_answer:
        return choice
    other = lib.answers[choice.item].elsewhere.get(turn.region)
    return Choice("answer", other) if other else choice


def _choose(lib: Library, turn: Turn) -> Choice:
    intent = turn.intent or "nlu_fallback"
    language = _language(lib, turn, intent)
    if language:
        return language
    if turn.in_check and intent in lib.in_check:
        return Choice("guidance", lib.guidance_for_intent(intent, in_check=True))
    if intent in (DANGER, RISK):
        return Choice("guidance", lib.guidance_for_intent(intent), answer_after=_asked_too(lib, turn))
    local = _local(lib, turn, intent)
    if local:
        return local
    if turn.requested_answer in lib.answers:
        return Choice("answer", str(turn.requested_answer))
    if (intent == ASK_CONTACT or asks_contact(turn.text)) and turn.last_services:
        # "Their number" is rarely 999 or 55, which every reply gives already: those go last.
        services = sorted(turn.last_services, key=lambda s: s in lib.safety_line_services)
        return Choice("contact", lib.help_button, tuple(services[:MAX_CONTACTS]))
    topic = lib.intents.get(intent)
    if topic in lib.topic_intents:
        within = _within_topic(lib, turn, intent, topic)
        return within if within.kind == "answer" else _rescued(lib, turn) or within
    if turn.region_given and len(_WORD.findall(turn.text.lower())) <= MAX_FOLLOW_UP_WORDS:
        if turn.last_answer in lib.answers:
            return Choice("answer", turn.last_answer)
        if turn.last_topic in lib.entries and lib.entries[turn.last_topic].related:
            return Choice("guidance", turn.last_topic)
    if turn.last_topic in lib.topic_intents and leans_back(turn.text):
        answer_id, confidence = best_answer(lib, lib.topic_intents[turn.last_topic], turn.answer_ranking)
        if answer_id not in (None, OVERVIEW) and confidence >= FOLLOW_UP_THRESHOLD:
            return Choice("answer", str(answer_id))
    if intent in RESCUABLE:
        rescued = _rescued(lib, turn)
        if rescued:
            return rescued
    return Choice("guidance", lib.guidance_for_intent(intent))


def _asked_too(lib: Library, turn: Turn) -> str:
    """The answer to a question that came with a danger or risk sign ("he broke his SPO, what
    happens now?"), when the selector is very sure of it; the emergency or risk guidance still
    comes first, whole."""
    _, answer_id, confidence = _top(turn)
    return answer_id if answer_id in lib.answers and confidence >= RESCUE_THRESHOLD else ""


def _rescued(lib: Library, turn: Turn) -> Optional[Choice]:
    """The selector's top answer, when it is very sure, whatever the intent."""
    _, answer_id, confidence = _top(turn)
    # "inform" answers a question the bot asked ("ex-husband, we divorced last year"): never unsure.
    unsure = turn.intent == "nlu_fallback" or (turn.intent != "inform" and turn.intent_confidence < INTENT_UNSURE)
    if answer_id in lib.answers and confidence >= (RESCUE_WHEN_UNSURE if unsure else RESCUE_THRESHOLD):
        return Choice("answer", answer_id)
    return None


def _language(lib: Library, turn: Turn, intent: str) -> Optional[Choice]:
    """A message in Welsh, or in a language the bot can't read: the emergency guidance
    first, whatever it says (the danger net reads only English), in vetted wording only.
    With the chat set to Cymraeg, the welcome and danger are in Welsh too."""
    if turn.language == "cy":
        return Choice("guidance", WELSH_SAFETY)
    if turn.language and turn.language != "en":
        return Choice("guidance", OTHER_LANGUAGE, note=turn.language)
    if turn.chat_language == "cy" and intent in WELSH_ENTRIES:
        return Choice("guidance", WELSH_ENTRIES[intent])
    return None


def _local(lib: Library, turn: Turn, intent: str) -> Optional[Choice]:
    """Local help, or None when the message is about something else."""
    named = bool(turn.area or turn.place_guess or turn.place_shared)
    # "help near Narnia": a place, but not one we know. Said plainly, never asked again.
    unknown = intent in (FIND_LOCAL, ADVOCACY) and not named and names_unknown_place(turn.text)
    nearby = _about_support_nearby(turn)  # "who helps round here?", classified as advocacy or not at all
    wants_local = intent == FIND_LOCAL or (intent == ADVOCACY and (named or unknown)) or nearby
    specific = _specific_not_local(lib, turn, intent) if wants_local else None
    if specific:
        return Choice("answer", specific)
    if turn.place_guess and (wants_local or turn.asked_where):
        return Choice("confirm_place", turn.place_guess)
    if turn.place_shared and not turn.area and (wants_local or turn.asked_where):
        return Choice("which_place", turn.place_shared)  # "There's more than one Newport..."
    if (wants_local or turn.asked_where) and not turn.area and gives_postcode(turn.text):
        return Choice("ask_where", "", note="postcode")  # "I can't look up postcodes..."
    if unknown:
        return Choice("local", "", note="unknown_place")
    if wants_local:
        area = turn.area or turn.known_area
        return Choice("local", area) if area else Choice("ask_where", "")
    if not turn.asked_where:
        return None
    if turn.area:
        return Choice("local", turn.area)
    if intent in NOT_SAYING:
        return Choice("local", "", note="not_said")
    if intent == "inform":  # "I live in a small village called Flobbington": a place, not one we know
        return Choice("local", "", note="unknown_place")
    short = len(_WORD.findall(turn.text.lower())) <= MAX_PLACE_WORDS
    if short and not (lib.intents.get(intent) in lib.entries and lib.entries[lib.intents[intent]].related):
        return Choice("local", "", note="unknown_place")  # "Narnia": a place we don't know
    return None  # a new question: answer it instead


def _specific_not_local(lib: Library, turn: Turn, intent: str) -> Optional[str]:
    """A place named beside a specific question ("any helplines for men? im in glasgow")
    sets the region for its answer; it is not a request for local help. The answer when
    the selector is sure of one that is not about finding help nearby, else None."""
    owner, answer_id, confidence = _top(turn)
    answer = lib.answers.get(answer_id)
    sure = ANSWER_THRESHOLD if owner == intent else RESCUE_THRESHOLD
    return answer_id if answer and not answer.local and confidence >= sure else None


def _about_support_nearby(turn: Turn) -> bool:
    """Words asking for help nearby ("who can I talk to round here?", "someone in her area she
    can go and see"): local help, whether the classifier called it advocacy, talking to a
    person, supporting someone, or could not place it, when the selector's first key is about
    support, local help, contact details or a person to talk to."""
    text = _plain(turn.text)
    if turn.intent in (DANGER, RISK) or not (_LOCALLY.search(text) and _SEEKS_HELP.search(text)):
        return False
    return turn.intent in LOCAL_ASKERS or _top(turn)[0] in (*LOCAL_ASKERS, FIND_LOCAL, ASK_CONTACT)


def asks_broadly(text: str) -> bool:
    return bool(_BROAD.search(_plain(text)))


def _within_topic(lib: Library, turn: Turn, intent: str, topic: str) -> Choice:
    answer_id, confidence = best_answer(lib, intent, turn.answer_ranking)
    if asks_broadly(turn.text) and confidence < RESCUE_THRESHOLD:
        answer_id = OVERVIEW
    if answer_id not in (None, OVERVIEW):
        if confidence >= ANSWER_THRESHOLD:
            return Choice("answer", str(answer_id))
        ahead = confidence >= MARGIN_RATIO * runner_up(intent, turn.answer_ranking)
        if confidence >= MARGIN_THRESHOLD and ahead:
            return Choice("answer", str(answer_id))
        if turn.last_topic == topic and leans_back(turn.text) and confidence >= FOLLOW_UP_THRESHOLD:
            return Choice("answer", str(answer_id))
    if answer_id == OVERVIEW and confidence >= ANSWER_THRESHOLD:
        return Choice("guidance", topic)  # a broad question: the overview is the answer
    return Choice("guidance", topic, suggestions=suggested(lib, intent, turn.answer_ranking))


def suggested(lib: Library, intent: str, ranking: Sequence[Tuple[str, float]]) -> Tuple[str, ...]:
    """The likeliest answers of this intent's topic, best first, for an overview given when unsure."""
    found = []
    for key, confidence in ranking:
        owner, _, answer_id = key.partition("/")
        if owner == intent and answer_id in lib.answers and confidence >= SUGGEST_THRESHOLD:
            found.append(answer_id)
    return tuple(found[:MAX_SUGGESTIONS])


def messages_for(lib: Library, choice: Choice, context: Mapping[str, Any]) -> List[Dict[str, Any]]:
    """The chat bubbles a choice gives, tailored to the conversation: what the action server
    sends, and what the evaluation scores."""
    ctx = dict(context)
    if choice.kind == "answer":
        return lib.render_answer(choice.item, ctx)
    if choice.kind == "contact":
        return lib.render_contact(choice.services, ctx)
    if choice.kind == "local":
        return lib.render_local(choice.item or None, ctx, unknown_place=choice.note == "unknown_place")
    if choice.kind == "ask_where":
        return lib.render_ask_where(dict(ctx, asking_where="after_postcode") if choice.note == "postcode" else ctx)
    if choice.kind == "which_place":
        areas = areas_sharing(choice.item)
        return lib.render_which_place(choice.item, areas, ctx) if len(areas) > 1 else lib.render_ask_where(ctx)
    if choice.kind == "confirm_place":
        match = find_place(choice.item)
        return (
            lib.render_confirm_place(choice.item, match.area, ctx)
            if match and match.area
            else lib.render_ask_where(ctx)
        )
    if choice.note in CONTEXT_VALUES["language"]:
        ctx["language"] = choice.note  # "Help, Polish"
    messages = lib.render(choice.item, ctx)
    if choice.answer_after:
        return lib.then_answer(messages, choice.answer_after, ctx)
    if choice.suggestions:  # "is it one of these?": the likeliest answers first among the buttons
        messages[-1]["buttons"] = [lib.answer_button(a) for a in choice.suggestions] + messages[-1]["buttons"]
    return messages

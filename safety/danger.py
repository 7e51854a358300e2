"""The deterministic safety net for danger wording.

The classifier can miss a short, misspelt or mixed message ("help hes here, is this
stalking?"). This module recognises clear danger wording with plain patterns, so the
emergency guidance comes first whatever the classifier thinks. It errs towards
answering with 999: a false alarm costs a reader a few seconds, a miss could cost more.

A message signals danger when it has a danger cue (a weapon, violence or a threat
happening, someone getting in or close by, being trapped, hurt or followed, or a
plain cry for help) and is not framed as the past, a habit or a hypothetical
("last week", "every night", "what if he..."). Cries for help, weapons in someone's
hands and violence in progress count even then: those are never safe to miss.
Recall is measured by `make evaluate` on tests/nlu/danger_wording.yml.
"""

from __future__ import annotations

import re
import unicodedata
from typing import List, Optional, Tuple

from safety.content import library

# Someone typing the emergency number itself ("999!!") is a cry for help.
_EMERGENCY_PHONE = library().services["emergency"].phone
if not _EMERGENCY_PHONE:
    raise RuntimeError("content/services.yml: services.emergency needs a phone for the danger net to recognise")
_EMERGENCY = re.escape(_EMERGENCY_PHONE)

# --- words -------------------------------------------------------------------------
# Someone as the subject of a sentence: "he", "my ex", "a man"...
_PERSON = (
    r"(?:he|she|they|someone|somebody|some ?one|a (?:man|guy|bloke|lad|fella|woman|stranger)|a man s|there s a (?:man|guy|bloke|lad|fella)"
    r"|the (?:man|guy|bloke|stalker)|ther man|my ex|ex|stalker"
    r"|(?:my|her|his|their|our) (?:\w+ s |\w+s )?(?:ex ?)?(?:partner|husband|wife|boyfriend|girlfriend|bf|gf|fella|dad|brother|"
    r"neighbour|son|stepdad|uncle))"
)
_BE = r"(?:s|is|are|re)"
_WEAPON = r"(?:knife|knives|knfe|kinfe|gun|guns|blade|machete|weapon|axe|hammer|baseball bat|bat|crowbar|screwdriver|scissors|acid)"
_VIOLENT_ING = (
    r"(?:hitting|hiting|attacking|atacking|strangling|choking|kicking|punching|stabbing|beating|hurting|pushing|shoving|"
    r"dragging|raping|assaulting|slapping|biting|ramming|smashing|setting fire|burning|throttling|suffocating|"
    r"grabbing|battering|bashing|headbutting|kicking off|holding me down|pinning me)"
)
_VIOLENT_PAST = r"(?:hit|attacked|stabbed|punched|strangled|choked|raped|assaulted|beat|kicked|slapped|pushed|threatened|shot|grabbed|snatched|dragged)"
_HARM = r"(?:kill|hurt|stab|shoot|rape|burn|strangle|attack|get|kick|smash|throw acid)"
# "I need someone on my side", "get someone in my corner": wanting support, not someone
# nearby. Only after a verb of wanting, so "he's on my side gate" is still presence.
_WANTING_SUPPORT = re.compile(
    r"\b((?:need|needs|needed|want|wants|wanted|get|getting|have|find|like|looking for)(?: \w+){0,2}) "
    r"(?:someone|somebody|some one|people|a person) (?:on my side|in my corner)\b"
)
# Only small words may come between someone and where they are: "he s still outside".
_ADVERBS = r"(?:just |still |now |already |literally |actually |right |currently |stood |sat |asleep |lying |hiding )*"
# Talk about the law, not a weapon in someone's hand: "can he be arrested for carrying a knife".
_LEGAL = re.compile(
    r"\b(?:arrest|arrested|crime|crimes|sentence|sentenced|law|legal|illegal|offence|prison|jail|charged|court|trial|report)\b"
)

# --- cues: each (name, pattern, always) ----------------------------------------------
# `always`: counts even with past or hypothetical framing in the same message.
_CUES: List[Tuple[str, str, bool]] = [
    # A cry for help: a message that is little more than "help", "sos" or "call the police".
    (
        "help_only",
        rf"^(?:please |pls |plz |someone |somebody |oh god |omg )*(?:help|hlep|halp|sos|{_EMERGENCY}|emergency)(?: me| us)?(?: please| pls| plz| now| quick| quickly| hurry| someone| im scared| i m scared)*[!? ]*$",
        True,
    ),
    (
        "help",
        r"\b(?:help|hlep) me (?:please |pls |plz )?(?:hurry|quick|now|asap|he|she|they|someone|somebody)\b|\bhelp (?:please|pls|plz|hurry|quick|now|asap)\b",
        True,
    ),
    ("help", r"\b(?:someone|somebody|pls|plz|please) (?:help|hlep)(?: me)?(?: quick| now| please)?$", False),
    ("help", r"(?:^|\b(?:just|please|pls|plz) )send (?:someone|somebody|help|the police|police)\b", False),
    (
        "help",
        rf"(?:^|\b(?:please|pls|someone|somebody|need to|need you to|can you|go) )(?:call|ring|get|phone|send) (?:the )?(?:police|cops|{_EMERGENCY}|ambulance)\b",
        False,
    ),
    ("help", r"\bneed (?:the )?(?:police|cops|an ambulance|help) (?:now|right now|urgently|quick|asap)\b", False),
    ("help", r"\b(?:hurry|urgent|asap)\b.*\bhelp\b|\bhelp\b.*\b(?:hurry|urgent|asap)\b", True),
    ("help", r"\b(?:fear|scared|afraid|terrified) for my life\b", True),
    ("help", r"\b(?:i m|im|i am) (?:in danger|not safe|unsafe)\b", False),
    ("help", r"\bim bleeding\b|\bi m bleeding\b|\bi am bleeding\b|\bcan ?t breathe\b|\bcant breath\b", True),
    # Weapons in someone's hands.
    (
        "weapon",
        rf"\b{_PERSON} ?{_BE}? (?:\w+ ){{0,3}}(?:has|have|got|holding|with|pulled|pulling|waving|grabbed|carrying|brandishing|threatening me with|come round with|came round with|coming at me with)\b.*\b{_WEAPON}\b",
        True,
    ),
    (
        "weapon",
        rf"\b{_WEAPON} (?:to|at|against|on) (?:my|me)\b|\bpulled a {_WEAPON}\b|\bwith a {_WEAPON}\b.*\b(?:here|outside|door|house|coming)\b",
        True,
    ),
    (
        "weapon",
        rf"\b(?:next to|beside|near) me with a {_WEAPON}\b|\b{_WEAPON} under (?:the|his|her) pillow\b|\bthrow acid\b",
        True,
    ),
    # Violence or a threat happening now.
    ("violence", rf"\b{_PERSON} ?{_BE}? (?:\w+ ){{0,2}}(?<!been ){_VIOLENT_ING}\b", False),
    ("violence", rf"\b{_PERSON} (?:has |s )?just {_VIOLENT_PAST}\b", True),
    # "keeps kicking me": violence that goes on, not a habit to describe.
    ("violence", rf"\b{_PERSON} (?:keeps|keep|won t stop|wont stop) {_VIOLENT_ING}\b", True),
    ("violence", r"\b(?:hands|hand|arm) (?:round|around|on) my (?:throat|neck)\b", True),
    (
        "violence",
        r"\b(?:got|grabbed|has|have) (?:hold of|a hold of) (?:me|my|her|him)\b|\bwon t let (?:me |her |him )?go\b",
        False,
    ),
    (
        "violence",
        r"\b(?:is|are|s|being) (?:being )?(?:beaten|attacked|stabbed|hurt|dragged|raped|strangled)\b|\bgetting (?:punched|hit|beaten|attacked|stabbed)\b",
        False,
    ),
    (
        "violence",
        rf"\b{_PERSON} ?{_BE}? {_ADVERBS}(?:trying to|about to) (?:drag|grab|take|snatch|hit|hurt|strangle) (?:me|her|him|us|my)\b",
        False,
    ),
    (
        "violence",
        r"\b(?:holding|got) (?:the|my|our) (?:baby|kids|children|son|daughter)\b.*\b(?:hurt|kill|won t|wont)\b",
        True,
    ),
    (
        "violence",
        r"\b(?:dragged|pulled|forced|bundled|pushed) (?:me|her|him|us) (?:into|in|out of) (?:the|a|his|her) (?:car|van|house|flat)\b",
        True,
    ),
    ("violence", r"\b(?:fist|foot|boot|hand|head) through (?:the|my) (?:door|window)\b", False),
    ("violence", r"\b(?:i ve|ive|i have) been (?:hit|stabbed|attacked|hurt|punched|raped)\b", False),
    (
        "fire",
        r"\b(?:pouring|poured|throwing) (?:petrol|fuel|acid)\b|\b(?:smell|see|there s) (?:smoke|fire|gas|petrol)\b|\bon fire\b|\bburn (?:us|me|the house|my house) (?:out|down)\b",
        False,
    ),
    (
        "violence",
        rf"\b(?:going to|gonna|gona|about to|coming to|here to|will|ll|d|threatening to|says he ll|said he ll|says she ll) {_HARM} (?:me|us|my|the|the kids|the children|her|him|in)\b",
        False,
    ),
    ("violence", r"\b(?:set|setting|sets) fire\b|\bburn(?:ing)? (?:the|my|our) (?:house|flat|home|car)\b", False),
    # "breaking my interdict" is a broken order (a risk sign, safety/risk.py), not things being smashed.
    (
        "violence",
        r"\b(?:smashing|breaking|wrecking|trashing) (?:things|stuff|everything|the place|up|my|the)\b"
        r"(?! (?:\w+ )?(?:order|orders|interdict|injunction|spo|bail|conditions|non mol|nmo|rules)\b)",
        False,
    ),
    (
        "violence",
        rf"\b{_PERSON} (?:has |s )?(?:smashed|broken|broke|kicked in|set fire to) (?:my|the|our) (?:front |back |kitchen |bedroom |car )?(?:window|windows|door|car)\b",
        False,
    ),
    # Someone getting in.
    (
        "breaking_in",
        r"\b(?:break|breaking|broke|broken|kicking|booting|smashing|forcing|climbing|climb|force) (?:in|into|down|through|open|over)\b",
        False,
    ),
    (
        "breaking_in",
        r"\b(?:kicking|booting|smashing|kick|boot|smash) (?:the|my|our) (?:front |back )?(?:door|window) (?:in|down|through|open)\b",
        False,
    ),
    (
        "breaking_in",
        r"\b(?:trying|tryin|tryna|try) (?:to )?(?:get|break|come|climb|force|kick|smash|open|prise|prize|jimmy|pick) ?(?:in|into|the door|open|it|my|the)?\b",
        False,
    ),
    (
        "breaking_in",
        r"\b(?:banging|hammering|pounding|kicking|knocking|smashing|rattling|booting) (?:on|at|in)? ?(?:the|my|our)? ?(?:front |back |bedroom |bathroom )?(?:door|window|windows|windw)(?: handle)?\b",
        False,
    ),
    (
        "breaking_in",
        # ...but "get in touch / in contact / in trouble" is not getting in.
        r"\b(?:got|get|getting|let himself|let herself|letting himself|letting herself) (?:in|inside)\b"
        r"(?! (?:touch|contact|trouble)\b)|\b(?:trying|tried|rattling) (?:the|my) (?:front |back )?(?:door|doors|handle|door handle|window|windows)\b",
        False,
    ),
    (
        "breaking_in",
        r"\bforced (?:his|her|their|a) way in\b|\bbroke the lock\b|\b(?:he|she|they) (?:s|is|are) (?:knocking|banging)\b",
        False,
    ),
    # Someone close by, now.
    (
        "presence",
        rf"\b{_PERSON} ?{_BE}? {_ADVERBS}(?:here|outside|in my|in the|in our|inside|downstairs|upstairs|at my|at the|at our|on my|on our|by my|by the|next to me|behind me|parked|standing|waiting|sat outside|sitting outside|lurking|hiding)\b",
        False,
    ),
    (
        "presence",
        rf"\b{_PERSON} ?{_BE}? (?:coming|on (?:his|her|their) way|heading)(?: (?:over|round|here|to|for|back|in))?\b",
        False,
    ),
    ("presence", rf"\b{_PERSON} (?:s |has )?just (?:turned up|showed up|arrived|got in|came in)\b", False),
    # "the guy from before is stood on my doorstep": a few words may come between, with an is/are.
    (
        "presence",
        rf"\b{_PERSON}(?: \w+){{1,3}} (?:is|are|s) {_ADVERBS}(?:here|outside|on my|at my|in my|at the|by my|next to me|behind me)\b",
        False,
    ),
    (
        "presence",
        r"\b(?:is|s|are|started|starting) (?:walking|running|coming|heading|driving) (?:towards|toward|up to|at|up|to) (?:me|us|my door|the door|my house|the path|the stairs)\b",
        False,
    ),
    (
        "presence",
        r"\b(?:coming|walking|running) up (?:the|my) (?:stairs|stairwell|path|drive|garden)\b|\bcoming (?:at|for) (?:me|us)\b",
        False,
    ),
    (
        "presence",
        r"\bcoming (?:towards|toward) (?:me|us|my (?:house|flat|door|car))\b|\b(?:gone|going|went) round the back\b",
        False,
    ),
    ("presence", r"\bi can hear (?:him|her|them|his footsteps|her footsteps|footsteps|someone)\b", False),
    ("presence", rf"\b{_PERSON} ?{_BE}? {_ADVERBS}in (?:the|my|a|his|her) \w+ with me\b", True),
    (
        "presence",
        rf"\b{_PERSON} ?{_BE}? {_ADVERBS}(?:on the landing|in the lift|in the stairwell|at the window|at my window|looking in|staring at me|blocking the door|blocking my)\b",
        False,
    ),
    (
        "presence",
        r"\b(?:listening|standing|waiting|lurking) (?:at|outside|behind) (?:the|my) (?:door|window)\b|\bface at the window\b",
        False,
    ),
    ("presence", r"\b(?:won t|wont|will not) leave (?:my|the) (?:doorstep|door|house|flat|garden|drive)\b", True),
    (
        "presence",
        r"\b(?:is|s|stood|standing|waiting|sat|sitting) on (?:my|the) (?:doorstep|door step|drive|driveway)\b",
        False,
    ),
    # Trapped or hiding.
    (
        "trapped",
        r"\b(?:i m|im|i am) (?:hiding|trapped|locked in|stuck in)\b|\bhiding (?:in|from)\b|\bbarricaded\b",
        False,
    ),
    (
        "trapped",
        rf"\b{_PERSON} ?{_BE}? {_ADVERBS}(?:locked me|(?:won t|wont|will not|not) let(?:ting)? me (?:leave|out|go|get out|escape)|keeping me (?:here|in|locked))\b",
        False,
    ),
    ("trapped", r"\b(?:can t|cant|cannot|can not) (?:get away|get out|escape|leave)\b", False),
    (
        "trapped",
        r"\b(?:can t|cant|cannot|can not) (?:talk|speak|ring|call)\b.*\b(?:here|next to me|in the|outside|listening|watching|hear|send)\b",
        False,
    ),
    (
        "trapped",
        r"\b(?:got|has|have) me cornered\b|\blocked the doors?\b.*\b(?:won t|wont|not) let me\b|\bblocked (?:my|me|the) (?:car|way|door) in\b|\bwon t (?:open|unlock)\b",
        False,
    ),
    (
        "trapped",
        r"\b(?:i m|im|i am) whispering\b|\bripping (?:the|my) phone\b|\b(?:took|taken|smashed|broke) my phone so i can t\b",
        False,
    ),
    (
        "trapped",
        r"\b(?:taken|took|got|has|grabbed|snatched) (?:my|the|our) (?:kids|children|daughter|son|baby|phone)\b.*\b(?:won t|wont|will not|not|locked|driven|drove|gone)\b",
        False,
    ),
    # Being followed now.
    (
        "followed",
        r"\b(?:i m|i am) being (?:followed|chased|attacked|punched|hit|grabbed)\b|^(?:i m |i am )?(?:being )?(?:followed|chased)$",
        False,
    ),
    ("followed", r"\b(?:right|just|directly|close) (?:behind|next to|beside) me\b", True),
    ("followed", r"\b(?:crawling|driving|walking) (?:along )?(?:next to|beside|behind) me\b", False),
    ("followed", rf"\b{_PERSON} ?{_BE}? {_ADVERBS}(?:following|chasing) (?:her|him|them|my \w+)\b", False),
    (
        "presence",
        r"\b(?:behind|next to|beside|in front of|near) me\b.*\b(?:right now|now|rn)\b|\b(?:right now|rn)\b.*\b(?:behind|next to|beside|near) me\b",
        False,
    ),
    (
        "followed",
        rf"\b{_PERSON} ?{_BE}? {_ADVERBS}(?<!been )(?:following|chasing|tailing) (?:after )?me\b(?! (?:for|since|everywhere|around|all|on|home from))",
        False,
    ),
    ("followed", r"\b(?:pulled|pulling) (?:in|up) behind me\b|\bfollowing (?:me|us) (?:right )?now\b", False),
    (
        "followed",
        rf"\b{_PERSON} ?{_BE}? {_ADVERBS}(?:following|chasing|tailing) us\b|\bcircling (?:the|my) (?:block|house|street)\b",
        False,
    ),
    (
        "followed",
        r"\b(?:it s|its|it is|car s|car is|van s|van is) still (?:behind|following) (?:me|us)\b|\bwhen i (?:cross|turn|stop|speed up|slow down) (?:he|she|they) (?:crosses|turns|stops|does)\b",
        True,
    ),
]
_CUE_PATTERNS = [(name, re.compile(pattern), always) for name, pattern, always in _CUES]

# Past, habitual or hypothetical framing: the message describes, it is not an emergency.
_NOT_NOW = re.compile(
    r"\b(?:yesterday|last (?:night|week|month|year|time|weekend|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
    r"ago|used to|in the past|previously|once|dreamt|dreamed|dreams?|nightmares?|one day|in the sense|"
    r"back in (?:january|february|march|april|may|june|july|august|september|october|november|december|the)|"
    r"every \w+|most (?:days|nights|weeks|evenings|mornings|afternoons|weekends)|always|sometimes|often|keeps|kept|"
    r"a lot|mostly|at weekends|weekends|for (?:weeks|months|years|ages|hours)|since|been|all (?:day|night|weekend|the time)|"
    r"on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|at the weekend|"
    r"what if|what happens|what counts|how (?:do|can|should|would|could) (?:i|we|you)|can he|could he|would he|will he|do police|does|if (?:i|he|she|they|someone|my)|"
    r"in case|worried (?:that|he|she)|afraid (?:that|he|she)|thinking|"
    r"(?:my|her|his|a) (?:friend|mate|sister|brother|daughter|son|mum|dad|colleague) (?:thinks|says|said|reckons|told me))\b"
)
# ...unless the message also says it is happening now.
_NOW = re.compile(
    r"\b(?:right now|rn|now|at the moment|currently|tonight|as we speak|hurry|quick|won t stop|wont stop|"
    r"not stopping|still)\b|!"
)
# It is over: "he's gone now", "I'm safe". Outweighs "now", never a cry for help.
_OVER = re.compile(
    r"\b(?:(?:s|has|have) gone\b(?! round| to| into| in| back| out| up| down| through| for)|gone now|he left|she left|they left|i m safe|im safe|i am safe|i m fine now|"
    r"i got in fine|got home safe|over nothing|just the (?:delivery|postman|neighbour)|but not tonight)\b"
)


# Contractions typed without the apostrophe, where the bare word means nothing else.
_BARE_CONTRACTIONS_MAP = {
    "hes": "he s",
    "shes": "she s",
    "theyre": "they re",
    "im": "i m",
    "ive": "i ve",
    "cant": "can t",
    "wont": "won t",
    "dont": "don t",
    "didnt": "didn t",
    "isnt": "isn t",
    "hasnt": "hasn t",
    "wasnt": "wasn t",
    "theres": "there s",
    "whos": "who s",
    "youre": "you re",
}
_BARE_CONTRACTIONS = re.compile(r"\b(?:" + "|".join(_BARE_CONTRACTIONS_MAP) + r")\b")

# Where one clause ends and the next begins: "is this stalking? he's outside".
_CLAUSE = re.compile(r"[.?!,;:\n]+|\s+(?:but|and then|so)\s+")


def normalise(text: str) -> str:
    """Lower case, plain apostrophes, no accents, single spaces: one shape to match."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    text = re.sub(r"(\w)'(s|re|m|ll|t|ve|d)\b", r"\1 \2", text)  # he's -> he s, can't -> can t
    text = _BARE_CONTRACTIONS.sub(lambda m: _BARE_CONTRACTIONS_MAP[m.group(0)], text)  # hes -> he s
    text = re.sub(r"[^\w!?]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _read(text: str) -> str:
    """The text as the cues read it: normalised, with "I need someone on my side" taken as support."""
    return _WANTING_SUPPORT.sub(r"\1 support", normalise(text))


def danger_signal(text: Optional[str]) -> Optional[str]:
    """The name of the danger cue the text carries, or None.

    Each clause is judged on its own, so "is this stalking? he's outside my door"
    is danger: the question frames only its own clause. Only the cue's name is ever
    returned or logged, never the user's words.
    """
    if not text or not isinstance(text, str):
        return None
    whole = _read(text)
    if not whole:
        return None
    urgent = bool(_NOW.search(whole))
    clauses = [_read(part) for part in _CLAUSE.split(text)]
    over = bool(_OVER.search(whole))
    for plain in [whole] + [c for c in clauses if c and c != whole]:
        framed_as_not_now = (bool(_NOT_NOW.search(plain)) and not urgent) or over
        legal = bool(_LEGAL.search(whole))
        for name, pattern, always in _CUE_PATTERNS:
            if name == "help_only" and plain is not whole:
                continue  # "help!! how do I..." is a question, not a cry for help
            if name in ("weapon", "breaking_in") and (framed_as_not_now or legal) and _LEGAL.search(whole):
                continue
            if ((always and not over) or not framed_as_not_now) and pattern.search(plain):
                return "help" if name == "help_only" else name
    return None

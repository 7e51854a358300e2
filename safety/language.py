"""Which language a message is written in, so the bot can answer someone who does not
write in English (issue 14).

The answer is one of the languages the bot plans a reply for, or "other":
    en cy pl ro pa ur ar pt es bn other
English is the default and wins every doubt. A message read as another language gets a
different reply, so taking an English message for another language is the costly
mistake; the reverse still gets the English reply, which always has 999.

How a message is read, in order:
1. Script. Letters mostly in a script English is never written in settle it:
   Gurmukhi is Panjabi, Bengali script is Bengali, Arabic script is Arabic or Urdu (or
   Persian, which is "other") as the detector judges, and any other script is "other".
   One word is enough here: "مدد" is not English.
2. Latin letters, too short. Fewer than three different words stays English: names,
   "hi", "ok ok ok", numbers, postcodes, "help", a place name. So do up to four
   capitalised words alone ("Ystrad Mynach Caerphilly", "Ana Maria Popescu"): a name
   or a place, not a sentence.
3. Latin letters, plainly English. When a quarter of the words are common English
   function words ("the", "he's", "my", "dont"), it is English, however foreign the
   rest looks: place names, pet names, a word of another language.
4. Latin letters, romanised Panjabi or Urdu. Lingua has no model for them, so a word
   list decides (ROMANISED_* below): at least two of its words, and a quarter of all.
5. Latin letters, the detector (Lingua: lingua-language-detector on PyPI, Apache-2.0,
   models compiled into the package, nothing downloaded). Another language wins only
   when the detector gives English at most MAX_ENGLISH_CONFIDENCE and that language
   several times more, and, for a supported language, the message has one of its
   common words (EVIDENCE_WORDS): place names and people's names have none.
6. Latin letters, Welsh words. Welsh mixed with English words can look English to the
   detector; half the words plainly Welsh makes it Welsh.
Anything else stays English.

The detector knows the supported languages plus EXTRA_LANGUAGES, which only exist so
that Italian or Irish is called "other" rather than forced onto Spanish or Welsh.
It is loaded once per process (`detector()`), with every model in memory, so no
message waits for a model to load.

Nothing here logs or keeps the text: it is read, and only the guess leaves.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import asdict, dataclass
from typing import Dict, FrozenSet, List, Optional, Tuple

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

ENGLISH = "en"
OTHER = "other"

# The languages with a planned reply (ISO 639-1), and Lingua's name for each.
SUPPORTED: Dict[Language, str] = {
    Language.ENGLISH: "en",
    Language.WELSH: "cy",
    Language.POLISH: "pl",
    Language.ROMANIAN: "ro",
    Language.PUNJABI: "pa",
    Language.URDU: "ur",
    Language.ARABIC: "ar",
    Language.PORTUGUESE: "pt",
    Language.SPANISH: "es",
    Language.BENGALI: "bn",
}

# Loaded only to be told apart from the supported ones, and reported as "other".
# Latin-script main languages of the 2021 Census in England and Wales: Italian, French,
# Lithuanian and Turkish are named with their counts in
# ../shared/reference/uk-wales-and-languages.md; German, Latvian, Hungarian, Slovak,
# Czech, Albanian, Somali and Tagalog are categories of the same ONS table (TS024)
# whose counts the reference does not give. Also Irish, so that it is not read as
# Welsh, and Persian, so that it is not read as Urdu or Arabic. Other scripts need no
# model: Cyrillic, Devanagari, Gujarati, Chinese and the rest are "other" by script.
EXTRA_LANGUAGES: FrozenSet[Language] = frozenset(
    {
        Language.ITALIAN,
        Language.FRENCH,
        Language.GERMAN,
        Language.LITHUANIAN,
        Language.TURKISH,
        Language.LATVIAN,
        Language.HUNGARIAN,
        Language.SLOVAK,
        Language.CZECH,
        Language.ALBANIAN,
        Language.SOMALI,
        Language.TAGALOG,
        Language.IRISH,
        Language.PERSIAN,
    }
)

# --- thresholds, chosen on the English sets and the examples in tests/safety/test_language.py
# (never on the held-out tests/nlu/languages.yml); scripts/evaluate_languages.py measures them.
MIN_LATIN_WORDS = 3
ENGLISH_WORD_SHARE = 0.25
ROMANISED_MIN_WORDS = 2
ROMANISED_WORD_SHARE = 0.25
MAX_NAME_WORDS = 4
WELSH_WORD_SHARE = 0.5
MAX_ENGLISH_CONFIDENCE = 0.1
MIN_TIMES_ENGLISH = 3.0

# Common English function words, verbs and chat forms (after NLTK's English stopword
# list, with the apostrophe-less spellings people type). Left out on purpose: words
# that are also common in a supported language ("a", "i", "o", "me", "no", "on", "to",
# "in", "do", "am", "an", "as", "are", "so", "y", "go", "come"; "hi" and "be" are
# Welsh for "she" and "what"); chat words typed in every language ("pls", "please",
# "ok", "hello", "thanks"); and nouns, which other languages borrow ("police",
# "stalking", "phone", "message").
ENGLISH_WORDS: FrozenSet[str] = frozenset(
    """
the this that these those there here his her hers him himself herself he she it its it's
my mine myself you your yours yourself we our us they them their what which who whom whose
why how when where is was were been being have has had having does did doing done
would could should will shall might must can cannot can't cant won't wont don't dont
doesn't doesnt didn't didnt isn't isnt wasn't wasnt aren't arent haven't havent hasn't
hasnt couldn't couldnt wouldn't wouldnt shouldn't shouldnt i'm im i've ive i'd i'll ill
he's hes she's shes he'd he'll she'd she'll you're youre you've you'll they're theyre
we're it'll that's thats there's theres what's whats who's and but or if because until
while of at by for with about against between into through during before after above
below from up down out off over under again further then once all any both each few more
most other some such not only own same than too very just now also still ever never
always really just been keep keeps kept get gets got getting know knows knew want wants
wanted need needs needed think thought said says say tell told telling ask asked make
made take took see saw seen look looks looking like likes let lets u ur gonna wanna
gotta tryna yeah yea nope
""".split()
    # The bot's own English shorthand, typed as a whole question ("non mol cost?", "stop
    # ncii hash"): the detector took both for another language. Loanwords used inside
    # other languages ("stalking", "Facebook") are left out.
    + """
mol cost costs hash ncii spo spos dapo dapn dvpn dvpo nmo isac isacs idva idvas marac clares
airtag airtags tracker trackers helpline helplines molestation injunction restraining
""".split()
)

# Romanised Urdu and Panjabi: the usual Latin spellings of the most frequent function
# words in Urdu (the urduhack Urdu stopword list: ہے کا کی کے میں کو نہیں کیا...) and Panjabi
# (the Gurmukhi stop list in CLTK: ਦੇ ਦੀ ਵਿਚ ਦਾ ਨੂੰ ਹੈ...), plus the words a frightened person
# reaches for (madad "help", dar "fear", peecha "following", dhamki "threat"). Left out:
# spellings that are words in English or a supported language ("main", "the", "oh",
# "se", "pe", "par", "dar", "da", "di", "de", "nu", "si", "hun").
ROMANISED_SHARED: FrozenSet[str] = frozenset(
    """
mera meri mere nahi nahin nai ki ke kar karo kare gaya gayi ghar bahar andar koi bahut
bohat bohot madad haan ji pichha picha peecha peeche jaan maar dhamki dhamkiyan tang roz
har jagah ab
""".split()
)
ROMANISED_URDU: FrozenSet[str] = frozenset(
    """
hai hain hoon hon mujhe mujh mujhko ko ka mein kya kyun kyon kaise kaisay kahan aap ap
aapko apko woh wo vo yeh ye usne unhone uska uski uske iska iski humein hamein hum tum
tumhe karta karti karte raha rahi rahe tha thi hota hoti sakta sakti sakte chahiye abhi
aur bhi lekin agar jab phir darr lag bachao bachaiye batao bataen batayein pata samajh
theek thik kuch kuchh bhai behen shohar
""".split()
)
ROMANISED_PANJABI: FrozenSet[str] = frozenset(
    """
mainu menu mennu tusi tussi tuhanu tainu sanu asi assi ohnu ohne ehnu vich wich vichon
karda kardi karde reha rehi kiven kive kidda kithe kitthe chahida chahidi chahide lagda
lagdi dassan dasso daso hega hegi pehlan bhen
""".split()
)

# Words common in each supported Latin-script language and rare in English, names and
# place names. The detector's verdict for such a language stands only when the message
# has one of them: "Betws y Coed" or "Ana Maria Popescu" has none. Left out: English
# words ("am", "be", "on", "do", "no", "he", "to", "in"), names ("Beth", "Pam", "Dan"),
# and words of Welsh place names ("y", "yr", "ar": "Pen-y-bont ar Ogwr").
# Welsh words with a joined "'n" or "'r" ("mae'n", "o'r") count too (_WELSH_CLITIC).
EVIDENCE_WORDS: Dict[str, FrozenSet[str]] = {
    "cy": frozenset(
        """
        mae rwy rydw dwi dw ydw ydy ydi oes roedd oedd bydd wedi yn fy dy ei ein eich eu gan
        gyda efo ond neu ac wrth heb sut ble pwy pryd ddim nid na mi fi ti chi nhw ni fe
        fo yma yna rwan rŵan nawr hefyd iawn bod fod gen angen gallu eisiau isio helpu
        helpwch gwneud neud ofn yw ydych ydyn sydd hyn hwn hon rhag
    """.split()
    ),
    "pl": frozenset(
        """
        nie jest się sie mnie mój moj moja mojego mam ma jak co czy że ze na od po za ale tak
        już juz jestem boję boje pomocy pomoc pomóż pomoz proszę prosze ona jego jej tylko
        bardzo teraz kto gdzie dlaczego tu tutaj mną mna ciągle ciagle był byl była byla
    """.split()
    ),
    "ro": frozenset(
        """
        nu este sunt și si în la pe cu de ce mă ma mi mi-e meu mea el ea îmi imi pot poate sa
        să că ca care dar fost fostul fosta acum aici unde cum ajutor vreau trebuie foarte
        tot toata toată nici mai din prin pentru lui ei stiu știu
    """.split()
    ),
    "pt": frozenset(
        """
        não nao de da em um uma que eu ele ela me meu minha é os com por para mas muito está
        esta estou tenho tem sei preciso ajuda socorro onde como quando porque já ja ainda
        aqui na nos
    """.split()
    ),
    "es": frozenset(
        """
        que de el la los las en un una me mi te se lo le con por para pero muy está esta
        estoy tengo tiene sé necesito ayuda ayúdame ayudame dónde donde cómo como cuando
        porque ya aquí aqui él ella yo mí ha
    """.split()
    ),
}
_WELSH_CLITIC = re.compile(r"^[^\W\d_]+'[nr]$")

# A word: letters with their combining marks (Gurmukhi and Bengali vowel signs are
# marks), and apostrophes or hyphens inside. Tokens with digits ("SW1A", "07700") are
# not words.
_TOKEN = re.compile(r"[^\s.,!?;:()\[\]{}\"“”«»¿¡/\\|<>*+=~_…]+")
# Unicode names of the scripts that settle a message on their own.
_SCRIPT_CODES = {"GURMUKHI": "pa", "BENGALI": "bn"}
_ARABIC_SCRIPT = frozenset({Language.ARABIC, Language.URDU, Language.PERSIAN})


@dataclass(frozen=True)
class LanguageGuess:
    code: str  # en cy pl ro pa ur ar pt es bn, or other
    confidence: float  # 0 to 1: how sure the deciding step was
    script: str  # latin, arabic, gurmukhi, bengali, or the Unicode name of another
    romanised: bool  # Panjabi or Urdu typed in Latin letters
    basis: str  # which step decided: empty, script, short, names, english_words,
    # romanised_words, detector, welsh_words, unsure

    def as_dict(self) -> Dict[str, object]:
        return asdict(self)


_lock = threading.Lock()
_detector: Optional[LanguageDetector] = None


def detector() -> LanguageDetector:
    """The one Lingua detector of this process, built on first use with its models loaded."""
    global _detector
    with _lock:
        if _detector is None:
            languages = set(SUPPORTED) | EXTRA_LANGUAGES
            _detector = LanguageDetectorBuilder.from_languages(*languages).with_preloaded_language_models().build()
        return _detector


def detect(text: Optional[str]) -> LanguageGuess:
    """The language of one message (see the module docstring for the steps)."""
    words = _words(text or "")
    if not words:
        return LanguageGuess(ENGLISH, 1.0, "latin", False, "empty")
    script, share = _main_script(words)
    if script != "latin":
        return _by_script(text or "", script, share)
    lowered = [w.lower().replace("’", "'") for w in words]
    if len(set(lowered)) < MIN_LATIN_WORDS:
        return LanguageGuess(ENGLISH, 1.0, script, False, "short")
    if _names_only(words):
        return LanguageGuess(ENGLISH, 1.0, script, False, "names")
    english = _share(lowered, ENGLISH_WORDS)
    if english >= ENGLISH_WORD_SHARE:
        return LanguageGuess(ENGLISH, round(english, 3), script, False, "english_words")
    romanised = _romanised(lowered)
    if romanised:
        return romanised
    return _by_detector(text or "", lowered)


def _words(text: str) -> List[str]:
    words = []
    for token in _TOKEN.findall(text.replace("’", "'")):
        word = token.strip("'-")
        if (
            word
            and any(ch.isalpha() for ch in word)
            and all(ch.isalpha() or unicodedata.category(ch).startswith("M") or ch in "'-" for ch in word)
        ):
            words.append(word)
    return words


def _names_only(words: List[str]) -> bool:
    """A few capitalised words ("Ystrad Mynach Caerphilly", "José de la Cruz"): a name or a
    place, whatever language it comes from. Short particles ("ap", "de", "y") may be lower case."""
    long_words = [w for w in words if len(w) >= 3]
    return (
        len(words) <= MAX_NAME_WORDS
        and bool(long_words)
        and all(w[0].isupper() and not w.isupper() for w in long_words)
    )


def _main_script(words: List[str]) -> Tuple[str, float]:
    """The script most letters are in, and its share of the letters."""
    counts: Dict[str, int] = {}
    for word in words:
        for ch in word:
            if ch.isalpha():
                name = unicodedata.name(ch, "UNKNOWN").split(" ")[0]
                counts[name] = counts.get(name, 0) + 1
    total = sum(counts.values()) or 1
    latin = counts.get("LATIN", 0)
    other, count = max(((n, c) for n, c in counts.items() if n != "LATIN"), key=lambda nc: nc[1], default=("", 0))
    # Latin wins ties, so a stray letter of another script does not decide.
    if count > latin:
        return other.lower(), count / total
    return "latin", latin / total


def _by_script(text: str, script: str, share: float) -> LanguageGuess:
    upper = script.upper()
    if upper in _SCRIPT_CODES:
        return LanguageGuess(_SCRIPT_CODES[upper], round(share, 3), script, False, "script")
    if upper == "ARABIC":
        values = [v for v in detector().compute_language_confidence_values(text) if v.language in _ARABIC_SCRIPT]
        if values:
            best = max(values, key=lambda v: v.value)
            total = sum(v.value for v in values) or 1.0
            return LanguageGuess(
                SUPPORTED.get(best.language, OTHER), round(best.value / total, 3), script, False, "script"
            )
        return LanguageGuess("ar", round(share, 3), script, False, "script")
    return LanguageGuess(OTHER, round(share, 3), script, False, "script")


def _share(words: List[str], vocabulary: FrozenSet[str]) -> float:
    return sum(1 for w in words if w in vocabulary) / len(words)


def _romanised(words: List[str]) -> Optional[LanguageGuess]:
    urdu = sum(1 for w in words if w in ROMANISED_URDU)
    panjabi = sum(1 for w in words if w in ROMANISED_PANJABI)
    shared = sum(1 for w in words if w in ROMANISED_SHARED)
    hits = urdu + panjabi + shared
    share = hits / len(words)
    if hits < ROMANISED_MIN_WORDS or share < ROMANISED_WORD_SHARE:
        return None
    # Urdu on a tie: a fixed choice, and a safe one, since both get the same reply.
    code = "pa" if panjabi > urdu else "ur"
    return LanguageGuess(code, round(share, 3), "latin", True, "romanised_words")


def _by_detector(text: str, words: List[str]) -> LanguageGuess:
    values = detector().compute_language_confidence_values(text)
    best = values[0] if values else None
    english = next((v.value for v in values if v.language == Language.ENGLISH), 0.0)
    if best is not None and best.language != Language.ENGLISH:
        code = SUPPORTED.get(best.language, OTHER)
        sure = english <= MAX_ENGLISH_CONFIDENCE and best.value >= MIN_TIMES_ENGLISH * english
        if sure and (code not in EVIDENCE_WORDS or _has_evidence(code, words)):
            return LanguageGuess(code, round(best.value, 3), "latin", False, "detector")
    # Welsh mixed with English words ("mae o'n stalkio fi ar Facebook") can look English to
    # the detector: half the words plainly Welsh settles it. Welsh only: it is the
    # language with a Welsh reply, and the one most often mixed with English.
    welsh = _evidence_share("cy", words)
    if welsh >= WELSH_WORD_SHARE:
        return LanguageGuess("cy", round(welsh, 3), "latin", False, "welsh_words")
    basis = "detector" if best is not None and best.language == Language.ENGLISH else "unsure"
    return LanguageGuess(ENGLISH, round(english, 3), "latin", False, basis)


def _has_evidence(code: str, words: List[str]) -> bool:
    return _evidence_share(code, words) > 0


def _evidence_share(code: str, words: List[str]) -> float:
    found = sum(1 for w in words if w in EVIDENCE_WORDS[code] or (code == "cy" and _WELSH_CLITIC.match(w)))
    return found / len(words)

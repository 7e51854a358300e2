"""Where is the user? Place names to local areas, deterministically.

Reads and checks content/local/areas.yml (the 43 police force areas of England and
Wales, Scotland and Northern Ireland) and content/local/places.yml (place names) once,
and resolves what a user types ("I'm in Stevenage", "near Bath", "herts", "Caerdydd")
to an area id. A broken file raises a ContentError naming the file and field.

Rules, so a wrong area is never guessed:
- The most specific names decide: a town beats its county ("Altrincham, Cheshire" is
  Greater Manchester); a county or nation only settles an ambiguous name ("Newport,
  South Wales"). Names that disagree, with nothing to settle them, resolve to no area.
- A name shared by several areas resolves only when the message settles it; otherwise
  the match is `ambiguous` and the bot asks.
- Names that are ordinary words ("Reading", "Sale") need the message to give a place:
  "I'm in Reading", "near Bath", "the Sale area", or a message that is only place names.
- A place outside the UK, or a name not in the lookup, resolves to nothing.
- A misspelling is tolerated only where a place is expected (after "in", "near", "from"
  ..., or a short message), for names of 6 or more letters, within one edit, and only
  when a single place is that close.

Nothing here logs or keeps the text it is given; a match carries ids and offsets only.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, FrozenSet, List, Mapping, Optional, Sequence, Set, Tuple

from safety.content import CONTENT_DIR, REGIONS, ContentError

AREAS_FILE = Path("local") / "areas.yml"
PLACES_FILE = Path("local") / "places.yml"
NATION_REGIONS = {
    "england": "england_wales",
    "wales": "england_wales",
    "scotland": "scotland",
    "northern_ireland": "northern_ireland",
}
ENGLAND_AND_WALES_FORCES = 43
LEVELS = ("place", "county", "nation")  # most specific first
OUTSIDE = "outside_uk"  # a pseudo-area inside candidate sets: somewhere abroad
AREA_ID = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
MIN_FUZZY_LETTERS = 6
EVERYDAY_COUNT = 2000  # "shops" 7,661, "home" 712,613; "narnia" 50, "hogwarts" 743
PLACE_LIST_KEYS = {
    "places": ("place", "exact"),
    "counties": ("county", "exact"),
    "aliases": ("place", "alias"),
    "county_aliases": ("county", "alias"),
}

# Words around a place name that show the message is giving a place.
TRAILING_AREA_WORDS = {"area", "areas", "region", "district"}
FIRST_PERSON_CUE = re.compile(
    r"(?:^| )(?:im|i am|i m|i|we|were|we are|ive|weve)(?: (?:now|currently|still|actually|also|both))?"
    r"(?: (?:am|are|m|live|living|stay|staying|based|moved|reside|residing|been living|been staying|been))?"
    r"(?: just| currently)? (?:in|near|outside|outside of|around|at|to|by|close to|nr)$"
)
STRONG_CUE = re.compile(
    r"(?:^| )(?:near|nr|nearby|outside|outside of|around|round|close to|from|just outside|just outside of|"
    r"(?:lives|live|living|based|stay|stays|staying|moved|am|are|is|up|down|over|out|somewhere) (?:in|near|to|around)|"
    r"in and around)$"
)
WEAK_CUE_WORDS = {"in", "at", "from", "near", "nr", "outside", "around"}
ARTICLES = {"the", "a", "an", "my", "our", "his", "her", "their", "your"}
PERSON_CUE = re.compile(r"(?:^| )(?:im|i am|i m|am|were|we are|are|both)$")
# A message made only of place names and these words is an answer to "where are you?".
FILLER = set(
    """i im am in near nr live living lives from the area a an village town city just outside of based we
were re are around close to at on its it is and or but yes yeah yep uk my our m by currently now here thanks
thank you please ok okay so well um erm hi hello county co somewhere up down over out north south east west
central part bit side region district way small little suburb suburbs outskirts edge nearby moved stay staying
there too also actually sort kind ish round about""".split()
)
# without_places: at most this many cue words before a place go with it, and a message keeps
# its place when fewer than this many other words would be left.
MAX_CUE_WORDS = 6
MIN_QUESTION_WORDS = 3
# Rare words that follow "in" or "at" without naming a place: names_unknown_place skips them.
NOT_PLACES = set(
    """uni halls incognito chrome safari whatsapp snapchat instagram insta tiktok facebook messenger
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday""".split()
)
EDGE_STOP = {"the", "a", "an", "and", "of", "in", "on", "at", "to", "my", "i", "im", "is", "it", "near", "from"}
# A UK postcode or its first half ("SG1 3AB", "sg13ab", "AL1"). No open package that a
# registry ships maps postcodes to police force areas exactly, so the bot asks for the town.
POSTCODE = re.compile(r"\b[a-z]{1,2}[0-9][a-z0-9]?(?:\s*[0-9][a-z]{2})?\b", re.IGNORECASE)
TOKEN = re.compile(r"[^\W_]+(?:['’`][^\W_]+)*|&")


@dataclass(frozen=True)
class Area:
    id: str
    name: str
    nation: str
    region: str


@dataclass(frozen=True)
class PlaceMatch:
    """Where a message says the user is. Ids and offsets only, never the user's words."""

    area: Optional[str]  # the area id, when one area fits; None when ambiguous or only the nation is known
    region: Optional[str]  # england_wales, scotland or northern_ireland, when it follows
    kind: str  # exact, alias or misspelling: how the deciding name was matched
    ambiguous: bool  # several areas fit and nothing in the message settled it: ask
    candidates: Tuple[str, ...]  # the UK areas that fit, sorted (one when resolved)
    place: str  # the deciding name as listed in places.yml ("Watford"), e.g. to confirm a misspelling
    start: int  # character offsets of the deciding name in the text
    end: int


@dataclass(frozen=True)
class _Name:
    key: str  # normalised: "st albans"
    areas: FrozenSet[str]
    level: str
    kind: str  # exact or alias
    needs_cue: bool = False
    person: bool = False  # "Welsh", "Scottish": says who, not where
    label: str = ""  # as listed in places.yml


@dataclass
class _Mention:
    name: _Name
    first: int  # token indexes, end exclusive
    last: int
    start: int  # character offsets
    end: int
    kind: str
    cue: str = ""  # first_person, strong, weak or ""


# --- text ------------------------------------------------------------------------------
def _fold(word: str) -> str:
    word = unicodedata.normalize("NFKD", word.lower())
    word = "".join(c for c in word if not unicodedata.combining(c))
    word = re.sub(r"['’`]", "", word)
    return {"&": "and", "saint": "st"}.get(word, word)


def normalise(name: str) -> str:
    """A name as it is matched: lower case, no accents, apostrophes or punctuation."""
    return " ".join(_fold(m.group()) for m in TOKEN.finditer(name))


def _tokens(text: str) -> List[Tuple[str, int, int]]:
    return [(_fold(m.group()), m.start(), m.end()) for m in TOKEN.finditer(text)]


def _osa_distance(a: str, b: str, limit: int = 1) -> int:
    """Edits (insert, delete, substitute, swap two neighbours) from a to b, up to limit + 1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: List[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


@functools.lru_cache(maxsize=1)
def _word_counts() -> Mapping[str, int]:
    """pyspellchecker's English word list with each word's frequency, read once."""
    from spellchecker import SpellChecker

    return SpellChecker(language="en", case_sensitive=False).word_frequency.dictionary


@functools.lru_cache(maxsize=1)
def _english_words() -> FrozenSet[str]:
    return frozenset(_word_counts())


@functools.lru_cache(maxsize=1)
def _everyday_words() -> FrozenSet[str]:
    """English words common enough never to be taken for a place name ("home", "work",
    "shops"): the list above a frequency that rare names ("narnia") fall under."""
    return frozenset(word for word, count in _word_counts().items() if count >= EVERYDAY_COUNT)


def _deletions(word: str) -> Set[str]:
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


# --- the lookup --------------------------------------------------------------------------
class Gazetteer:
    """The checked lookup tables, and the resolver over them."""

    def __init__(
        self, areas: Dict[str, Area], names: Dict[str, _Name], english: Optional[FrozenSet[str]] = None
    ) -> None:
        self.areas = areas
        self.names = names
        # English words are never taken for misspelt places. The word list is
        # pyspellchecker's English frequency list (MIT), read once.
        self.english = english if english is not None else _english_words()
        self.max_words = max(len(key.split()) for key in names)
        self.compact: Dict[str, _Name] = {}
        clashes: Set[str] = set()
        for name in names.values():
            squeezed = name.key.replace(" ", "")
            if " " in name.key and squeezed not in names:
                if squeezed in self.compact and self.compact[squeezed].areas != name.areas:
                    clashes.add(squeezed)
                self.compact[squeezed] = name
        for squeezed in clashes:
            del self.compact[squeezed]
        self.fuzzy_index: Dict[str, Set[str]] = {}
        for key in names:
            squeezed = key.replace(" ", "")
            if len(squeezed) >= MIN_FUZZY_LETTERS:
                for variant in _deletions(squeezed):
                    self.fuzzy_index.setdefault(variant, set()).add(key)

    def area(self, area_id: str) -> Area:
        return self.areas[area_id]

    # --- finding names ---------------------------------------------------------------
    def find(self, text: str) -> Optional[PlaceMatch]:
        tokens = _tokens(text or "")
        words = [t[0] for t in tokens]
        mentions = self._exact(tokens)
        taken = {i for m in mentions for i in range(m.first, m.last)}
        mentions += self._misspelt(text or "", tokens, taken)
        mentions.sort(key=lambda m: m.first)
        only_places = bool(mentions) and all(
            w in FILLER for i, w in enumerate(words) if not any(m.first <= i < m.last for m in mentions)
        )
        for mention in mentions:
            mention.cue = _cue(words, mention.first, mention.last)
            ordinary = mention.name.needs_cue and _ordinary_use(words, mention.first)
            if only_places and mention.cue in ("", "weak") and not ordinary:
                mention.cue = "strong"
        return self._resolve(mentions, words, only_places)

    def without_places(self, text: str) -> str:
        """The message without the words that say where the user is ("im in belfast, what
        is an SPO" -> "what is an SPO"). Where someone is changes which law and
        services apply (the region slot and local help see to that), not what they ask, so
        the sentence embedding reads the question without it. A message that is little but
        a place ("im in glasgow", "and in scotland?") is returned whole."""
        tokens = _tokens(text or "")
        words = [t[0] for t in tokens]
        mentions = self._exact(tokens)
        taken = {i for m in mentions for i in range(m.first, m.last)}
        mentions += self._misspelt(text or "", tokens, taken)
        dropped: Set[int] = set()
        for m in mentions:
            # Only where the person says where they are ("im in fife"): "the law in
            # Scotland" or "services in Belfast" ask about the place itself.
            if m.name.person or _cue(words, m.first, m.last) != "first_person":
                continue
            first = m.first
            while first > 0 and words[first - 1] in FILLER and m.first - first < MAX_CUE_WORDS:
                first -= 1
            last = m.last + (m.last < len(words) and words[m.last] in TRAILING_AREA_WORDS)
            dropped.update(range(first, last))
        kept = [w for i, w in enumerate(words) if i not in dropped]
        if not dropped or len(kept) < MIN_QUESTION_WORDS or all(w in FILLER for w in kept):
            return text
        spans = sorted((tokens[i][1], tokens[i][2]) for i in dropped)
        pieces, at = [], 0
        for start, end in spans:
            pieces.append(text[at:start])
            at = end
        pieces.append(text[at:])
        rest = re.sub(r"\s+([,.?!])", r"\1", re.sub(r"\s{2,}", " ", "".join(pieces))).strip(" ,.;:-")
        return re.sub(r"^(?:and|but|so)\b[\s,]*", "", rest, flags=re.IGNORECASE)

    def _exact(self, tokens: Sequence[Tuple[str, int, int]]) -> List[_Mention]:
        words = [t[0] for t in tokens]
        found, i = [], 0
        while i < len(words):
            for n in range(min(self.max_words, len(words) - i), 0, -1):
                spaced = " ".join(words[i : i + n])
                name = self.names.get(spaced)
                if name is None and (n > 1 or len(spaced) >= MIN_FUZZY_LETTERS):
                    name = self.compact.get("".join(words[i : i + n]))
                if name is not None:
                    found.append(_Mention(name, i, i + n, tokens[i][1], tokens[i + n - 1][2], name.kind))
                    i += n
                    break
            else:
                i += 1
        return found

    def _misspelt(self, text: str, tokens: Sequence[Tuple[str, int, int]], taken: Set[int]) -> List[_Mention]:
        """Misspelt names, only where a place is expected: after "in", "near", "from"...,
        or when the words are all the message says. Never an English word ("person" is not
        a misspelt Perton), never a contraction, never a changed first letter."""
        words = [t[0] for t in tokens]
        content = [i for i, w in enumerate(words) if w not in FILLER]
        found: List[_Mention] = []
        i = 0
        while i < len(words):
            match = None
            cued = i > 0 and (words[i - 1] in WEAK_CUE_WORDS or bool(_cue(words, i, i + 1)))
            if i not in taken and words[i] not in EDGE_STOP:
                for n in range(min(3, len(words) - i), 0, -1):
                    span = range(i, i + n)
                    if any(j in taken for j in span) or words[i + n - 1] in EDGE_STOP:
                        continue
                    if not (cued or set(content) <= set(span)):
                        continue
                    raw = [text[tokens[j][1] : tokens[j][2]] for j in span]
                    if any(c in r for r in raw for c in "'’`") or all(self._is_word(words[j]) for j in span):
                        continue
                    name = self._closest("".join(words[i : i + n]))
                    if name is not None:
                        match = _Mention(name, i, i + n, tokens[i][1], tokens[i + n - 1][2], "misspelling")
                        break
            if match:
                found.append(match)
                i = match.last
            else:
                i += 1
        return found

    def _is_word(self, word: str) -> bool:
        return word in self.english or word.isdigit()

    def _closest(self, typed: str) -> Optional[_Name]:
        if len(typed) < MIN_FUZZY_LETTERS or not typed.isalpha():
            return None
        keys = {key for variant in _deletions(typed) for key in self.fuzzy_index.get(variant, ())}
        close = [self.names[k] for k in keys if k[0] == typed[0] and _osa_distance(typed, k.replace(" ", "")) <= 1]
        if not close or len({n.areas for n in close}) > 1:
            return None  # nothing close, or two different places equally close: don't guess
        return close[0]

    # --- deciding --------------------------------------------------------------------
    def _resolve(self, mentions: List[_Mention], words: Sequence[str], only_places: bool) -> Optional[PlaceMatch]:
        valid = [m for m in mentions if not m.name.needs_cue or m.cue in ("first_person", "strong")]
        people = [
            m
            for m in valid
            if m.name.person and (only_places or PERSON_CUE.search(" ".join(words[max(0, m.first - 3) : m.first])))
        ]
        places = [m for m in valid if not m.name.person]
        abroad = [m for m in places if m.name.areas == {OUTSIDE}]
        # A UK name qualified by a place abroad ("Perth, Australia", "Boston, USA") is abroad.
        qualified = {
            id(m)
            for m in places
            for a in abroad
            if m.last <= a.first and all(w in FILLER for w in words[m.last : a.first])
        }
        uk = [m for m in places if m.name.areas != {OUTSIDE} and id(m) not in qualified]
        said_home = [m for m in uk if m.cue == "first_person"]
        if abroad and not said_home:
            return None
        if not uk:
            return self._people_only(people)
        level = next(lv for lv in LEVELS if any(m.name.level == lv for m in uk))
        deciding = [m for m in uk if m.name.level == level]
        deciding = [m for m in deciding if m.cue == "first_person"] or deciding
        candidates = frozenset.intersection(*(m.name.areas for m in deciding))
        if not candidates:
            candidates = frozenset.union(*(m.name.areas for m in deciding))
        settlers = [m.name.areas for lv in LEVELS[LEVELS.index(level) + 1 :] for m in uk if m.name.level == lv]
        settlers += [m.name.areas for m in people]
        for areas in settlers:
            if len(candidates) > 1 and candidates & areas:
                candidates = candidates & areas
        uk_candidates = tuple(sorted(candidates - {OUTSIDE}))
        if not uk_candidates:
            return None
        resolved = uk_candidates[0] if len(candidates) == 1 else None
        regions = {self.areas[a].region if a != OUTSIDE else None for a in candidates}
        region = next(iter(regions)) if len(regions) == 1 else None
        kinds = {m.kind for m in deciding}
        kind = next(k for k in ("misspelling", "alias", "exact") if k in kinds)
        first = deciding[0]
        return PlaceMatch(
            resolved, region, kind, resolved is None, uk_candidates, first.name.label, first.start, first.end
        )

    def _people_only(self, people: List[_Mention]) -> Optional[PlaceMatch]:
        regions = {self.areas[a].region for m in people for a in m.name.areas}
        if len(regions) != 1:
            return None
        first = people[0]
        return PlaceMatch(None, regions.pop(), first.kind, False, (), first.name.label, first.start, first.end)


def _ordinary_use(words: Sequence[str], first: int) -> bool:
    """A name that is also a word, used as one: "I'm in the bath", "in a deal", "I'm reading".
    A short message of filler words and such a name is then not an answer to "where are you?"."""
    before = list(words[max(0, first - 3) : first])
    return bool(before) and (before[-1] in ARTICLES or bool(PERSON_CUE.search(" ".join(before))))


def _cue(words: Sequence[str], first: int, last: int) -> str:
    """How clearly the words around a name give it as a place."""
    before = list(words[max(0, first - 6) : first])
    trailing_area = last < len(words) and words[last] in TRAILING_AREA_WORDS
    if before and before[-1] == "the":
        if not trailing_area:
            return ""
        before = before[:-1]
    joined = " ".join(before)
    if FIRST_PERSON_CUE.search(joined):
        return "first_person"
    if STRONG_CUE.search(joined) or trailing_area:
        return "strong"
    if before and before[-1] in WEAK_CUE_WORDS:
        return "weak"
    return ""


# --- reading and checking the files ------------------------------------------------------
# The files' shape is declared in safety/content/schema.py (AreasFile, PlacesFile) and read
# by the content loader; what is checked here is what no one file's shape can say.
def _names(path: Path, where: str, values: Sequence[str]) -> List[str]:
    for value in values:
        if not normalise(value):
            raise ContentError(path, where, f"{value!r} has no letters or digits")
    return list(values)


def load_areas(path: Path) -> Dict[str, Area]:
    from safety.content.loader import read
    from safety.content.schema import AreasFile

    rows = read(path, AreasFile).areas
    if not rows:
        raise ContentError(path, "areas", "should be a list of areas")
    areas: Dict[str, Area] = {}
    for i, row in enumerate(rows):
        at = f"areas[{i}]"
        if not AREA_ID.match(row.id):
            raise ContentError(path, f"{at}.id", f"{row.id!r} should be snake_case")
        if row.id in areas or row.id == OUTSIDE:
            raise ContentError(path, f"{at}.id", f"{row.id!r} is used twice or reserved")
        if row.region not in REGIONS or row.region != NATION_REGIONS[row.nation]:
            raise ContentError(path, f"{at}.region", f"{row.region!r}: {row.nation} is in {NATION_REGIONS[row.nation]}")
        areas[row.id] = Area(row.id, row.name, row.nation, row.region)
    forces = sum(1 for a in areas.values() if a.region == "england_wales")
    if forces != ENGLAND_AND_WALES_FORCES:
        raise ContentError(
            path, "areas", f"{forces} areas in England and Wales, not the {ENGLAND_AND_WALES_FORCES} police force areas"
        )
    for nation in ("scotland", "northern_ireland"):
        if [a.id for a in areas.values() if a.nation == nation] != [nation]:
            raise ContentError(path, "areas", f"{nation} should be one area, with id {nation!r}")
    return areas


def load_names(path: Path, areas: Mapping[str, Area]) -> Dict[str, _Name]:
    from safety.content.loader import read
    from safety.content.schema import PlacesFile

    data = read(path, PlacesFile)
    names: Dict[str, _Name] = {}
    origin: Dict[str, str] = {}

    def add(raw: str, where: str, name: _Name) -> None:
        if name.key in names:
            raise ContentError(
                path,
                where,
                f"{raw!r} is already listed at {origin[name.key]}: a name shared by two areas goes under `ambiguous`",
            )
        names[name.key] = name
        origin[name.key] = where

    for area_id, lists in data.areas.items():
        if area_id not in areas:
            raise ContentError(path, f"areas.{area_id}", "not an area in areas.yml")
        for key, (level, kind) in PLACE_LIST_KEYS.items():
            where = f"areas.{area_id}.{key}"
            for raw in _names(path, where, getattr(lists, key)):
                add(raw, where, _Name(normalise(raw), frozenset([area_id]), level, kind, label=raw))
    unnamed = sorted(set(areas) - set(data.areas))
    if unnamed:
        raise ContentError(path, "areas", f"no place names for {unnamed}: every area must be reachable")

    if set(data.nations) != set(NATION_REGIONS):
        raise ContentError(path, "nations", f"should list exactly {sorted(NATION_REGIONS)}")
    for nation, words in data.nations.items():
        members = frozenset(a.id for a in areas.values() if a.nation == nation)
        for i, raw in enumerate(_names(path, f"nations.{nation}.names", words.names)):
            kind = "exact" if i == 0 else "alias"
            add(raw, f"nations.{nation}.names", _Name(normalise(raw), members, "nation", kind, label=raw))
        for raw in _names(path, f"nations.{nation}.people", words.people):
            add(
                raw,
                f"nations.{nation}.people",
                _Name(normalise(raw), members, "nation", "exact", person=True, label=raw),
            )

    for i, row in enumerate(data.ambiguous):
        at = f"ambiguous[{i}]"
        _names(path, f"{at}.name", [row.name])
        if any(a not in areas for a in row.areas) or len(set(row.areas)) + row.outside_uk < 2:
            raise ContentError(
                path, f"{at}.areas", "should list two or more areas from areas.yml (or one, with outside_uk: true)"
            )
        shared = frozenset(row.areas) | ({OUTSIDE} if row.outside_uk else set())
        add(row.name, at, _Name(normalise(row.name), shared, row.level, "exact", label=row.name))

    for raw in _names(path, "outside_uk", data.outside_uk):
        add(raw, "outside_uk", _Name(normalise(raw), frozenset([OUTSIDE]), "place", "exact", label=raw))

    for raw in _names(path, "needs_place_cue", data.needs_place_cue):
        key = normalise(raw)
        if key not in names:
            raise ContentError(path, "needs_place_cue", f"{raw!r} is not a name listed in this file")
        names[key] = dataclasses.replace(names[key], needs_cue=True)
    return names


def load(root: Path = CONTENT_DIR) -> Gazetteer:
    areas = load_areas(root / AREAS_FILE)
    return Gazetteer(areas, load_names(root / PLACES_FILE, areas))


@functools.lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The lookup, read and checked once per process."""
    return load()


def areas_sharing(name: str) -> List[str]:
    """The UK areas a place name could be ("Newport": Gwent, Hampshire, West Mercia)."""
    match = find_place(name)
    return [a for a in (match.candidates if match else ()) if a in gazetteer().areas]


def find_place(text: str) -> Optional[PlaceMatch]:
    """Where the message says the user is, or None when it names no UK place."""
    return gazetteer().find(text)


def without_places(text: str) -> str:
    return gazetteer().without_places(text)


@functools.lru_cache(maxsize=1)
def _language_names() -> FrozenSet[str]:
    from lingua import Language

    return frozenset(language.name.lower() for language in Language.all()) | {"bsl", "makaton"}


def names_unknown_place(text: str) -> bool:
    """The message gives a place we don't know ("help near Narnia", "I live in
    Flobbington"), and no UK place or place abroad that the lookup knows. The name is not
    an everyday word and comes straight after a clear cue ("near", "live in", "I'm from");
    after a bare "in" it must end the message ("an advocate in Flobbington"), since
    "someone from uni" or "saved in chrome" say nothing about where someone lives."""
    words = [t[0] for t in _tokens(text or "")]
    named = any(_names_a_place(words, i) for i in range(len(words)))
    return named and find_place(text) is None


def _names_a_place(words: Sequence[str], i: int) -> bool:
    word = words[i]
    if not word.isalpha() or len(word) < 3 or word in FILLER | ARTICLES | NOT_PLACES:
        return False
    if word in _everyday_words() or word in _language_names():  # "help in Urdu"
        return False
    cue = _cue(words, i, i + 1)
    if cue == "first_person" or (cue == "strong" and words[i - 1] != "from"):
        return True
    return cue == "weak" and (i == len(words) - 1 or words[i + 1] in TRAILING_AREA_WORDS)


def gives_postcode(text: str) -> bool:
    """The message gives a postcode (and no place we know): "SG1 3AB", "its AL1"."""
    return bool(POSTCODE.search(text or "")) and find_place(text) is None


def area(area_id: str) -> Area:
    """An area by id, with its name, nation and region. KeyError for an unknown id."""
    return gazetteer().area(area_id)


def areas() -> Dict[str, Area]:
    return dict(gazetteer().areas)

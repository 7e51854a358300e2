"""The one module that reads and checks the vetted content in content/.

Everything the bot says comes from here: guidance entries (content/guidance/),
the services directory (content/services.yml), the topic buttons
(content/topics.yml) and the stalking check wording (content/stalking_check.yml).
A broken file stops start-up with a ContentError naming the file and field,
so a mistake is found by whoever edits the file, never by a victim at chat time.
"""
from __future__ import annotations

import datetime as dt
import functools
import itertools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterator, List, Mapping, Optional, Sequence, Tuple

import yaml

# SAFETY_CONTENT_DIR points the bot at another copy of content/, for previews and tests.
CONTENT_DIR = Path(os.environ.get("SAFETY_CONTENT_DIR") or Path(__file__).resolve().parent.parent / "content")

REGIONS = ("england_wales", "scotland", "northern_ireland")
REGION_NAMES = {
    "england_wales": "England and Wales",
    "scotland": "Scotland",
    "northern_ireland": "Northern Ireland",
}
RELATIONSHIPS = ("ex_partner", "partner", "family", "someone_known", "stranger", "unknown")
ANSWERS = ("yes", "no", "unsure")
BEHAVIOURS = (
    "following",
    "messages",
    "monitoring",
    "gifts_contact",
    "property_threats",
    "something_else",
)
# What a `when:` condition may test, and the values each key can take.
CONTEXT_VALUES: Dict[str, Tuple[Any, ...]] = {
    "region": REGIONS,
    "region_known": (True, False),
    "relationship": RELATIONSHIPS,
    "check_behaviour": BEHAVIOURS,
    "check_repeated": ANSWERS,
    "check_unwanted": ANSWERS,
    "check_afraid": ANSWERS,
}
DEFAULT_CONTEXT = {
    "region": "england_wales",
    "region_known": False,
    "relationship": "unknown",
    "check_behaviour": "something_else",
    "check_repeated": "unsure",
    "check_unwanted": "unsure",
    "check_afraid": "unsure",
}

MAX_MESSAGE_CHARS = 600
MAX_MESSAGES = 3
MAX_RELATED = 3

# A UK phone number written out: 0 then 9 or 10 more digits, spaces or dashes allowed,
# or the same with +44. Only content/services.yml may hold one.
LONG_PHONE = re.compile(r"(?<![\w])(?:\+44[\s-]?\(?0?\)?[\s-]?|0)\d(?:[\s-]?\d){8,9}(?![\w])")
PLACEHOLDER = re.compile(r"\{([a-z0-9_]+)(?:\.([a-z_]+))?\}")
# Rule 3: the bot never tells someone that what they describe is not stalking.
DENIES_STALKING = re.compile(
    r"\b(?:(?:is|are|was|were|does|do|did)\s*n[o']t|not|never)\s+(?:[\w']+\s+){0,3}?(?:stalking|harassment)\b",
    re.IGNORECASE,
)
SERVICE_FIELDS = ("name", "phone", "web", "email", "hours", "text")


class ContentError(ValueError):
    """A content file is wrong. The message names the file and the field."""

    def __init__(self, path: Path, field_name: str, problem: str) -> None:
        self.path = path
        self.field_name = field_name
        self.problem = problem
        super().__init__(f"{_rel(path)}: {field_name}: {problem}")


def short_code_pattern(phones: List[str]) -> "re.Pattern[str]":
    """The directory's short numbers (emergency, police, the Silent Solution key press)
    as one pattern, so wording that spells one out can be caught."""
    codes = {part for phone in phones if len(digits(phone)) <= 8 for part in [phone, *phone.split()]}
    alternatives = "|".join(re.escape(code) for code in sorted(codes, key=len, reverse=True))
    return re.compile(rf"(?<![\w.£$])(?:{alternatives})(?![\w%])")


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(CONTENT_DIR.parent))
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class Source:
    name: str
    url: str

    def as_payload(self) -> Dict[str, str]:
        return {"name": self.name, "url": self.url}


@dataclass(frozen=True)
class Service:
    id: str
    name: str
    phone: Optional[str]
    web: Optional[str]
    email: Optional[str]
    hours: Optional[str]
    text: Optional[str]
    regions: Tuple[str, ...]
    sources: Tuple[Source, ...]
    reviewed_on: dt.date
    review_due: dt.date


@dataclass(frozen=True)
class Message:
    text: str
    when: Mapping[str, Tuple[Any, ...]]
    append: bool = False  # add to the end of the message before it, not a new bubble

    def applies(self, context: Mapping[str, Any]) -> bool:
        return all(context.get(key) in values for key, values in self.when.items())


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    regions: Tuple[str, ...]
    sources: Tuple[Source, ...]
    reviewed_on: dt.date
    review_due: dt.date
    messages: Tuple[Message, ...]
    related: Tuple[str, ...]  # a topic reply: related buttons, then the route to help
    buttons: Tuple[str, ...]  # any other reply: exactly these buttons
    path: Path
    reviewed_by: str = ""

    @property
    def is_topic(self) -> bool:
        return bool(self.related)

    def context_keys(self) -> List[str]:
        keys = {key for message in self.messages for key in message.when}
        return sorted(keys)

    def contexts(self) -> Iterator[Dict[str, Any]]:
        """Every combination of the context values this entry's wording depends on."""
        keys = self.context_keys()
        for values in itertools.product(*(CONTEXT_VALUES[key] for key in keys)):
            yield dict(zip(keys, values))


@dataclass(frozen=True)
class Button:
    id: str
    title: str
    payload: str


@dataclass
class Library:
    entries: Dict[str, Entry]
    services: Dict[str, Service]
    retired_numbers: Dict[str, str]
    buttons: Dict[str, Button]
    menu: Tuple[str, ...]
    help_button: str
    intents: Dict[str, str]
    in_check: Dict[str, str]
    safety_line: str
    check: Dict[str, Any]
    short_codes: "re.Pattern[str]"
    directory_reviewed_on: dt.date = field(default=dt.date.min)
    directory_review_due: dt.date = field(default=dt.date.max)

    # --- choosing ---------------------------------------------------------
    def guidance_for_intent(self, intent: Optional[str], in_check: bool = False) -> str:
        """The entry that answers an intent; the topic menu when unsure."""
        if in_check and intent in self.in_check:
            return self.in_check[intent]
        return self.intents.get(intent or "", self.intents["nlu_fallback"])

    def check_question(self, slot: str) -> Dict[str, Any]:
        """A stalking check question: its text and answer buttons."""
        question = self.check["questions"][slot]
        buttons = [{"title": self.fill(b["title"]), "payload": b["payload"]} for b in question["buttons"]]
        return {"text": self.fill(question["text"]), "buttons": buttons}

    def sort_behaviour(self, text: str) -> str:
        """The kind of behaviour a typed answer describes (content/stalking_check.yml)."""
        lowered = text.lower()
        for name, item in self.check["behaviours"].items():
            if any(re.search(rf"\b{re.escape(word)}", lowered) for word in item["words"]):
                return name
        return "something_else"

    # --- rendering ----------------------------------------------------------
    def render(self, guidance_id: str, context: Optional[Mapping[str, Any]] = None) -> List[Dict[str, Any]]:
        """The chat messages for an entry, tailored to the conversation.

        Each message carries a `custom` payload naming the entry, its sources and
        review date, so a widget can show where advice comes from and a test can
        see which entry was served. The last message carries the buttons.
        """
        entry = self.entries[guidance_id]
        ctx = full_context(context)
        texts = self.bubbles(entry, ctx)
        if entry.is_topic:
            texts[-1] = f"{texts[-1]}\n\n{self.safety_line}"
        custom = {
            "guidance_id": entry.id,
            "title": self.fill(entry.title),
            "sources": [source.as_payload() for source in entry.sources],
            "reviewed_on": entry.reviewed_on.isoformat(),
            "review_due": entry.review_due.isoformat(),
            "region": ctx["region"],
        }
        messages = [
            {"text": text, "custom": dict(custom, part=index + 1, parts=len(texts))}
            for index, text in enumerate(texts)
        ]
        messages[-1]["buttons"] = self.button_payloads(entry)
        return messages

    def bubbles(self, entry: Entry, ctx: Mapping[str, Any]) -> List[str]:
        """The entry's messages that apply to this conversation, with services filled in."""
        texts: List[str] = []
        for message in entry.messages:
            if message.applies(ctx):
                text = self.fill(message.text)
                if message.append and texts:
                    texts[-1] = f"{texts[-1]} {text}"
                else:
                    texts.append(text)
        return texts

    def button_payloads(self, entry: Entry) -> List[Dict[str, str]]:
        ids = list(entry.buttons)
        if entry.is_topic:
            # The help button's own entry shares its id; it doesn't offer itself.
            ids = list(entry.related) + ([self.help_button] if entry.id != self.help_button else [])
        return [{"title": self.fill(self.buttons[i].title), "payload": self.buttons[i].payload} for i in ids]

    def fill(self, text: str) -> str:
        """Replace {service} and {service.field} with the directory's values."""

        def one(match: "re.Match[str]") -> str:
            service = self.services[match.group(1)]
            value = getattr(service, match.group(2) or "phone")
            return str(value)

        return PLACEHOLDER.sub(one, text)

    def variants(self, guidance_id: str) -> Iterator[Tuple[Dict[str, Any], List[Dict[str, Any]]]]:
        """Every distinct rendering of an entry, for checks and staff previews."""
        for context in self.entries[guidance_id].contexts():
            yield context, self.render(guidance_id, context)

    # --- review dates ---------------------------------------------------------
    def overdue(self, today: dt.date) -> List[str]:
        """Everything past its review date: stale safety advice must block a release."""
        late = [f"{_rel(e.path)} (due {e.review_due})" for e in self.entries.values() if e.review_due < today]
        late += [f"content/services.yml: {s.id} (due {s.review_due})" for s in self.services.values() if s.review_due < today]
        if self.directory_review_due < today:
            late.append(f"content/services.yml (due {self.directory_review_due})")
        return late

    # --- for the widget -------------------------------------------------------
    def widget_safety(self) -> Dict[str, Any]:
        """What the widget keeps in memory for when the bot can't be reached."""
        fallback = self.render("safety_fallback")
        links = sorted({s.web for s in self.services.values() if s.web})
        return {
            "safety_line": self.safety_line,
            "fallback": [m["text"] for m in fallback],
            "fallback_custom": fallback[0]["custom"],
            "links": links,
        }


def full_context(context: Optional[Mapping[str, Any]]) -> Dict[str, Any]:
    """Fill what the conversation has not told us with safe defaults."""
    ctx = dict(DEFAULT_CONTEXT)
    for key, value in (context or {}).items():
        if value is not None:
            ctx[key] = value
    if context and context.get("region") in REGIONS:
        ctx["region_known"] = True
    return ctx


# --------------------------------------------------------------------------------
# Reading and checking
# --------------------------------------------------------------------------------
class _Reader:
    """Field access that turns every mistake into a ContentError for one file."""

    def __init__(self, path: Path, short_codes: "Optional[re.Pattern[str]]" = None) -> None:
        self.path = path
        self.short_codes = short_codes
        try:
            self.data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise ContentError(path, "(file)", f"is not valid YAML: {exc}") from None
        if not isinstance(self.data, dict):
            raise ContentError(path, "(file)", "must be a mapping of fields")

    def fail(self, field_name: str, problem: str) -> ContentError:
        return ContentError(self.path, field_name, problem)

    def get(self, data: Mapping[str, Any], key: str, kind: type, where: str = "", required: bool = True) -> Any:
        name = f"{where}{key}"
        if key not in data or data[key] is None:
            if required:
                raise self.fail(name, "is missing")
            return None
        value = data[key]
        if kind is dt.date:
            if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
                raise self.fail(name, "must be a date written as YYYY-MM-DD")
        elif not isinstance(value, kind):
            raise self.fail(name, f"must be a {kind.__name__}")
        if isinstance(value, str) and not value.strip():
            raise self.fail(name, "is empty")
        return value

    def review_dates(self, data: Mapping[str, Any], where: str = "") -> Tuple[dt.date, dt.date]:
        reviewed_on = self.get(data, "reviewed_on", dt.date, where)
        review_due = self.get(data, "review_due", dt.date, where)
        if review_due <= reviewed_on:
            raise self.fail(f"{where}review_due", "must be after reviewed_on")
        return reviewed_on, review_due

    def sources(self, data: Mapping[str, Any], where: str = "") -> Tuple[Source, ...]:
        items = self.get(data, "sources", list, where)
        if not items:
            raise self.fail(f"{where}sources", "must name at least one source")
        found = []
        for index, item in enumerate(items):
            at = f"{where}sources[{index}]."
            if not isinstance(item, dict):
                raise self.fail(at[:-1], "must have a name and a url")
            name = self.get(item, "name", str, at)
            url = self.get(item, "url", str, at)
            if not re.match(r"^https?://[\w.-]+\.[a-z]{2,}(/\S*)?$", url):
                raise self.fail(f"{at}url", f"'{url}' is not a web address")
            found.append(Source(name.strip(), url.strip()))
        return tuple(found)

    def regions(self, data: Mapping[str, Any], where: str = "") -> Tuple[str, ...]:
        regions = self.get(data, "regions", list, where)
        if regions == ["all"]:
            return REGIONS
        bad = [r for r in regions if r not in REGIONS]
        if bad or not regions:
            raise self.fail(f"{where}regions", f"use [all] or some of {list(REGIONS)}, not {bad or regions}")
        return tuple(regions)

    def text(self, value: str, field_name: str, services: Mapping[str, Service]) -> str:
        """Check one piece of wording; numbers must come from the directory."""
        number = LONG_PHONE.search(value) or (self.short_codes and self.short_codes.search(value))
        if number:
            raise self.fail(
                field_name,
                f"holds the number '{number.group(0)}'. Numbers live only in content/services.yml: "
                "write the service's id in braces instead, for example {national_stalking_helpline}",
            )
        if DENIES_STALKING.search(value):
            raise self.fail(field_name, "must never tell someone that what they describe is not stalking")
        for match in PLACEHOLDER.finditer(value):
            service_id, attribute = match.group(1), match.group(2) or "phone"
            if service_id not in services:
                raise self.fail(field_name, f"{{{service_id}}} is not in content/services.yml")
            if attribute not in SERVICE_FIELDS:
                raise self.fail(field_name, f"{match.group(0)}: use one of {list(SERVICE_FIELDS)}")
            if getattr(services[service_id], attribute) is None:
                raise self.fail(field_name, f"{match.group(0)}: content/services.yml has no {attribute} for {service_id}")
        leftover = PLACEHOLDER.sub("", value)
        if "{" in leftover or "}" in leftover:
            raise self.fail(field_name, "has a brace that is not a {service} reference")
        return value.strip()


def _load_services(path: Path) -> Tuple[Dict[str, Service], Dict[str, str], dt.date, dt.date]:
    reader = _Reader(path)
    directory_dates = reader.review_dates(reader.data)
    raw = reader.get(reader.data, "services", dict)
    services: Dict[str, Service] = {}
    for service_id, item in raw.items():
        at = f"services.{service_id}."
        if not isinstance(item, dict):
            raise reader.fail(at[:-1], "must be a mapping of fields")
        values = {key: reader.get(item, key, str, at, required=(key == "name")) for key in SERVICE_FIELDS}
        if not (values["phone"] or values["web"] or values["email"] or values["text"]):
            raise reader.fail(at[:-1], "needs at least a phone, web, email or text")
        if values["web"] and not values["web"].startswith("https://"):
            raise reader.fail(f"{at}web", "must start with https://")
        reviewed_on, review_due = reader.review_dates(item, at)
        services[service_id] = Service(
            id=service_id,
            regions=reader.regions(item, at),
            sources=reader.sources(item, at),
            reviewed_on=reviewed_on,
            review_due=review_due,
            **values,
        )
    retired = reader.get(reader.data, "retired_numbers", list)
    retired_numbers: Dict[str, str] = {}
    for index, item in enumerate(retired):
        at = f"retired_numbers[{index}]."
        retired_numbers[digits(reader.get(item, "number", str, at))] = reader.get(item, "why", str, at)
    for service in services.values():
        if service.phone and digits(service.phone) in retired_numbers:
            raise reader.fail(f"services.{service.id}.phone", "is a retired number: never give it")
    return services, retired_numbers, directory_dates[0], directory_dates[1]


def _load_topics(path: Path, known_entries: Sequence[str], services: Mapping[str, Service], short_codes: "re.Pattern[str]") -> Dict[str, Any]:
    reader = _Reader(path, short_codes)
    buttons = {}
    for button_id, item in reader.get(reader.data, "buttons", dict).items():
        at = f"buttons.{button_id}."
        payload = reader.get(item, "payload", str, at)
        if not payload.startswith("/"):
            raise reader.fail(f"{at}payload", "must be an intent written as /intent_name")
        title = reader.text(reader.get(item, "title", str, at), f"{at}title", services)
        buttons[button_id] = Button(button_id, title, payload)
    menu = tuple(reader.get(reader.data, "menu", list))
    help_button = reader.get(reader.data, "help_button", str)
    for index, button_id in enumerate(menu + (help_button,)):
        if button_id not in buttons:
            raise reader.fail(f"menu[{index}]" if index < len(menu) else "help_button", f"'{button_id}' is not under buttons")
    intents = reader.get(reader.data, "intents", dict)
    in_check = reader.get(reader.data, "in_check", dict)
    for name, mapping in (("intents", intents), ("in_check", in_check)):
        for intent, guidance_id in mapping.items():
            if guidance_id not in known_entries:
                raise reader.fail(f"{name}.{intent}", f"'{guidance_id}' is not a file in content/guidance/")
    if "nlu_fallback" not in intents:
        raise reader.fail("intents.nlu_fallback", "is missing: low confidence must map to the topic menu")
    return {
        "buttons": buttons,
        "menu": menu,
        "help_button": help_button,
        "safety_line": reader.get(reader.data, "safety_line", str),
        "intents": intents,
        "in_check": in_check,
        "reader": reader,
    }


def _load_entry(path: Path, services: Mapping[str, Service], topics: Mapping[str, Any], short_codes: "re.Pattern[str]") -> Entry:
    reader = _Reader(path, short_codes)
    data = reader.data
    entry_id = reader.get(data, "id", str)
    if entry_id != path.stem:
        raise reader.fail("id", f"'{entry_id}' must match the file name '{path.stem}'")
    regions = reader.regions(data)
    reviewed_on, review_due = reader.review_dates(data)
    messages = []
    for index, item in enumerate(reader.get(data, "messages", list)):
        at = f"messages[{index}]."
        if not isinstance(item, dict):
            raise reader.fail(at[:-1], "must have a text")
        text = reader.text(reader.get(item, "text", str, at), f"{at}text", services)
        when = _when(reader, item.get("when") or {}, f"{at}when", regions)
        append = item.get("append", False)
        if not isinstance(append, bool) or (append and not messages):
            raise reader.fail(f"{at}append", "must be true or false, and the first message can't append")
        messages.append(Message(text, when, append))
    if not messages:
        raise reader.fail("messages", "must hold at least one message")
    related = tuple(reader.get(data, "related", list, required=False) or ())
    own_buttons = reader.get(data, "buttons", (list, str), required=False) or []
    if related and own_buttons:
        raise reader.fail("buttons", "a topic entry has related topics; give either related or buttons")
    if own_buttons == "menu":
        own_buttons = list(topics["menu"])
    elif isinstance(own_buttons, str):
        raise reader.fail("buttons", "must be a list of buttons or the word menu")
    for name, ids in (("related", related), ("buttons", own_buttons)):
        for index, button_id in enumerate(ids):
            if button_id not in topics["buttons"]:
                raise reader.fail(f"{name}[{index}]", f"'{button_id}' is not a button in content/topics.yml")
    if related and not 2 <= len(related) <= MAX_RELATED:
        raise reader.fail("related", f"give the two or three most useful related topics, not {len(related)}")
    return Entry(
        id=entry_id,
        title=reader.text(reader.get(data, "title", str), "title", services),
        regions=regions,
        sources=reader.sources(data),
        reviewed_on=reviewed_on,
        review_due=review_due,
        messages=tuple(messages),
        related=related,
        buttons=tuple(own_buttons),
        path=path,
        reviewed_by=reader.get(data, "reviewed_by", str, required=False) or "",
    )


def _when(reader: _Reader, raw: Any, where: str, regions: Sequence[str]) -> Dict[str, Tuple[Any, ...]]:
    if not isinstance(raw, dict):
        raise reader.fail(where, "must map a context key to a value or a list of values")
    when = {}
    for key, value in raw.items():
        if key not in CONTEXT_VALUES:
            raise reader.fail(f"{where}.{key}", f"is not a context key; use one of {list(CONTEXT_VALUES)}")
        values = tuple(value) if isinstance(value, list) else (value,)
        if CONTEXT_VALUES[key] is ANSWERS:  # YAML reads a bare yes/no as true/false
            values = tuple({True: "yes", False: "no"}.get(v, v) if isinstance(v, bool) else v for v in values)
        bad = [v for v in values if v not in CONTEXT_VALUES[key]]
        if key == "region":
            bad += [v for v in values if v not in regions and v not in bad]
        if bad or not values:
            raise reader.fail(f"{where}.{key}", f"{bad} not among {list(CONTEXT_VALUES[key])} (or the entry's regions)")
        when[key] = values
    return when


CHECK_QUESTIONS = ("check_behaviour", "check_repeated", "check_unwanted", "check_afraid", "relationship", "region")


def _load_check(path: Path, services: Mapping[str, Service], short_codes: "re.Pattern[str]") -> Dict[str, Any]:
    """The stalking check's questions, and the words that sort a typed answer."""
    reader = _Reader(path, short_codes)
    questions = reader.get(reader.data, "questions", dict)
    if list(questions) != list(CHECK_QUESTIONS):
        raise reader.fail("questions", f"must ask, in this order, {list(CHECK_QUESTIONS)}")
    for slot, item in questions.items():
        at = f"questions.{slot}."
        if not isinstance(item, dict):
            raise reader.fail(at[:-1], "must have a text and buttons")
        item["text"] = reader.text(reader.get(item, "text", str, at), f"{at}text", services)
        for index, button in enumerate(reader.get(item, "buttons", list, at)):
            if not isinstance(button, dict) or not str(button.get("payload", "")).startswith("/"):
                raise reader.fail(f"{at}buttons[{index}]", "needs a title and a payload starting with /")
            reader.text(reader.get(button, "title", str, f"{at}buttons[{index}]."), f"{at}buttons[{index}].title", services)
    behaviours = reader.get(reader.data, "behaviours", dict)
    if set(behaviours) != set(BEHAVIOURS):
        raise reader.fail("behaviours", f"must list exactly {list(BEHAVIOURS)}")
    for name, item in behaviours.items():
        if not isinstance(item, dict):
            raise reader.fail(f"behaviours.{name}", "must be a mapping, for example {words: [...]}")
        words = reader.get(item, "words", list, f"behaviours.{name}.", required=name != "something_else") or []
        item["words"] = [str(w).lower() for w in words]
    return {"behaviours": behaviours, "questions": questions}


def _check_chat_size(library: Library, entry: Entry) -> None:
    """Every tailoring of an entry must be one to three chat-sized messages: found here,
    at start-up, not by someone in Scotland whose combination nobody tried."""
    for when in entry.contexts():
        count = len(library.bubbles(entry, full_context(when)))
        if not 1 <= count <= MAX_MESSAGES:
            raise ContentError(entry.path, "messages", f"gives {count} messages when {when}; give 1 to {MAX_MESSAGES}")
        for message in library.render(entry.id, when):
            if len(message["text"]) > MAX_MESSAGE_CHARS:
                raise ContentError(entry.path, "messages",
                                   f"a message is {len(message['text'])} characters when {when}; keep each under {MAX_MESSAGE_CHARS}")


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def load(root: Path = CONTENT_DIR) -> Library:
    """Read and check every content file. Raises ContentError on the first problem."""
    guidance_dir = root / "guidance"
    services, retired, dir_reviewed, dir_due = _load_services(root / "services.yml")
    short_codes = short_code_pattern([s.phone for s in services.values() if s.phone])
    entry_paths = sorted(guidance_dir.glob("*.yml"))
    topics = _load_topics(root / "topics.yml", [p.stem for p in entry_paths], services, short_codes)
    topics["reader"].text(topics["safety_line"], "safety_line", services)
    entries = {path.stem: _load_entry(path, services, topics, short_codes) for path in entry_paths}
    library = Library(
        entries=entries,
        services=services,
        retired_numbers=retired,
        buttons=topics["buttons"],
        menu=topics["menu"],
        help_button=topics["help_button"],
        intents=topics["intents"],
        in_check=topics["in_check"],
        safety_line=topics["safety_line"],
        check=_load_check(root / "stalking_check.yml", services, short_codes),
        short_codes=short_codes,
        directory_reviewed_on=dir_reviewed,
        directory_review_due=dir_due,
    )
    library.safety_line = library.fill(library.safety_line)
    for entry in entries.values():
        _check_chat_size(library, entry)
    for required in ("safety_fallback", "fallback"):
        if required not in entries:
            raise ContentError(guidance_dir / f"{required}.yml", "(file)", "is missing; the bot cannot run without it")
    return library


@functools.lru_cache(maxsize=1)
def library() -> Library:
    """The content, read once per process."""
    return load()

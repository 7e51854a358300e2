"""What each kind of content file may hold, declared once with pydantic.

These models check the shape of a file: the fields, their kinds, the dates and the
values a field may take. They also give editors a JSON Schema (schemas/*.json), so a
mistake shows while typing in VS Code. Checks that need more than one file (a
{service} that must exist, a source that must be in the register, a button that must
be in content/topics.yml) are in loader.py.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Callable, Dict, List, Literal, Optional, Tuple

from pydantic import BaseModel, Extra, Field, root_validator, validator
from pydantic.fields import ModelField

REGIONS = ("england_wales", "scotland", "northern_ireland")
REGION_NAMES = {"england_wales": "England and Wales", "scotland": "Scotland", "northern_ireland": "Northern Ireland"}
RELATIONSHIPS = ("ex_partner", "partner", "family", "someone_known", "stranger", "unknown")
ANSWERS = ("yes", "no", "unsure")
BEHAVIOURS = ("following", "messages", "monitoring", "gifts_contact", "property_threats", "something_else")
# The risk sign a message reported (safety/risk.py), for the risk reply's tailoring.
RISK_SIGNS = ("threat", "location", "weapon", "violence", "broken_order", "escalation", "other")
# For services, Wales is a nation of its own; for the law, England and Wales are one region.
NATIONS = ("england", "wales", "scotland", "northern_ireland")
# What the conversation knows of the person's nation: "unknown" until a place or nation is named.
NATION_VALUES = (*NATIONS, "unknown")
# What a `when:` condition may test, and the values each key can take.
CONTEXT_VALUES: Dict[str, Tuple[Any, ...]] = {
    "region": REGIONS,
    "region_known": (True, False),
    "relationship": RELATIONSHIPS,
    "check_behaviour": BEHAVIOURS,
    "check_repeated": ANSWERS,
    "check_unwanted": ANSWERS,
    "check_afraid": ANSWERS,
    "risk": RISK_SIGNS,
    "nation": NATION_VALUES,
    # Local help: services found for the area, none confirmed, a place we don't know, or not said.
    "local": ("found", "none", "unknown_place", "not_said"),
    # Asking where someone is: the first time, or after a postcode, which the bot can't look up.
    "asking_where": ("first", "after_postcode"),
    # The language of a message the bot can't answer in full: it answers in plain English,
    # emergency line first, and names the language for the 999 interpreter.
    "language": ("pl", "ro", "pa", "ur", "ar", "pt", "es", "bn", "other"),
}
LANGUAGES = ("en", "cy")  # what content is written in
TRANSLATION_STATUSES = ("draft", "signed_off")
FACT_BASE_FILES = {
    "part1": "uk-stalking-facts.md",
    "part2": "uk-rights-orders-and-practical.md",
    "local": "uk-local-stalking-services.md",
    "wales": "uk-wales-and-languages.md",
}
LOCAL_STATUSES = ("CONFIRMED", "SECONDARY", "DATED", "UNCONFIRMED")
# Local services change with the funding year: each is re-checked at least this often.
LOCAL_REVIEW_DAYS = 92
ID = r"^[a-z][a-z0-9_]*$"
FULL_ADDRESS = re.compile(r"^https://[\w.-]+\.[a-z]{2,}/\S+$")


class Model(BaseModel):
    class Config:
        extra = Extra.forbid
        anystr_strip_whitespace = True
        min_anystr_length = 1

    @validator("*", pre=True, each_item=True)
    def _text_is_text(cls, value: Any, field: ModelField) -> Any:
        """No quiet conversion to text: YAML reads `phone: 01234567` as a number (an octal
        one, even), which pydantic would turn into other digits without a word."""
        if field.type_ is str and isinstance(value, (int, float, bool)):
            raise ValueError("must be text: put it in quotes")
        return value


def _plain_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ValueError("must be a date written as YYYY-MM-DD")
    return value


def _one_of(*allowed: str) -> Callable[[Any, str], str]:
    """A validator: the value must be one of these."""

    def check(cls: Any, value: str) -> str:
        if value not in allowed:
            raise ValueError(f"use one of {list(allowed)}")
        return value

    return check


def _regions(value: Any) -> Tuple[str, ...]:
    if value == ["all"]:
        return REGIONS
    if not isinstance(value, list) or not value or any(r not in REGIONS for r in value):
        raise ValueError(f"use [all] or some of {list(REGIONS)}, not {value}")
    return tuple(value)


# --- the register of sources (content/sources.yml) -------------------------------------
class Citation(Model):
    file: str = Field(..., description="Which fact-base file cites this source: " + ", ".join(FACT_BASE_FILES))
    cites: str = Field(
        ..., description="The source exactly as that file cites it, e.g. legislation.gov.uk/ukpga/2019/9/section/1"
    )

    _known_file = validator("file", allow_reuse=True)(_one_of(*FACT_BASE_FILES))


class RegisterSource(Model):
    name: str = Field(..., description="What a reader sees: the organisation and the page")
    url: str = Field(..., description="The full page address, https://...")
    supports: str = Field(..., description="The facts this page supports, in a few words")
    checked_on: dt.date
    fact_base: List[Citation] = Field(..., min_items=1)
    found_by: str = Field(
        "fact_base",
        description="fact_base: the address is written in the fact base (or is the legislation.gov.uk page "
        "of a law it cites). research: the page was found on the site the fact base cites by name",
    )
    opened_live_on: Optional[dt.date] = Field(
        None,
        description="When someone opened the page live and saw it state the fact. The go-live check lists "
        "addresses found by research until this is set",
    )

    _date = validator("checked_on", "opened_live_on", pre=True, allow_reuse=True)(_plain_date)

    @validator("url")
    def _full_address(cls, url: str) -> str:
        if not FULL_ADDRESS.match(url):
            raise ValueError(f"'{url}' must be a full page address, not a bare domain")
        return url

    _how_found = validator("found_by", allow_reuse=True)(_one_of("fact_base", "research"))


class SourcesFile(Model):
    sources: Dict[str, RegisterSource]

    @validator("sources")
    def _ids(cls, value: Dict[str, RegisterSource]) -> Dict[str, RegisterSource]:
        for key in value:
            if not re.match(ID, key):
                raise ValueError(f"'{key}' must be a lowercase id like gov_uk_spo_guidance")
        return value


# --- review and sign-off: shared by everything a user reads -----------------------------
class Reviewed(Model):
    reviewed_on: dt.date
    review_due: dt.date
    reviewed_by: str = Field(..., description="A role, for example: Safeguarding lead")
    sources: List[str] = Field(..., description="Ids from content/sources.yml")
    signed_off_by: Optional[str] = Field(None, description="A role, not a person's private details")
    signed_off_on: Optional[dt.date] = None
    signed_off_hash: Optional[str] = Field(
        None, description="make sign-off writes this: the wording's hash when signed"
    )

    _dates = validator("reviewed_on", "review_due", "signed_off_on", pre=True, allow_reuse=True)(_plain_date)

    @validator("sources")
    def _some_sources(cls, value: List[str]) -> List[str]:
        if not value:
            raise ValueError("must name at least one source")
        return value

    @validator("review_due")
    def _after(cls, value: dt.date, values: Dict[str, Any]) -> dt.date:
        if "reviewed_on" in values and value <= values["reviewed_on"]:
            raise ValueError("must be after reviewed_on")
        return value

    @validator("signed_off_by")
    def _a_role(cls, value: Optional[str]) -> Optional[str]:
        if value is not None and looks_private(value):
            raise ValueError("give a role, not an email address or a number: the content files are public")
        return value

    @root_validator(skip_on_failure=True)
    def _whole_sign_off(cls, values: Dict[str, Any]) -> Dict[str, Any]:
        """Half a sign-off is none: who signed, when, and the hash they signed, or nothing."""
        given = [name for name in SIGN_OFF_FIELDS if values.get(name)]
        if given and len(given) < len(SIGN_OFF_FIELDS):
            missing = [name for name in SIGN_OFF_FIELDS if name not in given]
            raise ValueError(f"{missing[0]}: missing beside {', '.join(given)} (use make sign-off)")
        return values


SIGN_OFF_FIELDS = ("signed_off_by", "signed_off_on", "signed_off_hash")


def looks_private(role: str) -> bool:
    """An email address or a phone number where a role ("Safeguarding lead") belongs."""
    return "@" in role or bool(re.search(r"\d{3}", role))


class Message(Model):
    text: str
    when: Dict[str, Any] = Field(default_factory=dict, description="Context keys: " + ", ".join(CONTEXT_VALUES))
    append: bool = Field(False, description="Add to the end of the message before it, not a new bubble")
    names_where: bool = Field(
        False,
        description="The wording says where each service it names works ('in Scotland, ...'): "
        "allowed only when the region isn't known, to name services beyond the default region",
    )

    @root_validator(skip_on_failure=True)
    def _names_where(cls, values: Dict[str, Any]) -> Dict[str, Any]:
        if values["names_where"] and values["when"].get("region_known") != (False,):
            raise ValueError("names_where needs when: {region_known: false}")
        return values

    @validator("when", pre=True)
    def _when(cls, raw: Any) -> Dict[str, Tuple[Any, ...]]:
        if raw is None:
            return {}
        if not isinstance(raw, dict):
            raise ValueError("must map a context key to a value or a list of values")
        when: Dict[str, Tuple[Any, ...]] = {}
        for key, value in raw.items():
            if key not in CONTEXT_VALUES:
                raise ValueError(f"{key} is not a context key; use one of {list(CONTEXT_VALUES)}")
            values = tuple(value) if isinstance(value, list) else (value,)
            if CONTEXT_VALUES[key] is ANSWERS:  # YAML reads a bare yes/no as true/false
                values = tuple({True: "yes", False: "no"}.get(v, v) if isinstance(v, bool) else v for v in values)
            bad = [v for v in values if v not in CONTEXT_VALUES[key]]
            if bad or not values:
                raise ValueError(f"{key}: {bad} not among {list(CONTEXT_VALUES[key])}")
            when[key] = values
        return when


class Worded(Reviewed):
    """Anything with tailored messages, for the regions it covers."""

    regions: Tuple[str, ...]
    messages: List[Message] = Field(..., min_items=1)

    _regions = validator("regions", pre=True, allow_reuse=True)(_regions)

    @validator("messages")
    def _append_has_a_bubble(cls, value: List[Message]) -> List[Message]:
        if value and value[0].append:
            raise ValueError("the first message can't append")
        return value

    @root_validator(skip_on_failure=True)
    def _regions_match(cls, values: Dict[str, Any]) -> Dict[str, Any]:
        for index, message in enumerate(values["messages"]):
            stray = [r for r in message.when.get("region", ()) if r not in values["regions"]]
            if stray:
                raise ValueError(f"messages[{index}].when.region: {stray} not among the entry's regions")
        return values


# --- guidance entries (content/guidance/<id>.yml) ----------------------------------------
class Entry(Worded):
    id: str = Field(..., regex=ID)
    title: str
    language: str = Field("en", description="en, or cy for vetted Welsh wording")
    translation_of: Optional[str] = Field(None, description="Welsh entries: the English entry it says in Welsh")
    translation_status: Optional[str] = Field(
        None, description="Welsh entries: draft until a Welsh speaker signs the wording off, then signed_off"
    )
    related: List[str] = Field(default_factory=list, description="Topic replies: two or three related topic buttons")
    buttons: Any = Field(None, description="Other replies: exactly these buttons, or the word menu")

    @root_validator(skip_on_failure=True)
    def _translation(cls, values: Dict[str, Any]) -> Dict[str, Any]:
        if values["language"] not in LANGUAGES:
            raise ValueError(f"language: must be one of {list(LANGUAGES)}")
        if values["language"] != "en" and values["translation_status"] not in TRANSLATION_STATUSES:
            raise ValueError(f"translation_status: a translation needs one of {list(TRANSLATION_STATUSES)}")
        if values["language"] == "en" and (values["translation_status"] or values["translation_of"]):
            raise ValueError("translation_status: only a translation has translation_status and translation_of")
        return values

    @validator("buttons")
    def _buttons(cls, value: Any) -> Any:
        if value is None or value == "menu" or (isinstance(value, list) and all(isinstance(b, str) for b in value)):
            return value
        raise ValueError("must be a list of buttons or the word menu")

    @root_validator(skip_on_failure=True)
    def _related_or_buttons(cls, values: Dict[str, Any]) -> Dict[str, Any]:
        if values["related"] and values["buttons"]:
            raise ValueError("buttons: a topic entry has related topics; give either related or buttons")
        return values


# --- short answers (content/answers/<topic>.yml) ------------------------------------------
class Answer(Worded):
    id: str = Field(..., regex=ID, description="Unique across all answers; the NLU key is <intent>/<id>")
    question: str = Field(..., description="The question it answers, as a reviewer would put it")
    related: List[str] = Field(default_factory=list, description="Up to two answer ids or topic buttons")
    local: bool = Field(
        False,
        description="Where to find help nearby: once the person's area is known, the local-help reply "
        "(content/local/) is given in its place",
    )
    elsewhere: Dict[str, str] = Field(
        default_factory=dict,
        description="An answer that holds for one nation only: the answer to give instead to someone known "
        "to be in another region, by region ({scotland: stalking_law_scotland})",
    )

    @validator("elsewhere")
    def _elsewhere_regions(cls, value: Dict[str, str]) -> Dict[str, str]:
        wrong = sorted(set(value) - set(REGIONS))
        if wrong:
            raise ValueError(f"{wrong} are not regions; use some of {list(REGIONS)}")
        return value


class AnswersFile(Model):
    topic: str = Field(..., description="The guidance entry these answers deepen ('More about' goes there)")
    intent: str = Field(..., description="The topic's intent; training examples are <intent>/<answer id>")
    answers: List[Answer] = Field(..., min_items=1)


# --- the services directory (content/services.yml) ----------------------------------------
class Service(Reviewed):
    name: str
    phone: Optional[str] = None
    web: Optional[str] = None
    email: Optional[str] = None
    hours: Optional[str] = Field(None, description="Only where the fact base confirms the hours")
    sms: Optional[str] = Field(None, description="A number to text, where the service has one")
    text: Optional[str] = None
    regions: Tuple[str, ...]
    nations: Tuple[str, ...] = Field(NATIONS, description="Where it serves, when narrower than its regions: [wales]")

    _regions = validator("regions", pre=True, allow_reuse=True)(_regions)

    @validator("nations", pre=True)
    def _nations(cls, value: Any) -> Tuple[str, ...]:
        if not isinstance(value, (list, tuple)) or not value or any(n not in NATIONS for n in value):
            raise ValueError(f"use some of {list(NATIONS)}")
        return tuple(value)

    @validator("web")
    def _https(cls, value: Optional[str]) -> Optional[str]:
        if value and not value.startswith("https://"):
            raise ValueError("must start with https://")
        return value

    @root_validator(skip_on_failure=True)
    def _reachable(cls, values: Dict[str, Any]) -> Dict[str, Any]:
        if not any(values.get(key) for key in ("phone", "web", "email", "sms", "text")):
            raise ValueError("needs at least a phone, web, email or text")
        return values


class Retired(Model):
    number: str
    why: str


class ServicesFile(Model):
    reviewed_on: dt.date
    review_due: dt.date
    services: Dict[str, Service]
    retired_numbers: List[Retired]

    _dates = validator("reviewed_on", "review_due", pre=True, allow_reuse=True)(_plain_date)


# --- local services by police force area (content/local/services.yml) --------------------
class LocalService(Model):
    name: str
    areas: List[str] = Field(..., min_items=1, description="Area ids from content/local/areas.yml")
    who_for: str = Field(..., description="Who it is for, as a user would read it")
    referral: str = Field(..., description="How to get referred: yourself, through the police, ...")
    phone: Optional[str] = None
    web: Optional[str] = None
    email: Optional[str] = None
    hours: Optional[str] = Field(None, description="Only where the fact base confirms the hours")
    status: str = Field(..., description="As the fact base rates it: " + ", ".join(LOCAL_STATUSES))
    contact_confirmed: bool = Field(False, description="true only if the contact details above are confirmed")
    note: Optional[str] = Field(None, description="For staff: funding end dates, why it is not shown")
    sources: List[str] = Field(..., min_items=1)
    checked_on: dt.date
    review_due: dt.date

    _dates = validator("checked_on", "review_due", pre=True, allow_reuse=True)(_plain_date)

    _status = validator("status", allow_reuse=True)(_one_of(*LOCAL_STATUSES))

    @validator("web")
    def _https(cls, value: Optional[str]) -> Optional[str]:
        if value and not value.startswith("https://"):
            raise ValueError("must start with https://")
        return value

    @root_validator(skip_on_failure=True)
    def _checked_often(cls, values: Dict[str, Any]) -> Dict[str, Any]:
        checked, due = values["checked_on"], values["review_due"]
        if not checked < due <= checked + dt.timedelta(days=LOCAL_REVIEW_DAYS):
            raise ValueError(
                f"review_due must be within {LOCAL_REVIEW_DAYS} days after checked_on: "
                "local services change with the funding year"
            )
        if values["contact_confirmed"] and not any(values.get(k) for k in ("phone", "web", "email")):
            raise ValueError("contact_confirmed needs a phone, web or email")
        return values

    @property
    def shown(self) -> bool:
        """A user is only ever shown a confirmed service with a confirmed contact."""
        return self.status == "CONFIRMED" and self.contact_confirmed


class LocalServicesFile(Model):
    reviewed_on: dt.date
    review_due: dt.date
    services: Dict[str, LocalService]

    _dates = validator("reviewed_on", "review_due", pre=True, allow_reuse=True)(_plain_date)


# --- the host website's settings (content/site.yml) ------------------------------------------
class SiteFile(Model):
    organisation: str = Field(..., description="The organisation that runs the website hosting the chat")
    home_area: Optional[str] = Field(None, description="Its home area, an id from content/local/areas.yml")
    helpline: Optional[str] = Field(
        None, description="Its own helpline, a service id from the directory, if it has one"
    )
    fictional: bool = Field(False, description="true for the demo site: its organisation is made up")


# --- topics, buttons and how an intent finds its entry (content/topics.yml) ---------------
class Button(Model):
    title: str
    payload: str
    more: Optional[str] = Field(None, description="The 'More about' button title under a short answer")

    @validator("payload")
    def _intent(cls, value: str) -> str:
        if not value.startswith("/"):
            raise ValueError("must be an intent written as /intent_name")
        return value


class TopicsFile(Model):
    safety_line: str
    safety_line_cy: str = Field(..., description="The safety line in Welsh (a draft until signed off)")
    safety_line_cy_status: Literal["draft", "signed_off"] = Field(
        ..., description="draft until a Welsh speaker signs the Welsh safety line off, then signed_off"
    )
    wales_line: str = Field(
        ..., description="Added, in Wales, under a reply that names a service in wales_helpline_after"
    )
    wales_helpline_after: List[str] = Field(
        ..., min_items=1, description="Services for England that Wales has its own for"
    )
    help_button: str
    buttons: Dict[str, Button]
    rather_not_say: Button
    confirm_yes: str
    confirm_no: Button
    menu: List[str] = Field(..., min_items=1)
    intents: Dict[str, str]
    in_check: Dict[str, str]

    @validator("intents")
    def _fallback_mapped(cls, value: Dict[str, str]) -> Dict[str, str]:
        if "nlu_fallback" not in value:
            raise ValueError("nlu_fallback is missing: low confidence must map to the topic menu")
        return value


# --- the chat widget's own wording (content/widget_labels.yml) ----------------------------
# Every fixed label the widget shows or gives screen readers: the widget uses exactly these
# (tests/scripts/test_widget_labels.py checks web/widget/widget.js against this list).
WIDGET_LABELS = (
    "language_name",
    "launcher",
    "chat_region",
    "title",
    "note",
    "close",
    "conversation",
    "typing",
    "input_label",
    "placeholder",
    "send",
    "foot",
    "foot_touch",
    "unreachable",
    "safety_region",
    "safety_line_default",
    "exit",
    "exit_name",
    "shift_two_more",
    "shift_one_more",
    "shift_expired",
    "you",
    "assistant",
    "suggested_replies",
    "new_tab",
    "source_one",
    "source_many",
    "reviewed",
    "loading",
)
# The labels that fill in a value: the widget replaces {name}, {count}, {date} and {source}.
LABEL_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
LABEL_VALUES = ("name", "count", "date", "source")


class WidgetLabel(Model):
    en: str
    cy: str
    sources: List[str] = Field(
        default_factory=list, description="Where a wording is an official one: ids from content/sources.yml"
    )

    @root_validator(skip_on_failure=True)
    def _same_placeholders(cls, values: Dict[str, Any]) -> Dict[str, Any]:
        english, welsh = (sorted(LABEL_PLACEHOLDER.findall(values[lang])) for lang in ("en", "cy"))
        if english != welsh:
            raise ValueError(f"en has {english} and cy has {welsh}: both must fill in the same {{values}}")
        unknown = [name for name in english if name not in LABEL_VALUES]
        if unknown:
            raise ValueError(f"{unknown}: the widget fills in only {list(LABEL_VALUES)}")
        return values


class WidgetLabelsFile(Model):
    language: Literal["cy"] = Field(..., description="cy: the translation in this file is Welsh")
    translation_of: Literal["en"] = Field(..., description="en: each label's cy translates its en")
    translation_status: str = Field(..., description="draft until a Welsh speaker signs the Welsh off, then signed_off")
    reviewed_on: dt.date
    review_due: dt.date
    reviewed_by: str = Field(..., description="A role, for example: Welsh language officer")
    labels: Dict[str, WidgetLabel]

    _dates = validator("reviewed_on", "review_due", pre=True, allow_reuse=True)(_plain_date)

    _status = validator("translation_status", allow_reuse=True)(_one_of(*TRANSLATION_STATUSES))

    @validator("review_due")
    def _after(cls, value: dt.date, values: Dict[str, Any]) -> dt.date:
        if "reviewed_on" in values and value <= values["reviewed_on"]:
            raise ValueError("must be after reviewed_on")
        return value

    @validator("labels")
    def _the_widgets_labels(cls, value: Dict[str, WidgetLabel]) -> Dict[str, WidgetLabel]:
        missing = [name for name in WIDGET_LABELS if name not in value]
        unused = [name for name in value if name not in WIDGET_LABELS]
        if missing or unused:
            raise ValueError(f"the widget needs exactly {list(WIDGET_LABELS)}: missing {missing}, not used {unused}")
        # WCAG 2.5.3 (label in name): what a screen reader calls Exit holds what is written on
        # it, and the footer names Exit as it is written.
        for lang in ("en", "cy"):
            exit_label = getattr(value["exit"], lang)
            for name in ("exit_name", "foot"):
                if exit_label not in getattr(value[name], lang):
                    raise ValueError(f"{name}.{lang} must contain exit.{lang} ('{exit_label}') as written")
        return value


# --- the stalking check (content/stalking_check.yml) ---------------------------------------
class CheckButton(Model):
    title: str
    payload: str

    @validator("payload")
    def _intent(cls, value: str) -> str:
        if not value.startswith("/"):
            raise ValueError("needs a payload starting with /")
        return value


class CheckQuestion(Model):
    text: str
    buttons: List[CheckButton] = Field(..., min_items=1)


class Behaviour(Model):
    words: List[str] = Field(default_factory=list)


class CheckFile(Model):
    questions: Dict[str, CheckQuestion]
    behaviours: Dict[str, Behaviour]

    @validator("behaviours")
    def _all_behaviours(cls, value: Dict[str, Behaviour]) -> Dict[str, Behaviour]:
        if set(value) != set(BEHAVIOURS):
            raise ValueError(f"must list exactly {list(BEHAVIOURS)}")
        return value


# Each kind of file, the models that check it, and where its JSON Schema is written.
class PlaceArea(Model):
    id: str = Field(regex=ID)
    name: str
    nation: Literal["england", "wales", "scotland", "northern_ireland"]
    region: Literal["england_wales", "scotland", "northern_ireland"]
    # With no confirmed local service here, the short answer (`local: true`) that is this
    # area's local help: a whole nation asked about gets its own vetted answer, one bubble.
    answer: Optional[str] = Field(None, regex=ID)


class AreasFile(Model):
    """content/local/areas.yml, read with the content loader by safety/places.py, which adds the cross-checks."""

    areas: List[PlaceArea]


class AreaNames(Model):
    places: List[str] = []
    counties: List[str] = []
    aliases: List[str] = []
    county_aliases: List[str] = []


class NationNames(Model):
    names: List[str]
    people: List[str] = []


class SharedName(Model):
    name: str
    level: Literal["place", "county", "nation"]
    areas: List[str]
    outside_uk: bool = False


class PlacesFile(Model):
    """content/local/places.yml, read with the content loader by safety/places.py, which adds the cross-checks."""

    areas: Dict[str, AreaNames]
    nations: Dict[str, NationNames]
    ambiguous: List[SharedName] = []
    needs_place_cue: List[str] = []
    outside_uk: List[str] = []


FILE_KINDS = {
    "sources": SourcesFile,
    "services": ServicesFile,
    "guidance": Entry,
    "answers": AnswersFile,
    "topics": TopicsFile,
    "stalking_check": CheckFile,
    "areas": AreasFile,
    "places": PlacesFile,
    "local_services": LocalServicesFile,
    "site": SiteFile,
    "widget_labels": WidgetLabelsFile,
}

"""The checked content, and how it becomes chat messages.

A Library is built once by loader.load(). It chooses the entry for an intent,
tailors an entry or a short answer to what the conversation has told us (region,
relationship, the stalking check's answers), fills in services from the directory
and attaches the `custom` payload that names the content and its sources.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterator, List, Mapping, Optional, Sequence, Tuple, Union

from safety.content import review
from safety.content.schema import (
    CONTEXT_VALUES,
    REGIONS,
    Answer,
    Behaviour,
    Button,
    Entry,
    LocalService,
    PlaceArea,
    RegisterSource,
    Service,
    SiteFile,
    WidgetLabelsFile,
    Worded,
)
from safety.content.wording import AREA_PLACEHOLDER, PLACEHOLDER, WALES_HELPLINE, services_named

CONTACT_ENTRY = "contact_details"
CONTACT_FIELDS = ("phone", "hours", "web", "email")
DEFAULT_CONTEXT: Dict[str, Any] = {
    "region": "england_wales",
    "region_known": False,
    "relationship": "unknown",
    "check_behaviour": "something_else",
    "check_repeated": "unsure",
    "check_unwanted": "unsure",
    "check_afraid": "unsure",
    "risk": "other",
    "nation": "unknown",
    "local": "none",
    "asking_where": "first",
    "language": "other",
}
# The nations each legal region holds: a context never says Wales and Scotland at once.
NATION_REGIONS = {
    "england": "england_wales",
    "wales": "england_wales",
    "scotland": "scotland",
    "northern_ireland": "northern_ireland",
}
LOCAL_ENTRY = "local_help"


def full_context(context: Optional[Mapping[str, Any]]) -> Dict[str, Any]:
    """Fill what the conversation has not told us with safe defaults."""
    ctx = dict(DEFAULT_CONTEXT)
    for key, value in (context or {}).items():
        if value is not None:
            ctx[key] = value
    if context and context.get("region") in REGIONS and "region_known" not in context:
        ctx["region_known"] = True  # a region the conversation gave is known; a preview may say otherwise
    if ctx["nation"] != "unknown":  # a nation settles the region
        ctx["region"], ctx["region_known"] = NATION_REGIONS[ctx["nation"]], True
    return ctx


def applies(when: Mapping[str, Tuple[Any, ...]], context: Mapping[str, Any]) -> bool:
    return all(context.get(key) in values for key, values in when.items())


def context_keys(item: Worded, wales_after: Sequence[str] = ()) -> List[str]:
    """The context keys an item's wording depends on; `nation` too when it names a service
    that Wales has its own for (the Wales line is added there)."""
    keys = {key for message in item.messages for key in message.when}
    if any(s in wales_after for message in item.messages for s in services_named(message.text)):
        keys.add("nation")
    return sorted(keys)


def contexts(item: Worded, wales_after: Sequence[str] = ()) -> Iterator[Dict[str, Any]]:
    """Every combination of the context values an entry's wording depends on."""
    keys = context_keys(item, wales_after)
    for values in itertools.product(*(CONTEXT_VALUES[key] for key in keys)):
        context = dict(zip(keys, values, strict=True))
        if context.get("region_known") is False and context.get("region", "england_wales") != "england_wales":
            continue  # an unknown region is read as England and Wales, never as Scotland
        nation = context.get("nation", "unknown")
        if nation != "unknown" and NATION_REGIONS[nation] != context.get("region", NATION_REGIONS[nation]):
            continue  # Wales is in England and Wales, never in Scotland
        if nation != "unknown" and context.get("region_known") is False:
            continue  # knowing the nation is knowing the region
        yield context


@dataclass
class Library:
    entries: Dict[str, Entry]
    answers: Dict[str, Answer]
    answer_topics: Dict[str, str]  # answer id -> the guidance entry it deepens
    topic_intents: Dict[str, str]  # guidance id -> the intent whose NLU keys hold its answers
    services: Dict[str, Service]
    register: Dict[str, RegisterSource]
    retired_numbers: Dict[str, str]
    buttons: Dict[str, Button]
    menu: Tuple[str, ...]
    help_button: str
    intents: Dict[str, str]
    in_check: Dict[str, str]
    safety_line: str
    check: Dict[str, Any]
    short_codes: re.Pattern[str]
    paths: Dict[str, Path] = field(default_factory=dict)  # entry or answer id -> its file
    directory_reviewed_on: dt.date = dt.date.min
    directory_review_due: dt.date = dt.date.max
    local_services: Dict[str, LocalService] = field(default_factory=dict)
    areas: Dict[str, PlaceArea] = field(default_factory=dict)
    site: Optional[SiteFile] = None
    widget_labels: Optional[WidgetLabelsFile] = None
    safety_line_services: Tuple[str, ...] = ()  # 999 and 55: on every reply already
    safety_line_cy: str = ""
    safety_line_cy_status: str = "draft"
    wales_line: str = ""
    wales_helpline_after: Tuple[str, ...] = ()
    rather_not_say: Optional[Button] = None
    confirm_yes: str = "Yes"
    confirm_no: Optional[Button] = None
    _hashes: Dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    # --- choosing ---------------------------------------------------------
    def guidance_for_intent(self, intent: Optional[str], in_check: bool = False) -> str:
        """The entry that answers an intent; the topic menu when unsure."""
        if in_check and intent in self.in_check:
            return self.in_check[intent]
        return self.intents.get(intent or "", self.intents["nlu_fallback"])

    def answers_for(self, topic: str) -> List[str]:
        return [answer_id for answer_id, owner in self.answer_topics.items() if owner == topic]

    def check_question(self, slot: str) -> Dict[str, Any]:
        """A stalking check question: its text and answer buttons."""
        question = self.check["questions"][slot]
        buttons = [{"title": self.fill(b.title), "payload": b.payload} for b in question.buttons]
        return {"text": self.fill(question.text), "buttons": buttons}

    def sort_behaviour(self, text: str) -> str:
        """The kind of behaviour a typed answer describes (content/stalking_check.yml)."""
        lowered = text.lower()
        behaviours: Dict[str, Behaviour] = self.check["behaviours"]
        for name, item in behaviours.items():
            if any(re.search(rf"\b{re.escape(word.lower())}", lowered) for word in item.words):
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
        if self._needs_wales_line(entry, ctx):
            texts[-1] = f"{texts[-1]} {self.wales_line}"
        if entry.related:
            texts[-1] = f"{texts[-1]}\n\n{self.safety_line_cy if entry.language == 'cy' else self.safety_line}"
        custom = dict(
            self._payload(entry, ctx),
            guidance_id=entry.id,
            title=self.fill(entry.title),
            kind="guidance",
            language=entry.language,
        )
        messages: List[Dict[str, Any]] = [
            {"text": text, "custom": dict(custom, part=index + 1, parts=len(texts))} for index, text in enumerate(texts)
        ]
        messages[-1]["buttons"] = self.button_payloads(entry)
        return messages

    def render_answer(self, answer_id: str, context: Optional[Mapping[str, Any]] = None) -> List[Dict[str, Any]]:
        """A short answer: one bubble with the fact first, then the safety line; its buttons
        lead to the topic overview ("More about ...") and related answers or topics."""
        answer = self.answers[answer_id]
        topic = self.answer_topics[answer_id]
        ctx = full_context(context)
        [text] = self.bubbles(answer, ctx)
        if self._needs_wales_line(answer, ctx):  # a route to help, like the safety line, after the fact
            text = f"{text}\n\n{self.wales_line}"
        custom = dict(
            self._payload(answer, ctx),
            guidance_id=topic,
            answer_id=answer.id,
            title=self.fill(answer.question),
            kind="answer",
            part=1,
            parts=1,
        )
        return [{"text": f"{text}\n\n{self.safety_line}", "custom": custom, "buttons": self.answer_buttons(answer)}]

    def then_answer(
        self, messages: List[Dict[str, Any]], answer_id: str, context: Optional[Mapping[str, Any]] = None
    ) -> List[Dict[str, Any]]:
        """Guidance (danger or risk, whole and first), then a short answer as its last bubble.
        The safety line and the guidance's buttons move to the end, once."""
        [answer] = self.render_answer(answer_id, context)
        last = messages[-1]
        if last["text"].endswith(self.safety_line):
            last["text"] = last["text"][: -len(self.safety_line)].rstrip()
        answer["buttons"] = (last.pop("buttons", None) or []) + answer["buttons"][:1]
        return [*messages, answer]

    def render_contact(
        self, service_ids: Sequence[str], context: Optional[Mapping[str, Any]] = None
    ) -> List[Dict[str, Any]]:
        """A service's contact details from the directory, after "what's their number?":
        the contact_details entry's words, then one line for each service."""
        entry = self.entries[CONTACT_ENTRY]
        ctx = full_context(context)
        if ctx["nation"] == "wales" and set(service_ids) & set(self.wales_helpline_after):
            service_ids = [*service_ids, WALES_HELPLINE] if WALES_HELPLINE not in service_ids else service_ids
        lines = [
            self.fill(
                f"{{{s}.name}}: " + ", ".join(f"{{{s}.{f}}}" for f in CONTACT_FIELDS if getattr(self.services[s], f))
            )
            for s in service_ids
        ]
        [intro] = self.bubbles(entry, ctx)
        custom = dict(
            self._payload(entry, ctx),
            guidance_id=self.help_button,
            title=self.fill(entry.title),
            kind="contact",
            services=list(service_ids),
            part=1,
            parts=1,
        )
        custom["sources"] += [
            {"name": self.register[src].name, "url": self.register[src].url}
            for s in service_ids
            for src in self.services[s].sources
            if {"name": self.register[src].name, "url": self.register[src].url} not in custom["sources"]
        ]
        text = "\n".join([intro, *lines]) + f"\n\n{self.safety_line}"
        return [{"text": text, "custom": custom, "buttons": self.button_payloads(entry)}]

    def local_for(self, area_id: Optional[str]) -> List[str]:
        """The local services a user in this area may be shown: confirmed, with a confirmed
        contact; the host website's own helpline first where it serves the area."""
        shown = [i for i, s in self.local_services.items() if s.shown and area_id in s.areas]
        helpline = self.site.helpline if self.site else None
        if helpline in self.local_services and helpline in shown:
            shown = [helpline] + [i for i in shown if i != helpline]
        return shown

    def area_answer(self, area_id: Optional[str]) -> Optional[str]:
        """The answer that is an area's local help while it has no local service shown."""
        area = self.areas.get(area_id or "")
        return area.answer if area and area.answer and not self.local_for(area.id) else None

    def render_local(
        self, area_id: Optional[str], context: Optional[Mapping[str, Any]] = None, unknown_place: bool = False
    ) -> List[Dict[str, Any]]:
        """Help near the person: the local services for their area, then the national
        route. With no area (they'd rather not say, or the place is unknown), the
        national route, which can find local support. A whole nation with no local
        service gets it in the words of its own answer ("Who supports stalking victims in
        Scotland?"), one bubble, with that answer's sources and review dates."""
        area = self.areas.get(area_id or "")
        ctx = dict(context or {})
        if area:
            ctx.update(nation=area.nation, region=area.region)
        local = self.local_for(area.id if area else None)
        ctx["local"] = "found" if local else ("unknown_place" if unknown_place else ("none" if area else "not_said"))
        entry = self.entries[LOCAL_ENTRY]
        full = full_context(ctx)
        own = self.area_answer(area_id)
        worded: Union[Entry, Answer] = self.answers[own] if own else entry
        texts = (
            [self.answer_text(own, full)]
            if own
            else [self.fill(t, area=area.name if area else "") for t in self.bubbles(entry, full, fill=False)]
        )
        lines = [self._local_line(self.local_services[s]) for s in local]
        host = self._host_line(area)
        if lines or host:
            texts[0] = "\n".join([texts[0], *([host] if host else []), *lines])
        texts[-1] = f"{texts[-1]}\n\n{self.safety_line}"
        custom = dict(
            self._payload(worded, full),
            guidance_id=entry.id,
            title=self.fill(entry.title),
            kind="local",
            area=area.id if area else None,
            local_services=local,
            **({"answer_id": own} if own else {}),
        )
        custom["sources"] += [
            {"name": self.register[src].name, "url": self.register[src].url}
            for s in local
            for src in self.local_services[s].sources
            if {"name": self.register[src].name, "url": self.register[src].url} not in custom["sources"]
        ]
        messages: List[Dict[str, Any]] = [
            {"text": t, "custom": dict(custom, part=i + 1, parts=len(texts))} for i, t in enumerate(texts)
        ]
        messages[-1]["buttons"] = self.button_payloads(entry)
        return messages

    def render_ask_where(self, context: Optional[Mapping[str, Any]] = None) -> List[Dict[str, Any]]:
        """One question: which town, city or county. The host site's home area is a one-tap answer."""
        messages = self.render("ask_where", context)
        home = self.areas.get(self.site.home_area or "") if self.site else None
        messages[-1]["buttons"] = self._area_buttons([home.id] if home else [])
        return messages

    def render_confirm_place(
        self, place: str, area_id: str, context: Optional[Mapping[str, Any]] = None
    ) -> List[Dict[str, Any]]:
        """ "Did you mean Watford, in Hertfordshire?" before a misspelt place is used."""
        area = self.areas[area_id]
        named = place if place == area.name else f"{place}, in {area.name}"
        buttons = [{"title": self.confirm_yes, "payload": _inform_area(area_id)}]
        if self.confirm_no:
            buttons.append({"title": self.fill(self.confirm_no.title), "payload": self.confirm_no.payload})
        return self._place_question("confirm_place", named, buttons, context, area=area_id)

    def render_which_place(
        self, place: str, area_ids: Sequence[str], context: Optional[Mapping[str, Any]] = None
    ) -> List[Dict[str, Any]]:
        """ "There's more than one Newport": a button for each area it could be, and "I'd rather not say"."""
        return self._place_question("which_place", place, self._area_buttons(area_ids), context)

    def _area_buttons(self, area_ids: Sequence[str]) -> List[Dict[str, str]]:
        """A one-tap answer for each area, then "I'd rather not say"."""
        buttons = [{"title": self.areas[a].name, "payload": _inform_area(a)} for a in area_ids]
        if self.rather_not_say:
            buttons.append({"title": self.fill(self.rather_not_say.title), "payload": self.rather_not_say.payload})
        return buttons

    def _place_question(
        self,
        entry_id: str,
        place: str,
        buttons: List[Dict[str, str]],
        context: Optional[Mapping[str, Any]],
        **extra: str,
    ) -> List[Dict[str, Any]]:
        """One bubble about a place the person named ({area} is the place as listed)."""
        entry = self.entries[entry_id]
        ctx = full_context(context)
        [text] = [self.fill(t, area=place) for t in self.bubbles(entry, ctx, fill=False)]
        custom = dict(
            self._payload(entry, ctx), guidance_id=entry.id, title=self.fill(entry.title), kind=entry_id, **extra
        )
        return [{"text": text, "custom": dict(custom, part=1, parts=1), "buttons": buttons}]

    def _local_line(self, service: LocalService) -> str:
        return f"• {service.name}: {self._contact(service)}. {service.who_for} {service.referral}"

    @staticmethod
    def _contact(service: Union[Service, LocalService]) -> str:
        """ "0330 ... (open 24 hours a day), https://..." from the directory's fields."""
        phone = f"{service.phone} ({service.hours})" if service.phone and service.hours else service.phone
        return ", ".join(str(part) for part in (phone, service.web, service.email) if part)

    def _host_line(self, area: Optional[PlaceArea]) -> str:
        """The host website's own national helpline, named first (a local one is listed first instead)."""
        helpline = self.site.helpline if self.site else None
        service = self.services.get(helpline or "")
        if service is None or (area and area.region not in service.regions):
            return ""
        return f"• {service.name} ({self.site.organisation if self.site else ''}): {self._contact(service)}."

    def answer_text(self, answer_id: str, context: Optional[Mapping[str, Any]] = None) -> str:
        """The answer's own words, without the safety line: what the word limit is about."""
        [text] = self.bubbles(self.answers[answer_id], full_context(context))
        return text

    def _payload(self, item: Union[Entry, Answer], ctx: Mapping[str, Any]) -> Dict[str, Any]:
        return {
            "sources": [
                {"name": self.register[s].name, "url": self.register[s].url} for s in self.sources_for(item, ctx)
            ],
            "reviewed_on": item.reviewed_on.isoformat(),
            "review_due": item.review_due.isoformat(),
            "region": ctx["region"],
        }

    def sources_for(self, item: Worded, ctx: Mapping[str, Any]) -> List[str]:
        """The item's own sources, then those of each directory service it names here:
        a number or an opening time shown to someone always comes with its source."""
        ids = list(item.sources)
        named = [s for m in item.messages if applies(m.when, ctx) for s in services_named(m.text)]
        if self._needs_wales_line(item, ctx):
            named.append(WALES_HELPLINE)
        for service_id in named:
            ids += [s for s in self.services[service_id].sources if s not in ids]
        return ids

    def _needs_wales_line(self, item: Worded, ctx: Mapping[str, Any]) -> bool:
        """Someone in Wales, shown a helpline for England that Wales has its own for, and not
        already shown Wales's own: the Wales line goes under the reply."""
        if ctx.get("nation") != "wales" or not self.wales_line:
            return False
        named = {s for m in item.messages if applies(m.when, ctx) for s in services_named(m.text)}
        return WALES_HELPLINE not in named and bool(named & set(self.wales_helpline_after))

    def contexts_of(self, item: Worded) -> Iterator[Dict[str, Any]]:
        """Every distinct tailoring of an item, the Wales line's included."""
        return contexts(item, self.wales_helpline_after)

    def bubbles(self, item: Worded, ctx: Mapping[str, Any], fill: bool = True) -> List[str]:
        """The messages that apply to this conversation, with services filled in."""
        texts: List[str] = []
        for message in item.messages:
            if applies(message.when, ctx):
                text = self.fill(message.text) if fill else message.text
                if message.append and texts:
                    texts[-1] = f"{texts[-1]} {text}"
                else:
                    texts.append(text)
        return texts

    def button_payloads(self, entry: Entry) -> List[Dict[str, str]]:
        if entry.related:
            # The help button's own entry shares its id; it doesn't offer itself, nor twice.
            ids = list(entry.related) + (
                [self.help_button] if self.help_button not in (entry.id, *entry.related) else []
            )
        elif entry.buttons == "menu":
            ids = list(self.menu)
        else:
            ids = list(entry.buttons or [])
        return [self.button(i) for i in ids]

    def button(self, button_id: str) -> Dict[str, str]:
        return {"title": self.fill(self.buttons[button_id].title), "payload": self.buttons[button_id].payload}

    def answer_buttons(self, answer: Answer) -> List[Dict[str, str]]:
        topic = self.answer_topics[answer.id]
        more = self.buttons[topic]
        buttons = [{"title": self.fill(more.more or more.title), "payload": more.payload}]
        for related in answer.related:
            buttons.append(self.answer_button(related) if related in self.answers else self.button(related))
        return buttons

    def answer_button(self, answer_id: str) -> Dict[str, str]:
        """A button that asks for this answer: its question, and its topic's payload with the answer id."""
        payload = f'{self.buttons[self.answer_topics[answer_id]].payload}{{"answer": "{answer_id}"}}'
        return {"title": self.fill(self.answers[answer_id].question), "payload": payload}

    def fill(self, text: str, area: str = "") -> str:
        """Replace {service} and {service.field} with the directory's values, and {area}
        with the name of the person's area."""

        def one(match: re.Match[str]) -> str:
            if match.group(1) == AREA_PLACEHOLDER:
                return area
            service = self.services[match.group(1)]
            return str(getattr(service, match.group(2) or "phone"))

        return PLACEHOLDER.sub(one, text)

    def services_named(self, item_id: str) -> List[str]:
        """The directory services an entry or answer names, for "what's their number?"."""
        item = self.entries.get(item_id) or self.answers[item_id]
        return services_named(" ".join(m.text for m in item.messages))

    def variants(self, item_id: str) -> Iterator[Tuple[Dict[str, Any], List[Dict[str, Any]]]]:
        """Every distinct rendering of an entry or answer, for checks and staff previews."""
        if item_id in self.entries:
            for context in self.contexts_of(self.entries[item_id]):
                yield context, self.render(item_id, context)
        else:
            for context in self.contexts_of(self.answers[item_id]):
                yield context, self.render_answer(item_id, context)

    # --- sign-off (safety/content/review.py) -------------------------------------
    def item(self, item_id: str) -> Union[Entry, Answer]:
        """A guidance entry or a short answer, by id (ids are unique across both)."""
        return self.entries[item_id] if item_id in self.entries else self.answers[item_id]

    def content_hash(self, item_id: str) -> str:
        """The fingerprint of everything a user sees from the item, that a sign-off is against."""
        if item_id not in self._hashes:
            self._hashes[item_id] = review.content_hash(self, item_id)
        return self._hashes[item_id]

    def sign_off_state(self, item_id: str) -> str:
        """signed, unsigned, or changed since sign-off (what a user sees is not what was signed)."""
        return review.sign_off_state(self, item_id)

    # --- review dates ---------------------------------------------------------
    def overdue(self, today: dt.date) -> List[str]:
        """Everything past its review date: stale safety advice must block a release."""
        late = [f"{self.where(i)} (due {e.review_due})" for i, e in self.entries.items() if e.review_due < today]
        late += [f"{self.where(i)}: {i} (due {a.review_due})" for i, a in self.answers.items() if a.review_due < today]
        late += [
            f"content/services.yml: {i} (due {s.review_due})" for i, s in self.services.items() if s.review_due < today
        ]
        late += [
            f"content/local/services.yml: {i} (due {s.review_due})"
            for i, s in self.local_services.items()
            if s.review_due < today
        ]
        if self.directory_review_due < today:
            late.append(f"content/services.yml (due {self.directory_review_due})")
        if self.widget_labels and self.widget_labels.review_due < today:
            late.append(f"content/widget_labels.yml (due {self.widget_labels.review_due})")
        return late

    def where(self, item_id: str) -> str:
        """The file an entry or answer is in, from content/ on: what staff open to change it."""
        path = self.paths.get(item_id)
        if path is None:
            return item_id
        parts = path.parts
        return "/".join(parts[parts.index("content") :]) if "content" in parts else str(path)

    # --- for the widget -------------------------------------------------------
    def areas_with_confirmed_service(self) -> List[str]:
        """Police force areas with at least one CONFIRMED local service, shown or not."""
        return sorted({a for s in self.local_services.values() if s.status == "CONFIRMED" for a in s.areas})

    def widget_safety(self) -> Dict[str, Any]:
        """What the widget keeps in memory for when the bot can't be reached."""
        fallback = self.render("safety_fallback")
        every: List[Union[Service, LocalService]] = [*self.services.values(), *self.local_services.values()]
        links = sorted({s.web for s in every if s.web})
        return {
            "safety_line": self.safety_line,
            # The Cymraeg switch shows this in the safety bar, and first when the bot can't be reached.
            "safety_line_cy": self.safety_line_cy,
            "fallback": [m["text"] for m in fallback],
            "fallback_custom": fallback[0]["custom"],
            "links": links,
        }


def _inform_area(area_id: str) -> str:
    """A button that tells the bot the person's area, as if they had typed it."""
    return '/inform{"area": "' + area_id + '"}'

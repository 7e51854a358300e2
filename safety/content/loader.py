"""Reading and checking every content file, once, at start-up.

Each file is checked against its model in schema.py; then the checks that need more
than one file run here: sources must be in the register, {service} references must
resolve, buttons must exist, and every tailoring must fit in a chat. The first
problem stops start-up with a ContentError that names the file and the field, so a
mistake is found by whoever edits the file, never by a victim at chat time.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Dict, Iterable, Mapping, Sequence, Tuple, Type, TypeVar, Union

import yaml
from pydantic import BaseModel, ValidationError

from safety.content.library import NATION_REGIONS, Library, full_context
from safety.content.schema import (
    LABEL_PLACEHOLDER,
    NATION_VALUES,
    Answer,
    AnswersFile,
    AreasFile,
    CheckFile,
    Entry,
    LocalService,
    LocalServicesFile,
    RegisterSource,
    Reviewed,
    ServicesFile,
    SiteFile,
    SourcesFile,
    TopicsFile,
    WidgetLabelsFile,
)
from safety.content.wording import digits, problems, services_named, short_code_pattern, words, written_as

# SAFETY_CONTENT_DIR points the bot at another copy of content/, for previews and tests.
CONTENT_DIR = Path(os.environ.get("SAFETY_CONTENT_DIR") or Path(__file__).resolve().parents[2] / "content")

MAX_MESSAGE_CHARS = 600
MAX_MESSAGES = 3
MAX_RELATED = 3
MAX_ANSWER_WORDS = 60
MAX_ANSWER_RELATED = 2
CHECK_QUESTIONS = ("check_behaviour", "check_repeated", "check_unwanted", "check_afraid", "relationship", "region")
REQUIRED_ENTRIES = ("safety_fallback", "fallback")

M = TypeVar("M", bound=BaseModel)


class ContentError(ValueError):
    """A content file is wrong. The message names the file and the field."""

    def __init__(self, path: Path, field_name: str, problem: str) -> None:
        self.path = path
        self.field_name = field_name
        self.problem = problem
        super().__init__(f"{_rel(path)}: {field_name}: {problem}")


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(CONTENT_DIR.parent))
    except ValueError:
        return str(path)


# --- one file against its model ----------------------------------------------------------
_PLAIN_PROBLEMS = {
    "value_error.missing": "is missing",
    "value_error.extra": "is not a field here (check the spelling)",
    "value_error.any_str.min_length": "is empty",
    "value_error.list.min_items": "must not be empty",
    "type_error.str": "must be text",
    "type_error.list": "must be a list",
    "type_error.dict": "must be a mapping of fields",
    "type_error.bool": "must be true or false",
    "value_error.str.regex": "must be a lowercase id like some_name",
}


def _field(loc: Sequence[Any]) -> str:
    name = ""
    for part in loc:
        if part == "__root__":
            continue
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "(file)"


def read(path: Path, model: Type[M]) -> M:
    """A file read and checked against its model; a ContentError naming the field if not."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ContentError(path, "(file)", "is missing; the bot cannot run without it") from None
    except yaml.YAMLError as exc:
        raise ContentError(path, "(file)", f"is not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise ContentError(path, "(file)", "must be a mapping of fields")
    try:
        return model.parse_obj(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        problem = _PLAIN_PROBLEMS.get(first["type"], first["msg"])
        field_name = _field(first["loc"])
        # A root check names its own field at the start of its message ("messages[1].when.region: ...").
        named = re.match(r"^([a-z_][\w.\[\]]*): (.*)$", problem)
        if named and "__root__" in first["loc"]:
            field_name, problem = named.group(1), named.group(2)
        more = len(exc.errors()) - 1
        raise ContentError(path, field_name, problem + (f" (and {more} more problems)" if more else "")) from None


# --- checks that need more than one file ----------------------------------------------------
class _Checker:
    def __init__(
        self, register: Mapping[str, RegisterSource], services: Mapping[str, Any], retired: Iterable[str] = ()
    ) -> None:
        self.register = register
        self.services = services
        self.short_codes = short_code_pattern([s.phone for s in services.values() if s.phone])
        self.retired = written_as(retired)

    def wording(self, path: Path, field_name: str, text: str) -> None:
        old = self.retired.search(text) if self.retired else None
        if old:
            raise ContentError(
                path, field_name, f"gives '{old.group(0)}', a retired or misprinted number: never give it"
            )
        found = problems(text, self.services, self.short_codes)
        if found:
            raise ContentError(path, field_name, found[0])

    def sources(self, path: Path, item: Union[Reviewed, LocalService], where: str = "") -> None:
        for index, source_id in enumerate(item.sources):
            if source_id not in self.register:
                raise ContentError(path, f"{where}sources[{index}]", f"'{source_id}' is not in content/sources.yml")

    def messages(self, path: Path, item: Any, where: str = "") -> None:
        for index, message in enumerate(item.messages):
            field_name = f"{where}messages[{index}].text"
            self.wording(path, field_name, message.text)
            # A service is only ever offered where it works: Paladin never to someone in Scotland,
            # Live Fear Free never to someone we know is in England.
            nations = set(message.when.get("nation", NATION_VALUES))
            shown_in = set(message.when.get("region", item.regions))
            if "unknown" not in nations:  # the nation settles the region
                shown_in &= {NATION_REGIONS[n] for n in nations}
            for service_id in [] if message.names_where else services_named(message.text):
                service = self.services[service_id]
                outside = sorted(shown_in - set(service.regions)) + sorted(nations - set(service.nations) - {"unknown"})
                if outside:
                    raise ContentError(
                        path,
                        field_name,
                        f"{{{service_id}}} is shown in {outside}, where the "
                        "directory says it doesn't serve: add a when: region or nation condition",
                    )


def _load_services(path: Path, register: Mapping[str, RegisterSource]) -> Tuple[ServicesFile, Dict[str, str]]:
    directory = read(path, ServicesFile)
    checker = _Checker(register, directory.services)
    retired = {digits(item.number): item.why for item in directory.retired_numbers}
    for service_id, service in directory.services.items():
        checker.sources(path, service, f"services.{service_id}.")
        if service.phone and digits(service.phone) in retired:
            raise ContentError(path, f"services.{service_id}.phone", "is a retired number: never give it")
    if directory.review_due <= directory.reviewed_on:
        raise ContentError(path, "review_due", "must be after reviewed_on")
    return directory, retired


def _load_local(
    root: Path, checker: _Checker, retired: Mapping[str, str]
) -> Tuple[Dict[str, LocalService], Dict[str, Any]]:
    """The local half of the directory, keyed by the areas in content/local/areas.yml."""
    areas = {a.id: a for a in read(root / "local" / "areas.yml", AreasFile).areas}
    path = root / "local" / "services.yml"
    local = read(path, LocalServicesFile)
    for service_id, service in local.services.items():
        at = f"services.{service_id}."
        for index, area_id in enumerate(service.areas):
            if area_id not in areas:
                raise ContentError(path, f"{at}areas[{index}]", f"'{area_id}' is not in content/local/areas.yml")
        checker.sources(path, service, at)
        if service.phone and digits(service.phone) in retired:
            raise ContentError(path, f"{at}phone", "is a retired number: never give it")
        if service_id in checker.services:
            raise ContentError(path, f"services.{service_id}", "is already a national service in content/services.yml")
    return local.services, areas


def _check_area_answers(path: Path, areas: Mapping[str, Any], answers: Mapping[str, Any]) -> None:
    """An area's own answer must exist, be about finding help nearby (`local: true`) and be
    meant for that area's nation: not one it sends elsewhere, and not in Wales, whose local
    help adds Live Fear Free."""
    for index, area in enumerate(areas.values()):
        if not area.answer:
            continue
        at = f"areas[{index}].answer"
        if not (area.answer in answers and answers[area.answer].local):
            raise ContentError(path, at, f"'{area.answer}' is not an answer with local: true")
        if area.nation == "wales" or area.region in answers[area.answer].elsewhere:
            raise ContentError(path, at, f"'{area.answer}' is not the answer for {area.name}")


def _load_site(path: Path, areas: Mapping[str, Any], services: Mapping[str, Any], local: Mapping[str, Any]) -> SiteFile:
    """The host website's own settings: its organisation, home area and helpline."""
    site = read(path, SiteFile)
    if site.home_area and site.home_area not in areas:
        raise ContentError(path, "home_area", f"'{site.home_area}' is not in content/local/areas.yml")
    if site.helpline and site.helpline not in services and site.helpline not in local:
        raise ContentError(path, "helpline", f"'{site.helpline}' is not in the services directory")
    return site


def _load_topics(path: Path, checker: _Checker, entry_ids: Sequence[str]) -> TopicsFile:
    topics = read(path, TopicsFile)
    for button_id, button in topics.buttons.items():
        checker.wording(path, f"buttons.{button_id}.title", button.title)
        if button.more:
            checker.wording(path, f"buttons.{button_id}.more", button.more)
    for index, button_id in enumerate(topics.menu):
        if button_id not in topics.buttons:
            raise ContentError(path, f"menu[{index}]", f"'{button_id}' is not under buttons")
    if topics.help_button not in topics.buttons:
        raise ContentError(path, "help_button", f"'{topics.help_button}' is not under buttons")
    for name, mapping in (("intents", topics.intents), ("in_check", topics.in_check)):
        for intent, guidance_id in mapping.items():
            if guidance_id not in entry_ids:
                raise ContentError(path, f"{name}.{intent}", f"'{guidance_id}' is not a file in content/guidance/")
    checker.wording(path, "safety_line", topics.safety_line)
    checker.wording(path, "safety_line_cy", topics.safety_line_cy)
    checker.wording(path, "wales_line", topics.wales_line)
    for index, service_id in enumerate(topics.wales_helpline_after):
        if service_id not in checker.services:
            raise ContentError(path, f"wales_helpline_after[{index}]", f"'{service_id}' is not in content/services.yml")
    return topics


def _load_widget_labels(path: Path, checker: _Checker) -> WidgetLabelsFile:
    """The widget's own wording in English and Welsh: the same checks as the bot's wording
    (no numbers, nothing that says "not stalking"), and its sources in the register."""
    labels = read(path, WidgetLabelsFile)
    for name, label in labels.labels.items():
        for lang in ("en", "cy"):
            checker.wording(path, f"labels.{name}.{lang}", LABEL_PLACEHOLDER.sub("", getattr(label, lang)))
        for index, source_id in enumerate(label.sources):
            if source_id not in checker.register:
                raise ContentError(
                    path, f"labels.{name}.sources[{index}]", f"'{source_id}' is not in content/sources.yml"
                )
    return labels


def _load_entry(path: Path, checker: _Checker, topics: TopicsFile) -> Entry:
    entry = read(path, Entry)
    if entry.id != path.stem:
        raise ContentError(path, "id", f"'{entry.id}' must match the file name '{path.stem}'")
    checker.wording(path, "title", entry.title)
    checker.messages(path, entry)
    checker.sources(path, entry)
    buttons = entry.buttons if isinstance(entry.buttons, list) else []
    for name, ids in (("related", entry.related), ("buttons", buttons)):
        for index, button_id in enumerate(ids):
            if button_id not in topics.buttons:
                raise ContentError(path, f"{name}[{index}]", f"'{button_id}' is not a button in content/topics.yml")
    if entry.related and not 2 <= len(entry.related) <= MAX_RELATED:
        raise ContentError(
            path, "related", f"give the two or three most useful related topics, not {len(entry.related)}"
        )
    return entry


def _load_answers(
    root: Path, checker: _Checker, topics: TopicsFile, entry_ids: Sequence[str]
) -> Tuple[Dict[str, Answer], Dict[str, str], Dict[str, str], Dict[str, Path]]:
    answers: Dict[str, Answer] = {}
    owners: Dict[str, str] = {}
    topic_intents: Dict[str, str] = {}
    paths: Dict[str, Path] = {}
    where: Dict[str, str] = {}
    for path in sorted((root / "answers").glob("*.yml")):
        answer_file = read(path, AnswersFile)
        if answer_file.topic not in entry_ids or answer_file.topic not in topics.buttons:
            raise ContentError(path, "topic", f"'{answer_file.topic}' must be a guidance entry with a topic button")
        if topics.intents.get(answer_file.intent) != answer_file.topic:
            raise ContentError(
                path, "intent", f"content/topics.yml must map '{answer_file.intent}' to '{answer_file.topic}'"
            )
        if answer_file.topic in topic_intents:
            raise ContentError(path, "topic", f"'{answer_file.topic}' already has an answers file")
        topic_intents[answer_file.topic] = answer_file.intent
        for index, answer in enumerate(answer_file.answers):
            at = f"answers[{index}]."
            if answer.id in answers or answer.id in entry_ids:
                raise ContentError(path, f"{at}id", f"'{answer.id}' is already used; ids are unique across content")
            checker.wording(path, f"{at}question", answer.question)
            checker.messages(path, answer, at)
            checker.sources(path, answer, at)
            answers[answer.id], owners[answer.id], paths[answer.id], where[answer.id] = (
                answer,
                answer_file.topic,
                path,
                at,
            )
    for answer_id, answer in answers.items():
        if len(answer.related) > MAX_ANSWER_RELATED:
            raise ContentError(paths[answer_id], f"{where[answer_id]}related", f"give at most {MAX_ANSWER_RELATED}")
        for position, related in enumerate(answer.related):
            if related not in answers and related not in topics.buttons:
                raise ContentError(
                    paths[answer_id],
                    f"{where[answer_id]}related[{position}]",
                    f"'{related}' is not an answer or a topic button",
                )
        for region, other in answer.elsewhere.items():
            if other not in answers or other == answer_id:
                raise ContentError(
                    paths[answer_id], f"{where[answer_id]}elsewhere.{region}", f"'{other}' is not another answer"
                )
    return answers, owners, topic_intents, paths


def _load_check(path: Path, checker: _Checker) -> Dict[str, Any]:
    """The stalking check's questions, and the words that sort a typed answer."""
    check = read(path, CheckFile)
    if list(check.questions) != list(CHECK_QUESTIONS):
        raise ContentError(path, "questions", f"must ask, in this order, {list(CHECK_QUESTIONS)}")
    for slot, question in check.questions.items():
        checker.wording(path, f"questions.{slot}.text", question.text)
        for index, button in enumerate(question.buttons):
            checker.wording(path, f"questions.{slot}.buttons[{index}].title", button.title)
    return {"questions": check.questions, "behaviours": check.behaviours}


def _check_chat_size(library: Library) -> None:
    """Every tailoring must fit a chat: found here, at start-up, not by someone in Scotland
    whose combination nobody tried."""
    for entry in library.entries.values():
        path = library.paths[entry.id]
        for when in library.contexts_of(entry):
            count = len(library.bubbles(entry, full_context(when)))
            if not 1 <= count <= MAX_MESSAGES:
                raise ContentError(path, "messages", f"gives {count} messages when {when}; give 1 to {MAX_MESSAGES}")
            for message in library.render(entry.id, when):
                if len(message["text"]) > MAX_MESSAGE_CHARS:
                    raise ContentError(
                        path,
                        "messages",
                        f"a message is {len(message['text'])} characters when {when}; "
                        f"keep each under {MAX_MESSAGE_CHARS}",
                    )
    for answer in library.answers.values():
        path = library.paths[answer.id]
        for when in library.contexts_of(answer):
            texts = library.bubbles(answer, full_context(when))
            if len(texts) != 1:
                raise ContentError(
                    path, f"{answer.id}.messages", f"gives {len(texts)} bubbles when {when}; an answer is one bubble"
                )
            if words(texts[0]) > MAX_ANSWER_WORDS:
                raise ContentError(
                    path,
                    f"{answer.id}.messages",
                    f"is {words(texts[0])} words when {when}; an answer is {MAX_ANSWER_WORDS} words or fewer",
                )


def load(root: Path = CONTENT_DIR) -> Library:
    """Read and check every content file. Raises ContentError on the first problem."""
    register = read(root / "sources.yml", SourcesFile).sources
    directory, retired = _load_services(root / "services.yml", register)
    checker = _Checker(register, directory.services, retired)
    entry_paths = sorted((root / "guidance").glob("*.yml"))
    entry_ids = [p.stem for p in entry_paths]
    topics = _load_topics(root / "topics.yml", checker, entry_ids)
    entries = {path.stem: _load_entry(path, checker, topics) for path in entry_paths}
    answers, owners, topic_intents, answer_paths = _load_answers(root, checker, topics, entry_ids)
    local_services, areas = _load_local(root, checker, retired)
    _check_area_answers(root / "local" / "areas.yml", areas, answers)
    site = _load_site(root / "site.yml", areas, directory.services, local_services)
    widget_labels = _load_widget_labels(root / "widget_labels.yml", checker)
    library = Library(
        entries=entries,
        answers=answers,
        answer_topics=owners,
        topic_intents=topic_intents,
        services=directory.services,
        register=register,
        retired_numbers=retired,
        buttons=topics.buttons,
        menu=tuple(topics.menu),
        help_button=topics.help_button,
        intents=topics.intents,
        in_check=topics.in_check,
        safety_line=topics.safety_line,
        safety_line_services=tuple(services_named(topics.safety_line)),
        safety_line_cy=topics.safety_line_cy,
        safety_line_cy_status=topics.safety_line_cy_status,
        wales_line=topics.wales_line,
        wales_helpline_after=tuple(topics.wales_helpline_after),
        check=_load_check(root / "stalking_check.yml", checker),
        short_codes=checker.short_codes,
        paths={**{p.stem: p for p in entry_paths}, **answer_paths},
        directory_reviewed_on=directory.reviewed_on,
        directory_review_due=directory.review_due,
        local_services=local_services,
        areas=areas,
        site=site,
        widget_labels=widget_labels,
        rather_not_say=topics.rather_not_say,
        confirm_yes=topics.confirm_yes,
        confirm_no=topics.confirm_no,
    )
    library.safety_line = library.fill(library.safety_line)
    library.safety_line_cy = library.fill(library.safety_line_cy)
    library.wales_line = library.fill(library.wales_line)
    for required in REQUIRED_ENTRIES:
        if required not in entries:
            raise ContentError(
                root / "guidance" / f"{required}.yml", "(file)", "is missing; the bot cannot run without it"
            )
    _check_chat_size(library)
    return library

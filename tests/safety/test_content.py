"""The guidance library (safety/content.py and content/): complete, sourced, current,
chat-sized, and right on the facts that matter most."""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path
from typing import Iterator, List, Tuple

import pytest
import yaml

from safety.content import (
    CONTENT_DIR,
    DENIES_STALKING,
    LONG_PHONE,
    MAX_MESSAGE_CHARS,
    MAX_MESSAGES,
    ContentError,
    Library,
    digits,
    library,
    load,
)
from tests.conftest import phone

ROOT = CONTENT_DIR.parent
# The project's fact base lives beside the repository (../shared); FACT_BASE overrides.
FACTS = Path(os.environ.get("FACT_BASE", ROOT.parent / "shared" / "reference" / "uk-stalking-facts.md"))


@pytest.fixture(scope="module")
def facts() -> str:
    if not FACTS.exists():
        pytest.fail(f"The fact base is not at {FACTS}. Clone the project beside ../shared, or set FACT_BASE.")
    return FACTS.read_text()

CONTRACT_IDS = [
    "immediate_danger", "recognising_stalking", "harassment", "tech_safety", "silent_solution",
    "protection_orders", "advocacy", "reporting", "evidence", "safety_planning", "domestic_abuse",
    "cover_tracks", "supporting_someone", "emotional_support", "talk_to_someone",
]


@pytest.fixture(scope="module")
def lib() -> Library:
    return library()


def all_renderings(lib: Library) -> Iterator[Tuple[str, dict, List[dict]]]:
    for guidance_id in lib.entries:
        for context, messages in lib.variants(guidance_id):
            yield guidance_id, context, messages


def texts(lib: Library, guidance_id: str, **context: str) -> str:
    return "\n".join(m["text"] for m in lib.render(guidance_id, context))


# --- complete and sourced -------------------------------------------------------
def test_every_contract_guidance_id_exists(lib: Library) -> None:
    assert set(CONTRACT_IDS) <= set(lib.entries)


def test_every_entry_names_sources_and_review_dates(lib: Library) -> None:
    for entry in lib.entries.values():
        assert entry.title and entry.messages, entry.id
        assert entry.sources, f"{entry.id} names no source"
        assert all(s.name and s.url.startswith("https://") for s in entry.sources), entry.id
        assert entry.reviewed_on < entry.review_due, entry.id


def test_every_service_names_sources_and_review_dates(lib: Library) -> None:
    for service in lib.services.values():
        assert service.sources and service.reviewed_on < service.review_due, service.id


def _address(url: str) -> str:
    return re.sub(r"^https?://(www\.)?", "", url).rstrip("/")


def test_every_source_address_is_in_the_fact_base(lib: Library, facts: str) -> None:
    """Vetted means checkable: each source can be found in the shared fact base."""
    sources = [s for e in lib.entries.values() for s in e.sources] + [s for v in lib.services.values() for s in v.sources]
    missing = sorted({s.url for s in sources if _address(s.url) not in facts})
    assert not missing, f"sources not in {FACTS.name}: {missing}"


def test_every_directory_number_is_written_as_in_the_fact_base(lib: Library, facts: str) -> None:
    for service in lib.services.values():
        if service.phone:
            assert service.phone in facts, service.id
    for number in lib.retired_numbers:
        assert number in digits(facts)


def test_nothing_is_past_its_review_date(lib: Library) -> None:
    """Stale safety advice must block a release: this fails once a review is overdue."""
    assert lib.overdue(dt.date.today()) == []


def test_overdue_entries_are_reported_by_file(lib: Library) -> None:
    late = lib.overdue(dt.date(2100, 1, 1))
    assert any("content/guidance/silent_solution.yml" in item for item in late)
    assert any("content/services.yml" in item for item in late)


# --- chat-sized, with a next step -----------------------------------------------
def test_every_rendering_is_one_to_three_chat_sized_messages(lib: Library) -> None:
    for guidance_id, context, messages in all_renderings(lib):
        assert 1 <= len(messages) <= MAX_MESSAGES, (guidance_id, context)
        for message in messages:
            assert 0 < len(message["text"]) <= MAX_MESSAGE_CHARS, (guidance_id, context, len(message["text"]))


def test_every_message_carries_its_guidance_payload(lib: Library) -> None:
    for guidance_id, _, messages in all_renderings(lib):
        for message in messages:
            custom = message["custom"]
            assert custom["guidance_id"] == guidance_id
            assert custom["sources"] and all({"name", "url"} <= set(s) for s in custom["sources"])
            dt.date.fromisoformat(custom["reviewed_on"])


def test_topic_replies_end_with_related_topics_and_the_route_to_help(lib: Library) -> None:
    for guidance_id in CONTRACT_IDS:
        last = lib.render(guidance_id)[-1]
        titles = [b["title"] for b in last["buttons"]]
        assert last["text"].endswith(lib.safety_line), guidance_id
        assert 2 <= len(titles) <= 4, guidance_id
        if guidance_id != "talk_to_someone":
            assert titles[-1] == "Talk to a person", guidance_id


def test_every_button_asks_for_a_known_intent(lib: Library) -> None:
    intents = set(yaml.safe_load((ROOT / "domain" / "core.yml").read_text())["intents"])
    for button in lib.buttons.values():
        assert button.payload[1:] in intents, button.id


# --- numbers live only in the directory -------------------------------------------
def test_the_safety_line_comes_from_the_directory(lib: Library) -> None:
    assert lib.safety_line == (
        f"In danger now? Call {phone('emergency')}. If you can't speak, press {phone('silent_solution')} "
        "when asked (mobiles)."
    )


def test_no_rendering_gives_a_retired_number(lib: Library) -> None:
    for guidance_id, context, messages in all_renderings(lib):
        for message in messages:
            for match in LONG_PHONE.finditer(message["text"]):
                assert digits(match.group(0)) not in lib.retired_numbers, (guidance_id, context)


def test_every_number_in_a_reply_is_a_directory_number(lib: Library) -> None:
    known = {digits(s.phone) for s in lib.services.values() if s.phone}
    for guidance_id, _, messages in all_renderings(lib):
        for message in messages:
            for match in LONG_PHONE.finditer(message["text"]):
                assert digits(match.group(0)) in known, guidance_id


# --- the facts that matter most ------------------------------------------------------
def test_55_is_for_mobiles_when_asked_and_does_not_send_police(lib: Library) -> None:
    for guidance_id in ("silent_solution", "immediate_danger"):
        text = texts(lib, guidance_id)
        assert re.search(rf"On a mobile[^.]*\. Press {phone('silent_solution')} when it asks", text), guidance_id
        assert "does not send police" in text
        assert f"{phone('silent_solution')} isn't used" in text  # not on a landline
    assert re.search(r"whisper", texts(lib, "silent_solution"))
    assert re.search(r"cough or tap", texts(lib, "silent_solution"))


def test_nothing_says_hanging_up_ends_a_landline_call(lib: Library) -> None:
    for guidance_id, _, messages in all_renderings(lib):
        for message in messages:
            assert not re.search(r"hang(ing|s)? up|put the phone down", message["text"], re.I), guidance_id


def test_only_the_police_apply_for_an_spo(lib: Library) -> None:
    england = texts(lib, "protection_orders", region="england_wales")
    assert "Only the police can apply" in england and "you can't apply yourself" in england
    assert "stalking prevention order" in england  # the name users will say
    assert "non-molestation order" in england and "apply for yourself" in england
    northern_ireland = texts(lib, "protection_orders", region="northern_ireland")
    assert "Chief Constable applies" in northern_ireland and "19 October 2023" in northern_ireland
    for guidance_id, _, messages in all_renderings(lib):
        for message in messages:
            assert not re.search(r"you can apply for (a|an) (SPO|Stalking Protection Order)", message["text"], re.I)


def test_scotland_gets_non_harassment_orders(lib: Library) -> None:
    scotland = texts(lib, "protection_orders", region="scotland")
    assert "non-harassment order" in scotland
    assert "Only the police can apply" not in scotland


def test_no_advice_to_delete_stalkerware_or_destroy_a_tracker_first(lib: Library) -> None:
    tech = texts(lib, "tech_safety")
    assert "Before you delete a suspicious app or get rid of a tracker, talk to the police or a support service" in tech
    for guidance_id, _, messages in all_renderings(lib):
        for message in messages:
            for sentence in re.split(r"(?<=[.!?])\s", message["text"]):
                if re.search(r"\b(delete|uninstall|remove|destroy|get rid of|throw away)\b", sentence, re.I):
                    assert re.search(r"\b(before|talk to|don't)\b", sentence, re.I), (guidance_id, sentence)


def test_never_says_it_is_not_stalking(lib: Library) -> None:
    for guidance_id, context, messages in all_renderings(lib):
        for message in messages:
            assert not DENIES_STALKING.search(message["text"]), (guidance_id, context)


def test_the_stalking_check_result_never_rules_stalking_out(lib: Library) -> None:
    least = texts(lib, "stalking_check_result", check_repeated="no", check_unwanted="no", check_afraid="no")
    assert "FOUR" in least and "ask for help" in least


def test_region_and_relationship_change_the_advice(lib: Library) -> None:
    assert "England and Wales" in texts(lib, "recognising_stalking", region="england_wales")
    assert "Scotland" in texts(lib, "recognising_stalking", region="scotland")
    assert "tell me if you're in Scotland" in texts(lib, "recognising_stalking")  # region not known yet
    assert "ex-partner" in texts(lib, "recognising_stalking", relationship="ex_partner")
    assert "ex-partner" not in texts(lib, "recognising_stalking", relationship="stranger")
    assert phone("scotland_domestic_abuse_helpline") in texts(lib, "domestic_abuse", region="scotland")
    assert phone("ni_domestic_abuse_helpline") in texts(lib, "domestic_abuse", region="northern_ireland")
    assert phone("national_domestic_abuse_helpline") in texts(lib, "domestic_abuse", region="england_wales")


def test_the_helpline_number_comes_from_the_directory(lib: Library) -> None:
    assert phone("national_stalking_helpline") in texts(lib, "advocacy")
    assert phone("national_stalking_helpline") in texts(lib, "safety_fallback")


def test_hours_are_shown_only_where_the_fact_base_confirms_them(lib: Library) -> None:
    with_hours = {s.id for s in lib.services.values() if s.hours}
    assert with_hours == {"national_domestic_abuse_helpline", "scotland_domestic_abuse_helpline", "ni_domestic_abuse_helpline"}


# --- a broken file stops start-up, naming the file and the field -------------------
@pytest.fixture()
def content_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, copy)
    return copy


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


@pytest.mark.parametrize(
    "change, field, problem",
    [
        (lambda d: d.pop("sources"), "sources", "is missing"),
        (lambda d: d.update(sources=[]), "sources", "at least one source"),
        (lambda d: d.pop("review_due"), "review_due", "is missing"),
        (lambda d: d.update(review_due=dt.date(2020, 1, 1)), "review_due", "after reviewed_on"),
        (lambda d: d["messages"][0].update(text=f"Call {phone('national_stalking_helpline')} now."), "messages[0].text", "content/services.yml"),
        (lambda d: d["messages"][0].update(text=f"Call {phone('emergency')} now."), "messages[0].text", "content/services.yml"),
        (lambda d: d["messages"][0].update(text="Call {no_such_service}."), "messages[0].text", "not in content/services.yml"),
        (lambda d: d["messages"][0].update(text="That is not stalking."), "messages[0].text", "not stalking"),
        (lambda d: d.update(id="something_else"), "id", "must match the file name"),
        (lambda d: d["messages"][1].update(when={"region": "wales"}), "messages[1].when.region", "not among"),
        (lambda d: d.update(related=["no_such_button", "evidence"]), "related[0]", "not a button"),
        (lambda d: d["messages"].append({"text": "One more."}), "messages", "gives 4 messages"),
        (lambda d: d["messages"][0].update(text="Too long. " * 70), "messages", "characters when"),
        (lambda d: d["messages"][0].update(when={"region": "scotland"}) or d["messages"][1].update(when={"region": "scotland"})
         or d["messages"][2].update(when={"region": "scotland"}), "messages", "gives 0 messages"),
    ],
)
def test_a_broken_entry_names_its_file_and_field(content_copy: Path, change, field: str, problem: str) -> None:
    _edit(content_copy / "guidance" / "silent_solution.yml", change)
    with pytest.raises(ContentError) as failure:
        load(content_copy)
    assert failure.value.path.name == "silent_solution.yml"
    assert failure.value.field_name == field
    assert problem in str(failure.value)


def test_a_retired_number_in_the_directory_stops_start_up(content_copy: Path) -> None:
    retired = yaml.safe_load((content_copy / "services.yml").read_text())["retired_numbers"][0]["number"]
    _edit(content_copy / "services.yml", lambda d: d["services"]["national_stalking_helpline"].update(phone=retired))
    with pytest.raises(ContentError, match="retired number"):
        load(content_copy)


def test_unconfirmed_hours_cannot_be_shown(content_copy: Path) -> None:
    _edit(content_copy / "guidance" / "advocacy.yml",
          lambda d: d["messages"][0].update(text="Call {national_stalking_helpline}, open {national_stalking_helpline.hours}."))
    with pytest.raises(ContentError, match="no hours for national_stalking_helpline"):
        load(content_copy)


def test_invalid_yaml_names_the_file(content_copy: Path) -> None:
    (content_copy / "guidance" / "evidence.yml").write_text("id: evidence\nmessages: [unclosed\n")
    with pytest.raises(ContentError, match=r"evidence.yml: \(file\): is not valid YAML"):
        load(content_copy)

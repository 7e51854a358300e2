"""Rendering content as a user sees it (safety/content/library.py): chat-sized, with
its sources and review dates, the right buttons, and the route to help."""

from __future__ import annotations

import datetime as dt

import yaml

from safety.content import CONTENT_DIR, MAX_ANSWER_WORDS, MAX_MESSAGE_CHARS, MAX_MESSAGES, Library, words
from tests.safety.content.conftest import all_renderings

CONTRACT_IDS = [
    "immediate_danger",
    "recognising_stalking",
    "harassment",
    "tech_safety",
    "silent_solution",
    "protection_orders",
    "advocacy",
    "reporting",
    "evidence",
    "safety_planning",
    "domestic_abuse",
    "cover_tracks",
    "supporting_someone",
    "emotional_support",
    "talk_to_someone",
]


def test_every_contract_guidance_id_exists(lib: Library) -> None:
    assert set(CONTRACT_IDS) <= set(lib.entries)


def test_every_entry_and_answer_names_sources_reviewer_and_review_dates(lib: Library) -> None:
    for item_id, item in [*lib.entries.items(), *lib.answers.items()]:
        assert item.sources, item_id
        assert item.reviewed_by, item_id
        assert item.reviewed_on < item.review_due, item_id
    for service_id, service in lib.services.items():
        assert service.sources, service_id
        assert service.reviewed_on < service.review_due, service_id


def test_nothing_is_past_its_review_date(lib: Library) -> None:
    """Stale safety advice must block a release: this fails once a review is overdue."""
    assert lib.overdue(dt.date.today()) == []


def test_overdue_items_are_reported_by_file(lib: Library) -> None:
    late = lib.overdue(dt.date(2100, 1, 1))
    assert "content/guidance/silent_solution.yml (due 2027-05-29)" in late
    assert any(item.startswith("content/services.yml") for item in late)


def test_every_rendering_is_one_to_three_chat_sized_messages(lib: Library) -> None:
    for item_id, context, messages in all_renderings(lib):
        assert 1 <= len(messages) <= MAX_MESSAGES, (item_id, context)
        for message in messages:
            assert 0 < len(message["text"]) <= MAX_MESSAGE_CHARS, (item_id, context, len(message["text"]))


def test_every_answer_is_one_short_bubble_then_the_safety_line(lib: Library) -> None:
    for answer_id in lib.answers:
        for context, [message] in lib.variants(answer_id):
            fact, safety = message["text"].rsplit("\n\n", 1)
            assert safety == lib.safety_line
            fact = fact.removesuffix(
                f"\n\n{lib.wales_line}"
            )  # Wales's own helpline: a route to help, like the safety line
            assert words(fact) <= MAX_ANSWER_WORDS, (answer_id, context)


def test_every_message_carries_its_guidance_payload(lib: Library) -> None:
    for item_id, _, messages in all_renderings(lib):
        for message in messages:
            custom = message["custom"]
            owner = lib.answer_topics.get(item_id, item_id)
            assert custom["guidance_id"] == owner
            assert custom.get("answer_id") == (item_id if item_id in lib.answers else None)
            assert custom["sources"]
            assert all({"name", "url"} <= set(s) for s in custom["sources"])
            dt.date.fromisoformat(custom["reviewed_on"])
            dt.date.fromisoformat(custom["review_due"])


def test_topic_replies_end_with_related_topics_and_the_route_to_help(lib: Library) -> None:
    for guidance_id in CONTRACT_IDS:
        last = lib.render(guidance_id)[-1]
        titles = [b["title"] for b in last["buttons"]]
        assert last["text"].endswith(lib.safety_line), guidance_id
        assert 2 <= len(titles) <= 4, guidance_id
        if guidance_id != "talk_to_someone":
            assert titles[-1] == "Talk to a person", guidance_id


def test_no_reply_offers_the_same_button_twice(lib: Library) -> None:
    for item_id, context, messages in all_renderings(lib):
        for message in messages:
            titles = [b["title"] for b in message.get("buttons", [])]
            assert len(titles) == len(set(titles)), (item_id, context, titles)


def test_an_answer_offers_its_topic_first(lib: Library) -> None:
    for answer_id, topic in lib.answer_topics.items():
        first = lib.render_answer(answer_id)[0]["buttons"][0]
        assert first["payload"] == lib.buttons[topic].payload, answer_id
        assert first["title"].startswith("More"), answer_id


def test_every_button_asks_for_a_known_intent(lib: Library) -> None:
    intents = set(yaml.safe_load((CONTENT_DIR.parent / "domain.yml").read_text())["intents"])
    for button in lib.buttons.values():
        assert button.payload[1:] in intents, button


def test_the_safety_line_comes_from_the_directory(lib: Library) -> None:
    emergency, silent = lib.services["emergency"].phone, lib.services["silent_solution"].phone
    assert (
        lib.safety_line == f"In danger now? Call {emergency}. If you can't speak, press {silent} when asked (mobiles)."
    )

"""Help near you through the REST channel, as a user meets it: real NLU on real text,
the real action server, and the replies' words and `custom` payloads. The routes are
decided in safety/choosing.py; tests/stories/local_help.yml checks the actions taken.
Numbers come from the services directory (content/services.yml and
content/local/services.yml), never written here."""

from __future__ import annotations

from typing import List, Optional

import pytest

from safety.content import library
from scripts.stack import Stack
from tests.conftest import guidance_ids, new_sender, phone, say, text_of

pytestmark = pytest.mark.servers

ASK_WHERE = "Which town, city or county are you in? You don't have to say."
HELPLINE_FINDS_LOCAL = "can find local support for you"


def local_line(service_id: str) -> str:
    """A local service as the reply names it: its name, then its number."""
    service = library().local_services[service_id]
    return f"{service.name}: {service.phone}"


def assert_local_help(replies: List[dict], area: Optional[str]) -> None:
    """Every bubble is the local-help reply, for this area (None: no area known)."""
    assert guidance_ids(replies) == ["local_help"]
    assert all(m["custom"]["kind"] == "local" for m in replies)
    assert all(m["custom"]["area"] == area for m in replies)


def ask_near_me(stack: Stack, sender: str) -> List[dict]:
    """ "Near me" with no area known: the bot should ask where."""
    return say(stack, sender, "is there any stalking support near me?")


def test_a_named_county_gets_its_confirmed_service_at_once(stack: Stack) -> None:
    """Someone who says where they are should not be asked again: the confirmed
    Hertfordshire advocacy team, with its number, straight away."""
    replies = say(stack, new_sender(), "I live in Hertfordshire, are there any stalking advocates near me?")
    assert_local_help(replies, "hertfordshire")
    assert "safer_places_stalking" in replies[0]["custom"]["local_services"]
    assert local_line("safer_places_stalking") in text_of(replies)


def test_near_me_with_no_area_asks_one_question_only(stack: Stack) -> None:
    """With no area known the bot asks once, and says they needn't answer; no advice yet."""
    replies = ask_near_me(stack, new_sender())
    assert [m["text"] for m in replies] == [ASK_WHERE]
    assert replies[0]["custom"]["guidance_id"] == "ask_where"


def test_a_town_in_answer_to_where_gets_that_countys_services(stack: Stack) -> None:
    """A town, not a county, is what people usually give: Stevenage is in Hertfordshire."""
    sender = new_sender()
    ask_near_me(stack, sender)
    replies = say(stack, sender, "Stevenage")
    assert_local_help(replies, "hertfordshire")
    assert local_line("safer_places_stalking") in text_of(replies)


def test_an_unknown_place_is_said_plainly_and_gets_the_national_route(stack: Stack) -> None:
    """A place the bot can't find must not be guessed at: it says so, and gives the
    National Stalking Helpline, which covers everywhere."""
    sender = new_sender()
    ask_near_me(stack, sender)
    replies = say(stack, sender, "Narnia")
    assert_local_help(replies, None)
    assert replies[0]["custom"]["local_services"] == []
    assert "I don't know that place, so here is help that covers everywhere." in text_of(replies)
    assert phone("national_stalking_helpline") in text_of(replies)


@pytest.mark.parametrize("message", ["help near Narnia", "is there a stalking advocate in flobbington"])
def test_help_near_a_place_we_dont_know_says_so_at_once(stack: Stack, message: str) -> None:
    """Someone who already said where they are should not be asked "which town?" as if
    they had not: the bot says it doesn't know the place, and gives help that covers everywhere."""
    replies = say(stack, new_sender(), message)
    assert_local_help(replies, None)
    assert "I don't know that place, so here is help that covers everywhere." in text_of(replies)
    assert phone("national_stalking_helpline") in text_of(replies)


def test_an_advocacy_question_asking_for_help_round_here_is_asked_where(stack: Stack) -> None:
    replies = say(stack, new_sender(), "who helps stalking victims round here")
    assert [m["text"] for m in replies] == [ASK_WHERE]


def test_a_place_several_areas_share_gets_asked_which_then_that_areas_help(stack: Stack) -> None:
    """ "Newport" could be Gwent, the Isle of Wight or Shropshire: one question with a button
    for each, never "I don't know that place"; tapping Gwent gives Gwent's (Wales's) help."""
    sender = new_sender()
    ask_near_me(stack, sender)
    [question] = say(stack, sender, "Newport")
    assert question["custom"]["guidance_id"] == "which_place"
    assert question["text"].startswith("There's more than one Newport.")
    buttons = {b["title"]: b["payload"] for b in question["buttons"]}
    assert {library().areas[a].name for a in ("gwent", "hampshire", "west_mercia")} <= set(buttons)
    replies = say(stack, sender, buttons["Gwent"])
    assert_local_help(replies, "gwent")
    assert phone("live_fear_free") in text_of(replies)


def test_rather_not_say_gets_the_national_route(stack: Stack) -> None:
    """Not saying where you are is fine: the reply accepts that and still gives help."""
    sender = new_sender()
    ask_near_me(stack, sender)
    replies = say(stack, sender, "I'd rather not say")
    assert_local_help(replies, None)
    assert "you don't have to say" in text_of(replies)
    assert phone("national_stalking_helpline") in text_of(replies)


def test_an_area_with_no_confirmed_service_is_told_the_helpline_finds_one(stack: Stack) -> None:
    """No confirmed service in South Yorkshire: the bot says so plainly, rather than
    implying there is none, and points to the helpline that can find local support."""
    replies = say(stack, new_sender(), "I'm in Sheffield, is there a stalking advocate near me?")
    assert_local_help(replies, "south_yorkshire")
    assert replies[0]["custom"]["local_services"] == []
    text = text_of(replies)
    assert "I don't have confirmed details of a local stalking service in" in text
    assert f"({phone('national_stalking_helpline')}) {HELPLINE_FINDS_LOCAL}" in text


def test_wales_gets_live_fear_free(stack: Stack) -> None:
    """Everyone in Wales has Live Fear Free, Wales's own helpline, even with no local service listed."""
    replies = say(stack, new_sender(), "I'm in Cardiff, is there local support?")
    assert_local_help(replies, "south_wales")
    assert phone("live_fear_free") in text_of(replies)


def test_danger_after_being_asked_where_gets_the_emergency_guidance_first(stack: Stack) -> None:
    """A reply to "which town?" may be an emergency: it must not be read as a place."""
    sender = new_sender()
    ask_near_me(stack, sender)
    replies = say(stack, sender, "he's outside my door right now")
    assert guidance_ids(replies)[0] == "immediate_danger"
    assert phone("emergency") in replies[0]["text"]

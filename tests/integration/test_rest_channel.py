"""The bot over HTTP: the real action server and Rasa server, the REST channel
(addons/channels.py), real NLU, real replies and guidance ids."""

from __future__ import annotations

import re
import time

import pytest
import requests

from safety.content import library
from tests.conftest import guidance_ids, new_sender, phone, say, text_of

pytestmark = pytest.mark.servers


@pytest.mark.parametrize(
    ("message", "guidance_id"),
    [
        ("is it stalking if he keeps turning up at my work", "recognising_stalking"),
        (f"what does pressing {phone('silent_solution')} do", "silent_solution"),
        ("what is a stalking prevention order", "protection_orders"),
        ("he keeps sending me abusive messages from fake accounts", "harassment"),
        ("I think he put a tracker on my car", "tech_safety"),
        ("how do I report him to the police", "reporting"),
        ("what should I put in a stalking diary", "evidence"),
        ("how can I stay safe when I walk home from work", "safety_planning"),
        ("my ex is so controlling, he checks my phone and my bank", "domestic_abuse"),
        ("will he be able to see that I used this site", "cover_tracks"),
        ("my best friend is being stalked, how can I help her", "supporting_someone"),
        ("I'm so scared and I feel so alone", "emotional_support"),
        ("can I talk to a real person please", "talk_to_someone"),
        ("is there a stalking advocate who can support me", "advocacy"),
        ("he's outside my door right now", "immediate_danger"),
        ("hello", "welcome"),
    ],
)
def test_each_topic_is_answered_with_its_guidance(stack, message: str, guidance_id: str) -> None:
    replies = say(stack, new_sender(), message)
    assert guidance_ids(replies) == [guidance_id]
    assert replies[0]["custom"]["sources"]
    assert replies[0]["custom"]["reviewed_on"]
    assert replies[-1]["buttons"]


def test_danger_comes_first_whatever_else_the_message_says(stack) -> None:
    replies = say(stack, new_sender(), "is this stalking? help he's got a knife")
    assert guidance_ids(replies)[0] == "immediate_danger"
    assert phone("emergency") in replies[0]["text"]


def test_telling_the_bot_your_region_changes_the_law_it_gives(stack) -> None:
    sender = new_sender()
    assert guidance_ids(say(stack, sender, "I live in Glasgow")) == ["noted"]
    scotland = say(stack, sender, "what is a stalking protection order")
    assert scotland[0]["custom"]["region"] == "scotland"
    assert "non-harassment order" in text_of(scotland)
    assert "magistrates' court" not in text_of(scotland)
    # The short answer or the overview, whichever the selector picks: both say who applies.
    england = say(stack, new_sender(), "what is a stalking protection order")
    assert re.search(r"(?i)only the police can apply|the police apply for it", text_of(england))
    assert "non-harassment order" not in text_of(england)


def test_the_stalking_check_end_to_end_with_typed_and_button_answers(stack) -> None:
    sender = new_sender()
    first = say(stack, sender, "/start_stalking_check")
    assert "what has been happening" in text_of(first)
    assert "more than once" in text_of(say(stack, sender, "he keeps turning up outside my work"))
    assert "unwanted" in text_of(say(stack, sender, "/affirm"))
    assert "afraid" in text_of(say(stack, sender, "/affirm"))
    assert "Who is doing it" in text_of(say(stack, sender, "/affirm"))
    assert "Where in the UK" in text_of(say(stack, sender, '/inform{"relationship": "ex_partner"}'))
    result = say(stack, sender, '/inform{"region": "scotland"}')
    assert guidance_ids(result) == ["stalking_check_result"]
    assert "FOUR" in text_of(result)
    assert phone("scotland_domestic_abuse_helpline") in text_of(result)
    assert "not stalking" not in text_of(result).lower()


def in_the_check(stack, behaviour: str = "") -> str:
    """A new conversation in the stalking check, past its first question if given."""
    sender = new_sender()
    say(stack, sender, "/start_stalking_check")
    if behaviour:
        say(stack, sender, f'/inform{{"check_behaviour": "{behaviour}"}}')
    return sender


def test_danger_interrupts_the_stalking_check_at_once(stack) -> None:
    sender = in_the_check(stack, "following")
    replies = say(stack, sender, "hes outside my house now and trying to get in")
    assert guidance_ids(replies) == ["immediate_danger"]
    after = say(stack, sender, "/affirm")  # the check is over: "yes" is not taken as an answer
    assert guidance_ids(after) == ["okay"]


def test_the_person_can_stop_the_check(stack) -> None:
    sender = in_the_check(stack)
    assert guidance_ids(say(stack, sender, "/stop")) == ["stopped"]
    assert guidance_ids(say(stack, sender, "/affirm")) == ["okay"]


def test_changing_topic_answers_the_topic_and_ends_the_check(stack) -> None:
    sender = in_the_check(stack, "messages")
    assert guidance_ids(say(stack, sender, "how do I report this to the police")) == ["reporting"]


def test_an_unclear_answer_in_the_check_gets_a_nudge_and_the_question_again(stack) -> None:
    sender = in_the_check(stack, "following")
    replies = say(stack, sender, "/nlu_fallback")
    assert guidance_ids(replies) == ["check_nudge"]
    assert "more than once" in text_of(replies)


def test_a_message_the_bot_cannot_place_gets_the_menu_and_999(stack) -> None:
    replies = say(stack, new_sender(), "qwzx plorf vlim")
    assert guidance_ids(replies) == ["fallback"]
    assert phone("emergency") in text_of(replies)
    assert len(replies[-1]["buttons"]) == len(library().menu)


def test_out_of_scope_gets_a_kind_statement_of_what_the_bot_does(stack) -> None:
    replies = say(stack, new_sender(), "can you recommend a good pizza place")
    assert guidance_ids(replies) == ["out_of_scope"]
    assert "stalking and harassment" in text_of(replies)


# --- bad input (issue: production shape) ------------------------------------------
SENDER = "3f2b8c4e-9d1a-4c7b-8e2f-1a2b3c4d5e6f"


@pytest.mark.parametrize(
    "body",
    [
        {"message": "hello"},  # no sender: stock Rasa would use the shared "default"
        {"sender": "default", "message": "hello"},
        {"sender": "<b>x</b>", "message": "hello"},
        {"sender": SENDER, "message": 12345},
        {"sender": SENDER, "message": None},
        {"sender": SENDER, "message": "x" * 9000},  # body over 8 KB
    ],
)
def test_malformed_requests_get_a_clear_400_quickly(stack, body) -> None:
    started = time.monotonic()
    reply = requests.post(stack.webhook(), json=body, timeout=10)
    assert reply.status_code == 400
    assert reply.json()["error"] == "bad_request"
    assert reply.json()["reason"]
    assert time.monotonic() - started < 1.0  # not the 35 s a 1 MB message costs stock Rasa


def test_a_1_mb_message_is_refused_quickly(stack) -> None:
    started = time.monotonic()
    reply = requests.post(stack.webhook(), json={"sender": SENDER, "message": "a" * 1_000_000}, timeout=10)
    assert reply.status_code == 400
    assert time.monotonic() - started < 1.0


def test_invalid_json_gets_400(stack) -> None:
    reply = requests.post(stack.webhook(), data=b"{not json", timeout=10)
    assert reply.status_code == 400


def test_a_long_message_gets_a_kind_reply_with_the_999_line(stack) -> None:
    replies = say(stack, new_sender(), "he follows me everywhere " * 60)
    assert guidance_ids(replies) == ["message_too_long"]
    assert phone("emergency") in text_of(replies)


@pytest.mark.parametrize("message", ["", "   ", "\n\t  \n"])
def test_an_empty_message_gets_a_gentle_prompt_with_the_topic_menu(stack, message: str) -> None:
    replies = say(stack, new_sender(), message)
    assert guidance_ids(replies) == ["empty_message"]
    assert len(replies[-1]["buttons"]) == len(library().menu)


@pytest.mark.parametrize("message", ["he's following me 😢😢", "он преследует меня", "\x00\x07hello\u202e", "🙂"])
def test_emoji_other_scripts_and_control_characters_get_an_answer(stack, message: str) -> None:
    replies = say(stack, new_sender(), message)
    assert replies
    assert all(m.get("text") for m in replies)


def test_two_people_never_share_a_conversation(stack) -> None:
    first, second = in_the_check(stack), new_sender()
    assert guidance_ids(say(stack, second, "/affirm")) == ["okay"]  # not an answer to first's check
    assert "more than once" in text_of(say(stack, first, '/inform{"check_behaviour": "following"}'))


def test_only_the_sites_own_origin_may_call_the_bot_from_a_browser(stack) -> None:
    body = {"sender": SENDER, "message": "hello"}
    allowed = requests.post(stack.webhook(), json=body, headers={"Origin": stack.site_url}, timeout=10)
    assert allowed.headers.get("Access-Control-Allow-Origin") == stack.site_url
    other = requests.post(stack.webhook(), json=body, headers={"Origin": "https://elsewhere.example"}, timeout=10)
    assert other.headers.get("Access-Control-Allow-Origin") not in ("*", "https://elsewhere.example")
    preflight = requests.options(
        stack.webhook(),
        headers={"Origin": "https://elsewhere.example", "Access-Control-Request-Method": "POST"},
        timeout=10,
    )
    assert preflight.headers.get("Access-Control-Allow-Origin") not in ("*", "https://elsewhere.example")

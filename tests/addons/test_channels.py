"""Screening messages before Rasa sees them (addons/channels.py).

The HTTP behaviour end to end is in tests/integration/test_rest_channel.py; these
check the pieces without a server.
"""

import asyncio
import json
from types import SimpleNamespace

from rasa.core.channels.channel import UserMessage

from addons.channels import MAX_BODY_BYTES, ReplyCollector, _parse, answer, message_metadata, screened
from safety.content import library

SENDER = "3f2b8c4e-9d1a-4c7b-8e2f-1a2b3c4d5e6f"


def request(body) -> SimpleNamespace:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return SimpleNamespace(body=raw)


def test_a_good_message_is_accepted() -> None:
    body, problem = _parse(request({"sender": SENDER, "message": "hello"}))
    assert problem is None
    assert body["message"] == "hello"


def test_bad_requests_are_refused_with_a_reason() -> None:
    cases = {
        "no sender": {"message": "hello"},
        "guessable sender": {"sender": "default", "message": "hello"},
        "number as message": {"sender": SENDER, "message": 42},
        "no message": {"sender": SENDER},
        "a list": [1, 2],
    }
    for name, body in cases.items():
        assert _parse(request(body))[1], name
    assert "valid JSON" in _parse(request(b"{not json"))[1]
    assert "larger than" in _parse(request({"sender": SENDER, "message": "x" * MAX_BODY_BYTES}))[1]


def handled(text: str):
    """What reaches Rasa, and what the person is sent, for one typed message."""
    reached = []

    async def rasa(message: UserMessage) -> None:
        reached.append(message.text)

    output = ReplyCollector()
    asyncio.run(screened(rasa)(UserMessage(text, output, SENDER)))
    return reached, output.messages


def test_control_characters_are_stripped_before_rasa_sees_the_text() -> None:
    reached, _ = handled("he keeps\x00 following\u202e me")
    assert reached == ["he keeps following me"]


def test_an_empty_message_gets_a_gentle_prompt_with_the_menu_and_never_reaches_rasa() -> None:
    reached, sent = handled("   \n ")
    assert reached == []
    assert sent[0]["custom"]["guidance_id"] == "empty_message"
    assert library().services["emergency"].phone in sent[0]["text"]
    assert len(sent[-1]["buttons"]) == len(library().menu)


def test_a_too_long_message_gets_a_kind_reply_with_the_999_line_and_never_reaches_rasa() -> None:
    reached, sent = handled("please read this " * 100)
    assert reached == []
    assert sent[0]["custom"]["guidance_id"] == "message_too_long"
    assert library().services["emergency"].phone in sent[0]["text"]


def test_the_collector_keeps_text_buttons_and_payload_together() -> None:
    collector = ReplyCollector()
    message = library().render("evidence")[-1]
    asyncio.run(collector.send_response(SENDER, dict(message)))
    [kept] = collector.messages
    assert kept["text"] == message["text"]
    assert "\n\n" in kept["text"]
    assert kept["buttons"] == message["buttons"]
    assert kept["custom"]["guidance_id"] == "evidence"


def replies_to(rasa) -> list:
    return asyncio.run(answer(screened(rasa), "hello", SENDER, "rest"))


def fallback_ids(replies: list) -> list:
    return [m["custom"]["guidance_id"] for m in replies if m.get("custom")]


def test_a_turn_that_fails_part_way_still_ends_with_the_safety_fallback() -> None:
    async def half_then_crash(message: UserMessage) -> None:
        await message.output_channel.send_response(message.sender_id, {"text": "First part"})
        raise RuntimeError("crash")

    replies = replies_to(half_then_crash)
    assert replies[0]["text"] == "First part"
    assert fallback_ids(replies) == ["safety_fallback"]


def test_a_turn_that_says_nothing_gets_the_safety_fallback() -> None:
    async def silent(message: UserMessage) -> None:
        return None

    assert fallback_ids(replies_to(silent)) == ["safety_fallback"]


def test_a_turn_past_its_deadline_is_answered_now_and_finished_later(monkeypatch) -> None:
    monkeypatch.setenv("REPLY_DEADLINE_SECONDS", "0.1")
    finished = []

    async def slow(message: UserMessage) -> None:
        await asyncio.sleep(0.3)
        finished.append(True)

    async def scenario() -> list:
        replies = await answer(screened(slow), "hello", SENDER, "rest")
        await asyncio.sleep(0.4)
        return replies

    assert fallback_ids(asyncio.run(scenario())) == ["safety_fallback"]
    assert finished == [True]  # the turn was not dropped half way


def test_payloads_are_our_intents_and_rasas_restart_and_fallback_only() -> None:
    from addons.channels import known_intents

    intents = known_intents()
    assert {"restart", "nlu_fallback", "immediate_danger", "protection_order"} <= intents
    assert "back" not in intents  # would rewind the conversation


def test_only_fixed_values_pass_into_a_messages_metadata() -> None:
    """The chat's language, and on /restart whether the person used Exit; nothing a person typed."""
    assert message_metadata({"message": "hi", "language": "cy"}) == {"language": "cy"}
    assert message_metadata({"message": "/restart", "ended_by": "exit"}) == {"ended_by": "exit"}
    assert message_metadata({"message": "hi", "ended_by": "exit"}) is None  # only an ending can be an Exit
    assert message_metadata({"message": "/restart", "ended_by": "my words", "language": "xx"}) is None

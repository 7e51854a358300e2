"""The facts that matter most, as users read them, in every tailoring."""

from __future__ import annotations

import re

from safety.content import DENIES_STALKING, LONG_PHONE, Library, digits
from tests.conftest import phone
from tests.safety.content.conftest import all_renderings, texts


def _every_message(lib: Library):
    for item_id, context, messages in all_renderings(lib):
        for message in messages:
            yield item_id, context, message["text"]


def test_no_rendering_gives_a_retired_number(lib: Library) -> None:
    for item_id, context, text in _every_message(lib):
        for match in LONG_PHONE.finditer(text):
            assert digits(match.group(0)) not in lib.retired_numbers, (item_id, context)


def test_every_number_in_a_reply_is_a_directory_number(lib: Library) -> None:
    known = {digits(n) for s in lib.services.values() for n in (s.phone, s.sms) if n}
    for item_id, _, text in _every_message(lib):
        for match in LONG_PHONE.finditer(text):
            assert digits(match.group(0)) in known, item_id


def test_55_is_for_mobiles_when_asked_and_does_not_send_police(lib: Library) -> None:
    for guidance_id in ("silent_solution", "immediate_danger"):
        text = texts(lib, guidance_id)
        assert re.search(rf"On a mobile[^.]*\. Press {phone('silent_solution')} when it asks", text), guidance_id
        assert "does not send police" in text
        assert f"{phone('silent_solution')} isn't used" in text  # not on a landline
        assert "if you don't press it, the call is ended" in text
    assert re.search(r"whisper", texts(lib, "silent_solution"))
    assert re.search(r"cough or tap", texts(lib, "silent_solution"))


def test_nothing_says_hanging_up_ends_a_landline_call(lib: Library) -> None:
    for item_id, _, text in _every_message(lib):
        assert not re.search(r"hang(ing|s)? up|put the phone down", text, re.I), item_id


def test_only_the_police_apply_for_an_spo(lib: Library) -> None:
    england = texts(lib, "protection_orders", region="england_wales")
    assert "Only the police can apply" in england
    assert "you can't apply yourself" in england
    assert "stalking prevention order" in england  # the name users will say
    assert "non-molestation order" in england
    assert "apply for yourself" in england
    northern_ireland = texts(lib, "protection_orders", region="northern_ireland")
    assert "Chief Constable applies" in northern_ireland
    assert "you don't apply yourself" in northern_ireland
    assert "19 October 2023" in northern_ireland
    for item_id, _, text in _every_message(lib):
        assert not re.search(r"you can apply for (a|an) (SPO|Stalking Protection Order)", text, re.I), item_id


def test_scotland_gets_non_harassment_orders_and_interdicts(lib: Library) -> None:
    scotland = texts(lib, "protection_orders", region="scotland")
    assert "non-harassment order" in scotland
    assert "interdict" in scotland
    assert "Only the police can apply" not in scotland


def test_no_advice_to_delete_stalkerware_or_destroy_a_tracker_first(lib: Library) -> None:
    tech = texts(lib, "tech_safety")
    assert "Before you delete a suspicious app or get rid of a tracker, talk to the police or a support service" in tech
    for item_id, _, text in _every_message(lib):
        for sentence in re.split(r"(?<=[.!?])\s", text):
            if re.search(
                r"\b(delete|uninstall|remove|destroy|get rid of|throw away|throwing it away)\b", sentence, re.I
            ):
                assert re.search(r"\b(before|talk to|don't|rather than|keep)\b", sentence, re.I), (item_id, sentence)


def test_never_says_it_is_not_stalking(lib: Library) -> None:
    for item_id, context, text in _every_message(lib):
        assert not DENIES_STALKING.search(text), (item_id, context)


def test_the_stalking_check_result_never_rules_stalking_out(lib: Library) -> None:
    least = texts(lib, "stalking_check_result", check_repeated="no", check_unwanted="no", check_afraid="no")
    assert "FOUR" in least
    assert "ask for help" in least


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
    with_hours = {s for s, service in lib.services.items() if service.hours}
    assert with_hours == {
        "national_domestic_abuse_helpline",
        "scotland_domestic_abuse_helpline",
        "ni_domestic_abuse_helpline",
        "live_fear_free",
        "revenge_porn_helpline",
    }
    local_hours = {s for s, service in lib.local_services.items() if service.hours}
    assert local_hours == {"safer_places_stalking", "safer_places_gateway_essex"}  # the 24/7 Gateway, confirmed

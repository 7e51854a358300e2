"""The guidance actions (actions/guidance.py): the right entry or answer, tailored, with
its payload, remembering what it was about for follow-ups."""

import pytest
import yaml
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.guidance import ActionFallback, ActionServeGuidance, ActionStalkingCheckResult
from safety.content import CONTENT_DIR, library
from tests.actions.conftest import make_tracker

# Each intent and the entry it maps to; "help near me" asks where first (tested below).
TOPICS = {
    i: g
    for i, g in yaml.safe_load((CONTENT_DIR / "topics.yml").read_text())["intents"].items()
    if i != "find_local_help"
}
REGIONS = ["england_wales", "scotland", "northern_ireland"]


def served(dispatcher) -> list:
    """The entries served, in order, once each."""
    return list(dict.fromkeys(m["custom"]["guidance_id"] for m in dispatcher.messages))


@pytest.mark.parametrize(("intent", "guidance_id"), sorted(TOPICS.items()))
@pytest.mark.parametrize("region", [*REGIONS, None])
def test_each_intent_gets_its_entry_in_every_region(dispatcher, intent, guidance_id, region) -> None:
    events = ActionServeGuidance().run(dispatcher, make_tracker(intent, {"region": region}), {})
    assert set(served(dispatcher)) == {guidance_id}
    remembered = {e["name"]: e["value"] for e in events}
    if library().entries[guidance_id].related:  # a topic: follow-ups may lean on it
        assert remembered["last_topic"] == guidance_id
        assert remembered["last_answer"] is None
    else:  # small talk keeps what the conversation was about
        assert remembered == {"asked_where": False}
    expected = library().render(guidance_id, {"region": region})
    assert [m["text"] for m in dispatcher.messages] == [m["text"] for m in expected]
    assert dispatcher.messages[-1]["buttons"] == expected[-1]["buttons"]
    for message in dispatcher.messages:
        assert message["custom"]["sources"]
        assert message["custom"]["reviewed_on"]


def test_region_changes_the_legal_content(dispatcher) -> None:
    ActionServeGuidance().run(dispatcher, make_tracker("protection_order", {"region": "scotland"}), {})
    text = " ".join(m["text"] for m in dispatcher.messages)
    assert "non-harassment order" in text
    assert "Only the police can apply" not in text
    assert dispatcher.messages[0]["custom"]["region"] == "scotland"


def test_an_unknown_region_slot_falls_back_to_england_and_wales_and_says_so(dispatcher) -> None:
    ActionServeGuidance().run(dispatcher, make_tracker("protection_order", {"region": "not_said"}), {})
    text = " ".join(m["text"] for m in dispatcher.messages)
    assert "Only the police can apply" in text
    assert "tell me if you're in Scotland" in text


def test_relationship_tailors_the_reply(dispatcher) -> None:
    ActionServeGuidance().run(dispatcher, make_tracker("recognise_stalking", {"relationship": "ex_partner"}), {})
    assert "stalked by an ex-partner" in " ".join(m["text"] for m in dispatcher.messages)


def test_an_unknown_intent_gets_the_topic_menu_not_a_guess(dispatcher) -> None:
    ActionServeGuidance().run(dispatcher, make_tracker("no_such_intent"), {})
    assert served(dispatcher) == ["fallback"]
    assert len(dispatcher.messages[-1]["buttons"]) == len(library().menu)


def test_small_talk_during_the_check_gets_a_nudge(dispatcher) -> None:
    ActionServeGuidance().run(dispatcher, make_tracker("affirm", active_loop="stalking_check_form"), {})
    assert served(dispatcher) == ["check_nudge"]


def test_a_topic_during_the_check_gets_the_topic(dispatcher) -> None:
    ActionServeGuidance().run(dispatcher, make_tracker("report_to_police", active_loop="stalking_check_form"), {})
    assert served(dispatcher) == ["reporting"]


def test_danger_during_the_check_gets_the_emergency_guidance(dispatcher) -> None:
    ActionServeGuidance().run(dispatcher, make_tracker("immediate_danger", active_loop="stalking_check_form"), {})
    assert served(dispatcher) == ["immediate_danger"]


def test_danger_in_a_welsh_chat_is_marked_for_the_usage_counters(dispatcher) -> None:
    tracker = make_tracker("immediate_danger", metadata={"language": "cy"})
    ActionServeGuidance().run(dispatcher, tracker, {})
    assert served(dispatcher) == ["welsh_safety"]
    assert all(m["custom"]["danger_first"] for m in dispatcher.messages)
    calm = CollectingDispatcher()
    ActionServeGuidance().run(calm, make_tracker("greet", metadata={"language": "cy"}), {})
    assert not any(m["custom"].get("danger_first") for m in calm.messages)


def test_the_core_fallback_serves_the_menu_and_the_999_line(dispatcher) -> None:
    ActionFallback().run(dispatcher, make_tracker("recognise_stalking"), {})
    assert served(dispatcher) == ["fallback"]
    assert library().services["emergency"].phone in " ".join(m["text"] for m in dispatcher.messages)


def test_the_check_result_is_tailored_and_then_cleared(dispatcher) -> None:
    slots = {
        "check_behaviour": "monitoring",
        "check_repeated": "yes",
        "check_unwanted": "yes",
        "check_afraid": "yes",
        "relationship": "ex_partner",
        "region": "scotland",
    }
    events = ActionStalkingCheckResult().run(dispatcher, make_tracker("inform", slots), {})
    text = " ".join(m["text"] for m in dispatcher.messages)
    assert served(dispatcher) == ["stalking_check_result"]
    assert "FOUR" in text
    assert "before removing anything" in text
    assert library().services["scotland_domestic_abuse_helpline"].phone in text
    cleared = {e["name"]: e["value"] for e in events if e["name"].startswith("check_")}
    assert cleared == {"check_behaviour": None, "check_repeated": None, "check_unwanted": None, "check_afraid": None}


# --- short answers and follow-ups ----------------------------------------------------------
def ranking(*pairs):
    return {"answer": {"ranking": [{"key": k, "confidence": c} for k, c in pairs]}}


def test_a_specific_question_gets_its_answer_first_in_one_bubble(dispatcher, with_answers) -> None:
    tracker = make_tracker(
        "protection_order", text="how long does an spo last", **ranking(("protection_order/t_spo_duration", 0.9))
    )
    events = ActionServeGuidance().run(dispatcher, tracker, {})
    [message] = dispatcher.messages
    assert message["text"].startswith("An SPO lasts at least 2 years")
    assert message["custom"]["guidance_id"] == "protection_orders"
    assert message["custom"]["answer_id"] == "t_spo_duration"
    assert message["buttons"][0] == {"title": "More about protection orders", "payload": "/protection_order"}
    assert message["text"].endswith(with_answers.safety_line)
    assert {e["name"]: e["value"] for e in events}["last_answer"] == "t_spo_duration"


def test_the_more_about_button_gets_the_overview(dispatcher, with_answers) -> None:
    ActionServeGuidance().run(dispatcher, make_tracker("protection_order", text="/protection_order"), {})
    assert served(dispatcher) == ["protection_orders"]
    assert len(dispatcher.messages) > 1


def test_a_risk_sign_gets_the_risk_reply_tailored_to_the_sign(dispatcher) -> None:
    ActionServeGuidance().run(dispatcher, make_tracker("risk_sign", risk_sign="broken_order"), {})
    text = " ".join(m["text"] for m in dispatcher.messages)
    assert served(dispatcher) == ["risk_signs"]
    assert "serious warning sign" in text
    assert "report every breach" in text
    assert text.index(library().services["emergency"].phone) < text.index("report every breach")


def test_whats_their_number_after_an_answer_gives_the_services_it_named(dispatcher, with_answers) -> None:
    tracker = make_tracker(
        "ask_contact", text="what's their number?", slots={"last_services": ["national_stalking_helpline"]}
    )
    events = ActionServeGuidance().run(dispatcher, tracker, {})
    [message] = dispatcher.messages
    assert with_answers.services["national_stalking_helpline"].phone in message["text"]
    assert message["custom"]["kind"] == "contact"
    assert events == [SlotSet("asked_where", False)]


def test_an_answer_remembers_the_services_it_named(dispatcher, with_answers) -> None:
    tracker = make_tracker("protection_order", **ranking(("protection_order/t_spo_breach", 0.8)))
    events = ActionServeGuidance().run(dispatcher, tracker, {})
    assert {e["name"]: e["value"] for e in events}["last_services"] == ["police_non_emergency"]


# --- help near you -------------------------------------------------------------------------------
def area_entity(area: str) -> dict:
    return {"entities": [{"entity": "area", "value": area}]}


def test_near_me_with_no_area_asks_one_question_offering_the_home_area(dispatcher) -> None:
    events = ActionServeGuidance().run(dispatcher, make_tracker("find_local_help", text="is there help near me"), {})
    [message] = dispatcher.messages
    assert message["text"] == "Which town, city or county are you in? You don't have to say."
    home = library().site.home_area
    assert message["buttons"][0] == {"title": library().areas[home].name, "payload": '/inform{"area": "' + home + '"}'}
    assert message["buttons"][-1]["payload"] == "/deny"
    assert events == [SlotSet("asked_where", True)]


@pytest.mark.parametrize("text", ["SG1 3AB", "its al1", "is there help near me, my postcode is WD17 1AB"])
def test_a_postcode_gets_asked_for_the_town_instead(dispatcher, text: str) -> None:
    intent = "find_local_help" if "help" in text else "inform"
    events = ActionServeGuidance().run(dispatcher, make_tracker(intent, {"asked_where": True}, text=text), {})
    [message] = dispatcher.messages
    assert message["text"].startswith("I can't look up postcodes, so I don't know where that is.")
    assert message["text"].endswith("Which town, city or county are you in? You don't have to say.")
    assert message["buttons"][-1]["payload"] == "/deny"
    assert events == [SlotSet("asked_where", True)]  # the next message is still read as the answer


def test_the_answer_to_where_gets_local_help(dispatcher) -> None:
    tracker = make_tracker(
        "inform", {"asked_where": True, "area": "hertfordshire"}, text="Stevenage", **area_entity("hertfordshire")
    )
    events = ActionServeGuidance().run(dispatcher, tracker, {})
    text = " ".join(m["text"] for m in dispatcher.messages)
    assert served(dispatcher) == ["local_help"]
    for service in library().local_for("hertfordshire"):
        assert library().local_services[service].phone in text
    assert SlotSet("asked_where", False) in events


def test_a_known_area_gets_local_help_straight_away(dispatcher) -> None:
    ActionServeGuidance().run(dispatcher, make_tracker("find_local_help", {"area": "sussex"}), {})
    assert served(dispatcher) == ["local_help"]
    assert library().local_services["veritas_justice"].phone in dispatcher.messages[0]["text"]


@pytest.mark.parametrize(
    ("area", "named", "not_named"),
    [
        ("scotland", ["action_against_stalking", "scotland_domestic_abuse_helpline"], ["paladin", "live_fear_free"]),
        ("northern_ireland", ["ni_domestic_abuse_helpline"], ["paladin", "live_fear_free"]),
    ],
)
def test_their_number_after_local_help_in_scotland_or_ni_means_the_services_it_named(
    dispatcher, area: str, named: list, not_named: list
) -> None:
    tracker = make_tracker("inform", {"asked_where": True, "area": area}, text="here", **area_entity(area))
    events = ActionServeGuidance().run(dispatcher, tracker, {})
    assert served(dispatcher) == ["local_help"]
    remembered = {e["name"]: e["value"] for e in events}["last_services"]
    assert set(named) <= set(remembered)
    assert not set(not_named) & set(remembered)


@pytest.mark.parametrize(
    ("intent", "text", "opening"),
    [
        ("deny", "i'd rather not say", "That's fine, you don't have to say."),
        ("nlu_fallback", "Walford", "I don't know that place"),
    ],
)
def test_no_area_gets_the_national_route(dispatcher, intent: str, text: str, opening: str) -> None:
    ActionServeGuidance().run(dispatcher, make_tracker(intent, {"asked_where": True}, text=text), {})
    said = " ".join(m["text"] for m in dispatcher.messages)
    assert said.startswith(opening)
    assert library().services["national_stalking_helpline"].phone in said


def test_a_misspelt_place_is_confirmed_before_it_is_used(dispatcher) -> None:
    tracker = make_tracker(
        "find_local_help", text="near walford", entities=[{"entity": "place_guess", "value": "Watford"}]
    )
    events = ActionServeGuidance().run(dispatcher, tracker, {})
    [message] = dispatcher.messages
    assert message["text"] == "Did you mean Watford, in Hertfordshire?"
    assert message["buttons"][0]["payload"] == '/inform{"area": "hertfordshire"}'
    assert events == [SlotSet("asked_where", True)]


def test_a_new_question_after_the_where_question_is_answered_instead(dispatcher) -> None:
    tracker = make_tracker("report_to_police", {"asked_where": True}, text="actually how do i report him to the police")
    ActionServeGuidance().run(dispatcher, tracker, {})
    assert served(dispatcher) == ["reporting"]


def test_danger_beats_the_where_question(dispatcher) -> None:
    ActionServeGuidance().run(
        dispatcher, make_tracker("immediate_danger", {"asked_where": True}, text="hes outside"), {}
    )
    assert served(dispatcher) == ["immediate_danger"]


def test_danger_with_a_sure_question_sends_the_danger_reply_whole_then_the_answer(dispatcher, with_answers) -> None:
    """ "the police got an SPO against him, how long will it last" tripped the danger net and
    got only the emergency reply. It still comes first, whole; the answer follows, and
    "and in Scotland?" or "their number?" then lean on the answer."""
    tracker = make_tracker(
        "immediate_danger",
        text="he is outside, how long does an spo last",
        **ranking(("protection_order/t_spo_duration", 0.95)),
    )
    events = ActionServeGuidance().run(dispatcher, tracker, {})
    danger = with_answers.render("immediate_danger", {})
    assert [m["custom"]["guidance_id"] for m in dispatcher.messages[: len(danger)]] == ["immediate_danger"] * len(
        danger
    )
    assert dispatcher.messages[0]["text"] == danger[0]["text"]
    assert dispatcher.messages[-1]["custom"]["answer_id"] == "t_spo_duration"
    assert all(m["custom"].get("danger_first") for m in dispatcher.messages)
    assert {e["name"]: e["value"] for e in events}["last_answer"] == "t_spo_duration"

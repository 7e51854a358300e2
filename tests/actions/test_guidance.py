"""The guidance actions (actions/guidance.py): the right entry, tailored, with its payload."""
import pytest
import yaml

from actions.guidance import ActionFallback, ActionServeGuidance, ActionStalkingCheckResult
from safety.content import CONTENT_DIR, library
from tests.actions.conftest import make_tracker

TOPICS = yaml.safe_load((CONTENT_DIR / "topics.yml").read_text())["intents"]
REGIONS = ["england_wales", "scotland", "northern_ireland"]


def served(dispatcher) -> list:
    """The entries served, in order, once each."""
    return list(dict.fromkeys(m["custom"]["guidance_id"] for m in dispatcher.messages))


@pytest.mark.parametrize("intent, guidance_id", sorted(TOPICS.items()))
@pytest.mark.parametrize("region", REGIONS + [None])
def test_each_intent_gets_its_entry_in_every_region(dispatcher, intent, guidance_id, region) -> None:
    events = ActionServeGuidance().run(dispatcher, make_tracker(intent, {"region": region}), {})
    assert events == []
    assert set(served(dispatcher)) == {guidance_id}
    expected = library().render(guidance_id, {"region": region})
    assert [m["text"] for m in dispatcher.messages] == [m["text"] for m in expected]
    assert dispatcher.messages[-1]["buttons"] == expected[-1]["buttons"]
    for message in dispatcher.messages:
        assert message["custom"]["sources"] and message["custom"]["reviewed_on"]


def test_region_changes_the_legal_content(dispatcher) -> None:
    ActionServeGuidance().run(dispatcher, make_tracker("protection_order", {"region": "scotland"}), {})
    text = " ".join(m["text"] for m in dispatcher.messages)
    assert "non-harassment order" in text and "Only the police can apply" not in text
    assert dispatcher.messages[0]["custom"]["region"] == "scotland"


def test_an_unknown_region_slot_falls_back_to_england_and_wales_and_says_so(dispatcher) -> None:
    ActionServeGuidance().run(dispatcher, make_tracker("protection_order", {"region": "not_said"}), {})
    text = " ".join(m["text"] for m in dispatcher.messages)
    assert "Only the police can apply" in text and "tell me if you're in Scotland" in text


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


def test_the_core_fallback_serves_the_menu_and_the_999_line(dispatcher) -> None:
    ActionFallback().run(dispatcher, make_tracker("recognise_stalking"), {})
    assert served(dispatcher) == ["fallback"]
    assert library().services["emergency"].phone in " ".join(m["text"] for m in dispatcher.messages)


def test_the_check_result_is_tailored_and_then_cleared(dispatcher) -> None:
    slots = {"check_behaviour": "monitoring", "check_repeated": "yes", "check_unwanted": "yes",
             "check_afraid": "yes", "relationship": "ex_partner", "region": "scotland"}
    events = ActionStalkingCheckResult().run(dispatcher, make_tracker("inform", slots), {})
    text = " ".join(m["text"] for m in dispatcher.messages)
    assert served(dispatcher) == ["stalking_check_result"]
    assert "FOUR" in text and "before removing anything" in text
    assert library().services["scotland_domestic_abuse_helpline"].phone in text
    assert {e["name"]: e["value"] for e in events} == {
        "check_behaviour": None, "check_repeated": None, "check_unwanted": None, "check_afraid": None}

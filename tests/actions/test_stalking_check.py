"""The stalking check's validation and questions (actions/stalking_check.py)."""

import pytest

from actions.stalking_check import ActionAskCheckQuestion, ValidateStalkingCheckForm
from safety.content import CHECK_QUESTIONS, library
from tests.actions.conftest import make_tracker

validate = ValidateStalkingCheckForm()


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("he keeps turning up at my work", "following"),
        ("loads of texts and calls from new numbers", "messages"),
        ("I think he put an AirTag in my bag", "monitoring"),
        ("he sends flowers and contacts my friends", "gifts_contact"),
        ("he slashed my tyres", "property_threats"),
        ("it's hard to describe", "something_else"),
        ("", "something_else"),
    ],
)
def test_a_typed_answer_is_sorted_and_never_turned_away(dispatcher, typed, kind) -> None:
    assert validate.validate_check_behaviour(typed, dispatcher, make_tracker(), {}) == {"check_behaviour": kind}
    assert dispatcher.messages == []


def test_a_button_answer_is_kept(dispatcher) -> None:
    assert validate.validate_check_behaviour("monitoring", dispatcher, make_tracker(), {}) == {
        "check_behaviour": "monitoring"
    }


def test_the_raw_words_are_not_kept(dispatcher) -> None:
    result = validate.validate_check_behaviour(
        "my neighbour Dave at number 12 watches me", dispatcher, make_tracker(), {}
    )
    assert result["check_behaviour"] in library().check["behaviours"]


def test_an_unrecognised_relationship_is_accepted_as_unknown(dispatcher) -> None:
    assert validate.validate_relationship("a guy from the bus", dispatcher, make_tracker(), {}) == {
        "relationship": "unknown"
    }
    assert validate.validate_relationship("stranger", dispatcher, make_tracker(), {}) == {"relationship": "stranger"}


def test_an_unrecognised_region_is_asked_again_not_guessed(dispatcher) -> None:
    assert validate.validate_region("somewhere up north", dispatcher, make_tracker(), {}) == {"region": None}
    assert validate.validate_region("scotland", dispatcher, make_tracker(), {}) == {"region": "scotland"}
    assert validate.validate_region("not_said", dispatcher, make_tracker(), {}) == {"region": "not_said"}


@pytest.mark.parametrize("slot", ["check_repeated", "check_unwanted", "check_afraid"])
def test_yes_no_answers_are_kept_and_anything_else_asked_again(dispatcher, slot) -> None:
    check = getattr(validate, f"validate_{slot}")
    for answer in ("yes", "no", "unsure"):
        assert check(answer, dispatcher, make_tracker(), {}) == {slot: answer}
    assert check("banana", dispatcher, make_tracker(), {}) == {slot: None}


@pytest.mark.parametrize("slot", CHECK_QUESTIONS)
def test_each_question_is_asked_with_its_buttons(dispatcher, slot) -> None:
    action = next(cls for cls in ActionAskCheckQuestion.__subclasses__() if cls.slot == slot)()
    assert action.name() == f"action_ask_{slot}"
    action.run(dispatcher, make_tracker(), {})
    [message] = dispatcher.messages
    assert message["text"]
    assert len(message["buttons"]) >= 3
    assert all(b["payload"].startswith("/") for b in message["buttons"])


def test_yes_no_questions_let_the_person_stop(dispatcher) -> None:
    for slot in ("check_repeated", "check_unwanted", "check_afraid"):
        payloads = [b["payload"] for b in library().check_question(slot)["buttons"]]
        assert payloads == ["/affirm", "/deny", "/not_sure", "/stop"]

"""The deterministic danger safety net (safety/danger.py)."""

from pathlib import Path

import pytest
import yaml

from safety.content import library
from safety.danger import danger_signal, normalise
from safety.risk import risk_signal

WORDING = yaml.safe_load((Path(__file__).resolve().parents[1] / "nlu" / "danger_wording.yml").read_text())


@pytest.mark.parametrize("text", WORDING["danger"])
def test_every_danger_message_is_caught(text: str) -> None:
    assert danger_signal(text), text


def test_false_alarms_on_frightening_but_not_urgent_messages_are_rare() -> None:
    alarms = [t for t in WORDING["not_danger"] if danger_signal(t)]
    assert len(alarms) <= len(WORDING["not_danger"]) * 0.05, alarms


@pytest.mark.parametrize(
    "text",
    [
        "is this stalking? he's outside my door",  # danger wins, whatever else it says
        "HE'S OUTSIDE MY DOOR",
        "he’s outside my door",  # curly apostrophe
        "hes in the garden rn",
        f"{library().services['emergency'].phone}!!",
    ],
)
def test_shapes_of_the_same_danger_are_caught(text: str) -> None:
    assert danger_signal(text)


@pytest.mark.parametrize(
    "text",
    [
        "he was outside my house last week",
        "what should I do if he turns up again",
        "he keeps turning up at my work",
        "how do I help my friend",
        "what is a stalking protection order",
        "can i get in contact with the helpline",
        "how do i get in touch with an advocate",
        "will he get in trouble if i report him",
        "",
        None,
    ],
)
def test_past_habitual_and_hypothetical_framing_is_not_an_emergency(text) -> None:
    assert danger_signal(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "is there a stalking advocate near me? i need someone on my side",
        "i want someone in my corner",
        "need somebody on my side",
    ],
)
def test_wanting_someone_on_your_side_is_support_not_someone_nearby(text: str) -> None:
    assert danger_signal(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "he's on my side of the road",
        "he is on my side gate",
        "the guy from before is on my side gate",
        "there's a man on my side path",
        "someone is in my corner of the garden",
        "he's in my corner shop waiting",
        "i need someone on my side, he's outside",
    ],
)
def test_the_idioms_carve_out_leaves_real_places_as_danger(text: str) -> None:
    assert danger_signal(text) == "presence"


def test_breaking_an_order_is_a_risk_sign_but_breaking_things_is_still_danger() -> None:
    broken_order = "can police arrest him for breaking my interdict, i live in fife"
    assert danger_signal(broken_order) is None
    assert risk_signal(broken_order) == "broken_order"  # the risk reply, never a shrug
    for smashing in ("hes breaking my stuff", "hes breaking my windows right now", "he's breaking the door"):
        assert danger_signal(smashing) == "violence", smashing


def test_only_the_cue_name_is_returned_never_the_words() -> None:
    assert danger_signal("help he has a knife") in {"help", "weapon"}


def test_normalise_gives_one_shape() -> None:
    assert normalise("He’s  OUTSIDE!!") == "he s outside!!"

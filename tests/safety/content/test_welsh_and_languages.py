"""Wales and other languages (content for issue 14): Live Fear Free for Wales, vetted
Welsh wording marked as a draft, and a plain English reply for other languages that
starts with the emergency line and gives 999's interpreter route."""

from __future__ import annotations

import pytest

from safety.content import Library, digits
from tests.safety.content.conftest import texts

WELSH = ["welsh_safety", "welsh_welcome"]


def test_live_fear_free_is_in_the_directory_for_wales_only(lib: Library) -> None:
    service = lib.services["live_fear_free"]
    assert service.nations == ("wales",)
    assert service.hours
    assert service.sms
    assert service.email
    # The misprint that circulates drops digits from the real number: it is on the retired list.
    misprints = [n for n, why in lib.retired_numbers.items() if "Live Fear Free" in why]
    assert misprints
    assert digits(service.phone) not in misprints


@pytest.mark.parametrize("entry_id", WELSH)
def test_welsh_wording_is_a_draft_until_a_welsh_speaker_signs_it_off(lib: Library, entry_id: str) -> None:
    entry = lib.entries[entry_id]
    assert entry.language == "cy"
    assert entry.translation_status == "draft"
    assert entry.translation_of in lib.entries


def test_the_welsh_reply_starts_with_999_and_ateb_tawel_and_names_byw_heb_ofn(lib: Library) -> None:
    said = texts(lib, "welsh_safety")
    first = lib.render("welsh_safety")[0]["text"]
    assert lib.services["emergency"].phone in first
    assert "Ateb Tawel" in first
    assert (
        f"gwasgwch {lib.services['silent_solution'].phone} pan gaiff ei ysgogi" in first
    )  # on a mobile, when prompted
    assert "Llinell Gymorth Byw Heb Ofn" in said
    assert lib.services["live_fear_free"].phone in said
    assert "stelcio" in said
    assert lib.render("welsh_safety")[-1]["text"].endswith(lib.safety_line_cy)


def test_the_welsh_safety_line_is_the_english_one_in_welsh(lib: Library) -> None:
    for service in ("emergency", "silent_solution"):
        assert lib.services[service].phone in lib.safety_line_cy


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("pl", "Polish"),
        ("ro", "Romanian"),
        ("pa", "Punjabi"),
        ("ur", "Urdu"),
        ("ar", "Arabic"),
        ("pt", "Portuguese"),
        ("es", "Spanish"),
        ("bn", "Bengali"),
    ],
)
def test_another_language_gets_the_emergency_line_first_then_the_interpreter(
    lib: Library, code: str, name: str
) -> None:
    messages = lib.render("other_language", {"language": code})
    assert messages[0]["text"].startswith(f"If you are in danger now, call {lib.services['emergency'].phone}.")
    assert f'"Help, {name}"' in messages[1]["text"]


def test_the_helplines_named_for_interpreting_are_the_ones_the_fact_base_confirms(lib: Library) -> None:
    unknown = texts(lib, "other_language", language="other")
    assert lib.services["scotland_domestic_abuse_helpline"].phone in unknown
    assert lib.services["live_fear_free"].phone in unknown
    assert lib.services["national_domestic_abuse_helpline"].phone not in unknown  # its interpreting is unconfirmed


def test_people_in_wales_get_live_fear_free_where_england_gets_the_national_lines(lib: Library) -> None:
    wales = lib.render_answer("refuge_number", {"region": "england_wales", "nation": "wales"})[0]["text"]
    england = lib.render_answer("refuge_number", {"region": "england_wales", "nation": "england"})[0]["text"]
    assert lib.services["live_fear_free"].phone in wales
    assert lib.services["live_fear_free"].phone not in england


def test_every_reply_that_gives_wales_a_helpline_for_england_gives_live_fear_free_too(lib: Library) -> None:
    """Wherever England's domestic abuse helpline is shown, someone in Wales also sees Wales's
    own (the audit found ten replies without it), with its source."""
    england_lines = [lib.services[s].phone for s in lib.wales_helpline_after]
    own = lib.services["live_fear_free"]
    missing, checked = [], 0
    for item_id in [*lib.entries, *lib.answers]:
        for context, messages in lib.variants(item_id):
            if context.get("nation") != "wales":
                continue
            said = " ".join(m["text"] for m in messages)
            web = [lib.services[s].web for s in lib.wales_helpline_after if lib.services[s].web]
            if any(line in said for line in england_lines + web):
                checked += 1
                sources = {s["url"] for s in messages[0]["custom"]["sources"]}
                if own.phone not in said or not {lib.register[s].url for s in own.sources} & sources:
                    missing.append(item_id)
    assert checked >= 10, f"only {checked} Welsh renderings name England's helpline: the check looks at too little"
    assert not missing, (
        f"shown England's helpline in Wales without Live Fear Free and its source: {sorted(set(missing))}"
    )


def test_the_wales_line_is_not_added_outside_wales_nor_twice(lib: Library) -> None:
    own = lib.services["live_fear_free"].phone
    for nation in ("england", "unknown"):
        said = lib.render_answer("talk_at_night", {"nation": nation})[0]["text"]
        assert own not in said, nation
    wales = lib.render_answer("refuge_number", {"nation": "wales"})[0]["text"]
    assert wales.count(own) == 1, wales

"""The corrections from the independent content audit of 2026-11-29
(../shared/audits/2026-11-29-content-audit.md), each guarded in the variant it was
found in. Every case failed on the wording before the correction."""

from __future__ import annotations

import re
from typing import Dict, List

import pytest

from safety.content import Library
from tests.conftest import phone
from tests.safety.content.conftest import texts

REGIONS = ["england_wales", "scotland", "northern_ireland"]

# (audit item, entry, context, phrases that must appear, phrases that must not)
CASES: List[tuple] = [
    (
        "W1",
        "stalking_check_result",
        {"check_afraid": "no"},
        ["you don't need to feel frightened to ask for help"],
        ["doesn't matter whether you feel frightened"],
    ),
    (
        "W1",
        "stalking_check_result",
        {"check_afraid": "unsure", "region": "scotland"},
        ["you don't need to feel frightened to ask for help"],
        ["doesn't matter whether you feel frightened"],
    ),
    ("W2", "protection_orders", {"region": "england_wales"}, ["engaged to", "partner of\nmore than 6 months"], []),
    (
        "W3",
        "protection_orders",
        {"region": "scotland"},
        ["one\ncan be enough in domestic abuse cases"],
        ["if there have been at least two incidents"],
    ),
    (
        "W4",
        "stalking_check_result",
        {"relationship": "ex_partner", "region": "england_wales"},
        ["is for women", "Men's Advice Line", "Galop"],
        ["can help too, at any hour"],
    ),
    (
        "R1",
        "silent_solution",
        {},
        ["deaf, hard of hearing or\nspeech-impaired", "slower than a call"],
        ["If you're deaf or can't speak"],
    ),
    ("R2", "stalking_check_result", {"check_behaviour": "monitoring"}, ["never had access to"], []),
    ("R3", "reporting", {}, ["Ask the helpline for the current version", "out-of-date helpline number"], []),
    ("U1", "reporting", {}, ["describe the whole pattern"], ["say that you think it's stalking"]),
    ("U2", "protection_orders", {"region": "scotland"}, ["interdict"], ["the main order is"]),
    ("U3", "supporting_someone", {}, ["where it's\nsafe to", "immediate danger, call"], ["at their own pace"]),
    ("U4", "about_bot", {}, ["fact sheet our team built from public\nsources"], ["our staff have checked"]),
    ("U5", "advocacy", {"region": "scotland"}, ["Action Against Stalking"], ["Paladin"]),
    ("U5", "advocacy", {"region": "northern_ireland"}, ["Domestic and Sexual Abuse Helpline"], ["Paladin"]),
    ("U5", "advocacy", {"region": "england_wales"}, ["Paladin"], []),
    # Section 5 observations taken.
    ("5", "immediate_danger", {}, ["if you don't press it, the call is ended"], []),
    (
        "5",
        "protection_orders",
        {"region": "northern_ireland"},
        ["non-molestation order", "you don't apply\nyourself"],
        ["so you don't have to apply yourself"],
    ),
    (
        "5",
        "emotional_support",
        {"region": "northern_ireland", "relationship": "ex_partner"},
        ["for all genders and ages"],
        ["for everyone"],
    ),
    ("5", "talk_to_someone", {"region": "northern_ireland"}, ["for all genders and ages"], ["for everyone"]),
    ("5", "talk_to_someone", {"region": "england_wales"}, ["check before you call"], []),
    ("5", "recognising_stalking", {"relationship": "partner"}, [], ["Stalking by an ex is common"]),
    ("5", "harassment", {}, ["going to the police before you report it"], ["report it, and any threat to do it"]),
    (
        "5",
        "reporting",
        {},
        ["whether there is a stalking advocate in your area"],
        ["An advocate can speak to the police for you"],
    ),
    (
        "5",
        "emotional_support",
        {"region": "scotland", "relationship": "stranger"},
        [],
        [phone("scotland_domestic_abuse_helpline")],
    ),
]


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(("item", "entry", "context", "must", "must_not"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_the_audit_correction_holds(
    lib: Library, item: str, entry: str, context: Dict[str, str], must: List[str], must_not: List[str]
) -> None:
    said = _flat(texts(lib, entry, **context))
    for phrase in must:
        assert _flat(phrase) in said, f"{item}: '{phrase}' missing from {entry} {context}"
    for phrase in must_not:
        assert _flat(phrase) not in said, f"{item}: '{phrase}' still in {entry} {context}"


def test_no_source_is_a_bare_domain(lib: Library) -> None:
    for source_id, source in lib.register.items():
        path = source.url.split("://", 1)[1].split("/", 1)
        assert len(path) == 2, source_id
        assert path[1].strip("/"), source_id


# The wrong wording must not come back anywhere: not in another variant, and not in a
# short answer that repeats the same fact.
# W4's phrase is right for Scotland's and Northern Ireland's helplines, and Paladin may be
# named there: both have a check of their own below.
NEVER = sorted({_flat(p) for case in CASES for p in case[4] if case[0][0] in "WRU" and case[0] not in ("W4", "U5")})


def test_no_rendering_of_any_entry_or_answer_repeats_a_corrected_error(lib: Library) -> None:
    from tests.safety.content.conftest import all_renderings

    found = []
    for item_id, context, messages in all_renderings(lib):
        said = _flat("\n".join(m["text"] for m in messages))
        found += [f"{item_id} {context}: {phrase}" for phrase in NEVER if phrase.lower() in said.lower()]
        region = context.get("region")
        if region in ("scotland", "northern_ireland") and phone("paladin") in said:
            found.append(f"{item_id} {context}: Paladin's number outside England and Wales (U5)")
        names_ndah = phone("national_domestic_abuse_helpline") in said or "nationaldahelpline" in said
        if names_ndah and not re.search(r"(?i)\bwom[ae]n\b", said):  # by number or by its website
            found.append(f"{item_id} {context}: the National Domestic Abuse Helpline, not said to be for women (W4)")
        if "emergencySMS" in said and "slower than a call" not in said:
            found.append(f"{item_id} {context}: emergencySMS without 'slower than a call' (R1)")
        if "DASH" in said and "out-of-date" not in said:
            found.append(f"{item_id} {context}: a DASH checklist without the warning about old copies (R3)")
        lists_who_can_apply = region == "england_wales" and "non-molestation" in said and "engaged" in said
        if lists_who_can_apply and "6 months" not in said:  # it must name partners (W2)
            found.append(f"{item_id} {context}: non-molestation eligibility without partners of 6 months")
        if "domestic abuse interdict" in said and "crime" in said and "power of arrest" not in said:
            found.append(f"{item_id} {context}: breaking a domestic abuse interdict a crime without a power of arrest")
        if (
            region == "northern_ireland"
            and "non-molestation" in said
            and re.search(r"associated person\W+,? such as", said)
        ):
            found.append(
                f"{item_id} {context}: NI's associated persons listed; the fact base says only 'similar to E&W'"
            )
    assert found == []


def test_the_crisis_entry_says_to_give_your_location(lib: Library) -> None:
    """Fact base part 1 (999 calls): if you can say only one thing, say where you are."""
    first = lib.render("immediate_danger")[0]["text"]
    assert "say where you are" in _flat(first)


def test_the_ex_partner_recording_rule_is_worded_as_the_recording_rules(lib: Library) -> None:
    """Audit section 5: the counting rules say a pattern of behaviour by an ex-partner is
    recorded as stalking; the entry must not say it is what police always do."""
    said = _flat(texts(lib, "reporting", region="england_wales", relationship="ex_partner"))
    assert (
        "the police recording rules in England and Wales say a pattern of behaviour should be recorded as stalking"
        in said
    )
    assert "police in England and Wales record the behaviour as stalking" not in said

"""Where is the user? Place names to police force areas (safety/places.py, content/local/)."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import Callable, Optional

import pytest
import yaml

from safety import places
from safety.content import CONTENT_DIR, ContentError
from safety.places import find_place

ROOT = Path(__file__).resolve().parents[2]


def area_of(text: str) -> Optional[str]:
    match = find_place(text)
    return match.area if match else None


# --- the files ------------------------------------------------------------------------
def test_the_areas_are_the_43_forces_and_two_nations() -> None:
    areas = places.areas()
    assert len(areas) == 45
    assert sum(a.region == "england_wales" for a in areas.values()) == 43
    assert places.area("scotland").region == "scotland"
    assert places.area("northern_ireland").nation == "northern_ireland"
    assert places.area("dyfed_powys").nation == "wales"
    assert places.area("dyfed_powys").region == "england_wales"
    assert places.area("hertfordshire").name == "Hertfordshire"
    with pytest.raises(KeyError):
        places.area("atlantis")


def test_every_place_maps_to_a_real_area_and_every_area_is_reachable() -> None:
    gazetteer = places.gazetteer()
    known = set(gazetteer.areas) | {places.OUTSIDE}
    reached = set()
    for name in gazetteer.names.values():
        assert name.areas <= known, name.label
        if len(name.areas) == 1 and not name.person:
            reached |= name.areas
    assert reached >= set(gazetteer.areas)


def test_every_name_on_its_own_resolves_to_its_area() -> None:
    """Each listed name, typed alone, gives its own area: no name is shadowed by another."""
    wrong = []
    for name in places.gazetteer().names.values():
        if len(name.areas) == 1 and places.OUTSIDE not in name.areas and not name.person:
            [expected] = name.areas
            if area_of(name.label) != expected:
                wrong.append((name.label, expected, area_of(name.label)))
    assert wrong == []


def content_copy(tmp_path: Path) -> Path:
    shutil.copytree(CONTENT_DIR / "local", tmp_path / "local")
    return tmp_path


def edit(path: Path, change: Callable[[dict], None]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "change", "field"),
    [
        ("places.yml", lambda d: d["areas"]["kent"]["places"].append("Stevenage"), "areas.kent.places"),
        ("places.yml", lambda d: d["areas"].setdefault("atlantis", {"places": ["Atlantis"]}), "areas.atlantis"),
        ("places.yml", lambda d: d["areas"].pop("gwent"), "areas"),
        ("places.yml", lambda d: d["needs_place_cue"].append("Nowhere Special"), "needs_place_cue"),
        (
            "places.yml",
            lambda d: d["ambiguous"].append({"name": "Lonely", "level": "place", "areas": ["kent"]}),
            "ambiguous[-1].areas",
        ),
        (
            "places.yml",
            lambda d: d["ambiguous"].append({"name": "Foo", "level": "town", "areas": ["kent", "essex"]}),
            "ambiguous[-1].level",
        ),
        ("places.yml", lambda d: d["nations"].pop("wales"), "nations"),
        ("areas.yml", lambda d: d["areas"][0].update(region="scotland"), "areas[0].region"),
        ("areas.yml", lambda d: d["areas"][0].update(nation="mercia"), "areas[0].nation"),
        ("areas.yml", lambda d: d["areas"][1].update(id="Bad Id"), "areas[1].id"),
        ("areas.yml", lambda d: d["areas"].pop(3), "areas"),
        ("areas.yml", lambda d: d["areas"][2].pop("name"), "areas[2].name"),
        ("areas.yml", lambda d: d["areas"][2].update(Oxfordshire=None), "areas[2].Oxfordshire"),
    ],
)
def test_a_broken_file_names_the_file_and_field(tmp_path: Path, file: str, change, field: str) -> None:
    root = content_copy(tmp_path)
    edit(root / "local" / file, change)
    with pytest.raises(ContentError) as caught:
        places.load(root)
    if "[-1]" in field:
        count = len(yaml.safe_load((root / "local" / file).read_text(encoding="utf-8"))["ambiguous"])
        field = field.replace("[-1]", f"[{count - 1}]")
    assert caught.value.path.name == file
    assert caught.value.field_name == field


def test_a_missing_or_unreadable_file_is_named(tmp_path: Path) -> None:
    root = content_copy(tmp_path)
    (root / "local" / "places.yml").write_text("areas: [unclosed", encoding="utf-8")
    with pytest.raises(ContentError, match=r"places\.yml"):
        places.load(root)
    (root / "local" / "areas.yml").unlink()
    with pytest.raises(ContentError, match=r"areas\.yml: \(file\): is missing"):
        places.load(root)


# --- finding a place ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "area", "kind"),
    [
        ("Stevenage", "hertfordshire", "exact"),
        ("herts", "hertfordshire", "alias"),
        ("Caerdydd", "south_wales", "alias"),
        ("Wrecsam", "north_wales", "alias"),
        ("Casnewydd", "gwent", "alias"),
        ("brum", "west_midlands", "alias"),
        ("Manchster", "greater_manchester", "misspelling"),
        ("i live in Nottingam", "nottinghamshire", "misspelling"),
        ("Hertfordshre", "hertfordshire", "misspelling"),
    ],
)
def test_exact_alias_and_misspelt_names(text: str, area: str, kind: str) -> None:
    match = find_place(text)
    assert match is not None
    assert (match.area, match.kind, match.ambiguous) == (area, kind, False)
    assert match.candidates == (area,)


@pytest.mark.parametrize(
    ("text", "area"),
    [
        ("I'm in Stevenage", "hertfordshire"),
        ("near Watford", "hertfordshire"),
        ("I live in Belfast", "northern_ireland"),
        ("im from Luton", "bedfordshire"),
        ("just outside Peterborough", "cambridgeshire"),
        ("in the Milton Keynes area", "thames_valley"),
        ("ST. ALBANS!!", "hertfordshire"),
        ("saint albans", "hertfordshire"),
        ("stoke on trent", "staffordshire"),
        ("Stoke-on-Trent", "staffordshire"),
        ("kings lynn", "norfolk"),
        ("King's Lynn", "norfolk"),
        ("miltonkeynes", "thames_valley"),
        ("Swindon", "wiltshire"),
        ("Hull", "humberside"),
        ("Middlesbrough", "cleveland"),
        ("Wrexham", "north_wales"),
        ("Swansea", "south_wales"),
        ("Oxford", "thames_valley"),
        ("Bristol", "avon_and_somerset"),
        ("South Gloucestershire", "avon_and_somerset"),
        ("North East Lincolnshire", "humberside"),
        ("Bradford on Avon", "wiltshire"),
    ],
)
def test_phrasings_case_punctuation_and_force_mappings(text: str, area: str) -> None:
    assert area_of(text) == area


def test_the_match_points_at_the_place_in_the_text() -> None:
    text = "hi, I'm in Welwyn Garden City now"
    match = find_place(text)
    assert match is not None
    assert text[match.start : match.end] == "Welwyn Garden City"
    assert match.place == "Welwyn Garden City"


def test_a_town_beats_its_historic_county_and_a_county_settles_a_shared_name() -> None:
    assert area_of("Altrincham, Cheshire") == "greater_manchester"
    assert area_of("Middlesbrough, Yorkshire") == "cleveland"
    assert area_of("Harrow, Middlesex") == "metropolitan"
    assert area_of("Newport, South Wales") == "gwent"
    assert area_of("Newport, Wales") == "gwent"
    assert area_of("Newport on the Isle of Wight") == "hampshire"
    assert area_of("Bangor, County Down") == "northern_ireland"


def test_where_i_live_beats_where_i_am_from() -> None:
    assert area_of("I'm from Glasgow but I live in Leeds now") == "west_yorkshire"
    assert area_of("im Welsh but living in Bristol") == "avon_and_somerset"


# --- asking rather than guessing ------------------------------------------------------
def test_an_ambiguous_name_asks() -> None:
    match = find_place("Newport")
    assert match is not None
    assert match.ambiguous
    assert match.area is None
    assert match.candidates == ("gwent", "hampshire", "west_mercia")
    assert match.region == "england_wales"  # every Newport is in England and Wales


def test_an_ambiguous_name_across_regions_gives_no_region() -> None:
    match = find_place("I'm in Bangor")
    assert match is not None
    assert match.ambiguous
    assert match.area is None
    assert match.region is None
    assert match.candidates == ("north_wales", "northern_ireland")


def test_places_that_disagree_give_no_area() -> None:
    match = find_place("Leeds or Glasgow")
    assert match is not None
    assert match.area is None
    assert match.ambiguous
    assert match.region is None


def test_a_misspelling_close_to_two_places_is_not_guessed() -> None:
    assert find_place("Brigton") is None  # Brighton or Brixton


@pytest.mark.parametrize(
    "text",
    [
        "I'm reading his messages again",
        "he said the deal is off",
        "it started in march",
        "I want to bury my head in the sand",
        "I'm in the bath and he keeps calling",
        "he was at the sale last week",
        "Barry keeps messaging me",
        "my NI number",
        "can I talk to a real person",
        "he's on the landing",
        "i haven't slept in weeks",
        "my brother",
        "who is the prime minister",
        "I'd rather not say",
        "can you explain it in plain English",
        # Short messages of filler words and a word-like name (the audit of 2026-12-07 found
        # these set an area, and with it the region, of someone who never said where they were).
        "I'm in the bath",
        "I'm in the street",
        "I'm reading",
        "I'm in a deal",
        "im in the sale",
    ],
)
def test_ordinary_words_are_not_taken_as_places(text: str) -> None:
    match = find_place(text)
    assert match is None or (match.area is None and match.region is None), match


@pytest.mark.parametrize(
    ("text", "area"),
    [
        ("I'm in Reading", "thames_valley"),
        ("near Bath", "avon_and_somerset"),
        ("I live in Sale", "greater_manchester"),
        ("Deal", "kent"),
        ("the March area", "cambridgeshire"),
        ("Reading, Berkshire", "thames_valley"),
        ("im in bath", "avon_and_somerset"),
        ("reading", "thames_valley"),
        ("I live near Hyde Park", "metropolitan"),  # London's park, not Hyde in Greater Manchester
    ],
)
def test_ordinary_word_places_count_when_the_message_gives_a_place(text: str, area: str) -> None:
    assert area_of(text) == area


@pytest.mark.parametrize(
    "text",
    [
        "Dublin",
        "I'm in Paris",
        "New York",
        "new south wales",
        "Perth, Australia",
        "I live in Boston, USA",
        "Narnia",
        "Flobbington on the Wold",
        "the UK",
        "not saying",
        "Hul",
        "Bth",
        "Ambridge",
    ],
)
def test_abroad_made_up_or_no_place_resolves_to_nothing(text: str) -> None:
    match = find_place(text)
    assert match is None or (match.area is None and match.region is None), match


def test_short_names_are_never_fuzzy() -> None:
    assert find_place("Yrk") is None
    assert find_place("Brt") is None
    assert area_of("Cardif") == "south_wales"  # six letters: one edit allowed


# --- nations and regions --------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "area", "region", "ambiguous"),
    [
        ("Scotland", "scotland", "scotland", False),
        ("Northern Ireland", "northern_ireland", "northern_ireland", False),
        ("i'm in NI", "northern_ireland", "northern_ireland", False),
        ("Norn Iron", "northern_ireland", "northern_ireland", False),
        ("Wales", None, "england_wales", True),
        ("England", None, "england_wales", True),
        ("I'm Scottish", None, "scotland", False),
        ("I'm Welsh", None, "england_wales", False),
        ("Glasgow", "scotland", "scotland", False),
        ("Yorkshire", None, "england_wales", True),
    ],
)
def test_nation_words_give_the_region(text: str, area: Optional[str], region: str, ambiguous: bool) -> None:
    match = find_place(text)
    assert match is not None
    assert (match.area, match.region, match.ambiguous) == (area, region, ambiguous)


def test_every_area_region_follows_its_nation() -> None:
    for area in places.areas().values():
        assert area.region == places.NATION_REGIONS[area.nation]


# --- leaving no trace -----------------------------------------------------------------
def test_a_match_carries_ids_and_offsets_not_the_words(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    text = "im in Manchster near my sisters"
    match = find_place(text)
    assert match is not None
    assert match.area == "greater_manchester"
    assert "Manchster" not in repr(match)
    assert "sisters" not in repr(match)
    assert not any("Manchster" in record.getMessage() for record in caplog.records)


# --- the held-out lists ---------------------------------------------------------------
@pytest.mark.parametrize("name", ["places_heldout.yml", "places_blind.yml"])
def test_held_out_lists_name_real_areas(name: str) -> None:
    rows = yaml.safe_load((ROOT / "tests" / "nlu" / name).read_text(encoding="utf-8"))["places"]
    allowed = set(places.areas()) | {"unknown", "ambiguous"}
    assert {row["area"] for row in rows} <= allowed
    assert all(isinstance(row["text"], str) and row["text"].strip() for row in rows)
    if name == "places_heldout.yml":
        assert len(rows) >= 150


# --- the question without the place ------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("im in belfast what even is a stalking protection order", "what even is a stalking protection order"),
        ("which charities support stalking victims here, im in fife", "which charities support stalking victims"),
        (
            "i live in the leeds area and my ex keeps texting me, can the police stop it",
            "my ex keeps texting me, can the police stop it",
        ),
        ("is there a clares law in scotland? im in aberdeen", "is there a clares law in scotland?"),
        ("Im in Manchster, how do I report him", "how do I report him"),
    ],
)
def test_without_places_keeps_the_question(text: str, question: str) -> None:
    assert places.without_places(text) == question


@pytest.mark.parametrize(
    "text",
    [
        "im in glasgow",  # an answer to "where are you?": the place is the message
        "and in scotland?",
        "police scotland said its a civil matter",  # a name, not where the user is
        "how do i complain about the PSNI",
        "im a bloke being stalked by my ex girlfriend",
        "im welsh, who can help",  # says who, not where
        "what is the stalking law in scotland",  # asks about the place itself
        "who supports stalking victims in northern ireland",
    ],
)
def test_without_places_leaves_messages_that_are_not_giving_a_place(text: str) -> None:
    assert places.without_places(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SG1 3AB", True),
        ("sg13ab", True),
        ("its AL1", True),
        ("my postcode is WD17 1AB", True),
        ("Stevenage", False),
        ("im in Watford, WD17", False),  # a place we know wins
        ("he sent 3 messages", False),
        ("hi", False),
    ],
)
def test_a_postcode_is_recognised_so_the_bot_can_ask_for_the_town(text: str, expected: bool) -> None:
    assert places.gives_postcode(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("help near Narnia", True),
        ("is there a stalking advocate in flobbington", True),
        ("I live in Flobbington village", True),
        ("any stalking support near hogwarts please", True),
        ("any support near me", False),
        ("help in my area", False),
        ("support near where i live", False),
        ("is there help in london", False),  # a place we know
        ("help near Newport", False),  # several areas: asked which, not unknown
        ("advocate near the shops", False),
        ("help in urdu", False),  # a language, not a place
        ("someone from uni keeps messaging me", False),
        ("my passwords are saved in chrome", False),
        ("i got the order in january", False),
    ],
)
def test_a_place_we_dont_know_is_told_apart_from_everyday_words(text: str, expected: bool) -> None:
    """ "help near Narnia" should hear "I don't know that place", not the question again;
    "near me" or "in my area" is not a place at all."""
    assert places.names_unknown_place(text) is expected

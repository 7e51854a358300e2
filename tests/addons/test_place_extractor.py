"""Where the user is, as `area`, `region` and `nation` entities, or a misspelt place to
confirm (addons/place_extractor.py)."""

from pathlib import Path
from typing import Dict, List

import yaml
from rasa.shared.nlu.training_data.message import Message

from addons.place_extractor import PlaceExtractor
from safety.places import areas

ROOT = Path(__file__).resolve().parents[2]
extractor = PlaceExtractor()


def entities_for(text: str, existing: List[Dict] = ()) -> List[Dict]:
    message = Message(data={"text": text, "entities": list(existing)})
    [done] = extractor.process([message])
    return done.get("entities")


def values(entities: List[Dict]) -> Dict[str, str]:
    return {e["entity"]: e["value"] for e in entities}


def test_a_place_gives_its_area_and_region() -> None:
    text = "I live in Stevenage"
    found = entities_for(text)
    assert values(found) == {"area": "hertfordshire", "region": "england_wales", "nation": "england"}
    for entity in found:
        assert text[entity["start"] : entity["end"]] == "Stevenage"
        assert entity["extractor"] == "PlaceExtractor"


def test_the_entities_hold_ids_not_the_users_words() -> None:
    text = "im in glasgow"
    for entity in entities_for(text):
        assert set(entity) <= {"entity", "value", "start", "end", "confidence", "extractor"}
        assert "glasgow" not in str(entity["value"]).lower()
    assert values(entities_for("Glasgow")) == {"area": "scotland", "region": "scotland", "nation": "scotland"}


def test_an_ambiguous_place_gives_the_listed_name_to_ask_which_and_only_a_region_it_shares() -> None:
    assert values(entities_for("Newport")) == {"place_shared": "Newport", "region": "england_wales"}
    assert values(entities_for("I'm in Bangor")) == {"place_shared": "Bangor"}


def test_nation_words_give_a_region_without_an_area() -> None:
    assert values(entities_for("I'm Scottish")) == {"region": "scotland", "nation": "scotland"}
    assert values(entities_for("we're in Wales")) == {"region": "england_wales", "nation": "wales"}
    assert values(entities_for("NI")) == {
        "area": "northern_ireland",
        "region": "northern_ireland",
        "nation": "northern_ireland",
    }


def test_a_misspelt_place_is_only_a_guess_to_confirm() -> None:
    """One letter can't tell a typo of Watford from a made-up "Walford": ask, don't assume."""
    assert values(entities_for("I live in Walford")) == {"place_guess": "Watford"}
    assert values(entities_for("I live in Stevenage"))["area"] == "hertfordshire"


def test_no_place_leaves_the_other_entities_alone() -> None:
    relationship = {"entity": "relationship", "value": "ex_partner", "start": 5, "end": 7}
    assert entities_for("it's my ex", [relationship]) == [relationship]
    assert entities_for("Dublin") == []
    assert entities_for("I'm reading his texts") == []


def test_a_place_with_a_relationship_keeps_both() -> None:
    relationship = {"entity": "relationship", "value": "ex_partner", "start": 0, "end": 5}
    found = entities_for("my ex and i'm in Cardiff", [relationship])
    assert relationship in found
    assert values(found)["area"] == "south_wales"


def test_the_pipeline_uses_the_place_lookup_for_regions() -> None:
    config = yaml.safe_load((ROOT / "config.yml").read_text())
    names = [c["name"] for c in config["pipeline"]]
    assert "addons.place_extractor.PlaceExtractor" in names
    assert names.index("addons.place_extractor.PlaceExtractor") > names.index("EntitySynonymMapper")
    assert "RegexEntityExtractor" in names  # still reads the relationship lookup
    lookups = yaml.safe_load((ROOT / "data" / "nlu" / "lookups.yml").read_text())["nlu"]
    assert [b["lookup"] for b in lookups if "lookup" in b] == ["relationship"]
    assert not {"england_wales", "scotland", "northern_ireland"} & {b.get("synonym") for b in lookups}


def test_the_domain_keeps_the_area_slot_out_of_the_dialogue() -> None:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    assert "area" in domain["entities"]
    slot = domain["slots"]["area"]
    assert slot["influence_conversation"] is False
    assert slot["mappings"] == [{"type": "from_entity", "entity": "area"}]
    assert set(slot["values"]) == set(areas())
    assert domain["session_config"]["carry_over_slots_to_new_session"] is False

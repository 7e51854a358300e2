"""The hazard log as the review pack and the go-live check read it (scripts/hazard_log.py):
every test it names is there, every hazard says which content it is about, and the
content a hazard is about gets its tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from safety.content import Library, library
from safety.content.review import OTHER_REPLIES, topics
from scripts.hazard_log import RULES, HazardLogError, guarding, missing_tests, read


@pytest.fixture(scope="module")
def lib() -> Library:
    return library()


def test_every_test_the_hazard_log_names_is_there() -> None:
    hazards = read()
    assert [h.id for h in hazards] == list(RULES)
    assert sum(len(h.tests) for h in hazards) > 60
    assert missing_tests(hazards) == []


def test_the_silent_solution_hazard_guards_the_silent_solution_and_the_danger_reply(lib: Library) -> None:
    about = {item_id: [h.id for h in hazards] for item_id, hazards in guarding(lib, read()).items()}
    assert "H2" in about["silent_solution"]
    assert {"H2", "H3"} <= set(about["immediate_danger"])
    assert all("H2" in about[a] for a in lib.answers_for("silent_solution"))
    assert "H7" in about["safety_fallback"]
    assert "H8" in about["protection_orders"]
    assert "H1" in about["local_help"]
    assert not any(h in hazards for hazards in about.values() for h in ("H6", "H9", "H10", "H11"))


def test_every_item_that_gives_advice_is_guarded_by_tests(lib: Library) -> None:
    about = guarding(lib, read())
    for topic in topics(lib):
        if topic.id != OTHER_REPLIES:
            for item_id in topic.items:
                assert any(h.tests for h in about[item_id]), item_id


def test_a_test_that_is_not_there_is_found(tmp_path: Path) -> None:
    log = tmp_path / "safety-case.md"
    log.write_text(
        "## H1. Wrong numbers\n- **Cause:** typing.\n- **Verified by:**\n"
        "  - `tests/safety/content/test_library.py::test_nothing_is_past_its_review_date`\n"
        "  - `tests/safety/content/test_library.py::test_that_was_renamed`\n"
        "  - `tests/no_such_file.py::test_anything`\n"
        "  - `make evaluate`: danger recall must be 1.0\n"
        "- **Residual:** some.\n  - `tests/not_a_test_reference.py`\n"
    )
    [hazard] = read(log)
    assert [t.text for t in hazard.tests][-1] == "make evaluate: danger recall must be 1.0"
    assert missing_tests([hazard]) == [
        "H1 names tests/safety/content/test_library.py::test_that_was_renamed, which is not there",
        "H1 names tests/no_such_file.py::test_anything, which is not there",
    ]


def test_a_new_hazard_with_no_rule_stops_the_pack(tmp_path: Path) -> None:
    log = tmp_path / "safety-case.md"
    log.write_text("## H99. Something new\n")
    with pytest.raises(HazardLogError, match="H99"):
        read(log)

"""Recording a sign-off in the content file (safety/content/signoff.py): the three fields
land in the right item, the rest of the file is untouched, and a wrong sign-off writes
nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from safety.content.signoff import SignOffError, check_role, record, set_fields

ANSWERS_FILE = Path("answers") / "silent_solution.yml"


def _answer(path: Path, answer_id: str) -> dict:
    return next(a for a in yaml.safe_load(path.read_text())["answers"] if a["id"] == answer_id)


def test_signing_an_answer_adds_three_lines_and_keeps_the_rest_of_the_file(content_copy: Path) -> None:
    path = content_copy / ANSWERS_FILE
    before = path.read_text().split("\n")
    [done] = record(content_copy, ["after_pressing_55"], "Safeguarding lead", dt.date(2026, 12, 1))
    after = path.read_text().split("\n")
    added = [line for line in after if line not in before]
    assert added == [
        '    signed_off_by: "Safeguarding lead"',
        "    signed_off_on: 2026-12-01",
        f'    signed_off_hash: "{done.content_hash}"',
    ]
    assert [line for line in after if line not in added] == before  # comments, folding and order untouched
    assert (
        after.index(added[0])
        == after.index(
            "    reviewed_by: " + _answer(path, "after_pressing_55")["reviewed_by"],
            before.index("  - id: after_pressing_55"),
        )
        + 1
    )
    signed = _answer(path, "after_pressing_55")
    assert (signed["signed_off_by"], signed["signed_off_on"], signed["signed_off_hash"]) == (
        "Safeguarding lead",
        dt.date(2026, 12, 1),
        done.content_hash,
    )
    assert "signed_off_by" not in _answer(path, "press_55_location")


def test_signing_again_replaces_the_earlier_sign_off(content_copy: Path) -> None:
    record(content_copy, ["silent_solution"], "Service manager", dt.date(2026, 12, 1))
    record(content_copy, ["silent_solution"], "Safeguarding lead", dt.date(2026, 12, 2))
    text = (content_copy / "guidance" / "silent_solution.yml").read_text()
    assert text.count("signed_off_by:") == 1
    assert text.count("signed_off_hash:") == 1
    data = yaml.safe_load(text)
    assert (data["signed_off_by"], data["signed_off_on"]) == ("Safeguarding lead", dt.date(2026, 12, 2))


def test_the_fields_go_after_a_reviewed_by_that_runs_over_several_lines() -> None:
    text = "id: x\nreviewed_by: >-\n  Engineering team,\n  and more\nsources: [a]\n"
    assert set_fields(
        text, "x", False, {"signed_off_by": '"Lead"', "signed_off_on": dt.date(2026, 12, 1), "signed_off_hash": '"abc"'}
    ) == (
        'id: x\nreviewed_by: >-\n  Engineering team,\n  and more\nsigned_off_by: "Lead"\n'
        'signed_off_on: 2026-12-01\nsigned_off_hash: "abc"\nsources: [a]\n'
    )


def test_a_hash_from_an_older_pack_is_refused_and_nothing_is_written(content_copy: Path) -> None:
    path = content_copy / "guidance" / "silent_solution.yml"
    before = path.read_text()
    with pytest.raises(SignOffError, match="has changed since the pack"):
        record(content_copy, ["silent_solution"], "Safeguarding lead", expected_hash="0a0a 0a0a 0a0a 0a0a")
    assert path.read_text() == before


def test_an_unknown_id_is_refused_and_nothing_is_written(content_copy: Path) -> None:
    path = content_copy / "guidance" / "silent_solution.yml"
    before = path.read_text()
    with pytest.raises(SignOffError, match="no_such_item"):
        record(content_copy, ["silent_solution", "no_such_item"], "Safeguarding lead")
    assert path.read_text() == before


@pytest.mark.parametrize("role", ["", "   ", "jo.bloggs@example.org", "Lead, " + "0" + "7" * 10])
def test_a_sign_off_names_a_role_not_contact_details(role: str) -> None:
    with pytest.raises(SignOffError):
        check_role(role)
    assert check_role("  Safeguarding lead ") == "Safeguarding lead"


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"signed_off_hash": "0123abcd0123abcd"}, "signed_off_by: missing beside signed_off_hash"),
        ({"signed_off_by": "Safeguarding lead", "signed_off_on": dt.date(2026, 12, 1)}, "signed_off_hash: missing"),
        (
            {
                "signed_off_by": "jo.bloggs@example.org",
                "signed_off_on": dt.date(2026, 12, 1),
                "signed_off_hash": "0123abcd",
            },
            "give a role",
        ),
    ],
)
def test_a_hand_written_sign_off_must_be_whole_and_name_a_role(content_copy: Path, fields: dict, problem: str) -> None:
    """Written by hand rather than by make sign-off: half a sign-off, or a person's email
    address, stops start-up instead of counting as signed."""
    from safety.content import ContentError, load
    from tests.safety.content.conftest import edit

    edit(content_copy / "guidance" / "silent_solution.yml", lambda d: d.update(fields))
    with pytest.raises(ContentError, match=problem):
        load(content_copy)


def test_make_sign_off_signs_a_whole_topic_and_refuses_a_wrong_one(content_copy: Path, capsys) -> None:
    """`make sign-off TOPIC=silent_solution ROLE=...`: every entry and answer under the topic,
    as the review pack groups them; an unknown topic or no role signs nothing."""
    from safety.content import load
    from safety.content.review import SIGNED, topics
    from scripts import sign_off

    before = {p: p.read_text() for p in content_copy.rglob("*.yml")}
    assert (
        sign_off.main(["--topic", "no_such_topic", "--role", "Safeguarding lead", "--content", str(content_copy)]) == 1
    )
    assert sign_off.main(["--topic", "silent_solution", "--content", str(content_copy)]) == 1  # no role
    assert {p: p.read_text() for p in content_copy.rglob("*.yml")} == before
    assert "no topic no_such_topic" in capsys.readouterr().err

    assert (
        sign_off.main(["--topic", "silent_solution", "--role", "Safeguarding lead", "--content", str(content_copy)])
        == 0
    )
    signed = load(content_copy)
    [topic] = [t for t in topics(signed) if t.id == "silent_solution"]
    assert len(topic.items) > 1
    assert {signed.sign_off_state(i) for i in topic.items} == {SIGNED}
    assert signed.item(topic.items[0]).signed_off_by == "Safeguarding lead"

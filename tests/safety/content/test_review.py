"""What a reviewer signs (safety/content/review.py): every rendering a user can be shown,
the content hash of them, and the sign-off state the library reports for each item."""

from __future__ import annotations

import itertools
from pathlib import Path

import yaml

from safety.content import Library, load
from safety.content.review import (
    CHANGED,
    SIGNED,
    UNSIGNED,
    describe,
    renderings,
    shown_sources,
    topics,
)
from safety.content.signoff import record
from tests.safety.content.conftest import edit


def _reword(path: Path, old: str, new: str) -> None:
    """Change wording the way an editor does: in the file's text."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_an_item_is_unsigned_until_a_sign_off_is_recorded(lib: Library) -> None:
    for item_id in [*lib.entries, *lib.answers]:
        if lib.item(item_id).signed_off_hash is None:
            assert lib.sign_off_state(item_id) == UNSIGNED, item_id


def test_changing_one_word_after_sign_off_makes_it_changed_since_sign_off(content_copy: Path) -> None:
    record(content_copy, ["silent_solution", "press_55_landline"], "Safeguarding lead")
    signed = load(content_copy)
    assert signed.sign_off_state("silent_solution") == SIGNED
    assert signed.sign_off_state("press_55_landline") == SIGNED
    assert signed.sign_off_state("press_55_location") == UNSIGNED

    _reword(content_copy / "guidance" / "silent_solution.yml", "even in a whisper", "even in a murmur")
    _reword(
        content_copy / "answers" / "silent_solution.yml",
        "No, {silent_solution} is only for mobiles.",
        "No, {silent_solution} is just for mobiles.",
    )
    edited = load(content_copy)
    assert edited.sign_off_state("silent_solution") == CHANGED
    assert edited.sign_off_state("press_55_landline") == CHANGED
    assert edited.item("silent_solution").signed_off_by == "Safeguarding lead"  # the record stays; it no longer holds


def test_a_number_it_shows_changing_unsigns_only_the_items_that_show_it(content_copy: Path) -> None:
    record(content_copy, ["silent_solution", "cover_tracks"], "Safeguarding lead")
    lib = load(content_copy)
    assert "relay_uk_emergency" in lib.services_named("silent_solution")
    assert "relay_uk_emergency" not in lib.services_named("cover_tracks")
    old = lib.services["relay_uk_emergency"].phone
    new = old[:-1] + str((int(old[-1]) + 1) % 10)
    edit(content_copy / "services.yml", lambda d: d["services"]["relay_uk_emergency"].update(phone=new))
    changed = load(content_copy)
    assert changed.sign_off_state("silent_solution") == CHANGED
    assert changed.sign_off_state("cover_tracks") == SIGNED


def test_reviewing_again_does_not_unsign_it(content_copy: Path) -> None:
    record(content_copy, ["evidence"], "Safeguarding lead")
    path = content_copy / "guidance" / "evidence.yml"
    data = yaml.safe_load(path.read_text())
    _reword(
        path,
        f"review_due: {data['review_due']}",
        f"review_due: {data['review_due'].replace(year=data['review_due'].year + 1)}",
    )
    assert load(content_copy).sign_off_state("evidence") == SIGNED


def test_every_entry_and_answer_is_under_exactly_one_topic(lib: Library) -> None:
    placed = [item_id for topic in topics(lib) for item_id in topic.items]
    assert sorted(placed) == sorted([*lib.entries, *lib.answers])
    by_id = {t.id: t.items for t in topics(lib)}
    assert by_id["silent_solution"][0] == "silent_solution"
    assert set(lib.answers_for("silent_solution")) <= set(by_id["silent_solution"])
    assert "stalking_check_result" in by_id["stalking_check"]


def test_renderings_are_what_the_chat_shows(lib: Library) -> None:
    assert [r.messages for r in renderings(lib, "protection_orders")] == [
        m for _, m in lib.variants("protection_orders")
    ]
    local = renderings(lib, "local_help")
    assert {r.context["area"] for r in local} >= {area.name for area in lib.areas.values()}
    assert [r.messages for r in local if r.context["area"] == lib.areas["hertfordshire"].name] == [
        lib.render_local("hertfordshire")
    ]
    result = renderings(lib, "stalking_check_result")
    assert [r.messages[0]["text"] for r in result[: len(lib.check["questions"])]] == [
        lib.check_question(slot)["text"] for slot in lib.check["questions"]
    ]


def test_an_item_shows_the_sources_of_the_services_it_names(lib: Library) -> None:
    sources = shown_sources(lib, "silent_solution")
    assert sources[: len(lib.item("silent_solution").sources)] == list(lib.item("silent_solution").sources)
    assert set(lib.services["relay_uk_emergency"].sources) <= set(sources)


def test_every_source_a_reply_can_show_is_listed_for_review(lib: Library) -> None:
    """The review pack and the go-live check list what a payload can carry, for every item
    (local help in Scotland and Northern Ireland carries its answer's sources too)."""
    for item_id in [*lib.entries, *lib.answers]:
        listed = {lib.register[s].name for s in shown_sources(lib, item_id)}
        for rendering in renderings(lib, item_id):
            for message in rendering.messages:
                carried = {s["name"] for s in (message.get("custom") or {}).get("sources", [])}
                assert carried <= listed, (item_id, rendering.context, carried - listed)


def test_when_a_version_is_shown_is_said_in_few_words() -> None:
    every = [
        {"region": r, "relationship": p}
        for r, p in itertools.product(["england_wales", "scotland", "northern_ireland"], ["ex_partner", "stranger"])
    ]
    assert describe([c for c in every if c["region"] == "scotland"], every) == ["Region: Scotland"]
    assert describe(every, every) == ["Always"]
    picked = [c for c in every if c["region"] == "scotland" or c["relationship"] == "ex_partner"]
    assert describe(picked, every) == [
        "Region: England and Wales / Northern Ireland; Who is doing it: an ex-partner",
        "Region: Scotland",
    ]


def test_every_message_of_every_entry_and_answer_is_in_some_rendering(lib: Library) -> None:
    """What a reviewer signs is all a user can see: no message left out of every rendering
    (the audit found "I can't look up postcodes..." missing, so editing it never unsigned)."""
    missed = []
    for item_id in [*lib.entries, *lib.answers]:
        shown = " ".join(m["text"] for r in renderings(lib, item_id) for m in r.messages)
        shown = " ".join(shown.split())
        for message in lib.item(item_id).messages:
            pieces = lib.fill(message.text, area="\0").split("\0")  # around a place's name
            if any(" ".join(piece.split()) not in shown for piece in pieces):
                missed.append(f"{item_id}: {message.text[:50]}")
    assert not missed, missed


def test_rewording_the_postcode_question_unsigns_ask_where(content_copy: Path) -> None:
    record(content_copy, ["ask_where"], "Safeguarding lead")
    assert load(content_copy).sign_off_state("ask_where") == SIGNED
    _reword(content_copy / "guidance" / "ask_where.yml", "I can't look up postcodes", "I cannot look up postcodes")
    assert load(content_copy).sign_off_state("ask_where") == CHANGED

"""A broken content file stops start-up with a message naming the file and the field
(safety/content/loader.py), whoever made the mistake and wherever it is."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from safety.content import ContentError, load
from tests.conftest import phone
from tests.safety.content.conftest import edit


def _fails(root: Path, file_name: str, field: str, problem: str) -> None:
    with pytest.raises(ContentError) as failure:
        load(root)
    assert failure.value.path.name == file_name, str(failure.value)
    assert failure.value.field_name == field, str(failure.value)
    assert problem in str(failure.value)


@pytest.mark.parametrize(
    ("change", "field", "problem"),
    [
        (lambda d: d.pop("sources"), "sources", "is missing"),
        (lambda d: d.update(sources=[]), "sources", "at least one source"),
        (lambda d: d.update(sources=["no_such_source"]), "sources[0]", "not in content/sources.yml"),
        (lambda d: d.pop("review_due"), "review_due", "is missing"),
        (lambda d: d.pop("reviewed_by"), "reviewed_by", "is missing"),
        (lambda d: d.update(review_due=dt.date(2020, 1, 1)), "review_due", "after reviewed_on"),
        (lambda d: d.update(reviewed_on="29/11/2026"), "reviewed_on", "YYYY-MM-DD"),
        (lambda d: d.update(sorces=["wmp_silent_999"]), "sorces", "is not a field here"),
        (
            lambda d: d["messages"][0].update(text=f"Call {phone('national_stalking_helpline')} now."),
            "messages[0].text",
            "content/services.yml",
        ),
        (
            lambda d: d["messages"][0].update(text=f"Call {phone('emergency')} now."),
            "messages[0].text",
            "content/services.yml",
        ),
        (
            lambda d: d["messages"][0].update(text="Call {no_such_service}."),
            "messages[0].text",
            "not in content/services.yml",
        ),
        (
            lambda d: d["messages"][0].update(text="Open {national_stalking_helpline.hours}."),
            "messages[0].text",
            "no hours for national_stalking_helpline",
        ),
        (lambda d: d["messages"][0].update(text="Ring Paladin on {paladin}."), "messages[0].text", "doesn't serve"),
        (lambda d: d["messages"][0].update(text="That is not stalking."), "messages[0].text", "not stalking"),
        (lambda d: d.update(id="something_else"), "id", "must match the file name"),
        (lambda d: d["messages"][1].update(when={"region": "wales"}), "messages[1].when", "not among"),
        (lambda d: d.update(related=["no_such_button", "evidence"]), "related[0]", "not a button"),
        (lambda d: d["messages"].append({"text": "One more."}), "messages", "gives 4 messages"),
        (lambda d: d["messages"][0].update(text="Too long. " * 70), "messages", "characters when"),
        (lambda d: [m.update(when={"region": "scotland"}) for m in d["messages"]], "messages", "gives 0 messages"),
    ],
)
def test_a_broken_entry_names_its_file_and_field(content_copy: Path, change, field: str, problem: str) -> None:
    edit(content_copy / "guidance" / "silent_solution.yml", change)
    _fails(content_copy, "silent_solution.yml", field, problem)


def test_a_retired_number_in_the_directory_stops_start_up(content_copy: Path) -> None:
    retired = yaml.safe_load((content_copy / "services.yml").read_text())["retired_numbers"][0]["number"]
    edit(content_copy / "services.yml", lambda d: d["services"]["national_stalking_helpline"].update(phone=retired))
    _fails(content_copy, "services.yml", "services.national_stalking_helpline.phone", "retired number")


@pytest.mark.parametrize("spacing", [" ", ""])
def test_a_retired_or_misprinted_number_in_wording_stops_start_up(content_copy: Path, spacing: str) -> None:
    """Even one too short to look like a phone number: Live Fear Free's misprint has 9 digits."""
    retired = [r["number"] for r in yaml.safe_load((content_copy / "services.yml").read_text())["retired_numbers"]]
    misprint = min(retired, key=len)
    assert len(misprint.replace(" ", "")) < 10, "the check is about a number too short for LONG_PHONE"
    written = misprint.replace(" ", spacing)

    def add(d: dict) -> None:
        d["messages"][0]["text"] += f" Or call {written}."

    edit(content_copy / "guidance" / "silent_solution.yml", add)
    _fails(content_copy, "silent_solution.yml", "messages[0].text", "retired or misprinted number")


def test_a_number_yaml_reads_as_a_number_is_refused_not_converted(content_copy: Path) -> None:
    """Unquoted, `phone: 01234 567` would be read by YAML as a number (octal, even); pydantic
    would quietly turn it into other digits. It must be refused, naming the field."""
    edit(content_copy / "services.yml", lambda d: d["services"]["national_stalking_helpline"].update(phone=8020300))
    _fails(content_copy, "services.yml", "services.national_stalking_helpline.phone", "must be text")
    edit(content_copy / "services.yml", lambda d: d["services"]["national_stalking_helpline"].update(phone="x"))
    edit(content_copy / "guidance" / "silent_solution.yml", lambda d: d.update(title=5))
    _fails(content_copy, "silent_solution.yml", "title", "must be text")


def test_a_bare_domain_source_is_refused(content_copy: Path) -> None:
    edit(
        content_copy / "sources.yml",
        lambda d: d["sources"]["wmp_silent_999"].update(url="https://www.west-midlands.police.uk"),
    )
    _fails(content_copy, "sources.yml", "sources.wmp_silent_999.url", "not a bare domain")


def test_a_source_must_say_where_the_fact_base_cites_it(content_copy: Path) -> None:
    edit(content_copy / "sources.yml", lambda d: d["sources"]["wmp_silent_999"].update(fact_base=[]))
    _fails(content_copy, "sources.yml", "sources.wmp_silent_999.fact_base", "must not be empty")


def test_invalid_yaml_names_the_file(content_copy: Path) -> None:
    (content_copy / "guidance" / "evidence.yml").write_text("id: evidence\nmessages: [unclosed\n")
    with pytest.raises(ContentError, match=r"evidence.yml: \(file\): is not valid YAML"):
        load(content_copy)


def test_a_missing_required_entry_stops_start_up(content_copy: Path) -> None:
    (content_copy / "guidance" / "safety_fallback.yml").unlink()
    with pytest.raises(ContentError, match=r"safety_fallback\.yml"):
        load(content_copy)


# --- short answers -------------------------------------------------------------------------
ANSWER = {
    "id": "test_answer",
    "question": "How long does a Stalking Protection Order last?",
    "regions": ["all"],
    "reviewed_on": dt.date(2026, 11, 29),
    "review_due": dt.date(2027, 5, 29),
    "reviewed_by": "Engineering team",
    "sources": ["spa_2019_s3"],
    "messages": [{"text": "At least 2 years, or until a court ends it."}],
}


def _answers_file(root: Path, **changes: object) -> Path:
    """A one-answer file for a topic that has no answers file of its own."""
    path = root / "answers" / "zz_test.yml"
    path.parent.mkdir(exist_ok=True)
    taken = {yaml.safe_load(p.read_text())["topic"] for p in path.parent.glob("*.yml")}
    topic, intent = next(
        (t, i)
        for t, i in (("local_help", "find_local_help"), ("immediate_danger", "immediate_danger"))
        if t not in taken
    )
    data = {"topic": topic, "intent": intent, "answers": [dict(ANSWER, **changes)]}
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def test_a_good_answer_loads(content_copy: Path) -> None:
    _answers_file(content_copy)
    assert "test_answer" in load(content_copy).answers


@pytest.mark.parametrize(
    ("changes", "field", "problem"),
    [
        ({"messages": [{"text": "word " * 61}]}, "test_answer.messages", "60 words or fewer"),
        ({"messages": [{"text": "One."}, {"text": "Two."}]}, "test_answer.messages", "one bubble"),
        (
            {"messages": [{"text": "Only in Scotland.", "when": {"region": "scotland"}}]},
            "test_answer.messages",
            "0 bubbles",
        ),
        ({"related": ["no_such_answer"]}, "answers[0].related[0]", "not an answer or a topic button"),
        ({"elsewhere": {"scotland": "no_such_answer"}}, "answers[0].elsewhere.scotland", "not another answer"),
        ({"elsewhere": {"wales": "spo_what"}}, "answers[0].elsewhere", "not regions"),
        ({"sources": ["no_such_source"]}, "answers[0].sources[0]", "not in content/sources.yml"),
        ({"id": "evidence"}, "answers[0].id", "already used"),
        ({"question": "Is it {no_such_service}?"}, "answers[0].question", "not in content/services.yml"),
    ],
)
def test_a_broken_answer_names_its_file_and_field(content_copy: Path, changes: dict, field: str, problem: str) -> None:
    path = _answers_file(content_copy, **changes)
    _fails(content_copy, path.name, field, problem)


def test_an_answers_file_must_belong_to_its_topics_intent(content_copy: Path) -> None:
    path = _answers_file(content_copy)
    edit(path, lambda d: d.update(intent="gather_evidence"))
    _fails(content_copy, path.name, "intent", "must map 'gather_evidence'")


def test_a_topic_has_one_answers_file(content_copy: Path) -> None:
    path = _answers_file(content_copy)
    existing = next(p for p in (content_copy / "answers").glob("*.yml") if p != path)
    edit(
        path,
        lambda d: d.update(
            topic=yaml.safe_load(existing.read_text())["topic"], intent=yaml.safe_load(existing.read_text())["intent"]
        ),
    )
    with pytest.raises(ContentError, match="already has an answers file"):
        load(content_copy)


@pytest.mark.parametrize(
    ("change", "field", "problem"),
    [
        (lambda d: d.update(language="fr"), "language", "must be one of"),
        (lambda d: d.update(translation_status="draft"), "translation_status", "only a translation"),
        (lambda d: d.update(buttons=["evidence"]), "buttons", "give either related or buttons"),
    ],
)
def test_a_whole_entry_check_names_the_field(content_copy: Path, change, field: str, problem: str) -> None:
    """Checks across fields still say which field to fix, not '(file)'."""
    edit(content_copy / "guidance" / "silent_solution.yml", change)
    _fails(content_copy, "silent_solution.yml", field, problem)

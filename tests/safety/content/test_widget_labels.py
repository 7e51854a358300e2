"""The chat widget's own wording in English and Welsh (content/widget_labels.yml): read and
checked by the content package like every other wording, marked as a draft until a Welsh
speaker signs it off, and the Exit a screen reader hears holds the Exit that is written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from safety.content import ContentError, Library, load
from safety.content.schema import WIDGET_LABELS
from tests.conftest import phone
from tests.safety.content.conftest import edit

LABELS = "widget_labels.yml"


def _fails(root: Path, field: str, problem: str) -> None:
    with pytest.raises(ContentError) as failure:
        load(root)
    assert failure.value.path.name == LABELS, str(failure.value)
    assert failure.value.field_name == field, str(failure.value)
    assert problem in str(failure.value)


def test_every_label_the_widget_uses_is_there_in_english_and_welsh(lib: Library) -> None:
    labels = lib.widget_labels
    assert labels is not None
    assert list(labels.labels) == list(WIDGET_LABELS)
    assert labels.language == "cy"
    assert labels.translation_of == "en"
    for name, label in labels.labels.items():
        assert label.en, name
        assert label.cy, name
    # Today's labels: the switch names each language in itself, and Exit is GOV.UK's.
    assert (labels.labels["language_name"].en, labels.labels["language_name"].cy) == ("English", "Cymraeg")
    assert labels.labels["exit"].en == "Exit this page"
    assert "govuk_exit_this_page" in labels.labels["exit"].sources


def test_the_welsh_labels_are_a_draft_until_a_welsh_speaker_signs_them_off(lib: Library) -> None:
    labels = lib.widget_labels
    assert labels is not None
    assert labels.translation_status == "draft"
    assert "Welsh speaker" in labels.reviewed_by
    assert labels.reviewed_on < labels.review_due


def test_what_a_screen_reader_calls_exit_holds_what_is_written_on_it(lib: Library) -> None:
    labels = lib.widget_labels.labels
    for lang in ("en", "cy"):
        assert getattr(labels["exit"], lang) in getattr(labels["exit_name"], lang)
        assert getattr(labels["exit"], lang) in getattr(labels["foot"], lang)


def test_the_widget_gets_the_welsh_safety_line_with_the_directorys_numbers(lib: Library) -> None:
    safety = lib.widget_safety()
    assert safety["safety_line_cy"] == lib.safety_line_cy
    for service in ("emergency", "silent_solution"):
        assert lib.services[service].phone in safety["safety_line_cy"]


def test_overdue_widget_labels_fail_the_release(content_copy: Path) -> None:
    edit(content_copy / LABELS, lambda d: d.update(reviewed_on=dt.date(2026, 1, 1), review_due=dt.date(2026, 6, 1)))
    assert "content/widget_labels.yml (due 2026-06-01)" in load(content_copy).overdue(dt.date(2026, 11, 29))


@pytest.mark.parametrize(
    ("change", "field", "problem"),
    [
        (lambda d: d.pop("translation_status"), "translation_status", "is missing"),
        (lambda d: d.update(translation_status="done"), "translation_status", "draft"),
        (lambda d: d.update(translation_of="fr"), "translation_of", "en"),
        (lambda d: d.pop("reviewed_by"), "reviewed_by", "is missing"),
        (lambda d: d.update(review_due=dt.date(2020, 1, 1)), "review_due", "after reviewed_on"),
        (lambda d: d["labels"].pop("send"), "labels", "missing ['send']"),
        (lambda d: d["labels"].update(extra={"en": "Hello", "cy": "Helo"}), "labels", "not used ['extra']"),
        (lambda d: d["labels"]["exit_name"].update(cy="Argyfwng"), "labels", "exit_name.cy must contain exit.cy"),
        (lambda d: d["labels"]["foot"].update(en="Press Esc to leave."), "labels", "foot.en must contain exit.en"),
        (lambda d: d["labels"]["send"].pop("cy"), "labels.send.cy", "is missing"),
        (lambda d: d["labels"]["source_many"].update(cy="Ffynhonnell: {name}"), "labels.source_many", "same {values}"),
        (lambda d: d["labels"]["send"].update(en="Send {what}", cy="Anfon {what}"), "labels.send", "fills in only"),
        (
            lambda d: d["labels"]["exit"].update(sources=["no_such_source"]),
            "labels.exit.sources[0]",
            "not in content/sources.yml",
        ),
        (
            lambda d: d["labels"]["safety_line_default"].update(cy=f"Ffoniwch {phone('emergency')}."),
            "labels.safety_line_default.cy",
            "content/services.yml",
        ),
        (
            lambda d: d["labels"]["note"].update(en=f"Or ring {phone('national_stalking_helpline')}."),
            "labels.note.en",
            "content/services.yml",
        ),
    ],
)
def test_a_broken_label_names_the_file_and_field(content_copy: Path, change, field: str, problem: str) -> None:
    edit(content_copy / LABELS, change)
    _fails(content_copy, field, problem)

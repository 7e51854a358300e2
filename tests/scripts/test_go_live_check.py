"""The go-live check (scripts/go_live_check.py): it passes content that is signed off and
current with production settings, and lists, and fails on, each thing that makes going
live unsafe."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Dict, List

import pytest

from safety.content import CONTENT_DIR, load
from safety.content.schema import WIDGET_LABELS
from scripts import go_live_check
from scripts.go_live_check import (
    HAZARDS,
    LOCAL_OVERDUE,
    OVERDUE,
    RESIGN,
    SETTINGS,
    TO_OPEN,
    UNCHECKED,
    UNCONFIRMED,
    UNSIGNED,
    WELSH,
    Finding,
    check,
    origin_problems,
    token_problems,
    welsh_drafts,
)
from tests.scripts.conftest import PRODUCTION_ORIGIN, fact_base_stub, last_safe_day


def _check(setup: Dict[str, object], **changes: object) -> List[Finding]:
    args = {
        "root": setup["root"],
        "today": setup["today"],
        "env": setup["env"],
        "helm_values": setup["helm"],
        "fact_base": setup["facts"],
    }
    args.update(changes)
    return check(**args)


def _groups(findings: List[Finding]) -> Dict[str, List[str]]:
    grouped: Dict[str, List[str]] = {}
    for finding in findings:
        grouped.setdefault(finding.group, []).append(finding.what)
    return grouped


def test_signed_current_content_with_production_settings_passes(ready: Dict[str, object], capsys) -> None:
    argv = [
        "--content",
        str(ready["root"]),
        "--today",
        ready["today"].isoformat(),
        "--helm-values",
        str(ready["helm"]),
        "--fact-base",
        str(ready["facts"]),
    ]
    assert go_live_check.main(argv, env=ready["env"]) == 0
    assert "READY" in capsys.readouterr().out


def test_todays_content_fails_and_lists_every_unsigned_item(capsys) -> None:
    lib = load(CONTENT_DIR)
    demo = {"SITE_ORIGIN": "http://localhost:8000"}  # what `make run` gives the demo site
    assert go_live_check.main(["--today", last_safe_day(lib).isoformat()], env=demo) == 1
    printed = capsys.readouterr().out
    assert "NOT READY" in printed
    unsigned = [i for i in [*lib.entries, *lib.answers] if lib.item(i).signed_off_hash is None]
    for item_id in unsigned:
        assert f"{lib.where(item_id)}: {item_id}\n" in printed, item_id
    assert "http://localhost:8000 (SITE_ORIGIN) is the demo site's" in printed
    assert "RASA_AUTH_TOKEN is not set" in printed


def test_a_re_edited_item_is_listed_as_changed_and_nothing_else(ready_copy: Dict[str, object]) -> None:
    path = ready_copy["root"] / "answers" / "silent_solution.yml"
    text = path.read_text()
    path.write_text(
        text.replace("No, {silent_solution} is only for mobiles.", "No, {silent_solution} is just for mobiles.")
    )
    found = _groups(_check(ready_copy))
    assert list(found) == [RESIGN]
    [changed] = found[RESIGN]
    assert changed.startswith("content/answers/silent_solution.yml: press_55_landline (signed by Safeguarding lead")


def test_entries_and_answers_past_their_review_date_are_listed(ready: Dict[str, object]) -> None:
    lib = load(ready["root"])
    items = [*lib.entries.values(), *lib.answers.values()]
    first_due = min(i.review_due for i in items)
    found = _groups(_check(ready, today=first_due + dt.timedelta(days=1)))
    late = [i.id for i in items if i.review_due <= first_due]
    assert late
    assert all(any(f"{i}" in line for line in found[OVERDUE]) for i in late), found.get(OVERDUE)
    assert OVERDUE not in _groups(_check(ready))  # on the last safe day, nothing is late


def test_overdue_local_services_are_listed(ready: Dict[str, object]) -> None:
    lib = load(ready["root"])
    first_due = min(s.review_due for s in lib.local_services.values())
    found = _groups(_check(ready, today=first_due + dt.timedelta(days=1)))
    late = [i for i, s in lib.local_services.items() if s.review_due <= first_due]
    assert len(found[LOCAL_OVERDUE]) >= len(late)
    assert all(any(f": {i} (due" in line for line in found[LOCAL_OVERDUE]) for i in late)


def test_shown_content_citing_an_unconfirmed_fact_is_listed(ready: Dict[str, object], tmp_path: Path) -> None:
    lib = load(ready["root"])
    hidden_only = [
        s
        for s in lib.register
        if not any(s in i.sources for i in [*lib.entries.values(), *lib.answers.values(), *lib.services.values()])
        and not any(s in local.sources for local in lib.local_services.values() if local.shown)
    ]
    assert hidden_only, "a source cited only by local services that are never shown"
    facts = fact_base_stub(lib, tmp_path / "reference", unconfirmed=("wmp_silent_999", hidden_only[0]))
    found = _groups(_check(ready, fact_base=facts))
    assert list(found) == [UNCONFIRMED]
    listed = {line.split(": ")[1].split(" cites ")[0] for line in found[UNCONFIRMED]}
    citing = {i for i in [*lib.entries, *lib.answers] if "wmp_silent_999" in lib.item(i).sources}
    assert citing
    assert citing <= listed
    assert all(hidden_only[0] not in line for line in found[UNCONFIRMED])  # never shown, so never listed


def test_without_the_fact_base_it_says_what_it_could_not_check(
    ready: Dict[str, object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FACT_BASE_DIR", str(tmp_path / "nowhere"))
    found = _groups(_check(ready, fact_base=None))
    assert list(found) == [UNCHECKED]
    assert "the fact base is not here" in found[UNCHECKED][0]


def test_an_address_found_by_research_is_listed_until_it_is_opened(ready_copy: Dict[str, object]) -> None:
    path = ready_copy["root"] / "sources.yml"
    text = path.read_text()
    opened = f"    opened_live_on: {ready_copy['today'].isoformat()}\n"
    path.write_text(text.replace(opened, "", 1))
    found = _groups(_check(ready_copy))
    assert list(found) == [TO_OPEN]
    assert len(found[TO_OPEN]) == 1
    assert "(then add opened_live_on: <date>)" in found[TO_OPEN][0]


WIDGET_LABELS_DRAFT = Finding(
    WELSH, f"content/widget_labels.yml: the chat widget's labels in Welsh ({len(WIDGET_LABELS)}, Exit among them)"
)


def test_welsh_drafts_are_listed_until_a_welsh_speaker_signs_them_off(ready: Dict[str, object]) -> None:
    assert list(welsh_drafts(load(ready["root"]))) == []
    assert list(welsh_drafts(load(CONTENT_DIR))) == [
        Finding(WELSH, "content/guidance/welsh_safety.yml: welsh_safety"),
        Finding(WELSH, "content/guidance/welsh_welcome.yml: welsh_welcome"),
        Finding(WELSH, "content/topics.yml: safety_line_cy, the safety line under every Welsh reply"),
        WIDGET_LABELS_DRAFT,
    ]


def test_the_widgets_welsh_labels_are_listed_while_they_are_a_draft(ready_copy: Dict[str, object]) -> None:
    path = ready_copy["root"] / "widget_labels.yml"
    path.write_text(path.read_text().replace("translation_status: signed_off", "translation_status: draft"))
    assert _groups(_check(ready_copy)) == {WELSH: [WIDGET_LABELS_DRAFT.what]}


def test_a_test_the_hazard_log_names_but_that_is_gone_is_listed(ready: Dict[str, object], tmp_path: Path) -> None:
    log = tmp_path / "safety-case.md"
    log.write_text("## H1. Wrong numbers\n- **Verified by:**\n  - `tests/safety/content/test_library.py::test_gone`\n")
    found = _groups(_check(ready, hazard_log_path=log))
    assert found == {HAZARDS: ["H1 names tests/safety/content/test_library.py::test_gone, which is not there"]}


@pytest.mark.parametrize(
    ("origin", "problem"),
    [
        ("http://localhost:8000", "the demo site's"),
        (None, "no CORS origin is set"),
        ("*", "any website could use the bot"),
        ("http://chat.support-service.org.uk", "not https://"),
        ("https://www.example-support-site.org.uk", "placeholder"),
        ("https://chat.support-service.org.uk/chat", "has a path"),
    ],
)
def test_an_origin_that_is_not_production_is_listed(origin, problem: str) -> None:
    assert any(problem in p for p in origin_problems(origin, "SITE_ORIGIN"))
    assert origin_problems(PRODUCTION_ORIGIN, "SITE_ORIGIN") == []


@pytest.mark.parametrize(
    ("token", "problem"),
    [(None, "not set"), ("", "not set"), ("UNSET", "placeholder"), ("short-token", "11 characters")],
)
def test_a_token_that_is_not_production_is_listed(token, problem: str) -> None:
    assert any(problem in p for p in token_problems(token))
    assert token_problems("k" * 24) == []


def test_a_token_written_into_the_helm_values_is_listed(ready: Dict[str, object], tmp_path: Path) -> None:
    helm = tmp_path / "rasa-values.yaml"
    helm.write_text(ready["helm"].read_text().replace('token: ""', 'token: "written-into-the-file-in-git"'))
    found = _groups(_check(ready, helm_values=helm))
    assert list(found) == [SETTINGS]
    assert "applicationSettings.token is written in the file" in found[SETTINGS][0]


def test_the_demo_helm_values_and_site_are_listed(ready: Dict[str, object]) -> None:
    found = _groups(
        _check(ready, root=CONTENT_DIR, env={"RASA_AUTH_TOKEN": "k" * 24}, helm_values=go_live_check.HELM_VALUES)
    )
    settings = "\n".join(found[SETTINGS])
    assert (
        "https://www.example-support-site.org.uk (rasa-values.yaml: applicationSettings.cors) is the placeholder"
        in settings
    )
    assert "image.tag is still CHANGE-ME" in settings
    assert "redis.auth.password is still CHANGE-ME" in settings
    assert "content/site.yml: fictional: true" in settings
    assert UNSIGNED in found

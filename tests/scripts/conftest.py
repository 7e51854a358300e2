"""Fixtures for the going-live scripts: content that is ready to go live (every item
signed off, every research address opened, the real organisation set), the production
settings that go with it, and a fact base to check it against."""

from __future__ import annotations

import datetime as dt
import re
import secrets
import shutil
from pathlib import Path
from typing import Dict

import pytest

from safety.content import CONTENT_DIR, Library, load
from safety.content.factbase import reference_dir
from safety.content.schema import FACT_BASE_FILES
from safety.content.signoff import record
from scripts.go_live_check import HELM_VALUES

PRODUCTION_ORIGIN = "https://chat.support-service.org.uk"


def last_safe_day(lib: Library) -> dt.date:
    """The day before anything in the content falls due for review: checks on fixtures
    don't depend on today's date."""
    dues = [
        i.review_due
        for i in [
            *lib.entries.values(),
            *lib.answers.values(),
            *lib.services.values(),
            *lib.local_services.values(),
            *filter(None, [lib.widget_labels]),
        ]
    ]
    return min([*dues, lib.directory_review_due]) - dt.timedelta(days=1)


def open_research_addresses(root: Path, on: dt.date) -> None:
    """What staff write after opening each research-found page live and seeing the fact."""
    path = root / "sources.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        re.sub(r"^(\s+)found_by: research\s*$", rf"\g<0>\n\g<1>opened_live_on: {on.isoformat()}", text, flags=re.M),
        encoding="utf-8",
    )


def fact_base_stub(lib: Library, folder: Path, unconfirmed: tuple = ()) -> Path:
    """A fact base in which each register citation is one fact, CONFIRMED unless named in
    `unconfirmed`: enough to check the go-live check's reading of the tags."""
    lines: Dict[str, list] = {key: [] for key in FACT_BASE_FILES}
    for source_id, source in lib.register.items():
        for citation in source.fact_base:
            tag = "[UNCONFIRMED]" if source_id in unconfirmed else "[CONFIRMED]"
            lines[citation.file].append(f"- A fact about {source_id}. ({citation.cites}) {tag}")
    folder.mkdir(parents=True, exist_ok=True)
    for key, name in FACT_BASE_FILES.items():
        (folder / name).write_text("\n".join(lines[key]) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def ready(tmp_path_factory: pytest.TempPathFactory) -> Dict[str, object]:
    """Content, settings and a fact base with which the bot may go live."""
    folder = tmp_path_factory.mktemp("ready")
    root = folder / "content"
    shutil.copytree(CONTENT_DIR, root)
    lib = load(root)
    today = last_safe_day(lib)
    record(root, [*lib.entries, *lib.answers], "Safeguarding lead", today)
    open_research_addresses(root, today)
    for path in root.rglob("*.yml"):  # as a Welsh speaker's sign-off would record it
        text = path.read_text().replace("translation_status: draft", "translation_status: signed_off")
        path.write_text(text.replace("safety_line_cy_status: draft", "safety_line_cy_status: signed_off"))
    site = root / "site.yml"
    site.write_text(site.read_text().replace("fictional: true", "fictional: false"))
    helm = folder / "rasa-values.yaml"
    helm.write_text(
        HELM_VALUES.read_text()
        .replace('"CHANGE-ME"', '"set-at-install"')
        .replace("https://www.example-support-site.org.uk", PRODUCTION_ORIGIN)
    )
    facts = reference_dir() or fact_base_stub(lib, folder / "reference")
    return {
        "root": root,
        "today": today,
        "helm": helm,
        "facts": facts,
        "env": {"RASA_AUTH_TOKEN": secrets.token_urlsafe(32), "SITE_ORIGIN": PRODUCTION_ORIGIN},
    }


@pytest.fixture
def ready_copy(ready: Dict[str, object], tmp_path: Path) -> Dict[str, object]:
    """A copy of the ready content to change."""
    copy = tmp_path / "content"
    shutil.copytree(ready["root"], copy)
    return dict(ready, root=copy)

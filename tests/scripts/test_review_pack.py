"""The review pack (scripts/review_pack.py): every entry and answer, in every version a
user can see, under its topic, with its sources, review dates, tests, content hash,
sign-off state and a box to sign; and Chromium prints it on A4."""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
from pathlib import Path
from typing import Dict

import pytest

from safety.content import Library, library
from safety.content.review import renderings, shown_sources, topics
from scripts import hazard_log
from scripts.review_pack import CSS, build, item_html, page_count, print_pdf

TODAY = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def lib() -> Library:
    return library()


@pytest.fixture(scope="module")
def pack(lib: Library) -> str:
    return build(lib, hazard_log.read(), TODAY, "abc1234")


@pytest.fixture(scope="module")
def articles(pack: str) -> Dict[str, str]:
    """Each item's part of the pack, by id."""
    parts = pack.split('<article class="item" id="item-')[1:]
    return {part.split('"', 1)[0]: part.split("</article>", 1)[0] for part in parts}


def test_every_entry_and_answer_is_in_the_pack_once_under_its_topic(
    lib: Library, pack: str, articles: Dict[str, str]
) -> None:
    assert sorted(articles) == sorted([*lib.entries, *lib.answers])
    assert len(re.findall(r'<article class="item"', pack)) == len(articles)
    for topic in topics(lib):
        section = pack.split(f'<section class="topic" id="topic-{topic.id}">', 1)[1].split("</section>", 1)[0]
        assert re.findall(r'<article class="item" id="item-(\w+)"', section) == topic.items


def test_every_contents_link_leads_somewhere(pack: str) -> None:
    targets = set(re.findall(r'href="#([\w-]+)"', pack))
    assert len(targets) > 200
    assert all(f'id="{target}"' in pack for target in targets)


def test_every_version_is_shown_as_the_chat_shows_it(lib: Library, articles: Dict[str, str]) -> None:
    for item_id, article in articles.items():
        for rendering in renderings(lib, item_id):
            for message in rendering.messages:
                assert f'<p class="bubble">{html.escape(message["text"])}</p>' in article, (item_id, rendering.context)
                for button in message.get("buttons", []):
                    assert f'<span class="button">{html.escape(button["title"])}</span>' in article, item_id
    for area in lib.areas.values():
        assert re.search(rf"<li>Area: [^<]*{re.escape(html.escape(area.name))}", articles["local_help"]), area.name


def test_each_item_shows_its_sources_dates_tests_hash_and_a_box_to_sign(lib: Library, articles: Dict[str, str]) -> None:
    guards = hazard_log.guarding(lib, hazard_log.read())
    for item_id, article in articles.items():
        item = lib.item(item_id)
        for source_id in shown_sources(lib, item_id):
            assert html.escape(lib.register[source_id].url) in article, (item_id, source_id)
        assert f"Next review due {item.review_due.day} {item.review_due:%b %Y}" in article, item_id
        for hazard in guards[item_id]:
            assert all(f"<code>{html.escape(t.name or t.text)}</code>" in article for t in hazard.tests), (
                item_id,
                hazard.id,
            )
        spaced = " ".join(re.findall(".{4}", lib.content_hash(item_id)))
        assert f'Sign-off for {item_id}</b>, content hash <span class="hash">{spaced}</span>' in article
        assert all(f"<span>{line}</span>" in article for line in ("Role", "Date", "Signature"))
    assert "H2</b> Wrong Silent Solution instructions" in articles["silent_solution"]


def test_the_sign_off_state_is_shown(lib: Library) -> None:
    guards = hazard_log.guarding(lib, hazard_log.read())["evidence"]
    entry = lib.entries["evidence"]
    signed = {"signed_off_by": "Safeguarding lead", "signed_off_on": dt.date(2026, 12, 1)}
    try:
        lib.entries["evidence"] = entry.copy(update=dict(signed, signed_off_hash=lib.content_hash("evidence")))
        assert "Signed off</span> by Safeguarding lead on 1 Dec 2026" in item_html(lib, "evidence", "", guards, TODAY)
        lib.entries["evidence"] = entry.copy(update=dict(signed, signed_off_hash="0a0a0a0a0a0a0a0a"))
        assert "Changed since it was signed off</span> by Safeguarding lead" in item_html(
            lib, "evidence", "", guards, TODAY
        )
    finally:
        lib.entries["evidence"] = entry
    assert "Not signed off yet" in item_html(lib, "evidence", "", guards, TODAY)


@pytest.mark.skipif(
    not (shutil.which("chromium") or Path("/usr/bin/chromium").is_file()),
    reason="Debian's chromium prints the pack: `make system-deps` installs it",
)
def test_chromium_prints_the_pack_on_a4(lib: Library, tmp_path: Path) -> None:
    guards = hazard_log.guarding(lib, hazard_log.read())
    body = "".join(item_html(lib, i, "", guards[i], TODAY) for i in ("silent_solution", "press_55_location"))
    page = tmp_path / "pack.html"
    page.write_text(
        f"<!doctype html><html><head><meta charset=utf-8><style>{CSS}</style></head><body>{body}</body></html>"
    )
    pdf = tmp_path / "pack.pdf"
    print_pdf(page, pdf, timeout=180)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert page_count(pdf) >= 2
    assert re.search(rb"/MediaBox\s*\[\s*0 0 59[45](?:\.\d+)? 84[12](?:\.\d+)?\s*\]", data)  # A4 in points

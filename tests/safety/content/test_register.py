"""The register of sources (content/sources.yml): every source content cites is in it,
every address names a page, and, where the fact base is beside the checkout, every
register entry is where the fact base cites it (safety/content/factbase.py)."""

from __future__ import annotations

import pytest

from safety.content import Library
from safety.content.factbase import directory_problems, read_fact_base, reference_dir, register_problems
from safety.content.schema import FULL_ADDRESS

FACT_BASE = reference_dir()
needs_fact_base = pytest.mark.skipif(
    FACT_BASE is None,
    reason="the fact base (../shared/reference/) is not beside this checkout, or FACT_BASE_DIR is not set: "
    "the register alone vouches for the sources here",
)


def _cited(lib: Library) -> set:
    items = [*lib.entries.values(), *lib.answers.values(), *lib.services.values(), *lib.local_services.values()]
    return {s for item in items for s in item.sources}


def test_every_source_cited_is_in_the_register(lib: Library) -> None:
    assert _cited(lib) <= set(lib.register)


def test_every_register_entry_is_used(lib: Library) -> None:
    assert sorted(set(lib.register) - _cited(lib)) == []


def test_each_page_is_in_the_register_once(lib: Library) -> None:
    """Two ids for one page drift apart: one gets opened and checked, the other doesn't."""
    by_url: dict = {}
    for source_id, source in lib.register.items():
        by_url.setdefault(source.url.rstrip("/").lower(), []).append(source_id)
    assert [ids for ids in by_url.values() if len(ids) > 1] == []


def test_every_source_is_a_full_page_address(lib: Library) -> None:
    assert [i for i, s in lib.register.items() if not FULL_ADDRESS.match(s.url)] == []


def test_every_reply_shows_the_sources_of_the_services_it_names(lib: Library) -> None:
    message = lib.render("domestic_abuse", {"region": "england_wales"})[1]
    urls = {s["url"] for s in message["custom"]["sources"]}
    assert {lib.register[s].url for s in lib.services["national_domestic_abuse_helpline"].sources} <= urls


@needs_fact_base
def test_every_register_entry_is_cited_by_the_fact_base(lib: Library) -> None:
    assert register_problems(lib.register, read_fact_base(FACT_BASE)) == []


@needs_fact_base
def test_every_directory_number_is_written_as_in_the_fact_base(lib: Library) -> None:
    assert directory_problems(lib, read_fact_base(FACT_BASE)) == []


@needs_fact_base
def test_the_cross_check_catches_a_source_the_fact_base_does_not_cite(lib: Library) -> None:
    facts = read_fact_base(FACT_BASE)
    real = lib.register["wmp_silent_999"]
    wrong = real.copy(update={"url": "https://www.west-midlands.police.uk/made-up-page"})
    missing = real.copy(
        update={"fact_base": [real.fact_base[0].copy(update={"cites": "west-midlands.police.uk/not-in-the-file"})]}
    )
    assert register_problems({"wrong": wrong, "missing": missing}, facts) == [
        "wrong: https://www.west-midlands.police.uk/made-up-page is not an address the fact base cites for it",
        "missing: 'west-midlands.police.uk/not-in-the-file' is not in uk-stalking-facts.md",
        f"missing: {real.url} is not an address the fact base cites for it",
    ]


def test_a_partial_or_misplaced_fact_base_is_an_error_not_a_skip(tmp_path, monkeypatch) -> None:
    """A fact base with a file missing, or a FACT_BASE_DIR that points nowhere, must fail
    loudly: skipping would leave CI green with the cross-check never run."""
    from safety.content.factbase import FactBaseError
    from safety.content.schema import FACT_BASE_FILES

    partial = tmp_path / "reference"
    partial.mkdir()
    first = next(iter(FACT_BASE_FILES.values()))
    (partial / first).write_text("part 1 only")
    for where in (partial, tmp_path / "nowhere"):
        monkeypatch.setenv("FACT_BASE_DIR", str(where))
        with pytest.raises(FactBaseError, match="lacks"):
            reference_dir()


def test_a_citation_by_name_matches_only_that_organisations_site() -> None:
    """The fact base cites some pages by who published them ("kentpcc press release")."""
    from safety.content.factbase import _names_the_site

    cites = "kentpcc press release (10 Mar 2020)"
    assert _names_the_site(cites, "https://www.kent-pcc.gov.uk/news-menu/press-releases/2020/page/")
    assert not _names_the_site(cites, "https://www.kent.police.uk/news/page/")
    assert not _names_the_site(
        "kentpcc.gov.uk (2020)", "https://www.kent-pcc.gov.uk/page/"
    )  # an address: matched as one

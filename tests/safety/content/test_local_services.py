"""Local services by police force area (content/local/services.yml): confirmed entries
only are shown, each with its sources and a review within three months, and every
area gets its local route or the national one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from safety.content import ContentError, Library, load
from tests.safety.content.conftest import edit


def test_only_confirmed_services_with_a_confirmed_contact_are_ever_shown(lib: Library) -> None:
    for area_id in lib.areas:
        for service_id in lib.local_for(area_id):
            service = lib.local_services[service_id]
            assert service.status == "CONFIRMED", service_id
            assert service.contact_confirmed, service_id
            assert service.phone or service.web or service.email


def test_every_local_service_has_its_status_dates_and_sources(lib: Library) -> None:
    for service_id, service in lib.local_services.items():
        assert service.status, service_id
        assert service.sources, service_id
        assert service.areas, service_id
        assert service.checked_on < service.review_due <= service.checked_on + dt.timedelta(days=92), service_id


def test_the_hertfordshire_question_gets_safer_places_and_the_county_helpline(lib: Library) -> None:
    messages = lib.render_local("hertfordshire")
    first = messages[0]["text"]
    gateway, helpline = lib.local_services["safer_places_stalking"], lib.local_services["herts_domestic_abuse_helpline"]
    assert gateway.phone in first
    assert helpline.phone in first
    urls = {s["url"] for s in messages[0]["custom"]["sources"]}
    assert {lib.register[s].url for s in gateway.sources + helpline.sources} <= urls


@pytest.mark.parametrize("area_id", ["kent", "lancashire", "city_of_london", "hampshire"])
def test_an_area_with_no_shown_service_gets_the_national_route_and_says_so(lib: Library, area_id: str) -> None:
    text = " ".join(m["text"] for m in lib.render_local(area_id))
    assert "can find local support for you" in text
    assert lib.services["national_stalking_helpline"].phone in text
    assert lib.services["paladin"].phone in text


def test_london_gets_the_helplines_london_option(lib: Library) -> None:
    assert "press 2 for London" in lib.render_local("metropolitan")[0]["text"]


@pytest.mark.parametrize("area_id", ["gwent", "north_wales", "south_wales", "dyfed_powys"])
def test_every_welsh_area_routes_to_live_fear_free(lib: Library, area_id: str) -> None:
    assert lib.services["live_fear_free"].phone in " ".join(m["text"] for m in lib.render_local(area_id))


def test_scotland_and_northern_ireland_get_their_own_routes_and_no_paladin(lib: Library) -> None:
    scotland = " ".join(m["text"] for m in lib.render_local("scotland"))
    northern_ireland = " ".join(m["text"] for m in lib.render_local("northern_ireland"))
    assert lib.services["scotland_domestic_abuse_helpline"].phone in scotland
    assert lib.services["ni_domestic_abuse_helpline"].phone in northern_ireland
    assert lib.services["paladin"].phone not in scotland + northern_ireland


def test_in_scotland_and_northern_ireland_the_first_bubble_is_the_nations_own_help(lib: Library) -> None:
    """Neither nation has a local-level service in the fact base: the first bubble names who
    helps there, instead of opening with "I don't have confirmed details" for the nation."""
    scotland = lib.render_local("scotland")[0]["text"]
    northern_ireland = lib.render_local("northern_ireland")[0]["text"]
    assert "Action Against Stalking" in scotland
    assert "advocacy" in scotland
    assert lib.services["national_stalking_helpline"].phone in scotland
    assert lib.services["ni_domestic_abuse_helpline"].phone in northern_ireland
    assert lib.services["national_stalking_helpline"].phone in northern_ireland
    assert not any(t.startswith("I don't have confirmed details") for t in (scotland, northern_ireland))


@pytest.mark.parametrize(("area", "answer"), [("scotland", "scotland_support"), ("northern_ireland", "ni_support")])
def test_local_help_in_a_nation_with_no_local_service_is_in_the_words_of_its_own_answer(
    lib: Library, area: str, answer: str
) -> None:
    """One vetted wording, one bubble: "who helps round here? im in Glasgow" gets what "who
    supports stalking victims in Scotland?" gets, with that answer's sources and review date,
    still as the local-help reply."""
    [reply] = lib.render_local(area)
    context = {"region": area, "nation": area}
    assert reply["text"] == f"{lib.answer_text(answer, context)}\n\n{lib.safety_line}"
    assert reply["custom"]["guidance_id"] == "local_help"
    assert reply["custom"]["kind"] == "local"
    assert reply["custom"]["answer_id"] == answer
    assert reply["custom"]["review_due"] == lib.answers[answer].review_due.isoformat()
    assert {s["name"] for s in reply["custom"]["sources"]} >= {
        lib.register[s].name for s in lib.answers[answer].sources
    }


def test_local_help_in_scotland_carries_the_review_dates_of_the_answer_it_quotes(content_copy: Path) -> None:
    def redate(data: dict) -> None:
        answer = next(a for a in data["answers"] if a["id"] == "scotland_support")
        answer.update(reviewed_on=dt.date(2026, 12, 1), review_due=dt.date(2027, 3, 1))

    edit(content_copy / "answers" / "advocacy.yml", redate)
    [reply] = load(content_copy).render_local("scotland")
    assert (reply["custom"]["reviewed_on"], reply["custom"]["review_due"]) == ("2026-12-01", "2027-03-01")


def test_every_area_gets_a_reply_that_fits_a_chat(lib: Library) -> None:
    for area_id in [*lib.areas, None]:
        messages = lib.render_local(area_id)
        assert 1 <= len(messages) <= 3, area_id
        assert all(len(m["text"]) <= 900 for m in messages), area_id


def test_sixteen_of_the_43_force_areas_have_a_confirmed_service(lib: Library) -> None:
    """As the fact base's summary counts them (uk-local-stalking-services.md)."""
    confirmed = lib.areas_with_confirmed_service()
    assert len([a for a in confirmed if lib.areas[a].region == "england_wales"]) == 16


def test_an_overdue_local_service_fails_the_release(content_copy: Path) -> None:
    def overdue(data: dict) -> None:
        data["services"]["veritas_justice"].update(checked_on=dt.date(2026, 1, 1), review_due=dt.date(2026, 3, 1))

    edit(content_copy / "local" / "services.yml", overdue)
    assert "content/local/services.yml: veritas_justice (due 2026-03-01)" in load(content_copy).overdue(
        dt.date(2026, 11, 29)
    )


def test_a_local_review_more_than_three_months_away_is_refused(content_copy: Path) -> None:
    edit(
        content_copy / "local" / "services.yml",
        lambda d: d["services"]["veritas_justice"].update(review_due=dt.date(2027, 11, 29)),
    )
    with pytest.raises(ContentError, match="within 92 days"):
        load(content_copy)


def test_a_local_service_in_an_unknown_area_is_refused(content_copy: Path) -> None:
    edit(content_copy / "local" / "services.yml", lambda d: d["services"]["veritas_justice"].update(areas=["atlantis"]))
    with pytest.raises(ContentError, match=r"'atlantis' is not in content/local/areas\.yml"):
        load(content_copy)


def test_an_areas_own_answer_must_be_an_answer_about_help_nearby(content_copy: Path) -> None:
    def point_at(answer: str):
        return lambda d: next(a for a in d["areas"] if a["id"] == "scotland").update(answer=answer)

    edit(content_copy / "local" / "areas.yml", point_at("spo_what"))  # an answer, but not local: true
    with pytest.raises(ContentError, match=r"areas\[\d+\]\.answer: 'spo_what' is not an answer with local: true"):
        load(content_copy)
    edit(content_copy / "local" / "areas.yml", point_at("no_such_answer"))
    with pytest.raises(ContentError, match="'no_such_answer' is not an answer"):
        load(content_copy)
    edit(content_copy / "local" / "areas.yml", point_at("ni_support"))  # Northern Ireland's, for Scotland
    with pytest.raises(ContentError, match="'ni_support' is not the answer for Scotland"):
        load(content_copy)


def test_the_host_sites_own_local_helpline_comes_first(content_copy: Path) -> None:
    edit(content_copy / "site.yml", lambda d: d.update(helpline="herts_domestic_abuse_helpline"))
    hosted = load(content_copy)
    assert hosted.local_for("hertfordshire")[0] == "herts_domestic_abuse_helpline"
    assert hosted.local_for("sussex") == ["veritas_justice"]  # it doesn't serve Sussex: not named there


def test_the_host_sites_own_national_helpline_is_named_first(content_copy: Path) -> None:
    edit(
        content_copy / "site.yml",
        lambda d: d.update(helpline="national_stalking_helpline", organisation="A Test Service"),
    )
    first = load(content_copy).render_local("kent")[0]["text"]
    assert "National Stalking Helpline (A Test Service)" in first

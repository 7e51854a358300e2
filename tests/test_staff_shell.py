"""The staff shell (scripts/staff_shell.py): one source line under each bubble, in
place of Rasa's JSON block."""

from __future__ import annotations

from typing import Any, Dict, List

from safety.content import library
from scripts.staff_shell import source_line, with_source_line


def test_each_bubble_ends_with_one_source_line() -> None:
    [first, *_] = library().render("silent_solution")
    printed: List[Dict[str, Any]] = []
    with_source_line(lambda message, *a, **k: printed.append(message))(first)
    [shown] = printed
    assert "custom" not in shown
    lines = shown["text"].splitlines()
    assert lines[:-1] == first["text"].splitlines()
    assert lines[-1].strip() == source_line(first["custom"])
    assert lines[-1].strip().startswith(f"Source: {first['custom']['sources'][0]['name']}")
    assert f"reviewed {first['custom']['reviewed_on']} · due {first['custom']['review_due']}" in lines[-1]


def test_many_sources_are_summed_up_and_none_shows_nothing() -> None:
    custom = {
        "sources": [{"name": n, "url": "https://x.org/a"} for n in "ABCD"],
        "reviewed_on": "2026-11-29",
        "review_due": "2027-05-29",
    }
    assert source_line(custom) == "Source: A; B (+2 more) · reviewed 2026-11-29 · due 2027-05-29"
    assert source_line(None) == ""
    assert source_line({"sources": []}) == ""
    printed: List[Dict[str, Any]] = []
    with_source_line(lambda message, *a, **k: printed.append(message))({"text": "Hello"})
    assert printed == [{"text": "Hello"}]

"""The staff shell (scripts/staff_shell.py): one source line under each bubble, in
place of Rasa's JSON block."""

from __future__ import annotations

from typing import Any, Dict, List

from safety.content import library
from scripts.staff_shell import ROOT, source_line, with_source_line


def test_an_answer_ends_with_one_source_line() -> None:
    *_, last = library().render("silent_solution")
    printed: List[Dict[str, Any]] = []
    with_source_line(lambda message, *a, **k: printed.append(message))(last)
    [shown] = printed
    assert "custom" not in shown
    lines = shown["text"].splitlines()
    assert lines[:-1] == last["text"].splitlines()
    assert lines[-1].strip() == source_line(last["custom"])
    assert lines[-1].strip().startswith(f"Source: {last['custom']['sources'][0]['name']}")
    assert f"reviewed {last['custom']['reviewed_on']} · due {last['custom']['review_due']}" in lines[-1]


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


def test_the_source_line_follows_each_bubble_as_rasas_rest_channel_sends_it() -> None:
    """The shell talks to the bot over REST, where Rasa sends a bubble's payload as a
    message of its own after the text: the source line must still be shown."""
    import asyncio

    from rasa.core.channels.channel import CollectingOutputChannel

    [answer] = library().render_answer("press_55_landline", {})
    channel = CollectingOutputChannel()
    asyncio.run(
        channel.send_response(
            "staff", {"text": answer["text"], "buttons": answer["buttons"], "custom": answer["custom"]}
        )
    )
    printed: List[Dict[str, Any]] = []
    for message in channel.messages:
        with_source_line(lambda m, *a, **k: printed.append(m))(message)
    assert [m.get("text") for m in printed] == [answer["text"], f"  {source_line(answer['custom'])}"]
    assert "Custom json" not in str(printed)
    assert all("custom" not in m for m in printed)


def test_an_answer_of_several_bubbles_shows_its_source_once_under_the_last() -> None:
    bubbles = library().render("silent_solution")
    assert len(bubbles) > 1
    printed: List[Dict[str, Any]] = []
    for bubble in bubbles:
        with_source_line(lambda m, *a, **k: printed.append(m))(bubble)
    lines = [m["text"].splitlines()[-1].strip() for m in printed]
    assert [line.startswith("Source: ") for line in lines] == [False] * (len(bubbles) - 1) + [True]


def test_quiet_sends_warnings_and_logs_to_the_log_file_not_the_screen(tmp_path) -> None:
    """What staff see is the conversation: warnings, logs and C-level writes to fd 2 go
    to the log file (run in a child process, since it takes over the process's stderr)."""
    import subprocess
    import sys

    log = tmp_path / "shell.log"
    code = (
        "import logging, os, warnings\n"
        "from scripts import staff_shell\n"
        f"staff_shell.LOG = __import__('pathlib').Path({str(log)!r})\n"
        "staff_shell._quiet()\n"
        "warnings.warn('a deprecation')\n"
        "logging.getLogger('rasa').error('a server log line')\n"
        "os.write(2, b'a TensorFlow message\\n')\n"
        "print('the conversation')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "the conversation\n"
    assert done.stderr == ""
    written = log.read_text()
    assert "a server log line" in written
    assert "a TensorFlow message" in written


def test_the_shell_installs_the_source_line_printer(monkeypatch) -> None:
    """main() must wrap Rasa's printer: without it staff get the 30-line JSON block again."""
    import rasa.__main__
    import rasa.core.channels.console as console

    from scripts import staff_shell

    shown = []
    monkeypatch.setattr(staff_shell, "_quiet", lambda: None)
    monkeypatch.setattr(rasa.__main__, "main", lambda: None)
    monkeypatch.setattr(console, "_print_bot_output", lambda message, *a, **k: shown.append(message))
    assert staff_shell.main([]) == 0
    custom = {"sources": [{"name": "GOV.UK"}], "reviewed_on": "2026-11-29", "review_due": "2027-05-29"}
    console._print_bot_output({"recipient_id": "x", "text": "An answer.", "custom": custom})
    assert shown == [
        {"recipient_id": "x", "text": "An answer.\n  Source: GOV.UK · reviewed 2026-11-29 · due 2027-05-29"}
    ]

"""Usage counters (addons/metrics.py), without a server: what each event adds, and
that nothing but a known id or a fixed reason becomes a label. The real servers,
/metrics and its token are tested in tests/integration/test_metrics.py."""

from __future__ import annotations

import asyncio
from pathlib import Path
from types import SimpleNamespace
from typing import Dict, Optional

import pytest

from addons import metrics
from addons.metrics import REGISTRY, UsageCounter, api_token, authorised
from safety.content import library

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "0123456789abcdef0123"


def value(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(f"stalkingbot_{name}_total", labels or None) or 0.0


def counts_after(*events: dict) -> Dict[str, float]:
    """What the events add to every series, by `name{labels}`."""
    before = {(s.name, tuple(sorted(s.labels.items()))): s.value for m in REGISTRY.collect() for s in m.samples}
    broker = UsageCounter()
    for event in events:
        broker.publish(event)
    moved = {}
    for family in REGISTRY.collect():
        for sample in family.samples:
            key = (sample.name, tuple(sorted(sample.labels.items())))
            if sample.value != before.get(key, 0.0):
                shown = ",".join(f"{k}={v}" for k, v in key[1])
                moved[f"{sample.name}{{{shown}}}" if shown else sample.name] = sample.value - before.get(key, 0.0)
    return moved


def bot(custom: Optional[dict]) -> dict:
    return {"event": "bot", "sender_id": "3f2b8c4e-9d1a-4c7b", "text": "words", "data": {"custom": custom}}


def test_a_topic_reply_is_counted_once_however_many_bubbles_it_has() -> None:
    parts = [bot({"guidance_id": "evidence", "part": n, "parts": 3}) for n in (1, 2, 3)]
    assert counts_after(*parts) == {"stalkingbot_replies_total{guidance_id=evidence}": 1}


def test_fallback_danger_and_check_results_have_their_own_counters() -> None:
    assert counts_after(bot({"guidance_id": "fallback", "part": 1})) == {
        "stalkingbot_replies_total{guidance_id=fallback}": 1,
        "stalkingbot_fallbacks_total": 1,
    }
    assert counts_after(bot({"guidance_id": "immediate_danger", "part": 1})) == {
        "stalkingbot_replies_total{guidance_id=immediate_danger}": 1,
        "stalkingbot_danger_replies_total": 1,
    }
    assert counts_after(bot({"guidance_id": "stalking_check_result"})) == {
        "stalkingbot_replies_total{guidance_id=stalking_check_result}": 1,
        "stalkingbot_stalking_checks_finished_total": 1,
    }


def test_danger_answered_in_welsh_is_counted_as_a_danger_reply() -> None:
    """With the chat set to Cymraeg, danger gets welsh_safety; the action marks it danger_first."""
    assert counts_after(bot({"guidance_id": "welsh_safety", "part": 1, "danger_first": True})) == {
        "stalkingbot_replies_total{guidance_id=welsh_safety}": 1,
        "stalkingbot_danger_replies_total": 1,
    }
    assert "stalkingbot_danger_replies_total" not in counts_after(bot({"guidance_id": "welsh_safety", "part": 1}))


def test_risk_replies_are_counted_when_the_content_has_them(monkeypatch) -> None:
    monkeypatch.setattr(metrics, "known_guidance_ids", lambda: frozenset(library().entries) | {"risk_signs"})
    assert counts_after(bot({"guidance_id": "risk_signs", "part": 1}))["stalkingbot_risk_replies_total"] == 1


def test_an_id_not_in_the_content_is_counted_as_other_never_named() -> None:
    moved = counts_after(bot({"guidance_id": "my ex Dave at 12 High St"}), bot({"answer_id": "he hits me", "part": 1}))
    assert moved == {"stalkingbot_replies_total{guidance_id=other}": 1, "stalkingbot_answers_total{answer_id=other}": 1}


def test_a_known_answer_id_is_counted_by_name(monkeypatch) -> None:
    monkeypatch.setattr(metrics, "known_answer_ids", lambda: frozenset({"evidence.screenshots"}))
    metrics.ANSWERS.labels(answer_id="evidence.screenshots")
    moved = counts_after(bot({"guidance_id": "evidence", "answer_id": "evidence.screenshots", "part": 1}))
    assert moved == {
        "stalkingbot_answers_total{answer_id=evidence.screenshots}": 1,
        "stalkingbot_replies_total{guidance_id=evidence}": 1,
    }


def test_messages_checks_and_exits() -> None:
    user = {"event": "user", "text": "he follows me", "parse_data": {"intent": {"name": "recognise_stalking"}}}
    exit_message = {"event": "user", "text": "/restart", "parse_data": {"intent": {"name": "restart"}}}
    moved = counts_after(
        user,
        {"event": "active_loop", "name": "stalking_check_form"},
        {"event": "active_loop", "name": None},
        exit_message,
        {"event": "restart"},
    )
    assert moved == {
        "stalkingbot_messages_total": 1,
        "stalkingbot_stalking_checks_started_total": 1,
        "stalkingbot_exits_total": 1,
    }
    # With Exit this page (the widget says so), the exit is also a quick exit; closing the page is not.
    by_exit = dict(exit_message, metadata={"ended_by": "exit"})
    assert counts_after(by_exit, {"event": "restart"}) == {
        "stalkingbot_exits_total": 1,
        "stalkingbot_quick_exits_total": 1,
    }


def test_events_without_ids_count_nothing() -> None:
    assert (
        counts_after(
            bot(None),
            bot({"title": "x"}),
            {"event": "slot", "name": "region", "value": "scotland"},
            {"event": "action", "name": "action_listen"},
            {},
        )
        == {}
    )


def test_a_broken_event_costs_no_reply_and_logs_no_words(caplog) -> None:
    assert counts_after({"event": "bot", "data": "he follows me"}, {"event": "user", "parse_data": ["x"]}) == {}
    assert "follows" not in caplog.text


def test_refusals_and_failures_by_reason_from_a_fixed_set() -> None:
    before = value("input_refused", reason="too_long"), value("input_refused", reason="other")
    metrics.refused("too_long")
    metrics.refused("my name is Jo")
    assert (value("input_refused", reason="too_long"), value("input_refused", reason="other")) == (
        before[0] + 1,
        before[1] + 1,
    )
    assert "Jo" not in metrics.figures().decode()
    deadline = value("failed_turns", reason="deadline")
    metrics.failed_turn("deadline")
    assert value("failed_turns", reason="deadline") == deadline + 1


def test_every_series_exists_from_start_up_with_no_creation_times() -> None:
    text = metrics.figures().decode()
    for guidance_id in library().entries:
        assert f'stalkingbot_replies_total{{guidance_id="{guidance_id}"}}' in text
    for reason in metrics.REFUSAL_REASONS:
        assert f'stalkingbot_input_refused_total{{reason="{reason}"}}' in text
    assert "_created" not in text
    assert "process_" not in text
    assert "python_" not in text


@pytest.mark.parametrize(
    ("argv", "token"),
    [
        (["run", "--model", "m.tar.gz", "--enable-api", "--auth-token", TOKEN], TOKEN),
        (["run", f"--auth-token={TOKEN}", "--port", "5005"], TOKEN),
        (["run", "-t", TOKEN], TOKEN),
        (["run", "--port", "5005"], None),
        (["run", "--auth-token", "UNSET"], None),  # Rasa's Helm chart when no token is configured
    ],
)
def test_metrics_follow_the_servers_api_token(argv, token) -> None:
    assert api_token(argv) == token


def request(headers: Optional[dict] = None, args: Optional[dict] = None) -> SimpleNamespace:
    return SimpleNamespace(headers=headers or {}, args=args or {})


def test_the_token_is_taken_as_a_bearer_header_or_rasas_query_parameter() -> None:
    assert authorised(request({"Authorization": f"Bearer {TOKEN}"}), TOKEN)
    assert authorised(request(args={"token": TOKEN}), TOKEN)
    assert not authorised(request(), TOKEN)
    assert not authorised(request({"Authorization": f"Basic {TOKEN}"}), TOKEN)
    assert not authorised(request({"Authorization": "Bearer " + TOKEN[:-1]}), TOKEN)


def test_the_broker_is_made_from_endpoints_yml() -> None:
    from rasa.core.brokers.broker import EventBroker
    from rasa.core.utils import read_endpoints_from_path

    endpoints = read_endpoints_from_path(ROOT / "endpoints.yml")
    assert isinstance(asyncio.run(EventBroker.create(endpoints.event_broker)), UsageCounter)

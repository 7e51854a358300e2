"""Usage figures with no one's words (addons/metrics.py), through the real servers.

/metrics is off without a token and needs the token with one; the counters match a
scripted conversation exactly; nothing typed and no sender id ever reaches them.
This module starts its own servers with a token, as a service going live would.
"""

from __future__ import annotations

import os
import re
import time
import uuid
from pathlib import Path
from typing import Dict, Iterator

import pytest
import requests

from addons import metrics
from scripts.stack import Stack, free_ports
from scripts.stats import Figures, parse, read
from scripts.stats import main as stats_main
from tests.conftest import guidance_ids, new_sender, say, text_of

pytestmark = pytest.mark.servers

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = ROOT / "deploy" / "grafana" / "usage-dashboard.json"
CANARY = f"zebra-canary-{uuid.uuid4().hex[:10]}"
TOKEN = uuid.uuid4().hex


@pytest.fixture(scope="module")
def counted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    rasa, actions = free_ports(2)
    stack = Stack(
        rasa_ports=[rasa],
        action_port=actions,
        site_port=None,
        api_token=TOKEN,
        log_dir=tmp_path_factory.mktemp("metrics-logs"),
    )
    with stack:
        yield stack


def metrics_url(stack: Stack) -> str:
    return f"{stack.rasa_url()}/metrics"


def changes(before: Figures, after: Figures) -> Dict[str, float]:
    """What moved, as `series{label="value"}`: the figures a test can compare."""
    moved = {}
    for (name, labels), value in after.items():
        delta = value - before.get((name, labels), 0.0)
        if delta:
            shown = ",".join(f'{key}="{val}"' for key, val in sorted(labels))
            moved[f"{name}{{{shown}}}" if shown else name] = delta
    return moved


def test_metrics_are_off_without_a_token(stack: Stack) -> None:
    assert requests.get(metrics_url(stack), timeout=10).status_code == 404


def test_metrics_need_the_token(counted: Stack) -> None:
    url = metrics_url(counted)
    assert requests.get(url, timeout=10).status_code == 401
    assert requests.get(url, headers={"Authorization": "Bearer wrong"}, timeout=10).status_code == 401
    assert requests.get(url, params={"token": "wrong"}, timeout=10).status_code == 401
    reply = requests.get(url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10)
    assert reply.status_code == 200
    assert reply.headers["Content-Type"].startswith("text/plain")
    assert "stalkingbot_messages_total" in reply.text
    assert requests.get(url, params={"token": TOKEN}, timeout=10).status_code == 200  # Rasa's own way


def test_the_counters_match_a_scripted_conversation(counted: Stack) -> None:
    before = read([metrics_url(counted)], TOKEN)
    person = new_sender()
    for message, expected in [
        ("hello", ["welcome"]),
        ("qwzx plorf vlim", ["fallback"]),
        ("he's outside my door right now", ["immediate_danger"]),
        ("how do I report him", ["reporting"]),
    ]:
        assert guidance_ids(say(counted, person, message)) == expected, message
    check = [
        "/start_stalking_check",
        '/inform{"check_behaviour": "following"}',
        "/affirm",
        "/affirm",
        "/affirm",
        '/inform{"relationship": "ex_partner"}',
    ]
    for message in check:
        assert text_of(say(counted, person, message)), message
    assert guidance_ids(say(counted, person, '/inform{"region": "scotland"}')) == ["stalking_check_result"]
    assert guidance_ids(say(counted, person, "   ")) == ["empty_message"]
    assert guidance_ids(say(counted, person, "he follows me " * 100)) == ["message_too_long"]
    assert requests.post(counted.webhook(), json={"sender": "x", "message": "hi"}, timeout=10).status_code == 400
    assert guidance_ids(say(counted, person, "how long does a stalking protection order last?")) == [
        "protection_orders"
    ]
    exit_body = {"sender": person, "message": "/restart", "ended_by": "exit"}  # as the widget's Exit sends it
    assert requests.post(counted.webhook(), json=exit_body, timeout=10).json() == []

    someone_else = new_sender()
    say(counted, someone_else, "/start_stalking_check")
    assert guidance_ids(say(counted, someone_else, "/stop")) == ["stopped"]

    assert changes(before, read([metrics_url(counted)], TOKEN)) == {
        "stalkingbot_messages_total": 4 + len(check) + 1 + 1 + 2,
        'stalkingbot_replies_total{guidance_id="welcome"}': 1,
        'stalkingbot_replies_total{guidance_id="fallback"}': 1,
        'stalkingbot_replies_total{guidance_id="immediate_danger"}': 1,
        'stalkingbot_replies_total{guidance_id="reporting"}': 1,
        'stalkingbot_replies_total{guidance_id="stalking_check_result"}': 1,
        'stalkingbot_replies_total{guidance_id="stopped"}': 1,
        'stalkingbot_replies_total{guidance_id="protection_orders"}': 1,
        'stalkingbot_answers_total{answer_id="spo_duration"}': 1,
        'stalkingbot_answers_total{answer_id="report_how"}': 1,  # the answer to "how do I report him"
        "stalkingbot_fallbacks_total": 1,
        "stalkingbot_danger_replies_total": 1,
        "stalkingbot_stalking_checks_started_total": 2,
        "stalkingbot_stalking_checks_finished_total": 1,
        "stalkingbot_exits_total": 1,
        "stalkingbot_quick_exits_total": 1,
        'stalkingbot_input_refused_total{reason="empty"}': 1,
        'stalkingbot_input_refused_total{reason="too_long"}': 1,
        'stalkingbot_input_refused_total{reason="bad_request"}': 1,
    }


def test_an_action_server_failure_is_counted(counted: Stack) -> None:
    before = read([metrics_url(counted)], TOKEN)
    counted.stop("actions")
    try:
        assert guidance_ids(say(counted, new_sender(), "how do I keep a diary")) == ["safety_fallback"]
    finally:
        counted.start_one("actions")
    assert changes(before, read([metrics_url(counted)], TOKEN)) == {
        "stalkingbot_messages_total": 1,
        'stalkingbot_replies_total{guidance_id="safety_fallback"}': 1,
        "stalkingbot_action_server_fallbacks_total": 1,
    }
    time.sleep(float(os.environ.get("ACTION_COOLDOWN_SECONDS", "5")) + 0.5)  # let the guard try it again


def test_no_words_and_no_sender_id_reach_the_figures_or_the_dashboard(counted: Stack) -> None:
    person = new_sender()
    for message in [
        f"my stalker {CANARY} keeps turning up at my work",
        f"/{CANARY}",  # a made-up intent name
        f'/inform{{"check_behaviour": "{CANARY}"}}',
        "/start_stalking_check",
        f"he sends {CANARY} letters",
        f'/inform{{"region": "{CANARY}"}}',
        f"{CANARY} " * 200,  # too long
    ]:
        assert say(counted, person, message)
    requests.post(counted.webhook(), json={"sender": CANARY, "message": CANARY}, timeout=10)
    figures = requests.get(metrics_url(counted), params={"token": TOKEN}, timeout=10).text
    dashboard = DASHBOARD.read_text()
    for secret in (CANARY, person, TOKEN):
        assert secret not in figures
        assert secret not in dashboard
    # Every label value is an id from the content or one of the fixed reasons.
    allowed = set(metrics.known_guidance_ids()) | set(metrics.known_answer_ids()) | {metrics.OTHER}
    allowed |= set(metrics.REFUSAL_REASONS) | set(metrics.FAILED_TURN_REASONS)
    values = {value for (_, labels) in parse(figures) for _, value in labels}
    assert values
    assert values <= allowed


def test_the_dashboard_asks_only_for_series_the_bot_serves(counted: Stack) -> None:
    served = {name for name, _ in read([metrics_url(counted)], TOKEN)}
    asked = set(re.findall(r"stalkingbot_[a-z_]+_total", DASHBOARD.read_text()))
    assert asked == served  # every counter is on the dashboard, and nothing else is asked for


def test_make_stats_draws_the_figures_of_a_running_bot(counted: Stack, tmp_path: Path) -> None:
    say(counted, new_sender(), "how do I keep a diary")
    out = tmp_path / "usage.png"
    assert stats_main(["--url", metrics_url(counted), "--token", TOKEN, "--out", str(out)]) == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert out.stat().st_size > 20_000
    with pytest.raises(SystemExit, match="token was refused"):
        stats_main(["--url", metrics_url(counted), "--token", "wrong", "--out", str(out)])

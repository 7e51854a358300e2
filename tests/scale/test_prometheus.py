"""Debian's Prometheus scrapes every replica's /metrics (addons/metrics.py) with the
job in deploy/prometheus/prometheus.yml, and serves the usage series through its own
query API: summed over the replicas, answering every query of the Grafana dashboard
(deploy/grafana/usage-dashboard.json), and with no one's words or sender id in them."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
import uuid
from pathlib import Path
from typing import Any, Callable, Iterator, List

import pytest
import requests
import yaml

from scripts.stack import HOST, Stack, free_ports
from scripts.stats import read, total
from tests.conftest import guidance_ids, new_sender, say
from tests.scale.conftest import TOKEN

pytestmark = pytest.mark.servers

ROOT = Path(__file__).resolve().parents[2]
CANARY = f"zebra-canary-{uuid.uuid4().hex[:10]}"
SCRAPE_SECONDS = 1


@pytest.fixture(scope="module")
def prometheus(scaled: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Prometheus on a free port, scraping both replicas, storing only in a temporary folder."""
    if not shutil.which("prometheus"):
        pytest.fail("prometheus is not installed: apt-get install --no-install-recommends prometheus")
    home = tmp_path_factory.mktemp("prometheus")
    token_file = home / "token"
    token_file.write_text(TOKEN)
    token_file.chmod(0o600)
    config = yaml.safe_load((ROOT / "deploy" / "prometheus" / "prometheus.yml").read_text())
    config["global"] = {"scrape_interval": f"{SCRAPE_SECONDS}s", "evaluation_interval": f"{SCRAPE_SECONDS}s"}
    [job] = [job for job in config["scrape_configs"] if job["job_name"] == "stalkingbot"]
    job["authorization"]["credentials_file"] = str(token_file)
    job["static_configs"] = [{"targets": [f"{HOST}:{port}" for port in scaled.rasa_ports]}]
    (home / "prometheus.yml").write_text(yaml.safe_dump(config))
    [port] = free_ports(1)
    with open(home / "prometheus.log", "wb") as log:
        server = subprocess.Popen(
            [
                "prometheus",
                f"--config.file={home / 'prometheus.yml'}",
                f"--storage.tsdb.path={home / 'data'}",
                f"--web.listen-address={HOST}:{port}",
                "--storage.tsdb.retention.time=1h",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://{HOST}:{port}"
    try:
        wait_for(lambda: requests.get(f"{url}/-/ready", timeout=2).status_code == 200, "Prometheus to start")
        yield url
    finally:
        server.terminate()
        server.wait(30)
        shutil.rmtree(home, ignore_errors=True)


def wait_for(check: Callable[[], Any], what: str, timeout: float = 30) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            result = check()
            if result:
                return result
        except requests.RequestException:
            pass
        time.sleep(0.25)
    raise AssertionError(f"waited {timeout:.0f} s for {what}")


def query(url: str, expr: str) -> List[dict]:
    """An instant query through Prometheus's HTTP API."""
    reply = requests.get(f"{url}/api/v1/query", params={"query": expr}, timeout=10)
    body = reply.json()
    assert reply.status_code == 200, (expr, body)
    assert body["status"] == "success", (expr, body)
    return body["data"]["result"]


def scalar(url: str, expr: str) -> float:
    result = query(url, expr)
    return float(result[0]["value"][1]) if result else float("nan")


def metrics_urls(stack: Stack) -> List[str]:
    return [f"{stack.rasa_url(replica)}/metrics" for replica in range(len(stack.rasa_ports))]


def test_prometheus_scrapes_every_replica_and_adds_them_up(scaled: Stack, prometheus: str) -> None:
    for replica, message in [
        (0, "hello"),
        (1, "how do I report him"),
        (0, "qwzx plorf vlim"),
        (1, "he's outside my door right now"),
        (0, "/start_stalking_check"),
    ]:
        assert say(scaled, new_sender(), message, replica=replica)
    served = read(metrics_urls(scaled), TOKEN)
    assert wait_for(
        lambda: scalar(prometheus, "sum(stalkingbot_messages_total)") == total(served, "messages"),
        "Prometheus to scrape the latest figures",
    )
    assert query(prometheus, 'up{job="stalkingbot"} == 1')
    assert len(query(prometheus, 'up{job="stalkingbot"}')) == 2
    assert len(query(prometheus, "stalkingbot_messages_total")) == 2  # one series a replica
    for name in ("fallbacks", "danger_replies", "stalking_checks_started"):
        assert scalar(prometheus, f"sum(stalkingbot_{name}_total)") == total(served, name) >= 1, name
    welcomes = query(prometheus, 'sum by (guidance_id) (stalkingbot_replies_total{guidance_id="welcome"})')
    assert float(welcomes[0]["value"][1]) >= 1


def test_every_dashboard_query_is_answered(scaled: Stack, prometheus: str) -> None:
    dashboard = json.loads((ROOT / "deploy" / "grafana" / "usage-dashboard.json").read_text())
    queries = [target["expr"] for panel in dashboard["panels"] for target in panel["targets"]]
    assert len(queries) >= 10
    # increase() sees only what happens between scrapes: talk after Prometheus has a first look.
    wait_for(lambda: len(query(prometheus, "stalkingbot_messages_total")) == 2, "a first scrape of both replicas")
    for replica in (0, 1):
        assert guidance_ids(say(scaled, new_sender(), "hello", replica=replica)) == ["welcome"]
    served = read(metrics_urls(scaled), TOKEN)
    wait_for(
        lambda: scalar(prometheus, "sum(stalkingbot_messages_total)") == total(served, "messages"),
        "Prometheus to scrape the latest figures",
    )
    for expr in queries:
        query(prometheus, expr.replace("$__range", "5m"))
    [by_topic] = [t["expr"] for p in dashboard["panels"] if p["title"] == "Answers by topic" for t in p["targets"]]
    welcome = [
        float(r["value"][1])
        for r in query(prometheus, by_topic.replace("$__range", "5m"))
        if r["metric"].get("guidance_id") == "welcome"
    ]
    assert welcome
    assert welcome[0] >= 1  # increase() extrapolates, so not exactly 2


def test_no_words_and_no_sender_id_reach_prometheus(scaled: Stack, prometheus: str) -> None:
    person = new_sender()
    for replica, message in [
        (0, f"my stalker {CANARY} keeps turning up"),
        (1, f"/{CANARY}"),
        (0, f'/inform{{"check_behaviour": "{CANARY}"}}'),
        (1, f"{CANARY} " * 200),
    ]:
        assert say(scaled, person, message, replica=replica)
    served = read(metrics_urls(scaled), TOKEN)
    wait_for(
        lambda: scalar(prometheus, "sum(stalkingbot_messages_total)") == total(served, "messages"),
        "Prometheus to scrape the latest figures",
    )
    answers = [
        requests.get(f"{prometheus}/api/v1/series", params={"match[]": '{__name__=~".+"}'}, timeout=10).text,
        requests.get(f"{prometheus}/api/v1/labels", timeout=10).text,
        requests.get(f"{prometheus}/api/v1/label/guidance_id/values", timeout=10).text,
        requests.get(f"{prometheus}/api/v1/targets", timeout=10).text,
    ]
    assert "welcome" in answers[2]  # the series are there to search
    for answer in answers:
        for secret in (CANARY, person, TOKEN):
            assert secret not in answer

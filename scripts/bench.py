"""`make bench`: closed-loop load through the REST channel, against Rasa's stock bot.

For C in 1, 10 and 50, C conversations run at once, each sending 10 realistic
messages one after another (a new message as soon as the last reply arrives).
C=1 runs ten conversations in turn, so every level sends at least 100 messages.
It measures, under the same load and in the same run:
  - this bot, single replica (the embedded, in-memory default),
  - this bot, two replicas sharing Redis (messages alternate between them),
  - Rasa's stock starter bot (`rasa init --no-prompt`), the floor a Rasa bot reaches here,
and prints JSON: latency percentiles, throughput, errors, peak resident memory of each
process, and this bot's figures divided by the stock bot's. The three run side by side
and take turns, three rounds per level, and the medians are reported. It is a benchmark, not a
test: it reports, and says which targets are met.

    python -m scripts.bench [--levels 1 10 50] [--repeats 3] [--out reports/bench.json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Dict, List, Optional

import requests

from safety.content import library
from scripts.stack import HOST, ROOT, VENV_BIN, Process, Stack, base_env, free_ports

MESSAGES_PER_CONVERSATION = 10
STOCK_DIR = ROOT / ".bench" / "stock-bot"


def conversation_script(index: int) -> List[str]:
    """Ten messages a person might send, varied by conversation."""
    key = library().services["silent_solution"].phone
    scripts = [
        [
            "hello",
            "is it stalking if he keeps turning up at my work",
            "what counts as stalking",
            "how do I report it to the police",
            "will it make things worse",
            "what should I write down",
            "can he see I used this site",
            f"what does pressing {key} do",
            "thank you",
            "bye",
        ],
        [
            "hi",
            "my ex keeps messaging me from fake accounts",
            "should I block him",
            "how do I keep screenshots",
            "what is a stalking prevention order",
            "can I apply for one myself",
            "is there an advocate who can help",
            "I'm so scared",
            "can I talk to a real person",
            "thanks",
        ],
        [
            "hello there",
            "I think there's a tracker on my car",
            "should I remove it",
            "how do I stay safe walking home",
            "what about my kids",
            "I live in Glasgow",
            "what orders can I get",
            "who can help me in Scotland",
            "ok",
            "goodbye",
        ],
    ]
    return scripts[index % len(scripts)]


def send(url: str, sender: str, message: str) -> (float, Optional[str]):
    """One message: the seconds it took, and an error if it was not a proper reply."""
    started = time.perf_counter()
    try:
        reply = requests.post(url, json={"sender": sender, "message": message}, timeout=30)
        elapsed = time.perf_counter() - started
        if reply.status_code != 200:
            return elapsed, f"HTTP {reply.status_code}"
        body = reply.json()
        if not body:
            return elapsed, "empty reply"
        if any((m.get("custom") or {}).get("guidance_id") == "safety_fallback" for m in body):
            return elapsed, "safety fallback (a failure inside the bot)"
        return elapsed, None
    except requests.RequestException as exc:
        return time.perf_counter() - started, type(exc).__name__


def run_level(urls: List[str], concurrency: int) -> Dict[str, object]:
    """C conversations at once; C=1 runs ten conversations in turn."""
    conversations = max(concurrency, 10) if concurrency == 1 else concurrency
    latencies: List[float] = []
    errors: Dict[str, int] = {}
    lock = threading.Lock()

    def one_conversation(index: int) -> None:
        sender = str(uuid.uuid4())
        for turn, message in enumerate(conversation_script(index)):
            elapsed, error = send(urls[(index + turn) % len(urls)], sender, message)
            with lock:
                latencies.append(elapsed)
                if error:
                    errors[error] = errors.get(error, 0) + 1

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(one_conversation, range(conversations)))
    wall = time.perf_counter() - started
    ordered = sorted(latencies)

    def percentile(p: float) -> float:
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]

    return {
        "concurrency": concurrency,
        "messages": len(latencies),
        "errors": sum(errors.values()),
        "error_kinds": errors,
        "p50_ms": round(percentile(50) * 1000, 1),
        "p95_ms": round(percentile(95) * 1000, 1),
        "p99_ms": round(percentile(99) * 1000, 1),
        "mean_ms": round(statistics.mean(latencies) * 1000, 1),
        "throughput_msg_per_s": round(len(latencies) / wall, 1),
    }


def peak_rss_mb(process: Process) -> float:
    """Peak resident memory (VmHWM) of a process and its children, in MB."""
    pids = [process.pid(), *_children(process.pid())]
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return round(total / 1024, 1)


def _children(pid: int) -> List[int]:
    found = []
    for child in Path(f"/proc/{pid}/task").glob("*/children"):
        for value in child.read_text().split():
            found += [int(value), *_children(int(value))]
    return found


def warm_up(urls: List[str]) -> None:
    for url in urls:
        for message in ("hello", "how do I report him"):
            send(url, str(uuid.uuid4()), message)


def combine(runs: List[Dict[str, object]]) -> Dict[str, object]:
    """Repeated runs of one level: the median of each figure, errors added up."""
    combined = dict(runs[0])
    for key in ("p50_ms", "p95_ms", "p99_ms", "mean_ms", "throughput_msg_per_s"):
        combined[key] = round(statistics.median(run[key] for run in runs), 1)
    combined["messages"] = sum(run["messages"] for run in runs)
    combined["errors"] = sum(run["errors"] for run in runs)
    kinds: Dict[str, int] = {}
    for run in runs:
        for kind, count in run["error_kinds"].items():
            kinds[kind] = kinds.get(kind, 0) + count
    combined["error_kinds"] = kinds
    combined["repeats"] = len(runs)
    return combined


# --- Rasa's stock starter bot ---------------------------------------------------------
def stock_model() -> Path:
    """`rasa init --no-prompt` once, kept in .bench/ so later runs reuse its model."""
    models = STOCK_DIR / "models"
    if not (models.exists() and any(models.glob("*.tar.gz"))):
        shutil.rmtree(STOCK_DIR, ignore_errors=True)
        STOCK_DIR.mkdir(parents=True)
        print("  building Rasa's stock starter bot (rasa init, about 3 minutes, once)...", file=sys.stderr, flush=True)
        subprocess.run(
            [str(VENV_BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(STOCK_DIR)],
            cwd=STOCK_DIR,
            env=base_env(PYTHONPATH=""),
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    return sorted(models.glob("*.tar.gz"))[-1]


def start_stock_bot(log_dir: Path) -> (Process, str):
    [port] = free_ports(1)
    argv = [
        str(VENV_BIN / "rasa"),
        "run",
        "--model",
        str(stock_model()),
        "--port",
        str(port),
        "--interface",
        HOST,
        "--credentials",
        str(STOCK_DIR / "credentials.yml"),
    ]
    process = Process("stock", argv, f"http://{HOST}:{port}/", base_env(PYTHONPATH=""), log_dir / "stock.log")
    with open(process.log, "ab") as log:
        process.popen = subprocess.Popen(
            argv, cwd=STOCK_DIR, env=process.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            if requests.get(process.ready_url, timeout=2).status_code == 200:
                return process, f"http://{HOST}:{port}/webhooks/rest/webhook"
        except requests.RequestException:
            time.sleep(0.5)
    raise TimeoutError("the stock bot did not start")


def ratios(ours: Dict[str, object], stock: Dict[str, object]) -> List[Dict[str, object]]:
    rows = []
    for mine, theirs in zip(ours["levels"], stock["levels"], strict=True):
        rows.append(
            {
                "concurrency": mine["concurrency"],
                "p50_ratio": round(mine["p50_ms"] / theirs["p50_ms"], 2),
                "p95_ratio": round(mine["p95_ms"] / theirs["p95_ms"], 2),
                "p99_ratio": round(mine["p99_ms"] / theirs["p99_ms"], 2),
                "throughput_ratio": round(mine["throughput_msg_per_s"] / theirs["throughput_msg_per_s"], 2),
            }
        )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--repeats", type=int, default=3, help="rounds per level; medians are reported")
    parser.add_argument("--out", default=str(ROOT / "reports" / "bench.json"))
    args = parser.parse_args()
    log_dir = Path(tempfile.mkdtemp(prefix="bench-"))
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    print(f"Benchmark levels {args.levels}, {MESSAGES_PER_CONVERSATION} messages a conversation", file=sys.stderr)

    # All three run side by side and take turns, level by level and repeat by repeat, so
    # that a machine that speeds up or slows down during the run favours none of them.
    rasa, actions = free_ports(2)
    single = Stack(rasa_ports=[rasa], action_port=actions, site_port=None, log_dir=log_dir / "single")
    rasa_a, rasa_b, actions, redis_port = free_ports(4)
    scaled = Stack(
        rasa_ports=[rasa_a, rasa_b],
        action_port=actions,
        site_port=None,
        redis_port=redis_port,
        log_dir=log_dir / "scaled",
    )
    stock_process = None
    try:
        single.start()
        scaled.start()
        stock_process, stock_url = start_stock_bot(log_dir)
        targets = {
            "single replica, in memory": ([single.webhook(0)], {n: single.processes[n] for n in ("rasa", "actions")}),
            "two replicas, Redis": (
                [scaled.webhook(0), scaled.webhook(1)],
                {n: scaled.processes[n] for n in ("rasa0", "rasa1", "actions", "redis")},
            ),
            "Rasa stock starter bot (rasa init)": ([stock_url], {"rasa": stock_process}),
        }
        runs: Dict[str, Dict[int, List[Dict[str, object]]]] = {
            name: {level: [] for level in args.levels} for name in targets
        }
        for urls, _ in targets.values():
            warm_up(urls)
        for level in args.levels:
            for repeat in range(args.repeats):
                print(f"  C={level}, round {repeat + 1} of {args.repeats}", file=sys.stderr, flush=True)
                for name, (urls, _) in targets.items():
                    runs[name][level].append(run_level(urls, level))
        profiles = [
            {
                "profile": name,
                "levels": [combine(runs[name][level]) for level in args.levels],
                "peak_rss_mb": {key: peak_rss_mb(process) for key, process in processes.items()},
            }
            for name, (_, processes) in targets.items()
        ]
    finally:
        if stock_process:
            stock_process.stop()
        scaled.stop()
        single.stop()

    single, scaled, stock = profiles
    result = {
        "machine": {"cores": os.cpu_count(), "python": sys.version.split()[0]},
        "messages_per_conversation": MESSAGES_PER_CONVERSATION,
        "repeats": args.repeats,
        "profiles": profiles,
        "single_replica_vs_stock": ratios(single, stock),
        "two_replicas_vs_stock": ratios(scaled, stock),
    }
    by_level = {row["concurrency"]: row for row in result["single_replica_vs_stock"]}
    targets = {
        "zero errors at every level": all(level["errors"] == 0 for p in (single, scaled) for level in p["levels"]),
    }
    if 1 in by_level:
        targets["C=1 p95 at most 1.5x the stock bot"] = by_level[1]["p95_ratio"] <= 1.5
    if 50 in by_level:
        targets["C=50 throughput at least 0.7x the stock bot"] = by_level[50]["throughput_ratio"] >= 0.7
    result["targets_met"] = targets
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    shutil.rmtree(log_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`make stats`: a running bot's usage figures, drawn as reports/usage.png.

    python -m scripts.stats [--url URL ...] [--token TOKEN] [--out reports/usage.png]

Reads the counters at /metrics (addons/metrics.py) and draws the replies by topic,
the fallback, danger and risk rates, and the other counts. With replicas, give each
replica's URL: their counters are added up. The figures count since each replica
started; for trends over days, use the Grafana dashboard (deploy/grafana/).

The URL defaults to STATS_URL (several separated by commas), then the local bot; the
token to RASA_AUTH_TOKEN, the token the bot was started with.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections import defaultdict
from pathlib import Path
from typing import Dict, FrozenSet, Iterable, List, Optional, Tuple

import requests
from prometheus_client.parser import text_string_to_metric_families

from scripts.stack import ROOT

DEFAULT_URL = "http://127.0.0.1:5005/metrics"
PREFIX = "stalkingbot_"

Labels = FrozenSet[Tuple[str, str]]
Figures = Dict[Tuple[str, Labels], float]


def parse(text: str) -> Figures:
    """Counter totals from Prometheus's text format, by series name and labels."""
    figures: Figures = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name.startswith(PREFIX) and sample.name.endswith("_total"):
                figures[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return figures


def read(urls: Iterable[str], token: Optional[str], timeout: float = 10) -> Figures:
    """Every replica's counters, added up."""
    summed: Figures = defaultdict(float)
    for url in urls:
        reply = requests.get(url, headers={"Authorization": f"Bearer {token}"} if token else {}, timeout=timeout)
        if reply.status_code == 404:
            raise SystemExit(f"{url}: /metrics is off. Start the bot with a token (RASA_AUTH_TOKEN).")
        if reply.status_code == 401:
            raise SystemExit(f"{url}: the token was refused. Set RASA_AUTH_TOKEN to the bot's token.")
        reply.raise_for_status()
        for key, value in parse(reply.text).items():
            summed[key] += value
    return dict(summed)


def total(figures: Figures, name: str) -> float:
    """A counter's total over all its labels."""
    return sum(value for (series, _), value in figures.items() if series == f"{PREFIX}{name}_total")


def by_label(figures: Figures, name: str, label: str) -> Dict[str, float]:
    counts: Dict[str, float] = defaultdict(float)
    for (series, labels), value in figures.items():
        if series == f"{PREFIX}{name}_total":
            counts[dict(labels).get(label, "")] += value
    return dict(counts)


def rate(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


def draw(figures: Figures, out: Path, read_at: Optional[dt.datetime] = None) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    from safety.content import library

    content = library()
    replies = by_label(figures, "replies", "guidance_id")
    topics = sorted((content.entries[t] for t in content.topic_intents), key=lambda e: replies.get(e.id, 0))
    messages = total(figures, "messages")
    rates = [
        ("Not understood\n(topic menu)", total(figures, "fallbacks")),
        ("Danger replies", total(figures, "danger_replies")),
        ("Risk replies", total(figures, "risk_replies")),
    ]
    refused = by_label(figures, "input_refused", "reason")
    counts = [
        ("Messages", messages),
        ("Stalking checks started", total(figures, "stalking_checks_started")),
        ("Stalking checks finished", total(figures, "stalking_checks_finished")),
        ("Specific answers served", total(figures, "answers")),
        ("Left (Exit, or closed the page)", total(figures, "exits")),
        ("Left with Exit this page", total(figures, "quick_exits")),
        ("Refused: empty", refused.get("empty", 0)),
        ("Refused: too long", refused.get("too_long", 0)),
        ("Refused: bad request", refused.get("bad_request", 0)),
        ("Action server fallbacks", total(figures, "action_server_fallbacks")),
        ("Turns failed (fallback sent)", total(figures, "failed_turns")),
    ]

    fig = plt.figure(figsize=(12.5, 8.5), dpi=110, constrained_layout=True)
    grid = fig.add_gridspec(2, 2, width_ratios=[1.35, 1], height_ratios=[1, 1])
    when = (read_at or dt.datetime.now()).strftime("%Y-%m-%d %H:%M")
    fig.suptitle(
        f"Usage since the bot started (read {when}): counts of content ids only, no words",
        fontsize=13,
        fontweight="bold",
    )

    ax = fig.add_subplot(grid[:, 0])
    values = [replies.get(e.id, 0) for e in topics]
    bars = ax.barh([content.fill(e.title) for e in topics], values, color="#3b6ea5")
    ax.bar_label(bars, labels=[f"{v:.0f}" for v in values], padding=3, fontsize=9)
    ax.set_title("Answers by topic", loc="left", fontweight="bold")
    ax.set_xlabel("times served")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.tick_params(axis="y", labelsize=9)
    ax.margins(x=0.15)
    ax.spines[["top", "right"]].set_visible(False)

    ax = fig.add_subplot(grid[0, 1])
    shares = [100 * rate(n, messages) for _, n in rates]
    bars = ax.bar([name for name, _ in rates], shares, color=["#8c8c8c", "#b22222", "#d98c1f"])
    ax.bar_label(
        bars,
        labels=[f"{share:.1f}%\n({n:.0f} of {messages:.0f})" for share, (_, n) in zip(shares, rates, strict=True)],
        padding=3,
        fontsize=9,
    )
    ax.set_title("Share of messages", loc="left", fontweight="bold")
    ax.set_ylabel("% of messages")
    ax.set_ylim(0, max([*shares, 1]) * 1.45)
    ax.tick_params(axis="x", labelsize=9)
    ax.spines[["top", "right"]].set_visible(False)

    ax = fig.add_subplot(grid[1, 1])
    ax.axis("off")
    ax.set_title("Other counts", loc="left", fontweight="bold")
    table = ax.table(
        cellText=[[name, f"{n:.0f}"] for name, n in counts],
        colLoc="left",
        cellLoc="left",
        colWidths=[0.8, 0.2],
        loc="upper left",
        edges="horizontal",
    )
    table.auto_set_font_size(False)
    table.set_fontsize(9.5)
    table.scale(1, 1.35)

    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, bbox_inches="tight")
    plt.close(fig)
    return out


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.stats", description=__doc__.splitlines()[0])
    parser.add_argument("--url", action="append", help="a replica's /metrics URL; repeat for each replica")
    parser.add_argument("--token", default=os.environ.get("RASA_AUTH_TOKEN"), help="the bot's token")
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "usage.png")
    args = parser.parse_args(argv)
    urls = args.url or [u.strip() for u in os.environ.get("STATS_URL", DEFAULT_URL).split(",") if u.strip()]
    try:
        figures = read(urls, args.token)
    except requests.RequestException as error:
        print(
            f"error: could not read the figures ({type(error).__name__}). Is the bot running at {urls[0]}?",
            file=sys.stderr,
        )
        return 1
    out = draw(figures, args.out)
    print(
        f"Wrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}: "
        f"{total(figures, 'messages'):.0f} messages from {len(urls)} replica(s)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

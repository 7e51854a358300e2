"""Usage figures with no one's words in them: Prometheus counters on /metrics.

The service running the bot needs to know what people ask about, how often the bot
fails to understand, how often it gives danger or risk replies, how many people use
the stalking check and how many leave, without keeping anyone's words or identity.
Two Rasa plug-ins give it that:

- `UsageCounter` is an event broker (endpoints.yml, `event_broker:`). Rasa hands it
  each new event of a conversation as it saves the conversation; it reads only the
  event's type, the guidance or answer id in a bot message's payload, and whether a
  stalking check started, and adds one to a counter. It never keeps the event, so
  nothing of it leaves the process.
- `MetricsEndpoint` is an input channel (credentials.yml) that serves the counters at
  GET /metrics, behind the token Rasa's HTTP API was started with (`--auth-token`),
  and answers 404 when there is none: off unless a token is given.

Refusals happen before a conversation exists, so the channels and the action guard
count those through `refused`, `action_server_fallback` and `failed_turn`.

Every label value comes from a fixed set: content ids from content/ (anything else is
counted as "other"), and the reasons named here. Nothing a person typed, no sender id
and no address can become a label. docs/privacy.md lists every series.
"""

from __future__ import annotations

import argparse
import hmac
import logging
import sys
from typing import Any, Awaitable, Callable, Dict, FrozenSet, List, Optional, Text

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, disable_created_metrics, generate_latest
from rasa.core.brokers.broker import EventBroker
from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from safety.content import library

logger = logging.getLogger(__name__)

PREFIX = "stalkingbot"
OTHER = "other"  # any id not in the content: counted, never named
REFUSAL_REASONS = ("empty", "too_long", "bad_request")
FAILED_TURN_REASONS = ("deadline", "error")
STALKING_CHECK_FORM = "stalking_check_form"
FALLBACK_ID = "fallback"
DANGER_ID = "immediate_danger"
RISK_ID = "risk_signs"
CHECK_RESULT_ID = "stalking_check_result"
EXIT_INTENT = "restart"
MIN_TOKEN_CHARS = 16

# This process's counters only: no process or platform figures, and no `_created`
# time stamps (a series' creation time would tell when its first event happened).
disable_created_metrics()
REGISTRY = CollectorRegistry(auto_describe=True)


def _counter(name: str, description: str, labels: tuple = ()) -> Counter:
    return Counter(f"{PREFIX}_{name}", description, labels, registry=REGISTRY)


MESSAGES = _counter("messages", "Messages people sent that reached a conversation (Exit not included).")
REPLIES = _counter("replies", "Replies served, by guidance entry (content/guidance/).", ("guidance_id",))
ANSWERS = _counter("answers", "Specific answers served, by answer id (content/answers/).", ("answer_id",))
FALLBACKS = _counter("fallbacks", "Times the bot did not understand and offered the topic menu.")
DANGER_REPLIES = _counter("danger_replies", "Emergency guidance replies (immediate_danger).")
RISK_REPLIES = _counter("risk_replies", "Risk sign replies (risk_signs).")
CHECKS_STARTED = _counter("stalking_checks_started", "Stalking checks started (first question asked).")
CHECKS_FINISHED = _counter("stalking_checks_finished", "Stalking checks finished (result given).")
EXITS = _counter(
    "exits",
    "Conversations the widget ended (/restart): its Exit control, or closing, reloading or leaving the page.",
)
QUICK_EXITS = _counter(
    "quick_exits", "Of those, the ones ended with Exit this page (button, Escape or Shift three times)."
)
REFUSED = _counter("input_refused", "Messages refused before reaching a conversation, by reason.", ("reason",))
ACTION_FALLBACKS = _counter(
    "action_server_fallbacks", "Safety fallbacks sent because the action server was down, slow or failing."
)
FAILED_TURNS = _counter(
    "failed_turns", "Turns answered with the safety fallback by the channel, by reason.", ("reason",)
)


def known_guidance_ids() -> FrozenSet[str]:
    return frozenset(library().entries)


def known_answer_ids() -> FrozenSet[str]:
    # Short answers (content/answers/) carry their own ids, where the library has them.
    return frozenset(getattr(library(), "answers", None) or ())


def _start_at_zero() -> None:
    """Every series exists from start-up, so a rate is right from the first event."""
    for guidance_id in [*sorted(known_guidance_ids()), OTHER]:
        REPLIES.labels(guidance_id=guidance_id)
    for answer_id in [*sorted(known_answer_ids()), OTHER]:
        ANSWERS.labels(answer_id=answer_id)
    for reason in REFUSAL_REASONS:
        REFUSED.labels(reason=reason)
    for reason in FAILED_TURN_REASONS:
        FAILED_TURNS.labels(reason=reason)


_start_at_zero()


def _known(value: Any, known: FrozenSet[str]) -> str:
    return value if isinstance(value, str) and value in known else OTHER


# --- counting, called by the plug-ins --------------------------------------------
def count_event(event: Dict[Text, Any]) -> None:
    """Add one event of a conversation to the counters. Reads ids only."""
    kind = event.get("event")
    if kind == "user":
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        if intent != EXIT_INTENT:
            MESSAGES.inc()
        elif (event.get("metadata") or {}).get("ended_by") == "exit":
            QUICK_EXITS.inc()
    elif kind == "bot":
        _count_reply(((event.get("data") or {}).get("custom")) or {})
    elif kind == "active_loop" and event.get("name") == STALKING_CHECK_FORM:
        CHECKS_STARTED.inc()
    elif kind == "restart":
        EXITS.inc()


def _count_reply(custom: Dict[Text, Any]) -> None:
    # A reply may be several chat bubbles, each carrying the payload: count it once.
    if not isinstance(custom, dict) or custom.get("part", 1) != 1:
        return
    # Local help in Scotland or Northern Ireland quotes the nation's answer: both are counted as used.
    if "answer_id" in custom:
        ANSWERS.labels(answer_id=_known(custom["answer_id"], known_answer_ids())).inc()
    if "guidance_id" not in custom:
        return
    guidance_id = _known(custom["guidance_id"], known_guidance_ids())
    REPLIES.labels(guidance_id=guidance_id).inc()
    if guidance_id == FALLBACK_ID:
        FALLBACKS.inc()
    elif guidance_id == DANGER_ID or custom.get("danger_first"):  # in Welsh, danger gets welsh_safety
        DANGER_REPLIES.inc()
    elif guidance_id == RISK_ID:
        RISK_REPLIES.inc()
    elif guidance_id == CHECK_RESULT_ID:
        CHECKS_FINISHED.inc()


def refused(reason: str) -> None:
    """A message screened out by the channel (addons/channels.py)."""
    REFUSED.labels(reason=reason if reason in REFUSAL_REASONS else OTHER).inc()


def action_server_fallback() -> None:
    """The action guard answered with the safety fallback (addons/action_guard.py)."""
    ACTION_FALLBACKS.inc()


def failed_turn(reason: str) -> None:
    """The channel answered a turn with the safety fallback (addons/channels.py)."""
    FAILED_TURNS.labels(reason=reason if reason in FAILED_TURN_REASONS else OTHER).inc()


class UsageCounter(EventBroker):
    """An event broker that counts, in this process, and passes nothing on.

    endpoints.yml:  event_broker: {type: addons.metrics.UsageCounter}
    """

    @classmethod
    async def from_endpoint_config(cls, broker_config: Any, event_loop: Any = None) -> UsageCounter:
        return cls()

    def publish(self, event: Dict[Text, Any]) -> None:
        try:
            count_event(event)
        except Exception as exc:  # a count must never cost a reply; and never log the event
            logger.error("A usage count failed (%s).", type(exc).__name__)


# --- /metrics ------------------------------------------------------------------------
def api_token(argv: Optional[List[str]] = None) -> Optional[str]:
    """The token this Rasa server was started with (`rasa run --auth-token`), if any.

    Rasa keeps its token inside its request handlers, so it is read from the same
    command line: /metrics is on exactly when a token is given, and needs that token.
    A short token is treated as none: Rasa's Helm chart passes "UNSET" when no token
    is configured, and a guessable token must not open the figures.
    """
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("-t", "--auth-token")
    known, _ = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    token = known.auth_token or ""
    if token and len(token) < MIN_TOKEN_CHARS:
        logger.warning("/metrics is off: the API token is shorter than %d characters.", MIN_TOKEN_CHARS)
        return None
    return token or None


def authorised(request: Request, token: str) -> bool:
    """`Authorization: Bearer <token>`, or Rasa's own `?token=<token>`."""
    header = request.headers.get("Authorization", "")
    offered = header[len("Bearer ") :] if header.startswith("Bearer ") else request.args.get("token", "")
    return hmac.compare_digest(offered.encode(), token.encode())


def figures() -> bytes:
    """The counters in Prometheus's text format."""
    return generate_latest(REGISTRY)


class MetricsEndpoint(InputChannel):
    """GET /metrics on the Rasa server (credentials.yml: `addons.metrics.MetricsEndpoint:`)."""

    def __init__(self, token: Optional[str] = None) -> None:
        self.token = token if token is not None else api_token()

    @classmethod
    def name(cls) -> Text:
        return "metrics"

    def url_prefix(self) -> Text:
        return "/"  # at the root, where Prometheus looks, not under /webhooks/

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        metrics = Blueprint("usage_figures", __name__)

        @metrics.route("/metrics", methods=["GET"])
        async def serve(request: Request) -> HTTPResponse:
            if not self.token:
                return response.json({"error": "not_found"}, status=404)
            if not authorised(request, self.token):
                return response.json({"error": "not_authorised"}, status=401)
            return response.raw(figures(), content_type=CONTENT_TYPE_LATEST)

        return metrics

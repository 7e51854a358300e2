"""The project's channels: Rasa's REST and socket.io channels, with input screened.

Stock Rasa answers a message with no `sender` in the shared conversation "default",
spends half a minute on a 1 MB message, answers a number with an empty reply and an
empty message as if it meant something, and logs the user's words when a message
fails. These subclasses check every message before Rasa sees it (safety/text.py),
answer a failure with the safety fallback instead of silence, log no user text, and
forget a conversation as soon as the widget's "Exit this page" sends /restart.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import json
import logging
import os
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

import yaml
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from addons import metrics
from addons.tracker_stores import forget
from safety.content import BEHAVIOURS, REGIONS, RELATIONSHIPS, library
from safety.content.schema import NATIONS
from safety.text import is_sender_id, screen

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 8 * 1024
CHAT_LANGUAGES = ("en", "cy")
RESTART = "/restart"
SCREEN_REPLIES = {"empty": "empty_message", "too_long": "message_too_long"}

Handler = Callable[[UserMessage], Awaitable[Any]]

# Turns still running after their reply deadline. asyncio keeps only weak references
# to tasks: without these, a late turn could be dropped half way, losing its events.
_in_flight: set[asyncio.Task] = set()


def reply_deadline() -> float:
    """A last resort: past this, answer with the safety fallback and let Rasa finish."""
    return float(os.environ.get("REPLY_DEADLINE_SECONDS", "7"))  # the widget gives up at 8


@functools.lru_cache(maxsize=1)
def known_intents() -> frozenset[str]:
    """The domain's intents, and Rasa's /restart and /nlu_fallback (what a message the NLU
    could not place becomes): the only payloads a message may carry."""
    domain = yaml.safe_load((Path(__file__).resolve().parent.parent / "domain.yml").read_text())
    return frozenset(domain["intents"]) | {RESTART[1:], "session_start", "nlu_fallback"}


@functools.lru_cache(maxsize=1)
def payload_values() -> Dict[str, frozenset[str]]:
    """The entity values our own buttons send: content ids, never free text."""
    lib = library()
    return {
        "area": frozenset(lib.areas),
        "region": frozenset(REGIONS) | {"not_said"},
        "nation": frozenset(NATIONS),
        "relationship": frozenset(RELATIONSHIPS),
        "check_behaviour": frozenset(BEHAVIOURS),
        "answer": frozenset(lib.answers),
    }


def screened(on_new_message: Handler) -> Handler:
    """Wrap Rasa's message handler so that only readable text reaches it."""

    async def handle(message: UserMessage) -> None:
        result = screen(message.text if isinstance(message.text, str) else "", known_intents(), payload_values())
        if result.problem:
            metrics.refused(result.problem)
            for reply in library().render(SCREEN_REPLIES[result.problem]):
                await message.output_channel.send_response(message.sender_id, reply)
            return
        message.text = result.text
        await on_new_message(message)

    return handle


class ReplyCollector(CollectingOutputChannel):
    """Keeps each bot message whole: text, buttons and the guidance payload together.

    Rasa's collector splits text at blank lines and sends `custom` as a separate
    message; a widget showing a source under the advice needs them as one.
    """

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        kept = {
            key: message[key] for key in ("text", "buttons", "quick_replies", "custom", "image") if message.get(key)
        }
        if kept:
            await self._persist_message(dict(recipient_id=recipient_id, **kept))


def _bad_request(reason: str) -> HTTPResponse:
    return response.json({"error": "bad_request", "reason": reason}, status=400)


def _parse(request: Request) -> tuple[Optional[Dict[str, Any]], Optional[str]]:
    """The request body if it is a message we can read; else why not."""
    if len(request.body or b"") > MAX_BODY_BYTES:
        return None, f"the request body is larger than {MAX_BODY_BYTES} bytes"
    try:
        body = json.loads(request.body or b"")
    except (ValueError, UnicodeDecodeError):
        return None, "the request body is not valid JSON"
    if not isinstance(body, dict):
        return None, "the request body must be a JSON object"
    if not is_sender_id(body.get("sender")):
        return None, "`sender` must be a random id such as a UUID (16 to 64 letters, digits, - or _)"
    if not isinstance(body.get("message"), str):
        return None, "`message` must be a string"
    return body, None


def message_metadata(body: Dict[str, Any]) -> Optional[Dict[str, str]]:
    """The language the chat is set to ("language": "cy" from the widget's Cymraeg switch),
    as message metadata for the actions, and, on /restart, whether the person used Exit
    ("ended_by": "exit", for the usage counters). Only these fixed values pass."""
    found = {}
    if body.get("language") in CHAT_LANGUAGES:
        found["language"] = body["language"]
    if body.get("ended_by") == "exit" and str(body.get("message", "")).strip() == RESTART:
        found["ended_by"] = "exit"
    return found or None


def _fallback(sender_id: Text) -> List[Dict[str, Any]]:
    return [dict(recipient_id=sender_id, **message) for message in library().render("safety_fallback")]


async def answer(
    handle: Handler, text: Text, sender_id: Text, channel: Text, metadata: Optional[Dict[str, Any]] = None
) -> List[Dict[str, Any]]:
    """Everything the bot says to one message; the safety fallback if anything failed."""
    collector = ReplyCollector()
    message = UserMessage(text, collector, sender_id, input_channel=channel, metadata=metadata)
    work = asyncio.ensure_future(handle(message))
    _in_flight.add(work)
    work.add_done_callback(_in_flight.discard)
    failed = False
    try:
        # shield: if the deadline passes, Rasa still finishes the turn, so the
        # conversation stays whole; the user gets the safety fallback now.
        await asyncio.wait_for(asyncio.shield(work), reply_deadline())
    except asyncio.TimeoutError:
        failed = True
        metrics.failed_turn("deadline")
        logger.error("A reply took longer than %.0f s; sent the safety fallback.", reply_deadline())
    except Exception as exc:  # never the user's words in the log: only the error type
        failed = True
        metrics.failed_turn("error")
        logger.error("A message failed (%s); sent the safety fallback.", type(exc).__name__)
    replies = list(collector.messages)
    if (failed or not replies) and text.strip() != RESTART:
        replies += [m for m in _fallback(sender_id) if m not in replies]
    return replies


class SafeRestInput(RestInput):
    """POST /webhooks/rest/webhook with {"sender": "<uuid>", "message": "..."}."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        module = inspect.getmodule(self)
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", module.__name__ if module else None)
        handle = screened(on_new_message)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            body, problem = _parse(request)
            if problem:
                metrics.refused("bad_request")
                return _bad_request(problem)
            assert body is not None  # _parse gives a body whenever it finds no problem
            sender_id, text = body["sender"], body["message"]
            replies = await answer(handle, text, sender_id, self.name(), message_metadata(body))
            if text.strip() == RESTART:
                forget(request.app.ctx.agent.tracker_store, sender_id)
                return response.json([])
            return response.json(replies)

        return webhook


class SafeSocketIOInput(SocketIOInput):
    """Rasa's socket.io channel with the same screening as the REST channel."""

    @classmethod
    def name(cls) -> Text:
        return "socketio"

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        return super().blueprint(screened(on_new_message))

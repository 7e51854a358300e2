"""Never silence when the action server fails (and check its replies cheaply).

Stock Rasa logs "Bot will continue, but the actions events are lost" and the user
gets nothing when a custom action can't run. This guard wraps Rasa's RemoteAction:
if the action server is down, slower than ACTION_TIMEOUT_SECONDS or errors, the user
gets the safety fallback from content/ (999, the Silent Solution and the National
Stalking Helpline) instead. After a failure, calls are skipped for a short cool-down
so that a turn with several actions still answers quickly; the next turn after the
cool-down tries the action server again, so a conversation recovers by itself.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import time
from typing import Any, Awaitable, Callable, List

from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.shared.core.events import BotUttered, Event, UserUttered

from addons import metrics
from safety.content import library

logger = logging.getLogger(__name__)

FALLBACK_ID = "safety_fallback"


class _Breaker:
    """Skip the action server for a while after it fails."""

    def __init__(self) -> None:
        self.open_until = 0.0

    @property
    def timeout(self) -> float:
        return float(os.environ.get("ACTION_TIMEOUT_SECONDS", "3"))

    @property
    def cooldown(self) -> float:
        return float(os.environ.get("ACTION_COOLDOWN_SECONDS", "5"))

    def is_open(self) -> bool:
        return time.monotonic() < self.open_until

    def trip(self) -> None:
        self.open_until = time.monotonic() + self.cooldown

    def reset(self) -> None:
        self.open_until = 0.0


breaker = _Breaker()


def fallback_events(tracker: Any) -> List[Event]:
    """The safety fallback as bot messages, once per turn."""
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            break
        if isinstance(event, BotUttered) and (event.data or {}).get("custom", {}).get("guidance_id") == FALLBACK_ID:
            return []
    metrics.action_server_fallback()
    return [
        BotUttered(message["text"], data={key: value for key, value in message.items() if key != "text"})
        for message in library().render(FALLBACK_ID)
    ]


def guarded(run: Callable[..., Awaitable[List[Event]]]) -> Callable[..., Awaitable[List[Event]]]:
    """Wrap a RemoteAction.run so that a failure answers with the safety fallback."""

    @functools.wraps(run)
    async def guarded_run(self: RemoteAction, output_channel: Any, nlg: Any, tracker: Any, domain: Any) -> List[Event]:
        if breaker.is_open():
            return fallback_events(tracker)
        try:
            return await asyncio.wait_for(run(self, output_channel, nlg, tracker, domain), breaker.timeout)
        except ActionExecutionRejection:
            raise  # a form turning down an answer: Rasa's normal flow, not a failure
        except Exception as exc:  # down, slow, or an error: all get the same safe reply
            breaker.trip()
            logger.error(
                "Action '%s' failed (%s); sent the safety fallback instead. Skipping the action server for %.0f s.",
                self.name(),
                type(exc).__name__,
                breaker.cooldown,
            )
            return fallback_events(tracker)

    # A marker, so that installing the guard twice is harmless; functions take attributes.
    guarded_run._safety_guard = True  # type: ignore[attr-defined]
    return guarded_run


@functools.lru_cache(maxsize=1)
def _response_validator() -> Any:
    """Rasa's schema for action server replies, checked once and compiled."""
    from jsonschema.validators import validator_for

    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def _validate_action_result(self: RemoteAction, result: Any) -> bool:
    """Rasa's own check of an action server reply, without re-checking the schema.

    Rasa calls jsonschema.validate() on every reply, which first validates the schema
    itself against the JSON Schema meta-schema: profiling under load (docs/performance.md)
    found that half the Rasa server's time. The reply is checked against the same
    schema, with the same error.
    """
    from jsonschema import ValidationError

    try:
        _response_validator().validate(result)
        return True
    except ValidationError as error:
        error.message += ". Failed to validate Action server response from API."
        raise error


def install() -> None:
    """Guard every custom action call in this process, once."""
    if not getattr(RemoteAction.run, "_safety_guard", False):
        # Rasa has no hook for either: the guard replaces RemoteAction's own methods.
        RemoteAction.run = guarded(RemoteAction.run)  # type: ignore[assignment]
        RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
    library()  # read and check content now: a broken file stops the server starting

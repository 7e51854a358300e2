"""The socket.io channel (addons/channels.py, SafeSocketIOInput): answers, and is
screened like the REST channel."""

from __future__ import annotations

import asyncio
from typing import List

import pytest
import socketio

from safety.content import library

pytestmark = pytest.mark.servers


def exchange(url: str, message: str, timeout: float = 20.0) -> List[dict]:
    """Send one message over socket.io; the bot messages received until a quiet second.

    Long polling, because python-socketio's websocket client needs a newer aiohttp than
    Rasa 3.6 pins; the server side is the same either way.
    """

    async def run() -> List[dict]:
        received: List[dict] = []
        client = socketio.AsyncClient(reconnection=False)
        client.on("bot_uttered", lambda data: received.append(data))
        await client.connect(url, socketio_path="/socket.io", transports=["polling"])
        await client.emit("user_uttered", {"message": message})
        deadline = asyncio.get_running_loop().time() + timeout
        while asyncio.get_running_loop().time() < deadline and not received:
            await asyncio.sleep(0.1)
        await asyncio.sleep(1.0)
        await client.eio.disconnect(abort=True)  # a clean close would wait out the long poll
        return received

    return asyncio.run(run())


def test_a_question_over_socketio_gets_its_guidance(stack) -> None:
    received = exchange(stack.rasa_url(), "what is a stalking prevention order")
    assert any("Stalking Protection Order" in (m.get("text") or "") for m in received)


def test_an_empty_socketio_message_gets_the_gentle_prompt_with_999(stack) -> None:
    received = exchange(stack.rasa_url(), "   ")
    emergency = library().services["emergency"].phone
    assert any("didn't get any words" in (m.get("text") or "") and emergency in m["text"] for m in received)

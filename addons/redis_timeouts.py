"""How long the tracker and lock stores wait for Redis before giving up.

A dead Redis refuses the connection at once, and the safety fallback follows in
milliseconds. A frozen one (stopped, swapping, behind a network path that drops
packets) accepts the connection and then says nothing. redis-py, and so Rasa's
tracker store, waits for it for ever by default, and Rasa's lock store for 10 s.
Both stores call Redis from the event loop, so while one call waits, every
conversation on that replica waits with it.

One second is hundreds of times a normal call, and short enough that a turn which
meets a frozen Redis still answers with the safety fallback within 4 s, as it does
when the action server fails. Both can be set per store in the endpoints file
(`socket_timeout`, `socket_connect_timeout`).
"""

from __future__ import annotations

from typing import Any, Optional

REDIS_TIMEOUT_SECONDS = 1.0


def bound_waits(
    client: Any, socket_timeout: Optional[float] = None, socket_connect_timeout: Optional[float] = None
) -> None:
    """Give every connection `client` makes a read and a connect timeout.

    Set on the pool's connection settings, so Rasa's own stores keep every other
    option they built the client with (password, TLS, database, decoding).
    """
    settings = client.connection_pool.connection_kwargs
    settings["socket_timeout"] = float(socket_timeout or REDIS_TIMEOUT_SECONDS)
    settings["socket_connect_timeout"] = float(socket_connect_timeout or REDIS_TIMEOUT_SECONDS)

"""Retry-After always says the full window, instead of the time until the oldest request leaves.

Caught by: test_retry_after_counts_down_to_when_the_oldest_request_leaves
"""

from __future__ import annotations

import json
import math
import time
from collections import deque
from collections.abc import Callable

from starlette.types import ASGIApp, Receive, Scope, Send

Clock = Callable[[], float]


class RateLimitMiddleware:
    """Per-client sliding-window rate limiting for any ASGI app."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        limit: int,
        window: float,
        clock: Clock = time.monotonic,
    ) -> None:
        if limit < 1:
            raise ValueError(f"limit must be at least 1, got {limit}")
        if window <= 0:
            raise ValueError(f"window must be positive, got {window}")
        self.app = app
        self.limit = limit
        self.window = window
        self.clock = clock
        self._log: dict[str, deque[float]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        key = _client_key(scope)
        now = self.clock()
        hits = self._log.setdefault(key, deque())
        while hits and now - hits[0] >= self.window:
            hits.popleft()
        if len(hits) >= self.limit:
            retry_after = math.ceil(self.window)
            await _too_many_requests(send, retry_after)
            return
        hits.append(now)
        await self.app(scope, receive, send)


def _client_key(scope: Scope) -> str:
    headers: list[tuple[bytes, bytes]] = scope["headers"]
    for name, value in headers:
        if name == b"x-api-key":
            return "key:" + value.decode("latin-1")
    client: tuple[str, int] | None = scope.get("client")
    return "host:" + (client[0] if client else "unknown")


async def _too_many_requests(send: Send, retry_after: int) -> None:
    body = json.dumps({"detail": "rate limit exceeded"}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 429,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"retry-after", str(retry_after).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})

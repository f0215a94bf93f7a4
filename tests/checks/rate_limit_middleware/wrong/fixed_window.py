"""Fixed window: counts requests per bucket int(now // window), resetting at bucket edges.

Lets through up to 2x the limit around a bucket edge (0.9, 0.95 and 1.1 all pass with limit 2).

Caught by: test_the_window_slides_instead_of_resetting_in_fixed_buckets
"""

from __future__ import annotations

import json
import math
import time
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
        self._buckets: dict[str, tuple[int, int]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        key = _client_key(scope)
        now = self.clock()
        bucket = int(now // self.window)
        current, count = self._buckets.get(key, (bucket, 0))
        if current != bucket:
            count = 0
        if count >= self.limit:
            retry_after = math.ceil((bucket + 1) * self.window - now)
            await _too_many_requests(send, retry_after)
            return
        self._buckets[key] = (bucket, count + 1)
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

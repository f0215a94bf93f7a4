"""Rate limiting middleware: a per-client sliding window that answers 429 with Retry-After.

The task
--------
Write ``RateLimitMiddleware``, a pure ASGI middleware (no Starlette base class) that lets each
client make at most ``limit`` requests in any ``window`` seconds and answers a request over
the limit itself with ``429 Too Many Requests`` and a ``Retry-After`` header: whole seconds
until the client may try again.

Rules
-----
1. Each client may make at most ``limit`` requests in any ``window`` seconds, whatever their
   method, path or query string (one limit per client, not per route). A request over the
   limit is answered by the middleware itself: the wrapped app is not called.
2. A request counts from the moment it is passed to the wrapped app, not when the app has
   finished: while ``limit`` requests of a client are still running, its next one is refused.
3. The refusal is sent as raw ASGI messages: ``http.response.start`` with status ``429`` and
   headers as ``(bytes, bytes)`` pairs with lowercase names (the ASGI spec requires them), one
   of them ``retry-after``; then ``http.response.body`` with a small JSON body, e.g.
   ``{"detail": "rate limit exceeded"}``. ``Retry-After`` is the whole number of seconds until
   the oldest request still in the client's window leaves it, rounded up: the digits of
   ``math.ceil(oldest + window - now)``. 7.25 s gives ``8``, exactly 8.0 s gives ``8`` (not
   ``9``), 0.25 s gives ``1``. Allowed responses pass through unchanged, with no
   ``Retry-After``.
4. **Who is a client.** The value of the ``X-API-Key`` request header when present; otherwise
   the client host (``scope["client"][0]``). Two keys never share a limit, even from one host;
   one key keeps its limit across hosts. A key is compared exactly as sent (keys that differ
   in case, in spaces or in a non-ASCII character are different clients), and a key is never
   the same client as a host, even when its text equals the host's address.
5. **Sliding, not fixed.** The window ends at "now": a request made at time ``t`` counts while
   ``now - t < window``; at ``now - t == window`` exactly it has left. Fixed buckets
   (``int(now // window)``) are wrong: with ``limit=2`` and a 1 s window, requests at 0.9,
   0.95 and 1.1 make three in 0.2 s, and the third must be refused. Keep a log of timestamps
   per client (``collections.deque``) and drop those that left.
6. **Refused requests do not count.** Only requests that reached the app are in the log, so a
   client that keeps retrying is not locked out forever.
7. **Time is injected.** Read the time only through ``clock()`` (default ``time.monotonic``),
   at each request; the checks pass a fake clock and never sleep.
8. Only ``http`` scopes are limited; any other scope (``lifespan``, ``websocket``) is passed to
   the wrapped app untouched (the same ``scope``, ``receive`` and ``send`` objects) and is
   never counted.
9. ``limit < 1`` or ``window <= 0`` raise ``ValueError`` when the middleware is made;
   ``limit=1`` and any positive window, however small, are valid.
10. Types: keep the stub's signature: the middleware is an ASGI app wrapping an ASGI app,
    ``limit``, ``window`` and ``clock`` are keyword-only, ``clock`` returns float seconds, and
    ``app.add_middleware(RateLimitMiddleware, ...)`` type-checks its options.

Example
-------
>>> from fastapi import FastAPI
>>> now = [0.0]
>>> app = FastAPI()
>>> app.add_middleware(RateLimitMiddleware, limit=2, window=1.0, clock=lambda: now[0])

With a client sending requests at t = 0.9, 0.95 and 1.1: 200, 200, then 429 with
``Retry-After: 1`` (0.9 leaves the window at 1.9, 0.8 s later, rounded up). At t = 1.95 the
request at 0.9 has left, so the client gets a 200 again.

Where to start
--------------
Write a small helper that finds a request's client key, then ``__call__``: prune the
client's deque, decide, record, and either forward to ``self.app`` or send the two ASGI
messages of a 429 response (``http.response.start`` with the headers as ``(bytes, bytes)``
pairs, then ``http.response.body``).
"""

from __future__ import annotations

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
        raise NotImplementedError

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError

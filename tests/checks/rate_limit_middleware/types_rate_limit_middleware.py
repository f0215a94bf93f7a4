"""Hidden mypy checks for the rate_limit_middleware kata."""

import time
from datetime import datetime

import httpx
from fastapi import FastAPI
from starlette.types import ASGIApp, Receive, Scope, Send

from katas.rate_limit_middleware import RateLimitMiddleware


def check_is_an_asgi_app() -> None:
    """the middleware wraps an ASGI app and is itself an ASGI app

    Rules: 10
    """

    async def inner(scope: Scope, receive: Receive, send: Send) -> None:
        pass

    middleware = RateLimitMiddleware(inner, limit=5, window=1.0, clock=time.monotonic)
    wrapped: ASGIApp = middleware
    twice: ASGIApp = RateLimitMiddleware(wrapped, limit=1, window=0.5)
    httpx.ASGITransport(app=twice)


def check_add_middleware_checks_the_options() -> None:
    """app.add_middleware(RateLimitMiddleware, ...) type-checks its keyword options

    Rules: 10
    """
    app = FastAPI()
    app.add_middleware(RateLimitMiddleware, limit=10, window=60.0)
    app.add_middleware(RateLimitMiddleware, limit=10, window=60, clock=lambda: 12.5)
    app.add_middleware(RateLimitMiddleware, limit="10", window=60.0)  # type: ignore[arg-type]
    app.add_middleware(RateLimitMiddleware, limit=10, windw=60.0)  # type: ignore[call-arg]


def check_options_are_keyword_only() -> None:
    """limit, window and clock are keyword-only (no positional 10, 60.0)

    Rules: 10
    """

    async def inner(scope: Scope, receive: Receive, send: Send) -> None:
        pass

    RateLimitMiddleware(inner, 10, 60.0)  # type: ignore[call-arg]


def check_clock_returns_seconds() -> None:
    """clock is a zero-argument callable returning float seconds, not a datetime

    Rules: 10
    """

    async def inner(scope: Scope, receive: Receive, send: Send) -> None:
        pass

    RateLimitMiddleware(inner, limit=1, window=1.0, clock=time.time)
    RateLimitMiddleware(inner, limit=1, window=1.0, clock=datetime.now)  # type: ignore[arg-type]
    RateLimitMiddleware(inner, limit=1, window="1s")  # type: ignore[arg-type]

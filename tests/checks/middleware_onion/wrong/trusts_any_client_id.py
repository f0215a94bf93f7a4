"""Echoes whatever the client sent as X-Request-ID, unchecked.

Client input goes straight into response headers and log lines: a value with a newline forges
log entries, a huge value bloats every line.

Caught by: test_unsafe_client_ids_are_replaced
"""

import logging
import re
import time
import uuid
from collections.abc import Callable, Sequence
from contextvars import ContextVar

from fastapi import FastAPI
from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUEST_ID_HEADER = "x-request-id"
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")

_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)


def get_request_id() -> str | None:
    return _request_id.get()


def new_request_id() -> str:
    return uuid.uuid4().hex


class RequestIdLogFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = get_request_id() or "-"
        return True


class RequestIdMiddleware:
    def __init__(self, app: ASGIApp, *, make_id: Callable[[], str] = new_request_id) -> None:
        self.app = app
        self.make_id = make_id

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = self._incoming(scope) or self.make_id()

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        token = _request_id.set(request_id)
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            _request_id.reset(token)

    @staticmethod
    def _incoming(scope: Scope) -> str | None:
        for name, value in scope["headers"]:
            if name.lower() == REQUEST_ID_HEADER.encode():
                text = value.decode("latin-1")
                return text or None
        return None


class TimingMiddleware:
    def __init__(self, app: ASGIApp, *, clock: Callable[[], float] = time.perf_counter) -> None:
        self.app = app
        self.clock = clock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = self.clock()

        async def send_with_timing(message: Message) -> None:
            if message["type"] == "http.response.start":
                elapsed_ms = (self.clock() - started) * 1000
                MutableHeaders(scope=message).append("server-timing", f"app;dur={elapsed_ms:.3f}")
            await send(message)

        await self.app(scope, receive, send_with_timing)


def create_app(
    *,
    make_id: Callable[[], str] = new_request_id,
    clock: Callable[[], float] = time.perf_counter,
    middleware: Sequence[Middleware] = (),
) -> FastAPI:
    # FastAPI(middleware=[...]) wraps in list order: the first entry is the outermost layer.
    # (app.add_middleware does the opposite: each call wraps everything added before it.)
    app = FastAPI(
        middleware=[
            Middleware(RequestIdMiddleware, make_id=make_id),
            Middleware(TimingMiddleware, clock=clock),
            *middleware,
        ]
    )

    @app.get("/whoami")
    async def whoami() -> dict[str, str | None]:
        return {"request_id": get_request_id()}

    return app

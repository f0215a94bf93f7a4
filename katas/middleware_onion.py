"""Middleware onion: pure ASGI middleware for request IDs and timing.

Middleware wraps the app like the layers of an onion: a request passes every layer on the way
in, the response passes them again in reverse on the way out. Write two middlewares as plain
ASGI classes (not ``BaseHTTPMiddleware``), then stack them in the right order.

An ASGI middleware is a class with ``__init__(self, app, **options)`` and
``async def __call__(self, scope, receive, send)``. It sees the response as *messages*: one
``{"type": "http.response.start", "status": ..., "headers": [(b"name", b"value"), ...]}``,
then one or more ``{"type": "http.response.body", "body": b"...", "more_body": bool}``. To add
a response header, wrap ``send`` and change the start message before passing it on; headers
can only go into that first message.

Rules
- ``RequestIdMiddleware(app, *, make_id=new_request_id)``:
  - Reads the client's ``X-Request-ID`` header. It is trusted only if it is 1 to 64
    characters, each a letter, digit, ``-``, ``_`` or ``.``; then it is kept as is (propagated).
    Otherwise (missing, empty, too long, any other character) a new ID is made with
    ``make_id()``: never copy unchecked client input into headers and logs.
  - Sets the ID in a ``contextvars.ContextVar`` for the duration of the request (and resets it
    afterwards with the token from ``.set()``), so ``get_request_id()`` returns it anywhere in
    the request: endpoints, inner middleware, log filters. Outside a request it returns None.
  - Adds ``x-request-id: <id>`` to the response start message.
- ``RequestIdLogFilter`` is a ``logging.Filter`` that sets ``record.request_id`` to
  ``get_request_id()``, or ``"-"`` outside a request, and keeps every record.
- ``TimingMiddleware(app, *, clock=time.perf_counter)`` reads ``clock()`` (seconds) when the
  request comes in and again when the response starts, and adds
  ``server-timing: app;dur=<milliseconds>`` (e.g. ``app;dur=12.5``) to the start message.
- Both pass every body message on at once, unchanged: streaming responses must still stream
  (no buffering). Scopes other than ``"http"`` (e.g. ``"lifespan"``) pass straight through.
- ``create_app(*, make_id, clock, middleware=())`` returns a FastAPI app with one route,
  ``GET /whoami`` -> ``{"request_id": get_request_id()}``, and these layers, from the
  outermost in: ``RequestIdMiddleware`` (so every layer inside sees the ID), then
  ``TimingMiddleware`` (so it times every layer inside it), then the extra ``middleware``
  entries (``starlette.middleware.Middleware`` objects) with ``middleware[0]`` outside
  ``middleware[1]``, and so on, then the routes.
- Know how Starlette orders layers: in ``FastAPI(middleware=[A, B])`` the first entry, ``A``,
  is the outermost. Each ``app.add_middleware(X)`` call wraps everything added before it, so
  the *last* one added is the outermost: ``add_middleware(A); add_middleware(B)`` puts ``B``
  outside ``A``.

Example::

    app = create_app(make_id=lambda: "generated")
    # GET /whoami with "X-Request-ID: abc-123"
    #   -> {"request_id": "abc-123"}, headers x-request-id: abc-123, server-timing: app;dur=0.1
    # GET /whoami with "X-Request-ID: bad id!" or without the header
    #   -> {"request_id": "generated"}, header x-request-id: generated

Where to start: ``TimingMiddleware`` is the smaller one. In ``__call__``, pass non-http scopes
through, read the clock, define ``async def send_wrapper(message)`` that adds the header when
``message["type"] == "http.response.start"`` (``starlette.datastructures.MutableHeaders(
scope=message)`` edits a message's headers) and then awaits ``send(message)``, and call
``await self.app(scope, receive, send_wrapper)``.
"""

import logging
import time
import uuid
from collections.abc import Callable, Sequence

from fastapi import FastAPI
from starlette.middleware import Middleware
from starlette.types import ASGIApp, Receive, Scope, Send


def get_request_id() -> str | None:
    """The current request's ID, or None outside a request."""
    raise NotImplementedError


def new_request_id() -> str:
    """A fresh random request ID (given)."""
    return uuid.uuid4().hex


class RequestIdLogFilter(logging.Filter):
    """Sets ``record.request_id`` on every log record (``"-"`` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        raise NotImplementedError


class RequestIdMiddleware:
    """Propagates a valid client ``X-Request-ID`` or makes a new one, for the whole request."""

    def __init__(self, app: ASGIApp, *, make_id: Callable[[], str] = new_request_id) -> None:
        raise NotImplementedError

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError


class TimingMiddleware:
    """Adds ``server-timing: app;dur=<ms>`` measured with the injected clock."""

    def __init__(self, app: ASGIApp, *, clock: Callable[[], float] = time.perf_counter) -> None:
        raise NotImplementedError

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError


def create_app(
    *,
    make_id: Callable[[], str] = new_request_id,
    clock: Callable[[], float] = time.perf_counter,
    middleware: Sequence[Middleware] = (),
) -> FastAPI:
    """The app: RequestIdMiddleware outermost, then TimingMiddleware, then ``middleware``."""
    raise NotImplementedError

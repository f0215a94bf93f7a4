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

Know how Starlette orders layers: in ``FastAPI(middleware=[A, B])`` the first entry, ``A``, is
the outermost. Each ``app.add_middleware(X)`` call wraps everything added before it, so the
*last* one added is the outermost: ``add_middleware(A); add_middleware(B)`` puts ``B`` outside
``A``.

Rules
-----
1. ``RequestIdMiddleware(app, *, make_id=new_request_id)`` trusts the client's ``X-Request-ID``
   header only if it is 1 to 64 characters long and every character is an ASCII letter
   (``A-Z``, ``a-z``), an ASCII digit (``0-9``), ``-``, ``_`` or ``.``; a trusted ID is kept
   exactly as sent. Anything else (missing, empty, 65 characters or more, a space, a
   newline, a non-ASCII letter or digit such as ``é`` or ``²``, bytes that are not valid
   UTF-8) is replaced by a new ID from ``make_id()``: never copy unchecked client input into
   headers and logs. Whitespace around an otherwise valid ID may be stripped first.
2. It sets the ID in a ``contextvars.ContextVar`` for the duration of the request, so that
   ``get_request_id()`` returns it anywhere in the request (endpoints, inner middleware, log
   filters), also while other requests run concurrently. Outside a request it returns None.
3. When the request is over it resets the variable with the token from ``.set()``, also when
   the app raised, so that whatever was current before (None, or the ID of an enclosing
   request) is current again.
4. It adds the header ``x-request-id: <id>`` to the ``http.response.start`` message. Raw ASGI
   header names are lowercase bytes: ``(b"x-request-id", b"<id>")``.
5. ``RequestIdLogFilter`` is a ``logging.Filter`` that sets ``record.request_id`` to
   ``get_request_id()``, or ``"-"`` outside a request, and keeps every record.
6. ``TimingMiddleware(app, *, clock=time.perf_counter)`` reads ``clock()`` (seconds) when the
   request comes in and again when its response starts, for each request on its own (also
   for requests that overlap), and adds ``server-timing: app;dur=<milliseconds>`` (e.g.
   ``app;dur=12.5``; header name ``b"server-timing"``) to the start message. The milliseconds
   are not rounded to whole ones: 0.0125 s is ``12.5``, not ``12`` or ``13``.
7. Both middlewares pass every body message on at once and unchanged (``more_body``
   included): streaming responses must still stream (no buffering).
8. Scopes other than ``"http"`` (``"lifespan"``, ``"websocket"``) pass straight through to the
   app: no request ID is made or set for them, and their messages are not touched.
9. ``create_app(*, make_id, clock, middleware=())`` returns a FastAPI app, built with the given
   ``make_id`` and ``clock``, with one route: ``GET /whoami`` ->
   ``{"request_id": get_request_id()}``.
10. Its layers, from the outermost in: ``RequestIdMiddleware`` (so every layer inside it,
    the timing layer included, sees the ID), then ``TimingMiddleware`` (so it times every
    layer inside it), then the extra ``middleware`` entries
    (``starlette.middleware.Middleware`` objects) with ``middleware[0]`` outside
    ``middleware[1]``, and so on, then the routes.

Example::

    app = create_app(make_id=lambda: "generated")
    # GET /whoami with "X-Request-ID: abc-123"
    #   -> {"request_id": "abc-123"}, headers x-request-id: abc-123, server-timing: app;dur=0.1
    # GET /whoami with "X-Request-ID: bad id!" or without the header
    #   -> {"request_id": "generated"}, header x-request-id: generated

Where to start
--------------
``TimingMiddleware`` is the smaller one. In ``__call__``, pass non-http scopes
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

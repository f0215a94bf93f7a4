"""WSGI vs ASGI: one tiny app written by hand against both interfaces, with no framework.

The task
--------
Write the same small HTTP app twice:

- ``wsgi_app(environ, start_response)``: a WSGI application (PEP 3333). The server calls it
  once per request with a dict of CGI-style variables; it calls ``start_response(status,
  headers)`` and returns an iterable of ``bytes`` chunks.
- ``async asgi_app(scope, receive, send)``: an ASGI application. It gets a ``scope`` dict,
  awaits ``receive()`` for request-body messages and awaits ``send(message)`` for the
  response: one ``http.response.start`` (status, headers), then one or more
  ``http.response.body`` messages.

Both must give the same responses (status, ``content-type``, ``content-length``, ``allow``,
body) for these routes:

==================  ========================================================================
``GET /hello``      200 ``text/plain; charset=utf-8``, body ``Hello, <name>!`` (UTF-8) where
                    ``<name>`` is the ``name`` query parameter (URL-decoded), or ``world``
                    when it is missing or empty.
``POST /echo``      200 ``application/octet-stream``, the request body echoed back.
``GET /stream``     200 ``text/plain; charset=utf-8``, the lines ``1\\n``, ``2\\n``, ...
                    ``<n>\\n`` where ``n`` is the query parameter ``n`` (default 3), **sent as
                    one chunk per line** and without ``content-length``. An ``n`` that is not
                    an integer from 1 to 100 gives 400 (``text/plain; charset=utf-8``, any
                    short message).
other method        405 ``Method Not Allowed`` with an ``allow`` header naming the route's
on those paths      method (``GET`` or ``POST``), ``text/plain; charset=utf-8``.
anything else       404 ``text/plain; charset=utf-8``, body ``Not Found``.
==================  ========================================================================

The rules
---------
- Every response except ``/stream`` carries ``content-length``: the length in **bytes** of the
  body (``"Hello, Jörg!"`` is 12 characters but 13 bytes).
- Header names are lowercase. WSGI headers are ``(str, str)`` pairs and the status is a line
  such as ``"200 OK"``; ASGI headers are ``(bytes, bytes)`` pairs and the status an ``int``.
- Streaming: the WSGI app returns an iterable that yields each line separately (a generator).
  The ASGI app sends each line in its own ``http.response.body`` message with
  ``more_body=True``, and ends with a message whose ``more_body`` is false.
- Request bodies: WSGI reads exactly ``CONTENT_LENGTH`` bytes (missing or empty means 0) from
  ``environ["wsgi.input"]``. ASGI bodies can arrive in several ``http.request`` messages: keep
  calling ``receive()`` and joining the chunks until ``more_body`` is false.
- ASGI ``lifespan`` scopes: answer ``lifespan.startup`` with ``lifespan.startup.complete`` and
  ``lifespan.shutdown`` with ``lifespan.shutdown.complete`` (then return).
- No framework: only the standard library (``urllib.parse.parse_qs`` helps).

Example
-------
>>> import httpx
>>> with httpx.Client(transport=httpx.WSGITransport(app=wsgi_app), base_url="http://t") as c:
...     c.get("/hello", params={"name": "Ada"}).text
'Hello, Ada!'
>>> async with httpx.AsyncClient(
...     transport=httpx.ASGITransport(app=asgi_app), base_url="http://t"
... ) as c:
...     (await c.post("/echo", content=b"ping")).content
b'ping'

Where to start
--------------
Put what both apps share in plain functions (parse the query, build the fixed responses as
status + header list + bytes), then write the two thin adapters: ``wsgi_app`` reads
``REQUEST_METHOD``, ``PATH_INFO``, ``QUERY_STRING``; ``asgi_app`` reads ``scope["method"]``,
``scope["path"]``, ``scope["query_string"]`` (bytes).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any, Protocol
from wsgiref.types import StartResponse, WSGIEnvironment

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class ASGIApplication(Protocol):
    """What an ASGI server calls: ``await app(scope, receive, send)``."""

    def __call__(self, scope: Scope, receive: Receive, send: Send, /) -> Awaitable[None]: ...


def wsgi_app(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    """The app as a WSGI callable."""
    raise NotImplementedError


async def asgi_app(scope: Scope, receive: Receive, send: Send) -> None:
    """The app as an ASGI callable."""
    raise NotImplementedError

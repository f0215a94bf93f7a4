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

Both must give the same responses (status, headers, body) for the routes below.

Rules
-----
1. ``GET /hello``: 200 ``text/plain; charset=utf-8``, body ``Hello, <name>!`` (UTF-8), where
   ``<name>`` is the value of the query parameter named exactly ``name``, decoded as a form
   field (``+`` is a space, ``%XX`` escapes are UTF-8 bytes), or ``world`` when it is missing
   or empty. Other parameters (``surname=Bob``, ``n=5``) are not ``name``.
2. ``POST /echo``: 200 ``application/octet-stream``, the request body echoed back byte for
   byte (any bytes, any length, empty included).
3. ``GET /stream``: 200 ``text/plain; charset=utf-8`` without ``content-length``, body the
   lines ``1\n``, ``2\n``, ... ``<n>\n`` where ``n`` is the query parameter ``n``, 3 when it
   is missing or empty (``?n=``). An ``n`` that is not an integer from 1 to 100 gives 400
   ``text/plain; charset=utf-8`` with any short message; like every response but the
   streamed 200, that 400 carries ``content-length``. The checks send ``n`` as plain ASCII
   digits (``1``, ``7``, ``100``, ``0``, ``101``) or as values that are no integer in 1..100
   under any reading (``abc``, ``2.5``, ``-2``, ``1e2``, ``²``); whether you accept a sign,
   spaces or underscores is up to you.
4. Streaming: the lines of ``/stream`` go out one chunk per line. The WSGI app returns an
   iterable that yields each line separately (a generator). The ASGI app sends each line in
   its own ``http.response.body`` message; every body message but the last has
   ``more_body=True``, and the last has ``more_body`` false (it may carry the last line, or
   be an empty message after it).
5. Another method on one of those three paths (``POST /hello``, ``GET /echo``,
   ``PUT /stream``, ...) gives 405 ``Method Not Allowed`` with an ``allow`` header naming the
   route's method (``GET`` or ``POST``), ``text/plain; charset=utf-8``.
6. Anything else gives 404 ``text/plain; charset=utf-8``, body ``Not Found``, whatever the
   method. Paths match exactly: ``/hello/``, ``/HELLO`` and ``/hello/x`` are other paths.
7. Every response except the streamed 200 of ``/stream`` carries ``content-length``: the
   length in **bytes** of the body (``"Hello, Jörg!"`` is 12 characters but 13 bytes). The
   400, 404 and 405 responses included.
8. WSGI messages (PEP 3333): call ``start_response(status, headers)`` once per request; the
   status is the code, one space and the standard reason phrase
   (``http.HTTPStatus(code).phrase``): ``"200 OK"``, ``"400 Bad Request"``, ``"404 Not Found"``,
   ``"405 Method Not Allowed"``; headers are ``(str, str)`` pairs with lowercase names.
9. ASGI messages: one ``http.response.start`` whose ``status`` is an ``int`` and whose
   headers are ``(bytes, bytes)`` pairs with lowercase names (the ASGI spec requires them),
   then ``http.response.body`` messages, the last one with ``more_body`` false or absent.
10. Request bodies: WSGI reads exactly ``CONTENT_LENGTH`` bytes (missing or empty means 0)
    from ``environ["wsgi.input"]``, never more. ASGI bodies can arrive in several
    ``http.request`` messages: keep calling ``receive()`` and joining the chunks until
    ``more_body`` is false. Either key may be missing from a message: ``body`` then means
    ``b""`` and ``more_body`` false, as the ASGI spec says.
11. ASGI ``lifespan`` scopes: answer ``lifespan.startup`` with ``lifespan.startup.complete``
    and ``lifespan.shutdown`` with ``lifespan.shutdown.complete``, then return.
12. No framework: the module imports only the standard library (``urllib.parse.parse_qs``
    helps); the checks read its imports.
13. Types: ``wsgi_app`` is a ``wsgiref.types.WSGIApplication`` returning ``bytes`` chunks and
    ``asgi_app`` an async ``ASGIApplication``; neither is accepted where the other is expected.

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

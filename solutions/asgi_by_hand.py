"""WSGI vs ASGI: one tiny app written by hand against both interfaces, with no framework."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Iterator, MutableMapping
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any, Protocol
from urllib.parse import parse_qs
from wsgiref.types import StartResponse, WSGIEnvironment

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class ASGIApplication(Protocol):
    """What an ASGI server calls: ``await app(scope, receive, send)``."""

    def __call__(self, scope: Scope, receive: Receive, send: Send, /) -> Awaitable[None]: ...


TEXT = "text/plain; charset=utf-8"
ROUTES = {"/hello": "GET", "/echo": "POST", "/stream": "GET"}


@dataclass(frozen=True)
class Response:
    """A response both adapters can send: a whole body, or lines to stream."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes = b""
    chunks: Iterable[bytes] | None = field(default=None)


def fixed(status: int, content_type: str, body: bytes, *extra: tuple[str, str]) -> Response:
    headers = [("content-type", content_type), ("content-length", str(len(body))), *extra]
    return Response(status, headers, body)


def query_param(query: str, name: str) -> str | None:
    values = parse_qs(query).get(name)  # drops empty values: "?name=" counts as missing
    return values[0] if values else None


def lines(n: int) -> Iterator[bytes]:
    for number in range(1, n + 1):
        yield f"{number}\n".encode()


def stream(query: str) -> Response:
    raw = query_param(query, "n") or "3"
    # isdecimal() first: int() also takes signs, spaces and "1_0"; the length cap keeps int()
    # away from huge digit strings (and their ValueError past 4300 digits).
    if not (raw.isdecimal() and len(raw) <= 3 and 1 <= int(raw) <= 100):
        return fixed(400, TEXT, b"n must be an integer from 1 to 100")
    return Response(200, [("content-type", TEXT)], chunks=lines(int(raw)))


def route(method: str, path: str, query: str, body: bytes) -> Response:
    """Everything the app does, independent of WSGI or ASGI."""
    allowed = ROUTES.get(path)
    if allowed is None:
        return fixed(404, TEXT, b"Not Found")
    if method != allowed:
        return fixed(405, TEXT, b"Method Not Allowed", ("allow", allowed))
    if path == "/hello":
        name = query_param(query, "name") or "world"
        return fixed(200, TEXT, f"Hello, {name}!".encode())
    if path == "/echo":
        return fixed(200, "application/octet-stream", body)
    return stream(query)


def wants_body(method: str, path: str) -> bool:
    return ROUTES.get(path) == "POST" == method


def wsgi_app(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    """The app as a WSGI callable."""
    method: str = environ["REQUEST_METHOD"]
    path: str = environ.get("PATH_INFO", "")
    body = b""
    if wants_body(method, path):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length > 0 else b""
    response = route(method, path, environ.get("QUERY_STRING", ""), body)
    start_response(f"{response.status} {HTTPStatus(response.status).phrase}", response.headers)
    return response.chunks if response.chunks is not None else [response.body]


async def asgi_app(scope: Scope, receive: Receive, send: Send) -> None:
    """The app as an ASGI callable."""
    if scope["type"] == "lifespan":
        await lifespan(receive, send)
        return
    if scope["type"] != "http":
        raise RuntimeError(f"unsupported ASGI scope type {scope['type']!r}")
    method: str = scope["method"]
    path: str = scope["path"]
    body = await read_body(receive) if wants_body(method, path) else b""
    response = route(method, path, scope["query_string"].decode("latin-1"), body)
    await send(
        {
            "type": "http.response.start",
            "status": response.status,
            "headers": [(k.encode("latin-1"), v.encode("latin-1")) for k, v in response.headers],
        }
    )
    if response.chunks is None:
        await send({"type": "http.response.body", "body": response.body})
        return
    for chunk in response.chunks:
        await send({"type": "http.response.body", "body": chunk, "more_body": True})
    await send({"type": "http.response.body", "body": b"", "more_body": False})


async def read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


async def lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return

"""Hidden pytest checks for the asgi_by_hand kata."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Callable, Iterable, MutableMapping
from typing import Any
from wsgiref.util import setup_testing_defaults

import httpx
import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from katas.asgi_by_hand import asgi_app, wsgi_app

# Hypothesis's "explain" phase re-runs a failing test many times to annotate the report; it
# turns a 1 s failure into a 20 s one, so the checks skip it.
PHASES = [Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink]

Message = MutableMapping[str, Any]
Summary = tuple[int, str | None, str | None, str | None, bytes]
TEXT = "text/plain; charset=utf-8"


def summary(response: httpx.Response) -> Summary:
    """What both apps must agree on: status, the headers that matter, and the body."""
    h = response.headers
    return (
        response.status_code,
        h.get("content-type"),
        h.get("content-length"),
        h.get("allow"),
        response.content,
    )


def via_wsgi(method: str, path: str, **kwargs: Any) -> httpx.Response:
    transport = httpx.WSGITransport(app=wsgi_app)
    with httpx.Client(transport=transport, base_url="http://test") as client:
        return client.request(method, path, **kwargs)


async def via_asgi(method: str, path: str, **kwargs: Any) -> httpx.Response:
    transport = httpx.ASGITransport(app=asgi_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return await client.request(method, path, **kwargs)


async def both(method: str, path: str, **kwargs: Any) -> tuple[Summary, Summary]:
    from_wsgi = summary(via_wsgi(method, path, **kwargs))
    return from_wsgi, summary(await via_asgi(method, path, **kwargs))


async def raw_asgi(
    method: str, path: str, query: bytes = b"", chunks: Iterable[bytes] = (b"",)
) -> list[Message]:
    """Call asgi_app directly: the request body arrives as the given chunks; returns sent msgs."""
    pending = list(chunks)
    incoming: list[Message] = [
        {"type": "http.request", "body": chunk, "more_body": index < len(pending) - 1}
        for index, chunk in enumerate(pending)
    ]
    scope: Message = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query,
        "root_path": "",
        "headers": [(b"host", b"test")],
        "client": ("127.0.0.1", 40000),
        "server": ("test", 80),
    }
    sent: list[Message] = []

    async def receive() -> Message:
        return incoming.pop(0) if incoming else {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)

    await asgi_app(scope, receive, send)
    return sent


def raw_wsgi(
    method: str, path: str, query: str = "", body: bytes = b"", content_length: str | None = None
) -> tuple[str, list[tuple[str, str]], list[bytes]]:
    """Call wsgi_app directly; returns the status line, the headers and the chunks it yields."""
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "wsgi.input": io.BytesIO(body),
    }
    if content_length is not None:
        environ["CONTENT_LENGTH"] = content_length
    setup_testing_defaults(environ)
    seen: list[tuple[str, list[tuple[str, str]]]] = []

    def start_response(
        status: str, headers: list[tuple[str, str]], exc_info: Any = None
    ) -> Callable[[bytes], object]:
        seen.append((status, headers))
        return lambda data: None

    result = wsgi_app(environ, start_response)
    try:
        chunks = list(result)
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
    assert len(seen) == 1, f"start_response should be called once, it was called {len(seen)} times"
    return seen[0][0], seen[0][1], chunks


def body_messages(sent: list[Message]) -> list[Message]:
    return [m for m in sent if m["type"] == "http.response.body"]


async def test_hello_greets_by_name() -> None:
    """GET /hello says Hello, <name>! (world by default) from both apps, length in bytes"""
    cases = [
        ({"name": "Ada"}, "Hello, Ada!"),
        ({}, "Hello, world!"),
        ({"name": ""}, "Hello, world!"),
        ({"name": "Jörg & Zoë"}, "Hello, Jörg & Zoë!"),
    ]
    for params, text in cases:
        expected = (200, TEXT, str(len(text.encode())), None, text.encode())
        wsgi, asgi = await both("GET", "/hello", params=params)
        for name, got in (("WSGI", wsgi), ("ASGI", asgi)):
            assert got == expected, (
                f"{name} GET /hello with params {params}: expected (status, content-type, "
                f"content-length, allow, body) = {expected}, got {got}"
            )


async def test_echo_returns_the_request_body() -> None:
    """POST /echo answers the request body as application/octet-stream from both apps"""
    for payload in (b"ping", b"", bytes(range(256)) * 4):
        expected = (200, "application/octet-stream", str(len(payload)), None, payload)
        wsgi, asgi = await both("POST", "/echo", content=payload)
        for name, got in (("WSGI", wsgi), ("ASGI", asgi)):
            assert got[:4] == expected[:4], (
                f"{name} POST /echo with a {len(payload)}-byte body: expected (status, "
                f"content-type, content-length, allow) = {expected[:4]}, got {got[:4]}"
            )
            assert got[4] == payload, f"{name} POST /echo did not echo the {len(payload)} bytes"


async def test_unknown_paths_are_404_and_wrong_methods_405() -> None:
    """unknown paths give 404 Not Found; a wrong method gives 405 with an Allow header"""
    not_found = (404, TEXT, "9", None, b"Not Found")
    for method, path, expected_allow in (
        ("POST", "/hello", "GET"),
        ("GET", "/echo", "POST"),
        ("DELETE", "/stream", "GET"),
    ):
        wsgi, asgi = await both(method, path)
        for name, got in (("WSGI", wsgi), ("ASGI", asgi)):
            assert (got[0], got[3]) == (405, expected_allow), (
                f"{name} {method} {path}: expected 405 with allow: {expected_allow}, "
                f"got status {got[0]} with allow: {got[3]!r}"
            )
            assert got[1] == TEXT, f"{name} {method} {path}: content-type should be {TEXT!r}"
    for method, path in (("GET", "/"), ("GET", "/hello/"), ("GET", "/nope"), ("POST", "/x")):
        wsgi, asgi = await both(method, path)
        for name, got in (("WSGI", wsgi), ("ASGI", asgi)):
            assert got == not_found, f"{name} {method} {path}: expected {not_found}, got {got}"


async def test_stream_sends_the_lines() -> None:
    """GET /stream?n=4 gives the lines 1..4 without content-length; a bad n gives 400"""
    for query, count in (({"n": "4"}, 4), ({}, 3), ({"n": "1"}, 1)):
        text = "".join(f"{i}\n" for i in range(1, count + 1)).encode()
        wsgi, asgi = await both("GET", "/stream", params=query)
        for name, got in (("WSGI", wsgi), ("ASGI", asgi)):
            assert (got[0], got[1], got[4]) == (200, TEXT, text), (
                f"{name} GET /stream with {query}: expected 200 {TEXT!r} {text!r}, "
                f"got {got[0]} {got[1]!r} {got[4]!r}"
            )
            assert got[2] is None, (
                f"{name} GET /stream is streamed and should have no content-length, got {got[2]!r}"
            )
    for bad in ("abc", "0", "101", "-2", "2.5"):
        wsgi, asgi = await both("GET", "/stream", params={"n": bad})
        for name, got in (("WSGI", wsgi), ("ASGI", asgi)):
            assert (got[0], got[1]) == (400, TEXT), (
                f"{name} GET /stream?n={bad}: expected 400 {TEXT!r}, got {got[0]} {got[1]!r}"
            )


@settings(max_examples=60, phases=PHASES)
@given(name=st.text(max_size=20), payload=st.binary(max_size=200))
async def test_both_apps_agree_for_any_name_and_body(name: str, payload: bytes) -> None:
    """for any name and any body, WSGI and ASGI give the same correct /hello and /echo"""
    text = f"Hello, {name or 'world'}!".encode()
    expected_hello = (200, TEXT, str(len(text)), None, text)
    wsgi, asgi = await both("GET", "/hello", params={"name": name})
    assert wsgi == expected_hello, (
        f"WSGI /hello?name={name!r}: expected {expected_hello}, got {wsgi}"
    )
    assert asgi == expected_hello, (
        f"ASGI /hello?name={name!r}: expected {expected_hello}, got {asgi}"
    )
    expected_echo = (200, "application/octet-stream", str(len(payload)), None, payload)
    wsgi, asgi = await both("POST", "/echo", content=payload)
    assert wsgi == expected_echo, f"WSGI /echo of {payload!r}: got {wsgi}"
    assert asgi == expected_echo, f"ASGI /echo of {payload!r}: got {asgi}"


async def test_asgi_streams_one_body_message_per_line() -> None:
    """the ASGI app streams /stream: one http.response.body message per line, more_body=True"""
    sent = await raw_asgi("GET", "/stream", query=b"n=5")
    starts = [m for m in sent if m["type"] == "http.response.start"]
    assert len(starts) == 1, f"expected one http.response.start message, got {len(starts)}"
    assert sent[0] is starts[0], "the first message sent should be the http.response.start"
    bodies = body_messages(sent)
    non_empty = [bytes(m.get("body", b"")) for m in bodies if m.get("body")]
    assert non_empty == [b"1\n", b"2\n", b"3\n", b"4\n", b"5\n"], (
        f"expected each of the 5 lines in its own http.response.body message, got the "
        f"non-empty bodies {non_empty}"
    )
    flags = [bool(m.get("more_body", False)) for m in bodies]
    expected_flags = [True] * (len(bodies) - 1) + [False]
    assert flags == expected_flags, (
        f"every body message but the last needs more_body=True and the last more_body=False; "
        f"got more_body flags {flags}"
    )


def test_wsgi_streams_one_chunk_per_line() -> None:
    """the WSGI app streams /stream: its iterable yields each line as its own chunk"""
    status, headers, chunks = raw_wsgi("GET", "/stream", query="n=5")
    assert status.startswith("200"), f"expected a 200 status line, got {status!r}"
    names = [name.lower() for name, _ in headers]
    assert "content-length" not in names, "a streamed response should have no content-length"
    non_empty = [c for c in chunks if c]
    assert non_empty == [b"1\n", b"2\n", b"3\n", b"4\n", b"5\n"], (
        f"expected the iterable to yield the 5 lines one by one, got {non_empty}"
    )


async def test_asgi_reads_a_body_sent_in_several_chunks() -> None:
    """the ASGI app keeps calling receive() until more_body is false and joins the chunks"""
    sent = await raw_asgi("POST", "/echo", chunks=[b"he", b"", b"llo ", b"wor", b"ld"])
    echoed = b"".join(bytes(m.get("body", b"")) for m in body_messages(sent))
    assert echoed == b"hello world", (
        f"the body arrived as 5 http.request messages (he, '', llo , wor, ld); expected the "
        f"echo b'hello world', got {echoed!r}"
    )

    async def pieces() -> AsyncIterator[bytes]:
        for piece in (b"stream", b"ed ", b"upload"):
            yield piece

    response = await via_asgi("POST", "/echo", content=pieces())
    assert response.content == b"streamed upload", (
        f"a streamed upload through httpx: expected b'streamed upload', got {response.content!r}"
    )


def test_wsgi_reads_exactly_content_length_bytes() -> None:
    """the WSGI app reads CONTENT_LENGTH bytes from wsgi.input (none when it is missing)"""
    _, headers, chunks = raw_wsgi("POST", "/echo", body=b"hello world+junk", content_length="11")
    assert b"".join(chunks) == b"hello world", (
        f"with CONTENT_LENGTH=11 the body is the first 11 bytes of wsgi.input; a server's input "
        f"stream must not be read past it; got {b''.join(chunks)!r}"
    )
    assert ("content-length", "11") in [(k.lower(), v) for k, v in headers]
    for missing in (None, ""):
        _, _, chunks = raw_wsgi("POST", "/echo", body=b"ignored", content_length=missing)
        assert b"".join(chunks) == b"", (
            f"with CONTENT_LENGTH={missing!r} the request has no body, got {b''.join(chunks)!r}"
        )


async def test_asgi_app_handles_the_lifespan_protocol() -> None:
    """the ASGI app answers lifespan startup and shutdown, then returns"""
    incoming: list[Message] = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]
    sent: list[Message] = []

    async def receive() -> Message:
        if not incoming:
            pytest.fail("the app called receive() again after lifespan.shutdown")
        return incoming.pop(0)

    async def send(message: Message) -> None:
        sent.append(message)

    await asgi_app({"type": "lifespan", "asgi": {"version": "3.0"}}, receive, send)
    types = [m["type"] for m in sent]
    assert types == ["lifespan.startup.complete", "lifespan.shutdown.complete"], (
        f"expected the startup and shutdown to be acknowledged, got {types}"
    )

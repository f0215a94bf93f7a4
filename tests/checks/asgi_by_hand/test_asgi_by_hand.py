"""Hidden pytest checks for the asgi_by_hand kata."""

from __future__ import annotations

import ast
import inspect
import io
import sys
from collections.abc import AsyncIterator, Callable, Iterable, MutableMapping, Sized
from typing import Any
from wsgiref.util import setup_testing_defaults

import httpx
import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

import katas.asgi_by_hand as kata
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
    method: str,
    path: str,
    query: bytes = b"",
    chunks: Iterable[bytes] = (b"",),
    requests: list[Message] | None = None,
) -> list[Message]:
    """Call asgi_app directly: the request body arrives as the given chunks (or as the given
    ``http.request`` messages); returns the messages it sent."""
    pending = list(chunks)
    incoming: list[Message] = requests or [
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


@pytest.mark.rule(1, 7)
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


@pytest.mark.rule(2, 7)
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


@pytest.mark.rule(5, 7)
async def test_wrong_methods_are_405_with_allow() -> None:
    """a wrong method on a known path gives 405 with an allow header and a content-length"""
    for method, path, expected_allow in (
        ("POST", "/hello", "GET"),
        ("PUT", "/hello", "GET"),
        ("GET", "/echo", "POST"),
        ("PATCH", "/echo", "POST"),
        ("DELETE", "/stream", "GET"),
        ("POST", "/stream", "GET"),
    ):
        wsgi, asgi = await both(method, path)
        for name, got in (("WSGI", wsgi), ("ASGI", asgi)):
            assert (got[0], got[3]) == (405, expected_allow), (
                f"{name} {method} {path}: expected 405 with allow: {expected_allow}, "
                f"got status {got[0]} with allow: {got[3]!r}"
            )
            assert got[1] == TEXT, f"{name} {method} {path}: content-type should be {TEXT!r}"
            assert got[2] == str(len(got[4])), (
                f"{name} {method} {path}: the 405 needs content-length {len(got[4])} (the "
                f"length of its body in bytes), got {got[2]!r}"
            )


async def raw_statuses(method: str, path: str) -> list[tuple[str, str, str | None]]:
    """The status and allow header of both apps, called directly (httpx uppercases methods)."""
    status, headers, _ = raw_wsgi(method, path)
    wsgi_allow = dict((k.lower(), v) for k, v in headers).get("allow")
    sent = await raw_asgi(method, path)
    start = sent[0] if sent else {}
    asgi_headers = {bytes(k).lower(): bytes(v) for k, v in start.get("headers", [])}
    asgi_allow = asgi_headers.get(b"allow")
    return [
        ("WSGI", status, wsgi_allow),
        ("ASGI", str(start.get("status")), None if asgi_allow is None else asgi_allow.decode()),
    ]


@pytest.mark.rule(5)
@pytest.mark.parametrize(("path", "allow"), [("/hello", "GET"), ("/stream", "GET")])
async def test_head_on_a_get_route_is_405(path: str, allow: str) -> None:
    """HEAD is another method: HEAD /hello and HEAD /stream give 405 with allow: GET"""
    for name, status, got_allow in await raw_statuses("HEAD", path):
        assert (status.split()[0], got_allow) == ("405", allow), (
            f"{name} HEAD {path}: only {allow} is this route's method, so HEAD is another "
            f"method: expected 405 with allow: {allow}, got status {status!r} with allow: "
            f"{got_allow!r}"
        )


@pytest.mark.rule(5)
@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [("get", "/hello", "GET"), ("Get", "/stream", "GET"), ("post", "/echo", "POST")],
)
async def test_methods_are_case_sensitive(method: str, path: str, allow: str) -> None:
    """methods are case-sensitive: get /hello is another method than GET and gives 405"""
    for name, status, got_allow in await raw_statuses(method, path):
        assert (status.split()[0], got_allow) == ("405", allow), (
            f"{name} {method} {path}: HTTP methods are case-sensitive, so {method!r} is another "
            f"method than {allow!r}: expected 405 with allow: {allow}, got status {status!r} "
            f"with allow: {got_allow!r}"
        )


@pytest.mark.rule(6, 7)
async def test_unknown_paths_are_404() -> None:
    """any other path gives 404 Not Found, whatever the method; paths match exactly"""
    not_found = (404, TEXT, "9", None, b"Not Found")
    for method, path in (
        ("GET", "/"),
        ("GET", "/hello/"),
        ("GET", "/HELLO"),
        ("GET", "/hello/x"),
        ("GET", "/helloworld"),
        ("POST", "/echo/"),
        ("GET", "/nope?name=Ada"),
        ("POST", "/x"),
        ("DELETE", "/stream/1"),
    ):
        wsgi, asgi = await both(method, path)
        for name, got in (("WSGI", wsgi), ("ASGI", asgi)):
            assert got == not_found, f"{name} {method} {path}: expected {not_found}, got {got}"


@pytest.mark.rule(3, 7)
async def test_stream_sends_the_lines() -> None:
    """GET /stream?n=4 gives the lines 1..4 without content-length; a bad n gives 400"""
    for query, count in (
        ({"n": "4"}, 4),
        ({}, 3),
        ({"n": ""}, 3),
        ({"n": "1"}, 1),
        ({"n": "100"}, 100),
        ({"nn": "5"}, 3),
    ):
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
    for bad in ("abc", "0", "101", "-2", "2.5", "1e2", "²", "1000"):
        wsgi, asgi = await both("GET", "/stream", params={"n": bad})
        for name, got in (("WSGI", wsgi), ("ASGI", asgi)):
            assert (got[0], got[1]) == (400, TEXT), (
                f"{name} GET /stream?n={bad}: expected 400 {TEXT!r}, got {got[0]} {got[1]!r}"
            )
            assert got[2] == str(len(got[4])), (
                f"{name} GET /stream?n={bad}: the 400 is not streamed and needs content-length "
                f"{len(got[4])} (its body's length in bytes), got {got[2]!r}"
            )


@pytest.mark.rule(3, 7)
@pytest.mark.parametrize("bad", ["1" + "0" * 5000, "9" * 4301, "12345678901234567890"])
async def test_a_huge_n_is_400(bad: str) -> None:
    """GET /stream with an n of thousands of digits gives 400, not a crash"""
    for name in ("WSGI", "ASGI"):
        try:
            if name == "WSGI":
                response = via_wsgi("GET", "/stream", params={"n": bad})
            else:
                response = await via_asgi("GET", "/stream", params={"n": bad})
        except Exception as error:
            pytest.fail(
                f"{name} GET /stream with a {len(bad)}-digit n: expected a 400, the app raised "
                f"{type(error).__name__}: {str(error)[:120]}"
            )
        got = summary(response)
        assert (got[0], got[1]) == (400, TEXT), (
            f"{name} GET /stream with a {len(bad)}-digit n (no integer from 1 to 100): expected "
            f"400 {TEXT!r}, got {got[0]} {got[1]!r}"
        )
        assert got[2] == str(len(got[4])), (
            f"{name} GET /stream with a {len(bad)}-digit n: the 400 needs content-length "
            f"{len(got[4])}, got {got[2]!r}"
        )


@pytest.mark.rule(1, 2, 7)
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


@pytest.mark.rule(4)
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


@pytest.mark.rule(4)
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


@pytest.mark.rule(4)
def test_wsgi_stream_is_a_generator_not_a_list() -> None:
    """the WSGI /stream returns a generator that makes the lines as the server asks, not a list"""
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/stream",
        "QUERY_STRING": "n=5",
        "wsgi.input": io.BytesIO(b""),
    }
    setup_testing_defaults(environ)

    def start_response(
        status: str, headers: list[tuple[str, str]], exc_info: Any = None
    ) -> Callable[[bytes], object]:
        return lambda data: None

    result = wsgi_app(environ, start_response)
    try:
        assert not isinstance(result, Sized), (
            f"the WSGI /stream should return a generator that yields the lines one by one as "
            f"the server iterates it; it returned a {type(result).__name__} of {len(result)} "
            f"chunks, made before the server asked for the first"
        )
        chunks = [chunk for chunk in result if chunk]
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
    assert chunks == [b"1\n", b"2\n", b"3\n", b"4\n", b"5\n"], (
        f"expected the generator to yield the 5 lines one by one, got {chunks}"
    )


@pytest.mark.rule(10)
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


@pytest.mark.rule(10)
@pytest.mark.parametrize(
    ("requests", "expected"),
    [
        ([{"type": "http.request"}], b""),
        ([{"type": "http.request", "body": b"hello"}], b"hello"),
        (
            [
                {"type": "http.request", "body": b"he", "more_body": True},
                {"type": "http.request", "more_body": True},
                {"type": "http.request", "body": b"llo"},
            ],
            b"hello",
        ),
    ],
    ids=["neither key", "no more_body", "a chunk without body"],
)
async def test_asgi_body_keys_may_be_missing(requests: list[Message], expected: bytes) -> None:
    """an http.request message may leave out body (b"") and more_body (false)"""
    sent = await raw_asgi("POST", "/echo", requests=[dict(m) for m in requests])
    statuses = [m.get("status") for m in sent if m.get("type") == "http.response.start"]
    echoed = b"".join(bytes(m.get("body", b"")) for m in body_messages(sent))
    assert (statuses, echoed) == ([200], expected), (
        f"the request came as {requests} (the ASGI spec lets body default to b'' and "
        f"more_body to false); expected 200 echoing {expected!r}, got the messages {sent}"
    )


@pytest.mark.rule(10)
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


@pytest.mark.rule(11)
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


@pytest.mark.rule(1)
@pytest.mark.parametrize(
    ("query", "greeting"),
    [
        ("name=Ada+Lovelace", "Hello, Ada Lovelace!"),
        ("name=Ada%20Lovelace", "Hello, Ada Lovelace!"),
        ("name=J%C3%B6rg", "Hello, Jörg!"),
        ("name=a%26b%3Dc%2Bd", "Hello, a&b=c+d!"),
        ("surname=Bob", "Hello, world!"),
        ("nickname=Bob&x=1", "Hello, world!"),
        ("Name=Bob", "Hello, world!"),
        ("NAME=Bob&name=Ada", "Hello, Ada!"),
        ("n=5&name=Ada", "Hello, Ada!"),
        ("name=&x=1", "Hello, world!"),
        ("name", "Hello, world!"),
    ],
)
async def test_name_is_read_from_the_query_as_a_form_field(query: str, greeting: str) -> None:
    """the name parameter is matched exactly and decoded as a form field (+ is a space)"""
    body = greeting.encode()
    _, _, chunks = raw_wsgi("GET", "/hello", query=query)
    assert b"".join(chunks) == body, (
        f"WSGI GET /hello?{query}: expected {body!r}, got {b''.join(chunks)!r}"
    )
    sent = await raw_asgi("GET", "/hello", query=query.encode())
    got = b"".join(bytes(m.get("body", b"")) for m in body_messages(sent))
    assert got == body, f"ASGI GET /hello?{query}: expected {body!r}, got {got!r}"


# (method, path, query, body, status line)
RAW_CASES = [
    ("GET", "/hello", "name=J%C3%B6rg", b"", "200 OK"),
    ("POST", "/echo", "", b"ping", "200 OK"),
    ("GET", "/stream", "n=2", b"", "200 OK"),
    ("GET", "/stream", "n=abc", b"", "400 Bad Request"),
    ("GET", "/nope", "", b"", "404 Not Found"),
    ("POST", "/hello", "", b"", "405 Method Not Allowed"),
]


@pytest.mark.rule(8)
@pytest.mark.parametrize(("method", "path", "query", "body", "status"), RAW_CASES)
def test_wsgi_status_line_and_headers(
    method: str, path: str, query: str, body: bytes, status: str
) -> None:
    """WSGI: the status is "<code> <reason phrase>", headers are lowercase (str, str) pairs"""
    got_status, headers, _ = raw_wsgi(method, path, query, body, str(len(body)))
    assert got_status == status, (
        f"WSGI {method} {path}?{query}: expected the status line {status!r} (code, one space, "
        f"the standard reason phrase), got {got_status!r}"
    )
    for name, value in headers:
        assert (type(name), type(value)) == (str, str), (
            f"WSGI headers are (str, str) pairs, got {(name, value)!r}"
        )
        assert name == name.lower(), f"header names are lowercase, got {name!r}"


@pytest.mark.rule(9)
@pytest.mark.parametrize(("method", "path", "query", "body", "status"), RAW_CASES)
async def test_asgi_response_messages(
    method: str, path: str, query: str, body: bytes, status: str
) -> None:
    """ASGI: one http.response.start (int status, lowercase bytes headers), then the body"""
    sent = await raw_asgi(method, path, query.encode(), (body,))
    kinds = [m["type"] for m in sent]
    assert kinds[:1] == ["http.response.start"], (
        f"ASGI {method} {path}?{query}: the first message should be http.response.start, "
        f"got {kinds}"
    )
    assert kinds.count("http.response.start") == 1, f"one http.response.start, got {kinds}"
    assert set(kinds[1:]) == {"http.response.body"}, (
        f"after the start only http.response.body messages, got {kinds}"
    )
    start = sent[0]
    code = int(status.split()[0])
    is_int = isinstance(start["status"], int) and not isinstance(start["status"], bool)
    assert is_int, (
        f"the ASGI status is an int, got {start['status']!r} ({type(start['status']).__name__})"
    )
    assert start["status"] == code, f"expected status {code}, got {start['status']}"
    for name, value in start.get("headers", []):
        assert (type(name), type(value)) == (bytes, bytes), (
            f"ASGI headers are (bytes, bytes) pairs, got {(name, value)!r}"
        )
        assert name == name.lower(), f"ASGI header names must be lowercase, got {name!r}"
    assert not sent[-1].get("more_body", False), (
        f"the last http.response.body message must have more_body false or absent: {sent[-1]}"
    )


def imported_modules(source: str) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names.append("." * node.level + (node.module or ""))
    return names


@pytest.mark.rule(12)
def test_imports_only_the_standard_library() -> None:
    """no framework: the module imports nothing outside the standard library"""
    source = inspect.getsource(kata)
    outside = [
        name
        for name in imported_modules(source)
        if name.startswith(".") or name.split(".")[0] not in sys.stdlib_module_names
    ]
    assert not outside, (
        f"only the standard library may be imported; katas/asgi_by_hand.py imports {outside}"
    )
    foreign = sorted(
        {
            f"{name} (from {module})"
            for name, value in vars(kata).items()
            if (module := getattr(value, "__module__", None) or "").split(".")[0]
            and module.split(".")[0] not in sys.stdlib_module_names
            and not module.startswith("katas")
        }
    )
    assert not foreign, f"only the standard library may be used; the module holds {foreign}"

"""Hidden checks for the `middleware_onion` kata.

Most checks send requests in-process with httpx. httpx's ASGITransport collects the whole body
before returning, so the streaming check and the header-validation property call the ASGI app
directly with a recording ``send``.
"""

import asyncio
import contextlib
import logging
import re
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi.responses import StreamingResponse
from hypothesis import given, settings
from hypothesis import strategies as st
from starlette.middleware import Middleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from katas.middleware_onion import (
    RequestIdLogFilter,
    RequestIdMiddleware,
    TimingMiddleware,
    create_app,
    get_request_id,
)

VALID_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
SERVER_TIMING = re.compile(r"app;\s*dur=(\d+(?:\.\d+)?)")
ID_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-"


class FakeClock:
    """A clock that only moves when a test moves it."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class Counter:
    """make_id replacement: generated-1, generated-2, ..."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        return f"generated-{self.calls}"


class Trace:
    """A pure ASGI middleware used by the checks: records when it is entered and left."""

    def __init__(self, app: ASGIApp, *, name: str, log: list[str], clock: FakeClock) -> None:
        self.app = app
        self.name = name
        self.log = log
        self.clock = clock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        self.log.append(f"{self.name} in (id={get_request_id()})")
        self.clock.advance(1.0)

        async def traced_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                self.log.append(f"{self.name} response start")
            await send(message)

        await self.app(scope, receive, traced_send)
        self.log.append(f"{self.name} out (id={get_request_id()})")


def client(app: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


def header(message: Message, name: str) -> str | None:
    for key, value in message.get("headers", []):
        if key.decode("latin-1").lower() == name:
            return str(value.decode("latin-1"))
    return None


async def call_http(
    app: ASGIApp,
    path: str = "/",
    headers: list[tuple[bytes, bytes]] | None = None,
    on_send: list[str] | None = None,
) -> list[Message]:
    """Call an ASGI app with one GET request; return every message it sent."""
    scope: Scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"test"), *(headers or [])],
        "client": ("127.0.0.1", 50000),
        "server": ("test", 80),
        "state": {},
    }
    finished = asyncio.Event()
    request_sent = False

    async def receive() -> Message:
        nonlocal request_sent
        if not request_sent:
            request_sent = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await finished.wait()
        return {"type": "http.disconnect"}

    messages: list[Message] = []

    async def send(message: Message) -> None:
        messages.append(message)
        if on_send is not None:
            on_send.append(f"send {message['type']} {message.get('body', b'')!r}")

    try:
        await asyncio.wait_for(app(scope, receive, send), timeout=5)
    finally:
        finished.set()
    return messages


async def echo_request_id(scope: Scope, receive: Receive, send: Send) -> None:
    """A bare ASGI app whose body is the request ID it sees."""
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"text/plain")],
        }
    )
    await send({"type": "http.response.body", "body": (get_request_id() or "<none>").encode()})


async def test_propagates_a_valid_client_request_id() -> None:
    """a valid client X-Request-ID is kept and echoed in the response"""
    make_id = Counter()
    app = create_app(make_id=make_id)
    async with client(app) as http:
        response = await http.get("/whoami", headers={"X-Request-ID": "abc-123_X.9"})
    assert response.status_code == 200, f"expected 200 from /whoami, got {response.status_code}"
    assert response.headers.get("x-request-id") == "abc-123_X.9", (
        "expected the client's X-Request-ID to be echoed unchanged, "
        f"got {response.headers.get('x-request-id')!r}"
    )
    assert response.json() == {"request_id": "abc-123_X.9"}, (
        f"expected the endpoint to see the client's ID, got {response.text}"
    )


async def test_generates_an_id_when_the_client_sends_none() -> None:
    """a new ID is generated when the client sends none"""
    make_id = Counter()
    app = create_app(make_id=make_id)
    async with client(app) as http:
        response = await http.get("/whoami")
    assert response.headers.get("x-request-id") == "generated-1", (
        "expected the ID from make_id() in the x-request-id response header, "
        f"got {response.headers.get('x-request-id')!r}"
    )
    assert response.json() == {"request_id": "generated-1"}, (
        f"expected the endpoint to see the generated ID, got {response.text}"
    )

    default_app = create_app()
    async with client(default_app) as http:
        first = (await http.get("/whoami")).headers.get("x-request-id")
        second = (await http.get("/whoami")).headers.get("x-request-id")
    assert first, "expected the default make_id to give the first request an ID"
    assert second, "expected the default make_id to give the second request an ID"
    assert first != second, (
        f"expected the default make_id to give each request a fresh ID, got {first!r} twice"
    )
    assert VALID_ID.fullmatch(first), f"expected a generated ID to be valid itself, got {first!r}"


def header_values() -> st.SearchStrategy[bytes]:
    valid = st.from_regex(VALID_ID, fullmatch=True)
    suffixes = st.sampled_from(["\n", "\r\n", " ", ";", "\t", "é", "/", ":", "%0A"])
    return st.one_of(
        valid.map(str.encode),
        st.builds(lambda v, s: (v + s).encode("latin-1"), valid, suffixes),
        st.builds(lambda s, v: (s + v).encode("latin-1"), suffixes, valid),
        st.text(alphabet=ID_CHARS, min_size=62, max_size=70).map(str.encode),
        st.binary(max_size=70),
        st.just(b""),
    )


@settings(max_examples=150)
@given(value=header_values())
async def test_unsafe_client_ids_are_replaced(value: bytes) -> None:
    """a client ID is trusted only if it is 1-64 safe characters; others are replaced"""
    app = RequestIdMiddleware(echo_request_id, make_id=lambda: "generated")
    messages = await call_http(app, headers=[(b"x-request-id", value)])
    text = value.decode("latin-1")
    if VALID_ID.fullmatch(text):
        allowed = {text}
        rule = "a valid client ID must be kept unchanged"
    elif VALID_ID.fullmatch(text.strip()):
        allowed = {text.strip(), "generated"}  # trimming surrounding whitespace is fine
        rule = "an ID with surrounding whitespace must be trimmed or replaced"
    else:
        allowed = {"generated"}
        rule = "an unsafe client ID must be replaced by a generated one"
    echoed = header(messages[0], "x-request-id")
    body = b"".join(m.get("body", b"") for m in messages[1:]).decode()
    assert echoed in allowed, (
        f"{rule}: client sent {value!r}, expected one of {sorted(allowed)}, "
        f"got x-request-id {echoed!r}"
    )
    assert body == echoed, (
        f"expected the app to see the same ID as the response header {echoed!r}, got {body!r}"
    )


async def test_request_id_reaches_the_logs(caplog: pytest.LogCaptureFixture) -> None:
    """log records written during a request carry its ID; others carry '-'"""
    app = create_app(make_id=Counter())
    logger = logging.getLogger("middleware_onion.checks")

    @app.get("/work")
    async def work() -> dict[str, bool]:
        logger.info("doing the work")
        return {"ok": True}

    caplog.handler.addFilter(RequestIdLogFilter())
    with caplog.at_level(logging.INFO, logger="middleware_onion.checks"):
        async with client(app) as http:
            await http.get("/work", headers={"X-Request-ID": "trace-42"})
        logger.info("after the request")
    by_message = {record.getMessage(): record for record in caplog.records}
    assert "doing the work" in by_message, "expected the endpoint's log record to be captured"
    during = getattr(by_message["doing the work"], "request_id", None)
    assert "after the request" in by_message, "expected the filter to keep every log record"
    after = getattr(by_message["after the request"], "request_id", None)
    assert during == "trace-42", (
        f"expected record.request_id == 'trace-42' for a log line inside the request, "
        f"got {during!r}"
    )
    assert after == "-", f"expected record.request_id == '-' outside a request, got {after!r}"


async def test_request_id_is_reset_after_the_request() -> None:
    """the request ID is cleared when the request ends, even when the endpoint fails"""
    app = create_app(make_id=Counter())

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("endpoint failed")

    async with client(app) as http:
        await http.get("/whoami", headers={"X-Request-ID": "first"})
    assert get_request_id() is None, (
        f"expected no request ID after the request ended, got {get_request_id()!r}: "
        "reset the ContextVar with the token from .set()"
    )
    with contextlib.suppress(RuntimeError):  # the server error middleware re-raises it
        await call_http(app, "/boom", headers=[(b"x-request-id", b"second")])
    assert get_request_id() is None, (
        f"expected no request ID after a failed request, got {get_request_id()!r}: "
        "reset it in a finally block"
    )


async def test_server_timing_uses_the_injected_clock() -> None:
    """server-timing reports the time until the response starts, from the injected clock"""
    clock = FakeClock()
    app = create_app(clock=clock)

    @app.get("/slow")
    async def slow() -> dict[str, bool]:
        clock.advance(0.25)
        return {"ok": True}

    async with client(app) as http:
        response = await http.get("/slow")
    value = response.headers.get("server-timing", "")
    match = SERVER_TIMING.search(value)
    assert match, f"expected a header like 'server-timing: app;dur=250.0', got {value!r}"
    assert abs(float(match.group(1)) - 250.0) < 0.5, (
        f"expected dur=250 (the endpoint took 0.25 s on the injected clock), got {value!r}"
    )


async def test_middlewares_run_as_an_onion() -> None:
    """layers run outermost first on the way in and in reverse on the way out"""
    clock = FakeClock()
    log: list[str] = []
    extra = [
        Middleware(Trace, name="A", log=log, clock=clock),
        Middleware(Trace, name="B", log=log, clock=clock),
    ]
    app = create_app(make_id=Counter(), clock=clock, middleware=extra)

    @app.get("/onion")
    async def onion() -> dict[str, bool]:
        log.append("endpoint")
        clock.advance(0.25)
        return {"ok": True}

    async with client(app) as http:
        response = await http.get("/onion", headers={"X-Request-ID": "onion-1"})
    expected = [
        "A in (id=onion-1)",
        "B in (id=onion-1)",
        "endpoint",
        "B response start",
        "A response start",
        "B out (id=onion-1)",
        "A out (id=onion-1)",
    ]
    assert log == expected, (
        f"expected middleware[0] outside middleware[1], both inside the request-ID layer:\n"
        f"expected {expected}\ngot      {log}"
    )
    value = response.headers.get("server-timing", "")
    match = SERVER_TIMING.search(value)
    assert match, f"expected a server-timing header, got {value!r}"
    assert abs(float(match.group(1)) - 2250.0) < 0.5, (
        "expected the timing layer to wrap both extra layers (1 s each) and the endpoint "
        f"(0.25 s), so dur=2250; got {value!r}"
    )


async def test_streaming_responses_still_stream() -> None:
    """a streaming response passes through chunk by chunk, headers on the start message"""
    events: list[str] = []
    clock = FakeClock()
    app = create_app(make_id=Counter(), clock=clock)

    @app.get("/stream")
    async def stream() -> StreamingResponse:
        async def chunks() -> AsyncIterator[bytes]:
            for index in range(3):
                events.append(f"produce {index}")
                yield f"chunk{index};".encode()

        return StreamingResponse(chunks(), media_type="text/plain")

    messages = await call_http(
        app, "/stream", headers=[(b"x-request-id", b"stream-1")], on_send=events
    )
    types = [m["type"] for m in messages]
    assert types[0] == "http.response.start", f"expected http.response.start first, got {types}"
    assert types.count("http.response.start") == 1, f"expected one response start, got {types}"
    start = messages[0]
    assert header(start, "x-request-id") == "stream-1", (
        f"expected x-request-id on the start message, got {header(start, 'x-request-id')!r}"
    )
    assert header(start, "server-timing"), "expected server-timing on the start message"
    bodies = [m.get("body", b"") for m in messages[1:]]
    assert b"".join(bodies) == b"chunk0;chunk1;chunk2;", f"unexpected body {b''.join(bodies)!r}"
    for index in range(2):
        sent = events.index(f"send http.response.body {f'chunk{index};'.encode()!r}")
        produced_next = events.index(f"produce {index + 1}")
        assert sent < produced_next, (
            f"expected chunk {index} to be sent before chunk {index + 1} is produced "
            f"(streamed, not buffered); order was {events}"
        )
    assert messages[-1].get("more_body", False) is False, "expected the last body to end it"


@pytest.mark.parametrize("layer", ["RequestIdMiddleware", "TimingMiddleware", "create_app"])
async def test_non_http_scopes_pass_through(layer: str) -> None:
    """lifespan events pass through the middleware untouched"""
    seen: list[tuple[str, str | None]] = []
    inbox = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]
    sent: list[Message] = []

    async def inner(scope: Scope, receive: Receive, send: Send) -> None:
        seen.append((scope["type"], get_request_id()))
        assert (await receive())["type"] == "lifespan.startup"
        await send({"type": "lifespan.startup.complete"})
        assert (await receive())["type"] == "lifespan.shutdown"
        await send({"type": "lifespan.shutdown.complete"})

    async def receive() -> Message:
        return inbox.pop(0)

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}
    if layer == "create_app":
        app = create_app(make_id=Counter(), clock=FakeClock())
        await asyncio.wait_for(app(scope, receive, send), timeout=5)
    else:
        wrapped: ASGIApp = (
            RequestIdMiddleware(inner, make_id=Counter())
            if layer == "RequestIdMiddleware"
            else TimingMiddleware(inner, clock=FakeClock())
        )
        await asyncio.wait_for(wrapped(scope, receive, send), timeout=5)
        assert seen == [("lifespan", None)], (
            "expected the lifespan scope to reach the app untouched, with no request ID; "
            f"got {seen}"
        )
    assert [m["type"] for m in sent] == [
        "lifespan.startup.complete",
        "lifespan.shutdown.complete",
    ], f"expected the lifespan messages to pass through, got {sent}"

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
from hypothesis import example, given, settings
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


@pytest.mark.rule(1, 9)
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


@pytest.mark.rule(1, 9)
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
    # "\xa0" and "\x85" are whitespace once decoded as latin-1 (Starlette's Headers does),
    # but on their own they are no valid UTF-8
    suffixes = st.sampled_from(
        ["\n", "\r\n", " ", ";", "\t", "é", "/", ":", "%0A", "²", "ª", "\xa0", "\x85"]
    )
    # letters and digits outside ASCII: str.isalnum() and a str regex's \w accept them
    unicode_alnum = st.characters(categories=["L", "Nd", "No"], min_codepoint=128)
    return st.one_of(
        valid.map(str.encode),
        st.builds(lambda v, s: (v + s).encode("latin-1"), valid, suffixes),
        st.builds(lambda s, v: (s + v).encode("latin-1"), suffixes, valid),
        st.builds(
            lambda v, c, encoding: (v + c).encode(encoding, errors="replace"),
            valid,
            unicode_alnum,
            st.sampled_from(["utf-8", "latin-1"]),
        ),
        st.text(alphabet=ID_CHARS, min_size=62, max_size=70).map(str.encode),
        st.binary(max_size=70),
        st.just(b""),
        # nothing left once surrounding whitespace is stripped
        st.text(alphabet=" \t\r\n\x0b\x0c", min_size=1, max_size=66).map(str.encode),
    )


@pytest.mark.rule(1)
@settings(max_examples=200)
@given(value=header_values())
@example(value=b"x" * 64)
@example(value=b"x" * 65)
@example(value=b"")
@example(value=b" ")
@example(value=b"\t \t")
@example(value=b"abc\n")
@example(value=b"abc\r\nX-Admin: 1")
@example(value=b"caf\xe9")  # latin-1 "café": a non-ASCII letter
@example(value="café".encode())
@example(value="١٢٣".encode())  # non-ASCII digits
@example(value=b"\xb2")  # latin-1 superscript two: str.isdigit() is True
@example(value="id-²".encode())
@example(value=b"\xff\xfe")  # not UTF-8 at all
@example(value=b"abc\xa0")  # not UTF-8; latin-1 decodes it to "abc" + a no-break space
@example(value=b"\x85abc")  # not UTF-8; latin-1 decodes it to a next-line char + "abc"
@example(value="abc\u00a0".encode())  # valid UTF-8: a no-break space after a valid ID
async def test_unsafe_client_ids_are_replaced(value: bytes) -> None:
    """a client ID is trusted only if it is 1-64 safe characters; others are replaced"""
    app = RequestIdMiddleware(echo_request_id, make_id=lambda: "generated")
    messages = await call_http(app, headers=[(b"x-request-id", value)])
    try:
        text = value.decode("utf-8")
    except UnicodeDecodeError:
        text = "\x00"  # not valid UTF-8: never trusted, stripped or not
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


@pytest.mark.rule(2, 5)
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


@pytest.mark.rule(3)
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
        async with client(app) as http:
            await http.get("/boom", headers={"X-Request-ID": "second"})
    assert get_request_id() is None, (
        f"expected no request ID after a failed request, got {get_request_id()!r}: "
        "reset it in a finally block"
    )


@pytest.mark.rule(6, 9)
@pytest.mark.parametrize(
    ("took", "milliseconds"), [(0.25, 250.0), (0.0125, 12.5), (1234.5625, 1234562.5)]
)
async def test_server_timing_uses_the_injected_clock(took: float, milliseconds: float) -> None:
    """server-timing reports the milliseconds until the response starts, from the injected
    clock, not rounded to whole milliseconds"""
    clock = FakeClock()
    app = create_app(clock=clock)

    @app.get("/slow")
    async def slow() -> dict[str, bool]:
        clock.advance(took)
        return {"ok": True}

    async with client(app) as http:
        response = await http.get("/slow")
    value = response.headers.get("server-timing", "")
    match = SERVER_TIMING.search(value)
    assert match, f"expected a header like 'server-timing: app;dur=250.0', got {value!r}"
    assert abs(float(match.group(1)) - milliseconds) < 0.01, (
        f"expected dur={milliseconds:g} (the endpoint took {took:g} s on the injected clock, "
        f"not rounded to whole milliseconds), got {value!r}"
    )


@pytest.mark.rule(10)
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


@pytest.mark.rule(7)
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


@pytest.mark.rule(8)
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


# --- concurrency, nesting and raw message details ----------------------------------------------


class Gate:
    """An endpoint's way to say "I am inside" and to wait until the test lets it finish."""

    def __init__(self) -> None:
        self.inside = asyncio.Event()
        self.release = asyncio.Event()


def gated_app(gates: dict[str, Gate], clock: "FakeClock | None" = None) -> Any:
    app = create_app(make_id=Counter(), clock=clock or FakeClock())

    @app.get("/gated/{name}")
    async def gated(name: str) -> dict[str, str | None]:
        gates[name].inside.set()
        await gates[name].release.wait()
        return {"request_id": get_request_id()}

    return app


@pytest.mark.rule(2)
async def test_concurrent_requests_keep_their_own_ids() -> None:
    """while requests overlap, each one sees its own request ID"""
    gates = {"a": Gate(), "b": Gate()}
    app = gated_app(gates)
    async with client(app) as http:
        first = asyncio.create_task(http.get("/gated/a", headers={"X-Request-ID": "req-a"}))
        await asyncio.wait_for(gates["a"].inside.wait(), 30)
        second = asyncio.create_task(http.get("/gated/b", headers={"X-Request-ID": "req-b"}))
        await asyncio.wait_for(gates["b"].inside.wait(), 30)
        gates["a"].release.set()
        response_a = await first
        gates["b"].release.set()
        response_b = await second
    assert response_a.json() == {"request_id": "req-a"}, (
        "expected the first request to still see its own ID after a second request started "
        f"(a ContextVar is per task; a global or an attribute is shared), got {response_a.text}"
    )
    assert response_b.json() == {"request_id": "req-b"}, (
        f"expected the second request to see its own ID, got {response_b.text}"
    )
    assert get_request_id() is None, f"expected no ID after both, got {get_request_id()!r}"


@pytest.mark.rule(3)
async def test_reset_restores_an_enclosing_request_id() -> None:
    """after a nested request, the enclosing request's ID is current again"""
    seen: list[str | None] = []
    inner = RequestIdMiddleware(echo_request_id, make_id=lambda: "inner-id")

    async def discard(message: Message) -> None:
        pass

    async def outer_app(scope: Scope, receive: Receive, send: Send) -> None:
        seen.append(get_request_id())
        # a sub-application called in-process, in the same task (so in the same context)
        await inner(dict(scope), receive, discard)
        seen.append(get_request_id())
        failing = RequestIdMiddleware(failing_app, make_id=lambda: "failing-id")
        with contextlib.suppress(RuntimeError):
            await failing(dict(scope), receive, discard)
        seen.append(get_request_id())
        await echo_request_id(scope, receive, send)

    await call_http(RequestIdMiddleware(outer_app, make_id=lambda: "outer-id"))
    assert seen == ["outer-id", "outer-id", "outer-id"], (
        "expected the enclosing request's ID to be current again after a nested request "
        f"(ok, then failed) ended, got {seen}: reset the ContextVar with the token from "
        ".set() in a finally block (setting None is not the same)"
    )
    assert get_request_id() is None, f"expected no ID afterwards, got {get_request_id()!r}"


async def failing_app(scope: Scope, receive: Receive, send: Send) -> None:
    raise RuntimeError("the inner app failed")


async def cancelled_app(scope: Scope, receive: Receive, send: Send) -> None:
    """An app whose request is cancelled (a client disconnect, a timeout, a server shutdown)."""
    raise asyncio.CancelledError


def http_scope(headers: list[tuple[bytes, bytes]] | None = None) -> Scope:
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": "/",
        "raw_path": b"/",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"test"), *(headers or [])],
        "client": ("127.0.0.1", 50000),
        "server": ("test", 80),
        "state": {},
    }


async def no_messages() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


async def discard_messages(message: Message) -> None:
    pass


@pytest.mark.rule(3)
async def test_request_id_is_reset_when_the_request_is_cancelled() -> None:
    """the request ID is cleared also when the request is cancelled (CancelledError)"""
    app = RequestIdMiddleware(cancelled_app, make_id=lambda: "cancelled-id")
    # called in this task (not through a new task), so a leaked ID would stay visible here
    with pytest.raises(asyncio.CancelledError):
        await app(http_scope(), no_messages, discard_messages)
    assert get_request_id() is None, (
        f"expected no request ID after a cancelled request, got {get_request_id()!r}: "
        "CancelledError is a BaseException, not an Exception; reset the ContextVar in a "
        "finally block"
    )

    seen: list[str | None] = []

    async def outer_app(scope: Scope, receive: Receive, send: Send) -> None:
        inner = RequestIdMiddleware(cancelled_app, make_id=lambda: "inner-id")
        with contextlib.suppress(asyncio.CancelledError):
            await inner(dict(scope), receive, discard_messages)
        seen.append(get_request_id())
        await echo_request_id(scope, receive, send)

    outer = RequestIdMiddleware(outer_app, make_id=lambda: "outer-id")
    await outer(http_scope(), no_messages, discard_messages)
    assert seen == ["outer-id"], (
        "expected the enclosing request's ID to be current again after a nested request was "
        f"cancelled, got {seen}"
    )
    assert get_request_id() is None, f"expected no ID afterwards, got {get_request_id()!r}"


def raw_header_names(message: Message) -> list[bytes]:
    return [bytes(name) for name, _ in message.get("headers", [])]


@pytest.mark.rule(4)
async def test_request_id_header_is_a_raw_lowercase_header() -> None:
    """x-request-id goes into the start message once, with a lowercase raw name"""
    for sent, expected in [(b"abc-123", b"abc-123"), (None, b"generated")]:
        headers = [] if sent is None else [(b"x-request-id", sent)]
        app = RequestIdMiddleware(echo_request_id, make_id=lambda: "generated")
        messages = await call_http(app, headers=headers)
        start = messages[0]
        assert start["type"] == "http.response.start", f"expected the start first, got {start}"
        pairs = [(bytes(n), bytes(v)) for n, v in start["headers"]]
        ours = [pair for pair in pairs if pair[0].lower() == b"x-request-id"]
        assert ours == [(b"x-request-id", expected)], (
            f"expected exactly one raw header (b'x-request-id', {expected!r}) on the start "
            f"message (ASGI header names are lowercase bytes), got {ours}"
        )
        assert (b"content-type", b"text/plain") in pairs, (
            f"expected the app's own headers to stay on the start message, got {pairs}"
        )


@pytest.mark.rule(5)
def test_log_filter_keeps_every_record() -> None:
    """the filter sets record.request_id ('-' outside a request) and keeps the record"""
    record = logging.LogRecord("checks", logging.WARNING, __file__, 1, "outside", None, None)
    kept = RequestIdLogFilter().filter(record)
    assert kept, "expected the filter to keep the record (return True)"
    assert getattr(record, "request_id", None) == "-", (
        f"expected record.request_id == '-' outside a request, got "
        f"{getattr(record, 'request_id', None)!r}"
    )


@pytest.mark.rule(6)
async def test_overlapping_requests_are_timed_separately() -> None:
    """each request is timed from its own start, also when requests overlap"""
    gates = {"a": Gate(), "b": Gate()}
    clock = FakeClock()
    app = gated_app(gates, clock)
    async with client(app) as http:
        first = asyncio.create_task(http.get("/gated/a"))
        await asyncio.wait_for(gates["a"].inside.wait(), 30)
        clock.advance(10.0)
        second = asyncio.create_task(http.get("/gated/b"))
        await asyncio.wait_for(gates["b"].inside.wait(), 30)
        clock.advance(2.0)
        gates["a"].release.set()
        response_a = await first
        clock.advance(0.5)
        gates["b"].release.set()
        response_b = await second
    durations = []
    for response in (response_a, response_b):
        match = SERVER_TIMING.search(response.headers.get("server-timing", ""))
        assert match, f"expected a server-timing header, got {response.headers}"
        durations.append(float(match.group(1)))
    close_enough = [abs(durations[0] - 12000) <= 1.0, abs(durations[1] - 2500) <= 1.0]
    assert close_enough == [True, True], (
        "expected the first request to take 12 s (12000 ms) and the second 2.5 s (2500 ms) "
        f"on the injected clock, got {durations}: keep each request's start time in a local "
        "variable, not on the middleware instance"
    )


@pytest.mark.rule(6)
async def test_server_timing_is_a_raw_lowercase_header() -> None:
    """server-timing goes into the start message with a lowercase raw name, in milliseconds"""
    clock = FakeClock()

    async def slow_app(scope: Scope, receive: Receive, send: Send) -> None:
        clock.advance(0.0125)
        await echo_request_id(scope, receive, send)

    messages = await call_http(TimingMiddleware(slow_app, clock=clock))
    pairs = [(bytes(n), bytes(v)) for n, v in messages[0]["headers"]]
    ours = [pair for pair in pairs if pair[0].lower() == b"server-timing"]
    assert len(ours) == 1, f"expected one server-timing header, got {ours}"
    assert ours[0][0] == b"server-timing", (
        f"expected the raw header name b'server-timing' (lowercase bytes), got {ours[0][0]!r}"
    )
    match = SERVER_TIMING.fullmatch(ours[0][1].decode("latin-1"))
    assert match, f"expected a value like 'app;dur=12.5', got {ours[0][1]!r}"
    assert abs(float(match.group(1)) - 12.5) <= 1.0, (
        f"expected dur=12.5 (0.0125 s in milliseconds), got {ours[0][1]!r}"
    )


@pytest.mark.rule(7)
@pytest.mark.parametrize("layer", ["RequestIdMiddleware", "TimingMiddleware"])
async def test_each_layer_forwards_body_messages_at_once_unchanged(layer: str) -> None:
    """each middleware forwards every body message as soon as it is sent, unchanged"""
    events: list[str] = []
    sent_by_app: list[Message] = []

    async def streamer(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        for index in range(3):
            events.append(f"produce {index}")
            message: Message = {
                "type": "http.response.body",
                "body": f"chunk{index};".encode(),
                "more_body": index < 2,
            }
            sent_by_app.append(dict(message))
            await send(message)

    app: ASGIApp = (
        RequestIdMiddleware(streamer, make_id=Counter())
        if layer == "RequestIdMiddleware"
        else TimingMiddleware(streamer, clock=FakeClock())
    )
    messages = await call_http(app, on_send=events)
    bodies = [m for m in messages if m["type"] == "http.response.body"]
    assert bodies == sent_by_app, (
        f"expected {layer} to pass the body messages on unchanged (more_body included), "
        f"sent {sent_by_app}, passed on {bodies}"
    )
    for index in range(2):
        sent = events.index(f"send http.response.body {f'chunk{index};'.encode()!r}")
        produced_next = events.index(f"produce {index + 1}")
        assert sent < produced_next, (
            f"expected {layer} to pass chunk {index} on before chunk {index + 1} is produced "
            f"(no buffering); order was {events}"
        )


@pytest.mark.rule(8)
@pytest.mark.parametrize("layer", ["RequestIdMiddleware", "TimingMiddleware"])
async def test_websocket_scopes_pass_through(layer: str) -> None:
    """websocket connections pass through untouched, with no request ID"""
    make_id = Counter()
    seen: list[tuple[Scope, str | None]] = []
    inbox: list[Message] = [
        {"type": "websocket.connect"},
        {"type": "websocket.receive", "text": "ping"},
        {"type": "websocket.disconnect", "code": 1000},
    ]
    to_client: list[Message] = [
        {"type": "websocket.accept", "subprotocol": None, "headers": [(b"x-app", b"1")]},
        {"type": "websocket.send", "text": "pong"},
        {"type": "websocket.close", "code": 1000, "reason": ""},
    ]
    sent: list[Message] = []

    async def inner(scope: Scope, receive: Receive, send: Send) -> None:
        seen.append((scope, get_request_id()))
        assert (await receive())["type"] == "websocket.connect"
        await send(dict(to_client[0]))
        assert (await receive())["type"] == "websocket.receive"
        await send(dict(to_client[1]))
        await send(dict(to_client[2]))

    async def receive() -> Message:
        return inbox.pop(0)

    async def send(message: Message) -> None:
        sent.append(message)

    scope: Scope = {
        "type": "websocket",
        "asgi": {"version": "3.0"},
        "path": "/ws",
        "raw_path": b"/ws",
        "query_string": b"",
        "root_path": "",
        "scheme": "ws",
        "headers": [(b"host", b"test"), (b"x-request-id", b"ws-1")],
        "subprotocols": [],
        "state": {},
    }
    wrapped: ASGIApp = (
        RequestIdMiddleware(inner, make_id=make_id)
        if layer == "RequestIdMiddleware"
        else TimingMiddleware(inner, clock=FakeClock())
    )
    await asyncio.wait_for(wrapped(scope, receive, send), timeout=5)
    assert len(seen) == 1, f"expected the app to be called once, got {len(seen)} calls"
    assert seen[0][0] is scope, f"expected {layer} to pass the websocket scope on as it is"
    assert seen[0][1] is None, (
        f"expected no request ID inside a websocket connection, got {seen[0][1]!r}: only "
        '"http" scopes get one'
    )
    assert make_id.calls == 0, "expected no request ID to be made for a websocket scope"
    assert sent == to_client, (
        f"expected the websocket messages to pass through untouched, sent {to_client}, got {sent}"
    )


class ClockReadingTheId(FakeClock):
    """A fake clock that also notes which request ID was current at each reading."""

    def __init__(self) -> None:
        super().__init__()
        self.ids_seen: list[str | None] = []

    def __call__(self) -> float:
        self.ids_seen.append(get_request_id())
        return super().__call__()


@pytest.mark.rule(10)
async def test_timing_layer_runs_inside_the_request_id_layer() -> None:
    """the request-ID layer is outside the timing layer: the clock is read with the ID set"""
    clock = ClockReadingTheId()
    app = create_app(make_id=Counter(), clock=clock)
    async with client(app) as http:
        response = await http.get("/whoami", headers={"X-Request-ID": "outer-1"})
    assert response.status_code == 200, f"expected 200, got {response.status_code}"
    assert set(clock.ids_seen) == {"outer-1"}, (
        "expected every clock reading of the timing layer to happen inside the request-ID "
        f"layer (the ID already set), got the IDs {clock.ids_seen} at the readings: "
        "RequestIdMiddleware must be the outermost layer"
    )


def non_http_scope(kind: str) -> Scope:
    """A lifespan scope, or a websocket scope without an X-Request-ID header."""
    if kind == "lifespan":
        return {"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}
    return {
        "type": "websocket",
        "asgi": {"version": "3.0"},
        "path": "/ws",
        "raw_path": b"/ws",
        "query_string": b"",
        "root_path": "",
        "scheme": "ws",
        "headers": [(b"host", b"test")],
        "subprotocols": [],
        "state": {},
    }


@pytest.mark.rule(8)
@pytest.mark.parametrize("kind", ["lifespan", "websocket"])
async def test_no_request_id_is_made_for_non_http_scopes(kind: str) -> None:
    """no request ID is made for lifespan or websocket scopes, even without a client ID"""
    make_id = Counter()
    seen: list[str | None] = []

    async def inner(scope: Scope, receive: Receive, send: Send) -> None:
        seen.append(get_request_id())

    app = RequestIdMiddleware(inner, make_id=make_id)
    await app(non_http_scope(kind), no_messages, discard_messages)
    assert seen == [None], f"expected the app to run once with no request ID, got {seen}"
    assert make_id.calls == 0, (
        f"expected make_id() not to be called for a {kind} scope, it was called "
        f"{make_id.calls} time(s): check the scope type before making an ID"
    )


@pytest.mark.rule(8)
@pytest.mark.parametrize("kind", ["lifespan", "websocket"])
@pytest.mark.parametrize("layer", ["RequestIdMiddleware", "TimingMiddleware"])
async def test_non_http_scopes_reach_the_app_with_the_same_callables(layer: str, kind: str) -> None:
    """lifespan and websocket scopes reach the app with the very same receive and send"""
    seen: list[tuple[Scope, Receive, Send]] = []

    async def inner(scope: Scope, receive: Receive, send: Send) -> None:
        seen.append((scope, receive, send))

    async def receive() -> Message:
        return {"type": f"{kind}.disconnect"}

    async def send(message: Message) -> None:
        pass

    wrapped: ASGIApp = (
        RequestIdMiddleware(inner, make_id=Counter())
        if layer == "RequestIdMiddleware"
        else TimingMiddleware(inner, clock=FakeClock())
    )
    scope = non_http_scope(kind)
    await wrapped(scope, receive, send)
    assert len(seen) == 1, f"expected the app to be called once, got {len(seen)} calls"
    got_scope, got_receive, got_send = seen[0]
    assert got_scope is scope, f"expected {layer} to pass the {kind} scope on as it is"
    assert got_receive is receive, (
        f"expected {layer} to pass the {kind} scope's receive straight through to the app"
    )
    assert got_send is send, (
        f"expected {layer} to pass the {kind} scope's send straight through to the app, "
        "not a wrapper: only http scopes are wrapped"
    )

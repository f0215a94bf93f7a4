"""Hidden pytest checks for the rate_limit_middleware kata."""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import json
import math
import time
from collections.abc import MutableMapping
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from katas.rate_limit_middleware import RateLimitMiddleware

# Hypothesis's "explain" phase re-runs a failing test many times to annotate the report; it
# turns a 1 s failure into a 20 s one, so the checks skip it.
PHASES = [Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink]

Message = MutableMapping[str, Any]


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, now: float = 0.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class CountingApp:
    """The wrapped ASGI app: answers 200 "ok" and counts the http requests that reach it."""

    def __init__(self) -> None:
        self.calls = 0
        self.scopes: list[Message] = []

    async def __call__(self, scope: Message, receive: Any, send: Any) -> None:
        self.scopes.append(scope)
        if scope["type"] != "http":
            return
        self.calls += 1
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"text/plain"), (b"content-length", b"2")],
            }
        )
        await send({"type": "http.response.body", "body": b"ok"})


def client_for(app: Any, host: str = "10.0.0.1") -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(host, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://test")


async def raw_exchange(
    app: Any,
    *,
    key: str | bytes | None = None,
    host: str = "10.0.0.1",
    port: int = 40000,
    path: str = "/",
    method: str = "GET",
    headers: tuple[tuple[bytes, bytes], ...] = (),
    query: bytes = b"",
) -> list[Message]:
    """Call the middleware directly, with no HTTP client: returns every message it sent."""
    if isinstance(key, str):
        key = key.encode()
    scope: Message = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query,
        "root_path": "",
        "headers": [*headers, *([(b"x-api-key", key)] if key is not None else [])],
        "client": (host, port),
        "server": ("test", 80),
    }
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return sent


async def raw_request(
    app: Any,
    *,
    key: str | bytes | None = None,
    host: str = "10.0.0.1",
    port: int = 40000,
    headers: tuple[tuple[bytes, bytes], ...] = (),
    query: bytes = b"",
) -> Message:
    """Call the middleware directly: returns the response-start message."""
    sent = await raw_exchange(app, key=key, host=host, port=port, headers=headers, query=query)
    starts = [m for m in sent if m["type"] == "http.response.start"]
    assert len(starts) == 1, f"expected one http.response.start message, got {len(starts)}"
    return starts[0]


def retry_after_of(start: Message) -> str | None:
    for name, value in start.get("headers", []):
        if bytes(name).lower() == b"retry-after":
            return bytes(value).decode()
    return None


@pytest.mark.rule(1)
async def test_allows_the_limit_then_answers_429() -> None:
    """allows `limit` requests in the window, then answers 429 without calling the app"""
    clock = FakeClock()
    inner = CountingApp()
    app = RateLimitMiddleware(inner, limit=3, window=10.0, clock=clock)
    async with client_for(app) as client:
        statuses = []
        for t in (0.5, 1.5, 2.5, 3.2):
            clock.now = t
            statuses.append((await client.get("/")).status_code)
    assert statuses == [200, 200, 200, 429], (
        f"with limit=3 and a 10 s window, 4 requests within 3 s should give 200, 200, 200, 429; "
        f"got {statuses}"
    )
    assert inner.calls == 3, (
        f"the wrapped app should be called only for the 3 allowed requests, "
        f"it was called {inner.calls} times"
    )


@pytest.mark.rule(3)
async def test_retry_after_counts_down_to_when_the_oldest_request_leaves() -> None:
    """Retry-After is the whole seconds until the oldest request leaves the window (rounded up)"""
    clock = FakeClock()
    app = RateLimitMiddleware(CountingApp(), limit=3, window=10.0, clock=clock)
    async with client_for(app) as client:
        for t in (0.5, 1.5, 2.5):
            clock.now = t
            await client.get("/")
        # the oldest request (t=0.5) leaves the window at t=10.5
        for now, expected in ((3.2, "8"), (7.0, "4"), (10.4, "1")):
            clock.now = now
            response = await client.get("/")
            assert response.status_code == 429, (
                f"at t={now} three requests are still in the window: expected 429, "
                f"got {response.status_code}"
            )
            got = response.headers.get("retry-after")
            assert got == expected, (
                f"at t={now} the oldest request (t=0.5) leaves the window in {10.5 - now:.1f} s: "
                f"expected Retry-After: {expected}, got {got!r}"
            )
        clock.now = 10.6
        response = await client.get("/")
        assert response.status_code == 200, (
            f"at t=10.6 the request from t=0.5 has left the window (refused requests do not "
            f"count), so a new request should pass; got {response.status_code}"
        )
        assert "retry-after" not in response.headers, "an allowed response has no Retry-After"


@pytest.mark.rule(6)
async def test_retrying_while_refused_does_not_extend_the_block() -> None:
    """refused requests are not counted: hammering while blocked does not push the block back"""
    clock = FakeClock()
    inner = CountingApp()
    app = RateLimitMiddleware(inner, limit=1, window=10.0, clock=clock)
    async with client_for(app) as client:
        clock.now = 0.25
        await client.get("/")
        refused = []
        for step in range(1, 11):
            clock.now = step - 0.1
            refused.append((await client.get("/")).status_code)
        clock.now = 10.5
        after = await client.get("/")
    assert refused == [429] * 10, f"requests during the window should all be 429, got {refused}"
    assert after.status_code == 200, (
        f"the only counted request (t=0.25) left the window at t=10.25; at t=10.5 a request "
        f"should pass even after 10 refused retries, got {after.status_code}"
    )
    assert inner.calls == 2, f"expected the app to see 2 requests, it saw {inner.calls}"


@pytest.mark.rule(5)
async def test_the_window_slides_instead_of_resetting_in_fixed_buckets() -> None:
    """the window slides: requests at 0.9, 0.95 and 1.1 (limit 2 per 1 s) refuse the third"""
    clock = FakeClock()
    app = RateLimitMiddleware(CountingApp(), limit=2, window=1.0, clock=clock)
    got = []
    async with client_for(app) as client:
        for t in (0.9, 0.95, 1.1, 1.5, 1.92, 1.93, 1.96, 2.94):
            clock.now = t
            got.append((t, (await client.get("/")).status_code))
    expected = [
        (0.9, 200),
        (0.95, 200),
        (1.1, 429),  # 0.9 and 0.95 are less than 1 s old: a fixed bucket would reset at 1.0
        (1.5, 429),
        (1.92, 200),  # 0.9 has left the window, 0.95 has not
        (1.93, 429),
        (1.96, 200),  # 0.95 has left
        (2.94, 200),  # 1.92 has left, 1.96 has not: one slot
    ]
    assert got == expected, (
        f"with limit=2 per 1 s window, expected (time, status) {expected}, got {got}"
    )


@pytest.mark.rule(4)
async def test_each_api_key_has_its_own_limit() -> None:
    """each X-API-Key has its own limit, even from the same host"""
    clock = FakeClock(5.0)
    inner = CountingApp()
    app = RateLimitMiddleware(inner, limit=2, window=60.0, clock=clock)
    async with client_for(app) as client:
        alice = [(await client.get("/", headers={"X-API-Key": "alice"})).status_code for _ in "abc"]
        bob = [(await client.get("/", headers={"X-API-Key": "bob"})).status_code for _ in "ab"]
        alice_again = (await client.get("/", headers={"X-API-Key": "alice"})).status_code
    assert alice == [200, 200, 429], f"alice: expected 200, 200, 429, got {alice}"
    assert bob == [200, 200], (
        f"bob has his own limit and should get 200, 200 after alice was limited; got {bob} "
        f"(one counter shared by every client?)"
    )
    assert alice_again == 429, f"alice is still over her limit, expected 429, got {alice_again}"
    assert inner.calls == 4, f"expected 4 requests to reach the app, got {inner.calls}"


@pytest.mark.rule(4)
async def test_without_a_key_clients_are_told_apart_by_host() -> None:
    """without an API key each client host has its own limit"""
    clock = FakeClock(5.0)
    app = RateLimitMiddleware(CountingApp(), limit=1, window=60.0, clock=clock)
    async with client_for(app, "10.0.0.1") as first, client_for(app, "10.0.0.2") as second:
        first_statuses = [(await first.get("/")).status_code for _ in "ab"]
        second_statuses = [(await second.get("/")).status_code for _ in "ab"]
    assert first_statuses == [200, 429], (
        f"host 10.0.0.1 with limit=1: expected 200, 429, got {first_statuses}"
    )
    assert second_statuses == [200, 429], (
        f"host 10.0.0.2 has its own limit: expected 200, 429, got {second_statuses}"
    )
    app = RateLimitMiddleware(CountingApp(), limit=2, window=60.0, clock=clock)
    ports = [(await raw_request(app, host="10.0.0.3", port=port))["status"] for port in (1, 2, 3)]
    assert ports == [200, 200, 429], (
        "the client is the host, not the (host, port) pair: three requests from 10.0.0.3 on "
        f"ports 1, 2 and 3 with limit=2 should give 200, 200, 429, got {ports}"
    )


@pytest.mark.rule(4)
async def test_one_api_key_shares_its_limit_across_hosts() -> None:
    """the API key decides the client: one key from two hosts shares one limit"""
    clock = FakeClock(5.0)
    app = RateLimitMiddleware(CountingApp(), limit=2, window=60.0, clock=clock)
    key = {"X-API-Key": "shared-key"}
    async with client_for(app, "10.0.0.1") as first, client_for(app, "10.0.0.2") as second:
        statuses = [
            (await first.get("/", headers=key)).status_code,
            (await second.get("/", headers=key)).status_code,
            (await first.get("/", headers=key)).status_code,
            (await second.get("/", headers=key)).status_code,
        ]
        anonymous = (await first.get("/")).status_code
    assert statuses == [200, 200, 429, 429], (
        f"one API key used from two hosts has one limit of 2: expected 200, 200, 429, 429, "
        f"got {statuses}"
    )
    assert anonymous == 200, (
        f"a request without a key from 10.0.0.1 is a different client than the key: "
        f"expected 200, got {anonymous}"
    )


@pytest.mark.rule(1, 3)
async def test_works_as_fastapi_middleware() -> None:
    """works as FastAPI middleware (app.add_middleware) and leaves allowed responses intact"""
    clock = FakeClock(100.0)
    app = FastAPI()

    @app.get("/items/{item_id}")
    async def read_item(item_id: int) -> dict[str, int]:
        return {"item_id": item_id}

    app.add_middleware(RateLimitMiddleware, limit=2, window=30.0, clock=clock)
    async with client_for(app) as client:
        first = await client.get("/items/1")
        second = await client.get("/items/2")
        clock.now = 110.0
        third = await client.get("/items/3")
        clock.now = 130.5
        fourth = await client.get("/items/4")
    assert (first.status_code, first.json()) == (200, {"item_id": 1}), (
        f"an allowed request should reach the route unchanged, got {first.status_code} "
        f"{first.text!r}"
    )
    assert second.status_code == 200, f"second request: expected 200, got {second.status_code}"
    assert third.status_code == 429, f"third request: expected 429, got {third.status_code}"
    assert third.headers.get("retry-after") == "20", (
        f"at t=110 the oldest request (t=100) leaves a 30 s window in 20 s: expected "
        f"Retry-After: 20, got {third.headers.get('retry-after')!r}"
    )
    assert (fourth.status_code, fourth.json()) == (200, {"item_id": 4}), (
        f"at t=130.5 the window has room again: expected 200, got {fourth.status_code}"
    )


class RecordingApp(CountingApp):
    """CountingApp that also records the receive and send callables it was given."""

    def __init__(self) -> None:
        super().__init__()
        self.calls_with: list[tuple[Message, Any, Any]] = []

    async def __call__(self, scope: Message, receive: Any, send: Any) -> None:
        self.calls_with.append((scope, receive, send))
        await super().__call__(scope, receive, send)


@pytest.mark.rule(8)
@pytest.mark.parametrize("kind", ["lifespan", "websocket"])
async def test_other_scopes_pass_through_untouched(kind: str) -> None:
    """lifespan and websocket scopes go to the wrapped app untouched and are never counted"""
    inner = RecordingApp()
    app = RateLimitMiddleware(inner, limit=1, window=60.0, clock=FakeClock(5.0))
    scope: Message = {"type": kind, "asgi": {"version": "3.0"}}
    if kind == "websocket":
        scope.update(
            {
                "scheme": "ws",
                "path": "/ws",
                "raw_path": b"/ws",
                "query_string": b"",
                "root_path": "",
                "headers": [(b"x-api-key", b"alice")],
                "client": ("10.0.0.1", 40000),
                "server": ("test", 80),
                "subprotocols": [],
            }
        )

    async def receive() -> Message:
        return {"type": f"{kind}.connect" if kind == "websocket" else "lifespan.startup"}

    async def send(message: Message) -> None:
        pass

    for _ in range(3):
        await app(scope, receive, send)
    assert len(inner.calls_with) == 3, (
        f"3 {kind} calls (limit=1) should all reach the wrapped app, {len(inner.calls_with)} did"
    )
    for seen_scope, seen_receive, seen_send in inner.calls_with:
        assert seen_scope is scope, f"the {kind} scope should be passed as is"
        assert seen_receive is receive, f"receive should be passed as is for a {kind} scope"
        assert seen_send is send, f"send should be passed as is for a {kind} scope"
    for key in ("alice", None):
        start = await raw_request(app, key=key)
        who = f"key {key!r}" if key else "no key"
        assert start["status"] == 200, (
            f"{kind} calls are not counted: the first http request ({who}, host "
            f"10.0.0.1) should pass, got {start['status']}"
        )


@pytest.mark.rule(9)
def test_invalid_limits_are_rejected() -> None:
    """limit < 1 or window <= 0 raise ValueError; limit=1 and a tiny window are valid"""
    for limit, window in ((0, 1.0), (-1, 1.0), (5, 0.0), (5, 0), (5, -1.0), (0, 0.0)):
        try:
            RateLimitMiddleware(CountingApp(), limit=limit, window=window, clock=FakeClock())
        except ValueError:
            continue
        pytest.fail(f"expected ValueError for limit={limit}, window={window}")
    for limit, window in ((1, 1.0), (1, 0.001), (3, 1e-9), (1, 1)):
        RateLimitMiddleware(CountingApp(), limit=limit, window=window, clock=FakeClock())


schedules = st.lists(
    st.tuples(
        st.integers(0, 12).map(lambda quarters: quarters / 4),
        st.sampled_from(["alice", "bob", "10.0.0.1", None]),
    ),
    min_size=1,
    max_size=25,
)


@pytest.mark.rule(1, 3, 4, 5, 6)
@settings(max_examples=80, phases=PHASES)
@given(
    gaps=schedules,
    limit=st.integers(1, 4),
    window=st.integers(1, 12).map(lambda halves: halves / 2),
)
async def test_matches_a_sliding_log_for_any_schedule(
    gaps: list[tuple[float, str | None]], limit: int, window: float
) -> None:
    """for any request schedule, statuses and Retry-After match an exact sliding log"""
    clock = FakeClock()
    app = RateLimitMiddleware(CountingApp(), limit=limit, window=window, clock=clock)
    allowed: dict[str | None, list[float]] = {}
    now = 0.0
    for gap, key in gaps:
        now += gap  # quarters and halves: exact in binary, and often exactly on a boundary
        clock.now = now
        in_window = [t for t in allowed.get(key, []) if now - t < window]
        expect_ok = len(in_window) < limit
        start = await raw_request(app, key=key)
        status = start["status"]
        who = f"key {key!r}" if key else "the keyless client (host 10.0.0.1)"
        assert status == (200 if expect_ok else 429), (
            f"limit={limit}, window={window}: at t={now} {who} has {len(in_window)} counted "
            f"request(s) in the window {in_window}, expected {200 if expect_ok else 429}, "
            f"got {status}"
        )
        if expect_ok:
            allowed.setdefault(key, []).append(now)
        else:
            expected = str(math.ceil(min(in_window) + window - now))
            got = retry_after_of(start)
            assert got == expected, (
                f"limit={limit}, window={window}: at t={now} the oldest counted request of "
                f"{who} is at t={min(in_window)}, expected Retry-After {expected}, got {got!r}"
            )


@pytest.mark.rule(1)
async def test_one_limit_per_client_whatever_the_route() -> None:
    """the limit is per client, not per method, path or query string"""
    clock = FakeClock(5.0)
    inner = CountingApp()
    app = RateLimitMiddleware(inner, limit=3, window=60.0, clock=clock)
    async with client_for(app) as client:
        statuses = [
            (await client.get("/a")).status_code,
            (await client.post("/b?x=1", content=b"{}")).status_code,
            (await client.get("/a?page=2")).status_code,
            (await client.delete("/c")).status_code,
            (await client.get("/d")).status_code,
        ]
    assert statuses == [200, 200, 200, 429, 429], (
        "with limit=3 one client's requests to different methods, paths and query strings share "
        f"one limit: expected 200, 200, 200, 429, 429, got {statuses}"
    )
    assert inner.calls == 3, f"expected 3 requests to reach the app, got {inner.calls}"


class GatedApp:
    """The wrapped app: each http request waits until the test opens the gate."""

    def __init__(self) -> None:
        self.gate = asyncio.Event()
        self.entered = 0

    async def __call__(self, scope: Message, receive: Any, send: Any) -> None:
        self.entered += 1
        await self.gate.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


async def settle(done: Any, what: str, rounds: int = 200) -> None:
    """Let the other tasks run until done() holds (counting loop turns, not time)."""
    for _ in range(rounds):
        if done():
            return
        await asyncio.sleep(0)
    raise AssertionError(f"expected {what} within {rounds} turns of the event loop")


@pytest.mark.rule(2)
async def test_requests_still_running_count() -> None:
    """a request counts as soon as it reaches the app: limit running requests block the next"""
    inner = GatedApp()
    app = RateLimitMiddleware(inner, limit=2, window=60.0, clock=FakeClock(5.0))
    running = [asyncio.ensure_future(raw_request(app, key="alice")) for _ in range(2)]
    try:
        await settle(lambda: inner.entered == 2, "both requests to reach the app")
        extra = asyncio.ensure_future(raw_request(app, key="alice"))
        running.append(extra)
        await settle(lambda: extra.done() or inner.entered > 2, "the third request to finish")
        assert inner.entered == 2, (
            "with limit=2 and two requests of the client still running in the app, a third one "
            "must be refused at once (a request counts when it is passed to the app, not when "
            "the app finishes); it reached the app"
        )
        assert extra.done(), "expected the refused request to be answered at once"
        assert extra.result()["status"] == 429, (
            f"expected 429 for the third request, got {extra.result()['status']}"
        )
    finally:
        inner.gate.set()
        await asyncio.gather(*running)


def header_values(start: Message, name: bytes) -> list[bytes]:
    return [bytes(v) for n, v in start.get("headers", []) if bytes(n).lower() == name]


@pytest.mark.rule(3)
async def test_refusal_is_sent_as_raw_asgi_messages() -> None:
    """the 429 is an http.response.start (lowercase header names) and a JSON body"""
    clock = FakeClock(1.0)
    app = RateLimitMiddleware(CountingApp(), limit=1, window=10.0, clock=clock)
    await raw_request(app, key="alice")
    clock.now = 3.5
    sent = await raw_exchange(app, key="alice")
    kinds = [m["type"] for m in sent]
    assert kinds[:1] == ["http.response.start"], (
        f"expected http.response.start first, got the messages {kinds}"
    )
    assert len(kinds) > 1, f"expected http.response.body message(s) after the start, got {kinds}"
    assert set(kinds[1:]) == {"http.response.body"}, (
        f"expected http.response.start, then http.response.body message(s); got {kinds}"
    )
    start = sent[0]
    assert start["status"] == 429, f"expected status 429, got {start['status']!r}"
    headers = [(bytes(name), bytes(value)) for name, value in start.get("headers", [])]
    upper = [name for name, _ in headers if name != name.lower()]
    assert not upper, f"ASGI header names must be lowercase bytes, got {upper}"
    retry = [value for name, value in headers if name == b"retry-after"]
    assert retry == [b"8"], (
        f"expected exactly one retry-after header, b'8' (10 s window, oldest request at t=1.0, "
        f"now t=3.5: 7.5 s rounded up), got {retry}"
    )
    body = b"".join(bytes(m.get("body", b"")) for m in sent[1:])
    try:
        json.loads(body)
    except ValueError:
        pytest.fail(f"expected a JSON body with the 429, got {body!r}")
    assert sent[-1].get("more_body", False) is False, "the last body message must end the body"


@pytest.mark.rule(3)
async def test_retry_after_is_rounded_up_exactly() -> None:
    """Retry-After is ceil(oldest + window - now): 8.0 s is 8, 7.25 s is 8, 0.25 s is 1"""
    clock = FakeClock(0.5)
    app = RateLimitMiddleware(CountingApp(), limit=1, window=10.0, clock=clock)
    await raw_request(app, key="alice")
    for now, expected in ((2.5, "8"), (3.25, "8"), (6.5, "4"), (9.5, "1"), (10.25, "1")):
        clock.now = now
        start = await raw_request(app, key="alice")
        assert start["status"] == 429, f"at t={now} expected 429, got {start['status']}"
        got = header_values(start, b"retry-after")
        assert got == [expected.encode()], (
            f"at t={now} the request from t=0.5 leaves the 10 s window in {10.5 - now} s: "
            f"expected Retry-After: {expected}, got {got}"
        )
    clock.now = 0.0
    short = RateLimitMiddleware(CountingApp(), limit=2, window=2.5, clock=clock)
    await raw_request(short, key="bob")
    clock.now = 0.5
    await raw_request(short, key="bob")
    got = header_values(await raw_request(short, key="bob"), b"retry-after")
    assert got == [b"2"], (
        "limit=2, 2.5 s window, requests at t=0.0 and t=0.5, refused at t=0.5: the oldest "
        f"leaves in exactly 2.0 s, expected Retry-After: 2, got {got}"
    )


@pytest.mark.rule(4)
async def test_keys_are_compared_exactly_as_sent() -> None:
    """keys that differ in case, spaces or a non-ASCII character are different clients"""
    app = RateLimitMiddleware(CountingApp(), limit=1, window=60.0, clock=FakeClock(5.0))
    keys = ["alice", "Alice", "ALICE", "alice ", " alice", "ключ", "клюх", "café", "cafè"]
    for key in keys:
        start = await raw_request(app, key=key)
        assert start["status"] == 200, (
            f"with limit=1 the first request with X-API-Key {key!r} should pass (a new client: "
            f"keys are compared exactly as sent among {keys}), got {start['status']}"
        )
    for key in keys:
        start = await raw_request(app, key=key)
        assert start["status"] == 429, (
            f"the second request with X-API-Key {key!r} should be refused, got {start['status']}"
        )


@pytest.mark.rule(4)
async def test_a_key_is_never_the_same_client_as_a_host() -> None:
    """a key whose text equals a host's address is still a different client from that host"""
    app = RateLimitMiddleware(CountingApp(), limit=1, window=60.0, clock=FakeClock(5.0))
    first = await raw_request(app, host="10.0.0.1")
    spoofed = await raw_request(app, key="10.0.0.1", host="10.0.0.9")
    assert (first["status"], spoofed["status"]) == (200, 200), (
        "the keyless client at host 10.0.0.1 and the key '10.0.0.1' (sent from 10.0.0.9) are "
        f"two clients, each with its own limit: expected 200, 200, got {first['status']}, "
        f"{spoofed['status']}"
    )
    app = RateLimitMiddleware(CountingApp(), limit=1, window=60.0, clock=FakeClock(5.0))
    first = await raw_request(app, key="10.0.0.7", host="10.0.0.2")
    victim = await raw_request(app, host="10.0.0.7")
    assert (first["status"], victim["status"]) == (200, 200), (
        "a client sending X-API-Key: 10.0.0.7 must not use up the limit of host 10.0.0.7: "
        f"expected 200, 200, got {first['status']}, {victim['status']}"
    )


@pytest.mark.rule(5)
async def test_a_request_leaves_the_window_exactly_at_window_seconds() -> None:
    """a request made at t counts while now - t < window and has left at now - t == window"""
    clock = FakeClock(0.5)
    app = RateLimitMiddleware(CountingApp(), limit=2, window=10.0, clock=clock)
    got = []
    for now in (0.5, 2.0, 10.25, 10.5, 10.75, 12.0, 20.5):
        clock.now = now
        got.append((now, (await raw_request(app, key="alice"))["status"]))
    expected = [
        (0.5, 200),
        (2.0, 200),
        (10.25, 429),  # 0.5 and 2.0 are less than 10 s old
        (10.5, 200),  # 0.5 is exactly 10 s old: it has left
        (10.75, 429),  # 2.0 and 10.5 are in the window
        (12.0, 200),  # 2.0 is exactly 10 s old: it has left
        (20.5, 200),  # 10.5 is exactly 10 s old: it has left, 12.0 has not
    ]
    assert got == expected, f"limit=2, window=10: expected (time, status) {expected}, got {got}"


@pytest.mark.rule(7)
async def test_time_comes_only_from_the_injected_clock() -> None:
    """the middleware reads the time from clock() at each request, never from time.*"""
    clock = FakeClock(1_000_000.0)
    app = RateLimitMiddleware(CountingApp(), limit=1, window=5.0, clock=clock)
    got = []
    for now in (1_000_000.0, 1_000_004.0, 1_000_005.0, 1_000_005.5, 2_000_000.0):
        clock.now = now
        start = await raw_request(app, key="alice")
        got.append((now, start["status"], header_values(start, b"retry-after")))
    expected = [
        (1_000_000.0, 200, []),
        (1_000_004.0, 429, [b"1"]),
        (1_000_005.0, 200, []),
        (1_000_005.5, 429, [b"5"]),
        (2_000_000.0, 200, []),
    ]
    assert got == expected, (
        f"with a fake clock (limit=1, window=5), expected (time, status, Retry-After) "
        f"{expected}, got {got}"
    )


@pytest.mark.rule(7)
def test_the_default_clock_is_time_monotonic(monkeypatch: pytest.MonkeyPatch) -> None:
    """made without a clock, the middleware reads time.monotonic(), not the wall clock"""
    monotonic = FakeClock(1_000.0)
    monkeypatch.setattr(time, "monotonic", monotonic)
    module = importlib.import_module(RateLimitMiddleware.__module__)
    try:
        # loaded again while time.monotonic is the fake, so a default bound at import sees it
        app = importlib.reload(module).RateLimitMiddleware(CountingApp(), limit=1, window=5.0)
        got = []
        for now in (1_000.0, 1_004.0, 1_005.0):
            monotonic.now = now
            start = asyncio.run(raw_request(app, key="alice"))
            got.append((now, start["status"], header_values(start, b"retry-after")))
    finally:
        monkeypatch.undo()
        importlib.reload(module)
    expected = [(1_000.0, 200, []), (1_004.0, 429, [b"1"]), (1_005.0, 200, [])]
    assert got == expected, (
        "made without a clock (limit=1, window=5), the middleware should read time.monotonic() "
        f"(here a fake): expected (time, status, Retry-After) {expected}, got {got}"
    )


class CopyingApp:
    """The wrapped app: answers 200 with a few headers and keeps a copy of what it sent."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, int | None, list[tuple[bytes, bytes]], bytes]] = []

    async def __call__(self, scope: Message, receive: Any, send: Any) -> None:
        start = {
            "type": "http.response.start",
            "status": 200,
            "headers": [
                (b"content-type", b"text/plain"),
                (b"content-length", b"2"),
                (b"x-app", b"inner"),
            ],
        }
        body = {"type": "http.response.body", "body": b"ok", "more_body": False}
        self.sent.append(snapshot(start))
        self.sent.append(snapshot(body))
        await send(start)
        await send(body)


def snapshot(message: Message) -> tuple[str, int | None, list[tuple[bytes, bytes]], bytes]:
    """What an ASGI server reads from a message: type, status, headers and body."""
    headers = [(bytes(name), bytes(value)) for name, value in message.get("headers", [])]
    return (message["type"], message.get("status"), headers, bytes(message.get("body", b"")))


@pytest.mark.rule(3)
async def test_allowed_responses_pass_through_unchanged() -> None:
    """an allowed response reaches the server exactly as the app sent it (no added headers)"""
    clock = FakeClock(5.0)
    inner = CopyingApp()
    app = RateLimitMiddleware(inner, limit=3, window=60.0, clock=clock)
    for count in range(1, 4):
        clock.now += 1.0
        sent = await raw_exchange(app, key="alice")
        got = [snapshot(message) for message in sent]
        expected = inner.sent[-2:]
        assert got == expected, (
            f"allowed request {count} of 3: the server should receive exactly the messages the "
            f"app sent (status, headers and body unchanged, no header added); the app sent "
            f"{expected}, the server got {got}"
        )


@pytest.mark.rule(4)
async def test_an_empty_api_key_is_a_key() -> None:
    """an empty X-API-Key header is present: it is a key of its own, not the host"""
    app = RateLimitMiddleware(CountingApp(), limit=1, window=60.0, clock=FakeClock(5.0))
    empty = await raw_request(app, key=b"", host="10.0.0.1")
    keyless = await raw_request(app, host="10.0.0.1")
    assert (empty["status"], keyless["status"]) == (200, 200), (
        "with limit=1, a request with an empty X-API-Key header (the header is present, its "
        "value is the key '') and a request from the same host without the header are two "
        f"clients: expected 200, 200, got {empty['status']}, {keyless['status']}"
    )
    again = await raw_request(app, key=b"", host="10.0.0.2")
    assert again["status"] == 429, (
        "the empty key keeps its limit across hosts: a second request with an empty X-API-Key "
        f"from another host should be refused, got {again['status']}"
    )


OTHER_HEADERS = [b"x-api-key-id", b"x-api-keys", b"api-key", b"x-forwarded-api-key", b"x-api_key"]


@pytest.mark.rule(4)
@pytest.mark.parametrize("name", OTHER_HEADERS, ids=[name.decode() for name in OTHER_HEADERS])
async def test_only_the_x_api_key_header_is_a_key(name: bytes) -> None:
    """a header whose name only contains "api-key" (x-api-key-id, ...) is not the key"""
    app = RateLimitMiddleware(CountingApp(), limit=1, window=60.0, clock=FakeClock(5.0))
    other = await raw_request(app, host="10.0.0.1", headers=((name, b"alice"),))
    keyless = await raw_request(app, host="10.0.0.1")
    alice = await raw_request(app, key="alice", host="10.0.0.1")
    got = (other["status"], keyless["status"], alice["status"])
    assert got == (200, 429, 200), (
        f"with limit=1, a request from 10.0.0.1 with the header {name.decode()}: alice (not "
        "X-API-Key) is the keyless client 10.0.0.1, so the next keyless request from 10.0.0.1 "
        f"is refused and the key 'alice' is untouched: expected 200, 429, 200, got {got}"
    )


QUERY_KEYS = [b"api_key=alice", b"x-api-key=alice", b"apikey=bob", b"key=carol", b"token=dave"]


@pytest.mark.rule(4)
async def test_a_key_in_the_query_string_is_not_a_key() -> None:
    """only the X-API-Key header is a key: ?api_key=... in the URL is still the host's request"""
    app = RateLimitMiddleware(CountingApp(), limit=1, window=60.0, clock=FakeClock(5.0))
    first = await raw_request(app, host="10.0.0.1")
    assert first["status"] == 200, f"the first request should pass, got {first['status']}"
    for query in QUERY_KEYS:
        start = await raw_request(app, host="10.0.0.1", query=query)
        assert start["status"] == 429, (
            f"with limit=1, a second request from 10.0.0.1 without an X-API-Key header, to "
            f"/?{query.decode()}, is still the host's: expected 429, got {start['status']} (a "
            "key taken from the query string lets any client choose a fresh limit)"
        )


HOST_LIKE_KEYS = [
    "10.0.0.7",
    "ip:10.0.0.7",
    "host:10.0.0.7",
    "addr:10.0.0.7",
    "client:10.0.0.7",
    "ip-10.0.0.7",
    "host-10.0.0.7",
    "ip_10.0.0.7",
    "host_10.0.0.7",
    "ip/10.0.0.7",
    "host/10.0.0.7",
    "ip|10.0.0.7",
    "host|10.0.0.7",
    "ip 10.0.0.7",
    "host 10.0.0.7",
    "ip=10.0.0.7",
    "host=10.0.0.7",
    "10.0.0.7:40000",
    "10.0.0.7:",
    "@10.0.0.7",
    "#10.0.0.7",
    "anon:10.0.0.7",
    "anonymous:10.0.0.7",
    "remote:10.0.0.7",
    "peer:10.0.0.7",
]


@pytest.mark.rule(4)
@pytest.mark.parametrize("host_first", [True, False], ids=["host_first", "key_first"])
async def test_no_key_text_names_a_host(host_first: bool) -> None:
    """no key, whatever its text (10.0.0.7, ip:10.0.0.7, host:10.0.0.7, ...), is a host"""
    for key in HOST_LIKE_KEYS:
        app = RateLimitMiddleware(CountingApp(), limit=1, window=60.0, clock=FakeClock(5.0))
        if host_first:
            host = (await raw_request(app, host="10.0.0.7"))["status"]
            keyed = (await raw_request(app, key=key, host="10.0.0.9"))["status"]
        else:
            keyed = (await raw_request(app, key=key, host="10.0.0.9"))["status"]
            host = (await raw_request(app, host="10.0.0.7"))["status"]
        assert (host, keyed) == (200, 200), (
            f"with limit=1, the keyless client at host 10.0.0.7 and the key {key!r} (sent from "
            f"10.0.0.9) are two clients, each with its own limit: expected 200 for both, got "
            f"{host} for the host and {keyed} for the key (does a key's text name a host?)"
        )


@pytest.mark.rule(4)
async def test_latin1_keys_that_differ_in_one_byte_are_different_clients() -> None:
    """keys are compared as sent, byte for byte, also when they are not UTF-8 (latin-1 text)"""
    keys = [b"cl\xe9", b"cl\xe8", b"cl", b"cl\xff", b"cl\xc3", b"cl\xc3\xa9", b"\xe9", b"\xe8"]
    app = RateLimitMiddleware(CountingApp(), limit=1, window=60.0, clock=FakeClock(5.0))
    for key in keys:
        start = await raw_request(app, key=key)
        assert start["status"] == 200, (
            f"with limit=1 the first request with X-API-Key {key!r} should pass: header values "
            f"are bytes (latin-1 text), and these keys all differ: {keys}; got {start['status']}"
        )
    for key in keys:
        start = await raw_request(app, key=key)
        assert start["status"] == 429, (
            f"the second request with X-API-Key {key!r} should be refused, got {start['status']}"
        )


class FailingApp:
    """The wrapped app: raises (or waits to be cancelled) instead of answering."""

    def __init__(self) -> None:
        self.entered = 0
        self.gate = asyncio.Event()

    async def __call__(self, scope: Message, receive: Any, send: Any) -> None:
        self.entered += 1
        if scope["path"] == "/hang":
            await self.gate.wait()
        raise RuntimeError("the app crashed")


@pytest.mark.rule(2)
async def test_a_request_whose_app_fails_still_counts() -> None:
    """a request counts once passed to the app, even if the app raises or is cancelled"""
    clock = FakeClock(5.0)
    inner = FailingApp()
    app = RateLimitMiddleware(inner, limit=1, window=60.0, clock=clock)
    # a middleware may let the app's error through or answer it itself
    with contextlib.suppress(Exception):
        await raw_exchange(app, key="alice", path="/boom")
    assert inner.entered == 1, f"the first request should reach the app, it saw {inner.entered}"
    clock.now = 6.0
    again = await raw_request(app, key="alice")
    refused = (again["status"], inner.entered)
    assert refused == (429, 1), (
        "with limit=1 the request that reached the app counts even though the app raised: the "
        f"next one must be refused without calling the app; got {again['status']} and the app "
        f"was called {inner.entered} time(s)"
    )

    inner = FailingApp()
    app = RateLimitMiddleware(inner, limit=1, window=60.0, clock=clock)
    hanging = asyncio.ensure_future(raw_exchange(app, key="bob", path="/hang"))
    await settle(lambda: inner.entered == 1, "the first request to reach the app")
    hanging.cancel()
    await asyncio.gather(hanging, return_exceptions=True)
    again = await raw_request(app, key="bob")
    refused = (again["status"], inner.entered)
    assert refused == (429, 1), (
        "with limit=1 a request that reached the app counts even when it is cancelled (the "
        f"client went away): the next one must be refused; got {again['status']} and the app "
        f"was called {inner.entered} time(s)"
    )


METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"]


@pytest.mark.rule(1)
@pytest.mark.parametrize("method", METHODS)
async def test_every_method_is_limited(method: str) -> None:
    """every method is limited (OPTIONS and HEAD too) and shares the client's one limit"""
    clock = FakeClock(5.0)
    for first, second in ((method, method), ("GET", method), (method, "GET")):
        inner = CountingApp()
        app = RateLimitMiddleware(inner, limit=1, window=60.0, clock=clock)
        statuses = []
        for verb in (first, second):
            sent = await raw_exchange(app, key="alice", method=verb)
            statuses.append(sent[0]["status"])
        assert (statuses, inner.calls) == ([200, 429], 1), (
            f"with limit=1, a {first} then a {second} request of one client: expected 200, 429 "
            f"(whatever their method), got {statuses} with {inner.calls} call(s) to the app"
        )

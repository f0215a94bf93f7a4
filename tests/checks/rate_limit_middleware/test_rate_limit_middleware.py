"""Hidden pytest checks for the rate_limit_middleware kata."""

from __future__ import annotations

import math
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


async def raw_request(app: Any, *, key: str | None = None, host: str = "10.0.0.1") -> Message:
    """Call the middleware directly, with no HTTP client: returns the response-start message."""
    scope: Message = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": "/",
        "raw_path": b"/",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"x-api-key", key.encode())] if key is not None else [],
        "client": (host, 40000),
        "server": ("test", 80),
    }
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    await app(scope, receive, send)
    starts = [m for m in sent if m["type"] == "http.response.start"]
    assert len(starts) == 1, f"expected one http.response.start message, got {len(starts)}"
    return starts[0]


def retry_after_of(start: Message) -> str | None:
    for name, value in start.get("headers", []):
        if bytes(name).lower() == b"retry-after":
            return bytes(value).decode()
    return None


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


async def test_other_scopes_pass_through_untouched() -> None:
    """lifespan (and other non-http) scopes go to the wrapped app untouched"""
    inner = CountingApp()
    app = RateLimitMiddleware(inner, limit=1, window=1.0, clock=FakeClock())
    scope: Message = {"type": "lifespan", "asgi": {"version": "3.0"}}

    async def receive() -> Message:
        return {"type": "lifespan.startup"}

    async def send(message: Message) -> None:
        pass

    for _ in range(3):
        await app(scope, receive, send)
    assert len(inner.scopes) == 3, (
        f"3 lifespan calls should all reach the wrapped app, {len(inner.scopes)} did"
    )
    assert all(s is scope for s in inner.scopes), "the lifespan scope should be passed as is"


def test_invalid_limits_are_rejected() -> None:
    """limit < 1 or window <= 0 raise ValueError"""
    with pytest.raises(ValueError):  # noqa: PT011
        RateLimitMiddleware(CountingApp(), limit=0, window=1.0, clock=FakeClock())
    with pytest.raises(ValueError):  # noqa: PT011
        RateLimitMiddleware(CountingApp(), limit=5, window=0.0, clock=FakeClock())


schedules = st.lists(
    st.tuples(st.integers(0, 40), st.sampled_from(["alice", "bob", None])),
    min_size=1,
    max_size=25,
)


@settings(max_examples=60, phases=PHASES)
@given(
    gaps=schedules,
    limit=st.integers(1, 4),
    window=st.integers(1, 30).map(lambda w: w + 0.5),
)
async def test_matches_a_sliding_log_for_any_schedule(
    gaps: list[tuple[int, str | None]], limit: int, window: float
) -> None:
    """for any request schedule, statuses and Retry-After match an exact sliding log"""
    clock = FakeClock()
    app = RateLimitMiddleware(CountingApp(), limit=limit, window=window, clock=clock)
    allowed: dict[str | None, list[float]] = {}
    now = 0
    for gap, key in gaps:
        now += gap  # integer times, half-integer window: never exactly on a boundary
        clock.now = float(now)
        in_window = [t for t in allowed.get(key, []) if now - t < window]
        expect_ok = len(in_window) < limit
        start = await raw_request(app, key=key)
        status = start["status"]
        who = f"key {key!r}" if key else "the keyless client"
        assert status == (200 if expect_ok else 429), (
            f"limit={limit}, window={window}: at t={now} {who} has {len(in_window)} counted "
            f"request(s) in the window, expected {200 if expect_ok else 429}, got {status}"
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

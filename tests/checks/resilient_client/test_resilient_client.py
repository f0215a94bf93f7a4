"""Hidden pytest checks for the resilient_client kata.

The server is a small ASGI app served in-process through ``httpx.ASGITransport`` (never a real
network): it fails a given number of times, then answers 200, and records every hit. Sleep
and random are fakes: delays are recorded, nothing really waits.
"""

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest

from katas.resilient_client import ResilientClient, RetryPolicy

Scope = dict[str, Any]


class FlakyApp:
    """An ASGI app that fails ``failures`` times with ``status``, then answers 200."""

    def __init__(
        self, failures: int, status: int = 503, headers: dict[str, str] | None = None
    ) -> None:
        self.failures = failures
        self.status = status
        self.failure_headers = headers or {}
        self.hits: list[dict[str, Any]] = []

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        assert scope["type"] == "http"
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        headers = {k.decode().lower(): v.decode() for k, v in scope["headers"]}
        self.hits.append(
            {"method": scope["method"], "path": scope["path"], "headers": headers, "body": body}
        )
        if len(self.hits) <= self.failures:
            status, reply = self.status, b"try again"
            extra = [(k.encode(), v.encode()) for k, v in self.failure_headers.items()]
        else:
            status, reply, extra = 200, b"ok", []
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(b"content-type", b"text/plain"), *extra],
            }
        )
        await send({"type": "http.response.body", "body": reply})


class DroppingTransport(httpx.AsyncBaseTransport):
    """Raises ConnectError for the first ``drops`` requests, then serves the app."""

    def __init__(self, app: FlakyApp, drops: int) -> None:
        self.inner = httpx.ASGITransport(app=app)
        self.drops = drops
        self.attempts = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.attempts += 1
        if self.attempts <= self.drops:
            raise httpx.ConnectError("connection refused", request=request)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


class FakeSleep:
    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


def fixed_random(*values: float) -> Any:
    """A random() that returns ``values`` in turn (the last one forever after)."""
    produced: Iterator[float] = iter(values)
    last = values[-1]

    def draw() -> float:
        nonlocal last
        last = next(produced, last)
        return last

    return draw


@asynccontextmanager
async def client_for(
    app: FlakyApp,
    policy: RetryPolicy | None = None,
    *,
    sleep: FakeSleep,
    random: Any = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> AsyncIterator[ResilientClient]:
    http = httpx.AsyncClient(
        transport=transport or httpx.ASGITransport(app=app), base_url="http://service.test"
    )
    async with http:
        yield ResilientClient(http, policy, sleep=sleep, random=random or fixed_random(1.0))


async def test_retries_until_success() -> None:
    """a GET that fails with 503 twice is retried and succeeds on the third attempt"""
    app = FlakyApp(failures=2)
    sleep = FakeSleep()
    async with client_for(app, RetryPolicy(max_attempts=3), sleep=sleep) as client:
        response = await client.request("GET", "/orders/1")
    assert response.status_code == 200, f"expected a final 200, got {response.status_code}"
    assert len(app.hits) == 3, f"expected 3 attempts (2 failures, then 200), got {len(app.hits)}"
    assert len(sleep.delays) == 2, (
        f"expected one sleep before each of the 2 retries, got sleeps {sleep.delays}"
    )


async def test_gives_up_after_max_attempts() -> None:
    """after max_attempts the last response is returned, with no sleep after the last try"""
    app = FlakyApp(failures=100)
    sleep = FakeSleep()
    async with client_for(app, RetryPolicy(max_attempts=4), sleep=sleep) as client:
        response = await client.request("GET", "/orders/1")
    assert response.status_code == 503, (
        f"expected the last 503 to be returned after giving up, got {response.status_code}"
    )
    assert len(app.hits) == 4, f"expected exactly 4 attempts (max_attempts=4), got {len(app.hits)}"
    assert len(sleep.delays) == 3, (
        f"expected 3 sleeps (between the 4 attempts, none after the last), got {sleep.delays}"
    )


@pytest.mark.parametrize("method", ["GET", "HEAD", "PUT", "DELETE", "OPTIONS", "get"])
async def test_idempotent_methods_are_retried(method: str) -> None:
    """GET, HEAD, PUT, DELETE and OPTIONS are retried"""
    app = FlakyApp(failures=1)
    sleep = FakeSleep()
    async with client_for(app, sleep=sleep) as client:
        response = await client.request(method, "/orders/1")
    assert (response.status_code, len(app.hits)) == (200, 2), (
        f"expected {method} to be retried once after a 503 and succeed, got status "
        f"{response.status_code} after {len(app.hits)} attempt(s)"
    )


@pytest.mark.parametrize("method", ["POST", "PATCH", "post"])
async def test_unsafe_method_without_key_is_not_retried(method: str) -> None:
    """a POST or PATCH without an Idempotency-Key is tried exactly once"""
    app = FlakyApp(failures=1)
    sleep = FakeSleep()
    async with client_for(app, sleep=sleep) as client:
        response = await client.request(method, "/payments", json={"amount": 10})
    assert len(app.hits) == 1, (
        f"expected a {method} without an Idempotency-Key to be sent once (a retry could "
        f"apply it twice), it was sent {len(app.hits)} times"
    )
    assert response.status_code == 503, f"expected the 503 returned, got {response.status_code}"
    assert sleep.delays == [], f"expected no sleep, got {sleep.delays}"


@pytest.mark.parametrize("header", ["Idempotency-Key", "idempotency-key"])
async def test_post_with_idempotency_key_is_retried(header: str) -> None:
    """a POST carrying an Idempotency-Key is retried, resending the same key and body"""
    app = FlakyApp(failures=2)
    sleep = FakeSleep()
    async with client_for(app, sleep=sleep) as client:
        response = await client.request(
            "POST", "/payments", json={"amount": 10}, headers={header: "pay-42"}
        )
    assert (response.status_code, len(app.hits)) == (200, 3), (
        f"expected the POST with an {header} header to be retried until it succeeds (3 "
        f"attempts), got status {response.status_code} after {len(app.hits)} attempt(s)"
    )
    keys = [hit["headers"].get("idempotency-key") for hit in app.hits]
    assert keys == ["pay-42"] * 3, f"expected every attempt to carry the key, got {keys}"
    bodies = {hit["body"] for hit in app.hits}
    assert len(bodies) == 1, f"expected the same body on every attempt, got {bodies}"


@pytest.mark.parametrize("status", [400, 404, 500])
async def test_other_statuses_are_not_retried(status: int) -> None:
    """statuses outside retry_statuses are returned at once"""
    app = FlakyApp(failures=1, status=status)
    sleep = FakeSleep()
    async with client_for(app, sleep=sleep) as client:
        response = await client.request("GET", "/orders/1")
    assert (response.status_code, len(app.hits)) == (status, 1), (
        f"expected a {status} to be returned without a retry, got status "
        f"{response.status_code} after {len(app.hits)} attempt(s)"
    )


async def test_policy_retry_statuses_are_used() -> None:
    """the statuses to retry come from the policy"""
    app = FlakyApp(failures=1, status=500)
    sleep = FakeSleep()
    policy = RetryPolicy(retry_statuses=frozenset({500}))
    async with client_for(app, policy, sleep=sleep) as client:
        response = await client.request("GET", "/orders/1")
    assert (response.status_code, len(app.hits)) == (200, 2), (
        f"expected a 500 to be retried when the policy lists 500, got status "
        f"{response.status_code} after {len(app.hits)} attempt(s)"
    )


async def test_backoff_doubles_up_to_max_delay() -> None:
    """the backoff doubles from base_delay and never exceeds max_delay"""
    app = FlakyApp(failures=100)
    sleep = FakeSleep()
    policy = RetryPolicy(max_attempts=7, base_delay=0.1, max_delay=1.0)
    async with client_for(app, policy, sleep=sleep, random=fixed_random(1.0)) as client:
        await client.request("GET", "/orders/1")
    expected = [0.1, 0.2, 0.4, 0.8, 1.0, 1.0]
    assert sleep.delays == pytest.approx(expected), (
        f"base_delay=0.1, max_delay=1.0 and random() == 1.0: expected sleeps {expected}, "
        f"got {sleep.delays}"
    )


async def test_jitter_scales_each_delay() -> None:
    """each delay is random() times the capped exponential step (full jitter)"""
    app = FlakyApp(failures=100)
    sleep = FakeSleep()
    policy = RetryPolicy(max_attempts=4, base_delay=0.1, max_delay=10.0)
    random = fixed_random(0.5, 0.25, 0.75)
    async with client_for(app, policy, sleep=sleep, random=random) as client:
        await client.request("GET", "/orders/1")
    expected = [0.5 * 0.1, 0.25 * 0.2, 0.75 * 0.4]
    assert sleep.delays == pytest.approx(expected), (
        f"random() returning 0.5, 0.25, 0.75 with base_delay=0.1: expected sleeps "
        f"{expected}, got {sleep.delays}"
    )


async def test_retry_after_is_honoured() -> None:
    """a Retry-After in seconds is slept exactly, instead of the backoff"""
    app = FlakyApp(failures=1, status=429, headers={"Retry-After": "2"})
    sleep = FakeSleep()
    policy = RetryPolicy(max_attempts=3, base_delay=0.1, max_delay=5.0)
    async with client_for(app, policy, sleep=sleep, random=fixed_random(0.5)) as client:
        response = await client.request("GET", "/orders/1")
    assert (response.status_code, len(app.hits)) == (200, 2), (
        f"expected the 429 to be retried once, got status {response.status_code} after "
        f"{len(app.hits)} attempt(s)"
    )
    assert sleep.delays == pytest.approx([2.0]), (
        f"expected to sleep the 2 s the server asked for in Retry-After, got {sleep.delays}"
    )


async def test_retry_after_beyond_max_delay_gives_up() -> None:
    """a Retry-After longer than max_delay is not waited for: the response is returned"""
    app = FlakyApp(failures=1, status=503, headers={"Retry-After": "120"})
    sleep = FakeSleep()
    policy = RetryPolicy(max_attempts=3, max_delay=5.0)
    async with client_for(app, policy, sleep=sleep) as client:
        response = await client.request("GET", "/orders/1")
    assert (response.status_code, len(app.hits), sleep.delays) == (503, 1, []), (
        "expected the 503 with Retry-After: 120 (over max_delay=5) to be returned at once, "
        f"got status {response.status_code} after {len(app.hits)} attempt(s), "
        f"sleeps {sleep.delays}"
    )


async def test_unusable_retry_after_falls_back_to_backoff() -> None:
    """a Retry-After that is not a number of seconds is ignored (backoff is used)"""
    app = FlakyApp(failures=1, status=503, headers={"Retry-After": "soon"})
    sleep = FakeSleep()
    policy = RetryPolicy(max_attempts=3, base_delay=0.1)
    async with client_for(app, policy, sleep=sleep, random=fixed_random(0.5)) as client:
        response = await client.request("GET", "/orders/1")
    assert response.status_code == 200, f"expected a final 200, got {response.status_code}"
    assert sleep.delays == pytest.approx([0.05]), (
        f"expected the jittered backoff 0.5 * 0.1 = 0.05 s, got {sleep.delays}"
    )


async def test_transport_errors_are_retried() -> None:
    """connection errors are retried like retryable statuses"""
    app = FlakyApp(failures=0)
    transport = DroppingTransport(app, drops=2)
    sleep = FakeSleep()
    async with client_for(app, sleep=sleep, transport=transport) as client:
        response = await client.request("GET", "/orders/1")
    assert (response.status_code, transport.attempts) == (200, 3), (
        f"expected 2 refused connections then a 200, got status {response.status_code} "
        f"after {transport.attempts} attempt(s)"
    )
    assert len(sleep.delays) == 2, f"expected 2 sleeps, got {sleep.delays}"


async def test_last_transport_error_is_raised() -> None:
    """when every attempt fails to connect, the last ConnectError is raised"""
    app = FlakyApp(failures=0)
    transport = DroppingTransport(app, drops=100)
    sleep = FakeSleep()
    async with client_for(app, RetryPolicy(max_attempts=3), sleep=sleep, transport=transport) as (
        client
    ):
        with pytest.raises(httpx.ConnectError):
            await client.request("GET", "/orders/1")
    assert transport.attempts == 3, f"expected 3 attempts, got {transport.attempts}"
    assert len(sleep.delays) == 2, f"expected 2 sleeps (none after the last), got {sleep.delays}"

"""Hidden pytest checks for the resilient_client kata.

The server is either a small ASGI app served in-process through ``httpx.ASGITransport``, or a
scripted transport that answers each attempt as told (a status and headers, or a transport
error); never a real network. Both record every attempt. Sleep and random are fakes: delays
are recorded, nothing really waits.
"""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Iterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest

from katas.resilient_client import ResilientClient, RetryPolicy

Scope = dict[str, Any]
Step = tuple[int, dict[str, str]] | Exception  # a response (status, headers) or an error


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
        headers = [(k.decode().lower(), v.decode()) for k, v in scope["headers"]]
        self.hits.append(
            {
                "method": scope["method"],
                "path": scope["path"],
                "query": scope["query_string"].decode(),
                "headers": dict(headers),
                "header_list": sorted(headers),
                "body": body,
            }
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


class ScriptedTransport(httpx.AsyncBaseTransport):
    """Answers attempt i with ``script[i]`` (a status and headers, or an error to raise);
    200 once the script is over. The attempt number is sent back in ``X-Attempt``."""

    def __init__(self, script: list[Step]) -> None:
        self.script = script
        self.attempts = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.attempts += 1
        step = self.script[self.attempts - 1] if self.attempts <= len(self.script) else (200, {})
        if isinstance(step, Exception):
            raise step
        status, headers = step
        return httpx.Response(
            status, headers={**headers, "X-Attempt": str(self.attempts)}, content=b"reply"
        )


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
    app: FlakyApp | None,
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


# Rule 1 ----------------------------------------------------------------------------------


@pytest.mark.rule(1)
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


@pytest.mark.rule(1)
@pytest.mark.parametrize("status", [400, 404, 500, 501])
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
    assert sleep.delays == [], f"expected no sleep, got {sleep.delays}"


@pytest.mark.rule(1)
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
    app = FlakyApp(failures=1, status=503)
    async with client_for(app, policy, sleep=sleep) as client:
        response = await client.request("GET", "/orders/1")
    assert (response.status_code, len(app.hits)) == (503, 1), (
        f"expected a 503 to be returned at once when the policy lists only 500, got status "
        f"{response.status_code} after {len(app.hits)} attempt(s)"
    )


@pytest.mark.rule(1)
@pytest.mark.parametrize(
    "error",
    [
        httpx.ConnectError("connection refused"),
        httpx.ReadTimeout("read timed out"),
        httpx.RemoteProtocolError("server disconnected"),
        httpx.WriteError("broken pipe"),
    ],
    ids=lambda error: type(error).__name__,
)
async def test_transport_errors_are_retried(error: httpx.TransportError) -> None:
    """every kind of httpx.TransportError is retried like a retryable status"""
    transport = ScriptedTransport([error, error])
    sleep = FakeSleep()
    async with client_for(None, sleep=sleep, transport=transport) as client:
        response = await client.request("GET", "/orders/1")
    assert (response.status_code, transport.attempts) == (200, 3), (
        f"expected 2 failed attempts ({type(error).__name__}) then a 200, got status "
        f"{response.status_code} after {transport.attempts} attempt(s)"
    )
    assert len(sleep.delays) == 2, f"expected 2 sleeps, got {sleep.delays}"


@pytest.mark.rule(1)
@pytest.mark.parametrize(
    "error",
    [httpx.DecodingError("bad gzip stream"), httpx.TooManyRedirects("loop"), KeyError("x")],
    ids=lambda error: type(error).__name__,
)
async def test_other_exceptions_propagate_at_once(error: Exception) -> None:
    """an exception that is not an httpx.TransportError propagates without a retry"""
    transport = ScriptedTransport([error, error])
    sleep = FakeSleep()
    async with client_for(None, sleep=sleep, transport=transport) as client:
        with pytest.raises(type(error)) as raised:
            await client.request("GET", "/orders/1")
    assert raised.value is error, f"expected the transport's own exception, got {raised.value!r}"
    assert (transport.attempts, sleep.delays) == (1, []), (
        f"expected a {type(error).__name__} (not a TransportError) to propagate after one "
        f"attempt without sleeping, got {transport.attempts} attempt(s), sleeps {sleep.delays}"
    )


# Rule 2 ----------------------------------------------------------------------------------


@pytest.mark.rule(2)
@pytest.mark.parametrize("method", ["GET", "HEAD", "PUT", "DELETE", "OPTIONS", "get", "Put"])
async def test_idempotent_methods_are_retried(method: str) -> None:
    """GET, HEAD, PUT, DELETE and OPTIONS are retried, whatever their case"""
    app = FlakyApp(failures=1)
    sleep = FakeSleep()
    async with client_for(app, sleep=sleep) as client:
        response = await client.request(method, "/orders/1")
    assert (response.status_code, len(app.hits)) == (200, 2), (
        f"expected {method} to be retried once after a 503 and succeed, got status "
        f"{response.status_code} after {len(app.hits)} attempt(s)"
    )


@pytest.mark.rule(2)
@pytest.mark.parametrize("method", ["POST", "PATCH", "post"])
async def test_unsafe_method_without_key_is_not_retried(method: str) -> None:
    """a POST or PATCH without an Idempotency-Key is tried exactly once"""
    app = FlakyApp(failures=1)
    sleep = FakeSleep()
    async with client_for(app, sleep=sleep) as client:
        response = await client.request(
            method, "/payments", json={"amount": 10}, headers={"X-Request-Id": "r-1"}
        )
    assert len(app.hits) == 1, (
        f"expected a {method} without an Idempotency-Key to be sent once (a retry could "
        f"apply it twice), it was sent {len(app.hits)} times"
    )
    assert response.status_code == 503, f"expected the 503 returned, got {response.status_code}"
    assert sleep.delays == [], f"expected no sleep, got {sleep.delays}"
    assert "idempotency-key" not in app.hits[0]["headers"], (
        f"expected no Idempotency-Key to be added to a request that had none, the server got "
        f"{app.hits[0]['headers']['idempotency-key']!r}"
    )


@pytest.mark.rule(2)
async def test_unsafe_method_transport_error_is_raised_at_once() -> None:
    """a POST without an Idempotency-Key that fails to connect is not retried"""
    transport = ScriptedTransport([httpx.ConnectError("connection refused")])
    sleep = FakeSleep()
    async with client_for(None, sleep=sleep, transport=transport) as client:
        with pytest.raises(httpx.ConnectError):
            await client.request("POST", "/payments", json={"amount": 10})
    assert (transport.attempts, sleep.delays) == (1, []), (
        f"expected a POST without an Idempotency-Key to be tried once, got "
        f"{transport.attempts} attempt(s) and sleeps {sleep.delays}"
    )


@pytest.mark.rule(2)
@pytest.mark.parametrize("header", ["Idempotency-Key", "idempotency-key", "IDEMPOTENCY-KEY"])
@pytest.mark.parametrize("method", ["POST", "PATCH"])
async def test_unsafe_method_with_idempotency_key_is_retried(header: str, method: str) -> None:
    """a POST or PATCH carrying an Idempotency-Key (any case) is retried"""
    app = FlakyApp(failures=2)
    sleep = FakeSleep()
    async with client_for(app, sleep=sleep) as client:
        response = await client.request(
            method, "/payments", json={"amount": 10}, headers={header: "pay-42"}
        )
    assert (response.status_code, len(app.hits)) == (200, 3), (
        f"expected the {method} with an {header} header to be retried until it succeeds (3 "
        f"attempts), got status {response.status_code} after {len(app.hits)} attempt(s)"
    )


# Rule 3 ----------------------------------------------------------------------------------


@pytest.mark.rule(3)
@pytest.mark.parametrize("attempts", [1, 2, 4])
async def test_gives_up_after_max_attempts(attempts: int) -> None:
    """after max_attempts the last response is returned, with no sleep after the last try"""
    app = FlakyApp(failures=100)
    sleep = FakeSleep()
    async with client_for(app, RetryPolicy(max_attempts=attempts), sleep=sleep) as client:
        response = await client.request("GET", "/orders/1")
    assert response.status_code == 503, (
        f"expected the last 503 to be returned after giving up, got {response.status_code}"
    )
    assert len(app.hits) == attempts, (
        f"expected exactly {attempts} attempt(s) (max_attempts={attempts}), got {len(app.hits)}"
    )
    assert len(sleep.delays) == attempts - 1, (
        f"expected {attempts - 1} sleep(s) (between the {attempts} attempts, none after the "
        f"last), got {sleep.delays}"
    )


@pytest.mark.rule(3)
async def test_last_transport_error_is_raised() -> None:
    """when every attempt fails to connect, the last ConnectError is raised"""
    last = httpx.ConnectError("third refusal")
    transport = ScriptedTransport(
        [httpx.ConnectError("first refusal"), httpx.ConnectError("second refusal"), last]
    )
    sleep = FakeSleep()
    async with client_for(
        None, RetryPolicy(max_attempts=3), sleep=sleep, transport=transport
    ) as client:
        with pytest.raises(httpx.ConnectError) as raised:
            await client.request("GET", "/orders/1")
    assert raised.value is last, f"expected the last attempt's error, got {raised.value!r}"
    assert transport.attempts == 3, f"expected 3 attempts, got {transport.attempts}"
    assert len(sleep.delays) == 2, f"expected 2 sleeps (none after the last), got {sleep.delays}"


@pytest.mark.rule(3)
async def test_the_last_attempt_decides() -> None:
    """errors and responses mixed: the outcome of the last attempt is what the caller gets"""
    sleep = FakeSleep()
    last_error = httpx.ReadTimeout("third attempt timed out")
    transport = ScriptedTransport([(503, {}), httpx.ConnectError("refused"), last_error])
    async with client_for(
        None, RetryPolicy(max_attempts=3), sleep=sleep, transport=transport
    ) as client:
        with pytest.raises(httpx.ReadTimeout) as raised:
            await client.request("GET", "/orders/1")
    assert raised.value is last_error, (
        f"503, then a ConnectError, then a ReadTimeout: expected the last attempt's ReadTimeout "
        f"to be raised, got {raised.value!r}"
    )

    transport = ScriptedTransport([httpx.ConnectError("refused"), (502, {}), (503, {})])
    async with client_for(
        None, RetryPolicy(max_attempts=3), sleep=sleep, transport=transport
    ) as client:
        response = await client.request("GET", "/orders/1")
    assert (response.status_code, response.headers.get("X-Attempt")) == (503, "3"), (
        "a ConnectError, then 502, then 503: expected the 503 of the third attempt to be "
        f"returned, got {response.status_code} from attempt {response.headers.get('X-Attempt')}"
    )


# Rule 4 ----------------------------------------------------------------------------------


@pytest.mark.rule(4)
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


@pytest.mark.rule(4)
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


@pytest.mark.rule(4)
async def test_jitter_applies_to_the_capped_step() -> None:
    """random() scales the step after it was capped at max_delay"""
    app = FlakyApp(failures=100)
    sleep = FakeSleep()
    policy = RetryPolicy(max_attempts=5, base_delay=1.0, max_delay=2.0)
    async with client_for(app, policy, sleep=sleep, random=fixed_random(0.5)) as client:
        await client.request("GET", "/orders/1")
    expected = [0.5, 1.0, 1.0, 1.0]
    assert sleep.delays == pytest.approx(expected), (
        f"base_delay=1, max_delay=2 and random() == 0.5: the steps are 1, 2, 2, 2 (capped), so "
        f"expected sleeps {expected}, got {sleep.delays}"
    )


@pytest.mark.rule(4)
async def test_transport_errors_back_off_too() -> None:
    """the delay before retrying a transport error is the jittered backoff"""
    transport = ScriptedTransport([httpx.ConnectError("refused")] * 3)
    sleep = FakeSleep()
    policy = RetryPolicy(max_attempts=4, base_delay=0.25, max_delay=10.0)
    async with client_for(
        None, policy, sleep=sleep, random=fixed_random(0.5), transport=transport
    ) as client:
        await client.request("GET", "/orders/1")
    expected = [0.125, 0.25, 0.5]
    assert sleep.delays == pytest.approx(expected), (
        f"base_delay=0.25 and random() == 0.5: expected sleeps {expected}, got {sleep.delays}"
    )


@pytest.mark.rule(4)
async def test_every_retry_counts_for_the_backoff() -> None:
    """retry n backs off with step n, also when earlier retries waited for Retry-After"""
    transport = ScriptedTransport(
        [(503, {"Retry-After": "1"}), httpx.ConnectError("refused"), (503, {}), (429, {})]
    )
    sleep = FakeSleep()
    policy = RetryPolicy(max_attempts=5, base_delay=0.1, max_delay=10.0)
    async with client_for(
        None, policy, sleep=sleep, random=fixed_random(1.0), transport=transport
    ) as client:
        await client.request("GET", "/orders/1")
    expected = [1.0, 0.2, 0.4, 0.8]
    assert sleep.delays == pytest.approx(expected), (
        "a 503 with Retry-After: 1, then failures without it (base_delay=0.1, random() == 1.0): "
        f"retries 2, 3 and 4 back off 0.2, 0.4 and 0.8 s, so expected sleeps {expected}, got "
        f"{sleep.delays}"
    )


class GatheringSleep(FakeSleep):
    """Records the delays. In ``together(...)``, the requests' sleeps wait until every one of
    them is asleep (or one has ended), so that their retries interleave."""

    def __init__(self) -> None:
        super().__init__()
        self.gate: asyncio.Event | None = None
        self.awake = 0

    async def __call__(self, seconds: float) -> None:
        await super().__call__(seconds)
        if self.gate is not None and not self.gate.is_set():
            self.awake -= 1
            if self.awake == 0:
                self.gate.set()
            await self.gate.wait()

    async def together(self, *requests: Awaitable[httpx.Response]) -> list[httpx.Response]:
        self.gate, self.awake = asyncio.Event(), len(requests)
        gate = self.gate

        async def released_at_the_end(request: Awaitable[httpx.Response]) -> httpx.Response:
            try:
                return await request
            finally:
                gate.set()

        try:
            return await asyncio.gather(*map(released_at_the_end, requests))
        finally:
            self.gate = None


@pytest.mark.rule(3, 4)
async def test_each_request_starts_over() -> None:
    """one client sends many requests, in turn or at the same time: each has its own attempts"""
    app = FlakyApp(failures=100)
    policy = RetryPolicy(max_attempts=3, base_delay=0.1, max_delay=10.0)
    sleep = GatheringSleep()
    async with client_for(app, policy, sleep=sleep, random=fixed_random(1.0)) as client:
        await client.request("GET", "/first")
        await client.request("GET", "/second")
        await sleep.together(client.request("GET", "/third"), client.request("GET", "/fourth"))
    paths = ["/first", "/second", "/third", "/fourth"]
    attempts = {path: sum(hit["path"] == path for hit in app.hits) for path in paths}
    assert attempts == dict.fromkeys(paths, 3), (
        "4 GETs on the same client, the last two at the same time, all failing (max_attempts=3): "
        f"expected 3 attempts of each, got {attempts}"
    )
    assert sorted(sleep.delays) == pytest.approx([0.1] * 4 + [0.2] * 4), (
        "expected each of the 4 requests to sleep 0.1 then 0.2 s (its own retries 1 and 2), "
        f"got the sleeps {sleep.delays}"
    )


# Rule 5 ----------------------------------------------------------------------------------


@pytest.mark.rule(5)
@pytest.mark.parametrize(("value", "seconds"), [("2", 2.0), ("1.5", 1.5), ("0", 0.0), ("5", 5.0)])
async def test_retry_after_is_honoured(value: str, seconds: float) -> None:
    """a Retry-After in seconds (up to max_delay included) is slept exactly, without jitter"""
    app = FlakyApp(failures=1, status=429, headers={"Retry-After": value})
    sleep = FakeSleep()
    policy = RetryPolicy(max_attempts=3, base_delay=0.1, max_delay=5.0)
    async with client_for(app, policy, sleep=sleep, random=fixed_random(0.5)) as client:
        response = await client.request("GET", "/orders/1")
    assert (response.status_code, len(app.hits)) == (200, 2), (
        f"expected the 429 with Retry-After: {value} (max_delay=5) to be retried once, got "
        f"status {response.status_code} after {len(app.hits)} attempt(s)"
    )
    assert sleep.delays == pytest.approx([seconds]), (
        f"expected to sleep the {seconds:g} s the server asked for in Retry-After: {value}, "
        f"got {sleep.delays}"
    )


@pytest.mark.rule(5)
@pytest.mark.parametrize("value", ["120", "5.5"])
async def test_retry_after_beyond_max_delay_gives_up(value: str) -> None:
    """a Retry-After longer than max_delay is not waited for: the response is returned"""
    app = FlakyApp(failures=1, status=503, headers={"Retry-After": value})
    sleep = FakeSleep()
    policy = RetryPolicy(max_attempts=3, max_delay=5.0)
    async with client_for(app, policy, sleep=sleep) as client:
        response = await client.request("GET", "/orders/1")
    assert (response.status_code, len(app.hits), sleep.delays) == (503, 1, []), (
        f"expected the 503 with Retry-After: {value} (over max_delay=5) to be returned at "
        f"once, got status {response.status_code} after {len(app.hits)} attempt(s), "
        f"sleeps {sleep.delays}"
    )


@pytest.mark.rule(5)
@pytest.mark.parametrize(
    "value", ["soon", "-1", "Wed, 21 Oct 2015 07:28:00 GMT", "", "nan", "NaN", "-nan"]
)
async def test_unusable_retry_after_falls_back_to_backoff(value: str) -> None:
    """a Retry-After that is not a non-negative number of seconds is ignored"""
    app = FlakyApp(failures=1, status=503, headers={"Retry-After": value})
    sleep = FakeSleep()
    policy = RetryPolicy(max_attempts=3, base_delay=0.1)
    async with client_for(app, policy, sleep=sleep, random=fixed_random(0.5)) as client:
        response = await client.request("GET", "/orders/1")
    assert response.status_code == 200, f"expected a final 200, got {response.status_code}"
    assert sleep.delays == pytest.approx([0.05]), (
        f"Retry-After: {value!r} is not a number of seconds: expected the jittered backoff "
        f"0.5 * 0.1 = 0.05 s, got {sleep.delays}"
    )


# Rule 6 ----------------------------------------------------------------------------------


@pytest.mark.rule(6)
async def test_retried_request_is_the_same_request() -> None:
    """every attempt sends the same method, URL, headers and body"""
    put_app, post_app = FlakyApp(failures=2), FlakyApp(failures=2)
    sleep = FakeSleep()
    async with client_for(put_app, sleep=sleep) as client:
        await client.request(
            "PUT",
            "/blobs/7?version=3",
            content=b"\x00binary payload\xff",
            headers={"Content-Type": "application/octet-stream", "X-Trace": "abc"},
        )
    async with client_for(post_app, sleep=sleep) as client:
        await client.request(
            "POST",
            "/payments",
            json={"amount": 10, "currency": "EUR"},
            headers={"Idempotency-Key": "pay-42", "Authorization": "Bearer t0k3n"},
        )
    for app, request in ((put_app, "PUT /blobs/7"), (post_app, "POST /payments")):
        assert len(app.hits) == 3, f"expected 3 attempts of {request}, got {len(app.hits)}"
        different = [
            field
            for field in ("method", "path", "query", "header_list", "body")
            if len({repr(hit[field]) for hit in app.hits}) > 1
        ]
        assert different == [], (
            f"expected the 3 attempts of {request} to be the same request, but their "
            f"{', '.join(different)} differ: {[{f: hit[f] for f in different} for hit in app.hits]}"
        )
    put, post = put_app.hits[0], post_app.hits[0]
    assert (put["body"], put["query"], put["headers"].get("x-trace")) == (
        b"\x00binary payload\xff",
        "version=3",
        "abc",
    ), f"expected the PUT's body, query and headers to be sent as given, got {put}"
    assert post["headers"].get("idempotency-key") == "pay-42", (
        f"expected every attempt to carry the idempotency key, got {post['headers']}"
    )


# Rule 7 ----------------------------------------------------------------------------------


@pytest.mark.rule(7)
async def test_waits_and_draws_only_through_the_injected_functions() -> None:
    """the delays go through the injected sleep and come from the injected random"""
    app = FlakyApp(failures=3)
    sleep = FakeSleep()
    draws = 0

    def counted_random() -> float:
        nonlocal draws
        draws += 1
        return 0.125

    policy = RetryPolicy(max_attempts=4, base_delay=0.5, max_delay=10.0)
    async with client_for(app, policy, sleep=sleep, random=counted_random) as client:
        response = await client.request("GET", "/orders/1")
    assert response.status_code == 200, f"expected a final 200, got {response.status_code}"
    assert draws >= 1, "expected the jitter to be drawn with the injected random()"
    assert sleep.delays == pytest.approx([0.0625, 0.125, 0.25]), (
        "random() == 0.125 and base_delay=0.5: expected the injected sleep to be awaited with "
        f"0.0625, 0.125 and 0.25 s, got {sleep.delays}"
    )

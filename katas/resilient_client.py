"""Resilient client: retries with exponential backoff, jitter and idempotency rules.

Networks fail and servers shed load (``503 Service Unavailable``, ``429 Too Many
Requests``). Retrying is the answer, but a careless retry loop makes things worse: clients
that retry in lock-step hammer a recovering server (the thundering herd), and retrying a
``POST`` that *did* reach the server may charge a customer twice.

Your task: write ``ResilientClient``, a wrapper around an ``httpx.AsyncClient``.

``ResilientClient(client, policy=None, *, sleep=asyncio.sleep, random=random.random)``
    ``policy`` defaults to ``RetryPolicy()``. ``sleep`` and ``random`` are injectable so the
    checks run instantly and deterministically: wait only with ``await sleep(seconds)``, draw
    randomness only with ``random()`` (a float in [0, 1)).

``await rc.request(method, url, *, headers=None, json=None, content=None)``
    Sends the request with ``client.request(...)`` and returns the final ``httpx.Response``.

Rules
-----
1. *Retryable failures*: a response whose status is in ``policy.retry_statuses``, or an
   ``httpx.TransportError`` (connection refused, reset, timed out...). Any other response,
   including other 4xx/5xx, is returned at once, and any other exception (one that is not an
   ``httpx.TransportError``) propagates at once, without a retry.
2. *Only safe requests are retried*: the idempotent methods GET, HEAD, PUT, DELETE, OPTIONS
   (case-insensitive), or any request carrying an ``Idempotency-Key`` header (header names are
   case-insensitive). Anything else (POST, PATCH without a key) is tried exactly once.
3. At most ``policy.max_attempts`` attempts in total (the first one included), counted for
   each request on its own (also for requests sent at the same time). After the last
   attempt, return the last response, or re-raise the last transport error (whatever the
   earlier attempts ended with). Never sleep after the last attempt.
4. *Backoff with full jitter*: before retry number ``n`` of a request (n = 1 after its first
   attempt; every retry counts, also one that waited for ``Retry-After``), sleep
   ``random() * min(policy.max_delay, policy.base_delay * 2 ** (n - 1))``.
5. *Retry-After*: if the failed response carries ``Retry-After`` in the seconds form (``"2"``,
   ``"0"`` or ``"1.5"``), sleep exactly that long instead (no jitter). If it asks for more
   than ``policy.max_delay``, do not wait: return that response (exactly ``max_delay`` is
   still waited for). A value that is not a non-negative number (an HTTP date, ``"-1"``,
   ``"soon"``, ``"nan"``) is ignored: use the backoff.
6. The retried request is the same request: same method, URL, headers (including the
   idempotency key) and body, and nothing added.
7. Wait only with the injected ``await sleep(seconds)`` and draw randomness only with the
   injected ``random()``: never ``asyncio.sleep`` or the ``random`` module directly.

Example::

    async with httpx.AsyncClient(base_url="https://api.example.com") as http:
        api = ResilientClient(http, RetryPolicy(max_attempts=4, base_delay=0.2))
        response = await api.request("GET", "/orders/42")          # retried on 503
        await api.request("POST", "/orders", json=order)             # never retried
        await api.request("POST", "/payments", json=payment,
                          headers={"Idempotency-Key": payment_id})    # retried

Where to start: a ``while True`` loop with an attempt counter; ``try`` the request, decide
"return / raise" or "compute a delay", then ``await sleep(delay)``. ``httpx.Headers(headers)``
gives case-insensitive header lookups.
"""

import asyncio
import random as random_module
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

import httpx

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})


@dataclass(frozen=True)
class RetryPolicy:
    """How many attempts, and how long to wait between them (given: do not change it)."""

    max_attempts: int = 3
    base_delay: float = 0.1
    max_delay: float = 5.0
    retry_statuses: frozenset[int] = field(default=frozenset({429, 502, 503, 504}))


class ResilientClient:
    """Retries safe requests on retryable failures, with capped exponential backoff."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        policy: RetryPolicy | None = None,
        *,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        random: Callable[[], float] = random_module.random,
    ) -> None:
        raise NotImplementedError

    async def request(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        json: object = None,
        content: bytes | None = None,
    ) -> httpx.Response:
        """Send the request, retrying it as the rules allow; return the final response."""
        raise NotImplementedError

"""Ignores the Retry-After header and always uses the computed backoff.

The server said when it will be ready; retrying earlier wastes the attempt (and under a
429 may extend the penalty), and a very long Retry-After is not respected either.

Caught by: test_retry_after_is_honoured, test_retry_after_beyond_max_delay_gives_up
"""

import asyncio
import random as random_module
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

import httpx

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 3
    base_delay: float = 0.1
    max_delay: float = 5.0
    retry_statuses: frozenset[int] = field(default=frozenset({429, 502, 503, 504}))


class ResilientClient:
    def __init__(
        self,
        client: httpx.AsyncClient,
        policy: RetryPolicy | None = None,
        *,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        random: Callable[[], float] = random_module.random,
    ) -> None:
        self._client = client
        self._policy = policy or RetryPolicy()
        self._sleep = sleep
        self._random = random

    async def request(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        json: object = None,
        content: bytes | None = None,
    ) -> httpx.Response:
        policy = self._policy
        request_headers = httpx.Headers(headers)
        retryable = method.upper() in IDEMPOTENT_METHODS or "Idempotency-Key" in request_headers
        attempt = 1
        while True:
            try:
                response = await self._client.request(
                    method, url, headers=request_headers, json=json, content=content
                )
            except httpx.TransportError:
                if not retryable or attempt >= policy.max_attempts:
                    raise
                delay = self._backoff(attempt)
            else:
                if (
                    response.status_code not in policy.retry_statuses
                    or not retryable
                    or attempt >= policy.max_attempts
                ):
                    return response
                delay = self._backoff(attempt)
            await self._sleep(delay)
            attempt += 1

    def _backoff(self, attempt: int) -> float:
        """Full jitter: a random delay up to the capped exponential step."""
        ceiling = min(self._policy.max_delay, self._policy.base_delay * 2.0 ** (attempt - 1))
        return self._random() * ceiling


def _seconds(value: str | None) -> float | None:
    """The delay-seconds form of Retry-After, or None when absent or not a number."""
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        return None
    return seconds if seconds >= 0 else None

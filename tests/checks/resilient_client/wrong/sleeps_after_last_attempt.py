"""Sleeps after every failure, also after the last attempt, before giving up.

The caller waits one more backoff period for nothing: no request follows that sleep.

Caught by: test_gives_up_after_max_attempts, test_last_transport_error_is_raised
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
        last_error: httpx.TransportError | None = None
        response: httpx.Response | None = None
        for attempt in range(1, policy.max_attempts + 1):
            try:
                response = await self._client.request(
                    method, url, headers=request_headers, json=json, content=content
                )
                last_error = None
            except httpx.TransportError as error:
                if not retryable:
                    raise
                last_error = error
                await self._sleep(self._backoff(attempt))
                continue
            if response.status_code not in policy.retry_statuses or not retryable:
                return response
            retry_after = _seconds(response.headers.get("Retry-After"))
            if retry_after is not None and retry_after > policy.max_delay:
                return response
            await self._sleep(self._backoff(attempt) if retry_after is None else retry_after)
        if last_error is not None:
            raise last_error
        assert response is not None
        return response

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

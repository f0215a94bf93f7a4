"""Refills without a cap: tokens saved up while idle grow beyond ``capacity``.

After a quiet minute the bucket holds ``60 * rate`` tokens and lets them all through at
once: exactly the burst the limiter exists to prevent.

Caught by: test_idle_time_refills_only_up_to_capacity
"""

import asyncio
import time
from collections.abc import Awaitable, Callable


class TokenBucket:
    def __init__(
        self,
        rate: float,
        capacity: int,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if rate <= 0 or capacity < 1:
            raise ValueError(f"rate must be > 0 and capacity >= 1, got {rate}, {capacity}")
        self._rate = rate
        self._capacity = capacity
        self._clock = clock
        self._sleep = sleep
        self._tokens = float(capacity)  # starts full
        self._updated = clock()
        self._turn = asyncio.Lock()  # waiters queue here, first come first served

    def _refill(self) -> None:
        now = self._clock()
        elapsed = now - self._updated
        self._tokens = self._tokens + elapsed * self._rate
        self._updated = now

    async def acquire(self) -> None:
        async with self._turn:  # only the head of the queue looks at the tokens
            self._refill()
            while self._tokens < 1:
                await self._sleep((1 - self._tokens) / self._rate)
                self._refill()
            self._tokens -= 1

    async def __aenter__(self) -> None:
        await self.acquire()

    async def __aexit__(self, *exc_info: object) -> None:
        return None  # a spent token is not given back: it refills with time

"""Every waiter sleeps and retries on its own: no queue, so a newcomer can jump ahead.

A caller arriving just as a token becomes due takes it, and the caller that has been
waiting goes back to sleep: under load some callers starve.

Caught by: test_waiters_are_served_first_come_first_served
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
        self._tokens = min(self._capacity, self._tokens + elapsed * self._rate)
        self._updated = now

    async def acquire(self) -> None:
        self._refill()
        while self._tokens < 1:
            await self._sleep((1 - self._tokens) / self._rate)
            self._refill()
        self._tokens -= 1

    async def __aenter__(self) -> None:
        await self.acquire()

    async def __aexit__(self, *exc_info: object) -> None:
        return None  # a spent token is not given back: it refills with time

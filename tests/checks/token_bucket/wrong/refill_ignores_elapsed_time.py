"""Refills the bucket to full after one ``1 / rate`` wait, whatever time really passed.

The refill is not proportional to the elapsed time: every wait hands out a whole new burst,
so the long-run rate is ``capacity`` times too high.

Caught by: test_never_more_than_capacity_plus_rate_times_t, test_burst_then_refill_rate
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
        async with self._turn:  # only the head of the queue looks at the tokens
            if self._tokens < 1:
                await self._sleep(1 / self._rate)
                self._tokens = float(self._capacity)
            self._tokens -= 1

    async def __aenter__(self) -> None:
        await self.acquire()

    async def __aexit__(self, *exc_info: object) -> None:
        return None  # a spent token is not given back: it refills with time

"""Reference solution: token_bucket."""

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
        if not rate > 0 or capacity < 1:  # `not >` also refuses NaN
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
            self._refill()
            if self._tokens < 1:
                await self._sleep((1 - self._tokens) / self._rate)
                self._refill()
                # The token is due now; float rounding may leave 0.999…, and checking again
                # could sleep for ever-smaller delays.
                self._tokens = max(self._tokens, 1.0)
            self._tokens -= 1

    async def __aenter__(self) -> None:
        await self.acquire()

    async def __aexit__(self, *exc_info: object) -> None:
        return None  # a spent token is not given back: it refills with time

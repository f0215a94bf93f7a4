"""Token bucket: an async rate limiter with an injectable clock.

An upstream API allows 10 requests per second with bursts of up to 20. A token bucket
models exactly that: the bucket holds at most ``capacity`` tokens and refills continuously
at ``rate`` tokens per second; every request takes one token and waits when the bucket is
empty. Over any stretch of ``t`` seconds at most ``capacity + rate * t`` requests get through:
a burst of ``capacity``, then the refill rate.

Your task: write ``TokenBucket``.

``TokenBucket(rate, capacity, *, clock=time.monotonic, sleep=asyncio.sleep)``
    ``rate`` (tokens per second) must be > 0 and ``capacity`` >= 1, else ``ValueError``.
    The bucket starts full. ``clock()`` returns the current time in seconds, ``await
    sleep(seconds)`` waits: use *only* these two for time, so that the checks can run the
    bucket on a fake clock in microseconds.

``await bucket.acquire()`` / ``async with bucket:``
    Take one token, waiting (with ``sleep``) until one is available. Leaving the ``async
    with`` block gives nothing back: tokens come back only with time, unlike a semaphore.

Rules
1. Tokens accumulate while nobody asks, but never above ``capacity``.
2. The refill is continuous: after ``x`` seconds, ``x * rate`` tokens (fractions included)
   were added, counted from the last time you looked.
3. Waiting callers are served first come, first served: a caller that arrives while others
   are waiting never gets a token before them, even if it arrives exactly when a token
   becomes available.
4. No busy waiting: when the bucket is empty, sleep until the next token is due.

Example::

    bucket = TokenBucket(rate=2, capacity=3)
    # at t=0: three requests pass at once (the burst), the 4th waits until t=0.5,
    # the 5th until t=1.0, ...
    async with bucket:
        await call_the_api()

Where to start: keep ``tokens`` (a float) and the clock time you last refilled. A refill adds
``elapsed * rate`` and caps at ``capacity``. To wait for a token, sleep ``(1 - tokens) /
rate`` and refill again. For rule 3, make sure only one caller at a time (the one at the
head of the queue) looks at the tokens: which asyncio primitive queues waiters fairly?
"""

import asyncio
import time
from collections.abc import Awaitable, Callable


class TokenBucket:
    """At most ``capacity`` tokens, refilled at ``rate`` per second; one token per request."""

    def __init__(
        self,
        rate: float,
        capacity: int,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        raise NotImplementedError

    async def acquire(self) -> None:
        """Take one token, waiting until one is available."""
        raise NotImplementedError

    async def __aenter__(self) -> None:
        raise NotImplementedError

    async def __aexit__(self, *exc_info: object) -> None:
        raise NotImplementedError

"""Token bucket: an async rate limiter with an injectable clock.

An upstream API allows 10 requests per second with bursts of up to 20. A token bucket
models exactly that: the bucket holds at most ``capacity`` tokens and refills continuously
at ``rate`` tokens per second; every request takes one token and waits when the bucket is
empty. Over any stretch of ``t`` seconds at most ``capacity + rate * t`` requests get through:
a burst of ``capacity``, then the refill rate.

Your task: write ``TokenBucket``.

``TokenBucket(rate, capacity, *, clock=time.monotonic, sleep=asyncio.sleep)``
    ``clock()`` returns the current time in seconds, ``await sleep(seconds)`` waits. They are
    injectable so that the checks can run the bucket on a fake clock in microseconds.

``await bucket.acquire()`` / ``async with bucket:``
    Take one token, waiting until one is available.

Rules
-----
1. ``rate`` (tokens per second) must be > 0 (NaN is not) and ``capacity`` >= 1, else
   ``ValueError``. The bucket starts full: ``capacity`` callers pass at once.
2. Tokens accumulate while nobody asks, but never above ``capacity``.
3. The refill is continuous: after ``x`` seconds, ``x * rate`` tokens (fractions included)
   were added, counted from the last time you looked. So every caller gets its token at the
   earliest moment these rules allow, never later.
4. ``acquire()`` and entering ``async with bucket:`` take one token each. Leaving the
   ``async with`` block gives nothing back: tokens come back only with time, unlike a
   semaphore.
5. Waiting callers are served first come, first served: a caller that arrives while others
   are waiting never gets a token before them, even if it arrives exactly when a token
   becomes available.
6. No busy waiting or polling: while the bucket is empty, a waiting caller sleeps until its
   token is due, once, instead of checking again and again (the checks count the calls to
   ``sleep``).
7. Time is read only with ``clock()`` and waited for only with ``await sleep(seconds)``.
8. A waiting caller that is cancelled takes no token and gives up its place: the callers
   behind it are served as if it had never come (the next one gets a token as soon as the
   cancelled one would have). This holds for any waiting caller, first in line or not, and
   when several are cancelled; the cancellation propagates (``acquire`` raises
   ``CancelledError``).

Example::

    bucket = TokenBucket(rate=2, capacity=3)
    # at t=0: three requests pass at once (the burst), the 4th waits until t=0.5,
    # the 5th until t=1.0, ...
    async with bucket:
        await call_the_api()

Where to start: keep ``tokens`` (a float) and the clock time you last refilled. A refill adds
``elapsed * rate`` and caps at ``capacity``. To wait for a token, sleep ``(1 - tokens) /
rate`` once, refill again and take the token after the wait: it is due then (do not loop back
to check: float rounding can leave 0.999… tokens and send you to sleep again and again). For
rules 5 and 8, make sure only one caller at a time (the one at the head of the queue) looks at
the tokens: which asyncio primitive queues waiters fairly, and lets the next one in when one is
cancelled?
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

"""Hidden pytest checks for the token_bucket kata.

The bucket runs on virtual time: ``VirtualTime.sleep`` registers a wake-up and waits; time
only moves when every task is waiting, and then jumps to the earliest wake-up. So no check
really sleeps, and the clock a task reads is exactly the time it was woken up at.
Rates and arrival times are powers of two (and multiples of 1/8) so float arithmetic is exact.
"""

import asyncio
import heapq
import itertools
import time
from collections.abc import Coroutine
from typing import Any, TypeVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from katas.token_bucket import TokenBucket

T = TypeVar("T")
SETTLE_TICKS = 20  # loop iterations that let every woken task finish its step
MAX_WAKEUPS = 5_000


class VirtualTime:
    """A fake clock and sleep: time jumps forward only when every task is waiting."""

    def __init__(self) -> None:
        self.now = 0.0
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    def clock(self) -> float:
        return self.now

    async def sleep(self, delay: float) -> None:
        future = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.now + max(0.0, delay), next(self._order), future))
        await future

    async def run(self, main: Coroutine[Any, Any, T]) -> T:
        task = asyncio.ensure_future(main)
        try:
            for _ in range(MAX_WAKEUPS):
                for _ in range(SETTLE_TICKS):
                    await asyncio.sleep(0)
                if task.done():
                    return task.result()
                while self._sleepers and self._sleepers[0][2].done():
                    heapq.heappop(self._sleepers)  # its sleeper was cancelled
                if not self._sleepers:
                    pytest.fail(
                        "every task is waiting but nobody sleeps through the injected `sleep`: "
                        "a waiter was never woken up (or a real asyncio.sleep was used)"
                    )
                when, _, future = heapq.heappop(self._sleepers)
                self.now = max(self.now, when)
                future.set_result(None)
            pytest.fail(
                f"more than {MAX_WAKEUPS} sleeps without finishing: is the bucket busy-waiting?"
            )
        finally:
            if not task.done():
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)


def run_virtual(scenario: Any) -> Any:
    """Run ``scenario(vt)`` on a fresh event loop and virtual clock."""
    vt = VirtualTime()
    return asyncio.run(vt.run(scenario(vt)))


@settings(max_examples=60)
@given(
    rate=st.sampled_from([0.5, 1.0, 2.0, 4.0]),
    capacity=st.integers(min_value=1, max_value=4),
    arrivals=st.lists(
        st.integers(min_value=0, max_value=80).map(lambda eighths: eighths / 8),
        min_size=1,
        max_size=16,
    ),
)
def test_never_more_than_capacity_plus_rate_times_t(
    rate: float, capacity: int, arrivals: list[float]
) -> None:
    """in any window of t seconds at most capacity + rate * t requests get through"""
    grants: list[float] = []

    async def scenario(vt: VirtualTime) -> None:
        bucket = TokenBucket(rate, capacity, clock=vt.clock, sleep=vt.sleep)

        async def request(at: float) -> None:
            await vt.sleep(at)
            async with bucket:
                grants.append(vt.now)

        await asyncio.gather(*(request(at) for at in arrivals))

    run_virtual(scenario)
    assert len(grants) == len(arrivals), (
        f"expected all {len(arrivals)} requests to get through, {len(grants)} did"
    )
    grants.sort()
    for first in range(len(grants)):
        for last in range(first, len(grants)):
            window = grants[last] - grants[first]
            passed = last - first + 1
            assert passed <= capacity + rate * window, (
                f"with capacity={capacity}, rate={rate}/s: {passed} requests got through "
                f"between t={grants[first]} and t={grants[last]}, at most "
                f"{capacity + rate * window:g} may (requests arrived at {sorted(arrivals)}, "
                f"got through at {grants})"
            )


def test_burst_then_refill_rate() -> None:
    """a burst of `capacity` passes at once, then one request per 1/rate seconds"""

    async def scenario(vt: VirtualTime) -> list[float]:
        bucket = TokenBucket(2.0, 3, clock=vt.clock, sleep=vt.sleep)
        times: list[float] = []

        async def request() -> None:
            await bucket.acquire()
            times.append(vt.now)

        await asyncio.gather(*(request() for _ in range(9)))
        return sorted(times)

    times = run_virtual(scenario)
    expected = [0.0, 0.0, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0]
    assert times == pytest.approx(expected, abs=1e-3), (
        f"rate=2/s, capacity=3, 9 requests at t=0: expected them to get through at "
        f"{expected}, they did at {times}"
    )


def test_idle_time_refills_only_up_to_capacity() -> None:
    """tokens saved up while idle never exceed `capacity`"""

    async def scenario(vt: VirtualTime) -> list[float]:
        bucket = TokenBucket(1.0, 2, clock=vt.clock, sleep=vt.sleep)
        times: list[float] = []

        async def request(at: float) -> None:
            await vt.sleep(at)
            async with bucket:
                times.append(vt.now)

        await asyncio.gather(*(request(at) for at in (0, 0, 10, 10, 10, 10)))
        return sorted(times)

    times = run_virtual(scenario)
    expected = [0.0, 0.0, 10.0, 10.0, 11.0, 12.0]
    assert times == pytest.approx(expected, abs=1e-3), (
        f"rate=1/s, capacity=2, 2 requests at t=0 and 4 at t=10: expected them to get "
        f"through at {expected} (10 idle seconds refill only 2 tokens), they did at {times}"
    )


def test_waiters_are_served_first_come_first_served() -> None:
    """a caller already waiting is served before a newcomer"""

    async def scenario(vt: VirtualTime) -> list[tuple[str, float]]:
        bucket = TokenBucket(1.0, 1, clock=vt.clock, sleep=vt.sleep)
        served: list[tuple[str, float]] = []

        async def caller(name: str, at: float) -> None:
            if at:
                await vt.sleep(at)
            async with bucket:
                served.append((name, vt.now))

        # C decides now to arrive at t=1, exactly when the next token is due.
        newcomer = asyncio.ensure_future(caller("C", 1.0))
        await vt.sleep(0)  # (a virtual yield: C registers its wake-up first)
        await bucket.acquire()  # A takes the only token at t=0
        first = asyncio.ensure_future(caller("B", 0))  # B starts waiting at t=0 ...
        await vt.sleep(0)
        second = asyncio.ensure_future(caller("D", 0))  # ... and D right behind B
        await asyncio.gather(newcomer, first, second)
        return served

    served = run_virtual(scenario)
    order = [name for name, _ in served]
    assert order == ["B", "D", "C"], (
        "rate=1/s, capacity=1: A took the token at t=0, B then D started waiting at t=0, C "
        f"arrived at t=1. Expected the order B, D, C (first come, first served), got "
        f"{served} (as (caller, time))"
    )


def test_works_with_the_real_clock() -> None:
    """with the default clock and sleep, the request after the burst really waits"""
    rate = 20.0

    async def scenario() -> float:
        bucket = TokenBucket(rate, 2)
        start = time.monotonic()
        async with asyncio.timeout(5.0):
            for _ in range(3):
                await bucket.acquire()
        return time.monotonic() - start

    waited = asyncio.run(scenario())
    assert waited >= 0.9 / rate, (
        f"rate={rate:g}/s, capacity=2: expected the 3rd request to wait about {1 / rate:g}s "
        f"for a token, the three took {waited:.4f}s"
    )


@pytest.mark.parametrize(("rate", "capacity"), [(0, 1), (-1.0, 1), (1.0, 0)])
def test_rejects_invalid_settings(rate: float, capacity: int) -> None:
    """rate <= 0 or capacity < 1 raise ValueError"""
    with pytest.raises(ValueError):  # noqa: PT011 - any message will do
        TokenBucket(rate, capacity)

"""Hidden pytest checks for the token_bucket kata.

The bucket runs on virtual time: ``VirtualTime.sleep`` (the sleep injected into the bucket)
registers a wake-up and waits; time only moves when every task is waiting, and then jumps to
the earliest wake-up, waking every sleeper due at that moment together (as a real event loop
does). So no check really sleeps, and the clock a task reads is exactly the time it was woken
up at. The checks' own waits use ``VirtualTime.pause``, so the calls to ``sleep`` counted are
the bucket's. Rates and arrival times are powers of two (and multiples of 1/8) so float
arithmetic is exact, except in test_no_busy_waiting: there a rate of 3/s is used on purpose
(its refills round to 0.999… of a token) and times are compared with a tolerance.
"""

import asyncio
import heapq
import itertools
import sys
import time
from collections.abc import Callable, Coroutine
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
        self.sleeps: list[float] = []  # the delays the bucket asked for
        self.late_by: list[float] = []  # how late the bucket's next sleeps wake up (if set)
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    def clock(self) -> float:
        return self.now

    async def sleep(self, delay: float) -> None:
        """The sleep injected into the bucket: counted."""
        self.sleeps.append(delay)
        late = self.late_by.pop(0) if self.late_by else 0.0
        await self.pause(delay + late)

    async def pause(self, delay: float) -> None:
        """The checks' own waits: not counted."""
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
                self.now = max(self.now, self._sleepers[0][0])
                while self._sleepers and self._sleepers[0][0] <= self.now:
                    _, _, future = heapq.heappop(self._sleepers)
                    if not future.done():
                        future.set_result(None)
            pytest.fail(
                f"more than {MAX_WAKEUPS} sleeps without finishing: is the bucket busy-waiting?"
            )
        finally:
            if not task.done():
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)


def run_virtual(scenario: Callable[[VirtualTime], Coroutine[Any, Any, T]]) -> tuple[T, VirtualTime]:
    """Run ``scenario(vt)`` on a fresh event loop and virtual clock."""
    vt = VirtualTime()
    return asyncio.run(vt.run(scenario(vt))), vt


def ideal_grants(rate: float, capacity: int, arrivals: list[float]) -> list[float]:
    """When each request gets its token, served in arrival order, each as early as possible."""
    tokens, looked, now = float(capacity), 0.0, 0.0
    grants = []
    for arrival in sorted(arrivals):
        now = max(now, arrival)
        tokens, looked = min(capacity, tokens + (now - looked) * rate), now
        if tokens < 1:
            now += (1 - tokens) / rate
            tokens, looked = 1.0, now
        tokens -= 1
        grants.append(now)
    return grants


def bucket_for(vt: VirtualTime, rate: float, capacity: int) -> TokenBucket:
    return TokenBucket(rate, capacity, clock=vt.clock, sleep=vt.sleep)


# Rule 1 ----------------------------------------------------------------------------------


@pytest.mark.rule(1)
@pytest.mark.parametrize(
    ("rate", "capacity"), [(0, 1), (-1.0, 1), (float("nan"), 1), (1.0, 0), (2.0, -3)]
)
def test_rejects_invalid_settings(rate: float, capacity: int) -> None:
    """rate not > 0 (NaN included) or capacity < 1 raise ValueError"""
    with pytest.raises(ValueError):  # noqa: PT011 - any message will do
        TokenBucket(rate, capacity)


@pytest.mark.rule(1)
@pytest.mark.parametrize("created_at", [0.0, 7.5])
def test_starts_full(created_at: float) -> None:
    """`capacity` requests pass at once, whenever the bucket was created"""

    async def scenario(vt: VirtualTime) -> list[float]:
        await vt.pause(created_at)
        bucket = bucket_for(vt, 1.0, 4)
        times: list[float] = []
        for _ in range(5):
            await bucket.acquire()
            times.append(vt.now)
        return times

    times, _ = run_virtual(scenario)
    expected = [created_at] * 4 + [created_at + 1.0]
    assert times == pytest.approx(expected), (
        f"rate=1/s, capacity=4, bucket created at t={created_at}, 5 requests at once: "
        f"expected them to get through at {expected}, they did at {times}"
    )


# Rules 2 and 3 ---------------------------------------------------------------------------


@pytest.mark.rule(2)
def test_idle_time_refills_only_up_to_capacity() -> None:
    """tokens saved up while idle never exceed `capacity`"""

    async def scenario(vt: VirtualTime) -> list[float]:
        bucket = bucket_for(vt, 1.0, 2)
        times: list[float] = []

        async def request(at: float) -> None:
            await vt.pause(at)
            async with bucket:
                times.append(vt.now)

        await asyncio.gather(*(request(at) for at in (0, 0, 10, 10, 10, 10)))
        return sorted(times)

    times, _ = run_virtual(scenario)
    expected = [0.0, 0.0, 10.0, 10.0, 11.0, 12.0]
    assert times == pytest.approx(expected, abs=1e-9), (
        f"rate=1/s, capacity=2, 2 requests at t=0 and 4 at t=10: expected them to get "
        f"through at {expected} (10 idle seconds refill only 2 tokens), they did at {times}"
    )


# Powers of two keep the arithmetic exact (other rates are used in test_no_busy_waiting);
# at 1024/s a wait is no whole number of milliseconds.
RATES = st.sampled_from([0.0625, 0.5, 1.0, 2.0, 4.0, 1024.0])


@settings(max_examples=80)
@given(
    rate=RATES,
    capacity=st.integers(min_value=1, max_value=4),
    arrivals=st.lists(
        st.integers(min_value=0, max_value=80).map(lambda eighths: eighths / 8),
        min_size=1,
        max_size=16,
    ),
)
@pytest.mark.rule(2, 3)
def test_every_request_gets_through_as_early_as_allowed(
    rate: float, capacity: int, arrivals: list[float]
) -> None:
    """each request gets its token exactly when the bucket allows: never earlier, never later"""
    grants: list[float] = []

    async def scenario(vt: VirtualTime) -> None:
        bucket = bucket_for(vt, rate, capacity)

        async def request(at: float) -> None:
            await vt.pause(at)
            async with bucket:
                grants.append(vt.now)

        await asyncio.gather(*(request(at) for at in arrivals))

    run_virtual(scenario)
    expected = ideal_grants(rate, capacity, arrivals)
    assert sorted(grants) == pytest.approx(expected, abs=1e-9), (
        f"with capacity={capacity}, rate={rate}/s and requests arriving at "
        f"{sorted(arrivals)}: expected them to get through at {expected}, they did at "
        f"{sorted(grants)}"
    )


@pytest.mark.rule(3)
def test_burst_then_refill_rate() -> None:
    """a burst of `capacity` passes at once, then one request per 1/rate seconds"""

    async def scenario(vt: VirtualTime) -> list[float]:
        bucket = bucket_for(vt, 2.0, 3)
        times: list[float] = []

        async def request() -> None:
            await bucket.acquire()
            times.append(vt.now)

        await asyncio.gather(*(request() for _ in range(9)))
        return sorted(times)

    times, _ = run_virtual(scenario)
    expected = [0.0, 0.0, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0]
    assert times == pytest.approx(expected, abs=1e-9), (
        f"rate=2/s, capacity=3, 9 requests at t=0: expected them to get through at "
        f"{expected}, they did at {times}"
    )


@pytest.mark.rule(3)
def test_fractions_of_a_token_count() -> None:
    """a fraction of a token refilled before a caller arrives shortens its wait"""

    async def scenario(vt: VirtualTime) -> list[float]:
        bucket = bucket_for(vt, 2.0, 1)
        times: list[float] = []

        async def request(at: float) -> None:
            await vt.pause(at)
            await bucket.acquire()
            times.append(vt.now)

        await asyncio.gather(*(request(at) for at in (0.0, 0.25, 0.875, 1.125)))
        return sorted(times)

    times, _ = run_virtual(scenario)
    expected = [0.0, 0.5, 1.0, 1.5]
    assert times == pytest.approx(expected, abs=1e-9), (
        f"rate=2/s, capacity=1, requests at t=0, 0.25, 0.875 and 1.125: expected them to "
        f"get through at {expected} (half a token refilled at t=0.25 halves the wait), they "
        f"did at {times}"
    )


@pytest.mark.rule(3)
def test_a_late_wake_up_delays_nobody_else() -> None:
    """a sleep that wakes up late does not push back the tokens due after it"""

    async def scenario(vt: VirtualTime) -> list[float]:
        vt.late_by = [0.5]  # the bucket's first sleep wakes up 0.5 s late, the others on time
        bucket = bucket_for(vt, 1.0, 2)
        times: list[float] = []

        async def request() -> None:
            await bucket.acquire()
            times.append(vt.now)

        await asyncio.gather(*(request() for _ in range(5)))
        return sorted(times)

    times, _ = run_virtual(scenario)
    expected = [0.0, 0.0, 1.5, 2.0, 3.0]
    assert times == pytest.approx(expected, abs=1e-9), (
        f"rate=1/s, capacity=2, 5 requests at t=0, and the first sleep (due at t=1) woke up "
        f"late, at t=1.5: expected them to get through at {expected} (the half token refilled "
        f"while that sleep overran counts), they did at {times}"
    )


# Rule 4 ----------------------------------------------------------------------------------


@pytest.mark.rule(4)
def test_leaving_async_with_gives_nothing_back() -> None:
    """entering takes a token, leaving does not return it"""

    async def scenario(vt: VirtualTime) -> list[float]:
        bucket = bucket_for(vt, 1.0, 2)
        times: list[float] = []
        for _ in range(3):
            async with bucket as entered:
                assert entered is None, f"expected `async with bucket` to give None, got {entered}"
                times.append(vt.now)
        await bucket.acquire()
        times.append(vt.now)
        return times

    times, _ = run_virtual(scenario)
    expected = [0.0, 0.0, 1.0, 2.0]
    assert times == pytest.approx(expected, abs=1e-9), (
        f"rate=1/s, capacity=2, three `async with bucket:` blocks then an acquire(), one "
        f"after the other at t=0: expected them to get through at {expected} (leaving the "
        f"block gives no token back), they did at {times}"
    )


class RequestFailedError(Exception):
    """The failure raised inside `async with bucket:`."""


@pytest.mark.rule(4)
def test_a_failed_block_gives_nothing_back() -> None:
    """leaving the `async with` block with an exception gives no token back either"""

    async def scenario(vt: VirtualTime) -> tuple[list[float], bool]:
        bucket = bucket_for(vt, 1.0, 1)
        times: list[float] = []
        propagated = False
        try:
            async with bucket:
                times.append(vt.now)
                raise RequestFailedError
        except RequestFailedError:
            propagated = True
        for _ in range(2):
            await bucket.acquire()
            times.append(vt.now)
        return times, propagated

    (times, propagated), _ = run_virtual(scenario)
    assert propagated, "expected the exception raised inside `async with bucket:` to propagate"
    expected = [0.0, 1.0, 2.0]
    assert times == pytest.approx(expected, abs=1e-9), (
        f"rate=1/s, capacity=1, at t=0 an `async with bucket:` block that raised, then two "
        f"acquire(): expected them to get through at {expected} (the failed block spent its "
        f"token too), they did at {times}"
    )


# Rule 5 ----------------------------------------------------------------------------------


@pytest.mark.rule(5)
def test_waiters_are_served_first_come_first_served() -> None:
    """a caller already waiting is served before a newcomer"""

    async def scenario(vt: VirtualTime) -> list[tuple[str, float]]:
        bucket = bucket_for(vt, 1.0, 1)
        served: list[tuple[str, float]] = []

        async def caller(name: str, at: float) -> None:
            if at:
                await vt.pause(at)
            async with bucket:
                served.append((name, vt.now))

        # C decides now to arrive at t=1, exactly when the next token is due; it is woken
        # up at t=1 before the bucket's own sleeper.
        newcomer = asyncio.ensure_future(caller("C", 1.0))
        await vt.pause(0)  # (a virtual yield: C registers its wake-up first)
        await bucket.acquire()  # A takes the only token at t=0
        first = asyncio.ensure_future(caller("B", 0))  # B starts waiting at t=0 ...
        await vt.pause(0)
        second = asyncio.ensure_future(caller("D", 0))  # ... and D right behind B
        await asyncio.gather(newcomer, first, second)
        return served

    served, _ = run_virtual(scenario)
    order = [name for name, _ in served]
    assert order == ["B", "D", "C"], (
        "rate=1/s, capacity=1: A took the token at t=0, B then D started waiting at t=0, C "
        f"arrived at t=1. Expected the order B, D, C (first come, first served), got "
        f"{served} (as (caller, time))"
    )


@pytest.mark.rule(5)
def test_a_newcomer_does_not_pass_a_waiter_as_the_head_leaves() -> None:
    """a caller arriving just as the head of the queue gets its token waits behind the others"""

    async def scenario(vt: VirtualTime) -> list[tuple[str, float]]:
        vt.late_by = [1.5]  # B's sleep (due at t=1) wakes up at t=2.5: 2 tokens are due then
        bucket = bucket_for(vt, 1.0, 2)
        served: list[tuple[str, float]] = []

        async def caller(name: str, at: float) -> None:
            if at:
                await vt.pause(at)
            async with bucket:
                served.append((name, vt.now))

        await bucket.acquire()  # A takes both tokens at t=0
        await bucket.acquire()
        waiting = [asyncio.ensure_future(caller(name, 0)) for name in "BD"]
        await vt.pause(0)  # B sleeps, D waits behind it
        # C arrives at t=2.5, woken up right after B: as B leaves with its token, D is next
        newcomer = asyncio.ensure_future(caller("C", 2.5))
        await asyncio.gather(*waiting, newcomer)
        return served

    served, _ = run_virtual(scenario)
    expected = [("B", 2.5), ("D", 2.5), ("C", 3.5)]
    assert [name for name, _ in served] == ["B", "D", "C"], (
        "rate=1/s, capacity=2: A took both tokens at t=0, B then D started waiting; B's sleep "
        "woke up late, at t=2.5, and C arrived at t=2.5, just after B got its token. Expected "
        f"{expected} (D waited first: it gets the second token), got {served} (as (caller, "
        "time))"
    )
    assert served == [(name, pytest.approx(at, abs=1e-9)) for name, at in expected], (
        f"expected {expected}, got {served} (as (caller, time))"
    )


# Rule 6 ----------------------------------------------------------------------------------


@pytest.mark.rule(6)
@pytest.mark.parametrize(
    ("rate", "capacity", "requests"),
    # at 3/s, the refill after a sleep of 1/3 s leaves 0.999… of a token: the token is due
    # all the same, a caller that checks again sleeps again
    [(1.0, 1, 5), (4.0, 2, 8), (0.5, 3, 6), (3.0, 1, 8)],
)
def test_no_busy_waiting(rate: float, capacity: int, requests: int) -> None:
    """a waiting caller sleeps once, until its token is due"""

    async def scenario(vt: VirtualTime) -> list[float]:
        bucket = bucket_for(vt, rate, capacity)
        times: list[float] = []

        async def request() -> None:
            await bucket.acquire()
            times.append(vt.now)

        await asyncio.gather(*(request() for _ in range(requests)))
        return sorted(times)

    times, vt = run_virtual(scenario)
    waiting = requests - capacity
    assert len(vt.sleeps) <= waiting, (
        f"rate={rate:g}/s, capacity={capacity}, {requests} requests at t=0: {waiting} of them "
        f"wait for a token, one sleep each, but the bucket called sleep {len(vt.sleeps)} "
        f"times ({vt.sleeps[:12]}...): it polls instead of sleeping until the token is due"
    )
    expected = ideal_grants(rate, capacity, [0.0] * requests)
    assert times == pytest.approx(expected, abs=1e-9), (
        f"expected the requests to get through at {expected}, they did at {times}"
    )


# Rule 7 ----------------------------------------------------------------------------------


@pytest.mark.rule(7)
def test_uses_only_the_injected_clock_and_sleep() -> None:
    """time is read from the injected clock and waited for with the injected sleep"""

    async def scenario(vt: VirtualTime) -> list[float]:
        await vt.pause(1000.0)  # far from what time.monotonic() says
        bucket = bucket_for(vt, 4.0, 1)
        times: list[float] = []
        for _ in range(3):
            await bucket.acquire()
            times.append(vt.now)
        return times

    times, vt = run_virtual(scenario)
    assert times == pytest.approx([1000.0, 1000.25, 1000.5], abs=1e-9), (
        f"on the injected clock starting at t=1000, rate=4/s, capacity=1: expected three "
        f"requests at t=1000, 1000.25 and 1000.5, they got through at {times}"
    )
    assert vt.sleeps == pytest.approx([0.25, 0.25], abs=1e-9), (
        f"expected two waits of 0.25 s through the injected sleep, got {vt.sleeps}"
    )


@pytest.mark.rule(7)
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


REAL_CLOCKS = ("monotonic", "monotonic_ns", "time", "time_ns", "perf_counter", "perf_counter_ns")


@pytest.mark.rule(7)
def test_never_reads_the_real_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """with an injected clock, the bucket never reads time.monotonic() or time.time()"""
    reads: list[str] = []

    def spy(name: str) -> Callable[[], Any]:
        real = getattr(time, name)

        def read() -> Any:
            if sys._getframe(1).f_globals.get("__name__") == TokenBucket.__module__:
                reads.append(name)
            return real()

        return read

    for name in REAL_CLOCKS:
        monkeypatch.setattr(time, name, spy(name))

    async def scenario(vt: VirtualTime) -> list[float]:
        await vt.pause(3.0)
        bucket = bucket_for(vt, 2.0, 1)
        times: list[float] = []
        for _ in range(3):
            async with bucket:
                times.append(vt.now)
        return times

    times, _ = run_virtual(scenario)
    assert reads == [], (
        f"expected the bucket to read time only with the injected clock, it called "
        f"{', '.join(f'time.{name}()' for name in sorted(set(reads)))}"
    )
    assert times == pytest.approx([3.0, 3.5, 4.0], abs=1e-9), (
        f"on the injected clock, rate=2/s, capacity=1, bucket created at t=3: expected three "
        f"requests at t=3, 3.5 and 4, they got through at {times}"
    )


# Rule 8 ----------------------------------------------------------------------------------

CANCELLATIONS = {
    # name: [(when, caller)], expected grants of the callers that were not cancelled
    "the first in line, while it sleeps": ([(0.5, "B")], {"C": 1.0, "D": 2.0, "E": 3.0}),
    "one further back": ([(0.5, "C")], {"B": 1.0, "D": 2.0, "E": 3.0}),
    "the last in line": ([(0.5, "E")], {"B": 1.0, "C": 2.0, "D": 3.0}),
    "the first in line, twice": ([(0.5, "B"), (0.5, "B")], {"C": 1.0, "D": 2.0, "E": 3.0}),
    "two, one after the other": ([(0.25, "B"), (0.5, "C")], {"D": 1.0, "E": 2.0}),
    "the first in line, at its token's due time": ([(1.0, "B")], {"C": 1.0, "D": 2.0, "E": 3.0}),
    "the next in line, once it is first": ([(1.5, "C")], {"B": 1.0, "D": 2.0, "E": 3.0}),
}


@pytest.mark.rule(8)
@pytest.mark.parametrize("case", list(CANCELLATIONS))
def test_a_cancelled_waiter_takes_no_token(case: str) -> None:
    """a cancelled waiter gives up its place: the others are served as if it never came"""
    cancels, expected = CANCELLATIONS[case]

    async def scenario(vt: VirtualTime) -> tuple[dict[str, float], dict[str, bool]]:
        bucket = bucket_for(vt, 1.0, 1)
        served: dict[str, float] = {}
        waiters: dict[str, asyncio.Task[None]] = {}

        async def canceller(at: float, name: str) -> None:
            await vt.pause(at)
            waiters[name].cancel()

        async def caller(name: str) -> None:
            await bucket.acquire()
            served[name] = vt.now

        # The cancellers register their wake-ups first: at a tie they run first.
        cancelling = [asyncio.ensure_future(canceller(at, name)) for at, name in cancels]
        await vt.pause(0)
        await bucket.acquire()  # A takes the only token at t=0
        for name in "BCDE":
            waiters[name] = asyncio.ensure_future(caller(name))
            await vt.pause(0)  # B, C, D, E queue up in this order
        await asyncio.gather(*cancelling)
        await asyncio.gather(*waiters.values(), return_exceptions=True)
        return served, {name: task.cancelled() for name, task in waiters.items()}

    (served, cancelled), _ = run_virtual(scenario)
    names = sorted({name for _, name in cancels})
    assert [name for name in names if not cancelled[name]] == [], (
        f"expected the cancelled acquire() of {', '.join(names)} to raise CancelledError, "
        f"cancelled: {cancelled}"
    )
    assert served == pytest.approx(expected, abs=1e-9), (
        f"rate=1/s, capacity=1: A took the token at t=0, then B, C, D, E queued up, and "
        f"{case} ({', '.join(f'{n} at t={at:g}' for at, n in cancels)}) was cancelled. "
        f"Expected the others to be served at {expected}, as if the cancelled one never came; "
        f"they were served at {served}"
    )


@pytest.mark.rule(8)
def test_a_waiter_cancelled_as_its_turn_comes_passes_it_on() -> None:
    """a waiter cancelled just as its turn comes still lets the next one through"""

    async def scenario(vt: VirtualTime) -> tuple[dict[str, float], bool]:
        bucket = bucket_for(vt, 1.0, 1)
        served: dict[str, float] = {}
        waiters: dict[str, asyncio.Task[None]] = {}

        async def caller(name: str) -> None:
            await bucket.acquire()
            served[name] = vt.now
            if name == "B":
                waiters["C"].cancel()  # B got its token: at once it cancels C, next in line

        await bucket.acquire()  # A takes the only token at t=0
        for name in "BCDE":
            waiters[name] = asyncio.ensure_future(caller(name))
            await vt.pause(0)  # B, C, D, E queue up in this order
        await asyncio.gather(*waiters.values(), return_exceptions=True)
        return served, waiters["C"].cancelled()

    (served, cancelled), _ = run_virtual(scenario)
    assert cancelled, "expected the cancelled acquire() of C to raise CancelledError"
    expected = {"B": 1.0, "D": 2.0, "E": 3.0}
    assert served == pytest.approx(expected, abs=1e-9), (
        "rate=1/s, capacity=1: A took the token at t=0, then B, C, D, E queued up; B got its "
        "token at t=1 and at once cancelled C, next in line. Expected the others to be served "
        f"at {expected}, as if C never came; they were served at {served}"
    )

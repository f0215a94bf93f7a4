"""Hidden pytest checks for the bounded_gather kata.

Nothing here measures time: every awaitable takes a known number of event-loop ticks
(``await asyncio.sleep(0)``), and a probe counts what is in flight, started, finished and
cancelled.
"""

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from katas.bounded_gather import bounded_gather

GUARD_SECONDS = 5.0  # only reached by a solution that hangs; correct ones take milliseconds


class Boom(Exception):
    """The failure the checks inject."""


class Probe:
    """Builds factories whose awaitables record what runs and how it ends."""

    def __init__(self) -> None:
        self.in_flight = 0
        self.peak = 0
        self.called: list[int] = []
        self.started: list[int] = []
        self.finished: list[int] = []
        self.cancelled: list[int] = []

    def factory(
        self,
        index: int,
        *,
        ticks: int = 1,
        error: BaseException | None = None,
        forever: bool = False,
    ) -> Callable[[], Awaitable[int]]:
        def make() -> Awaitable[int]:
            self.called.append(index)
            return self._run(index, ticks, error, forever)

        return make

    async def _run(self, index: int, ticks: int, error: BaseException | None, forever: bool) -> int:
        self.started.append(index)
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        try:
            if forever:
                await asyncio.Event().wait()
            for _ in range(ticks):
                await asyncio.sleep(0)
            if error is not None:
                raise error
            return index * 10
        except asyncio.CancelledError:
            self.cancelled.append(index)
            raise
        finally:
            self.in_flight -= 1
            if index not in self.cancelled:
                self.finished.append(index)

    @property
    def running(self) -> list[int]:
        return [i for i in self.started if i not in self.finished and i not in self.cancelled]


async def settle(ticks: int = 30) -> None:
    """Let every ready task run a few steps."""
    for _ in range(ticks):
        await asyncio.sleep(0)


def retrieve(task: asyncio.Task[Any]) -> None:
    """Mark a finished task's exception as seen (no "exception was never retrieved" log)."""
    if task.done() and not task.cancelled():
        task.exception()


async def cancel_leftovers(before: set[asyncio.Task[Any]]) -> list[str]:
    """Cancel and await tasks created since ``before``; return their names (should be none)."""
    leftovers = asyncio.all_tasks() - before
    for task in leftovers:
        task.cancel()
    if leftovers:
        await asyncio.wait(leftovers, timeout=1.0)
    for task in leftovers:
        retrieve(task)
    return sorted(task.get_name() for task in leftovers)


@given(
    ticks=st.lists(st.integers(min_value=0, max_value=6), max_size=25),
    limit=st.integers(min_value=1, max_value=8),
)
def test_never_more_than_limit_in_flight(ticks: list[int], limit: int) -> None:
    """never more than `limit` in flight, and results come back in input order"""
    probe = Probe()
    factories = [probe.factory(i, ticks=t) for i, t in enumerate(ticks)]

    results = asyncio.run(bounded_gather(factories, limit=limit))

    assert probe.peak <= limit, (
        f"with limit={limit}, expected at most {limit} awaitables in flight at once, "
        f"saw {probe.peak} (ticks per item: {ticks})"
    )
    expected = [i * 10 for i in range(len(ticks))]
    assert results == expected, (
        f"expected results in input order {expected}, got {results} "
        f"(items finished in the order {probe.finished})"
    )
    assert sorted(probe.called) == list(range(len(ticks))), (
        f"expected every factory to be called exactly once, calls were {probe.called}"
    )


async def test_limit_is_reached() -> None:
    """runs exactly `limit` awaitables at the same time when there is enough work"""
    probe = Probe()
    factories = [probe.factory(i, ticks=20) for i in range(12)]

    await bounded_gather(factories, limit=4)

    assert probe.peak == 4, (
        f"expected 12 long-running items with limit=4 to reach 4 in flight at once, "
        f"the peak was {probe.peak}"
    )


async def test_next_starts_as_soon_as_a_slot_frees() -> None:
    """a slow item does not hold up the others: a freed slot is reused at once (no batches)"""
    probe = Probe()
    factories = [probe.factory(0, ticks=300)] + [probe.factory(i, ticks=1) for i in range(1, 10)]

    results = await bounded_gather(factories, limit=2)

    assert results == [i * 10 for i in range(10)], f"wrong results {results}"
    assert probe.finished[-1] == 0, (
        "expected the 9 quick items to run through the second slot while the slow item 0 "
        f"occupies the first, so item 0 finishes last; finish order was {probe.finished} "
        "(processing in batches of `limit` waits for the slowest item of each batch)"
    )


async def test_failure_cancels_the_rest() -> None:
    """the first exception is raised, and the awaitables still running are cancelled"""
    before = asyncio.all_tasks()
    probe = Probe()
    boom = Boom("item 0 failed")
    factories = [probe.factory(0, ticks=3, error=boom)]
    factories += [probe.factory(i, forever=True) for i in range(1, 10)]
    error: BaseException | None = None
    try:
        try:
            async with asyncio.timeout(GUARD_SECONDS):
                try:
                    await bounded_gather(factories, limit=3)
                except Exception as raised:
                    # Snapshot at the very moment bounded_gather raises, before the loop runs.
                    error = raised
                    running_when_raised = list(probe.running)
        except TimeoutError:
            pytest.fail(
                f"bounded_gather did not raise within {GUARD_SECONDS}s after item 0 failed: "
                "it seems to wait for items that never finish"
            )
        assert error is boom, (
            f"expected the original exception Boom('item 0 failed') to be raised as is, "
            f"got {error!r}"
        )
        assert running_when_raised == [], (
            f"expected no awaitable still running when bounded_gather raises; items "
            f"{running_when_raised} were still in flight (cancel them AND wait until they "
            "are done)"
        )
        assert {1, 2} <= set(probe.cancelled), (
            f"expected items 1 and 2 (in flight when item 0 failed) to be cancelled, "
            f"cancelled: {probe.cancelled}"
        )
        started = list(probe.started)
        await settle()
        assert probe.started == started, (
            f"expected nothing new to start after bounded_gather raised; it had started "
            f"{started}, later {probe.started}"
        )
    finally:
        leftovers = await cancel_leftovers(before)
    assert not leftovers, f"expected no task left behind after the failure, found {leftovers}"


async def test_no_task_left_after_success() -> None:
    """no task is left running after bounded_gather returns"""
    before = asyncio.all_tasks()
    probe = Probe()
    await bounded_gather([probe.factory(i, ticks=i % 4) for i in range(10)], limit=3)
    leftovers = await cancel_leftovers(before)
    assert not leftovers, f"expected no task left behind after returning, found {leftovers}"


async def test_return_exceptions_puts_errors_in_place() -> None:
    """with return_exceptions=True every item runs and errors take their item's place"""
    probe = Probe()
    bad_value = ValueError("item 1")
    bad_key = KeyError("item 3")
    factories = [
        probe.factory(0, ticks=2),
        probe.factory(1, ticks=1, error=bad_value),
        probe.factory(2, ticks=5),
        probe.factory(3, ticks=3, error=bad_key),
        probe.factory(4, ticks=1),
    ]

    results = await bounded_gather(factories, limit=2, return_exceptions=True)

    assert len(results) == 5, f"expected 5 results, got {results!r}"
    values = [results[0], results[2], results[4]]
    assert values == [0, 20, 40], f"expected values 0, 20, 40 at positions 0, 2, 4, got {results!r}"
    errors_in_place = [results[1] is bad_value, results[3] is bad_key]
    assert errors_in_place == [True, True], (
        f"expected the raised exception objects at positions 1 and 3, got {results!r}"
    )
    assert probe.cancelled == [], (
        f"expected nothing cancelled with return_exceptions=True, cancelled {probe.cancelled}"
    )
    assert probe.peak <= 2, f"expected at most 2 in flight, saw {probe.peak}"


async def test_cancelling_the_caller_cancels_everything() -> None:
    """cancelling the caller cancels every awaitable in flight and leaves no task behind"""
    before = asyncio.all_tasks()
    probe = Probe()
    factories = [probe.factory(i, forever=True) for i in range(6)]
    task = asyncio.ensure_future(bounded_gather(factories, limit=3))
    try:
        for _ in range(100):
            await asyncio.sleep(0)
            if len(probe.started) >= 3:
                break
        assert not task.done(), (
            f"expected bounded_gather to wait for items that never finish, it ended early "
            f"with {task.exception() or task.result()!r}"
        )
        assert len(probe.running) == 3, (
            f"expected 3 items in flight before cancelling, running: {probe.running}"
        )
        task.cancel()
        await asyncio.wait({task}, timeout=GUARD_SECONDS)
        assert task.done(), "expected bounded_gather to finish after being cancelled"
        assert task.cancelled(), (
            "expected the cancelled caller to end up cancelled (CancelledError must propagate), "
            f"but it ended with {task.exception() or task.result()!r}"
        )
        assert probe.running == [], (
            f"expected every in-flight item to be cancelled and finished, {probe.running} "
            "are still running"
        )
        await settle()
        assert len(probe.started) == 3, (
            f"expected nothing new to start after the cancellation, started {probe.started}"
        )
    finally:
        leftovers = await cancel_leftovers(before)
        retrieve(task)
    assert not leftovers, f"expected no task left behind after cancelling, found {leftovers}"


@pytest.mark.parametrize("limit", [0, -1])
async def test_rejects_a_limit_below_one(limit: int) -> None:
    """a limit below 1 raises ValueError"""
    with pytest.raises(ValueError):  # noqa: PT011 - any message will do
        await bounded_gather([], limit=limit)


async def test_empty_input() -> None:
    """no factories give an empty list"""
    results = await bounded_gather([], limit=3)
    assert results == [], f"expected [] for no factories, got {results!r}"

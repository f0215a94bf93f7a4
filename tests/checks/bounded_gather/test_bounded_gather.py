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
from pykata.leaks import no_leaks

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
        self.ended: list[int] = []  # awaitables that ended in any way (after any cleanup)
        self.open_calls_peak = 0  # most factory calls whose awaitable had not ended yet

    def factory(
        self,
        index: int,
        *,
        ticks: int = 1,
        error: BaseException | None = None,
        forever: bool = False,
        cleanup_ticks: int = 0,
        eager: bool = False,
    ) -> Callable[[], Awaitable[int]]:
        """A factory; `eager` ones start their work at once (they return a running Task)."""

        def make() -> Awaitable[int]:
            self.called.append(index)
            self.open_calls_peak = max(self.open_calls_peak, len(self.called) - len(self.ended))
            coroutine = self._run(index, ticks, error, forever, cleanup_ticks)
            return asyncio.ensure_future(coroutine) if eager else coroutine

        return make

    async def _run(
        self,
        index: int,
        ticks: int,
        error: BaseException | None,
        forever: bool,
        cleanup_ticks: int,
    ) -> int:
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
            # Cleaning up takes a few steps: cancel() alone does not end the awaitable.
            for _ in range(cleanup_ticks):
                await asyncio.sleep(0)
            raise
        finally:
            self.in_flight -= 1
            self.ended.append(index)
            if index not in self.cancelled:
                self.finished.append(index)

    @property
    def running(self) -> list[int]:
        return [i for i in self.started if i not in self.ended]


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


@pytest.mark.rule(1, 3)
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


@pytest.mark.rule(3)
async def test_a_factory_listed_twice_runs_twice() -> None:
    """a factory listed twice is called twice, and each place gets its own call's result"""
    made: list[object] = []

    async def fresh() -> object:
        await asyncio.sleep(0)
        made.append(token := object())
        return token

    probe = Probe()
    factories: list[Callable[[], Awaitable[object]]] = [fresh]
    factories += [probe.factory(i, ticks=i % 3) for i in range(1, 6)]
    factories.append(fresh)

    results = await bounded_gather(factories, limit=2)

    assert len(made) == 2, f"expected the factory listed twice to be called twice, got {made}"
    ends = [results[0], results[-1]]
    assert sorted(map(id, ends)) == sorted(map(id, made)), (
        "the same factory is listed first and last; expected each place to hold the result of "
        f"its own call (two different objects), got {ends!r} (the calls returned {made!r})"
    )
    assert results[1:-1] == [i * 10 for i in range(1, 6)], f"wrong results {results!r}"


@pytest.mark.rule(1)
async def test_slot_is_taken_before_the_factory_is_called() -> None:
    """a factory is only called once a slot is free: eager factories never exceed the limit"""
    probe = Probe()
    factories = [probe.factory(i, ticks=3, eager=True) for i in range(10)]

    results = await bounded_gather(factories, limit=3)

    assert results == [i * 10 for i in range(10)], f"wrong results {results}"
    assert probe.open_calls_peak <= 3, (
        f"with limit=3, {probe.open_calls_peak} factories had been called while their "
        "awaitables were unfinished: take the slot BEFORE calling the factory (a factory may "
        "start its work at once, e.g. by returning a Task)"
    )
    assert probe.peak <= 3, f"with limit=3, {probe.peak} eager awaitables ran at once"


@pytest.mark.rule(1)
async def test_limit_is_reached() -> None:
    """runs exactly `limit` awaitables at the same time when there is enough work"""
    probe = Probe()
    factories = [probe.factory(i, ticks=20) for i in range(12)]

    await bounded_gather(factories, limit=4)

    assert probe.peak == 4, (
        f"expected 12 long-running items with limit=4 to reach 4 in flight at once, "
        f"the peak was {probe.peak}"
    )


@pytest.mark.rule(2)
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


async def gather_expecting_failure(
    factories: list[Callable[[], Awaitable[int]]], probe: Probe, *, limit: int
) -> tuple[BaseException, list[int], list[int]]:
    """Run bounded_gather, which must raise; return (error, running, called) at that moment."""
    try:
        async with asyncio.timeout(GUARD_SECONDS):
            try:
                await bounded_gather(factories, limit=limit)
            except Exception as raised:
                # Snapshot at the very moment bounded_gather raises, before the loop runs.
                return raised, list(probe.running), list(probe.called)
    except TimeoutError:
        pytest.fail(
            f"bounded_gather did not raise within {GUARD_SECONDS}s after an item failed: "
            "it seems to wait for items that never finish"
        )
    pytest.fail("an item failed, but bounded_gather returned normally")


@pytest.mark.rule(4)
async def test_failure_is_raised_as_is() -> None:
    """the exception is raised as is: the same object, not wrapped in another exception"""
    before = asyncio.all_tasks()
    probe = Probe()
    boom = Boom("item 0 failed")
    factories = [probe.factory(0, ticks=3, error=boom)]
    factories += [probe.factory(i, ticks=i) for i in range(1, 6)]
    try:
        error, _, _ = await gather_expecting_failure(factories, probe, limit=3)
    finally:
        await cancel_leftovers(before)
    assert error is boom, (
        f"expected the original exception Boom('item 0 failed') to be raised as is, got {error!r}"
    )


@pytest.mark.rule(4)
async def test_first_failure_in_time_is_raised() -> None:
    """the first exception in time is raised at once, not the first factory's"""
    before = asyncio.all_tasks()
    probe = Probe()
    late, early = Boom("item 0 failed late"), Boom("item 2 failed early")
    factories = [
        probe.factory(0, ticks=40, error=late),
        probe.factory(1, forever=True),
        probe.factory(2, ticks=2, error=early),
    ]
    try:
        error, _, _ = await gather_expecting_failure(factories, probe, limit=3)
    finally:
        await cancel_leftovers(before)
    assert error is early, (
        "item 2 failed after 2 steps while item 0 was still running (it would fail after 40): "
        f"expected item 2's {early!r} to be raised at once, got {error!r}"
    )
    assert 0 not in probe.finished, (
        "bounded_gather waited for item 0 to finish before raising item 2's exception"
    )


@pytest.mark.rule(5)
async def test_failure_cancels_the_rest() -> None:
    """on a failure the awaitables still running are cancelled and have finished cancelling"""
    before = asyncio.all_tasks()
    probe = Probe()
    boom = Boom("item 0 failed")
    factories = [probe.factory(0, ticks=3, error=boom)]
    factories += [probe.factory(i, forever=True, cleanup_ticks=3) for i in range(1, 10)]
    try:
        async with no_leaks():
            error, running_when_raised, called = await gather_expecting_failure(
                factories, probe, limit=3
            )
        assert error is boom, f"expected Boom('item 0 failed') to be raised, got {error!r}"
        assert running_when_raised == [], (
            f"expected no awaitable still running when bounded_gather raises; items "
            f"{running_when_raised} were still in flight (cancel them AND wait until they "
            "are done: cleaning up after a cancellation may take a few steps)"
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
        assert probe.called == called, (
            f"expected no factory called after bounded_gather raised; it had called {called}, "
            f"later {probe.called}"
        )
    finally:
        leftovers = await cancel_leftovers(before)
    assert not leftovers, f"expected no task left behind after the failure, found {leftovers}"


@pytest.mark.rule(4, 5)
async def test_a_failing_factory_cancels_the_rest() -> None:
    """a factory that raises instead of returning an awaitable fails the call the same way"""
    before = asyncio.all_tasks()
    probe = Probe()
    boom = Boom("factory 2 failed")

    def failing_factory() -> Awaitable[int]:
        raise boom

    factories = [probe.factory(i, forever=True, cleanup_ticks=3) for i in range(2)]
    factories += [failing_factory, probe.factory(3, forever=True)]
    try:
        async with no_leaks():
            error, running_when_raised, called = await gather_expecting_failure(
                factories, probe, limit=3
            )
        assert error is boom, f"expected the factory's {boom!r} to be raised as is, got {error!r}"
        assert running_when_raised == [], (
            f"expected no awaitable still running when bounded_gather raises; items "
            f"{running_when_raised} were still in flight"
        )
        await settle()
        assert probe.called == called, (
            f"expected no factory called after bounded_gather raised; it had called {called}, "
            f"later {probe.called}"
        )
    finally:
        leftovers = await cancel_leftovers(before)
    assert not leftovers, f"expected no task left behind after the failure, found {leftovers}"


@pytest.mark.rule(5)
async def test_no_task_left_after_success() -> None:
    """no task is left running after bounded_gather returns"""
    before = asyncio.all_tasks()
    probe = Probe()
    async with no_leaks():
        await bounded_gather([probe.factory(i, ticks=i % 4) for i in range(10)], limit=3)
    leftovers = await cancel_leftovers(before)
    assert not leftovers, f"expected no task left behind after returning, found {leftovers}"


@pytest.mark.rule(6)
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

    try:
        async with asyncio.timeout(GUARD_SECONDS):
            results = await bounded_gather(factories, limit=2, return_exceptions=True)
    except TimeoutError:
        pytest.fail(
            f"bounded_gather(..., return_exceptions=True) did not return within "
            f"{GUARD_SECONDS}s; started {probe.started}: does a failing item free its slot?"
        )

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


@pytest.mark.rule(6)
async def test_return_exceptions_failures_free_their_slot() -> None:
    """with return_exceptions=True and limit=1, failures free the slot for the next item"""
    probe = Probe()
    errors = [Boom(f"item {i}") for i in range(4)]
    factories = [probe.factory(i, ticks=1, error=errors[i] if i % 2 else None) for i in range(4)]
    try:
        async with asyncio.timeout(GUARD_SECONDS):
            results = await bounded_gather(factories, limit=1, return_exceptions=True)
    except TimeoutError:
        pytest.fail(
            f"with limit=1, bounded_gather stopped after items {probe.started}: a failing "
            "item must free its slot (release it in a finally / async with)"
        )
    assert results == [0, errors[1], 20, errors[3]], f"unexpected results {results!r}"
    assert probe.peak == 1, f"expected 1 in flight at a time, saw {probe.peak}"


async def start_three_that_never_finish(probe: Probe) -> asyncio.Task[list[int]]:
    """Start bounded_gather(limit=3) over six items that never finish; wait for 3 in flight."""
    factories = [probe.factory(i, forever=True, cleanup_ticks=3) for i in range(6)]
    task = asyncio.ensure_future(bounded_gather(factories, limit=3))
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
    return task


@pytest.mark.rule(7)
async def test_cancelling_the_caller_cancels_everything() -> None:
    """cancelling the caller cancels every awaitable in flight and leaves no task behind"""
    before = asyncio.all_tasks()
    probe = Probe()
    task = await start_three_that_never_finish(probe)
    try:
        task.cancel()
        await asyncio.wait({task}, timeout=GUARD_SECONDS)
        assert task.done(), "expected bounded_gather to finish after being cancelled"
        assert task.cancelled(), (
            "expected the cancelled caller to end up cancelled (CancelledError must propagate), "
            f"but it ended with {task.exception() or task.result()!r}"
        )
        assert probe.running == [], (
            f"expected every in-flight item to be cancelled and finished (cleaning up may take "
            f"a few steps) when the caller ends, {probe.running} are still running"
        )
        await settle()
        assert len(probe.started) == 3, (
            f"expected nothing new to start after the cancellation, started {probe.started}"
        )
        assert len(probe.called) == 3, (
            f"expected no factory called after the cancellation, called {probe.called}"
        )
    finally:
        leftovers = await cancel_leftovers(before)
        retrieve(task)
    assert not leftovers, f"expected no task left behind after cancelling, found {leftovers}"


@pytest.mark.rule(7)
async def test_cancelling_the_caller_twice_still_awaits_everything() -> None:
    """a second cancellation of the caller does not cut short the wait for the cancelled items"""
    before = asyncio.all_tasks()
    probe = Probe()
    task = await start_three_that_never_finish(probe)
    try:
        task.cancel()
        await asyncio.sleep(0)  # the items are now cleaning up (it takes them 3 steps)
        task.cancel()
        await asyncio.wait({task}, timeout=GUARD_SECONDS)
        assert task.cancelled(), (
            "expected the twice-cancelled caller to end up cancelled, but it ended with "
            f"{task.exception() or task.result()!r}"
            if task.done()
            else "expected bounded_gather to finish after being cancelled twice"
        )
        assert probe.running == [], (
            "the caller was cancelled, then cancelled again while the items cleaned up: "
            f"expected it to keep waiting until they finished, {probe.running} are still running"
        )
        assert len(probe.called) == 3, (
            f"expected no factory called after the cancellation, called {probe.called}"
        )
    finally:
        leftovers = await cancel_leftovers(before)
        retrieve(task)
    assert not leftovers, f"expected no task left behind after cancelling, found {leftovers}"


@pytest.mark.rule(8)
@pytest.mark.parametrize("limit", [0, -1])
async def test_rejects_a_limit_below_one(limit: int) -> None:
    """a limit below 1 raises ValueError, for empty input too, before any factory is called"""
    with pytest.raises(ValueError):  # noqa: PT011 - any message will do
        await bounded_gather([], limit=limit)
    probe = Probe()
    with pytest.raises(ValueError):  # noqa: PT011 - any message will do
        await bounded_gather([probe.factory(i) for i in range(3)], limit=limit)
    assert probe.called == [], f"no factory may be called for limit={limit}, called {probe.called}"


@pytest.mark.rule(3)
async def test_empty_input() -> None:
    """no factories give an empty list"""
    results = await bounded_gather([], limit=3)
    assert results == [], f"expected [] for no factories, got {results!r}"

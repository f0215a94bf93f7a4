"""Hidden pytest checks for the worker_pool kata.

No timing: handlers take a known number of event-loop ticks or wait on an ``asyncio.Event``
gate, and the checks count calls, items in progress and tasks left behind. Scenarios that a
wrong solution could hang in run under a guard that fails instead.
"""

import asyncio
from collections import Counter
from collections.abc import Awaitable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from katas.worker_pool import WorkerPool

GUARD_SECONDS = 5.0  # only reached by a solution that hangs; correct ones take milliseconds


class Handler:
    """An async handler that records calls and concurrency; optionally fails or waits."""

    def __init__(self, *, ticks: int = 1, fail_on: frozenset[int] = frozenset()) -> None:
        self.ticks = ticks
        self.fail_on = fail_on
        self.calls: list[int] = []
        self.in_progress = 0
        self.peak = 0
        self.gate = asyncio.Event()
        self.gate.set()

    async def __call__(self, item: int) -> str:
        self.calls.append(item)
        self.in_progress += 1
        self.peak = max(self.peak, self.in_progress)
        try:
            await self.gate.wait()
            for _ in range(self.ticks):
                await asyncio.sleep(0)
            if item in self.fail_on:
                raise ValueError(f"bad item {item}")
            return f"done {item}"
        finally:
            self.in_progress -= 1


async def guarded(aw: Awaitable[Any], what: str) -> Any:
    """Await ``aw`` in its own task; fail with a message instead of hanging forever."""
    task = asyncio.ensure_future(aw)
    done, _ = await asyncio.wait({task}, timeout=GUARD_SECONDS)
    if not done:
        for _ in range(5):  # a hanging cleanup may need more than one cancellation
            task.cancel()
            done, _ = await asyncio.wait({task}, timeout=0.2)
            if done:
                break
        pytest.fail(f"{what} did not finish within {GUARD_SECONDS}s: it seems to hang")
    return task.result()


async def cancel_leftovers(before: set[asyncio.Task[Any]]) -> list[str]:
    """Cancel and await tasks created since ``before``; return their names (should be none)."""
    leftovers = asyncio.all_tasks() - before
    for _ in range(5):  # a hanging cleanup may need more than one cancellation
        pending = [task for task in leftovers if not task.done()]
        if not pending:
            break
        for task in pending:
            task.cancel()
        await asyncio.wait(pending, timeout=0.2)
    for task in leftovers:
        if not task.cancelled() and task.done():
            task.exception()
    return sorted(task.get_name() for task in leftovers)


@given(
    items=st.integers(min_value=0, max_value=40),
    workers=st.integers(min_value=1, max_value=5),
    maxsize=st.integers(min_value=1, max_value=5),
    ticks=st.integers(min_value=0, max_value=4),
)
def test_every_item_processed_exactly_once(
    items: int, workers: int, maxsize: int, ticks: int
) -> None:
    """every submitted item is processed exactly once, by at most `workers` at a time"""
    handler = Handler(ticks=ticks)

    async def scenario() -> list[str]:
        pool = WorkerPool(handler, workers=workers, maxsize=maxsize)
        async with pool:
            for item in range(items):
                await pool.submit(item)
        return list(pool.results)

    results = asyncio.run(scenario())
    counts = Counter(handler.calls)
    twice = sorted(item for item, n in counts.items() if n > 1)
    missing = sorted(set(range(items)) - set(counts))
    assert (twice, missing) == ([], []), (
        f"expected each of the {items} items to be processed exactly once; "
        f"processed more than once: {twice}, never processed: {missing}"
    )
    assert sorted(results) == sorted(f"done {i}" for i in range(items)), (
        f"expected one result per item, got {len(results)} results for {items} items"
    )
    assert handler.peak <= workers, (
        f"expected at most {workers} items in progress at once, saw {handler.peak}"
    )


async def test_all_workers_run_at_once() -> None:
    """the pool really runs `workers` items concurrently"""
    handler = Handler(ticks=20)
    async with WorkerPool(handler, workers=3, maxsize=12) as pool:
        for item in range(12):
            await pool.submit(item)
    assert handler.peak == 3, (
        f"expected 3 workers to process 3 items at the same time, the peak was {handler.peak}"
    )


async def test_producer_waits_when_the_queue_is_full() -> None:
    """submit waits while the queue is full (back-pressure)"""
    before = asyncio.all_tasks()
    handler = Handler()
    handler.gate.clear()  # workers get stuck on their first item
    pool = WorkerPool(handler, workers=2, maxsize=3)
    submitted = 0

    async def produce() -> None:
        nonlocal submitted
        for item in range(20):
            await pool.submit(item)
            submitted += 1

    try:
        async with pool:
            producer = asyncio.ensure_future(produce())
            for _ in range(50):
                await asyncio.sleep(0)
            accepted = submitted
            waiting = not producer.done()
            handler.gate.set()
            await guarded(producer, "the producer, once the workers were unblocked,")
        held_back = waiting and 3 <= accepted <= 5
        assert held_back, (
            "expected the producer to be held back once 2 workers hold an item each and 3 "
            f"items wait in the queue (maxsize=3): submit returned {accepted} times while the "
            f"workers were stuck{'' if waiting else ', and the producer did not wait at all'}"
        )
        assert sorted(handler.calls) == list(range(20)), (
            f"expected all 20 items processed once the workers moved on, got {handler.calls}"
        )
    finally:
        handler.gate.set()
        await cancel_leftovers(before)


async def test_shutdown_drains_the_queue() -> None:
    """shutdown processes every queued item before stopping"""
    before = asyncio.all_tasks()
    handler = Handler(ticks=5)
    try:
        async with WorkerPool(handler, workers=2, maxsize=10) as pool:
            for item in range(10):
                await pool.submit(item)
            queued = 10 - len(handler.calls)
            await guarded(pool.shutdown(), "shutdown()")
            assert sorted(handler.calls) == list(range(10)), (
                f"expected shutdown to drain the queue ({queued} items were still queued), "
                f"but only items {sorted(handler.calls)} were processed"
            )
            assert len(pool.results) == 10, f"expected 10 results, got {pool.results}"
    finally:
        await cancel_leftovers(before)


async def test_shutdown_stops_every_worker() -> None:
    """no worker task is left running after shutdown"""
    before = asyncio.all_tasks()
    handler = Handler(ticks=2)
    async with WorkerPool(handler, workers=4, maxsize=5) as pool:
        for item in range(8):
            await pool.submit(item)
        await guarded(pool.shutdown(), "shutdown()")
        leftovers = await cancel_leftovers(before)
        assert not leftovers, f"expected every worker stopped after shutdown, found {leftovers}"
        await guarded(pool.shutdown(), "a second shutdown()")
    leftovers = await cancel_leftovers(before)
    assert not leftovers, f"expected no task left after leaving `async with`, found {leftovers}"


async def test_failing_item_does_not_kill_its_worker() -> None:
    """a failing item is recorded in errors and its worker goes on with the next item"""
    before = asyncio.all_tasks()
    handler = Handler(fail_on=frozenset({1, 4, 7}))

    async def scenario() -> WorkerPool[int, str]:
        async with WorkerPool(handler, workers=1, maxsize=2) as pool:
            for item in range(10):
                await pool.submit(item)
        return pool

    try:
        pool = await guarded(scenario(), "submitting 10 items to one worker, 3 of them failing,")
        failed = sorted(item for item, _ in pool.errors)
        assert failed == [1, 4, 7], f"expected errors for items 1, 4 and 7, got errors for {failed}"
        assert all(isinstance(error, ValueError) for _, error in pool.errors), (
            f"expected the handler's ValueErrors in errors, got {pool.errors}"
        )
        good = sorted(pool.results)
        assert good == sorted(f"done {i}" for i in (0, 2, 3, 5, 6, 8, 9)), (
            f"expected results for the 7 good items, got {good}"
        )
    finally:
        await cancel_leftovers(before)


async def test_submit_after_shutdown_is_rejected() -> None:
    """submit raises RuntimeError once shutdown has begun"""
    handler = Handler()
    async with WorkerPool(handler, workers=1, maxsize=1) as pool:
        await pool.submit(1)
        await guarded(pool.shutdown(), "shutdown()")
        with pytest.raises(RuntimeError):
            await pool.submit(2)
    assert handler.calls == [1], f"expected only item 1 to be processed, got {handler.calls}"


@pytest.mark.parametrize(("workers", "maxsize"), [(0, 5), (2, 0), (-1, 5)])
def test_rejects_sizes_below_one(workers: int, maxsize: int) -> None:
    """workers and maxsize below 1 raise ValueError"""
    with pytest.raises(ValueError):  # noqa: PT011 - any message will do
        WorkerPool(Handler(), workers=workers, maxsize=maxsize)

"""Hidden pytest checks for the worker_pool kata.

No timing: handlers take a known number of event-loop ticks or wait on an ``asyncio.Event``
gate, and the checks count calls, items in progress and tasks left behind. Scenarios that a
wrong solution could hang in run under a guard that fails instead.
"""

import asyncio
import contextlib
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from katas.worker_pool import WorkerPool
from pykata.leaks import no_leaks

GUARD_SECONDS = 5.0  # only reached by a solution that hangs; correct ones take milliseconds


class Handler:
    """An async handler that records calls and concurrency; optionally fails or waits.

    ``gate`` holds back every item until set; ``gated`` items also wait for ``release(item)``;
    ``on_start[item]`` is called as soon as the handler starts on that item.
    """

    def __init__(
        self,
        *,
        ticks: int = 1,
        fail_on: frozenset[int] = frozenset(),
        gated: frozenset[int] = frozenset(),
        errors: dict[int, Exception] | None = None,
    ) -> None:
        self.ticks = ticks
        self.fail_on = fail_on
        self.errors = errors or {}
        self.calls: list[int] = []
        self.finished: list[int] = []
        self.in_progress = 0
        self.peak = 0
        self.gate = asyncio.Event()
        self.gate.set()
        self.gates = {item: asyncio.Event() for item in gated}
        self.on_start: dict[int, Callable[[], Any]] = {}

    def release(self, item: int) -> None:
        self.gates[item].set()

    @contextlib.contextmanager
    def opened_on_exit(self) -> Iterator[None]:
        """Open every gate when the block ends, so that a failed check cannot hang the pool."""
        try:
            yield
        finally:
            self.gate.set()
            for gate in self.gates.values():
                gate.set()

    async def __call__(self, item: int) -> str:
        self.calls.append(item)
        if item in self.on_start:
            self.on_start[item]()
        self.in_progress += 1
        self.peak = max(self.peak, self.in_progress)
        try:
            await self.gate.wait()
            if item in self.gates:
                await self.gates[item].wait()
            for _ in range(self.ticks):
                await asyncio.sleep(0)
            if item in self.errors:
                raise self.errors[item]
            if item in self.fail_on:
                raise ValueError(f"bad item {item}")
            self.finished.append(item)
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


async def pending_tasks(before: set[asyncio.Task[Any]]) -> list[str]:
    """Tasks created since ``before`` that are still running after the loop settled."""
    await let_it_run(5)
    new = asyncio.all_tasks() - before - {asyncio.current_task()}
    return sorted(task.get_name() for task in new if not task.done())


async def let_it_run(ticks: int = 50) -> None:
    for _ in range(ticks):
        await asyncio.sleep(0)


# Rule 1 ----------------------------------------------------------------------------------


@pytest.mark.rule(1)
@pytest.mark.parametrize(("workers", "maxsize"), [(0, 5), (2, 0), (-1, 5), (1, -1)])
def test_rejects_sizes_below_one(workers: int, maxsize: int) -> None:
    """workers and maxsize below 1 raise ValueError"""
    with pytest.raises(ValueError):  # noqa: PT011 - any message will do
        WorkerPool(Handler(), workers=workers, maxsize=maxsize)


@pytest.mark.rule(1)
def test_creating_the_pool_starts_nothing() -> None:
    """a pool can be created outside an event loop, and creating one starts no task"""
    handler = Handler()
    early = WorkerPool(handler, workers=2, maxsize=2)  # no event loop is running here

    async def scenario() -> tuple[list[str], list[str]]:
        before = asyncio.all_tasks()
        WorkerPool(handler, workers=3, maxsize=2)
        started = await pending_tasks(before)
        async with early:
            await early.submit(1)
        return started, await pending_tasks(before)

    started, left = asyncio.run(scenario())
    assert started == [], f"expected creating a pool to start no task, it started {started}"
    assert handler.calls == [1], (
        f"expected a pool created outside the event loop to work once entered; the handler "
        f"saw {handler.calls}"
    )
    assert left == [], f"expected no task left after leaving `async with`, found {left}"


# Rule 2 ----------------------------------------------------------------------------------


@pytest.mark.rule(2)
@pytest.mark.parametrize("workers", [1, 3, 5])
async def test_all_workers_run_at_once(workers: int) -> None:
    """the pool runs `workers` items concurrently, never more"""
    handler = Handler(ticks=20)

    async def scenario() -> None:
        async with WorkerPool(handler, workers=workers, maxsize=12) as pool:
            for item in range(12):
                await pool.submit(item)

    await guarded(scenario(), f"submitting 12 items to {workers} workers")
    assert handler.peak == workers, (
        f"expected {workers} workers to process {workers} items at the same time, the peak "
        f"was {handler.peak}"
    )


@pytest.mark.rule(2)
async def test_async_with_gives_the_pool() -> None:
    """`async with pool as p` gives the pool itself"""
    pool = WorkerPool(Handler(), workers=1, maxsize=1)
    async with pool as entered:
        assert entered is pool, f"expected `async with pool as p` to give the pool, got {entered!r}"


@pytest.mark.rule(2)
@pytest.mark.parametrize("workers", [1, 3])
async def test_entering_starts_the_workers(workers: int) -> None:
    """entering `async with` starts the worker tasks before anything is submitted"""
    before = asyncio.all_tasks()
    pool = WorkerPool(Handler(), workers=workers, maxsize=2)
    try:
        async with pool:
            started = await pending_tasks(before)
            assert len(started) >= workers, (
                f"expected entering `async with` to start {workers} worker task(s) before any "
                f"submit, found {len(started)} running: {started}"
            )
    finally:
        await cancel_leftovers(before)


@given(
    items=st.integers(min_value=0, max_value=40),
    workers=st.integers(min_value=1, max_value=5),
    maxsize=st.integers(min_value=1, max_value=5),
    ticks=st.integers(min_value=0, max_value=4),
)
@pytest.mark.rule(2, 9)
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

    results = asyncio.run(asyncio.wait_for(scenario(), GUARD_SECONDS))
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


# Rule 3 ----------------------------------------------------------------------------------


@pytest.mark.rule(3)
async def test_leaving_after_an_error_shuts_down() -> None:
    """leaving `async with` because of an error still drains the queue and stops the workers"""
    before = asyncio.all_tasks()
    handler = Handler(ticks=3)
    pool = WorkerPool(handler, workers=2, maxsize=10)

    async def scenario() -> None:
        async with pool:
            for item in range(8):
                await pool.submit(item)
            raise LookupError("the producer failed")

    try:
        with pytest.raises(LookupError, match="the producer failed"):
            await guarded(scenario(), "leaving `async with` after an error")
        assert sorted(handler.calls) == list(range(8)), (
            f"expected the 8 items submitted before the error to be processed when leaving "
            f"`async with` (it calls shutdown()), got {sorted(handler.calls)}"
        )
        left = await pending_tasks(before)
        assert left == [], f"expected no worker left after leaving `async with`, found {left}"
    finally:
        await cancel_leftovers(before)


# Rule 4 ----------------------------------------------------------------------------------


@pytest.mark.rule(4)
@pytest.mark.parametrize(("workers", "maxsize"), [(2, 3), (1, 1), (3, 1), (1, 4)])
async def test_producer_waits_when_the_queue_is_full(workers: int, maxsize: int) -> None:
    """with every worker busy, exactly workers + maxsize submits return, then submit waits"""
    before = asyncio.all_tasks()
    handler = Handler()
    handler.gate.clear()  # workers get stuck on their first item
    pool = WorkerPool(handler, workers=workers, maxsize=maxsize)
    submitted = 0

    async def produce() -> None:
        nonlocal submitted
        for item in range(20):
            await pool.submit(item)
            submitted += 1

    try:
        async with pool:
            producer = asyncio.ensure_future(produce())
            await let_it_run()
            accepted = submitted
            handler.gate.set()
            await guarded(producer, "the producer, once the workers were unblocked,")
        assert accepted == workers + maxsize, (
            f"expected exactly {workers + maxsize} submits to return while {workers} "
            f"worker(s) hold an item each and {maxsize} item(s) wait in the queue "
            f"(maxsize={maxsize}), but {accepted} returned"
        )
        assert sorted(handler.calls) == list(range(20)), (
            f"expected all 20 items processed once the workers moved on, got {handler.calls}"
        )
    finally:
        handler.gate.set()
        await cancel_leftovers(before)


# Rule 5 ----------------------------------------------------------------------------------


@pytest.mark.rule(5)
@pytest.mark.parametrize("when", ["while it waits", "just after it was let in"])
async def test_a_cancelled_submit_does_not_block_the_others(when: str) -> None:
    """a submit cancelled while waiting queues nothing and the next waiting submit goes on"""
    before = asyncio.all_tasks()
    handler = Handler(gated=frozenset({0}))
    pool = WorkerPool(handler, workers=1, maxsize=1)

    async def scenario() -> asyncio.Future[None]:
        async with pool:
            with handler.opened_on_exit():
                await pool.submit(0)
                await let_it_run()  # the worker holds item 0
                await pool.submit(1)  # the queue is full
                first = asyncio.ensure_future(pool.submit(2))
                await let_it_run()
                second = asyncio.ensure_future(pool.submit(3))
                await let_it_run()
                assert (first.done(), second.done()) == (False, False), (
                    "expected submit to wait while the worker is busy and the queue is full"
                )
                if when == "while it waits":
                    first.cancel()
                    await let_it_run()
                else:  # the worker takes item 1, which lets `first` in; then it is cancelled
                    handler.on_start[1] = first.cancel
                handler.release(0)
                await guarded(second, f"a submit waiting behind one cancelled {when}")
        return first

    try:
        first = await guarded(scenario(), "the scenario")
        assert first.cancelled(), "expected the cancelled submit to end cancelled"
        assert sorted(handler.calls) == [0, 1, 3], (
            f"the submit of item 2 was cancelled {when}: expected items 0, 1 and 3 to be "
            f"processed, got {sorted(handler.calls)}"
        )
    finally:
        for item in handler.gates:
            handler.release(item)
        await cancel_leftovers(before)


# Rule 6 ----------------------------------------------------------------------------------


@pytest.mark.rule(6)
async def test_submit_after_shutdown_is_rejected() -> None:
    """submit raises RuntimeError once shutdown has begun"""
    handler = Handler()

    async def scenario() -> None:
        async with WorkerPool(handler, workers=1, maxsize=1) as pool:
            await pool.submit(1)
            await pool.shutdown()
            with pytest.raises(RuntimeError):
                await pool.submit(2)

    await guarded(scenario(), "submit, shutdown, submit")
    assert handler.calls == [1], f"expected only item 1 to be processed, got {handler.calls}"


@pytest.mark.rule(6)
async def test_submit_while_shutting_down_is_rejected() -> None:
    """submit raises RuntimeError while shutdown is still draining the queue"""
    before = asyncio.all_tasks()
    handler = Handler(gated=frozenset({1}))

    async def scenario() -> None:
        async with WorkerPool(handler, workers=1, maxsize=2) as pool:
            with handler.opened_on_exit():
                await pool.submit(1)
                await pool.submit(2)
                stopping = asyncio.ensure_future(pool.shutdown())
                await let_it_run()
                assert not stopping.done(), "expected shutdown to wait for item 1 to be processed"
                with pytest.raises(RuntimeError):
                    await pool.submit(3)
                handler.release(1)
                await guarded(stopping, "shutdown()")

    try:
        await guarded(scenario(), "the scenario")
        assert sorted(handler.calls) == [1, 2], (
            f"expected items 1 and 2 processed and item 3 rejected, got {sorted(handler.calls)}"
        )
    finally:
        handler.release(1)
        await cancel_leftovers(before)


# Rule 7 ----------------------------------------------------------------------------------


@pytest.mark.rule(7)
async def test_shutdown_drains_the_queue() -> None:
    """shutdown processes every queued item before stopping"""
    before = asyncio.all_tasks()
    handler = Handler(ticks=5)

    async def scenario() -> tuple[int, list[int], list[str]]:
        async with WorkerPool(handler, workers=2, maxsize=10) as pool:
            for item in range(10):
                await pool.submit(item)
            queued = 10 - len(handler.calls)
            await pool.shutdown()
            return queued, sorted(handler.finished), list(pool.results)

    try:
        queued, finished, results = await guarded(scenario(), "shutdown()")
        assert finished == list(range(10)), (
            f"expected shutdown to drain the queue ({queued} items were still queued), "
            f"but when it returned only items {finished} were processed to the end"
        )
        assert len(results) == 10, f"expected 10 results, got {results}"
    finally:
        await cancel_leftovers(before)


@pytest.mark.rule(7)
async def test_shutdown_stops_every_worker() -> None:
    """no worker task is left running after shutdown; a second shutdown does nothing"""
    before = asyncio.all_tasks()
    handler = Handler(ticks=2)

    async def scenario() -> list[str]:
        async with no_leaks(), WorkerPool(handler, workers=4, maxsize=5) as pool:
            for item in range(8):
                await pool.submit(item)
            await pool.shutdown()
            left = await pending_tasks(before)
            await pool.shutdown()  # a second shutdown does nothing
        return left

    try:
        left = await guarded(scenario(), "shutdown(), then a second shutdown()")
        assert left == [], f"expected every worker stopped after shutdown, found {left}"
        assert len(handler.calls) == 8, f"expected 8 items processed, got {handler.calls}"
    finally:
        await cancel_leftovers(before)


@pytest.mark.rule(7)
async def test_shutdown_after_failures_returns() -> None:
    """shutdown returns although some items failed"""
    before = asyncio.all_tasks()
    handler = Handler(fail_on=frozenset({0, 3, 5}))

    async def scenario() -> None:
        async with WorkerPool(handler, workers=2, maxsize=3) as pool:
            for item in range(6):
                await pool.submit(item)
            await pool.shutdown()

    try:
        await guarded(scenario(), "shutdown() after 3 failed items")
        assert sorted(handler.calls) == list(range(6)), (
            f"expected all 6 items processed, got {sorted(handler.calls)}"
        )
    finally:
        await cancel_leftovers(before)


@pytest.mark.rule(7)
async def test_shutdown_waits_for_the_item_in_progress() -> None:
    """shutdown waits for an item a worker is still processing, even when the queue is empty"""
    before = asyncio.all_tasks()
    handler = Handler(gated=frozenset({0}))
    taken = asyncio.Event()
    handler.on_start[0] = taken.set

    async def scenario() -> list[str]:
        async with WorkerPool(handler, workers=2, maxsize=2) as pool:
            with handler.opened_on_exit():
                await pool.submit(0)
                await guarded(taken.wait(), "waiting for a worker to take item 0")
                stopping = asyncio.ensure_future(pool.shutdown())
                await let_it_run()
                assert not stopping.done(), (
                    "expected shutdown to wait while item 0 is still being processed (the "
                    "queue is empty, but the item is not processed yet); it returned"
                )
                handler.release(0)
                await guarded(stopping, "shutdown()")
        return list(pool.results)

    try:
        results = await guarded(scenario(), "the scenario")
        assert handler.finished == [0], (
            f"expected item 0, taken by a worker before shutdown() began, to be processed to "
            f"the end; items processed to the end: {handler.finished}"
        )
        assert results == ["done 0"], f"expected the result of item 0, got {results}"
    finally:
        handler.release(0)
        await cancel_leftovers(before)


# Rule 8 ----------------------------------------------------------------------------------


@pytest.mark.rule(8)
@pytest.mark.parametrize("inside_async_with", [False, True])
async def test_cancelled_shutdown_stops_the_workers(inside_async_with: bool) -> None:
    """cancelling the task in shutdown() stops every worker; the cancellation propagates"""
    before = asyncio.all_tasks()
    handler = Handler(gated=frozenset({0}))
    pool = WorkerPool(handler, workers=1, maxsize=5)  # items 1-5 wait behind item 0

    async def stop() -> None:
        if inside_async_with:
            async with pool:
                for item in range(6):
                    await pool.submit(item)
                await pool.shutdown()
        else:
            await pool.shutdown()

    try:
        if not inside_async_with:
            await pool.__aenter__()
            for item in range(6):
                await pool.submit(item)
        stopping = asyncio.ensure_future(stop())
        await let_it_run()
        assert not stopping.done(), "expected shutdown to wait while item 0 is processed"
        stopping.cancel()
        done, _ = await asyncio.wait({stopping}, timeout=GUARD_SECONDS)
        where = "inside `async with`" if inside_async_with else "called directly"
        assert done, (
            f"expected shutdown() ({where}) to stop soon after its task was cancelled, it was "
            f"still waiting after {GUARD_SECONDS}s (a later shutdown() must return at once)"
        )
        assert stopping.cancelled(), (
            f"expected the cancelled task to end cancelled, but it "
            f"{'raised ' + repr(stopping.exception()) if stopping.exception() else 'returned'}"
        )
        left = await pending_tasks(before)
        assert left == [], (
            f"expected every worker to be stopped when shutdown() ({where}) was cancelled, "
            f"found {left} still running"
        )
        await guarded(pool.shutdown(), "a later shutdown()")
    finally:
        handler.release(0)
        await cancel_leftovers(before)


@pytest.mark.rule(8)
@pytest.mark.parametrize("cancellations", [1, 2])
async def test_workers_are_stopped_before_the_cancellation_propagates(cancellations: int) -> None:
    """when a cancelled shutdown() raises CancelledError, every worker has already ended"""
    before = asyncio.all_tasks()
    taken = asyncio.Event()
    release = asyncio.Event()

    async def handler(item: int) -> str:
        taken.set()
        try:
            await release.wait()
        except asyncio.CancelledError:
            for _ in range(20):  # a handler that takes a few ticks to clean up
                await asyncio.sleep(0)
            raise
        return f"done {item}"

    pool = WorkerPool(handler, workers=2, maxsize=5)
    workers: set[asyncio.Task[Any]] = set()
    seen: dict[str, list[str]] = {}

    async def caller() -> None:
        try:
            await pool.shutdown()
        except asyncio.CancelledError:
            seen["running"] = sorted(w.get_name() for w in workers if not w.done())
            raise

    try:
        await pool.__aenter__()
        workers.update(asyncio.all_tasks() - before - {asyncio.current_task()})
        for item in range(4):
            await pool.submit(item)
        await guarded(taken.wait(), "waiting for a worker to take an item")
        stopping = asyncio.ensure_future(caller())
        await let_it_run()
        assert not stopping.done(), "expected shutdown to wait while items are processed"
        stopping.cancel()
        if cancellations == 2:  # again, while the workers clean up
            await let_it_run(2)
            stopping.cancel()
        done, _ = await asyncio.wait({stopping}, timeout=GUARD_SECONDS)
        assert done, f"expected the cancelled shutdown() to end within {GUARD_SECONDS}s"
        assert stopping.cancelled(), "expected the cancelled shutdown() to end cancelled"
        assert "running" in seen, "expected the cancelled shutdown() to raise CancelledError"
        assert seen["running"] == [], (
            f"expected every worker to have ended when shutdown(), cancelled {cancellations} "
            f"time(s), raised CancelledError, but {seen['running']} were still running "
            f"(cancelled, not awaited)"
        )
        await guarded(pool.shutdown(), "a later shutdown()")
    finally:
        release.set()
        await cancel_leftovers(before)


# Rule 9 ----------------------------------------------------------------------------------


@pytest.mark.rule(9)
async def test_results_are_in_completion_order() -> None:
    """results are appended as items complete, not in submission order"""
    handler = Handler(gated=frozenset({0, 1, 2}))

    async def scenario() -> WorkerPool[int, str]:
        async with WorkerPool(handler, workers=3, maxsize=3) as pool:
            with handler.opened_on_exit():
                for item in range(3):
                    await pool.submit(item)
                await let_it_run()
                for item in (2, 0, 1):
                    handler.release(item)
                    await let_it_run()
        return pool

    pool = await guarded(scenario(), "three items completing in the order 2, 0, 1")
    assert pool.results == ["done 2", "done 0", "done 1"], (
        f"items 0, 1, 2 completed in the order 2, 0, 1: expected results "
        f"['done 2', 'done 0', 'done 1'], got {pool.results}"
    )


@pytest.mark.rule(9)
async def test_none_is_an_item_like_any_other() -> None:
    """None items are processed like any other item (the pool is generic in its items)"""
    before = asyncio.all_tasks()
    items: list[int | None] = [1, None, 2, None, 3]
    calls: list[int | None] = []

    async def handler(item: int | None) -> str:
        calls.append(item)
        await asyncio.sleep(0)
        return f"done {item}"

    async def scenario() -> list[str]:
        pool: WorkerPool[int | None, str] = WorkerPool(handler, workers=3, maxsize=5)
        async with pool:
            for item in items:
                await pool.submit(item)
        return list(pool.results)

    try:
        results = await guarded(scenario(), "submitting None items among others")
        assert Counter(calls) == Counter(items), (
            f"expected each of {items} to be processed once, the handler saw {calls}"
        )
        assert sorted(results) == sorted(f"done {item}" for item in items), (
            f"expected one result per item, got {results}"
        )
    finally:
        await cancel_leftovers(before)


# Rule 10 ---------------------------------------------------------------------------------


class PaymentDeclined(Exception):
    pass


@pytest.mark.rule(10)
async def test_failing_item_does_not_kill_its_worker() -> None:
    """a failing item is recorded in errors and its worker goes on with the next item"""
    before = asyncio.all_tasks()
    raised: dict[int, Exception] = {
        1: ValueError("bad item 1"),
        4: KeyError("no such user"),
        7: PaymentDeclined("card expired"),
        8: RuntimeError("upstream said no"),
    }
    handler = Handler(errors=raised)

    async def scenario() -> WorkerPool[int, str]:
        async with WorkerPool(handler, workers=1, maxsize=2) as pool:
            for item in range(10):
                await pool.submit(item)
        return pool

    try:
        pool = await guarded(scenario(), "submitting 10 items to one worker, 4 of them failing,")
        failed = sorted(item for item, _ in pool.errors)
        assert failed == [1, 4, 7, 8], (
            f"expected errors for items 1, 4, 7 and 8, got errors for {failed}"
        )
        for item, error in pool.errors:
            assert error is raised[item], (
                f"expected the handler's own exception {raised[item]!r} for item {item}, "
                f"got {error!r}"
            )
        good = sorted(pool.results)
        assert good == sorted(f"done {i}" for i in (0, 2, 3, 5, 6, 9)), (
            f"expected results for the 6 good items, got {good}"
        )
    finally:
        await cancel_leftovers(before)


@pytest.mark.rule(2, 10)
async def test_a_worker_takes_the_next_item_right_after_a_failure() -> None:
    """a worker whose item failed takes the next waiting item at once (no pause, no retry)"""
    before = asyncio.all_tasks()
    handler = Handler(errors={0: ValueError("bad item 0")}, gated=frozenset({1, 2}))

    async def scenario() -> None:
        async with WorkerPool(handler, workers=2, maxsize=5) as pool:
            with handler.opened_on_exit():
                for item in range(3):  # 0 fails; 1 and 2 are held until the end
                    await pool.submit(item)
                await let_it_run()
                assert handler.calls == [0, 1, 2], (
                    "expected the worker whose item 0 failed to take item 2 at once (2 items "
                    f"waiting, 2 workers), but the handler was called for {handler.calls}"
                )
                assert handler.in_progress == 2, (
                    f"expected items 1 and 2 in progress, found {handler.in_progress}"
                )

    try:
        await guarded(scenario(), "submitting 3 items to 2 workers, the first one failing,")
    finally:
        await cancel_leftovers(before)

"""Hidden pytest checks for the unblock_the_loop kata.

No timing. Responsiveness is checked by a handshake: the blocking lookups (and the CPU work)
wait in their worker thread until a heartbeat coroutine on the loop has ticked a few times. A
blocked loop cannot tick, so the worker gives up after a generous timeout and the check fails.

The order in which the lookups finish is forced: the checks install a default executor that
runs every call in a worker thread but hands the results back to the loop in *reverse* order,
so an answer that pairs skus with levels by completion order is always caught.
"""

import asyncio
import hashlib
import threading
from collections.abc import AsyncIterator, Callable
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import Any

import pytest

from katas.unblock_the_loop import digest_off_loop, stock_levels

HANDSHAKE_SECONDS = 3.0  # a worker gives up after this; a responsive loop answers in ms
GUARD_SECONDS = 10.0  # only reached by an answer that hangs
IDLE_TICKS = 50  # loop iterations without a new submission: the batch is complete
SKUS = ["plum", "apple", "pear", "fig", "kiwi", "lime", "date", "yuzu"]


def expected_digest(data: bytes, rounds: int) -> str:
    digest = data
    for _ in range(rounds):
        digest = hashlib.sha256(digest).digest()
    return digest.hex()


class ReversingExecutor(ThreadPoolExecutor):
    """The loop's default executor in these checks.

    Every call runs at once in a worker thread, but its result is handed back to the loop only
    when the batch is complete (no new call for ``IDLE_TICKS`` loop iterations) and every call
    of the batch has finished; then the results are handed back newest first.
    """

    def __init__(self) -> None:
        super().__init__(max_workers=len(SKUS) + 4, thread_name_prefix="pykata-lookup")
        self.submitted = 0
        self._batch: list[tuple[Future[Any], Future[Any]]] = []

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        self.submitted += 1
        outer: Future[Any] = Future()
        self._batch.append((super().submit(fn, *args, **kwargs), outer))
        return outer

    async def hand_back_in_reverse(self) -> None:
        """Runs on the loop for the whole check."""
        while True:
            seen = self.submitted
            for _ in range(IDLE_TICKS):
                await asyncio.sleep(0)
            if self.submitted != seen or not self._batch:
                continue
            batch, self._batch = self._batch, []
            finished, _ = await asyncio.wait([asyncio.wrap_future(inner) for inner, _ in batch])
            for done in finished:
                done.exception()  # seen here; the caller gets it through its own future
            for inner, outer in reversed(batch):
                copy_outcome(inner, outer)

    def hand_back_the_rest(self) -> None:
        batch, self._batch = self._batch, []
        for inner, outer in reversed(batch):
            inner.add_done_callback(lambda done, outer=outer: copy_outcome(done, outer))


def copy_outcome(inner: Future[Any], outer: Future[Any]) -> None:
    if not outer.set_running_or_notify_cancel():
        return
    error = inner.exception()
    if error is not None:
        outer.set_exception(error)
    else:
        outer.set_result(inner.result())


@asynccontextmanager
async def lookups_finish_in_reverse() -> AsyncIterator[ReversingExecutor]:
    executor = ReversingExecutor()
    asyncio.get_running_loop().set_default_executor(executor)
    releaser = asyncio.ensure_future(executor.hand_back_in_reverse())
    try:
        yield executor
    finally:
        releaser.cancel()
        await asyncio.gather(releaser, return_exceptions=True)
        executor.hand_back_the_rest()
        executor.shutdown(wait=True)


async def guarded(aw: Any, what: str) -> Any:
    """Await ``aw`` in its own task; fail instead of hanging forever."""
    task = asyncio.ensure_future(aw)
    done, _ = await asyncio.wait({task}, timeout=GUARD_SECONDS)
    if not done:
        task.cancel()
        await asyncio.wait({task}, timeout=1.0)
        pytest.fail(f"{what} did not finish within {GUARD_SECONDS}s: it seems to hang")
    return task.result()


class DictInventory:
    """A blocking inventory backed by a dict; unknown skus raise KeyError."""

    def __init__(self, levels: dict[str, int]) -> None:
        self.levels = levels
        self.looked_up: list[str] = []

    def lookup(self, sku: str) -> int:
        self.looked_up.append(sku)
        return self.levels[sku]


class ReverseInventory(DictInventory):
    """Each lookup returns only after the lookup of the next sku has returned.

    This forces the reverse order in the worker threads as well, whichever executor runs
    them. A lookup that waits in vain (the next one never starts) stops the ordering.
    """

    def __init__(self, levels: dict[str, int]) -> None:
        super().__init__(levels)
        self.order = list(levels)
        self.returned = {sku: threading.Event() for sku in self.order}
        self.give_up = threading.Event()

    def lookup(self, sku: str) -> int:
        try:
            index = self.order.index(sku)
            if index + 1 < len(self.order) and not self.give_up.is_set():
                next_sku = self.order[index + 1]
                if not self.returned[next_sku].wait(HANDSHAKE_SECONDS):
                    self.give_up.set()
            return super().lookup(sku)
        finally:
            self.returned[sku].set()


class HandshakeInventory:
    """Each lookup blocks until the heartbeat releases it (or gives up after a timeout)."""

    def __init__(self) -> None:
        self.released = threading.Event()
        self.gave_up = 0
        self.threads: set[str] = set()

    def lookup(self, sku: str) -> int:
        self.threads.add(threading.current_thread().name)
        if not self.released.wait(HANDSHAKE_SECONDS):
            self.gave_up += 1
            self.released.set()  # do not make the next lookups wait as well
        return len(sku)


class BarrierInventory:
    """Each lookup waits at a barrier that only opens when all lookups run at the same time."""

    def __init__(self, parties: int) -> None:
        self.barrier = threading.Barrier(parties, timeout=HANDSHAKE_SECONDS)
        self.broken = 0

    def lookup(self, sku: str) -> int:
        try:
            self.barrier.wait()
        except threading.BrokenBarrierError:
            self.broken += 1
        return len(sku)


class CountingExecutor(ThreadPoolExecutor):
    """A thread pool that counts how often work is submitted to it and where it runs."""

    def __init__(self) -> None:
        super().__init__(max_workers=1, thread_name_prefix="pykata-given")
        self.submitted = 0
        self.ran_in: list[str] = []

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        self.submitted += 1

        def run() -> Any:
            self.ran_in.append(threading.current_thread().name)
            return fn(*args, **kwargs)

        return super().submit(run)


class HandshakeExecutor(CountingExecutor):
    """The work starts only once the heartbeat on the loop has ticked (or gives up)."""

    def __init__(self) -> None:
        super().__init__()
        self.released = threading.Event()
        self.gave_up = 0

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        def gated() -> Any:
            if not self.released.wait(HANDSHAKE_SECONDS):
                self.gave_up += 1
            return fn(*args, **kwargs)

        return super().submit(gated)


async def heartbeat(ticks: int, released: threading.Event) -> None:
    """Tick ``ticks`` loop iterations, then release the waiting worker threads."""
    for _ in range(ticks):
        await asyncio.sleep(0)
    released.set()


@pytest.mark.rule(1)
async def test_returns_every_stock_level() -> None:
    """returns {sku: level} for every sku, whatever order the lookups finish in"""
    levels = {sku: index * 10 + 1 for index, sku in enumerate(SKUS)}
    inventory = ReverseInventory(levels)
    async with lookups_finish_in_reverse():
        got = await guarded(stock_levels(inventory, SKUS), "stock_levels")
    assert got == levels, (
        f"the lookups finished in reverse order; expected {levels}, got {got}: pair each sku "
        "with its own lookup's level (gather keeps the order of its arguments), not with the "
        "order in which the lookups finish"
    )


@pytest.mark.rule(1)
async def test_no_skus_give_an_empty_dict() -> None:
    """no skus give {}"""
    inventory = DictInventory({"apple": 3})
    empty = await guarded(stock_levels(inventory, []), "stock_levels with no skus")
    assert empty == {}, f"expected {{}} for no skus, got {empty!r}"
    assert inventory.looked_up == [], f"expected no lookup, got {inventory.looked_up}"


@pytest.mark.rule(1)
async def test_two_calls_on_one_inventory() -> None:
    """each call returns the levels of its own skus"""
    inventory = DictInventory({"apple": 3, "pear": 0, "plum": 12, "fig": 7})
    async with lookups_finish_in_reverse():
        first = await guarded(stock_levels(inventory, ("pear", "plum")), "stock_levels")
        second = await guarded(stock_levels(inventory, ["fig", "apple"]), "stock_levels")
    assert (first, second) == ({"pear": 0, "plum": 12}, {"fig": 7, "apple": 3}), (
        f"expected {{'pear': 0, 'plum': 12}} then {{'fig': 7, 'apple': 3}}, got {first} then "
        f"{second}"
    )


@pytest.mark.rule(4)
async def test_lookup_errors_propagate() -> None:
    """the exception raised by a lookup reaches the caller, unchanged"""
    error = KeyError("kiwi")

    class FailingInventory:
        def lookup(self, sku: str) -> int:
            if sku == "kiwi":
                raise error
            return len(sku)

    raised: BaseException | None = None
    async with lookups_finish_in_reverse():
        try:
            result = await guarded(
                stock_levels(FailingInventory(), ["apple", "kiwi", "pear"]), "stock_levels"
            )
        except Exception as caught:  # compared with the lookup's error below
            raised = caught
        else:
            pytest.fail(f"expected the lookup's KeyError to be raised, got {result!r}")
    assert raised is error, f"expected the very KeyError the lookup raised, got {raised!r}"


@pytest.mark.rule(2)
async def test_loop_stays_responsive_during_lookups() -> None:
    """the event loop keeps running while the blocking lookups wait, in worker threads"""
    inventory = HandshakeInventory()
    async with lookups_finish_in_reverse():
        beating = asyncio.ensure_future(heartbeat(5, inventory.released))
        try:
            levels = await guarded(stock_levels(inventory, ["a", "bb", "ccc"]), "stock_levels")
        finally:
            beating.cancel()
            await asyncio.gather(beating, return_exceptions=True)
    assert inventory.gave_up == 0, (
        f"expected the heartbeat coroutine to keep ticking while the lookups block, but "
        f"{inventory.gave_up} lookup(s) waited {HANDSHAKE_SECONDS}s for it in vain: the "
        "blocking call ran on the event loop's own thread and froze it"
    )
    assert threading.main_thread().name not in inventory.threads, (
        "expected the lookups to run in worker threads, they ran in the main thread"
    )
    assert levels == {"a": 1, "bb": 2, "ccc": 3}, f"wrong levels {levels!r}"


@pytest.mark.rule(3)
async def test_lookups_run_concurrently() -> None:
    """all the lookups run at the same time in several threads, not one after another"""
    inventory = BarrierInventory(parties=len(SKUS))
    async with lookups_finish_in_reverse():
        levels = await guarded(stock_levels(inventory, SKUS), "stock_levels")
    assert inventory.broken == 0, (
        f"expected all {len(SKUS)} lookups to be in progress at the same time, but they "
        f"waited {HANDSHAKE_SECONDS}s for each other in vain: start every lookup before "
        "awaiting any"
    )
    assert levels == {sku: len(sku) for sku in SKUS}, f"wrong levels {levels!r}"


@pytest.mark.rule(5)
async def test_digest_runs_in_a_process_pool() -> None:
    """the digest is computed in the given process pool and its result returned"""
    with ProcessPoolExecutor(max_workers=1) as pool:
        digest = await guarded(digest_off_loop(b"kata", 1_000, pool), "digest_off_loop")
    assert digest == expected_digest(b"kata", 1_000), (
        f"expected slow_digest's result {expected_digest(b'kata', 1_000)!r}, got {digest!r}"
    )


@pytest.mark.rule(5)
@pytest.mark.parametrize("rounds", [10, 0])
async def test_uses_the_given_executor(rounds: int) -> None:
    """the CPU-heavy work is submitted once to the executor passed in, even when it fails"""
    executor = CountingExecutor()
    try:
        outcome = await guarded(
            asyncio.gather(digest_off_loop(b"abc", rounds, executor), return_exceptions=True),
            "digest_off_loop",
        )
    finally:
        executor.shutdown(wait=True)
    assert (executor.submitted, len(executor.ran_in)) == (1, 1), (
        f"expected slow_digest(data, {rounds}) to be submitted once to the executor given as "
        f"argument, it was submitted {executor.submitted} time(s) and ran "
        f"{len(executor.ran_in)} time(s) there"
    )
    if rounds > 0:
        assert outcome == [expected_digest(b"abc", rounds)], "expected slow_digest's result"


@pytest.mark.rule(6)
async def test_cpu_work_runs_off_the_loop() -> None:
    """the event loop keeps ticking while the executor computes the digest"""
    executor = HandshakeExecutor()
    beating = asyncio.ensure_future(heartbeat(5, executor.released))
    try:
        digest = await guarded(digest_off_loop(b"kata", 100, executor), "digest_off_loop")
    finally:
        beating.cancel()
        await asyncio.gather(beating, return_exceptions=True)
        executor.released.set()
        executor.shutdown(wait=True)
    assert executor.submitted == 1, (
        f"expected the work to be submitted once to the given executor, it was submitted "
        f"{executor.submitted} time(s)"
    )
    assert executor.gave_up == 0, (
        f"expected the event loop to keep running while the executor computes, but the work "
        f"waited {HANDSHAKE_SECONDS}s for a heartbeat in vain: the coroutine blocked the loop "
        "until the work was done (await the executor's future, never call .result() on it)"
    )
    assert digest == expected_digest(b"kata", 100), "expected slow_digest's result"


@pytest.mark.rule(7)
async def test_cpu_errors_propagate() -> None:
    """an exception raised in the worker process reaches the caller"""
    with (
        ProcessPoolExecutor(max_workers=1) as pool,
        pytest.raises(ValueError, match="rounds must be at least 1, got 0"),
    ):
        await guarded(digest_off_loop(b"abc", 0, pool), "digest_off_loop")


@pytest.mark.rule(7)
async def test_cpu_errors_propagate_from_threads() -> None:
    """an exception raised in a worker thread reaches the caller"""
    executor = CountingExecutor()
    try:
        with pytest.raises(ValueError, match="rounds must be at least 1, got -3"):
            await guarded(digest_off_loop(b"abc", -3, executor), "digest_off_loop")
    finally:
        executor.shutdown(wait=True)

"""Hidden pytest checks for the unblock_the_loop kata.

Responsiveness is checked by a handshake, not by timing: the blocking lookups wait for a
heartbeat coroutine to tick a few times. If the loop is blocked the heartbeat cannot tick and
the lookups give up after a generous timeout. The CPU-bound check counts heartbeat ticks while
the work runs: a blocked loop ticks zero times.
"""

import asyncio
import hashlib
import threading
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any

import pytest

from katas.unblock_the_loop import digest_off_loop, stock_levels

HANDSHAKE_SECONDS = 2.0  # a lookup gives up after this; a responsive loop answers in ms
ROUNDS = 100_000  # about 0.1-0.3 s of pure-Python hashing


def expected_digest(data: bytes, rounds: int) -> str:
    digest = data
    for _ in range(rounds):
        digest = hashlib.sha256(digest).digest()
    return digest.hex()


class DictInventory:
    """A blocking inventory backed by a dict; unknown skus raise KeyError."""

    def __init__(self, levels: dict[str, int]) -> None:
        self.levels = levels

    def lookup(self, sku: str) -> int:
        return self.levels[sku]


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
    """A thread pool that counts how often work is submitted to it."""

    def __init__(self) -> None:
        super().__init__(max_workers=1)
        self.submitted = 0

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        self.submitted += 1
        return super().submit(fn, *args, **kwargs)


async def test_returns_every_stock_level() -> None:
    """returns {sku: level} for every sku"""
    inventory = DictInventory({"apple": 3, "pear": 0, "plum": 12})
    levels = await stock_levels(inventory, ["plum", "apple", "pear"])
    assert levels == {"plum": 12, "apple": 3, "pear": 0}, (
        f"expected {{'plum': 12, 'apple': 3, 'pear': 0}}, got {levels!r}"
    )
    empty = await stock_levels(inventory, [])
    assert empty == {}, f"expected {{}} for no skus, got {empty!r}"


async def test_lookup_errors_propagate() -> None:
    """an exception raised by a lookup reaches the caller"""
    inventory = DictInventory({"apple": 3})
    with pytest.raises(KeyError, match="kiwi"):
        await stock_levels(inventory, ["apple", "kiwi"])


async def test_loop_stays_responsive_during_lookups() -> None:
    """the event loop keeps running while the blocking lookups wait"""
    inventory = HandshakeInventory()
    ticks = 0

    async def heartbeat() -> None:
        nonlocal ticks
        while ticks < 5:
            await asyncio.sleep(0.005)
            ticks += 1
        inventory.released.set()

    beating = asyncio.ensure_future(heartbeat())
    try:
        levels = await stock_levels(inventory, ["a", "bb", "ccc"])
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


async def test_lookups_run_concurrently() -> None:
    """the lookups run at the same time in several threads, not one after another"""
    inventory = BarrierInventory(parties=3)
    levels = await stock_levels(inventory, ["a", "bb", "ccc"])
    assert inventory.broken == 0, (
        f"expected 3 lookups to be in progress at the same time, but they waited "
        f"{HANDSHAKE_SECONDS}s for each other in vain: start every lookup before awaiting any"
    )
    assert levels == {"a": 1, "bb": 2, "ccc": 3}, f"wrong levels {levels!r}"


async def test_cpu_work_runs_off_the_loop() -> None:
    """CPU-heavy work runs in the executor while the event loop keeps ticking"""
    ticks = 0

    async def heartbeat() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.002)
            ticks += 1

    with ProcessPoolExecutor(max_workers=1) as pool:
        beating = asyncio.ensure_future(heartbeat())
        try:
            await asyncio.sleep(0.01)  # the heartbeat is running
            before = ticks
            digest = await digest_off_loop(b"kata", ROUNDS, pool)
            during = ticks - before
        finally:
            beating.cancel()
            await asyncio.gather(beating, return_exceptions=True)
    assert digest == expected_digest(b"kata", ROUNDS), "expected slow_digest's result"
    assert during >= 3, (
        f"expected the heartbeat to keep ticking (every 2 ms) while the digest was computed, "
        f"it ticked {during} time(s): the work ran on the event loop's thread"
    )


async def test_uses_the_given_executor() -> None:
    """the CPU-heavy work is submitted to the executor passed in"""
    executor = CountingExecutor()
    try:
        digest = await digest_off_loop(b"abc", 10, executor)
    finally:
        executor.shutdown(wait=True)
    assert digest == expected_digest(b"abc", 10), "expected slow_digest's result"
    assert executor.submitted == 1, (
        f"expected the work to be submitted once to the executor given as argument, "
        f"it was submitted {executor.submitted} time(s)"
    )


async def test_cpu_errors_propagate() -> None:
    """an exception raised in the worker process reaches the caller"""
    with (
        ProcessPoolExecutor(max_workers=1) as pool,
        pytest.raises(ValueError, match="rounds must be at least 1"),
    ):
        await digest_off_loop(b"abc", 0, pool)

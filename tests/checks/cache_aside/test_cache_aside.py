"""Hidden pytest checks for the cache_aside kata."""

from __future__ import annotations

import asyncio

import pytest

from katas.cache_aside import CacheAside


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, now: float = 0.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class LoadFailedError(Exception):
    """What the fake database raises when told to fail."""


class FakeDatabase:
    """The slow backend behind the cache: records every load and store.

    ``hold_next`` makes the next load wait for an event (after reading its value, like a query
    that has run but not yet returned); ``fail_next`` makes that many loads raise.
    """

    def __init__(self, data: dict[str, str]) -> None:
        self.data = dict(data)
        self.loads: list[str] = []
        self.stores: list[tuple[str, str]] = []
        self.hold_next: asyncio.Event | None = None
        self.fail_next = 0

    async def load(self, key: str) -> str:
        self.loads.append(key)
        value = self.data[key]
        gate, self.hold_next = self.hold_next, None
        failing = self.fail_next > 0
        if failing:
            self.fail_next -= 1
        if gate is not None:
            await gate.wait()
        if failing:
            raise LoadFailedError(f"database unavailable while loading {key!r}")
        return value

    async def store(self, key: str, value: str) -> None:
        self.stores.append((key, value))
        self.data[key] = value


def make_cache(
    db: FakeDatabase, clock: FakeClock | None = None, ttl: float = 30.0
) -> CacheAside[str, str]:
    return CacheAside(db.load, db.store, ttl=ttl, clock=clock or FakeClock(100.0))


async def settle() -> None:
    """Let every ready task run until it blocks (no real time passes)."""
    for _ in range(50):
        await asyncio.sleep(0)


async def test_hits_and_misses_are_counted() -> None:
    """a repeated get is a hit (no load); hits and misses are counted"""
    db = FakeDatabase({"a": "A", "b": "B"})
    cache = make_cache(db)
    got = [await cache.get("a"), await cache.get("a"), await cache.get("b"), await cache.get("a")]
    assert got == ["A", "A", "B", "A"], f"expected values A, A, B, A, got {got}"
    assert db.loads == ["a", "b"], (
        f"expected one load per key (a, then b) and hits for the rest, got loads {db.loads}"
    )
    stats = cache.stats
    assert (stats.hits, stats.misses) == (2, 2), (
        f"get a, a, b, a: expected 2 hits and 2 misses, got hits={stats.hits} misses={stats.misses}"
    )


async def test_entries_expire_after_the_ttl() -> None:
    """an entry is served until ttl seconds after it was loaded, then loaded again"""
    db = FakeDatabase({"a": "v1"})
    clock = FakeClock(100.0)
    cache = make_cache(db, clock, ttl=30.0)
    first = await cache.get("a")
    db.data["a"] = "v2"  # changed behind the cache's back
    clock.now = 129.9
    before_expiry = await cache.get("a")
    clock.now = 130.1
    after_expiry = await cache.get("a")
    assert (first, before_expiry) == ("v1", "v1"), (
        f"loaded at t=100 with ttl=30, the entry is fresh at t=129.9: expected v1 from the "
        f"cache, got {before_expiry!r}"
    )
    assert after_expiry == "v2", (
        f"at t=130.1 the entry has expired: expected a new load returning 'v2', "
        f"got {after_expiry!r}"
    )
    assert db.loads == ["a", "a"], f"expected 2 loads (before and after expiry), got {db.loads}"
    assert (cache.stats.hits, cache.stats.misses) == (1, 2), (
        f"expected 1 hit and 2 misses, got {cache.stats}"
    )


async def test_a_write_goes_to_the_store_and_invalidates() -> None:
    """set() writes through store() and the next get() loads the new value"""
    db = FakeDatabase({"a": "old"})
    cache = make_cache(db)
    assert await cache.get("a") == "old"
    await cache.set("a", "new")
    assert db.stores == [("a", "new")], f"expected store('a', 'new') once, got {db.stores}"
    got = await cache.get("a")
    assert got == "new", f"after set('a', 'new') get('a') should return 'new', got {got!r}"
    assert db.loads == ["a", "a"], (
        f"the write should invalidate the entry so the next get loads again; loads: {db.loads}"
    )


async def test_invalidate_forgets_the_key() -> None:
    """invalidate(key) makes the next get() load again; other keys stay cached"""
    db = FakeDatabase({"a": "A1", "b": "B1"})
    cache = make_cache(db)
    await cache.get("a")
    await cache.get("b")
    db.data.update(a="A2", b="B2")
    cache.invalidate("a")
    cache.invalidate("missing")  # forgetting an unknown key is not an error
    got = (await cache.get("a"), await cache.get("b"))
    assert got == ("A2", "B1"), (
        f"after invalidate('a'): expected a reloaded 'A2' and b still cached as 'B1', got {got}"
    )
    assert db.loads == ["a", "b", "a"], f"expected loads a, b, a; got {db.loads}"


async def test_concurrent_misses_share_one_load() -> None:
    """N concurrent misses on one key cause exactly one load (single flight)"""
    db = FakeDatabase({"hot": "value"})
    cache = make_cache(db)
    release = asyncio.Event()
    db.hold_next = release
    tasks = [asyncio.create_task(cache.get("hot")) for _ in range(20)]
    try:
        await settle()
        loads_while_waiting = len(db.loads)
    finally:
        release.set()
        results = await asyncio.gather(*tasks, return_exceptions=True)
    assert loads_while_waiting == 1, (
        f"20 concurrent gets of a cold key should start exactly 1 load, started "
        f"{loads_while_waiting}"
    )
    assert results == ["value"] * 20, f"every caller should get 'value', got {results}"
    assert db.loads == ["hot"], f"expected exactly one load in total, got {db.loads}"
    assert await cache.get("hot") == "value"
    assert db.loads == ["hot"], "after the shared load the value should be cached"


async def test_a_failing_load_reaches_every_waiter_and_is_not_cached() -> None:
    """a failing load raises in every waiting caller, is not cached, and the next get retries"""
    db = FakeDatabase({"k": "v"})
    cache = make_cache(db)
    release = asyncio.Event()
    db.hold_next = release
    db.fail_next = 1
    tasks = [asyncio.create_task(cache.get("k")) for _ in range(5)]
    try:
        await settle()
    finally:
        release.set()
        results = await asyncio.gather(*tasks, return_exceptions=True)
    kinds = [type(r).__name__ for r in results]
    assert all(isinstance(r, LoadFailedError) for r in results), (
        f"all 5 callers waiting on the failed load should get its LoadFailedError, got {kinds}"
    )
    assert db.loads == ["k"], (
        f"the 5 callers should share the one failing load, got {len(db.loads)} loads"
    )
    got = await cache.get("k")
    assert got == "v", f"after a failed load, the next get should load again; got {got!r}"
    assert db.loads == ["k", "k"], (
        f"the failure must not be cached: expected a second load, got loads {db.loads}"
    )


async def test_different_keys_load_independently() -> None:
    """a slow load of one key does not block or merge with the loads of other keys"""
    db = FakeDatabase({"slow": "S", "fast": "F", "other": "O"})
    cache = make_cache(db)
    release = asyncio.Event()
    db.hold_next = release
    slow = asyncio.create_task(cache.get("slow"))
    try:
        await settle()
        try:
            async with asyncio.timeout(2):
                fast, other = await asyncio.gather(cache.get("fast"), cache.get("other"))
        except TimeoutError:
            pytest.fail("get('fast') waited for the unrelated slow load of 'slow'")
    finally:
        release.set()
        slow_value = await slow
    assert (slow_value, fast, other) == ("S", "F", "O"), (
        f"each key should get its own value: expected ('S', 'F', 'O'), "
        f"got {(slow_value, fast, other)}"
    )
    assert sorted(db.loads) == ["fast", "other", "slow"], (
        f"expected one load per key, got {db.loads}"
    )


async def test_a_stale_load_does_not_refill_the_cache_after_a_write() -> None:
    """a load that was running during a write does not put its old value in the cache"""
    db = FakeDatabase({"k": "old"})
    cache = make_cache(db)
    release = asyncio.Event()
    db.hold_next = release
    reader = asyncio.create_task(cache.get("k"))
    try:
        await settle()  # the load has read 'old' and is waiting
        await cache.set("k", "new")
    finally:
        release.set()
        await reader  # may return 'old': it started before the write
    got = await cache.get("k")
    assert got == "new", (
        f"the write of 'new' finished before this get, but it returned {got!r}: the load that "
        f"started before the write put its stale value into the cache"
    )


async def test_a_get_after_a_write_does_not_join_the_stale_load() -> None:
    """a get that starts after a write runs a fresh load instead of waiting for the old one"""
    db = FakeDatabase({"k": "old"})
    cache = make_cache(db)
    release = asyncio.Event()
    db.hold_next = release
    reader = asyncio.create_task(cache.get("k"))
    try:
        await settle()
        await cache.set("k", "new")
        after_write = asyncio.create_task(cache.get("k"))
        await settle()
        finished = after_write.done()
    finally:
        release.set()
        await reader
        value = await after_write
    assert finished, (
        "a get started after set() finished was still waiting for the load that began before "
        "the write (it joined the stale in-flight load instead of starting a new one)"
    )
    assert value == "new", f"a get after set('k', 'new') should return 'new', got {value!r}"
    assert db.loads == ["k", "k"], f"expected the old load and one fresh load, got {db.loads}"

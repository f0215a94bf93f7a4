"""Hidden pytest checks for the cache_aside kata."""

from __future__ import annotations

import asyncio
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import pytest

from katas.cache_aside import CacheAside, CacheStats
from pykata.leaks import no_leaks


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
    ``hold_all`` and ``fail_all`` do the same to every load while they are set, so a load
    that is started once more behaves like the first one. ``cancelled_loads`` counts the loads
    that were cancelled while they waited.
    """

    def __init__(self, data: dict[str, str]) -> None:
        self.data = dict(data)
        self.loads: list[str] = []
        self.stores: list[tuple[str, str]] = []
        self.hold_next: asyncio.Event | None = None
        self.hold_store: asyncio.Event | None = None
        self.hold_all: asyncio.Event | None = None
        self.fail_next = 0
        self.fail_all = False
        self.fail_store = 0
        self.cancelled_loads = 0

    async def load(self, key: str) -> str:
        self.loads.append(key)
        value = self.data[key]
        gate, self.hold_next = self.hold_next or self.hold_all, None
        failing = self.fail_all or self.fail_next > 0
        if self.fail_next > 0:
            self.fail_next -= 1
        if gate is not None:
            try:
                await gate.wait()
            except asyncio.CancelledError:
                self.cancelled_loads += 1
                raise
        if failing:
            raise LoadFailedError(f"database unavailable while loading {key!r}")
        return value

    async def store(self, key: str, value: str) -> None:
        """Writes the value; ``hold_store`` keeps the write uncommitted until it is set."""
        self.stores.append((key, value))
        gate, self.hold_store = self.hold_store, None
        if gate is not None:
            await gate.wait()
        if self.fail_store > 0:
            self.fail_store -= 1
            raise LoadFailedError(f"database unavailable while storing {key!r}")
        self.data[key] = value


def make_cache(
    db: FakeDatabase, clock: FakeClock | None = None, ttl: float = 30.0
) -> CacheAside[str, str]:
    return CacheAside(db.load, db.store, ttl=ttl, clock=clock or FakeClock(100.0))


async def settle() -> None:
    """Let every ready task run until it blocks (no real time passes)."""
    for _ in range(50):
        await asyncio.sleep(0)


async def finish(*tasks: asyncio.Task[Any]) -> None:
    """Cancel whatever a wrong answer left hanging, and wait for every task to end."""
    await settle()
    for task in tasks:
        if not task.done():
            task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


def outcome(task: asyncio.Task[Any]) -> str:
    """What a finished task did, for messages."""
    if not task.done():
        return "still waiting"
    if task.cancelled():
        return "cancelled"
    error = task.exception()
    return f"raised {error!r}" if error is not None else f"returned {task.result()!r}"


@pytest.mark.rule(1, 9)
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


@pytest.mark.rule(2)
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


@pytest.mark.rule(7)
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


@pytest.mark.rule(4, 7)
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


@pytest.mark.rule(3)
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
        stats_while_waiting = cache.stats
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
    del stats_while_waiting  # judged by test_gets_waiting_for_a_load_are_misses


@pytest.mark.rule(5)
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


@pytest.mark.rule(4)
async def test_different_keys_load_independently() -> None:
    """a slow load of one key does not block or merge with the loads of other keys"""
    db = FakeDatabase({"slow": "S", "fast": "F", "other": "O"})
    cache = make_cache(db)
    release = asyncio.Event()
    db.hold_next = release
    slow = asyncio.create_task(cache.get("slow"))
    await settle()
    others = [asyncio.create_task(cache.get("fast")), asyncio.create_task(cache.get("other"))]
    await settle()
    waited = [outcome(task) for task in others]
    release.set()
    await finish(slow, *others)
    assert waited == ["returned 'F'", "returned 'O'"], (
        "while the load of 'slow' was still running, get('fast') and get('other') should "
        f"have loaded and returned their own values; they: {waited}"
    )
    assert slow.result() == "S", f"get('slow') should return 'S', it {outcome(slow)}"
    assert sorted(db.loads) == ["fast", "other", "slow"], (
        f"expected one load per key, got {db.loads}"
    )


@dataclass(frozen=True)
class SameHash:
    """A key whose instances all have one hash; two of them are equal only by name."""

    name: str

    def __hash__(self) -> int:
        return 0


# -1 and -2 have the same hash in CPython
COLLIDING_KEYS = {"-1 and -2": (-1, -2), "one hash": (SameHash("a"), SameHash("b"))}


@pytest.mark.rule(4)
@pytest.mark.parametrize(("first", "second"), COLLIDING_KEYS.values(), ids=COLLIDING_KEYS.keys())
async def test_keys_with_equal_hashes_are_different_keys(first: Hashable, second: Hashable) -> None:
    """keys are told apart by equality, not by hash: -1 and -2 are two keys"""
    loads: list[Hashable] = []
    gate = asyncio.Event()

    async def load(key: Hashable) -> str:
        loads.append(key)
        if key == first:
            await gate.wait()  # the load of the first key is slow
        return f"value of {key!r}"

    async def store(key: Hashable, value: str) -> None:
        pass

    cache: CacheAside[Hashable, str] = CacheAside(load, store, ttl=30.0, clock=FakeClock(100.0))
    slow = asyncio.create_task(cache.get(first))
    await settle()
    fast = asyncio.create_task(cache.get(second))
    await settle()
    waited = outcome(fast)
    gate.set()
    await finish(slow, fast)
    value = f"value of {second!r}"
    assert waited == f"returned {value!r}", (
        f"{first!r} and {second!r} have equal hashes but are different keys: while the load of "
        f"{first!r} ran, get({second!r}) should have loaded its own value; it {waited}"
    )
    cache.invalidate(first)
    got = await cache.get(second)
    assert (got, loads) == (value, [first, second]), (
        f"after invalidate({first!r}), get({second!r}) should still be served from the cache: "
        f"got {got!r}, loads {loads}"
    )


@pytest.mark.rule(8)
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


@pytest.mark.rule(8)
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


@pytest.mark.rule(1)
@pytest.mark.parametrize("value", [None, "", 0, False, [], LoadFailedError("a value")], ids=repr)
async def test_falsy_values_are_cached_too(value: object) -> None:
    """None, other falsy values and returned exception objects are cached like any value"""
    loads: list[str] = []

    async def load(key: str) -> object:
        loads.append(key)
        return value

    async def store(key: str, new: object) -> None:
        pass

    cache: CacheAside[str, object] = CacheAside(load, store, ttl=30.0, clock=FakeClock(100.0))
    got = [await cache.get("k"), await cache.get("k"), await cache.get("k")]
    assert got == [value] * 3, f"expected {value!r} three times, got {got}"
    assert loads == ["k"], (
        f"a loaded {value!r} is a value like any other: expected one load and two hits, got "
        f"{len(loads)} loads"
    )
    assert cache.stats == CacheStats(hits=2, misses=1), (
        f"expected 2 hits and 1 miss, got {cache.stats}"
    )


@pytest.mark.rule(2)
async def test_an_entry_expires_exactly_ttl_after_it_was_loaded() -> None:
    """fresh while clock() < t + ttl: at exactly t + ttl the entry has expired"""
    db = FakeDatabase({"a": "v1"})
    clock = FakeClock(100.0)
    cache = make_cache(db, clock, ttl=30.0)
    await cache.get("a")
    db.data["a"] = "v2"
    clock.now = 129.75
    assert await cache.get("a") == "v1", "at t=129.75 the entry loaded at t=100 is fresh"
    clock.now = 130.0
    got = await cache.get("a")
    assert got == "v2", (
        f"loaded at t=100 with ttl=30, the entry has expired at t=130 exactly "
        f"(fresh while clock() < t + ttl): expected a new load returning 'v2', got {got!r}"
    )
    assert db.loads == ["a", "a"], f"expected a second load at t=130, got {db.loads}"


@pytest.mark.rule(2)
async def test_the_ttl_counts_from_when_the_load_finished() -> None:
    """t is the clock() reading when the load finished, not when it started"""
    db = FakeDatabase({"a": "v1"})
    clock = FakeClock(100.0)
    cache = make_cache(db, clock, ttl=30.0)
    release = asyncio.Event()
    db.hold_next = release
    reader = asyncio.create_task(cache.get("a"))
    await settle()
    clock.now = 110.0  # the load takes 10 s
    release.set()
    await finish(reader)
    assert reader.result() == "v1"
    db.data["a"] = "v2"
    got = []
    for now in (135.0, 139.75, 140.0):
        clock.now = now
        got.append((now, await cache.get("a")))
    assert got == [(135.0, "v1"), (139.75, "v1"), (140.0, "v2")], (
        "the load started at t=100 and finished at t=110 (ttl=30): the entry is fresh until "
        f"t=140, expected (time, value) [(135.0, 'v1'), (139.75, 'v1'), (140.0, 'v2')], got {got}"
    )


@pytest.mark.rule(2)
async def test_time_comes_only_from_the_injected_clock() -> None:
    """freshness is judged by clock() alone (a fake clock far from the real one)"""
    db = FakeDatabase({"a": "v1"})
    clock = FakeClock(5_000_000.0)
    cache = make_cache(db, clock, ttl=1.0)
    await cache.get("a")
    db.data["a"] = "v2"
    clock.now = 5_000_000.5
    fresh = await cache.get("a")
    clock.now = 5_000_001.0
    expired = await cache.get("a")
    assert (fresh, expired) == ("v1", "v2"), (
        "with ttl=1 and a fake clock, the entry loaded at t=5000000 should be served at "
        f"t=5000000.5 and reloaded at t=5000001; got {fresh!r}, {expired!r}"
    )


@pytest.mark.rule(5)
async def test_the_load_is_retried_after_a_failure_without_waiters() -> None:
    """a failed load leaves nothing behind: the next get loads again and caches the value"""
    db = FakeDatabase({"k": "v"})
    cache = make_cache(db)
    db.fail_next = 2
    for attempt in (1, 2):
        with pytest.raises(LoadFailedError):
            await cache.get("k")
        assert db.loads == ["k"] * attempt, (
            f"each get after a failure should call load again; after {attempt} failing gets "
            f"the loads were {db.loads}"
        )
    assert await cache.get("k") == "v"
    assert await cache.get("k") == "v"
    assert db.loads == ["k"] * 3, f"the value loaded after the failures is cached: {db.loads}"


async def start_three_waiters(
    cache: CacheAside[str, str], db: FakeDatabase
) -> tuple[asyncio.Event, list[asyncio.Task[str]]]:
    """Three gets of "k" waiting for one held load; the first one started it.

    Every load of "k" is held until the event is set (a load started once more too).
    """
    release = asyncio.Event()
    db.hold_all = release
    first = asyncio.create_task(cache.get("k"))
    await settle()
    rest = [asyncio.create_task(cache.get("k")) for _ in range(2)]
    await settle()
    return release, [first, *rest]


@pytest.mark.rule(6)
@pytest.mark.parametrize(
    "cancelled",
    [[1], [0], [1, 2], [0, 1], [2, 0]],
    ids=[
        "a joined caller",
        "the caller that started the load",
        "two joined callers",
        "the starter, then a joined caller",
        "a joined caller, then the starter",
    ],
)
async def test_cancelling_a_caller_cancels_only_that_caller(cancelled: list[int]) -> None:
    """a cancelled get does not cancel the shared load: the other callers still get the value"""
    db = FakeDatabase({"k": "v"})
    cache = make_cache(db)
    async with no_leaks():
        release, callers = await start_three_waiters(cache, db)
        for index in cancelled:
            callers[index].cancel()
            await settle()
        late = asyncio.create_task(cache.get("k"))
        await settle()
        release.set()
        await settle()
        results = [outcome(task) for task in [*callers, late]]
        await finish(*callers, late)
    names = ["the starter", "joined caller 1", "joined caller 2", "a caller joining later"]
    for index, (name, result) in enumerate(zip(names, results, strict=True)):
        expected = "cancelled" if index in cancelled else "returned 'v'"
        assert result == expected, (
            f"three callers waited for one load of 'k' and {[names[i] for i in cancelled]} "
            f"were cancelled: {name} should have {expected}, it {result} "
            f"(all: {dict(zip(names, results, strict=True))})"
        )
    allowed = (["k"], ["k", "k"]) if 0 in cancelled else (["k"],)
    assert db.loads in allowed, (
        "cancelling callers that joined the load must not stop or restart it (only the "
        f"cancellation of the caller that started it may restart it once): loads {db.loads}"
    )
    loads = len(db.loads)
    assert await cache.get("k") == "v"
    assert len(db.loads) == loads, "the value the waiting callers got should be cached"


@pytest.mark.rule(6)
async def test_a_caller_cancelled_twice_still_leaves_the_load_to_the_others() -> None:
    """cancelling the same caller twice, then another one, leaves the last caller its value"""
    db = FakeDatabase({"k": "v"})
    cache = make_cache(db)
    async with no_leaks():
        release, callers = await start_three_waiters(cache, db)
        callers[0].cancel()
        callers[0].cancel()
        await settle()
        callers[1].cancel()
        await settle()
        release.set()
        await settle()
        results = [outcome(task) for task in callers]
        await finish(*callers)
    assert results == ["cancelled", "cancelled", "returned 'v'"], (
        "the starter was cancelled twice and joined caller 1 once: they should be cancelled "
        f"and joined caller 2 should get the value; got {results}"
    )


@pytest.mark.rule(6)
async def test_a_cancelled_caller_does_not_hide_a_failure_from_the_others() -> None:
    """when the shared load fails, the callers that were not cancelled get its exception"""
    db = FakeDatabase({"k": "v"})
    cache = make_cache(db)
    db.fail_all = True  # a load started once more fails too
    async with no_leaks():
        release, callers = await start_three_waiters(cache, db)
        callers[0].cancel()
        await settle()
        release.set()
        await settle()
        results = [outcome(task) for task in callers]
        await finish(*callers)
    assert results[0] == "cancelled", f"the cancelled starter should be cancelled: {results[0]}"
    assert all("LoadFailedError" in result for result in results[1:]), (
        f"the two other callers should get the load's LoadFailedError, got {results[1:]}"
    )


@pytest.mark.rule(7)
async def test_a_load_during_the_store_is_invalidated_too() -> None:
    """set() invalidates after store() returns: a value loaded during the store is dropped"""
    db = FakeDatabase({"k": "old"})
    cache = make_cache(db)
    committed = asyncio.Event()
    db.hold_store = committed
    writer = asyncio.create_task(cache.set("k", "new"))
    await settle()  # the write is in progress, not yet committed
    during = await cache.get("k")  # reads the committed (old) value
    committed.set()
    await finish(writer)
    assert writer.exception() is None, f"set() should succeed, it {outcome(writer)}"
    got = await cache.get("k")
    assert got == "new", (
        f"a get during the store loaded {during!r}; once set() has returned, get() should "
        f"return 'new', got {got!r} (set must invalidate after store returns, not before)"
    )


@pytest.mark.rule(7)
async def test_a_failing_store_raises_from_set() -> None:
    """if store() raises, set() raises the same exception"""
    db = FakeDatabase({"k": "old"})
    cache = make_cache(db)
    db.fail_store = 1
    try:
        await cache.set("k", "new")
    except LoadFailedError:
        return
    pytest.fail("store() raised LoadFailedError, but set() returned normally")


@pytest.mark.rule(8)
@pytest.mark.parametrize("old_fails", [False, True], ids=["old load returns", "old load fails"])
async def test_the_old_load_does_not_disturb_the_fresh_one(old_fails: bool) -> None:
    """after a write, the fresh load is shared as usual and the old load changes nothing"""
    db = FakeDatabase({"k": "old"})
    cache = make_cache(db)
    old_release, fresh_release = asyncio.Event(), asyncio.Event()
    db.hold_next = old_release
    db.fail_next = 1 if old_fails else 0  # only the old load fails
    before = asyncio.create_task(cache.get("k"))
    await settle()
    cache.invalidate("k")
    db.data["k"] = "new"
    db.hold_next = fresh_release
    after = asyncio.create_task(cache.get("k"))
    await settle()
    old_release.set()  # the old load finishes first...
    await settle()
    joining = asyncio.create_task(cache.get("k"))  # ...and must not unregister the fresh one
    await settle()
    loads_before_release = list(db.loads)
    fresh_release.set()
    await finish(before, after, joining)
    how = "failed" if old_fails else "returned"
    assert loads_before_release == ["k", "k"], (
        "a get started while the fresh load (after the invalidation) was running should join "
        f"it, even after the old load {how}; loads: {loads_before_release}"
    )
    assert (after.result(), joining.result()) == ("new", "new"), (
        f"gets after the invalidation should return 'new': {outcome(after)}, {outcome(joining)}"
    )
    assert await cache.get("k") == "new", "the fresh value should be cached"
    assert db.loads == ["k", "k"], f"the fresh value should be cached, loads: {db.loads}"


@pytest.mark.rule(8)
async def test_an_old_load_finishing_last_does_not_overwrite() -> None:
    """an old load that finishes after the fresh one does not replace the fresh value"""
    db = FakeDatabase({"k": "old"})
    cache = make_cache(db)
    old_release = asyncio.Event()
    db.hold_next = old_release
    before = asyncio.create_task(cache.get("k"))
    await settle()
    await cache.set("k", "new")
    fresh = await cache.get("k")
    old_release.set()
    await finish(before)
    got = await cache.get("k")
    assert (fresh, got) == ("new", "new"), (
        f"after set('k', 'new'): expected 'new' before and after the old load finished, "
        f"got {fresh!r} and then {got!r}"
    )
    assert db.loads == ["k", "k"], f"expected the old and one fresh load, got {db.loads}"


@pytest.mark.rule(9)
async def test_gets_waiting_for_a_load_are_misses() -> None:
    """every get waiting for a load is a miss, counted as soon as it is called"""
    db = FakeDatabase({"hot": "value"})
    cache = make_cache(db)
    release = asyncio.Event()
    db.hold_next = release
    tasks = [asyncio.create_task(cache.get("hot")) for _ in range(5)]
    await settle()
    during = cache.stats
    release.set()
    await finish(*tasks)
    after = cache.stats
    await cache.get("hot")
    assert during == CacheStats(hits=0, misses=5), (
        "while 5 gets wait for one load, stats should already count 5 misses (a get is "
        f"counted when it is called), got {during}"
    )
    assert after == CacheStats(hits=0, misses=5), (
        f"5 gets served by one shared load are 5 misses, no hits; got {after}"
    )
    assert cache.stats == CacheStats(hits=1, misses=5), (
        f"a get served from the cache afterwards is a hit: expected 1 hit, 5 misses, "
        f"got {cache.stats}"
    )


@pytest.mark.rule(9)
async def test_failed_and_cancelled_gets_are_misses() -> None:
    """gets whose load fails and gets that are cancelled still count as misses"""
    db = FakeDatabase({"k": "v"})
    cache = make_cache(db)
    db.fail_next = 1
    release = asyncio.Event()
    db.hold_next = release
    failing = [asyncio.create_task(cache.get("k")) for _ in range(3)]
    await settle()
    release.set()
    await finish(*failing)
    assert cache.stats == CacheStats(hits=0, misses=3), (
        f"3 gets whose shared load failed are 3 misses, got {cache.stats}"
    )
    release = asyncio.Event()
    db.hold_next = release
    waiting = [asyncio.create_task(cache.get("k")) for _ in range(2)]
    await settle()
    waiting[1].cancel()
    await settle()
    release.set()
    await finish(*waiting)
    assert cache.stats == CacheStats(hits=0, misses=5), (
        f"then 2 more gets, one of them cancelled while waiting: 5 misses, got {cache.stats}"
    )


@pytest.mark.rule(1)
def test_a_cache_made_outside_the_event_loop_works_inside_one() -> None:
    """a cache made outside any event loop (at import time) works from a loop started later"""
    db = FakeDatabase({"a": "A"})
    cache = make_cache(db)  # no event loop is running here

    async def use() -> list[str]:
        release = asyncio.Event()
        db.hold_next = release
        waiting = [asyncio.create_task(cache.get("a")) for _ in range(3)]
        await settle()
        release.set()
        return [*await asyncio.gather(*waiting), await cache.get("a")]

    got = asyncio.run(use())
    assert got == ["A"] * 4, f"expected 'A' four times, got {got}"
    assert db.loads == ["a"], f"expected one shared load, got {db.loads}"


@pytest.mark.rule(4, 1)
@pytest.mark.parametrize("write", ["invalidate", "set"])
async def test_invalidating_one_key_does_not_drop_another_keys_load(write: str) -> None:
    """invalidating one key while another key is loading still caches the other key's value"""
    db = FakeDatabase({"a": "A", "b": "B"})
    cache = make_cache(db)
    assert await cache.get("a") == "A"
    release = asyncio.Event()
    db.hold_next = release
    reader = asyncio.create_task(cache.get("b"))
    await settle()  # the load of 'b' is running
    if write == "invalidate":
        cache.invalidate("a")
    else:
        await cache.set("a", "A2")
    release.set()
    await finish(reader)
    assert reader.result() == "B", f"get('b') should return 'B', it {outcome(reader)}"
    loads = list(db.loads)
    got = await cache.get("b")
    assert got == "B", f"get('b') should return 'B' again, got {got!r}"
    assert db.loads == loads, (
        f"{write}('a') during the load of 'b' must leave 'b' alone: its loaded value should be "
        f"cached and the next get('b') a hit, but it loaded 'b' again (loads {db.loads})"
    )


@pytest.mark.rule(6)
async def test_a_load_outlives_its_last_joined_caller() -> None:
    """cancelling the last joined caller does not stop the load: a later get still joins it"""
    db = FakeDatabase({"k": "v"})
    cache = make_cache(db)
    async with no_leaks():
        release, callers = await start_three_waiters(cache, db)
        callers[0].cancel()  # the starter: the load may go on or be started once more
        await settle()
        callers[1].cancel()
        await settle()
        before = (list(db.loads), db.cancelled_loads)
        callers[2].cancel()  # the last caller still waiting, one that joined the load
        await settle()
        after = (list(db.loads), db.cancelled_loads)
        late = asyncio.create_task(cache.get("k"))
        await settle()
        late_loads = list(db.loads)
        release.set()
        await finish(*callers, late)
    assert after == before, (
        "cancelling a caller that joined the load (even the last one waiting) must not stop "
        f"or restart it: (loads started, loads cancelled) went from {before} to {after}"
    )
    assert late_loads == after[0], (
        "a get started after every caller was cancelled should join the load still running, "
        f"not start another one: loads {late_loads}"
    )
    assert outcome(late) == "returned 'v'", f"the later get should return 'v', it {outcome(late)}"


@pytest.mark.rule(9)
async def test_a_get_is_counted_before_the_load_runs() -> None:
    """the get that starts a load is a miss as soon as it is called, before the load runs"""
    db = FakeDatabase({"k": "v"})
    cache = make_cache(db)
    release = asyncio.Event()
    db.hold_next = release
    tasks = [asyncio.create_task(cache.get("k")) for _ in range(3)]
    await asyncio.sleep(0)  # one pass of the loop: each get has been called and is waiting
    during = cache.stats
    release.set()
    await finish(*tasks)
    assert during == CacheStats(hits=0, misses=3), (
        "three gets of a cold key have been called and are waiting (the load they share has "
        f"not begun yet): stats should count 3 misses, got {during}"
    )
    assert cache.stats == CacheStats(hits=0, misses=3), f"expected 3 misses, got {cache.stats}"


@pytest.mark.rule(7)
async def test_a_write_of_the_cached_value_still_goes_to_the_store() -> None:
    """set() awaits store() even when the same value is cached, then invalidates the key"""
    db = FakeDatabase({"k": "v"})
    cache = make_cache(db)
    assert await cache.get("k") == "v"
    await cache.set("k", "v")
    assert db.stores == [("k", "v")], (
        "set('k', 'v') should call store('k', 'v') even though 'v' is cached and fresh (the "
        f"database may hold something else); stores: {db.stores}"
    )
    assert await cache.get("k") == "v"
    assert db.loads == ["k", "k"], (
        f"set() invalidates the key, so the next get loads again; loads: {db.loads}"
    )

"""Cache-aside: a TTL cache in front of a slow async loader, with single-flight loading.

The task
--------
Write ``CacheAside[K, V]``, the read path and write path of the cache-aside pattern: ``get``
serves fresh entries from memory and loads the rest through ``load(key)`` (think: a database
query); ``set`` writes through ``store(key, value)`` (the database) and drops the cached
entry; ``invalidate`` forgets a key; ``stats`` counts hits and misses.

Rules
-----
1. ``await cache.get(key)`` returns the cached value while its entry is fresh (a *hit*:
   ``load`` is not called). Otherwise (a *miss*) it calls ``load(key)``, caches the result
   and returns it. Any value can be cached, ``None``, other falsy values and exception objects
   that ``load`` returns (rather than raises) included. A cache can be made outside any event
   loop (at import time, say) and used later from one.
2. **Freshness.** An entry is fresh while ``clock() < t + ttl``, where ``t`` is what
   ``clock()`` read when its load *finished* (when the value was put in the cache), not when
   the load started. At ``clock() == t + ttl`` exactly the entry has expired. Read the time
   only through ``clock()`` (default ``time.monotonic``); the checks pass a fake clock.
3. **Single flight.** When many callers miss the same key at once, only one ``load(key)``
   runs; the others wait for it and get the same value. A stampede of N requests on a cold
   key must not become N identical database queries.
4. **Keys are independent.** Different keys load independently: a slow load of one key never
   delays a ``get`` of another key, and invalidating one key leaves the others cached.
5. **Errors are not cached.** If ``load`` raises, every caller waiting for that load gets the
   exception, nothing is cached, and the next ``get`` calls ``load`` again.
6. **Cancelling a caller cancels only that caller.** Its ``get`` raises ``CancelledError``;
   every other caller waiting for the same key still gets the value (or the load's
   exception), never ``CancelledError``, and no caller waits forever. Cancelling a caller that
   joined a load does not stop or restart it. When the cancelled caller is the one whose
   ``get`` started the load, the load may go on (simplest: run it as a task of its own) or be
   started once more for the others. This holds for any number of cancelled callers as long
   as one is still waiting.
7. **Writes.** ``await cache.set(key, value)`` first awaits ``store(key, value)``, then
   invalidates the key (after ``store`` has returned, so a load that ran during the store is
   invalidated too). If ``store`` raises, ``set`` raises that exception.
   ``cache.invalidate(key)`` forgets the key; forgetting an unknown key is not an error.
8. **Writes win.** A load that was already running when its key was invalidated (by
   ``invalidate``, or by ``set`` after its store) may still return its old value to the
   callers that were waiting for it, but it must not put that value in the cache, and a ``get``
   that starts after the invalidation must not wait for that old load: it starts a fresh one,
   which later callers share as usual (the old load finishing, before or after the fresh one,
   with a value or with an exception, changes nothing).
9. **Counters.** ``cache.stats`` is a ``CacheStats`` snapshot. A ``get`` counts as a hit only
   when it is served from a fresh entry; every other ``get`` is a miss, including one that
   waits for another caller's load, one whose load fails and one that is cancelled. A ``get``
   is counted when it is called, before it waits: while a load is in flight, ``stats``
   already counts every ``get`` waiting for it.
10. Types: ``CacheAside[K, V]`` takes ``K`` and ``V`` from ``load`` (an async callable);
    ``store`` takes the same ``K`` and ``V``; ``get`` returns ``V``; ``ttl`` and ``clock`` are
    keyword-only and ``clock`` returns float seconds; ``stats`` cannot be assigned to.

Example
-------
>>> async def load_user(user_id: int) -> str:
...     return await db.fetch_name(user_id)          # slow
>>> async def save_user(user_id: int, name: str) -> None:
...     await db.update_name(user_id, name)
>>> users = CacheAside(load_user, save_user, ttl=30.0)
>>> await users.get(1)            # miss: loads from the database
'Ada'
>>> await users.get(1)            # hit
'Ada'
>>> await users.set(1, "Grace")   # writes the database, drops the cached 'Ada'
>>> await users.get(1)            # miss: loads 'Grace'
'Grace'
>>> users.stats
CacheStats(hits=1, misses=2)

Where to start
--------------
Keep two dicts: fresh entries ``key -> (value, expires_at)`` and loads in flight
``key -> asyncio.Future`` (or ``asyncio.Task``). A missing caller either starts the load and
registers its future, or awaits the one already registered. Run the load as a task of its
own and await it through ``asyncio.shield``, so that cancelling one caller does not cancel the
load. Decide who removes the in-flight entry, and check it is still *the same* future before
you fill the cache with its result.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


@dataclass(frozen=True)
class CacheStats:
    """A snapshot of the cache's counters."""

    hits: int
    misses: int


class CacheAside(Generic[K, V]):
    """A cache-aside layer with TTL, invalidation on write and single-flight loads."""

    def __init__(
        self,
        load: Callable[[K], Awaitable[V]],
        store: Callable[[K, V], Awaitable[None]],
        *,
        ttl: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        raise NotImplementedError

    @property
    def stats(self) -> CacheStats:
        """Hits and misses of ``get`` so far."""
        raise NotImplementedError

    async def get(self, key: K) -> V:
        """The fresh cached value, or the loaded one (one load per key at a time)."""
        raise NotImplementedError

    async def set(self, key: K, value: V) -> None:
        """Write through ``store``, then invalidate the key."""
        raise NotImplementedError

    def invalidate(self, key: K) -> None:
        """Forget the cached value; a load still in flight may finish but must not fill it."""
        raise NotImplementedError

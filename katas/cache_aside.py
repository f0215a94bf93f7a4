"""Cache-aside: a TTL cache in front of a slow async loader, with single-flight loading.

The task
--------
Write ``CacheAside[K, V]``, the read path and write path of the cache-aside pattern:

- ``await cache.get(key)`` returns the cached value while it is fresh (a *hit*). Otherwise
  (a *miss*) it calls ``load(key)`` (think: a database query), caches the result for ``ttl``
  seconds and returns it.
- ``await cache.set(key, value)`` writes through ``store(key, value)`` (the database), then
  invalidates the key, so the next ``get`` loads the new value.
- ``cache.invalidate(key)`` forgets the key.
- ``cache.stats`` reports how many ``get`` calls were hits and how many were misses.

The rules
---------
- **Freshness.** An entry loaded when ``clock()`` read ``t`` is fresh while
  ``clock() < t + ttl``. Read the time only through ``clock()`` (default
  ``time.monotonic``); the checks pass a fake clock.
- **Single flight.** When many callers miss the same key at once, only one ``load(key)`` runs;
  the others wait for it and get the same value. A stampede of N requests on a cold key must
  not become N identical database queries. Different keys load independently (a slow load of
  one key never delays another key).
- **Errors are not cached.** If ``load`` raises, every caller waiting for that load gets the
  exception, nothing is cached, and the next ``get`` calls ``load`` again.
- **Writes win.** A load that was already running when ``set``/``invalidate`` happened may
  return an old value: it must not put that value in the cache, and a ``get`` that starts
  after the write must not wait for that old load (it starts a fresh one).
- A ``get`` counts as a hit only when served from a fresh entry; every other ``get`` is a
  miss (including one that waits for another caller's load).

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
registers its future, or awaits the one already registered. Decide who removes the in-flight
entry, and check it is still *the same* future before you fill the cache with its result.
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

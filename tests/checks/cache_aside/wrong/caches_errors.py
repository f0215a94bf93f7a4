"""Caches the failure: a failed load is remembered and re-raised until the TTL expires.

Caught by: test_a_failing_load_reaches_every_waiter_and_is_not_cached
"""

from __future__ import annotations

import asyncio
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
        self._load = load
        self._store = store
        self._ttl = ttl
        self._clock = clock
        self._entries: dict[K, tuple[V, float]] = {}
        self._errors: dict[K, tuple[BaseException, float]] = {}
        self._in_flight: dict[K, asyncio.Future[V]] = {}
        self._hits = 0
        self._misses = 0

    @property
    def stats(self) -> CacheStats:
        """Hits and misses of ``get`` so far."""
        return CacheStats(hits=self._hits, misses=self._misses)

    async def get(self, key: K) -> V:
        """The fresh cached value, or the loaded one (one load per key at a time)."""
        entry = self._entries.get(key)
        if entry is not None and self._clock() < entry[1]:
            self._hits += 1
            return entry[0]
        self._misses += 1
        error = self._errors.get(key)
        if error is not None and self._clock() < error[1]:
            raise error[0]
        flight = self._in_flight.get(key)
        if flight is None:
            # The load runs as its own task: a waiter that is cancelled (shield below) does
            # not cancel the load the other waiters share.
            flight = asyncio.ensure_future(self._load(key))
            self._in_flight[key] = flight
            flight.add_done_callback(lambda done: self._landed(key, done))
        return await asyncio.shield(flight)

    def _landed(self, key: K, flight: asyncio.Future[V]) -> None:
        failed = flight.cancelled() or flight.exception() is not None
        problem = None if flight.cancelled() else flight.exception()
        if problem is not None:
            self._errors[key] = (problem, self._clock() + self._ttl)
        if self._in_flight.get(key) is not flight:
            return  # invalidated while loading: the value may be stale, do not cache it
        del self._in_flight[key]
        if not failed:
            self._entries[key] = (flight.result(), self._clock() + self._ttl)

    async def set(self, key: K, value: V) -> None:
        """Write through ``store``, then invalidate the key."""
        try:
            await self._store(key, value)
        finally:
            self.invalidate(key)

    def invalidate(self, key: K) -> None:
        """Forget the cached value; a load still in flight may finish but must not fill it."""
        self._entries.pop(key, None)
        self._in_flight.pop(key, None)

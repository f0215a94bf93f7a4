"""Yields with ``await asyncio.sleep(0)`` around the blocking calls.

Yielding once lets other tasks run for one step, then the blocking call freezes the loop
exactly as before.

Caught by: test_loop_stays_responsive_during_lookups, test_cpu_work_runs_off_the_loop
"""

import asyncio
import hashlib
from collections.abc import Sequence
from concurrent.futures import Executor
from typing import Protocol


class Inventory(Protocol):
    """A blocking client (given: do not change it)."""

    def lookup(self, sku: str) -> int:
        """Return the stock level of ``sku``; blocks while it talks to the server."""
        ...


def slow_digest(data: bytes, rounds: int) -> str:
    """CPU-heavy: hash ``data`` ``rounds`` times (given: do not change it)."""
    if rounds < 1:
        raise ValueError(f"rounds must be at least 1, got {rounds}")
    digest = data
    for _ in range(rounds):
        digest = hashlib.sha256(digest).digest()
    return digest.hex()


async def stock_levels(inventory: Inventory, skus: Sequence[str]) -> dict[str, int]:
    levels = {}
    for sku in skus:
        await asyncio.sleep(0)
        levels[sku] = inventory.lookup(sku)
        await asyncio.sleep(0)
    return levels


async def digest_off_loop(data: bytes, rounds: int, executor: Executor) -> str:
    await asyncio.sleep(0)
    digest = slow_digest(data, rounds)
    await asyncio.sleep(0)
    return digest

"""Runs the CPU-heavy work with ``asyncio.to_thread``, ignoring the executor it is given.

The loop stays responsive, but the work competes for the GIL in the default thread pool
instead of running in the process pool the caller provided.

Caught by: test_uses_the_given_executor
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
    levels = await asyncio.gather(*(asyncio.to_thread(inventory.lookup, sku) for sku in skus))
    return dict(zip(skus, levels, strict=True))


async def digest_off_loop(data: bytes, rounds: int, executor: Executor) -> str:
    return await asyncio.to_thread(slow_digest, data, rounds)

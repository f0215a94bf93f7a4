"""Reference solution: unblock_the_loop."""

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
    # One worker thread per lookup, all started before any is awaited.
    levels = await asyncio.gather(*(asyncio.to_thread(inventory.lookup, sku) for sku in skus))
    return dict(zip(skus, levels, strict=True))


async def digest_off_loop(data: bytes, rounds: int, executor: Executor) -> str:
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(executor, slow_digest, data, rounds)

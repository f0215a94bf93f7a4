"""Gives each step its own timeout (``wait_for`` around acquire, and again around the request).

Each step stays under the deadline, but together they can take almost twice as long: the
caller's deadline is not kept.

Caught by: test_deadline_covers_the_whole_fetch
"""

import asyncio
from typing import Protocol


class Connection(Protocol):
    """A connection from the pool (given: do not change it)."""

    async def request(self, payload: str) -> str: ...


class Pool(Protocol):
    """A connection pool (given: do not change it)."""

    async def acquire(self) -> Connection: ...

    def release(self, connection: Connection) -> None: ...


class Ledger(Protocol):
    """A store whose writes become visible only when committed (given: do not change it)."""

    async def write(self, entry: str) -> None: ...

    async def commit(self) -> None: ...


async def fetch_with_deadline(pool: Pool, payload: str, *, deadline: float) -> str:
    connection = await asyncio.wait_for(pool.acquire(), deadline)
    try:
        return await asyncio.wait_for(connection.request(payload), deadline)
    finally:
        pool.release(connection)


async def record_payment(ledger: Ledger, entry: str) -> None:
    async def write_and_commit() -> None:
        await ledger.write(entry)
        await ledger.commit()

    await asyncio.shield(write_and_commit())

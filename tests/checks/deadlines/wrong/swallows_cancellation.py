"""Catches ``CancelledError`` and returns normally instead of re-raising it.

A swallowed cancellation breaks everything built on it: the caller's ``task.cancel()`` is
ignored, and ``asyncio.timeout`` cannot turn it into ``TimeoutError`` any more.

Caught by: test_cancelling_releases_and_propagates, test_times_out_at_the_deadline
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
    async with asyncio.timeout(deadline):
        connection = await pool.acquire()
        try:
            return await connection.request(payload)
        except asyncio.CancelledError:
            return ""
        finally:
            pool.release(connection)


async def record_payment(ledger: Ledger, entry: str) -> None:
    async def write_and_commit() -> None:
        await ledger.write(entry)
        await ledger.commit()

    try:
        await asyncio.shield(write_and_commit())
    except asyncio.CancelledError:
        pass

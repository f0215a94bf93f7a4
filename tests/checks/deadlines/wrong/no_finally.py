"""Releases the connection only after a successful request (no ``finally``).

On a timeout, an error or a cancellation the release line is skipped and the pool leaks a
connection every time: after enough timeouts the pool is empty and everything hangs.

Caught by: test_times_out_at_the_deadline, test_cancelling_releases_and_propagates
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
        response = await connection.request(payload)
        pool.release(connection)
        return response


async def record_payment(ledger: Ledger, entry: str) -> None:
    async def write_and_commit() -> None:
        await ledger.write(entry)
        await ledger.commit()

    await asyncio.shield(write_and_commit())

"""Awaits the write and the commit directly, without a shield.

A cancellation that arrives between (or during) the two steps interrupts the pair: the
write happened, the commit never does.

Caught by: test_critical_section_survives_cancellation
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
        finally:
            pool.release(connection)


async def record_payment(ledger: Ledger, entry: str) -> None:
    await ledger.write(entry)
    await ledger.commit()

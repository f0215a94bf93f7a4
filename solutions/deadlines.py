"""Reference solution: deadlines."""

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
    async with asyncio.timeout(deadline):  # one budget for both steps
        connection = await pool.acquire()
        try:  # starts only once we own a connection
            return await connection.request(payload)
        finally:
            pool.release(connection)


async def record_payment(ledger: Ledger, entry: str) -> None:
    async def write_and_commit() -> None:
        await ledger.write(entry)
        await ledger.commit()

    section = asyncio.ensure_future(write_and_commit())
    cancellation: asyncio.CancelledError | None = None
    while not section.done():
        try:
            # Cancelling us only cancels the shield: the section goes on, however often.
            await asyncio.shield(section)
        except asyncio.CancelledError as error:
            cancellation = error  # remembered; wait for the section again
        except Exception:  # the ledger failed: its error is raised just below
            break
    section.result()  # the ledger's error, if any, beats the cancellation
    if cancellation is not None:
        raise cancellation  # never swallowed: the caller ends cancelled

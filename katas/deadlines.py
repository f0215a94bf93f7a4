"""Deadlines: timeouts, cancellation and a shielded critical section.

In asyncio a timeout *is* a cancellation: when the deadline passes, ``asyncio.timeout``
cancels the task, a ``CancelledError`` is raised at whatever ``await`` the task is waiting on,
and the ``async with`` block turns it into ``TimeoutError`` on the way out. So code that
handles timeouts well is code that handles cancellation well: resources are released in
``finally``, ``CancelledError`` is never swallowed, and the few steps that must not be
interrupted halfway are shielded.

Your task: write two coroutines.

``fetch_with_deadline(pool, payload, *, deadline)``
    Take a connection with ``await pool.acquire()``, send ``await connection.request(payload)``
    and return the response.

    - The whole operation, *including waiting for a free connection*, gets ``deadline``
      seconds in total (one budget, not one per step). When it runs out, raise
      ``TimeoutError``.
    - A connection that was acquired is released exactly once with ``pool.release(connection)``,
      whatever happens: success, error, timeout or cancellation. A connection that was never
      acquired is not released.
    - Errors from the request propagate unchanged.
    - If the caller cancels the task, the cancellation propagates: the task ends cancelled.

``record_payment(ledger, entry)``
    ``await ledger.write(entry)`` then ``await ledger.commit()``. These two belong together:
    a write without its commit leaves the ledger inconsistent. Once started, the pair must
    complete even if the caller is cancelled meanwhile (``asyncio.shield``), and the caller
    still ends up cancelled. Errors from the ledger propagate.

Rules
- Never swallow ``CancelledError``: no ``except asyncio.CancelledError: return ...``, no bare
  ``except:`` / ``except BaseException: pass``. If you must catch it, re-raise it.
- ``asyncio.timeout`` (3.11+) or ``asyncio.wait_for`` are both fine; ``asyncio.sleep`` based
  polling is not.

Example::

    response = await fetch_with_deadline(pool, "GET /status", deadline=0.5)
    # a server that never answers -> TimeoutError after 0.5 s, connection back in the pool

Where to start: ``async with asyncio.timeout(deadline):`` around both steps, and a
``try``/``finally`` that starts right *after* the connection was acquired. For the ledger,
put the two steps in one inner coroutine and ``await asyncio.shield(...)`` it.
"""

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
    """Acquire a connection and send ``payload`` within ``deadline`` seconds in total."""
    raise NotImplementedError


async def record_payment(ledger: Ledger, entry: str) -> None:
    """Write ``entry`` and commit, as a unit that a cancellation cannot interrupt halfway."""
    raise NotImplementedError

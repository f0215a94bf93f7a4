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

``record_payment(ledger, entry)``
    ``await ledger.write(entry)`` then ``await ledger.commit()``. These two belong together:
    a write without its commit leaves the ledger inconsistent.

Rules
-----
1. The deadline is *one* budget of ``deadline`` seconds for the whole operation, waiting for a
   free connection included (not one budget per step, and not split between the steps): a
   fetch that finishes in time returns the connection's response, and when the budget runs
   out the fetch stops at once (the pending step is cancelled) and raises ``TimeoutError``.
   Time is the event loop's clock (``asyncio.get_running_loop().time()``, the one
   ``asyncio.timeout``, ``wait_for`` and ``sleep`` use): measure elapsed time with it, not
   with ``time.monotonic()``.
2. A connection that was acquired is released exactly once with ``pool.release(connection)``,
   whatever happens: success, error, timeout or cancellation.
3. A connection that was never acquired (the wait for one timed out, was cancelled or
   failed) is not released: ``pool.release`` is not called at all.
4. Errors raised by ``pool.acquire()`` or ``connection.request()`` propagate unchanged (the
   same exception object).
5. If the caller cancels the fetch, the cancellation propagates: the task ends cancelled (it
   does not return a value, and a cancellation is not turned into ``TimeoutError``).
6. ``record_payment`` writes, then commits, and returns once the commit is done. Errors from
   the ledger propagate unchanged.
7. Once ``record_payment`` has started, the write and the commit complete even if the caller
   is cancelled meanwhile, once or several times (``asyncio.shield``). ``record_payment``
   still waits for the commit to finish, then the caller ends cancelled: a cancellation is
   never swallowed.
8. If the ledger raises while the caller is already cancelled, the ledger's error propagates
   (instead of the ``CancelledError``): the caller must learn that the payment was not
   recorded.

Never swallow ``CancelledError``: no ``except asyncio.CancelledError: return ...``, no bare
``except:`` / ``except BaseException: pass``. If you must catch it, re-raise it.
``asyncio.timeout`` (3.11+) and ``asyncio.wait_for`` are both fine.

Example::

    response = await fetch_with_deadline(pool, "GET /status", deadline=0.5)
    # a server that never answers -> TimeoutError after 0.5 s, connection back in the pool

Where to start: ``async with asyncio.timeout(deadline):`` around both steps, and a
``try``/``finally`` that starts right *after* the connection was acquired. For the ledger,
run the two steps as one task (``asyncio.ensure_future`` of an inner coroutine) and await it
through ``asyncio.shield(...)`` until it is done: a second cancellation arrives at your next
``await``, so that one must be shielded too.
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

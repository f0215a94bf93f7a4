"""Unblock the loop: call blocking and CPU-heavy code from async code without freezing it.

An event loop runs one callback at a time on one thread. While a coroutine runs *synchronous*
code (a blocking socket call from an old SDK, ``time.sleep``, a long computation) nothing else
on that loop runs: no other request is served, no timeout fires, heartbeats stop. ``async def``
does not make blocking code non-blocking; only ``await`` on something that really waits lets
the loop do other work.

Your task: write two coroutines. ``Inventory`` and ``slow_digest`` are given: do not change
them.

``stock_levels(inventory, skus)``
    ``inventory.lookup(sku)`` is a *blocking* call (think: a legacy SDK doing HTTP with
    ``requests``). Look up every sku and return ``{sku: level}``. The skus are distinct.

``digest_off_loop(data, rounds, executor)``
    ``slow_digest`` below is CPU-heavy pure Python. Run it in ``executor`` (the caller owns
    it: typically a ``concurrent.futures.ProcessPoolExecutor`` created once at startup) and
    return its result.

A thread is right for blocking I/O (the GIL is released while waiting). For CPU-bound Python
a thread keeps the loop alive but the GIL still allows only one thread to run Python at a
time; a process pool gives real parallelism. That is why the executor is a parameter.

Rules
-----
1. ``stock_levels`` returns a dict with exactly one entry per sku, each sku mapped to the level
   that *its own* lookup returned, whatever order the lookups finish in. No skus give ``{}``.
2. Each lookup runs in a worker thread (``asyncio.to_thread(...)``, or
   ``loop.run_in_executor(None, ...)`` for the loop's default thread pool), so the loop keeps
   running while the lookups block. ``await asyncio.sleep(0)`` next to a blocking call does
   not help: it yields once, then the blocking call freezes the loop as before.
3. The lookups run *concurrently*: every lookup is started before any of them is awaited, so
   all of them can be in progress at the same time.
4. If a lookup raises, ``stock_levels`` raises that same exception object (not wrapped, and
   not skipped by leaving its sku out).
5. ``digest_off_loop`` submits ``slow_digest(data, rounds)`` to the ``executor`` it is given,
   exactly once, whatever the arguments (also those ``slow_digest`` rejects: leave checking
   them to it), never to another pool or thread, never on the loop, and returns its result. It
   must work with a ``ProcessPoolExecutor``, which pickles what it runs: submit the
   module-level function and its arguments, not a lambda or a local function.
6. The loop keeps running while the digest is computed: await the executor's work, never
   block on it (``future.result()`` in a coroutine freezes the loop just like the work itself).
7. An exception raised by ``slow_digest`` propagates to the caller of ``digest_off_loop`` with
   its type and message (a process pool re-raises a copy of it).

Example::

    levels = await stock_levels(inventory, ["apple", "pear"])   # {"apple": 3, "pear": 0}
    with ProcessPoolExecutor() as pool:
        digest = await digest_off_loop(b"secret", 100_000, pool)

Where to start: ``asyncio.to_thread(inventory.lookup, sku)`` returns a coroutine; build one per
sku and ``asyncio.gather`` them (``gather`` returns the results in the order of its
arguments). For the digest, ``asyncio.get_running_loop()`` has a method that runs a function
in a given executor and returns an awaitable future.
"""

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
    """Look up every sku concurrently in worker threads; return ``{sku: level}``."""
    raise NotImplementedError


async def digest_off_loop(data: bytes, rounds: int, executor: Executor) -> str:
    """Run ``slow_digest(data, rounds)`` in ``executor`` and return its result."""
    raise NotImplementedError

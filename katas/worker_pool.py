"""Worker pool: producers and consumers around a bounded ``asyncio.Queue``.

A classic backend shape: something produces jobs (rows to import, webhooks to deliver),
N workers consume them. Three things separate a toy from a production pool:

- **back-pressure**: a bounded queue (``asyncio.Queue(maxsize)``) makes a fast producer wait
  at ``await queue.put(...)`` instead of filling memory with a million pending jobs;
- **graceful shutdown**: stop accepting work, let the workers finish what is queued
  (``queue.join()`` waits until every item got its ``task_done()``), then stop the workers;
- **failure isolation**: one bad job is recorded and skipped; it does not kill its worker
  (a dead worker silently halves your throughput, and the last one dead means a hang).

Your task: write ``WorkerPool``: ``WorkerPool(handler, *, workers, maxsize)``, where
``handler`` is an async function processing one item; ``async with pool:``,
``await pool.submit(item)``, ``await pool.shutdown()``, and the lists ``pool.results`` and
``pool.errors``.

Rules
-----
1. ``workers`` and ``maxsize`` must be at least 1, else ``ValueError`` (note:
   ``asyncio.Queue(0)`` would mean *unbounded*). Creating the pool starts nothing: no task
   runs before the pool is entered, and a pool can be created outside any event loop.
2. ``async with pool as p:`` starts ``workers`` worker tasks and gives the pool itself
   (``p is pool``). At most ``workers`` items are processed at the same time, and that many
   are whenever that many items are waiting.
3. Leaving the ``async with`` block calls ``shutdown()``, also when the block raised; the
   block's exception then propagates.
4. ``await pool.submit(item)`` puts ``item`` on the queue. It returns at once while fewer than
   ``maxsize`` items wait in the queue, and waits while ``maxsize`` items wait (items being
   processed do not count: each worker holds at most one). So while every worker is busy,
   exactly ``workers + maxsize`` submits return.
5. A ``submit`` that is cancelled while it waits queues nothing, and it does not hold up the
   other waiting submits: they go on as soon as there is room, also when the cancelled one was
   next in line.
6. Once ``shutdown()`` has begun (also while it still waits for the queue to drain),
   ``submit`` raises ``RuntimeError``.
7. ``await pool.shutdown()`` waits until every submitted item has been processed, then stops
   the workers: when it returns no worker task is left. Calling it again does nothing.
8. If the task running ``shutdown()`` is cancelled while it waits (once, or again while it
   stops the workers), the workers are stopped anyway before the cancellation propagates: no
   worker task is left behind. The items not processed yet are dropped, and a later
   ``shutdown()`` (for instance the one that leaving ``async with`` makes) returns at once.
9. Every item is processed exactly once. A handler's result is appended to ``results``, in
   completion order.
10. A handler exception (any ``Exception``) is appended to ``errors`` as ``(item, exception)``
    and the worker goes on with the next item.

Example::

    async def resize(image_id: int) -> str:
        ...

    async with WorkerPool(resize, workers=4, maxsize=100) as pool:
        for image_id in image_ids:
            await pool.submit(image_id)      # waits when 100 are queued
    # here: all images processed, all workers stopped
    print(len(pool.results), pool.errors)

Where to start: in ``__aenter__`` create the worker tasks. A worker is a ``while True`` loop:
``item = await queue.get()``, then ``try`` the handler, ``except Exception`` record the error,
and ``finally`` call ``queue.task_done()``. ``shutdown`` awaits ``queue.join()`` *before*
cancelling the workers, then awaits them; cancel them in a ``finally`` so that a cancelled
``shutdown`` stops them too.
"""

from collections.abc import Awaitable, Callable
from typing import Generic, Self, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class WorkerPool(Generic[T, R]):
    """``workers`` tasks processing items from a queue of at most ``maxsize`` items."""

    results: list[R]
    errors: list[tuple[T, Exception]]

    def __init__(self, handler: Callable[[T], Awaitable[R]], *, workers: int, maxsize: int) -> None:
        raise NotImplementedError

    async def __aenter__(self) -> Self:
        raise NotImplementedError

    async def __aexit__(self, *exc_info: object) -> None:
        raise NotImplementedError

    async def submit(self, item: T) -> None:
        """Queue ``item``; wait while the queue is full; ``RuntimeError`` after shutdown."""
        raise NotImplementedError

    async def shutdown(self) -> None:
        """Stop accepting items, process everything queued, then stop every worker."""
        raise NotImplementedError

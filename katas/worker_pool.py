"""Worker pool: producers and consumers around a bounded ``asyncio.Queue``.

A classic backend shape: something produces jobs (rows to import, webhooks to deliver),
N workers consume them. Three things separate a toy from a production pool:

- **back-pressure**: a bounded queue (``asyncio.Queue(maxsize)``) makes a fast producer wait
  at ``await queue.put(...)`` instead of filling memory with a million pending jobs;
- **graceful shutdown**: stop accepting work, let the workers finish what is queued
  (``queue.join()`` waits until every item got its ``task_done()``), then stop the workers;
- **failure isolation**: one bad job is recorded and skipped; it does not kill its worker
  (a dead worker silently halves your throughput, and the last one dead means a hang).

Your task: write ``WorkerPool``.

``WorkerPool(handler, *, workers, maxsize)``
    ``handler`` is an async function processing one item. ``workers`` and ``maxsize`` must be
    at least 1, else ``ValueError`` (note: ``asyncio.Queue(0)`` would mean *unbounded*).
    Creating the pool starts nothing.

``async with pool:``
    Entering starts ``workers`` worker tasks; leaving calls ``shutdown()``.

``await pool.submit(item)``
    Puts ``item`` on the queue, waiting while the queue is full (at most ``maxsize`` items
    wait in the queue; each worker holds at most one item it is processing). After
    ``shutdown()`` has begun, ``submit`` raises ``RuntimeError``.

``await pool.shutdown()``
    Stops accepting items, waits until every submitted item has been processed, then stops the
    workers. When it returns no worker task is left. Calling it again does nothing.

``pool.results`` / ``pool.errors``
    Every item is processed exactly once. A handler result is appended to ``results`` (in
    completion order); a handler exception (any ``Exception``) is appended to ``errors`` as
    ``(item, exception)`` and the worker goes on with the next item.

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
cancelling the workers, then awaits them.
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

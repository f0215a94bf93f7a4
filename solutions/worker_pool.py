"""Reference solution: worker_pool."""

import asyncio
from collections.abc import Awaitable, Callable
from typing import Generic, Self, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class WorkerPool(Generic[T, R]):
    results: list[R]
    errors: list[tuple[T, Exception]]

    def __init__(self, handler: Callable[[T], Awaitable[R]], *, workers: int, maxsize: int) -> None:
        if workers < 1 or maxsize < 1:
            raise ValueError(f"workers and maxsize must be at least 1, got {workers}, {maxsize}")
        self._handler = handler
        self._worker_count = workers
        self._queue: asyncio.Queue[T] = asyncio.Queue(maxsize)
        self._workers: list[asyncio.Task[None]] = []
        self._closed = False
        self.results = []
        self.errors = []

    async def __aenter__(self) -> Self:
        self._workers = [asyncio.create_task(self._work()) for _ in range(self._worker_count)]
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.shutdown()

    async def submit(self, item: T) -> None:
        if self._closed:
            raise RuntimeError("the pool is shutting down; no new items are accepted")
        await self._queue.put(item)  # waits while the queue is full: back-pressure

    async def shutdown(self) -> None:
        self._closed = True
        try:
            await self._queue.join()  # drain first...
        finally:  # ...then stop the (now idle) workers, also when we were cancelled
            workers, self._workers = self._workers, []
            for worker in workers:
                worker.cancel()
            while not self._queue.empty():  # left when we were cancelled: dropped
                self._queue.get_nowait()
                self._queue.task_done()
            await asyncio.gather(*workers, return_exceptions=True)  # waits even if cancelled

    async def _work(self) -> None:
        while True:
            item = await self._queue.get()
            try:
                self.results.append(await self._handler(item))
            except Exception as error:  # one bad item must not kill the worker
                self.errors.append((item, error))
            finally:
                self._queue.task_done()

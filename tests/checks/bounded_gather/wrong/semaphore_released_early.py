"""The semaphore is released before the awaitable runs (held only while calling the factory).

The ``async with`` block ends too early: calling the factory only creates the coroutine; the
work happens at ``await``, which is outside the slot.

Caught by: test_never_more_than_limit_in_flight, test_limit_is_reached
"""

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from typing import Literal, TypeVar, overload

T = TypeVar("T")


@overload
async def bounded_gather(
    factories: Iterable[Callable[[], Awaitable[T]]],
    *,
    limit: int,
    return_exceptions: Literal[False] = False,
) -> list[T]: ...
@overload
async def bounded_gather(
    factories: Iterable[Callable[[], Awaitable[T]]],
    *,
    limit: int,
    return_exceptions: bool,
) -> list[T | BaseException]: ...
async def bounded_gather(
    factories: Iterable[Callable[[], Awaitable[T]]],
    *,
    limit: int,
    return_exceptions: bool = False,
) -> list[T] | list[T | BaseException]:
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")

    slots = asyncio.Semaphore(limit)

    async def run(factory: Callable[[], Awaitable[T]]) -> T:
        async with slots:
            awaitable = factory()
        return await awaitable

    tasks = [asyncio.ensure_future(run(factory)) for factory in factories]
    try:
        return await asyncio.gather(*tasks, return_exceptions=return_exceptions)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

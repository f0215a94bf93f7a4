"""Semaphore + gather, but nothing is cancelled when one awaitable fails.

``asyncio.gather`` raises the first exception and leaves the other tasks running in the
background, where they keep working (and may fail unobserved later).

Caught by: test_failure_cancels_the_rest
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
            return await factory()

    tasks = [asyncio.ensure_future(run(factory)) for factory in factories]
    return await asyncio.gather(*tasks, return_exceptions=return_exceptions)

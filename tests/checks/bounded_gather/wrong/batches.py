"""Processes the factories in batches of ``limit`` (gather one chunk, then the next).

Never more than ``limit`` in flight, but one slow item holds up its whole batch while the
other slots sit idle.

Caught by: test_next_starts_as_soon_as_a_slot_frees
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

    pending = list(factories)
    results: list[T | BaseException] = []
    for start in range(0, len(pending), limit):
        tasks = [asyncio.ensure_future(factory()) for factory in pending[start : start + limit]]
        try:
            results.extend(await asyncio.gather(*tasks, return_exceptions=return_exceptions))
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
    return results

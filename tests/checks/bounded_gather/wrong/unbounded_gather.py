"""Plain asyncio.gather: everything starts at once, the limit is ignored.

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

    return await asyncio.gather(
        *(factory() for factory in factories), return_exceptions=return_exceptions
    )

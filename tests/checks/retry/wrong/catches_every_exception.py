"""Catches `Exception` instead of the `exceptions` tuple, so every error is retried.

A ValueError from a bug (or a 404) is retried as if it were a dropped connection: the caller
waits for nothing and the real error arrives late.

Caught by: test_other_exceptions_are_not_retried
"""

import asyncio
import functools
import inspect
import time
from collections.abc import Awaitable, Callable
from typing import Any, ParamSpec, TypeVar, cast

P = ParamSpec("P")
R = TypeVar("R")


def retry(
    *,
    times: int = 3,
    exceptions: tuple[type[BaseException], ...] = (Exception,),
    delay: float = 0.0,
    backoff: float = 1.0,
    sleep: Callable[[float], object] = time.sleep,
    async_sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    if times < 1:
        raise ValueError(f"times must be at least 1, got {times}")

    def decorate(func: Callable[P, R]) -> Callable[P, R]:
        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def async_wrapper(*args: P.args, **kwargs: P.kwargs) -> Any:
                for attempt in range(times - 1):
                    try:
                        return await func(*args, **kwargs)
                    except Exception:
                        await async_sleep(delay * backoff**attempt)
                return await func(*args, **kwargs)

            return cast(Callable[P, R], async_wrapper)

        @functools.wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            for attempt in range(times - 1):
                try:
                    return func(*args, **kwargs)
                except Exception:
                    sleep(delay * backoff**attempt)
            return func(*args, **kwargs)

        return wrapper

    return decorate

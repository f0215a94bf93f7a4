"""One plain wrapper for everything: for an async def function it never awaits, so no retry.

Calling an async def function only creates a coroutine; it raises later, when the caller
awaits it, outside the wrapper's try block. And the result is no longer a coroutine function.

Caught by: test_async_stays_a_coroutine_function, test_async_retries_with_await
"""

import asyncio
import functools
import time
from collections.abc import Awaitable, Callable
from typing import ParamSpec, TypeVar

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
        @functools.wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            for attempt in range(times - 1):
                try:
                    return func(*args, **kwargs)
                except exceptions:
                    sleep(delay * backoff**attempt)
            return func(*args, **kwargs)

        return wrapper

    return decorate

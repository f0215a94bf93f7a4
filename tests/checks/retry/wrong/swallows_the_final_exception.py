"""Swallows the final exception: after the last failed attempt the loop ends and returns None.

The caller gets None where it expected a value, and the error surfaces far away, if at all.

Caught by: test_reraises_the_last_exception, test_attempts_and_waits_for_any_combination
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
                wait = delay
                for attempt in range(times):
                    try:
                        return await func(*args, **kwargs)
                    except exceptions:
                        if attempt < times - 1:
                            await async_sleep(wait)
                            wait *= backoff
                return None

            return cast(Callable[P, R], async_wrapper)

        @functools.wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> Any:
            wait = delay
            for attempt in range(times):
                try:
                    return func(*args, **kwargs)
                except exceptions:
                    if attempt < times - 1:
                        sleep(wait)
                        wait *= backoff
            return None

        return cast(Callable[P, R], wrapper)

    return decorate

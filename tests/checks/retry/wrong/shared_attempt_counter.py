"""Keeps the attempt counter and the current delay in the decorator, shared by every call.

The first call uses up the attempts; later calls get fewer retries and start at a longer delay.

Caught by: test_each_call_starts_over
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
        attempts = 0
        wait = delay

        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def async_wrapper(*args: P.args, **kwargs: P.kwargs) -> Any:
                nonlocal attempts, wait
                while True:
                    attempts += 1
                    try:
                        return await func(*args, **kwargs)
                    except exceptions:
                        if attempts >= times:
                            raise
                    await async_sleep(wait)
                    wait *= backoff

            return cast(Callable[P, R], async_wrapper)

        @functools.wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            nonlocal attempts, wait
            while True:
                attempts += 1
                try:
                    return func(*args, **kwargs)
                except exceptions:
                    if attempts >= times:
                        raise
                sleep(wait)
                wait *= backoff

        return wrapper

    return decorate

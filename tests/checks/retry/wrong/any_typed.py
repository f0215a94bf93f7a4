"""Typed with `Callable[..., Any]`: it runs correctly, but callers lose every parameter type.

mypy no longer sees the decorated function's parameters or return type, so a wrong argument
passes type checking and the result is Any.

Caught by: check_keeps_the_signature, check_async_result_is_awaited_to_the_return_type
"""

import asyncio
import functools
import inspect
import time
from collections.abc import Awaitable, Callable
from typing import Any


def retry(
    *,
    times: int = 3,
    exceptions: tuple[type[BaseException], ...] = (Exception,),
    delay: float = 0.0,
    backoff: float = 1.0,
    sleep: Callable[[float], object] = time.sleep,
    async_sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    if times < 1:
        raise ValueError(f"times must be at least 1, got {times}")

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
                for attempt in range(times - 1):
                    try:
                        return await func(*args, **kwargs)
                    except exceptions:
                        await async_sleep(delay * backoff**attempt)
                return await func(*args, **kwargs)

            return async_wrapper

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            for attempt in range(times - 1):
                try:
                    return func(*args, **kwargs)
                except exceptions:
                    sleep(delay * backoff**attempt)
            return func(*args, **kwargs)

        return wrapper

    return decorate

"""Hidden mypy checks for the retry kata."""

import asyncio
import time
from typing import assert_type

from katas.retry import retry


def check_keeps_the_signature() -> None:
    """the decorated function keeps its exact parameters and return type (ParamSpec)

    Rules: 8
    """

    @retry(times=3, exceptions=(ConnectionError,))
    def add(a: int, b: int) -> int:
        return a + b

    assert_type(add(1, 2), int)
    assert_type(add(a=1, b=2), int)
    add("1", 2)  # type: ignore[arg-type]
    add(1)  # type: ignore[call-arg]
    add(1, 2, c=3)  # type: ignore[call-arg]


def check_keeps_keyword_only_parameters() -> None:
    """keyword-only parameters and defaults survive the decorator

    Rules: 8
    """

    @retry(delay=0.1, backoff=2.0)
    def get(url: str, *, timeout: float = 1.0) -> bytes:
        return url.encode()

    assert_type(get("https://example.com"), bytes)
    assert_type(get("https://example.com", timeout=2.5), bytes)
    get("https://example.com", 2.5)  # type: ignore[call-arg]
    get("https://example.com", timeout="slow")  # type: ignore[arg-type]


def check_async_result_is_awaited_to_the_return_type() -> None:
    """an async def function stays async: awaiting the call gives its return type

    Rules: 8
    """

    @retry(times=2, exceptions=(TimeoutError,))
    async def fetch(url: str) -> bytes:
        return url.encode()

    async def use() -> None:
        assert_type(await fetch("https://example.com"), bytes)
        await fetch(42)  # type: ignore[arg-type]
        await fetch("https://example.com", retries=3)  # type: ignore[call-arg]


def check_settings_are_typed() -> None:
    """retry's own settings are typed: exception classes only, an async callable for async_sleep

    Rules: 9
    """
    retry(times="3")  # type: ignore[arg-type]
    retry(exceptions=(int,))  # type: ignore[arg-type]
    retry(async_sleep=time.sleep)  # type: ignore[arg-type]
    retry(sleep=time.sleep, delay=0.5, backoff=1.5)
    retry(times=2, exceptions=(KeyboardInterrupt, OSError), delay=1, backoff=2)
    retry(sleep=print, async_sleep=asyncio.sleep)

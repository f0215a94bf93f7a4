"""Hidden mypy checks for the bounded_gather kata."""

import functools
from typing import assert_type

from katas.bounded_gather import bounded_gather


def check_results_keep_the_element_type() -> None:
    """the results are a list of the awaitables' result type

    Rules: 9
    """

    async def size(url: str) -> int:
        return len(url)

    async def use() -> None:
        factories = [functools.partial(size, "a"), functools.partial(size, "bb")]
        results = await bounded_gather(factories, limit=2)
        assert_type(results, list[int])


def check_return_exceptions_widens_the_result() -> None:
    """with return_exceptions=True a result may also be an exception

    Rules: 9
    """

    async def name() -> str:
        return "x"

    async def use() -> None:
        results = await bounded_gather([name, name], limit=1, return_exceptions=True)
        assert_type(results, list[str | BaseException])


def check_rejects_coroutine_objects() -> None:
    """bounded_gather takes factories, not already-created coroutine objects

    Rules: 9
    """

    async def name() -> str:
        return "x"

    async def use() -> None:
        assert_type(await bounded_gather([name], limit=1), list[str])
        await bounded_gather([name()], limit=1)  # type: ignore[arg-type]


def check_limit_is_keyword_only_int() -> None:
    """the limit is a keyword-only int

    Rules: 9
    """

    async def name() -> str:
        return "x"

    async def use() -> None:
        assert_type(await bounded_gather([name], limit=2), list[str])
        await bounded_gather([name], limit="2")  # type: ignore[call-overload]
        await bounded_gather([name], 2)  # type: ignore[call-overload]

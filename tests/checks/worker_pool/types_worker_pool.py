"""Hidden mypy checks for the worker_pool kata."""

from typing import assert_type

from katas.worker_pool import WorkerPool


def check_pool_is_generic_in_item_and_result() -> None:
    """the pool's item and result types come from the handler

    Rules: 9, 10
    """

    async def handle(order_id: int) -> str:
        return str(order_id)

    pool = WorkerPool(handle, workers=2, maxsize=10)
    assert_type(pool, WorkerPool[int, str])
    assert_type(pool.results, list[str])
    assert_type(pool.errors, list[tuple[int, Exception]])
    numbers: list[int] = pool.results  # type: ignore[assignment]
    print(numbers)


def check_async_with_gives_the_pool() -> None:
    """`async with pool as p` gives the same typed pool

    Rules: 2
    """

    async def handle(order_id: int) -> str:
        return str(order_id)

    async def use() -> None:
        async with WorkerPool(handle, workers=2, maxsize=10) as pool:
            assert_type(pool, WorkerPool[int, str])
            await pool.submit(1)
            pool.submit_nowait(1)  # type: ignore[attr-defined]


def check_submit_rejects_the_wrong_item_type() -> None:
    """submitting an item the handler cannot take is rejected

    Rules: 4
    """

    async def handle(order_id: int) -> str:
        return str(order_id)

    async def use() -> None:
        async with WorkerPool(handle, workers=2, maxsize=10) as pool:
            await pool.submit(1)
            await pool.submit("order-1")  # type: ignore[arg-type]


def check_handler_must_be_async() -> None:
    """the handler must be an async function; sizes are keyword-only

    Rules: 1
    """

    async def handle_async(order_id: int) -> str:
        return str(order_id)

    def handle(order_id: int) -> str:
        return str(order_id)

    WorkerPool(handle_async, workers=2, maxsize=10)
    WorkerPool(handle, workers=2, maxsize=10)  # type: ignore[arg-type]
    WorkerPool(handle_async, 2, 10)  # type: ignore[call-arg]

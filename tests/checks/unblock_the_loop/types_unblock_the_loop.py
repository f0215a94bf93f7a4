"""Hidden mypy checks for the unblock_the_loop kata."""

from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from typing import assert_type

from katas.unblock_the_loop import Inventory, digest_off_loop, stock_levels


def check_stock_levels_returns_a_dict_of_ints() -> None:
    """stock_levels returns dict[str, int] for any blocking inventory

    Rules: 1
    """

    class Shelf:
        def lookup(self, sku: str) -> int:
            return 1

    async def use() -> None:
        inventory: Inventory = Shelf()
        assert_type(await stock_levels(inventory, ["a", "b"]), dict[str, int])
        assert_type(await stock_levels(Shelf(), ("a",)), dict[str, int])
        names: dict[str, str] = await stock_levels(Shelf(), ["a"])  # type: ignore[assignment]
        print(names)


def check_inventory_must_be_blocking() -> None:
    """an inventory whose lookup is a coroutine is not an Inventory

    Rules: 2
    """

    class Shelf:
        def lookup(self, sku: str) -> int:
            return 1

    class AsyncShelf:
        async def lookup(self, sku: str) -> int:
            return 1

    async def use() -> None:
        await stock_levels(Shelf(), ["a"])
        await stock_levels(AsyncShelf(), ["a"])  # type: ignore[arg-type]


def check_digest_returns_str_for_any_executor() -> None:
    """digest_off_loop returns str and accepts thread and process pools

    Rules: 5
    """

    async def use() -> None:
        assert_type(await digest_off_loop(b"x", 1, ProcessPoolExecutor()), str)
        assert_type(await digest_off_loop(b"x", 1, ThreadPoolExecutor()), str)
        await digest_off_loop("x", 1, ThreadPoolExecutor())  # type: ignore[arg-type]

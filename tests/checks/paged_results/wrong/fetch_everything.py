"""Downloads every page the first time anything is needed, then works on a plain list.

Simple and correct for small results, but ``x[0]`` or ``len(x)`` on a million results makes
ten thousand requests and holds everything in memory: the opposite of lazy paging.

Caught by: test_index_fetches_only_the_page_it_needs, test_iteration_is_lazy
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar, overload

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: Sequence[T]
    total: int


class PagedResults(Generic[T]):
    def __init__(self, fetch_page: Callable[[int], Page[T]], page_size: int) -> None:
        if page_size < 1:
            raise ValueError(f"page_size must be at least 1, got {page_size}")
        self._fetch_page = fetch_page
        self._page_size = page_size
        self._items: list[T] | None = None

    def _all(self) -> list[T]:
        if self._items is None:
            first = self._fetch_page(0)
            items = list(first.items)
            number = 1
            while len(items) < first.total:
                items.extend(self._fetch_page(number).items)
                number += 1
            self._items = items
        return self._items

    def __len__(self) -> int:
        return len(self._all())

    def __bool__(self) -> bool:
        return bool(self._all())

    def __iter__(self) -> Iterator[T]:
        return iter(self._all())

    def __contains__(self, value: object) -> bool:
        return value in self._all()

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> list[T]: ...
    def __getitem__(self, index: int | slice) -> T | list[T]:
        return self._all()[index]

    def __repr__(self) -> str:
        total = "?" if self._items is None else len(self._items)
        return f"PagedResults(total={total}, page_size={self._page_size})"

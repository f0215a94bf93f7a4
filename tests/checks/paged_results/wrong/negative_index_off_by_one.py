"""Rejects x[-len(x)]: the bounds check for negative indices is off by one.

``-total < index`` should be ``-total <= index``: on a list of 42 items ``x[-42]`` is the first
item, but this version raises ``IndexError``.

Caught by: test_negative_indices, test_indexing_matches_a_list
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar, overload

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of results, as the API returns it: its items and the total number of items."""

    items: Sequence[T]
    total: int


class PagedResults(Generic[T]):
    """All the results of a paginated API, fetched page by page only when needed."""

    def __init__(self, fetch_page: Callable[[int], Page[T]], page_size: int) -> None:
        if page_size < 1:
            raise ValueError(f"page_size must be at least 1, got {page_size}")
        self._fetch_page = fetch_page
        self._page_size = page_size
        self._pages: dict[int, Sequence[T]] = {}
        self._total: int | None = None

    def _page(self, number: int) -> Sequence[T]:
        """Page ``number``, fetched once and then served from the cache."""
        if number not in self._pages:
            page = self._fetch_page(number)
            self._pages[number] = page.items
            if self._total is None:
                self._total = page.total
        return self._pages[number]

    def __len__(self) -> int:
        if self._total is None:
            self._page(0)
        assert self._total is not None
        return self._total

    def __bool__(self) -> bool:
        return len(self) > 0

    def __iter__(self) -> Iterator[T]:
        number = 0
        while number == 0 or number * self._page_size < len(self):
            yield from self._page(number)
            number += 1

    def __contains__(self, value: object) -> bool:
        return any(item is value or item == value for item in self)

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> list[T]: ...
    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            return [self[position] for position in range(len(self))[index]]
        if not isinstance(index, int):
            raise TypeError(f"indices must be integers or slices, not {type(index).__name__}")
        total = len(self)
        if not -total < index < total:
            raise IndexError("PagedResults index out of range")
        if index < 0:
            index += total
        number, offset = divmod(index, self._page_size)
        return self._page(number)[offset]

    def __repr__(self) -> str:
        total = "?" if self._total is None else self._total
        return (
            f"{type(self).__name__}(total={total}, page_size={self._page_size}, "
            f"pages_fetched={len(self._pages)})"
        )

"""first() indexes: `items[0] if items else None`, so it only works on sequences.

Generators, dicts and infinite iterators cannot be indexed; `next(iter(items), None)` works for
any iterable and consumes a single item.

Caught by: test_first_returns_the_first_item_or_none, test_first_consumes_only_one_item
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Generic, Protocol, TypeVar


class SupportsLessThan(Protocol):
    def __lt__(self, other: Any, /) -> bool: ...


T = TypeVar("T")
K = TypeVar("K", bound=SupportsLessThan)
S = TypeVar("S", str, bytes)


class Stack(Generic[T]):
    def __init__(self, items: Iterable[T] = ()) -> None:
        self._items: list[T] = list(items)

    def push(self, item: T) -> None:
        self._items.append(item)

    def pop(self) -> T:
        if not self._items:
            raise IndexError("pop from an empty Stack")
        return self._items.pop()

    def peek(self) -> T:
        if not self._items:
            raise IndexError("peek at an empty Stack")
        return self._items[-1]

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[T]:
        return reversed(self._items)


def first(items: Sequence[T]) -> T | None:
    return items[0] if items else None


def max_by(items: Iterable[T], key: Callable[[T], K]) -> T:
    iterator = iter(items)
    try:
        best = next(iterator)
    except StopIteration:
        raise ValueError("max_by() of an empty iterable") from None
    best_key = key(best)
    for item in iterator:
        item_key = key(item)
        if best_key < item_key:
            best, best_key = item, item_key
    return best


def join(sep: S, parts: Iterable[S]) -> S:
    return sep.join(parts)

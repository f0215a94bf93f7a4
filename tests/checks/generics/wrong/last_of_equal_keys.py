"""max_by compares with <= (or sorts and takes the last), so the LAST of equal keys wins.

max() keeps the first maximal item; the difference shows as soon as two keys tie.

Caught by: test_max_by_matches_builtin_max
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
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


def first(items: Iterable[T]) -> T | None:
    return next(iter(items), None)


def max_by(items: Iterable[T], key: Callable[[T], K]) -> T:
    decorated = [(key(item), item) for item in items]
    if not decorated:
        raise ValueError("max_by() of an empty iterable")
    best_key, best = decorated[0]
    for item_key, item in decorated[1:]:
        if not item_key < best_key:
            best_key, best = item_key, item
    return best


def join(sep: S, parts: Iterable[S]) -> S:
    return sep.join(parts)

"""Everything typed with Any: runs correctly, but callers lose every element type.

Caught by: check_first_keeps_the_element_type, check_max_by_key_must_be_comparable
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol


class SupportsLessThan(Protocol):
    def __lt__(self, other: Any, /) -> bool: ...


class Stack:
    def __init__(self, items: Iterable[Any] = ()) -> None:
        self._items: list[Any] = list(items)

    def push(self, item: Any) -> None:
        self._items.append(item)

    def pop(self) -> Any:
        if not self._items:
            raise IndexError("pop from an empty Stack")
        return self._items.pop()

    def peek(self) -> Any:
        if not self._items:
            raise IndexError("peek at an empty Stack")
        return self._items[-1]

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._items[::-1])


def first(items: Iterable[Any]) -> Any:
    return next(iter(items), None)


def max_by(items: Iterable[Any], key: Callable[..., Any]) -> Any:
    return max(items, key=key)


def join(sep: Any, parts: Iterable[Any]) -> Any:
    return sep.join(parts)

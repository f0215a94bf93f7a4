"""Hidden mypy checks for the generics kata."""

import datetime
from decimal import Decimal
from typing import assert_type

from katas.generics import Stack, first, join, max_by


class Version:
    """A key type that defines only ``<``."""

    def __init__(self, number: int) -> None:
        self.number = number

    def __lt__(self, other: "Version") -> bool:
        return self.number < other.number


def check_first_keeps_the_element_type() -> None:
    """first() returns the iterable's element type (or None), not object or Any

    Rules: 6
    """
    assert_type(first([1, 2, 3]), int | None)
    assert_type(first("abc"), str | None)
    assert_type(first({"a": 1.0}), str | None)
    assert_type(first(iter([b"x"])), bytes | None)
    assert_type(first(n * 2.0 for n in range(3)), float | None)
    _maybe_none: int = first([1])  # type: ignore[assignment]
    first(5)  # type: ignore[arg-type]


def check_stack_is_generic() -> None:
    """Stack[T] remembers its element type: pop, peek and iteration give T back

    Rules: 1
    """
    numbers = Stack([1, 2, 3])
    assert_type(numbers, Stack[int])
    assert_type(numbers.pop(), int)
    assert_type(numbers.peek(), int)
    for number in numbers:
        assert_type(number, int)
    assert_type(len(numbers), int)
    names: Stack[str] = Stack()
    names.push("ada")
    assert_type(names.pop(), str)
    assert_type(Stack(c for c in "ab"), Stack[str])
    assert_type(list(Stack((1.5,))), list[float])


def check_stack_rejects_other_element_types() -> None:
    """pushing a str onto a Stack[int] (or building it from strs) is rejected

    Rules: 1
    """
    numbers: Stack[int] = Stack()
    numbers.push("one")  # type: ignore[arg-type]
    words = Stack(["a", "b"])
    words.push(3)  # type: ignore[arg-type]
    Stack[int](["a"])  # type: ignore[list-item]
    _popped: str = Stack([1]).pop()  # type: ignore[assignment]
    for item in Stack([1]):
        item.upper()  # type: ignore[attr-defined]


def check_max_by_returns_the_item_type() -> None:
    """max_by() returns the item type, whatever type the key returns

    Rules: 10
    """
    assert_type(max_by(["a", "bbb"], key=len), str)
    assert_type(max_by([(1, "x"), (2, "y")], key=lambda pair: pair[1]), tuple[int, str])
    assert_type(max_by(iter([1.5, -2.0]), key=abs), float)
    assert_type(max_by((n for n in [1, 2]), key=str), int)


def check_max_by_key_must_accept_the_items() -> None:
    """a key function that cannot take the items is rejected

    Rules: 10
    """
    max_by(["a", "b"], key=abs)  # type: ignore[arg-type]
    max_by([1, 2], key=str.lower)  # type: ignore[arg-type]
    _item: int = max_by(["a"], key=len)  # type: ignore[assignment]


def check_max_by_accepts_any_orderable_key() -> None:
    """the key may return anything that supports < (numbers, str, tuples, dates, own classes)

    Rules: 11
    """
    assert_type(max_by([1, 2], key=lambda n: (n % 2, str(n))), int)
    assert_type(max_by(["a"], key=lambda word: Version(len(word))), str)
    assert_type(max_by([1], key=Decimal), int)
    assert_type(max_by([1], key=lambda n: datetime.date(2000, 1, n)), int)
    assert_type(max_by([1], key=float), int)
    assert_type(max_by(["b"], key=lambda word: [word]), str)


def check_max_by_key_must_be_comparable() -> None:
    """a key returning values that do not support < (complex, object, None) is rejected

    Rules: 11
    """
    max_by([1, 2], key=complex)  # type: ignore[type-var]
    max_by(["a"], key=lambda word: object())  # type: ignore[type-var]
    max_by([1, 0], key=lambda n: n or None)  # type: ignore[type-var]


def check_join_is_constrained_to_str_or_bytes() -> None:
    """join() returns str for str parts and bytes for bytes parts, and rejects a mix

    Rules: 12
    """
    assert_type(join(", ", ["a", "b"]), str)
    assert_type(join(b",", [b"a", b"b"]), bytes)
    assert_type(join("-", (part for part in "ab")), str)
    assert_type(join(b"-", iter((b"a",))), bytes)
    join(",", [b"a"])  # type: ignore[type-var]
    join(b",", ["a"])  # type: ignore[type-var]
    join(",", "ab").decode()  # type: ignore[attr-defined]

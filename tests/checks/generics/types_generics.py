"""Hidden mypy checks for the generics kata."""

from typing import assert_type

from katas.generics import Stack, first, join, max_by


def check_first_keeps_the_element_type() -> None:
    """first() returns the iterable's element type (or None), not object or Any"""
    assert_type(first([1, 2, 3]), int | None)
    assert_type(first("abc"), str | None)
    assert_type(first({"a": 1.0}), str | None)
    assert_type(first(iter([b"x"])), bytes | None)


def check_stack_is_generic() -> None:
    """Stack[T] remembers its element type: pop, peek and iteration give T back"""
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


def check_stack_rejects_other_element_types() -> None:
    """pushing a str onto a Stack[int] (or building it from strs) is rejected"""
    numbers: Stack[int] = Stack()
    numbers.push("one")  # type: ignore[arg-type]
    words = Stack(["a", "b"])
    words.push(3)  # type: ignore[arg-type]
    Stack[int](["a"])  # type: ignore[list-item]


def check_max_by_returns_the_item_type() -> None:
    """max_by() returns the item type, whatever type the key returns"""
    assert_type(max_by(["a", "bbb"], key=len), str)
    assert_type(max_by([(1, "x"), (2, "y")], key=lambda pair: pair[1]), tuple[int, str])
    assert_type(max_by(iter([1.5, -2.0]), key=abs), float)


def check_max_by_key_must_accept_the_items() -> None:
    """a key function that cannot take the items is rejected"""
    max_by(["a", "b"], key=abs)  # type: ignore[arg-type]


def check_max_by_key_must_be_comparable() -> None:
    """a key returning values that do not support < (complex, object) is rejected"""
    max_by([1, 2], key=complex)  # type: ignore[type-var]
    max_by(["a"], key=lambda word: object())  # type: ignore[type-var]


def check_join_is_constrained_to_str_or_bytes() -> None:
    """join() returns str for str parts and bytes for bytes parts, and rejects a mix"""
    assert_type(join(", ", ["a", "b"]), str)
    assert_type(join(b",", [b"a", b"b"]), bytes)
    join(",", [b"a"])  # type: ignore[type-var]
    join(b",", ["a"])  # type: ignore[type-var]

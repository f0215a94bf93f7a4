"""Hidden pytest checks for the generics kata: runtime behaviour."""

import itertools
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from katas.generics import Stack, first, join, max_by


@pytest.mark.rule(2)
def test_stack_is_last_in_first_out() -> None:
    """Stack pops items in reverse push order"""
    stack: Stack[int] = Stack()
    for n in (1, 2, 3):
        stack.push(n)
    popped = [stack.pop(), stack.pop(), stack.pop()]
    assert popped == [3, 2, 1], f"expected pops 3, 2, 1 after pushing 1, 2, 3; got {popped}"
    assert len(stack) == 0, f"expected an empty stack after 3 pops, len() is {len(stack)}"


@pytest.mark.rule(2, 3)
def test_stack_built_from_an_iterable() -> None:
    """Stack(items) pushes the items in order; peek and iteration go from the top"""
    stack = Stack(x for x in "abc")
    assert len(stack) == 3, f"expected len 3 for Stack('abc'), got {len(stack)}"
    assert stack.peek() == "c", f"expected peek() == 'c' (last pushed), got {stack.peek()!r}"
    assert len(stack) == 3, "peek() must not remove the item"
    assert list(stack) == ["c", "b", "a"], (
        f"expected iteration from top to bottom ['c', 'b', 'a'], got {list(stack)}"
    )
    assert len(stack) == 3, "iterating must not consume the stack"
    assert list(stack) == ["c", "b", "a"], "a second iteration should see the same items"
    assert stack, "a non-empty Stack should be truthy"
    assert not Stack(), "an empty Stack should be falsy"


@pytest.mark.rule(2)
def test_stack_keeps_its_own_items() -> None:
    """Stack(items) copies the items: pushes and pops never change the list passed in"""
    source = [1, 2, 3]
    stack = Stack(source)
    other = Stack(source)
    stack.push(4)
    assert source == [1, 2, 3], f"push() changed the list given to Stack(): {source}"
    assert other.pop() == 3, "pushing onto one stack changed another built from the same list"
    assert source == [1, 2, 3], f"pop() changed the list given to Stack(): {source}"
    assert stack.pop() == 4, "the stack lost its own pushed item"
    assert list(stack) == [3, 2, 1], f"expected [3, 2, 1] left on the stack, got {list(stack)}"


@pytest.mark.rule(4)
def test_empty_stack_raises_index_error() -> None:
    """pop() and peek() on an empty Stack raise IndexError, like list.pop()"""
    stack: Stack[int] = Stack()
    with pytest.raises(IndexError):
        stack.pop()
    with pytest.raises(IndexError):
        stack.peek()
    stack.push(1)
    stack.pop()
    with pytest.raises(IndexError):
        stack.peek()
    with pytest.raises(IndexError):
        stack.pop()


@pytest.mark.rule(2, 3, 4)
@given(st.lists(st.one_of(st.integers(), st.none()), max_size=40))
def test_stack_matches_a_list(operations: list[int | None]) -> None:
    """Stack behaves like a list used as a stack, for any sequence of pushes and pops"""
    stack: Stack[int] = Stack()
    model: list[int] = []
    for op in operations:
        if op is None:
            if model:
                assert stack.peek() == model[-1], f"peek() gave {stack.peek()}, not {model[-1]}"
                got = stack.pop()
                expected = model.pop()
                assert got == expected, f"pop() returned {got}, expected {expected}"
            else:
                with pytest.raises(IndexError):
                    stack.pop()
        else:
            stack.push(op)
            model.append(op)
        assert len(stack) == len(model), f"len() is {len(stack)}, expected {len(model)}"
        assert bool(stack) == bool(model), f"bool() is {bool(stack)} with {len(model)} items"
    assert list(stack) == model[::-1], f"iteration gave {list(stack)}, expected {model[::-1]}"


@pytest.mark.rule(5)
def test_first_returns_the_first_item_or_none() -> None:
    """first() returns the first item, None for an empty iterable, and keeps falsy items"""
    assert first([3, 4]) == 3, f"first([3, 4]) should be 3, got {first([3, 4])!r}"
    assert first([]) is None, f"first([]) should be None, got {first([])!r}"
    assert first([0, 1]) == 0, (
        f"first([0, 1]) should be 0 (falsy, not missing), got {first([0, 1])!r}"
    )
    assert first(["", "x"]) == "", "first(['', 'x']) should be '' (falsy, not missing)"
    assert first({"k": 1}) == "k", "first() of a dict should be its first key"
    assert first(x * 2 for x in range(3)) == 0, "first() should accept a generator"
    assert first(iter(())) is None, "first() of an empty iterator should be None"


def _only_one_item() -> Iterator[int]:
    yield 10
    raise AssertionError("first() asked the iterator for a second item")


@pytest.mark.rule(5)
def test_first_consumes_only_one_item() -> None:
    """first() takes a single item: it works on an infinite iterator and leaves the rest"""
    assert first(_only_one_item()) == 10, "first() of an iterator yielding 10 should be 10"
    counter = itertools.count(10)
    assert first(counter) == 10, "first(itertools.count(10)) should be 10"
    assert next(counter) == 11, "first() should consume exactly one item of an iterator"


@pytest.mark.rule(7)
@given(st.lists(st.integers(-20, 20), min_size=1, max_size=30))
def test_max_by_matches_builtin_max(keys: list[int]) -> None:
    """max_by(items, key) returns the same item as max(items, key=key), ties included"""
    items = [(k, position) for position, k in enumerate(keys)]
    got = max_by(items, key=lambda item: item[0] % 7)
    expected = max(items, key=lambda item: item[0] % 7)
    assert got == expected, (
        f"expected {expected} (max() keeps the FIRST of equal keys), got {got} for {items}"
    )


@pytest.mark.rule(7)
def test_max_by_on_strings_and_generators() -> None:
    """max_by works with any key (len, str.lower) and any iterable, including generators"""
    words = ["pear", "Banana", "fig", "cherry"]
    assert max_by(words, key=len) == "Banana", "the longest word first seen is 'Banana'"
    assert max_by(iter(words), key=str.lower) == "pear", "max by lower-case text is 'pear'"
    assert max_by((n for n in [3, -7, 5]), key=abs) == -7, "max by abs of 3, -7, 5 is -7"
    assert max_by([5], key=abs) == 5, "max_by of a single item is that item"
    assert max_by([2, 1, 2], key=lambda n: (n, 0)) == 2, "tuple keys compare like max()"


@pytest.mark.rule(9)
def test_max_by_empty_raises_value_error() -> None:
    """max_by() of an empty iterable raises ValueError, like max()"""
    with pytest.raises(ValueError):  # noqa: PT011 (any message is fine)
        max_by([], key=len)
    with pytest.raises(ValueError):  # noqa: PT011
        max_by(iter([]), key=len)


@pytest.mark.rule(8)
def test_max_by_calls_key_once_per_item() -> None:
    """max_by() computes the key exactly once per item, like max()"""
    calls: list[int] = []

    def key(n: int) -> int:
        calls.append(n)
        return -abs(n - 4)

    items = [1, 9, 4, 2, 7]
    assert max_by(items, key=key) == 4, "the item closest to 4 is 4"
    assert sorted(calls) == sorted(items), (
        f"expected one key call per item ({len(items)} calls), got {len(calls)}: {calls}"
    )


@pytest.mark.rule(12)
def test_join_str_and_bytes() -> None:
    """join() joins str parts with a str separator and bytes parts with a bytes separator"""
    assert join(", ", ["a", "b"]) == "a, b", f"got {join(', ', ['a', 'b'])!r}"
    assert join(b"-", [b"x", b"y", b"z"]) == b"x-y-z", f"got {join(b'-', [b'x', b'y', b'z'])!r}"
    assert join("", iter(["p", "q"])) == "pq", "join() should accept any iterable of parts"
    assert join(b"+", (p for p in [b"1", b"2"])) == b"1+2", "join() should accept a generator"
    assert join(",", []) == "", "join() of no parts is empty"

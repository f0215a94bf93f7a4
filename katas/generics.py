"""Generics: TypeVar-based helpers and a generic container.

Interview question: "How do you write a function or a class that works for any element type
without losing that type? What is the difference between a bound and a constrained TypeVar?"

The task
--------
The runtime code here is short; the real work is the *signatures*. Every signature below is
deliberately loose (``object``): it type-checks, but a caller gets ``object`` back and has to
cast. Replace the placeholders with type variables so that callers keep their precise types.
The hidden mypy checks use ``assert_type`` on your results (an ``object`` or ``Any`` result
fails them) and expect misuse to be rejected; ``# type: ignore`` in your module fails the kata.
This is Python 3.11: declare type variables with ``typing.TypeVar`` and make the class generic
with ``typing.Generic`` (the ``class Stack[T]`` syntax needs Python 3.12).

Rules
-----
1. ``Stack`` is generic in its element type: ``Stack([1, 2])`` is a ``Stack[int]``, and
   ``pop()``, ``peek()`` and iteration give ``int`` back. Pushing a ``str`` onto a
   ``Stack[int]``, or building a ``Stack[int]`` from strs, is a type error. An empty
   ``Stack()`` takes its element type from an annotation (``s: Stack[int] = Stack()``).
2. ``Stack(items)`` pushes the items of any iterable in order into storage of its own: later
   pushes and pops never change the object passed in. ``pop()`` removes and returns the top
   (last pushed) item; ``peek()`` returns it without removing it.
3. Iterating a stack yields its items from the top (last pushed) to the bottom without
   consuming anything; ``len()`` is the number of items, so an empty stack is falsy.
4. ``pop()`` and ``peek()`` on an empty stack raise ``IndexError``.
5. ``first(items)`` returns the first item of any iterable (even a falsy one such as ``0``),
   or ``None`` when it is empty. It takes only that one item from an iterator, so it works on
   infinite iterators and leaves the rest unconsumed.
6. ``first`` keeps the element type: for an ``Iterable[T]`` it returns ``T | None``
   (``first([1, 2])`` is an ``int | None``), and a non-iterable argument is a type error.
7. ``max_by(items, key)`` returns the item whose ``key(item)`` is largest, exactly like
   ``max(items, key=key)``: when several keys are equal, the *first* of those items wins.
8. ``max_by`` calls ``key`` exactly once per item.
9. ``max_by`` of an empty iterable raises ``ValueError``.
10. ``max_by`` returns the item type (``max_by(["a"], key=len)`` is a ``str``), and ``key``
   must accept the items: ``max_by(["a"], key=abs)`` is a type error.
11. ``key`` may return any type that supports ``<`` (``int``, ``float``, ``str``, tuples, a
   class defining ``__lt__``, ...), and a key returning something that cannot be ordered
   (``complex``, ``object``, ``int | None``) is a type error. Express that with a TypeVar
   *bound* to the ``SupportsLessThan`` protocol below (you complete the protocol too).
12. ``join(sep, parts)`` is ``sep.join(parts)`` for ``str`` or for ``bytes`` and any iterable
   of parts, never a mix: ``join(", ", ["a"])`` is a ``str``, ``join(b",", iter([b"a"]))``
   is ``bytes``, and ``join(",", [b"a"])`` is a type error. This is the classic use of a
   *constrained* TypeVar.

Example
-------
>>> s = Stack([1, 2])
>>> s.push(3)
>>> s.pop(), list(s)
(3, [2, 1])
>>> first(x for x in "xyz")
'x'
>>> max_by(["pear", "fig", "banana"], key=len)
'banana'
>>> join(b"-", [b"a", b"b"])
b'a-b'

Where to start
--------------
Declare ``T = TypeVar("T")`` and make ``first`` generic; run ``nox -s check -- generics`` and read
the mypy checks. Then ``Stack(Generic[T])``. For ``max_by`` you need two type variables: one
for the items, one (bound) for the key's result.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Protocol


class SupportsLessThan(Protocol):
    """Anything that can be compared with ``<``.

    TODO: declare the one method that max_by needs from a key's result.
    """


class Stack:  # TODO: make the stack generic in its element type
    """A last-in, first-out stack of items of one type."""

    def __init__(self, items: Iterable[object] = ()) -> None:
        raise NotImplementedError

    def push(self, item: object) -> None:
        raise NotImplementedError

    def pop(self) -> object:
        raise NotImplementedError

    def peek(self) -> object:
        raise NotImplementedError

    def __len__(self) -> int:
        raise NotImplementedError

    def __iter__(self) -> Iterator[object]:
        raise NotImplementedError


def first(items: Iterable[object]) -> object | None:
    raise NotImplementedError


def max_by(items: Iterable[object], key: Callable[[object], object]) -> object:
    raise NotImplementedError


def join(sep: str | bytes, parts: Iterable[str | bytes]) -> str | bytes:
    raise NotImplementedError

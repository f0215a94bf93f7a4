"""Generics: TypeVar-based helpers and a generic container.

Interview question: "How do you write a function or a class that works for any element type
without losing that type? What is the difference between a bound and a constrained TypeVar?"

The task
--------
The runtime code here is short; the real work is the *signatures*. Every signature below is
deliberately loose (``object``): it type-checks, but a caller gets ``object`` back and has to
cast. Replace the placeholders with type variables so that callers keep their precise types:

* ``Stack`` -- a last-in, first-out stack that is generic in its element type:
  ``Stack([1, 2])`` is a ``Stack[int]``, ``pop()``/``peek()`` return ``int``, and pushing a
  ``str`` onto a ``Stack[int]`` is a type error. ``Stack(items)`` pushes the items in order;
  iteration goes from the top (last pushed) to the bottom without consuming anything;
  ``len()`` is the number of items; ``pop()``/``peek()`` on an empty stack raise
  ``IndexError``.
* ``first(items)`` -- the first item of any iterable, or ``None`` when it is empty. It takes
  only one item, so it works on infinite iterators.
* ``max_by(items, key)`` -- the item whose ``key(item)`` is largest, exactly like
  ``max(items, key=key)``: the *first* of equal keys wins, the key is computed once per item,
  and an empty iterable raises ``ValueError``. The key may return any type that supports
  ``<`` (int, str, tuple, ...), and a key returning something that cannot be ordered (e.g.
  ``complex``) must be a type error. Express that with a TypeVar *bound* to the
  ``SupportsLessThan`` protocol below (you complete the protocol too).
* ``join(sep, parts)`` -- ``sep.join(parts)`` for ``str`` or for ``bytes``, never a mix:
  ``join(", ", ["a"])`` is a ``str``, ``join(b",", [b"a"])`` is ``bytes``, and
  ``join(",", [b"a"])`` is a type error. This is the classic use of a *constrained* TypeVar.

Rules
-----
* No ``Any`` in your public signatures, no ``cast``, no ``# type: ignore``: the hidden mypy
  checks use ``assert_type`` on your results and expect misuse to be rejected.
* Python 3.11: declare type variables with ``typing.TypeVar`` and make the class generic
  with ``typing.Generic`` (the ``class Stack[T]`` syntax needs Python 3.12).

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

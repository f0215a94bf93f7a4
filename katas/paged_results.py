"""Paged results: a lazy, list-like view over a paginated API (the data model).

Interview question: "An API returns results 100 per page. How would you expose them as one
Python object that you can ``len()``, index, slice and loop over, without downloading every
page up front? Which dunder methods do you implement?"

The task
--------
``PagedResults(fetch_page, page_size)`` wraps a callback ``fetch_page(number) -> Page`` that
returns page ``number`` (counted from 0) of the results. Every page holds ``page_size`` items
except the last; every ``Page`` also carries ``total``, the number of items in all pages.
Page 0 always exists, even when there are no results (``Page(items=[], total=0)``).

Make ``PagedResults`` behave like a read-only list, fetching pages lazily.

Rules
-----
1. Creating a ``PagedResults`` fetches nothing: a page is fetched only when an operation needs
   it.
2. ``page_size`` below 1 raises ``ValueError`` when the ``PagedResults`` is created.
3. ``len(x)`` is the total. It needs at most one fetch, and none once any page is known.
4. ``x[i]`` is the item at ``i``, with negative indices counting from the end, ``IndexError``
   past either end and ``TypeError`` for an index that is not an ``int`` or a ``slice``.
5. ``x[i]`` fetches only the page holding the item, and at most one other page to learn the
   total: ``x[0]`` fetches only page 0, ``x[25]`` (10 per page) page 2 and at most one other.
   An index out of range fetches nothing once the total is known. No page with a negative
   number is ever requested.
6. ``x[a:b:c]`` is a new ``list`` of the items, exactly as a list slice (negative bounds and
   steps, out-of-range bounds clipped, a step of 0 raises ``ValueError``). It fetches only the
   pages holding its items (``x[5:95:30]`` needs pages 0, 3 and 6, not the pages between), and
   at most one other to learn the total. Hint:
   ``range(len(x))[a:b:c]`` gives you the indices.
7. ``iter(x)`` yields every item in order, lazily: ``iter(x)`` alone fetches nothing, each page
   is fetched when the loop reaches it, and no page past the last one is ever asked for (the
   total tells you how many there are; an empty result still has page 0).
8. ``value in x`` scans lazily and stops at the page holding the first match; a value that is
   not there needs every page, once.
9. ``bool(x)`` is ``False`` only when the total is 0, with at most one fetch.
10. ``repr(x)`` names the class and shows what is known without fetching (debuggers and logs
    call it): e.g. ``PagedResults(total=42, page_size=10, pages_fetched=2)``, with
    ``total=?`` while the total is unknown.
11. A page is fetched at most once: each ``PagedResults`` keeps the pages it fetched (and the
    total) in a cache of its own, never shared with another ``PagedResults``, and freed with
    it (``functools.cache`` on a method is one cache for every instance, keeping them alive).
12. Types: ``PagedResults`` is generic in its item type, taken from ``fetch_page``'s ``Page``.
    Give ``__getitem__`` two ``@overload`` signatures so that mypy types ``x[0]`` as the item
    type and ``x[1:3]`` as ``list`` of it (the placeholder below returns a union, which forces
    every caller to narrow), and rejects an index that is neither.

Example
-------
>>> data = [f"user{n}" for n in range(42)]
>>> calls = []
>>> def fetch(number: int) -> Page[str]:
...     calls.append(number)
...     return Page(data[number * 10 : number * 10 + 10], total=len(data))
>>> users = PagedResults(fetch, page_size=10)
>>> users[0], calls
('user0', [0])
>>> len(users), users[-1], users[12:15], calls
(42, 'user41', ['user12', 'user13', 'user14'], [0, 4, 1])
>>> "user35" in users, calls
(True, [0, 4, 1, 2, 3])

Where to start
--------------
Write a private ``_page(number)`` that fetches through the cache and records the total; then
``__len__`` and the ``int`` case of ``__getitem__`` (``divmod(index, page_size)`` gives the
page and the offset). Run ``nox -s check -- paged_results``; slices and iteration come next.
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
        raise NotImplementedError

    def __len__(self) -> int:
        raise NotImplementedError

    def __bool__(self) -> bool:
        raise NotImplementedError

    def __iter__(self) -> Iterator[T]:
        raise NotImplementedError

    def __contains__(self, value: object) -> bool:
        raise NotImplementedError

    # TODO: two @overload signatures: int -> T, slice -> list[T]
    def __getitem__(self, index: int | slice) -> T | list[T]:
        raise NotImplementedError

    def __repr__(self) -> str:
        raise NotImplementedError

"""Bounded gather: run many awaitables with at most ``limit`` in flight.

``asyncio.gather(*coros)`` starts everything at once. Given ten thousand URLs that is ten
thousand open sockets, a rate-limited API hammered, and a server that says no. Write
``bounded_gather``: a ``gather`` with a concurrency limit.

Task
----
``await bounded_gather(factories, limit=k)`` takes *factories*: zero-argument callables that
each return an awaitable (``functools.partial(fetch, url)`` or ``lambda: fetch(url)``).
Factories rather than coroutine objects, because a coroutine object that is created and never
awaited triggers a "coroutine was never awaited" warning, and because work should only be
created when it can start.

Rules
-----
1. At most ``limit`` awaitables are in flight at any moment. A slot is taken *before* the
   factory is called and released only when its awaitable has finished (returned or raised),
   so even a factory that starts its work at once (one that returns an ``asyncio.Task``) never
   has more than ``limit`` running.
2. As soon as one finishes, the next one starts (a sliding window, not batches of ``limit``:
   one slow item must not hold up the others).
3. The result is a list in the order of ``factories``, whatever order they finish in.
4. ``return_exceptions=False`` (the default): the first exception to happen is raised as is
   (not wrapped, e.g. not in an ``ExceptionGroup``). "First" means first in time, not the
   first factory's: if item 3 fails while item 0 is still running, item 3's exception is
   raised, without waiting for item 0. A factory that raises instead of returning an
   awaitable fails its item the same way.
5. When that happens, every awaitable still running is cancelled, and once ``bounded_gather``
   has raised no factory is called and nothing new starts. By the time it raises, the
   cancelled ones have *finished* cancelling, even those that take a few steps to clean up:
   no task is left behind (``asyncio.all_tasks()`` is as it was before the call).
6. ``return_exceptions=True``: everything runs to completion and an exception takes its
   item's place in the result list (like ``asyncio.gather``); a failing item frees its slot
   like any other.
7. If the caller is cancelled, everything in flight is cancelled and awaited too (also those
   that take a few steps to clean up, and also if the caller is cancelled again while it
   waits for them), nothing new is started, and the caller still ends up cancelled.
8. ``limit < 1`` raises ``ValueError``, for an empty ``factories`` too, and before any factory
   is called.
9. The types stay as in the stub: the result is a ``list`` of the awaitables' result type
   (``T | BaseException`` with ``return_exceptions=True``), ``limit`` is a keyword-only
   ``int``, and a list of coroutine objects instead of factories is rejected by mypy.

Example::

    async def fetch(url: str) -> int:
        await asyncio.sleep(0.1)
        return len(url)

    urls = ["a", "bb", "ccc"]
    sizes = await bounded_gather([functools.partial(fetch, u) for u in urls], limit=2)
    # sizes == [1, 2, 3]; never more than 2 fetches at the same time

Where to start: an ``asyncio.Semaphore(limit)`` held around ``await factory()`` inside a small
wrapper coroutine, one task per factory, and ``asyncio.gather`` over the tasks. Then ask what
``gather`` does with the *other* tasks when one of them raises (nothing!) and fix that in a
``finally``.
"""

from collections.abc import Awaitable, Callable, Iterable
from typing import Literal, TypeVar, overload

T = TypeVar("T")


@overload
async def bounded_gather(
    factories: Iterable[Callable[[], Awaitable[T]]],
    *,
    limit: int,
    return_exceptions: Literal[False] = False,
) -> list[T]: ...
@overload
async def bounded_gather(
    factories: Iterable[Callable[[], Awaitable[T]]],
    *,
    limit: int,
    return_exceptions: bool,
) -> list[T | BaseException]: ...
async def bounded_gather(
    factories: Iterable[Callable[[], Awaitable[T]]],
    *,
    limit: int,
    return_exceptions: bool = False,
) -> list[T] | list[T | BaseException]:
    """Await every factory's awaitable with at most ``limit`` in flight; results in order."""
    raise NotImplementedError

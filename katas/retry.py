"""Retry: a decorator that takes arguments, for ``def`` and ``async def`` functions.

Networks fail for a moment and then work again, so calls to other services are often retried.
Write ``retry``, a *decorator factory*: ``retry(...)`` is called with the settings and returns
the decorator, which is then applied to the function. ``@retry(times=3)`` therefore runs
``retry(times=3)`` first and applies what it returns to the function below it.

Task
----
``@retry(times=..., exceptions=(...), delay=..., backoff=..., sleep=..., async_sleep=...)``
wraps a function so that a call that raises one of ``exceptions`` is tried again.

Rules
-----
1. ``times`` is the total number of attempts, the first one included: ``times=3`` means at most
   three calls (one try and two retries). ``times < 1`` raises ``ValueError`` when the
   decorator is made or applied, before any call.
2. Only exceptions that are instances of one of the classes in ``exceptions`` (subclasses
   included) are retried, and every listed class is, even one that derives from
   ``BaseException`` only. Any other exception propagates at once, without a retry: with the
   default ``(Exception,)``, a ``KeyboardInterrupt`` is not retried.
3. When every attempt fails, the exception of the *last* attempt propagates, unchanged: not
   wrapped, not swallowed (the call never returns ``None`` instead).
4. Between two attempts, wait: ``delay`` before the 2nd attempt, ``delay * backoff`` before the
   3rd, ``delay * backoff**2`` before the 4th, and so on. There is no wait before the first
   attempt and none after the last one. Each call of the decorated function starts over at
   attempt 1 and at ``delay``, whatever earlier calls did (even when they failed), also while
   another call of it is still running (a nested call, or concurrent calls of a coroutine).
5. Waiting goes through the injected callables, never through ``time.sleep`` or
   ``asyncio.sleep`` directly, so tests never really sleep: ``sleep(seconds)`` for ``def``
   functions, ``await async_sleep(seconds)`` for ``async def`` functions. A blocking
   ``sleep`` inside a coroutine would freeze the whole event loop.
6. The decorated function keeps the original's metadata (``__name__``, ``__doc__``,
   ``__qualname__``, ``__module__``) and points to it through ``__wrapped__``.
7. An ``async def`` function stays a coroutine function (``inspect.iscoroutinefunction`` is
   true for the result): each attempt calls the function again and awaits the new coroutine
   (a coroutine object can only be awaited once). Nothing runs until the caller awaits.
8. Types: the decorated function has exactly the original's parameters and return type, so
   mypy still rejects ``add("1", 2)`` after ``@retry()`` on ``def add(a: int, b: int) -> int``;
   awaiting a decorated ``async def`` function gives its return type.
9. Types: ``retry``'s own settings keep the stub's types, so mypy rejects a ``times`` that is
   not an int, ``exceptions`` that are not exception classes, and a blocking function such as
   ``time.sleep`` given as ``async_sleep``.

Example::

    attempts = []

    @retry(times=3, exceptions=(ConnectionError,), delay=0.5, backoff=2, sleep=print)
    def fetch(url: str) -> str:
        attempts.append(url)
        if len(attempts) < 3:
            raise ConnectionError("try again")
        return f"body of {url}"

    fetch("https://example.com")  # prints 0.5, then 1.0, returns 'body of https://example.com'

    @retry(times=2, exceptions=(TimeoutError,), delay=1.0)
    async def ping(host: str) -> float: ...

    latency = await ping("db")  # still awaited; waits with `await asyncio.sleep(1.0)`

Where to start: three nested functions. ``retry`` receives the settings and returns
``decorate``; ``decorate`` receives the function and returns ``wrapper``; ``wrapper(*args,
**kwargs)`` runs the attempts. Put ``@functools.wraps(func)`` on the wrapper. Then add a
second, ``async def`` wrapper, chosen when ``inspect.iscoroutinefunction(func)`` is true. The
``P``/``R`` type variables below are already in the signature: give the wrappers
``*args: P.args, **kwargs: P.kwargs``.
"""

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def retry(
    *,
    times: int = 3,
    exceptions: tuple[type[BaseException], ...] = (Exception,),
    delay: float = 0.0,
    backoff: float = 1.0,
    sleep: Callable[[float], object] = time.sleep,
    async_sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Return a decorator that retries the decorated function (see the module docstring)."""
    raise NotImplementedError

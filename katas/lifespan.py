"""Lifespan: open shared resources at startup, close them at shutdown.

An app needs a database connection pool and a cache client. Both are expensive to open,
shared by every request, and must be closed cleanly when the server stops. FastAPI's answer is
the **lifespan**: an async context manager passed as ``FastAPI(lifespan=...)``. The code before
its ``yield`` runs once at startup (before the first request), the code after it once at
shutdown (after the last request).

Your task: write ``create_app(make_pool, make_cache)`` and the two dependencies
``get_pool`` / ``get_cache``. ``Pool`` and ``Cache`` below are given stand-ins for real
clients: do not change them. The checks pass their own recording subclasses through
``make_pool`` / ``make_cache``.

Rules
-----
1. ``create_app`` only builds the app: it calls neither factory and opens nothing. All the
   work happens at startup and shutdown, in the lifespan passed as ``FastAPI(lifespan=...)``.
2. Use the lifespan only: no ``@app.on_event("startup")``/``("shutdown")`` handlers and no
   ``on_startup=``/``on_shutdown=`` lists (the checks look at the app and at the
   ``DeprecationWarning`` FastAPI gives for ``on_event``).
3. At every startup, in this order: ``pool = make_pool()``, ``await pool.open()``,
   ``cache = make_cache()``, ``await cache.open()``; each step runs only once the one before
   it succeeded. Each startup makes new ones: an app that is started again after a shutdown
   gets a new pool and cache.
4. Before the app serves requests (before the lifespan's ``yield``), store them as
   ``app.state.pool`` and ``app.state.cache``; ``get_pool(request)`` / ``get_cache(request)``
   return ``request.app.state.pool`` / ``request.app.state.cache``, the resources of the app
   that serves the request. No module-level globals: several apps can run at the same time,
   each with its own.
5. ``GET /health`` receives them with ``Annotated[Pool, Depends(get_pool)]`` and
   ``Annotated[Cache, Depends(get_cache)]`` (so a test can override them) and returns
   ``{"db": await pool.fetchval("SELECT 1"), "cache": await cache.ping()}``.
6. At shutdown (after the last request) close them in reverse order: first the cache, then
   the pool.
7. Whichever step of startup fails (any of the four in rule 3), the error propagates as it
   is (not wrapped in another exception): the server is told that startup failed, with that
   error. Whatever was already opened is closed first: the pool when ``make_cache()`` or
   ``cache.open()`` fails.
8. If closing the cache fails at shutdown, the pool is still closed, and the error
   propagates as it is: the server is told that shutdown failed, with that error.
9. Only what opened successfully is closed: a pool or cache whose ``open()`` raised is not
   closed.

Example (what a server such as uvicorn does with your app)::

    app = create_app(Pool, Cache)     # nothing is open yet
    # server startup  -> pool.open(), cache.open()
    # GET /health     -> {"db": 1, "cache": true}
    # server shutdown -> cache.close(), pool.close()

Where to start
--------------
Write the lifespan as an ``@asynccontextmanager`` function inside ``create_app`` (so it sees
the factories), open both resources with an ``AsyncExitStack``
(``stack.push_async_callback(pool.close)`` right after a successful open), and ``yield``
inside the ``async with`` block. ``contextlib.AsyncExitStack`` or nested ``try/finally``
give you rules 6 to 9.
"""

from collections.abc import Callable

from fastapi import FastAPI, Request


class Pool:
    """A stand-in for an async database connection pool (given: do not change it)."""

    def __init__(self) -> None:
        self.is_open = False

    async def open(self) -> None:
        self.is_open = True

    async def close(self) -> None:
        self.is_open = False

    async def fetchval(self, query: str) -> int:
        if not self.is_open:
            raise RuntimeError("the pool is not open")
        return 1


class Cache:
    """A stand-in for an async cache client such as Redis (given: do not change it)."""

    def __init__(self) -> None:
        self.is_open = False

    async def open(self) -> None:
        self.is_open = True

    async def close(self) -> None:
        self.is_open = False

    async def ping(self) -> bool:
        if not self.is_open:
            raise RuntimeError("the cache is not open")
        return True


def get_pool(request: Request) -> Pool:
    """Dependency: the pool the lifespan stored on ``request.app.state.pool``."""
    raise NotImplementedError


def get_cache(request: Request) -> Cache:
    """Dependency: the cache client the lifespan stored on ``request.app.state.cache``."""
    raise NotImplementedError


def create_app(make_pool: Callable[[], Pool], make_cache: Callable[[], Cache]) -> FastAPI:
    """Build the app; its lifespan opens the pool, then the cache, and closes them in reverse."""
    raise NotImplementedError

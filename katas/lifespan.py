"""Lifespan: open shared resources at startup, close them at shutdown.

An app needs a database connection pool and a cache client. Both are expensive to open,
shared by every request, and must be closed cleanly when the server stops. FastAPI's answer is
the **lifespan**: an async context manager passed as ``FastAPI(lifespan=...)``. The code before
its ``yield`` runs once at startup (before the first request), the code after it once at
shutdown (after the last request).

Your task: write ``create_app(make_pool, make_cache)`` and the two dependencies
``get_pool`` / ``get_cache``.

Rules
- ``Pool`` and ``Cache`` below are given stand-ins for real clients: do not change them. The
  checks pass their own recording subclasses through ``make_pool`` / ``make_cache``.
- Nothing is opened when the module is imported or when ``create_app`` runs. At startup, in
  the lifespan: create the pool with ``make_pool()`` and ``await pool.open()``, then create the
  cache with ``make_cache()`` and ``await cache.open()``. Store them as ``app.state.pool`` and
  ``app.state.cache``. No module-level globals: every app gets its own resources.
- At shutdown close them in reverse order: first the cache, then the pool.
- If anything fails after the pool is open (the cache fails to open, or fails to close), the
  pool must still be closed, and the error must still propagate (the server reports a failed
  startup). ``contextlib.AsyncExitStack`` or nested ``try/finally`` do this.
- ``get_pool(request)`` / ``get_cache(request)`` return the resources from ``app.state``
  (``request.app.state``). Endpoints receive them with ``Annotated[Pool, Depends(get_pool)]``.
- One endpoint: ``GET /health`` returns
  ``{"db": await pool.fetchval("SELECT 1"), "cache": await cache.ping()}``.
- Use ``lifespan=``, not the deprecated ``@app.on_event("startup")``.

Example (what a server such as uvicorn does with your app)::

    app = create_app(Pool, Cache)     # nothing is open yet
    # server startup  -> pool.open(), cache.open()
    # GET /health     -> {"db": 1, "cache": true}
    # server shutdown -> cache.close(), pool.close()

Where to start: write the lifespan as an ``@asynccontextmanager`` function inside
``create_app`` (so it sees the factories), open both resources with an ``AsyncExitStack``
(``stack.push_async_callback(pool.close)`` right after a successful open), and ``yield``
inside the ``async with`` block.
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

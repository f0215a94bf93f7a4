"""Keeps the pool in a module-level global shared by every app instance.

The pool is created when the app is built and stored in a global: a second app (a second test,
a reloaded worker) silently replaces the first one's pool, and the first app's lifespan opens
and queries a pool that is not its own.

Caught by: test_each_app_gets_its_own_pool
"""

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request


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
    pool: Pool = request.app.state.pool
    return pool


def get_cache(request: Request) -> Cache:
    cache: Cache = request.app.state.cache
    return cache


pool: Pool | None = None  # the mistake: one module-level pool for every app


def create_app(make_pool: Callable[[], Pool], make_cache: Callable[[], Cache]) -> FastAPI:
    global pool
    pool = make_pool()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        assert pool is not None
        await pool.open()
        app.state.pool = pool
        cache = make_cache()
        try:
            await cache.open()
            app.state.cache = cache
            try:
                yield
            finally:
                await cache.close()
        finally:
            await pool.close()

    app = FastAPI(lifespan=lifespan)

    @app.get("/health")
    async def health(
        pool: Annotated[Pool, Depends(get_pool)], cache: Annotated[Cache, Depends(get_cache)]
    ) -> dict[str, Any]:
        return {"db": await pool.fetchval("SELECT 1"), "cache": await cache.ping()}

    return app

"""Opens and closes the resources with plain statements around the yield.

The straight-line lifespan from the tutorials: when the cache fails to open (or to close), the
code after the failing line never runs and the open pool leaks.

Caught by: test_pool_closed_when_cache_fails_to_open, test_pool_closed_when_cache_fails_to_close
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


def create_app(make_pool: Callable[[], Pool], make_cache: Callable[[], Cache]) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        pool = make_pool()
        await pool.open()
        app.state.pool = pool
        cache = make_cache()
        await cache.open()
        app.state.cache = cache
        yield
        await cache.close()
        await pool.close()

    app = FastAPI(lifespan=lifespan)

    @app.get("/health")
    async def health(
        pool: Annotated[Pool, Depends(get_pool)], cache: Annotated[Cache, Depends(get_cache)]
    ) -> dict[str, Any]:
        return {"db": await pool.fetchval("SELECT 1"), "cache": await cache.ping()}

    return app

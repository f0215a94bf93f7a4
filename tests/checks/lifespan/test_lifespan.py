"""Hidden checks for the `lifespan` kata.

The app is driven the way a server (uvicorn, hypercorn) drives it: the ASGI lifespan protocol
for startup and shutdown, and in-process HTTP requests in between. httpx's ASGITransport does
not run the lifespan, so a small driver below plays the server's part.
"""

import asyncio
import contextlib
from collections.abc import Callable
from typing import Any

import httpx

from katas.lifespan import Cache, Pool, create_app

Message = dict[str, Any]
ANSWER_TIMEOUT = 5.0


class RecordingPool(Pool):
    """A pool that writes what happens to it into a shared event list."""

    def __init__(self, events: list[str], *, fail_open: bool = False) -> None:
        super().__init__()
        self.events = events
        self.fail_open = fail_open

    async def open(self) -> None:
        await asyncio.sleep(0)
        if self.fail_open:
            self.events.append("pool.open failed")
            raise ConnectionError("database unreachable")
        self.is_open = True
        self.events.append("pool.open")

    async def close(self) -> None:
        await asyncio.sleep(0)
        self.is_open = False
        self.events.append("pool.close")

    async def fetchval(self, query: str) -> int:
        if not self.is_open:
            raise RuntimeError("the pool is not open")
        self.events.append("pool.query")
        return 1


class RecordingCache(Cache):
    """A cache client that writes what happens to it into a shared event list."""

    def __init__(
        self, events: list[str], *, fail_open: bool = False, fail_close: bool = False
    ) -> None:
        super().__init__()
        self.events = events
        self.fail_open = fail_open
        self.fail_close = fail_close

    async def open(self) -> None:
        await asyncio.sleep(0)
        if self.fail_open:
            self.events.append("cache.open failed")
            raise ConnectionError("cache unreachable")
        self.is_open = True
        self.events.append("cache.open")

    async def close(self) -> None:
        await asyncio.sleep(0)
        self.is_open = False
        if self.fail_close:
            self.events.append("cache.close failed")
            raise ConnectionError("cache connection lost while closing")
        self.events.append("cache.close")

    async def ping(self) -> bool:
        if not self.is_open:
            raise RuntimeError("the cache is not open")
        self.events.append("cache.ping")
        return True


class Factories:
    """make_pool / make_cache callables that remember every instance they made."""

    def __init__(
        self,
        events: list[str],
        *,
        pool_fails: bool = False,
        cache_fails_open: bool = False,
        cache_fails_close: bool = False,
    ) -> None:
        self.events = events
        self.pools: list[RecordingPool] = []
        self.caches: list[RecordingCache] = []
        self.pool_fails = pool_fails
        self.cache_fails_open = cache_fails_open
        self.cache_fails_close = cache_fails_close

    def make_pool(self) -> Pool:
        pool = RecordingPool(self.events, fail_open=self.pool_fails)
        self.pools.append(pool)
        return pool

    def make_cache(self) -> Cache:
        cache = RecordingCache(
            self.events, fail_open=self.cache_fails_open, fail_close=self.cache_fails_close
        )
        self.caches.append(cache)
        return cache

    @property
    def pool(self) -> RecordingPool:
        assert len(self.pools) == 1, f"expected make_pool() to be called once, got {self.pools}"
        return self.pools[0]

    @property
    def cache(self) -> RecordingCache:
        assert len(self.caches) == 1, (
            f"expected make_cache() to be called once, got {len(self.caches)} calls"
        )
        return self.caches[0]


class LifespanDriver:
    """Plays the server's side of the ASGI lifespan protocol."""

    def __init__(self, app: Callable[..., Any]) -> None:
        self.app = app
        self.to_app: asyncio.Queue[Message] = asyncio.Queue()
        self.from_app: asyncio.Queue[Message] = asyncio.Queue()
        self.task: asyncio.Task[Any] | None = None

    async def _exchange(self, message: Message) -> Message:
        assert self.task is not None
        await self.to_app.put(message)
        answer = asyncio.ensure_future(self.from_app.get())
        done, _ = await asyncio.wait(
            {answer, self.task}, timeout=ANSWER_TIMEOUT, return_when=asyncio.FIRST_COMPLETED
        )
        if answer in done:
            return answer.result()
        answer.cancel()
        await asyncio.gather(answer, return_exceptions=True)
        if self.task in done:
            error = self.task.exception()
            return {"type": "app exited without answering", "message": repr(error)}
        raise AssertionError(
            f"the app did not answer {message['type']!r} within {ANSWER_TIMEOUT} s"
        )

    async def startup(self) -> Message:
        scope = {"type": "lifespan", "asgi": {"version": "3.0", "spec_version": "2.0"}, "state": {}}
        self.task = asyncio.create_task(self.app(scope, self.to_app.get, self.from_app.put))
        return await self._exchange({"type": "lifespan.startup"})

    async def shutdown(self) -> Message:
        answer = await self._exchange({"type": "lifespan.shutdown"})
        await self.finish()
        return answer

    async def finish(self) -> None:
        """Wait for the app's lifespan task to end; the error it ended with was reported."""
        assert self.task is not None
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.task, ANSWER_TIMEOUT)


async def start(app: Any) -> LifespanDriver:
    driver = LifespanDriver(app)
    answer = await driver.startup()
    assert answer["type"] == "lifespan.startup.complete", (
        f"expected the app to start up, got {answer['type']!r}: {answer.get('message', '')}"
    )
    return driver


async def stop(driver: LifespanDriver) -> None:
    answer = await driver.shutdown()
    assert answer["type"] == "lifespan.shutdown.complete", (
        f"expected a clean shutdown, got {answer['type']!r}: {answer.get('message', '')}"
    )


async def get_health(app: Any) -> httpx.Response:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as client:
        return await client.get("/health")


def test_nothing_is_opened_when_the_app_is_built() -> None:
    """building the app opens nothing: resources are opened at startup"""
    events: list[str] = []
    factories = Factories(events)
    create_app(factories.make_pool, factories.make_cache)
    assert events == [], f"expected no pool/cache activity before startup, got {events}"


async def test_startup_opens_pool_then_cache() -> None:
    """startup opens the pool, then the cache"""
    events: list[str] = []
    factories = Factories(events)
    app = create_app(factories.make_pool, factories.make_cache)
    driver = await start(app)
    try:
        assert events == ["pool.open", "cache.open"], (
            f"expected the pool, then the cache to be opened at startup, got {events}"
        )
    finally:
        await driver.shutdown()


async def test_requests_use_the_resources_on_app_state() -> None:
    """requests use the pool and cache stored on app.state"""
    events: list[str] = []
    factories = Factories(events)
    app = create_app(factories.make_pool, factories.make_cache)
    driver = await start(app)
    try:
        assert getattr(app.state, "pool", None) is factories.pool, (
            "expected app.state.pool to be the pool made by make_pool()"
        )
        assert getattr(app.state, "cache", None) is factories.cache, (
            "expected app.state.cache to be the cache made by make_cache()"
        )
        response = await get_health(app)
        assert response.status_code == 200, (
            f"expected GET /health to answer 200, got {response.status_code}: {response.text}"
        )
        assert response.json() == {"db": 1, "cache": True}, (
            f'expected {{"db": 1, "cache": true}}, got {response.text}'
        )
        assert events.count("pool.query") == 1, (
            f"expected one query on the app's pool, got events {events}"
        )
        assert events.count("cache.ping") == 1, (
            f"expected one ping on the app's cache, got events {events}"
        )
    finally:
        await driver.shutdown()


async def test_shutdown_after_last_request_closes_cache_then_pool() -> None:
    """shutdown runs after the last request and closes the cache, then the pool"""
    events: list[str] = []
    factories = Factories(events)
    app = create_app(factories.make_pool, factories.make_cache)
    driver = await start(app)
    for _ in range(2):
        response = await get_health(app)
        assert response.status_code == 200, f"expected 200, got {response.status_code}"
    await stop(driver)
    assert events[:2] == ["pool.open", "cache.open"], f"unexpected startup events: {events}"
    assert events[-2:] == ["cache.close", "pool.close"], (
        f"expected the cache, then the pool to be closed last, got {events}"
    )
    middle = sorted(events[2:-2])
    assert middle == ["cache.ping", "cache.ping", "pool.query", "pool.query"], (
        f"expected the two requests between startup and shutdown, got {events}"
    )
    assert not factories.pool.is_open, "expected the pool to be closed after shutdown"
    assert not factories.cache.is_open, "expected the cache to be closed after shutdown"


async def test_pool_closed_when_cache_fails_to_open() -> None:
    """the pool is closed and startup fails when the cache cannot be opened"""
    events: list[str] = []
    factories = Factories(events, cache_fails_open=True)
    app = create_app(factories.make_pool, factories.make_cache)
    driver = LifespanDriver(app)
    answer = await driver.startup()
    await driver.finish()
    assert answer["type"] == "lifespan.startup.failed", (
        "expected the server to be told that startup failed (the cache error must propagate), "
        f"got {answer['type']!r}"
    )
    assert "cache unreachable" in answer.get("message", ""), (
        f"expected the failure report to name the cache error, got {answer.get('message')!r}"
    )
    assert "pool.close" in events, f"expected the already-open pool to be closed, got {events}"
    assert events.index("pool.open") < events.index("pool.close"), f"got {events}"
    assert not factories.pool.is_open, "expected the pool to end up closed"


async def test_cache_not_opened_when_pool_fails_to_open() -> None:
    """startup stops at the pool when the pool cannot be opened"""
    events: list[str] = []
    factories = Factories(events, pool_fails=True)
    app = create_app(factories.make_pool, factories.make_cache)
    driver = LifespanDriver(app)
    answer = await driver.startup()
    await driver.finish()
    assert answer["type"] == "lifespan.startup.failed", (
        f"expected startup to fail when the pool cannot open, got {answer['type']!r}"
    )
    assert "cache.open" not in events, (
        f"expected the cache not to be opened after the pool failed, got {events}"
    )


async def test_pool_closed_when_cache_fails_to_close() -> None:
    """the pool is still closed when closing the cache fails at shutdown"""
    events: list[str] = []
    factories = Factories(events, cache_fails_close=True)
    app = create_app(factories.make_pool, factories.make_cache)
    driver = await start(app)
    await driver.shutdown()
    assert "cache.close failed" in events, f"expected the cache to be closed, got {events}"
    assert "pool.close" in events, (
        f"expected the pool to be closed even though closing the cache failed, got {events}"
    )
    assert not factories.pool.is_open, "expected the pool to end up closed"


async def test_each_app_gets_its_own_pool() -> None:
    """every app instance opens, uses and closes its own pool (no module-level global)"""
    first_events: list[str] = []
    second_events: list[str] = []
    first = Factories(first_events)
    second = Factories(second_events)
    first_app = create_app(first.make_pool, first.make_cache)
    second_app = create_app(second.make_pool, second.make_cache)

    driver = await start(first_app)
    response = await get_health(first_app)
    assert response.status_code == 200, f"first app: expected 200, got {response.status_code}"
    await stop(driver)

    driver = await start(second_app)
    response = await get_health(second_app)
    assert response.status_code == 200, f"second app: expected 200, got {response.status_code}"
    await stop(driver)

    expected = ["pool.open", "cache.open", "pool.query", "cache.ping", "cache.close", "pool.close"]
    for name, events in (("first", first_events), ("second", second_events)):
        assert sorted(events) == sorted(expected), (
            f"expected the {name} app to open, query and close its own pool and cache, got {events}"
        )

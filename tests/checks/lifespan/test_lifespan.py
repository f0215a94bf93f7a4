"""Hidden checks for the `lifespan` kata.

The app is driven the way a server (uvicorn, hypercorn) drives it: the ASGI lifespan protocol
for startup and shutdown, and in-process HTTP requests in between. httpx's ASGITransport does
not run the lifespan, so a small driver below plays the server's part.
"""

import asyncio
import contextlib
import warnings
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI, Request

from katas.lifespan import Cache, Pool, create_app, get_cache, get_pool
from pykata.leaks import no_leaks

Message = dict[str, Any]
ANSWER_TIMEOUT = 30.0  # only a hung app ever waits this long
# sync dependencies run in AnyIO's worker threads, which idle on after a request by design
ANYIO_WORKERS = ("AnyIO worker thread",)


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
    """make_pool / make_cache callables that log each call and remember every instance."""

    def __init__(
        self,
        events: list[str],
        *,
        fail: str | None = None,
        cache_fails_close: bool = False,
    ) -> None:
        self.events = events
        self.pools: list[RecordingPool] = []
        self.caches: list[RecordingCache] = []
        self.fail = fail  # which startup step fails: see STARTUP_STEPS
        self.cache_fails_close = cache_fails_close

    def make_pool(self) -> Pool:
        self.events.append("pool.make")
        if self.fail == "make_pool":
            raise LookupError("no pool configured")
        pool = RecordingPool(self.events, fail_open=self.fail == "pool.open")
        self.pools.append(pool)
        return pool

    def make_cache(self) -> Cache:
        self.events.append("cache.make")
        if self.fail == "make_cache":
            raise LookupError("no cache configured")
        cache = RecordingCache(
            self.events, fail_open=self.fail == "cache.open", fail_close=self.cache_fails_close
        )
        self.caches.append(cache)
        return cache

    @property
    def pool(self) -> RecordingPool:
        assert len(self.pools) == 1, (
            f"expected make_pool() to be called once, got {len(self.pools)} calls"
        )
        return self.pools[0]

    @property
    def cache(self) -> RecordingCache:
        assert len(self.caches) == 1, (
            f"expected make_cache() to be called once, got {len(self.caches)} calls"
        )
        return self.caches[0]


STARTUP = ["pool.make", "pool.open", "cache.make", "cache.open"]
# each failing step, the error the server must be told about, and what must be closed then
STARTUP_STEPS: dict[str, tuple[type[Exception], str, list[str]]] = {
    "make_pool": (LookupError, "no pool configured", []),
    "pool.open": (ConnectionError, "database unreachable", []),
    "make_cache": (LookupError, "no cache configured", ["pool.close"]),
    "cache.open": (ConnectionError, "cache unreachable", ["pool.close"]),
}


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

    def ended_with(self) -> BaseException | None:
        """The exception the app's lifespan ended with, once finished (None if it ended well)."""
        assert self.task is not None
        assert self.task.done(), "the lifespan task is still running"
        return None if self.task.cancelled() else self.task.exception()


def is_the_error(raised: BaseException | None, kind: type[Exception], message: str) -> bool:
    """Whether ``raised`` is the error a factory or resource raised, not a wrapper of it."""
    return type(raised) is kind and str(raised) == message


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


# --- building the app ------------------------------------------------------------------------


@pytest.mark.rule(1)
def test_nothing_is_made_when_the_app_is_built() -> None:
    """building the app calls neither factory and opens nothing: that is startup's job"""
    events: list[str] = []
    factories = Factories(events)
    create_app(factories.make_pool, factories.make_cache)
    assert events == [], (
        f"expected no factory call and no pool/cache activity before startup, got {events}"
    )


@pytest.mark.rule(2)
async def test_startup_runs_in_the_lifespan_not_on_event() -> None:
    """the startup and shutdown code is the app's lifespan, not on_event handlers"""
    events: list[str] = []
    factories = Factories(events)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        app = create_app(factories.make_pool, factories.make_cache)
    on_event = [str(w.message).strip() for w in caught if "on_event" in str(w.message)]
    assert not on_event, (
        "expected no on_event handlers (FastAPI warned: "
        f"{on_event[0].splitlines()[0]!r}): pass the lifespan as FastAPI(lifespan=...)"
    )
    handlers = [*app.router.on_startup, *app.router.on_shutdown]
    assert handlers == [], (
        f"expected no startup/shutdown event handlers on the app, found {handlers}: do the "
        "work in the lifespan, not in on_startup/on_shutdown handlers"
    )
    driver = await start(app)
    await stop(driver)
    assert sorted(events) == sorted([*STARTUP, "cache.close", "pool.close"]), (
        f"expected the app's startup and shutdown to make, open and close the resources, got "
        f"{events}"
    )


# --- startup ---------------------------------------------------------------------------------


@pytest.mark.rule(3)
async def test_startup_makes_and_opens_pool_then_cache() -> None:
    """startup makes and opens the pool, then makes and opens the cache"""
    events: list[str] = []
    factories = Factories(events)
    app = create_app(factories.make_pool, factories.make_cache)
    driver = await start(app)
    try:
        assert events == STARTUP, (
            f"expected startup to do exactly {STARTUP} in that order, got {events}"
        )
    finally:
        await driver.shutdown()


@pytest.mark.rule(3)
async def test_each_startup_makes_new_resources() -> None:
    """an app started again after a shutdown makes, opens and uses a new pool and cache"""
    events: list[str] = []
    factories = Factories(events)
    app = create_app(factories.make_pool, factories.make_cache)
    for round_ in range(2):
        driver = await start(app)
        response = await get_health(app)
        assert response.status_code == 200, (
            f"startup {round_ + 1}: expected GET /health to answer 200, got "
            f"{response.status_code}: {response.text}"
        )
        await stop(driver)
    made = (len(factories.pools), len(factories.caches))
    assert made == (2, 2), (
        f"expected each of the two startups to make its own pool and cache, got {made[0]} "
        f"pool(s) and {made[1]} cache(s); events {events}"
    )
    once = [*STARTUP, "pool.query", "cache.ping", "cache.close", "pool.close"]
    assert sorted(events) == sorted(once * 2), (
        f"expected two full rounds of make, open, use and close, got {events}"
    )
    assert not any(p.is_open for p in factories.pools), "expected every pool closed"


@pytest.mark.rule(3)
@pytest.mark.parametrize("step", list(STARTUP_STEPS))
async def test_startup_stops_at_the_failing_step(step: str) -> None:
    """no startup step runs after one that failed"""
    events: list[str] = []
    factories = Factories(events, fail=step)
    app = create_app(factories.make_pool, factories.make_cache)
    driver = LifespanDriver(app)
    await driver.startup()
    await driver.finish()
    index = STARTUP.index(step.replace("make_", "") + ".make" if "make_" in step else step)
    failed = STARTUP[index] + (" failed" if step.endswith(".open") else "")
    expected = [*STARTUP[:index], failed]
    steps = [e for e in events if not e.endswith(".close")]
    assert steps == expected, (
        f"expected startup to stop once {step} failed ({expected}), got events {events}"
    )


@pytest.mark.rule(4)
async def test_resources_are_stored_on_app_state() -> None:
    """after startup, app.state.pool and app.state.cache are the resources just opened"""
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
        opened = (factories.pool.is_open, factories.cache.is_open)
        assert opened == (True, True), (
            f"expected both open once startup completed, got events {events}"
        )
    finally:
        await driver.shutdown()


# --- the dependencies and the endpoint -------------------------------------------------------


@pytest.mark.rule(4)
def test_dependencies_read_the_requests_app_state() -> None:
    """get_pool/get_cache return what request.app.state holds for the request's app"""
    events: list[str] = []
    holder = FastAPI()
    pool, cache = RecordingPool(events), RecordingCache(events)
    holder.state.pool = pool
    holder.state.cache = cache
    request = Request({"type": "http", "app": holder, "headers": []})
    assert get_pool(request) is pool, "expected get_pool to return request.app.state.pool"
    assert get_cache(request) is cache, "expected get_cache to return request.app.state.cache"


@pytest.mark.rule(4)
async def test_apps_running_together_use_their_own_resources() -> None:
    """two apps running at the same time each serve requests with their own pool and cache"""
    first_events: list[str] = []
    second_events: list[str] = []
    first = Factories(first_events)
    second = Factories(second_events)
    first_app = create_app(first.make_pool, first.make_cache)
    second_app = create_app(second.make_pool, second.make_cache)
    first_driver = await start(first_app)
    second_driver = await start(second_app)
    try:
        for app, events, name in [
            (first_app, first_events, "first"),
            (second_app, second_events, "second"),
            (first_app, first_events, "first"),
        ]:
            before = list(events)
            response = await get_health(app)
            assert response.status_code == 200, (
                f"{name} app: expected 200, got {response.status_code}: {response.text}"
            )
            assert sorted(events[len(before) :]) == ["cache.ping", "pool.query"], (
                f"expected a request to the {name} app to use the {name} app's own pool and "
                f"cache, but its events went from {before} to {events}"
            )
    finally:
        await second_driver.shutdown()
        await first_driver.shutdown()


@pytest.mark.rule(5)
async def test_health_reports_pool_and_cache() -> None:
    """GET /health answers {"db": 1, "cache": true} from the app's pool and cache"""
    events: list[str] = []
    factories = Factories(events)
    app = create_app(factories.make_pool, factories.make_cache)
    driver = await start(app)
    try:
        response = await get_health(app)
        assert response.status_code == 200, (
            f"expected GET /health to answer 200, got {response.status_code}: {response.text}"
        )
        assert response.json() == {"db": 1, "cache": True}, (
            f'expected {{"db": 1, "cache": true}}, got {response.text}'
        )
        assert events[len(STARTUP) :] in (
            ["pool.query", "cache.ping"],
            ["cache.ping", "pool.query"],
        ), f"expected one query on the pool and one ping on the cache, got events {events}"
    finally:
        await driver.shutdown()


@pytest.mark.rule(5)
async def test_health_receives_the_resources_through_depends() -> None:
    """GET /health uses Depends(get_pool)/Depends(get_cache): overriding them reaches it"""
    events: list[str] = []
    factories = Factories(events)
    app = create_app(factories.make_pool, factories.make_cache)
    test_events: list[str] = []
    test_pool, test_cache = RecordingPool(test_events), RecordingCache(test_events)
    await test_pool.open()
    await test_cache.open()
    app.dependency_overrides[get_pool] = lambda: test_pool
    app.dependency_overrides[get_cache] = lambda: test_cache
    driver = await start(app)
    try:
        response = await get_health(app)
        assert response.status_code == 200, (
            f"expected 200 with the dependencies overridden, got {response.status_code}: "
            f"{response.text}"
        )
    finally:
        await driver.shutdown()
    assert sorted(test_events[2:]) == ["cache.ping", "pool.query"], (
        "expected GET /health to query the overriding pool and ping the overriding cache "
        f"(declare them with Depends(get_pool)/Depends(get_cache)), got {test_events}"
    )
    assert not {"pool.query", "cache.ping"} & set(events), (
        f"GET /health used the app's own resources although the dependencies were overridden: "
        f"{events}"
    )


# --- shutdown and failures -------------------------------------------------------------------


@pytest.mark.rule(6)
async def test_shutdown_after_last_request_closes_cache_then_pool() -> None:
    """shutdown runs after the last request and closes the cache, then the pool"""
    events: list[str] = []
    factories = Factories(events)
    app = create_app(factories.make_pool, factories.make_cache)
    async with no_leaks(ignore_threads=ANYIO_WORKERS):
        driver = await start(app)
        for _ in range(2):
            response = await get_health(app)
            assert response.status_code == 200, f"expected 200, got {response.status_code}"
        await stop(driver)
    assert events[:4] == STARTUP, f"unexpected startup events: {events}"
    assert events[-2:] == ["cache.close", "pool.close"], (
        f"expected the cache, then the pool to be closed last, got {events}"
    )
    middle = sorted(events[4:-2])
    assert middle == ["cache.ping", "cache.ping", "pool.query", "pool.query"], (
        f"expected the two requests between startup and shutdown, got {events}"
    )
    assert not factories.pool.is_open, "expected the pool to be closed after shutdown"
    assert not factories.cache.is_open, "expected the cache to be closed after shutdown"


@pytest.mark.rule(7)
@pytest.mark.parametrize("step", list(STARTUP_STEPS))
async def test_failed_startup_step_is_reported_and_cleaned_up(step: str) -> None:
    """whichever startup step fails, startup fails with that error and the open pool is closed"""
    kind, error, closes = STARTUP_STEPS[step]
    events: list[str] = []
    factories = Factories(events, fail=step)
    app = create_app(factories.make_pool, factories.make_cache)
    async with no_leaks(ignore_threads=ANYIO_WORKERS):
        driver = LifespanDriver(app)
        answer = await driver.startup()
        await driver.finish()
    assert answer["type"] == "lifespan.startup.failed", (
        f"expected the server to be told that startup failed when {step} fails (the error "
        f"must propagate), got {answer['type']!r}"
    )
    assert error in answer.get("message", ""), (
        f"expected the failure report to carry the error of {step} ({error!r}), got "
        f"{answer.get('message')!r}"
    )
    ended = driver.ended_with()
    assert is_the_error(ended, kind, error), (
        f"expected startup to fail with the error {step} raised ({kind.__name__}: {error}), "
        f"got {ended!r}: let it propagate as it is, do not wrap or replace it"
    )
    closed = [e for e in events if e.endswith(".close")]
    for name in closes:
        assert name in closed, (
            f"expected {name} after {step} failed (what was already opened must be closed), "
            f"got events {events}"
        )
    assert not any(p.is_open for p in factories.pools), (
        f"expected no pool left open after {step} failed, got events {events}"
    )
    assert not any(c.is_open for c in factories.caches), (
        f"expected no cache left open after {step} failed, got events {events}"
    )


@pytest.mark.rule(8)
async def test_pool_closed_and_failure_reported_when_cache_fails_to_close() -> None:
    """when closing the cache fails, the pool is still closed and shutdown reports the error"""
    events: list[str] = []
    factories = Factories(events, cache_fails_close=True)
    app = create_app(factories.make_pool, factories.make_cache)
    async with no_leaks(ignore_threads=ANYIO_WORKERS):
        driver = await start(app)
        answer = await driver.shutdown()
    assert "cache.close failed" in events, f"expected the cache to be closed, got {events}"
    assert "pool.close" in events, (
        f"expected the pool to be closed even though closing the cache failed, got {events}"
    )
    assert not factories.pool.is_open, "expected the pool to end up closed"
    assert answer["type"] == "lifespan.shutdown.failed", (
        "expected the server to be told that shutdown failed (the cache's error must "
        f"propagate), got {answer['type']!r}"
    )
    assert "cache connection lost while closing" in answer.get("message", ""), (
        f"expected the failure report to carry the cache's error, got {answer.get('message')!r}"
    )
    ended = driver.ended_with()
    assert is_the_error(ended, ConnectionError, "cache connection lost while closing"), (
        f"expected shutdown to fail with the error cache.close() raised, got {ended!r}: let it "
        "propagate as it is, do not wrap or replace it"
    )


@pytest.mark.rule(9)
@pytest.mark.parametrize("step", ["pool.open", "cache.open"])
async def test_only_what_opened_is_closed(step: str) -> None:
    """a resource whose open() failed is not closed"""
    events: list[str] = []
    factories = Factories(events, fail=step)
    app = create_app(factories.make_pool, factories.make_cache)
    driver = LifespanDriver(app)
    answer = await driver.startup()
    await driver.finish()
    assert answer["type"] == "lifespan.startup.failed", (
        f"expected startup to fail when {step} fails, got {answer['type']!r}"
    )
    never_opened = step.replace(".open", ".close")
    assert never_opened not in events, (
        f"expected no {never_opened} after {step} failed (it never opened), got events "
        f"{events}: register each close only once its open() succeeded"
    )

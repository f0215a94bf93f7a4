"""Hidden pytest checks for the retry kata.

Nothing here really sleeps or measures time: the checks inject recording ``sleep`` and
``async_sleep`` callables, and ``time.sleep`` / ``asyncio.sleep`` are replaced by recorders
while the decorated functions run, so a solution that calls them directly is caught (and
still fast). Most checks run twice, on a ``def`` and on an ``async def`` function.
"""

import asyncio
import inspect
import math
import time
import types
from collections.abc import Callable, Coroutine, Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

from katas.retry import retry

KINDS = ["def", "async def"]


class Shutdown(BaseException):
    """A BaseException that is not an Exception, like KeyboardInterrupt or CancelledError."""


@dataclass
class Attempts:
    """What a scripted function saw: the arguments of each call and the errors it raised."""

    error: Callable[[str], BaseException] = ConnectionError
    calls: list[tuple[tuple[object, ...], dict[str, object]]] = field(default_factory=list)
    raised: list[BaseException] = field(default_factory=list)

    def outcome(self, args: tuple[object, ...], kwargs: dict[str, object], fails: bool) -> str:
        self.calls.append((args, kwargs))
        if fails:
            error = self.error(f"failure #{len(self.calls)}")
            self.raised.append(error)
            raise error
        return f"ok after {len(self.calls)} calls"


def scripted(
    script: str, error: Callable[[str], BaseException] = ConnectionError, kind: str = "def"
) -> tuple[Callable[..., Any], Attempts]:
    """A function that fails ("x") or succeeds (".") call after call, following script.

    After the script runs out it keeps succeeding. ``kind`` is "def" or "async def"; for an
    ``async def`` function the call is recorded when the coroutine runs.
    """
    attempts = Attempts(error=error)

    def fails() -> bool:
        index = len(attempts.calls)
        return index < len(script) and script[index] == "x"

    def fetch(*args: object, **kwargs: object) -> str:
        return attempts.outcome(args, kwargs, fails())

    async def async_fetch(*args: object, **kwargs: object) -> str:
        return attempts.outcome(args, kwargs, fails())

    return (fetch if kind == "def" else async_fetch), attempts


def async_scripted(
    script: str, error: Callable[[str], BaseException] = ConnectionError
) -> tuple[Callable[..., Coroutine[Any, Any, str]], Attempts]:
    return scripted(script, error, "async def")


class SleepRecorder:
    """An injected sync ``sleep``: records the requested waits."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@types.coroutine
def _yield_to_the_loop() -> Generator[None, None, None]:
    """Let every other ready task run once (what ``asyncio.sleep(0)`` does), without time."""
    yield


class AsyncSleepRecorder:
    """An injected ``async_sleep``: records a wait only when the coroutine is really awaited.

    Each wait also yields to the event loop once, so concurrent calls interleave.
    """

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        await _yield_to_the_loop()


@contextmanager
def direct_sleeps() -> Iterator[list[str]]:
    """Replace time.sleep and asyncio.sleep by recorders; yields the calls they received."""
    used: list[str] = []

    def fake_time_sleep(seconds: float) -> None:
        used.append(f"time.sleep({seconds!r})")

    async def fake_asyncio_sleep(seconds: float, result: object = None) -> object:
        used.append(f"asyncio.sleep({seconds!r})")
        return result

    with (
        mock.patch.object(time, "sleep", fake_time_sleep),
        mock.patch.object(asyncio, "sleep", fake_asyncio_sleep),
    ):
        yield used


def close_to(got: list[float], expected: list[float]) -> bool:
    return len(got) == len(expected) and all(
        math.isclose(g, e, rel_tol=1e-9, abs_tol=1e-12) for g, e in zip(got, expected, strict=True)
    )


def invoke(
    decorated: Callable[..., Any], kind: str, *args: object, **kwargs: object
) -> tuple[object, BaseException | None]:
    """Call the decorated function (and await it for async def): (result, raised exception)."""
    try:
        if kind == "def":
            return decorated(*args, **kwargs), None

        async def run() -> object:
            return await decorated(*args, **kwargs)

        return asyncio.run(run()), None
    except (Exception, Shutdown) as error:
        return None, error


def outcome_of(call: Callable[[], object]) -> BaseException | None:
    """Run call and return the exception it raised (None if it returned)."""
    try:
        call()
    except Exception as error:
        return error
    return None


def decorate(kind: str, func: Callable[..., Any], **settings: Any) -> Callable[..., Any]:
    """retry(**settings)(func) with recording sleeps; the recorders are settings['sleep'] etc."""
    settings.setdefault("sleep", SleepRecorder())
    settings.setdefault("async_sleep", AsyncSleepRecorder())
    return retry(**settings)(func)


@pytest.mark.rule(1)
@pytest.mark.parametrize("kind", KINDS)
def test_retries_until_success(kind: str) -> None:
    """retries until the call succeeds, passing the same arguments every time"""
    fetch, attempts = scripted("xx", kind=kind)
    decorated = decorate(kind, fetch, times=3, exceptions=(ConnectionError,))
    with direct_sleeps():
        result, error = invoke(decorated, kind, "users", page=2)
    assert error is None, f"{kind}: expected success on the 3rd of 3 attempts, got {error!r}"
    assert len(attempts.calls) == 3, (
        f"{kind}: expected 3 calls (2 failures, then success) with times=3, "
        f"got {len(attempts.calls)}"
    )
    assert result == "ok after 3 calls", (
        f"{kind}: expected the successful call's return value, got {result!r}"
    )
    assert all(call == (("users",), {"page": 2}) for call in attempts.calls), (
        f"{kind}: every attempt should get the caller's arguments ('users', page=2), "
        f"got {attempts.calls}"
    )

    fetch, attempts = scripted("", kind=kind)
    decorated = decorate(kind, fetch, times=3, exceptions=(ConnectionError,))
    with direct_sleeps():
        invoke(decorated, kind)
    assert len(attempts.calls) == 1, (
        f"{kind}: a call that succeeds at once must run exactly once, "
        f"ran {len(attempts.calls)} times"
    )


@pytest.mark.rule(1, 3)
@pytest.mark.parametrize("kind", KINDS)
def test_reraises_the_last_exception(kind: str) -> None:
    """after `times` failed attempts, the last attempt's exception propagates unchanged"""
    fetch, attempts = scripted("xxxxxxxx", kind=kind)
    decorated = decorate(kind, fetch, times=4, exceptions=(ConnectionError,))
    with direct_sleeps():
        result, error = invoke(decorated, kind)
    assert len(attempts.calls) == 4, (
        f"{kind}: expected exactly 4 attempts with times=4, got {len(attempts.calls)}"
    )
    assert error is not None, (
        f"{kind}: every attempt failed, but the call returned {result!r} instead of raising"
    )
    assert error is attempts.raised[-1], (
        f"{kind}: expected the exception of the last (4th) attempt itself, got {error!r}"
    )

    fetch, attempts = scripted("xx", kind=kind)
    decorated = decorate(kind, fetch, times=1, exceptions=(ConnectionError,))
    with direct_sleeps():
        _, error = invoke(decorated, kind)
    assert len(attempts.calls) == 1, (
        f"{kind}: times=1 means a single attempt and no retry, got {len(attempts.calls)} calls"
    )
    assert error is attempts.raised[0], (
        f"{kind}: expected the first failure to propagate, got {error!r}"
    )


@pytest.mark.rule(1)
@pytest.mark.parametrize("kind", KINDS)
def test_times_below_one_is_rejected(kind: str) -> None:
    """times < 1 raises ValueError when the decorator is made or applied"""
    fetch, _ = scripted("", kind=kind)
    for times in (0, -1):
        try:
            retry(times=times)(fetch)
        except ValueError:
            continue
        pytest.fail(
            f"{kind}: retry(times={times}) should raise ValueError (before any call of the "
            "decorated function): at least one attempt is needed"
        )


@pytest.mark.rule(2)
@pytest.mark.parametrize("kind", KINDS)
def test_other_exceptions_are_not_retried(kind: str) -> None:
    """an exception outside `exceptions` propagates at once, without a retry"""
    fetch, attempts = scripted("xxx", error=ValueError, kind=kind)
    decorated = decorate(kind, fetch, times=5, exceptions=(ConnectionError,))
    with direct_sleeps():
        _, error = invoke(decorated, kind)
    assert len(attempts.calls) == 1, (
        f"{kind}: ValueError is not in exceptions=(ConnectionError,): expected 1 call, "
        f"got {len(attempts.calls)}"
    )
    assert error is attempts.raised[0], (
        f"{kind}: expected the ValueError to propagate, got {error!r}"
    )

    fetch, attempts = scripted("xxx", error=Shutdown, kind=kind)
    decorated = decorate(kind, fetch, times=5)
    with direct_sleeps():
        _, error = invoke(decorated, kind)
    assert len(attempts.calls) == 1, (
        f"{kind}: the default exceptions=(Exception,) must not retry a BaseException that is "
        f"not an Exception (like KeyboardInterrupt): expected 1 call, got {len(attempts.calls)}"
    )
    assert error is attempts.raised[0], (
        f"{kind}: expected that BaseException to propagate, got {error!r}"
    )

    fetch, attempts = scripted("xxx", kind=kind)
    decorated = decorate(kind, fetch, times=5, exceptions=())
    with direct_sleeps():
        _, error = invoke(decorated, kind)
    assert len(attempts.calls) == 1, (
        f"{kind}: exceptions=() lists no class, so nothing is retried: expected 1 call, "
        f"got {len(attempts.calls)}"
    )


@pytest.mark.rule(2)
@pytest.mark.parametrize("kind", KINDS)
def test_listed_exceptions_and_subclasses_are_retried(kind: str) -> None:
    """every class in `exceptions`, and its subclasses, is retried"""
    cases: list[tuple[Callable[[str], BaseException], tuple[type[BaseException], ...], str]] = [
        (ConnectionResetError, (OSError,), "ConnectionResetError is a subclass of OSError"),
        (TimeoutError, (KeyError, TimeoutError), "TimeoutError is the second class listed"),
        (Shutdown, (Shutdown,), "a listed class deriving only from BaseException"),
    ]
    for error_class, exceptions, why in cases:
        fetch, attempts = scripted("xx", error=error_class, kind=kind)
        decorated = decorate(kind, fetch, times=3, exceptions=exceptions)
        with direct_sleeps():
            _, error = invoke(decorated, kind)
        names = ", ".join(e.__name__ for e in exceptions)
        assert len(attempts.calls) == 3, (
            f"{kind}, exceptions=({names},): {why} and must be retried: expected 3 calls, "
            f"got {len(attempts.calls)} (the last raised {error!r})"
        )
        assert error is None, f"{kind}: expected success on the 3rd attempt, got {error!r}"


@pytest.mark.rule(4, 5)
@pytest.mark.parametrize("kind", KINDS)
def test_waits_follow_the_backoff_sequence(kind: str) -> None:
    """waits delay, delay*backoff, delay*backoff**2... between attempts, through injected sleeps"""
    fetch, _ = scripted("xxxxxxxx", kind=kind)
    sleep, async_sleep = SleepRecorder(), AsyncSleepRecorder()
    decorated = decorate(
        kind,
        fetch,
        times=5,
        exceptions=(ConnectionError,),
        delay=0.5,
        backoff=2,
        sleep=sleep,
        async_sleep=async_sleep,
    )
    with direct_sleeps() as direct:
        invoke(decorated, kind)
    assert not direct, (
        f"{kind}: waits must go through the injected callables, but the code called {direct}"
    )
    injected, other = (sleep, async_sleep) if kind == "def" else (async_sleep, sleep)
    assert not other.waits, (
        f"{kind}: waited through the wrong injected callable ({other.waits}); use "
        + ("`sleep(...)`" if kind == "def" else "`await async_sleep(...)`")
    )
    expected = [0.5, 1.0, 2.0, 4.0]
    assert close_to(injected.waits, expected), (
        f"{kind}: 5 failed attempts with delay=0.5, backoff=2 should wait {expected} (nothing "
        f"before the first attempt or after the last), got {injected.waits}"
    )

    fetch, _ = scripted("x", kind=kind)
    sleep, async_sleep = SleepRecorder(), AsyncSleepRecorder()
    decorated = decorate(
        kind,
        fetch,
        times=5,
        exceptions=(ConnectionError,),
        delay=3,
        backoff=10,
        sleep=sleep,
        async_sleep=async_sleep,
    )
    with direct_sleeps():
        invoke(decorated, kind)
    injected = sleep if kind == "def" else async_sleep
    assert close_to(injected.waits, [3]), (
        f"{kind}: one failure then success with delay=3 should wait [3] once, got {injected.waits}"
    )


@pytest.mark.rule(4)
@pytest.mark.parametrize("kind", KINDS)
def test_each_call_starts_over(kind: str) -> None:
    """every call of the decorated function gets all its attempts and starts again at `delay`"""
    # call 1 succeeds on its 3rd attempt, call 2 fails all 3, call 3 succeeds on its 3rd.
    fetch, attempts = scripted("xx.xxxxx.", kind=kind)
    sleep, async_sleep = SleepRecorder(), AsyncSleepRecorder()
    decorated = decorate(
        kind,
        fetch,
        times=3,
        exceptions=(ConnectionError,),
        delay=1,
        backoff=3,
        sleep=sleep,
        async_sleep=async_sleep,
    )
    with direct_sleeps():
        _, first = invoke(decorated, kind)
        _, second = invoke(decorated, kind)
        after_second, last_error = len(attempts.calls), attempts.raised[-1]
        _, third = invoke(decorated, kind)
    waits = sleep.waits if kind == "def" else async_sleep.waits
    assert first is None, f"{kind}: the 1st call should succeed on its 3rd attempt, got {first!r}"
    assert after_second == 6, (
        f"{kind}: the 2nd call should get its own 3 attempts: expected 3 + 3 calls after it, "
        f"got {after_second} (is the attempt counter shared between calls?)"
    )
    assert second is last_error, (
        f"{kind}: the 2nd call's 3 attempts all fail: expected the last one's error, got {second!r}"
    )
    assert third is None, (
        f"{kind}: the 3rd call should get its own 3 attempts again and succeed, it raised "
        f"{third!r} (does a failed call leave its attempt count behind?)"
    )
    assert len(attempts.calls) == 9, f"{kind}: expected 3 + 3 + 3 calls, got {len(attempts.calls)}"
    assert close_to(waits, [1, 3, 1, 3, 1, 3]), (
        f"{kind}: each call should wait 1 then 3 (delay restarts), got {waits}"
    )


@pytest.mark.rule(4)
def test_a_nested_call_starts_over() -> None:
    """def: a call made while another call of the same function runs has its own attempts"""
    sleep = SleepRecorder()
    tries = {"outer": 0, "inner": 0}
    results: list[str] = []

    def fetch(name: str) -> str:
        tries[name] += 1
        if name == "outer" and tries["outer"] == 1:
            results.append(decorated("inner"))  # a nested call, e.g. a retried helper
        if tries[name] <= 2:
            raise ConnectionError(f"{name} failure #{tries[name]}")
        return f"{name} ok"

    decorated = retry(times=3, exceptions=(ConnectionError,), delay=1, backoff=3, sleep=sleep)(
        fetch
    )
    with direct_sleeps():
        result, error = invoke(decorated, "def", "outer")
    got = f"got outer {result!r} / {error!r}, inner {results}, attempts {tries}"
    assert error is None, (
        f"the outer call and the call nested in its 1st attempt should each get 3 attempts and "
        f"succeed on the 3rd; {got} (is the attempt state shared between calls?)"
    )
    assert result == "outer ok", f"expected the outer call's result; {got}"
    assert results == ["inner ok"], f"expected the nested call's result; {got}"

    assert close_to(sleep.waits, [1, 3, 1, 3]), (
        f"the inner call waits 1 and 3, then the outer call waits 1 and 3; got {sleep.waits}"
    )


@pytest.mark.rule(4)
async def test_concurrent_calls_start_over() -> None:
    """async def: calls running at the same time each get all their attempts and waits"""
    async_sleep = AsyncSleepRecorder()
    tries = {"a": 0, "b": 0}

    async def fetch(name: str) -> str:
        tries[name] += 1
        if tries[name] <= 2:
            raise ConnectionError(f"{name} failure #{tries[name]}")
        return f"{name} ok"

    decorated = retry(
        times=3,
        exceptions=(ConnectionError,),
        delay=1,
        backoff=3,
        sleep=SleepRecorder(),
        async_sleep=async_sleep,
    )(fetch)
    with direct_sleeps():
        results = await asyncio.gather(decorated("a"), decorated("b"), return_exceptions=True)
    assert results == ["a ok", "b ok"], (
        f"two concurrent calls (their attempts interleave while they wait) should each get 3 "
        f"attempts and succeed on the 3rd; got {results}, attempts {tries} (is the attempt "
        "state shared between calls?)"
    )
    assert sorted(async_sleep.waits) == [1, 1, 3, 3], (
        f"each call should wait 1 then 3, got the waits {async_sleep.waits}"
    )


@pytest.mark.rule(6)
def test_keeps_the_metadata() -> None:
    """the decorated function keeps __name__, __qualname__, __doc__, __module__ and __wrapped__"""

    def get_user(user_id: int) -> str:
        """Fetch one user."""
        return str(user_id)

    async def get_order(order_id: int) -> str:
        """Fetch one order."""
        return str(order_id)

    for original in (get_user, get_order):
        decorated: Any = retry(times=2)(original)
        for attribute in ("__name__", "__qualname__", "__doc__", "__module__"):
            got = getattr(decorated, attribute, None)
            expected = getattr(original, attribute)
            assert got == expected, (
                f"decorated {original.__name__}: expected {attribute} == {expected!r}, got {got!r}"
            )
        wrapped = getattr(decorated, "__wrapped__", None)
        assert wrapped is original, (
            f"decorated {original.__name__}: __wrapped__ should be the original function, "
            f"got {wrapped!r}"
        )


@pytest.mark.rule(1, 3, 4, 5)
@given(
    times=st.integers(min_value=1, max_value=6),
    failures=st.integers(min_value=0, max_value=8),
    delay=st.floats(min_value=0.01, max_value=5),
    backoff=st.floats(min_value=0.5, max_value=3),
)
def test_attempts_and_waits_for_any_combination(
    times: int, failures: int, delay: float, backoff: float
) -> None:
    """calls, result and waits are right for any (times, failures, delay, backoff)"""
    fetch, attempts = scripted("x" * failures)
    sleep = SleepRecorder()
    decorated = retry(
        times=times, exceptions=(ConnectionError,), delay=delay, backoff=backoff, sleep=sleep
    )(fetch)
    with direct_sleeps() as direct:
        error = outcome_of(decorated)
    check_combination(times, failures, delay, backoff, attempts, error, sleep.waits, direct)


@pytest.mark.rule(1, 3, 4, 5)
@given(
    times=st.integers(min_value=1, max_value=6),
    failures=st.integers(min_value=0, max_value=8),
    delay=st.floats(min_value=0.01, max_value=5),
    backoff=st.floats(min_value=0.5, max_value=3),
)
def test_async_attempts_and_waits_for_any_combination(
    times: int, failures: int, delay: float, backoff: float
) -> None:
    """async def: calls, result and awaited waits are right for any (times, failures, ...)"""
    fetch, attempts = async_scripted("x" * failures)
    sleep = SleepRecorder()
    async_sleep = AsyncSleepRecorder()
    decorated = retry(
        times=times,
        exceptions=(ConnectionError,),
        delay=delay,
        backoff=backoff,
        sleep=sleep,
        async_sleep=async_sleep,
    )(fetch)

    async def run() -> BaseException | None:
        try:
            await decorated()
        except Exception as error:
            return error
        return None

    with direct_sleeps() as direct:
        error = asyncio.run(run())
    assert not sleep.waits, (
        f"an async def function must wait with `await async_sleep(...)`, but the blocking "
        f"sleep was called with {sleep.waits}"
    )
    check_combination(times, failures, delay, backoff, attempts, error, async_sleep.waits, direct)


def check_combination(
    times: int,
    failures: int,
    delay: float,
    backoff: float,
    attempts: Attempts,
    error: BaseException | None,
    waits: list[float],
    direct: list[str],
) -> None:
    setting = f"times={times}, {failures} failures before success, delay={delay}, backoff={backoff}"
    calls = min(failures + 1, times)
    assert len(attempts.calls) == calls, (
        f"{setting}: expected {calls} calls, got {len(attempts.calls)}"
    )
    if failures < times:
        assert error is None, f"{setting}: expected success, got {error!r}"
    else:
        assert error is not None, f"{setting}: expected the last failure to propagate, got a return"
        assert error is attempts.raised[-1], (
            f"{setting}: expected the last attempt's exception itself, got {error!r}"
        )
    expected = [delay * backoff**n for n in range(calls - 1)]
    assert close_to(waits, expected), f"{setting}: expected waits {expected}, got {waits}"
    assert not direct, f"waits must go through the injected callables, but the code called {direct}"


@pytest.mark.rule(7)
async def test_async_stays_a_coroutine_function() -> None:
    """an async def function stays a coroutine function and runs nothing until awaited"""
    fetch, attempts = async_scripted("")
    decorated = retry(times=3, exceptions=(ConnectionError,))(fetch)
    assert inspect.iscoroutinefunction(decorated), (
        "expected inspect.iscoroutinefunction(decorated) to be true for an async def function "
        "(define the wrapper with `async def`)"
    )
    pending = decorated("a")
    assert inspect.isawaitable(pending), f"calling it should give an awaitable, got {pending!r}"
    assert not attempts.calls, "the function ran before the caller awaited the result"
    result = await pending
    assert result == "ok after 1 calls", f"expected the coroutine's result, got {result!r}"


@pytest.mark.rule(5, 7)
async def test_async_retries_with_await() -> None:
    """async def: every attempt is awaited and waits use `await async_sleep`, not `sleep`"""
    fetch, attempts = async_scripted("xx")
    sleep = SleepRecorder()
    async_sleep = AsyncSleepRecorder()
    decorated = retry(
        times=3,
        exceptions=(ConnectionError,),
        delay=0.25,
        backoff=2,
        sleep=sleep,
        async_sleep=async_sleep,
    )(fetch)
    with direct_sleeps() as direct:
        result = await decorated(7, retries="on")
    assert len(attempts.calls) == 3, (
        f"expected 3 awaited attempts (2 failures, then success), got {len(attempts.calls)}"
    )
    assert result == "ok after 3 calls", f"expected the successful result, got {result!r}"
    assert all(call == ((7,), {"retries": "on"}) for call in attempts.calls), (
        f"every attempt should get the caller's arguments (7, retries='on'), got {attempts.calls}"
    )
    assert not sleep.waits, (
        f"the blocking sleep was called with {sleep.waits}: in a coroutine it would freeze the "
        "event loop; use `await async_sleep(...)`"
    )
    assert not direct, (
        f"waits must go through the injected async_sleep, but the code called {direct}"
    )
    assert close_to(async_sleep.waits, [0.25, 0.5]), (
        f"expected awaited waits [0.25, 0.5], got {async_sleep.waits} (was async_sleep awaited?)"
    )

"""Hidden pytest checks for the retry kata.

Nothing here really sleeps or measures time: the checks inject recording ``sleep`` and
``async_sleep`` callables, and ``time.sleep`` / ``asyncio.sleep`` are replaced by recorders
while the decorated functions run, so a solution that calls them directly is caught (and
still fast).
"""

import asyncio
import inspect
import math
import time
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

from katas.retry import retry


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
    script: str, error: Callable[[str], BaseException] = ConnectionError
) -> tuple[Callable[..., str], Attempts]:
    """A plain function that fails ("x") or succeeds (".") call after call, following script.

    After the script runs out it keeps succeeding.
    """
    attempts = Attempts(error=error)

    def fetch(*args: object, **kwargs: object) -> str:
        index = len(attempts.calls)
        return attempts.outcome(args, kwargs, index < len(script) and script[index] == "x")

    return fetch, attempts


def async_scripted(
    script: str, error: Callable[[str], BaseException] = ConnectionError
) -> tuple[Callable[..., Coroutine[Any, Any, str]], Attempts]:
    """The ``async def`` twin of ``scripted``: the call is recorded when the coroutine runs."""
    attempts = Attempts(error=error)

    async def fetch(*args: object, **kwargs: object) -> str:
        index = len(attempts.calls)
        return attempts.outcome(args, kwargs, index < len(script) and script[index] == "x")

    return fetch, attempts


class SleepRecorder:
    """An injected sync ``sleep``: records the requested waits."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


class AsyncSleepRecorder:
    """An injected ``async_sleep``: records a wait only when the coroutine is really awaited."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


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


def outcome_of(call: Callable[[], object]) -> BaseException | None:
    """Run call and return the exception it raised (None if it returned)."""
    try:
        call()
    except Exception as error:
        return error
    return None


def test_retries_until_success() -> None:
    """retries until the call succeeds, passing the same arguments every time"""
    fetch, attempts = scripted("xx")
    decorated = retry(times=3, exceptions=(ConnectionError,), sleep=SleepRecorder())(fetch)
    with direct_sleeps():
        result = decorated("users", page=2)
    assert len(attempts.calls) == 3, (
        f"expected 3 calls (2 failures, then success) with times=3, got {len(attempts.calls)}"
    )
    assert result == "ok after 3 calls", (
        f"expected the successful call's return value, got {result!r}"
    )
    assert all(call == (("users",), {"page": 2}) for call in attempts.calls), (
        f"every attempt should get the caller's arguments ('users', page=2), got {attempts.calls}"
    )

    fetch, attempts = scripted("")
    decorated = retry(times=3, exceptions=(ConnectionError,), sleep=SleepRecorder())(fetch)
    with direct_sleeps():
        decorated()
    assert len(attempts.calls) == 1, (
        f"a call that succeeds at once must run exactly once, ran {len(attempts.calls)} times"
    )


def test_reraises_the_last_exception() -> None:
    """after `times` failed attempts, the last attempt's exception propagates unchanged"""
    fetch, attempts = scripted("xxxxxxxx")
    decorated = retry(times=4, exceptions=(ConnectionError,), sleep=SleepRecorder())(fetch)
    with direct_sleeps():
        error = outcome_of(decorated)
    assert len(attempts.calls) == 4, (
        f"expected exactly 4 attempts with times=4, got {len(attempts.calls)}"
    )
    assert error is not None, "every attempt failed, but the call returned instead of raising"
    assert error is attempts.raised[-1], (
        f"expected the exception of the last (4th) attempt itself, got {error!r}"
    )

    fetch, attempts = scripted("xx")
    decorated = retry(times=1, exceptions=(ConnectionError,), sleep=SleepRecorder())(fetch)
    with direct_sleeps():
        error = outcome_of(decorated)
    assert len(attempts.calls) == 1, (
        f"times=1 means a single attempt and no retry, got {len(attempts.calls)} calls"
    )
    assert error is attempts.raised[0], f"expected the first failure to propagate, got {error!r}"


def test_other_exceptions_are_not_retried() -> None:
    """an exception outside `exceptions` propagates at once, without a retry"""
    fetch, attempts = scripted("xxx", error=ValueError)
    decorated = retry(times=5, exceptions=(ConnectionError,), sleep=SleepRecorder())(fetch)
    with direct_sleeps():
        error = outcome_of(decorated)
    assert len(attempts.calls) == 1, (
        f"ValueError is not in exceptions=(ConnectionError,): expected 1 call, "
        f"got {len(attempts.calls)}"
    )
    assert error is attempts.raised[0], f"expected the ValueError to propagate, got {error!r}"

    fetch, attempts = scripted("xxx", error=KeyboardInterrupt)
    decorated = retry(times=5, sleep=SleepRecorder())(fetch)
    with direct_sleeps(), pytest.raises(KeyboardInterrupt):
        decorated()
    assert len(attempts.calls) == 1, (
        f"the default exceptions=(Exception,) must not retry KeyboardInterrupt (a "
        f"BaseException): expected 1 call, got {len(attempts.calls)}"
    )


def test_listed_exceptions_and_subclasses_are_retried() -> None:
    """every class in `exceptions`, and its subclasses, is retried"""
    fetch, attempts = scripted("xx", error=ConnectionResetError)
    decorated = retry(times=3, exceptions=(OSError,), sleep=SleepRecorder())(fetch)
    with direct_sleeps():
        decorated()
    assert len(attempts.calls) == 3, (
        f"ConnectionResetError is a subclass of OSError and must be retried: expected 3 calls, "
        f"got {len(attempts.calls)}"
    )

    fetch, attempts = scripted("xx", error=TimeoutError)
    decorated = retry(times=3, exceptions=(KeyError, TimeoutError), sleep=SleepRecorder())(fetch)
    with direct_sleeps():
        decorated()
    assert len(attempts.calls) == 3, (
        f"TimeoutError is the second class in exceptions=(KeyError, TimeoutError): expected 3 "
        f"calls, got {len(attempts.calls)}"
    )


def test_waits_follow_the_backoff_sequence() -> None:
    """waits delay, delay*backoff, delay*backoff**2... between attempts, through `sleep`"""
    fetch, _ = scripted("xxxxxxxx")
    sleep = SleepRecorder()
    decorated = retry(times=5, exceptions=(ConnectionError,), delay=0.5, backoff=2, sleep=sleep)(
        fetch
    )
    with direct_sleeps() as direct:
        outcome_of(decorated)
    assert not direct, f"waits must go through the injected sleep, but the code called {direct}"
    expected = [0.5, 1.0, 2.0, 4.0]
    assert close_to(sleep.waits, expected), (
        f"5 failed attempts with delay=0.5, backoff=2 should wait {expected} (nothing before the "
        f"first attempt or after the last), got {sleep.waits}"
    )

    fetch, _ = scripted("x")
    sleep = SleepRecorder()
    decorated = retry(times=5, exceptions=(ConnectionError,), delay=3, backoff=10, sleep=sleep)(
        fetch
    )
    with direct_sleeps():
        decorated()
    assert close_to(sleep.waits, [3]), (
        f"one failure then success with delay=3 should wait [3] once, got {sleep.waits}"
    )


def test_each_call_starts_over() -> None:
    """every call of the decorated function gets all its attempts and starts again at `delay`"""
    fetch, attempts = scripted("xx.xx.")
    sleep = SleepRecorder()
    decorated = retry(times=3, exceptions=(ConnectionError,), delay=1, backoff=3, sleep=sleep)(
        fetch
    )
    with direct_sleeps():
        first = outcome_of(decorated)
        second = outcome_of(decorated)
    assert first is None, f"the first call should succeed on its 3rd attempt, it raised {first!r}"
    assert second is None, (
        f"the second call should get its own 3 attempts and succeed, it raised {second!r} "
        "(is the attempt counter shared between calls?)"
    )
    assert len(attempts.calls) == 6, f"expected 3 + 3 calls, got {len(attempts.calls)}"
    assert close_to(sleep.waits, [1, 3, 1, 3]), (
        f"each call should wait 1 then 3 (delay restarts), got {sleep.waits}"
    )


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


def test_times_below_one_is_rejected() -> None:
    """times < 1 raises ValueError"""
    fetch, _ = scripted("")
    for times in (0, -1):
        try:
            retry(times=times)(fetch)
        except ValueError:
            continue
        pytest.fail(f"retry(times={times}) should raise ValueError: at least one attempt is needed")


@given(
    times=st.integers(min_value=1, max_value=6),
    failures=st.integers(min_value=0, max_value=8),
    delay=st.floats(min_value=0.01, max_value=5),
    backoff=st.floats(min_value=1, max_value=3),
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


@given(
    times=st.integers(min_value=1, max_value=6),
    failures=st.integers(min_value=0, max_value=8),
    delay=st.floats(min_value=0.01, max_value=5),
    backoff=st.floats(min_value=1, max_value=3),
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


async def test_async_reraises_and_skips_other_exceptions() -> None:
    """async def: the last exception propagates, and other exceptions are not retried"""
    fetch, attempts = async_scripted("xxxxxx")
    decorated = retry(times=3, exceptions=(ConnectionError,), async_sleep=AsyncSleepRecorder())(
        fetch
    )
    error: BaseException | None = None
    with direct_sleeps():
        try:
            await decorated()
        except Exception as raised:
            error = raised
    assert len(attempts.calls) == 3, f"expected 3 attempts with times=3, got {len(attempts.calls)}"
    assert error is not None, "every attempt failed, but the call returned instead of raising"
    assert error is attempts.raised[-1], (
        f"expected the exception of the last attempt itself, got {error!r}"
    )

    fetch, attempts = async_scripted("xxx", error=ValueError)
    decorated = retry(times=3, exceptions=(ConnectionError,), async_sleep=AsyncSleepRecorder())(
        fetch
    )
    with direct_sleeps(), pytest.raises(ValueError, match="failure #1"):
        await decorated()
    assert len(attempts.calls) == 1, (
        f"ValueError is not in exceptions=(ConnectionError,): expected 1 call, "
        f"got {len(attempts.calls)}"
    )

"""Hidden pytest checks for the deadlines kata.

Hanging steps wait on an ``asyncio.Event`` that is never set, so a missing timeout shows up
as a hang; every such check runs under a guard that fails instead of hanging. Elapsed time is
read from the loop's clock and compared with generous slack.
"""

import asyncio
from collections.abc import Coroutine
from typing import Any

import pytest

from katas.deadlines import Connection, fetch_with_deadline, record_payment

GUARD_SECONDS = 3.0  # only reached by a solution that hangs
SLACK_SECONDS = 1.0  # a timeout may fire late on a busy machine, never this late


class FakeConnection:
    def __init__(self, *, hang: bool = False, delay: float = 0.0, error: Exception | None = None):
        self.hang = hang
        self.delay = delay
        self.error = error
        self.started = False
        self.cancelled = False

    async def request(self, payload: str) -> str:
        self.started = True
        try:
            if self.hang:
                await asyncio.Event().wait()
            if self.delay:
                await asyncio.sleep(self.delay)
        except asyncio.CancelledError:
            self.cancelled = True
            raise
        if self.error is not None:
            raise self.error
        return f"echo:{payload}"


class FakePool:
    def __init__(self, connection: FakeConnection, *, hang: bool = False, delay: float = 0.0):
        self.connection = connection
        self.hang = hang
        self.delay = delay
        self.acquired = 0
        self.released: list[Connection] = []

    async def acquire(self) -> Connection:
        if self.hang:
            await asyncio.Event().wait()
        if self.delay:
            await asyncio.sleep(self.delay)
        self.acquired += 1
        return self.connection

    def release(self, connection: Connection) -> None:
        self.released.append(connection)


class FakeLedger:
    def __init__(self, *, commit_error: Exception | None = None) -> None:
        self.log: list[str] = []
        self.write_started = asyncio.Event()
        self.write_gate = asyncio.Event()
        self.write_gate.set()
        self.committed = asyncio.Event()
        self.commit_error = commit_error

    async def write(self, entry: str) -> None:
        self.write_started.set()
        await self.write_gate.wait()
        self.log.append(f"write:{entry}")

    async def commit(self) -> None:
        await asyncio.sleep(0)
        if self.commit_error is not None:
            raise self.commit_error
        self.log.append("commit")
        self.committed.set()


async def run_guarded(coro: Coroutine[Any, Any, Any], what: str) -> asyncio.Task[Any]:
    """Run ``coro`` as a task and return it once done; fail instead of hanging."""
    task = asyncio.ensure_future(coro)
    done, _ = await asyncio.wait({task}, timeout=GUARD_SECONDS)
    if not done:
        task.cancel()
        await asyncio.wait({task}, timeout=1.0)
        pytest.fail(f"{what} was still running after {GUARD_SECONDS}s: it seems to hang")
    return task


def timed_out(task: asyncio.Task[Any]) -> bool:
    return not task.cancelled() and isinstance(task.exception(), TimeoutError)


def outcome(task: asyncio.Task[Any]) -> str:
    if task.cancelled():
        return "it was cancelled"
    if task.exception() is not None:
        return f"it raised {task.exception()!r}"
    return f"it returned {task.result()!r}"


async def wait_until(condition: Any, ticks: int = 100) -> None:
    for _ in range(ticks):
        if condition():
            return
        await asyncio.sleep(0)


async def test_returns_the_response_and_releases() -> None:
    """returns the response and gives the connection back"""
    connection = FakeConnection()
    pool = FakePool(connection)
    response = await fetch_with_deadline(pool, "ping", deadline=1.0)
    assert response == "echo:ping", (
        f"expected the connection's response 'echo:ping', got {response!r}"
    )
    assert pool.released == [connection], (
        f"expected the connection to be released exactly once, release calls: {pool.released}"
    )


async def test_times_out_at_the_deadline() -> None:
    """a request that never answers raises TimeoutError at the deadline and is released"""
    connection = FakeConnection(hang=True)
    pool = FakePool(connection)
    loop = asyncio.get_running_loop()
    started = loop.time()
    task = await run_guarded(fetch_with_deadline(pool, "ping", deadline=0.05), "the fetch")
    elapsed = loop.time() - started
    assert timed_out(task), f"expected TimeoutError after the 0.05 s deadline, but {outcome(task)}"
    assert 0.04 <= elapsed <= 0.05 + SLACK_SECONDS, (
        f"expected the timeout to fire at the 0.05 s deadline, it took {elapsed:.3f} s"
    )
    assert connection.cancelled, "expected the hanging request to be cancelled at the deadline"
    assert pool.released == [connection], (
        f"expected the connection to be released exactly once after the timeout, "
        f"release calls: {pool.released}"
    )


async def test_deadline_covers_the_whole_fetch() -> None:
    """the deadline is one budget for acquire + request, not one per step"""
    connection = FakeConnection(delay=0.06)
    pool = FakePool(connection, delay=0.06)
    task = await run_guarded(fetch_with_deadline(pool, "ping", deadline=0.1), "the fetch")
    assert timed_out(task), (
        "expected TimeoutError: acquiring takes 0.06 s and the request 0.06 s, 0.12 s in "
        f"total against a 0.1 s deadline, but {outcome(task)}"
    )
    assert pool.released == [connection], (
        f"expected the acquired connection to be released once, release calls: {pool.released}"
    )


async def test_waiting_for_a_connection_counts() -> None:
    """waiting for a free connection times out too, and nothing is released"""
    connection = FakeConnection()
    pool = FakePool(connection, hang=True)
    task = await run_guarded(fetch_with_deadline(pool, "ping", deadline=0.05), "the fetch")
    assert timed_out(task), (
        f"expected TimeoutError while waiting for a connection, but {outcome(task)}"
    )
    assert pool.released == [], (
        f"expected no release (no connection was acquired), release calls: {pool.released}"
    )


async def test_request_errors_propagate_and_release() -> None:
    """an error from the request propagates and the connection is released"""
    error = ConnectionResetError("peer went away")
    connection = FakeConnection(error=error)
    pool = FakePool(connection)
    with pytest.raises(ConnectionResetError) as raised:
        await fetch_with_deadline(pool, "ping", deadline=1.0)
    assert raised.value is error, f"expected the request's own exception, got {raised.value!r}"
    assert pool.released == [connection], (
        f"expected the connection to be released once after the error, calls: {pool.released}"
    )


async def test_cancelling_releases_and_propagates() -> None:
    """cancelling the fetch releases the connection and the task ends cancelled"""
    connection = FakeConnection(hang=True)
    pool = FakePool(connection)
    task = asyncio.ensure_future(fetch_with_deadline(pool, "ping", deadline=60.0))
    await wait_until(lambda: connection.started or task.done())
    if task.done():
        pytest.fail(f"expected the request to hang until cancelled, but {outcome(task)}")
    task.cancel()
    done, _ = await asyncio.wait({task}, timeout=GUARD_SECONDS)
    assert done, "expected the fetch to stop soon after being cancelled"
    assert task.cancelled(), (
        "expected the task to end cancelled (CancelledError must propagate, never be "
        f"swallowed), but {outcome(task)}"
    )
    assert pool.released == [connection], (
        f"expected the connection to be released once after the cancellation, "
        f"release calls: {pool.released}"
    )


async def test_records_write_then_commit() -> None:
    """record_payment writes, then commits"""
    ledger = FakeLedger()
    await record_payment(ledger, "pay 10")
    assert ledger.log == ["write:pay 10", "commit"], (
        f"expected ['write:pay 10', 'commit'], got {ledger.log}"
    )


async def test_ledger_errors_propagate() -> None:
    """an error from the ledger propagates to the caller"""
    error = OSError("disk full")
    ledger = FakeLedger(commit_error=error)
    with pytest.raises(OSError, match="disk full") as raised:
        await record_payment(ledger, "pay 10")
    assert raised.value is error, f"expected the ledger's own exception, got {raised.value!r}"


async def test_critical_section_survives_cancellation() -> None:
    """a cancelled caller does not interrupt the write + commit, and still ends cancelled"""
    ledger = FakeLedger()
    ledger.write_gate.clear()  # the write is in progress until we open the gate
    task = asyncio.ensure_future(record_payment(ledger, "pay 10"))
    try:
        await wait_until(lambda: ledger.write_started.is_set() or task.done())
        if task.done():
            pytest.fail(f"expected record_payment to wait for the write, but {outcome(task)}")
        task.cancel()
        for _ in range(10):
            await asyncio.sleep(0)  # let the cancellation arrive
        ledger.write_gate.set()
        committer = asyncio.ensure_future(ledger.committed.wait())
        done, _ = await asyncio.wait({committer}, timeout=GUARD_SECONDS)
        committer.cancel()
        assert done, (
            "expected the write and the commit to complete although the caller was "
            f"cancelled mid-write; the ledger only saw {ledger.log}"
        )
        done, _ = await asyncio.wait({task}, timeout=GUARD_SECONDS)
        assert done, "expected record_payment to finish after the commit"
        assert task.cancelled(), (
            "expected the caller to end cancelled after the shielded section finished "
            f"(CancelledError must propagate), but {outcome(task)}"
        )
        assert ledger.log == ["write:pay 10", "commit"], (
            f"expected ['write:pay 10', 'commit'], got {ledger.log}"
        )
    finally:
        task.cancel()
        await asyncio.wait({task}, timeout=1.0)
        if task.done() and not task.cancelled():
            task.exception()  # seen: no "exception was never retrieved" log

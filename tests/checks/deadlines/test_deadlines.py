"""Hidden pytest checks for the deadlines kata.

Every scenario runs on an event loop with *virtual time*: the loop's clock only moves when
every task is waiting, and then jumps straight to the next timer. So ``asyncio.timeout``,
``asyncio.wait_for`` and ``asyncio.sleep`` behave exactly as on a real loop, but a 0.1 s
deadline takes microseconds and is exact, however busy the machine is. Hanging steps wait on
an ``asyncio.Event`` that is never set; a guard fails the check instead of hanging.
"""

import asyncio
import functools
import selectors
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import pytest

from katas.deadlines import Connection, fetch_with_deadline, record_payment

T = TypeVar("T")
GUARD_SECONDS = 30.0  # virtual seconds; only reached by a solution that hangs
HANG_REAL_SECONDS = 10.0  # real seconds with nothing to do at all: the scenario hangs


class AdvancingSelector(selectors.DefaultSelector):
    """Instead of sleeping until the next timer, move the loop's virtual clock to it."""

    def __init__(self, loop: "VirtualTimeLoop") -> None:
        super().__init__()
        self.loop = loop

    def select(self, timeout: float | None = None) -> list[tuple[selectors.SelectorKey, int]]:
        events = super().select(0)
        if events or timeout == 0:
            return events
        if timeout is None:  # no timer at all: only I/O could wake the loop
            events = super().select(HANG_REAL_SECONDS)
            if not events:
                raise RuntimeError("every task is waiting and no timer is due: it hangs")
            return events
        self.loop.now += timeout
        return []


class VirtualTimeLoop(asyncio.SelectorEventLoop):
    def __init__(self) -> None:
        self.now = 0.0
        super().__init__(AdvancingSelector(self))

    def time(self) -> float:
        return self.now


def run_virtual(scenario: Callable[[], Coroutine[Any, Any, T]]) -> T:
    with asyncio.Runner(loop_factory=VirtualTimeLoop) as runner:
        return runner.run(scenario())


def now() -> float:
    return asyncio.get_running_loop().time()


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


class SlowToCancelConnection(FakeConnection):
    """A request that hangs, and when cancelled needs ``cleanup`` to be set before it ends."""

    def __init__(self, cleanup: asyncio.Event) -> None:
        super().__init__(hang=True)
        self.cleanup = cleanup
        self.cancel_seen = asyncio.Event()

    async def request(self, payload: str) -> str:
        try:
            return await super().request(payload)
        except asyncio.CancelledError:
            self.cancel_seen.set()
            await self.cleanup.wait()
            raise


class FakePool:
    def __init__(
        self,
        connection: FakeConnection,
        *,
        hang: bool = False,
        delay: float = 0.0,
        error: Exception | None = None,
    ):
        self.connection = connection
        self.hang = hang
        self.delay = delay
        self.error = error
        self.waiting = False
        self.acquired = 0
        self.acquire_cancelled = False
        self.released: list[Connection] = []

    async def acquire(self) -> Connection:
        self.waiting = True
        try:
            if self.hang:
                await asyncio.Event().wait()
            if self.delay:
                await asyncio.sleep(self.delay)
        except asyncio.CancelledError:
            self.acquire_cancelled = True
            raise
        if self.error is not None:
            raise self.error
        self.acquired += 1
        return self.connection

    def release(self, connection: Connection) -> None:
        self.released.append(connection)


class FakeLedger:
    """Writes wait at a gate the check opens; the commit takes one loop iteration."""

    def __init__(
        self, *, write_error: Exception | None = None, commit_error: Exception | None = None
    ) -> None:
        self.log: list[str] = []
        self.write_started = asyncio.Event()
        self.write_gate = asyncio.Event()
        self.write_gate.set()
        self.commit_started = asyncio.Event()
        self.commit_gate = asyncio.Event()
        self.commit_gate.set()
        self.after_commit: Callable[[], object] | None = None
        self.write_error = write_error
        self.commit_error = commit_error

    async def write(self, entry: str) -> None:
        self.write_started.set()
        await self.write_gate.wait()
        if self.write_error is not None:
            raise self.write_error
        self.log.append(f"write:{entry}")

    async def commit(self) -> None:
        self.commit_started.set()
        await self.commit_gate.wait()
        await asyncio.sleep(0)
        if self.commit_error is not None:
            raise self.commit_error
        self.log.append("commit")
        if self.after_commit is not None:
            self.after_commit()


async def run_guarded(coro: Coroutine[Any, Any, Any], what: str) -> asyncio.Task[Any]:
    """Run ``coro`` as a task and return it once done; fail instead of hanging."""
    task = asyncio.ensure_future(coro)
    await settle(task, what)
    return task


async def settle(task: asyncio.Task[Any], what: str) -> None:
    done, _ = await asyncio.wait({task}, timeout=GUARD_SECONDS)
    if not done:
        for _ in range(5):  # a cleanup that hangs may need more than one cancellation
            task.cancel()
            done, _ = await asyncio.wait({task}, timeout=1.0)
            if done:
                break
        pytest.fail(f"{what} was still running after {GUARD_SECONDS}s: it seems to hang")


def ending(task: asyncio.Task[Any]) -> BaseException | str | None:
    """The exception a done task raised, "cancelled", or None when it returned."""
    return "cancelled" if task.cancelled() else task.exception()


def timed_out(task: asyncio.Task[Any]) -> bool:
    return not task.cancelled() and isinstance(task.exception(), TimeoutError)


def outcome(task: asyncio.Task[Any]) -> str:
    if task.cancelled():
        return "it was cancelled"
    if task.exception() is not None:
        return f"it raised {task.exception()!r}"
    return f"it returned {task.result()!r}"


async def wait_until(condition: Callable[[], bool], ticks: int = 100) -> None:
    for _ in range(ticks):
        if condition():
            return
        await asyncio.sleep(0)


async def wait_for_event(event: asyncio.Event, what: str) -> None:
    try:
        await asyncio.wait_for(event.wait(), GUARD_SECONDS)
    except TimeoutError:
        pytest.fail(f"expected {what}, it did not happen within {GUARD_SECONDS}s")


async def let_it_run(ticks: int = 20) -> None:
    for _ in range(ticks):
        await asyncio.sleep(0)


# fetch_with_deadline ---------------------------------------------------------------------


@pytest.mark.rule(1, 2)
def test_returns_the_response_and_releases() -> None:
    """returns the response and gives the connection back once"""

    async def scenario() -> None:
        connection = FakeConnection()
        pool = FakePool(connection)
        task = await run_guarded(fetch_with_deadline(pool, "ping", deadline=1.0), "the fetch")
        assert ending(task) is None, f"expected the response 'echo:ping', but {outcome(task)}"
        assert task.result() == "echo:ping", (
            f"expected the connection's response 'echo:ping', got {task.result()!r}"
        )
        assert pool.released == [connection], (
            f"expected the connection to be released exactly once, release calls: {pool.released}"
        )

    run_virtual(scenario)


@pytest.mark.rule(1, 2)
def test_times_out_at_the_deadline() -> None:
    """a request that never answers is cancelled at the deadline: TimeoutError, released"""

    async def scenario() -> None:
        connection = FakeConnection(hang=True)
        pool = FakePool(connection)
        started = now()
        task = await run_guarded(fetch_with_deadline(pool, "ping", deadline=0.055), "the fetch")
        elapsed = now() - started
        assert timed_out(task), (
            f"expected TimeoutError at the 0.055 s deadline, but {outcome(task)} "
            f"after {elapsed:g} s"
        )
        assert elapsed == pytest.approx(0.055), (
            f"expected the timeout to fire at the 0.055 s deadline, it fired after {elapsed:g} s"
        )
        assert connection.cancelled, "expected the hanging request to be cancelled at the deadline"
        assert pool.released == [connection], (
            f"expected the connection to be released exactly once after the timeout, "
            f"release calls: {pool.released}"
        )

    run_virtual(scenario)


@pytest.mark.rule(1)
@pytest.mark.parametrize(("acquiring", "requesting"), [(0.06, 0.06), (0.02, 0.09), (0.095, 0.01)])
def test_deadline_covers_the_whole_fetch(acquiring: float, requesting: float) -> None:
    """the deadline is one budget for acquire + request, not one per step"""

    async def scenario() -> None:
        connection = FakeConnection(delay=requesting)
        pool = FakePool(connection, delay=acquiring)
        started = now()
        task = await run_guarded(fetch_with_deadline(pool, "ping", deadline=0.1), "the fetch")
        elapsed = now() - started
        assert timed_out(task), (
            f"expected TimeoutError: acquiring takes {acquiring:g} s and the request "
            f"{requesting:g} s, {acquiring + requesting:g} s in total against a 0.1 s deadline, "
            f"but {outcome(task)}"
        )
        assert elapsed == pytest.approx(0.1), (
            f"expected the timeout to fire at the 0.1 s deadline, it fired after {elapsed:g} s"
        )
        assert connection.cancelled, "expected the pending request to be cancelled at the deadline"

    run_virtual(scenario)


@pytest.mark.rule(1)
@pytest.mark.parametrize(("acquiring", "requesting"), [(0.03, 0.06), (0.085, 0.01), (0.0, 0.095)])
def test_a_fetch_within_the_deadline_succeeds(acquiring: float, requesting: float) -> None:
    """a fetch whose two steps together fit in the deadline returns its response"""

    async def scenario() -> None:
        connection = FakeConnection(delay=requesting)
        pool = FakePool(connection, delay=acquiring)
        task = await run_guarded(fetch_with_deadline(pool, "ping", deadline=0.1), "the fetch")
        assert ending(task) is None, (
            f"acquiring takes {acquiring:g} s and the request {requesting:g} s, "
            f"{acquiring + requesting:g} s in total: expected the response within the 0.1 s "
            f"deadline, but {outcome(task)}"
        )
        assert task.result() == "echo:ping", f"expected 'echo:ping', got {task.result()!r}"

    run_virtual(scenario)


@pytest.mark.rule(1, 3)
def test_waiting_for_a_connection_counts() -> None:
    """waiting for a free connection times out too, and nothing is released"""

    async def scenario() -> None:
        connection = FakeConnection()
        pool = FakePool(connection, hang=True)
        started = now()
        task = await run_guarded(fetch_with_deadline(pool, "ping", deadline=0.045), "the fetch")
        elapsed = now() - started
        assert timed_out(task), (
            f"expected TimeoutError while waiting for a connection, but {outcome(task)}"
        )
        assert elapsed == pytest.approx(0.045), (
            f"expected the timeout to fire at the 0.045 s deadline, it fired after {elapsed:g} s"
        )
        assert pool.released == [], (
            f"expected no release (no connection was acquired), release calls: {pool.released}"
        )

    run_virtual(scenario)


@pytest.mark.rule(2, 4)
def test_request_errors_propagate_and_release() -> None:
    """an error from the request propagates unchanged and the connection is released"""

    async def scenario() -> None:
        error = ConnectionResetError("peer went away")
        connection = FakeConnection(error=error)
        pool = FakePool(connection)
        task = await run_guarded(fetch_with_deadline(pool, "ping", deadline=1.0), "the fetch")
        assert ending(task) is error, (
            f"expected the request's own ConnectionResetError, but {outcome(task)}"
        )
        assert pool.released == [connection], (
            f"expected the connection to be released once after the error, calls: {pool.released}"
        )

    run_virtual(scenario)


@pytest.mark.rule(3, 4)
def test_acquire_errors_propagate_without_release() -> None:
    """an error from acquire propagates unchanged and nothing is released"""

    async def scenario() -> None:
        error = OSError("pool is closed")
        pool = FakePool(FakeConnection(), error=error)
        task = await run_guarded(fetch_with_deadline(pool, "ping", deadline=1.0), "the fetch")
        assert ending(task) is error, f"expected the pool's own OSError, but {outcome(task)}"
        assert pool.released == [], (
            f"expected no release (no connection was acquired), release calls: {pool.released}"
        )

    run_virtual(scenario)


@pytest.mark.rule(2, 5)
def test_cancelling_releases_and_propagates() -> None:
    """cancelling the fetch mid-request releases the connection; the task ends cancelled"""

    async def scenario() -> None:
        connection = FakeConnection(hang=True)
        pool = FakePool(connection)
        task = asyncio.ensure_future(fetch_with_deadline(pool, "ping", deadline=60.0))
        await wait_until(lambda: connection.started or task.done())
        if task.done():
            pytest.fail(f"expected the request to hang until cancelled, but {outcome(task)}")
        task.cancel()
        await settle(task, "the cancelled fetch")
        assert task.cancelled(), (
            "expected the task to end cancelled (CancelledError must propagate, never be "
            f"swallowed or turned into TimeoutError), but {outcome(task)}"
        )
        assert pool.released == [connection], (
            f"expected the connection to be released once after the cancellation, "
            f"release calls: {pool.released}"
        )

    run_virtual(scenario)


@pytest.mark.rule(3, 5)
def test_cancelling_while_waiting_for_a_connection() -> None:
    """cancelling the fetch while it waits for a connection: cancelled, nothing released"""

    async def scenario() -> None:
        pool = FakePool(FakeConnection(), hang=True)
        task = asyncio.ensure_future(fetch_with_deadline(pool, "ping", deadline=60.0))
        await wait_until(lambda: pool.waiting or task.done())
        if task.done():
            pytest.fail(f"expected the fetch to wait for a connection, but {outcome(task)}")
        task.cancel()
        await settle(task, "the cancelled fetch")
        assert task.cancelled(), (
            "expected the task to end cancelled (CancelledError must propagate, never be "
            f"swallowed or turned into TimeoutError), but {outcome(task)}"
        )
        assert pool.released == [], (
            f"expected no release (no connection was acquired), release calls: {pool.released}"
        )

    run_virtual(scenario)


@pytest.mark.rule(2, 5)
def test_cancelling_while_the_timeout_cleans_up() -> None:
    """a fetch cancelled while its timed-out request cleans up ends cancelled, not timed out"""

    async def scenario() -> None:
        cleanup = asyncio.Event()
        connection = SlowToCancelConnection(cleanup)
        pool = FakePool(connection)
        task = asyncio.ensure_future(fetch_with_deadline(pool, "ping", deadline=0.1))
        await wait_for_event(connection.cancel_seen, "the request to be cancelled at the deadline")
        if task.done():
            pytest.fail(f"expected the fetch to wait for the request's clean-up: {outcome(task)}")
        task.cancel()  # the caller goes away while the timed-out request still cleans up
        await let_it_run()
        cleanup.set()
        await settle(task, "the cancelled fetch")
        assert task.cancelled(), (
            "the deadline passed, then the caller cancelled the fetch before it ended: expected "
            f"the task to end cancelled (not turned into TimeoutError), but {outcome(task)}"
        )
        assert pool.released == [connection], (
            f"expected the connection to be released exactly once, release calls: {pool.released}"
        )

    run_virtual(scenario)


@pytest.mark.rule(1)
@pytest.mark.parametrize("deadline", [0, -1.0])
def test_a_spent_budget_times_out_at_once(deadline: float) -> None:
    """a deadline of 0 (or less) is a budget already spent: TimeoutError at once"""

    async def scenario() -> None:
        connection = FakeConnection(delay=0.01)
        pool = FakePool(connection, delay=0.01)
        started = now()
        task = await run_guarded(fetch_with_deadline(pool, "ping", deadline=deadline), "the fetch")
        elapsed = now() - started
        assert timed_out(task), (
            f"with deadline={deadline:g} no time is left: expected TimeoutError at once, "
            f"but {outcome(task)} after {elapsed:g} s"
        )
        assert elapsed == 0, (
            f"with deadline={deadline:g} expected the timeout at once, it fired after {elapsed:g} s"
        )

    run_virtual(scenario)


@pytest.mark.rule(1, 3)
def test_a_connection_arriving_after_the_deadline_is_not_taken() -> None:
    """waiting for a connection is cancelled at the deadline: a late one is never released"""

    async def scenario() -> None:
        connection = FakeConnection()
        pool = FakePool(connection, delay=0.2)
        task = await run_guarded(fetch_with_deadline(pool, "ping", deadline=0.1), "the fetch")
        assert timed_out(task), (
            f"expected TimeoutError while waiting 0.2 s for a connection against a 0.1 s "
            f"deadline, but {outcome(task)}"
        )
        await asyncio.sleep(0.5)  # long after the connection would have arrived
        assert pool.released == [], (
            f"expected no release at all (no connection was acquired before the deadline), "
            f"release calls after the timeout: {pool.released}"
        )
        assert pool.acquire_cancelled, (
            "expected the pending wait for a connection to be cancelled at the deadline, "
            f"but it went on ({pool.acquired} connection(s) acquired after the timeout)"
        )

    run_virtual(scenario)


@pytest.mark.rule(4)
@pytest.mark.parametrize("step", ["acquire", "request"])
def test_a_timeout_error_of_the_step_propagates_unchanged(step: str) -> None:
    """a TimeoutError raised by the pool or the connection itself propagates unchanged"""

    async def scenario() -> None:
        error = TimeoutError("upstream said 504")
        if step == "acquire":
            pool = FakePool(FakeConnection(), error=error)
        else:
            pool = FakePool(FakeConnection(error=error))
        task = await run_guarded(fetch_with_deadline(pool, "ping", deadline=5.0), "the fetch")
        assert ending(task) is error, (
            f"expected the very TimeoutError object raised by {step}() (the deadline was "
            f"far away), but {outcome(task)}"
        )

    run_virtual(scenario)


@pytest.mark.rule(2)
def test_every_fetch_releases_its_connection() -> None:
    """success, error, timeout and cancellation in a row: each connection released once"""

    async def scenario() -> None:
        pool = FakePool(FakeConnection())
        outcomes = []
        for connection, cancel in [
            (FakeConnection(), False),
            (FakeConnection(error=ValueError("bad payload")), False),
            (FakeConnection(hang=True), False),
            (FakeConnection(hang=True), True),
        ]:
            pool.connection = connection
            task = asyncio.ensure_future(fetch_with_deadline(pool, "ping", deadline=0.5))
            if cancel:
                await wait_until(functools.partial(getattr, connection, "started"))
                task.cancel()
            await settle(task, "the fetch")
            outcomes.append(outcome(task))
            assert pool.released.count(connection) == 1, (
                f"after a fetch where {outcomes[-1]}: expected its connection to be released "
                f"exactly once, it was released {pool.released.count(connection)} times"
            )

    run_virtual(scenario)


# record_payment --------------------------------------------------------------------------


@pytest.mark.rule(6)
def test_records_write_then_commit() -> None:
    """record_payment writes, then commits, and returns after the commit"""

    async def scenario() -> None:
        ledger = FakeLedger()

        async def record() -> list[str]:
            await record_payment(ledger, "pay 10")
            return list(ledger.log)  # what the ledger saw when record_payment returned

        task = await run_guarded(record(), "record_payment")
        assert ending(task) is None, f"expected record_payment to return None, but {outcome(task)}"
        assert task.result() == ["write:pay 10", "commit"], (
            f"expected ['write:pay 10', 'commit'] when record_payment returned, got {task.result()}"
        )

    run_virtual(scenario)


@pytest.mark.rule(6)
@pytest.mark.parametrize("step", ["write", "commit"])
def test_ledger_errors_propagate(step: str) -> None:
    """an error from the ledger's write or commit propagates unchanged to the caller"""

    async def scenario() -> None:
        error = OSError("disk full")
        ledger = FakeLedger(**{f"{step}_error": error})
        task = await run_guarded(record_payment(ledger, "pay 10"), "record_payment")
        assert ending(task) is error, (
            f"expected the ledger's own OSError from {step}(), but {outcome(task)}"
        )

    run_virtual(scenario)


async def cancel_during(
    ledger: FakeLedger, step: str, cancellations: int
) -> tuple[asyncio.Task[None], str]:
    """Start record_payment, cancel it ``cancellations`` times during ``step``, then let the
    ledger go on. Returns the task, done, and what it looked like after the cancellations."""
    started, gate = (
        (ledger.write_started, ledger.write_gate)
        if step == "write"
        else (ledger.commit_started, ledger.commit_gate)
    )
    gate.clear()
    task = asyncio.ensure_future(record_payment(ledger, "pay 10"))
    await wait_until(lambda: started.is_set() or task.done())
    if task.done():
        pytest.fail(f"expected record_payment to wait for the {step}, but {outcome(task)}")
    for _ in range(cancellations):
        task.cancel()
        await let_it_run()
    meanwhile = outcome(task) if task.done() else "it was still waiting for the ledger"
    gate.set()
    await settle(task, "record_payment")
    return task, meanwhile


@pytest.mark.rule(7)
@pytest.mark.parametrize(
    ("step", "cancellations"),
    [("write", 1), ("write", 2), ("write", 3), ("commit", 1), ("commit", 2)],
)
def test_critical_section_survives_cancellation(step: str, cancellations: int) -> None:
    """a cancelled caller does not interrupt the write + commit, and still ends cancelled"""

    async def scenario() -> None:
        ledger = FakeLedger()
        task, meanwhile = await cancel_during(ledger, step, cancellations)
        times = "once" if cancellations == 1 else f"{cancellations} times"
        assert ledger.log == ["write:pay 10", "commit"], (
            f"expected the write and the commit to complete although the caller was "
            f"cancelled {times} during the {step}; the ledger only saw {ledger.log}"
        )
        assert meanwhile == "it was still waiting for the ledger", (
            f"expected record_payment to wait for the ledger after being cancelled {times} "
            f"during the {step}, but {meanwhile} before the ledger was done"
        )
        assert task.cancelled(), (
            "expected the caller to end cancelled after the shielded section finished "
            f"(CancelledError must propagate), but {outcome(task)}"
        )

    run_virtual(scenario)


@pytest.mark.rule(8)
@pytest.mark.parametrize(("step", "cancellations"), [("write", 1), ("commit", 1), ("write", 2)])
def test_ledger_error_after_cancellation_propagates(step: str, cancellations: int) -> None:
    """a ledger error raised after the caller was cancelled reaches the caller"""

    async def scenario() -> None:
        error = OSError("disk full")
        ledger = FakeLedger(**{f"{step}_error": error})
        task, _ = await cancel_during(ledger, step, cancellations)
        times = "once" if cancellations == 1 else f"{cancellations} times"
        assert ending(task) is error, (
            f"the caller was cancelled {times} during the {step}, then the {step} failed: "
            f"expected the ledger's OSError to propagate (the payment was not recorded), "
            f"but {outcome(task)}"
        )

    run_virtual(scenario)


@pytest.mark.rule(7)
def test_cancellation_right_after_the_commit_is_not_swallowed() -> None:
    """a caller cancelled just as the commit finishes still ends cancelled"""

    async def scenario() -> None:
        ledger = FakeLedger()
        task = asyncio.ensure_future(record_payment(ledger, "pay 10"))
        # Cancel the caller the moment the commit is done, before it resumes.
        ledger.after_commit = task.cancel
        await settle(task, "record_payment")
        assert ledger.log == ["write:pay 10", "commit"], (
            f"expected the write and the commit to complete, the ledger saw {ledger.log}"
        )
        assert task.cancelled(), (
            "the caller was cancelled once the commit was done: expected it to end cancelled "
            f"(a cancellation is never swallowed), but {outcome(task)}"
        )

    run_virtual(scenario)

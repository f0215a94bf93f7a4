"""Hidden pytest checks for the transaction kata.

The fake connections are a tiny in-memory database with PostgreSQL's transaction rules: BEGIN
inside a transaction, COMMIT without one, or an unknown savepoint name are refused with
``FakeDatabaseError``, and ROLLBACK TO keeps the savepoint (as in PostgreSQL and SQLite). Every
call is logged; savepoints are logged by creation number (``savepoint#1``, ``release#1``...),
so the checks never depend on the names a solution picks.
"""

import asyncio
import contextlib
import traceback
from collections.abc import Iterator
from contextlib import AbstractAsyncContextManager, AbstractContextManager
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from katas.transaction import AsyncTransaction, Transaction


class FakeDatabaseError(Exception):
    """The fake database refused a call, as a real one would."""


class Boom(Exception):
    """The failure the checks raise inside blocks."""


class FakeConnection:
    """A blocking fake connection over an in-memory table; logs every call."""

    def __init__(self) -> None:
        self.committed: dict[str, int] = {}
        self.log: list[str] = []
        self._working: dict[str, int] | None = None
        self._savepoints: list[tuple[int, str, dict[str, int]]] = []  # (number, name, snapshot)
        self._created = 0

    @property
    def in_transaction(self) -> bool:
        return self._working is not None

    def begin(self) -> None:
        self.log.append("begin")
        if self._working is not None:
            raise FakeDatabaseError(
                "begin() while a transaction is already active: a nested block must use a "
                "savepoint instead of a second BEGIN"
            )
        self._working = dict(self.committed)

    def commit(self) -> None:
        self.log.append("commit")
        self.committed = self._active("commit()")
        self._end()

    def rollback(self) -> None:
        self.log.append("rollback")
        self._active("rollback()")
        self._end()

    def savepoint(self, name: str) -> None:
        if self._working is None:
            self.log.append("savepoint#?")
            raise FakeDatabaseError(f"savepoint({name!r}) outside a transaction")
        self._created += 1
        self.log.append(f"savepoint#{self._created}")
        self._savepoints.append((self._created, name, dict(self._working)))

    def release(self, name: str) -> None:
        index = self._find("release", name)
        self.log.append(f"release#{self._savepoints[index][0]}")
        del self._savepoints[index:]

    def rollback_to(self, name: str) -> None:
        index = self._find("rollback_to", name)
        number, _, snapshot = self._savepoints[index]
        self.log.append(f"rollback_to#{number}")
        self._working = dict(snapshot)
        del self._savepoints[index + 1 :]  # the savepoint itself stays, as in SQL

    def write(self, key: str, value: int) -> None:
        """The work done inside a block (an INSERT, say)."""
        self._active(f"write({key!r})")[key] = value

    def _active(self, operation: str) -> dict[str, int]:
        if self._working is None:
            raise FakeDatabaseError(f"{operation} with no active transaction")
        return self._working

    def _end(self) -> None:
        self._working = None
        self._savepoints.clear()

    def _find(self, operation: str, name: str) -> int:
        for index in reversed(range(len(self._savepoints))):
            if self._savepoints[index][1] == name:
                return index
        self.log.append(f"{operation}#?")
        raise FakeDatabaseError(f"{operation}({name!r}): no savepoint with that name is active")


class AsyncFakeConnection:
    """The async twin: the same database behind coroutine methods that yield to the loop.

    A call is logged only when its coroutine runs, so a call that is not awaited never happens.
    """

    def __init__(self) -> None:
        self.db = FakeConnection()

    @property
    def in_transaction(self) -> bool:
        return self.db.in_transaction

    @property
    def log(self) -> list[str]:
        return self.db.log

    @property
    def committed(self) -> dict[str, int]:
        return self.db.committed

    def write(self, key: str, value: int) -> None:
        self.db.write(key, value)

    async def begin(self) -> None:
        await asyncio.sleep(0)
        self.db.begin()

    async def commit(self) -> None:
        await asyncio.sleep(0)
        self.db.commit()

    async def rollback(self) -> None:
        await asyncio.sleep(0)
        self.db.rollback()

    async def savepoint(self, name: str) -> None:
        await asyncio.sleep(0)
        self.db.savepoint(name)

    async def release(self, name: str) -> None:
        await asyncio.sleep(0)
        self.db.release(name)

    async def rollback_to(self, name: str) -> None:
        await asyncio.sleep(0)
        self.db.rollback_to(name)


def normalized(log: list[str]) -> list[str]:
    """The log without a release#n right after rollback_to#n (releasing then is optional)."""
    result: list[str] = []
    for entry in log:
        if (
            result
            and entry.startswith("release#")
            and result[-1] == "rollback_to#" + entry.removeprefix("release#")
        ):
            continue
        result.append(entry)
    return result


def explode(error: BaseException) -> None:
    """Raise error from a frame of its own, so the traceback can be checked for it."""
    raise error


def frame_names(error: BaseException) -> list[str]:
    return [frame.name for frame in traceback.extract_tb(error.__traceback__)]


LABELS = "(savepoints are numbered in creation order: savepoint#1, release#1, ...)"


@pytest.mark.rule(1, 5)
def test_commits_on_success() -> None:
    """a block that ends normally begins, commits, and gives `as` the transaction itself"""
    conn = FakeConnection()
    transaction = Transaction(conn)
    with transaction as tx:
        assert tx is transaction, f"`with Transaction(conn) as tx` should bind tx to it, got {tx!r}"
        assert conn.log == ["begin"], f"expected begin() on entry, got calls {conn.log}"
        conn.write("order", 1)
    assert conn.log == ["begin", "commit"], f"expected calls [begin, commit], got {conn.log}"
    assert conn.committed == {"order": 1}, f"expected the write committed, got {conn.committed}"


@pytest.mark.rule(1, 3)
def test_rolls_back_on_exception() -> None:
    """a block that raises rolls back, and the exception propagates"""
    conn = FakeConnection()

    def place_order() -> None:
        with Transaction(conn):
            conn.write("order", 1)
            raise Boom

    with pytest.raises(Boom):
        place_order()
    assert conn.log == ["begin", "rollback"], f"expected calls [begin, rollback], got {conn.log}"
    assert conn.committed == {}, f"nothing should be committed, got {conn.committed}"


@pytest.mark.rule(3)
def test_exception_keeps_its_identity_and_traceback() -> None:
    """the caller gets the very same exception object, with the frame that raised it"""
    conn = FakeConnection()
    error = Boom("card declined")
    caught: BaseException | None = None
    try:
        with Transaction(conn):
            explode(error)
    except BaseException as raised:
        caught = raised
    assert caught is error, (
        f"expected the original exception object to propagate, got {caught!r} "
        "(do not swallow, wrap or replace it)"
    )
    assert "explode" in frame_names(error), (
        f"the traceback lost the frame that raised the error; frames: {frame_names(error)}"
    )


def exit_as_with_does(tx: AbstractContextManager[object], error: BaseException | None) -> object:
    """Call __exit__ as a with statement does; fail the check if it raises the error itself."""
    try:
        if error is None:
            return tx.__exit__(None, None, None)
        return tx.__exit__(type(error), error, error.__traceback__)
    except Boom:
        pytest.fail(
            "__exit__ raised the exception itself: return a falsy value instead and let the "
            "with statement re-raise it"
        )


@pytest.mark.rule(3)
def test_exit_returns_a_falsy_value() -> None:
    """__exit__ returns a falsy value and does not raise the exception itself, nested or not"""
    error = Boom("declined")
    with contextlib.suppress(Boom):
        explode(error)
    for outcome, raised, outer_calls, inner_calls in [
        ("for an exception", error, ["begin", "rollback"], ["savepoint#1", "rollback_to#1"]),
        ("after a normal block", None, ["begin", "commit"], ["savepoint#1", "release#1"]),
    ]:
        conn = FakeConnection()
        tx: AbstractContextManager[object] = Transaction(conn)
        tx.__enter__()
        result = exit_as_with_does(tx, raised)
        assert not result, f"__exit__ returned {result!r} {outcome}; expected a falsy value"
        assert conn.log == outer_calls, f"expected calls {outer_calls}, got {conn.log}"

        conn = FakeConnection()
        with Transaction(conn):
            nested: AbstractContextManager[object] = Transaction(conn)
            nested.__enter__()
            result = exit_as_with_does(nested, raised)
            assert not result, (
                f"a nested block's __exit__ returned {result!r} {outcome}; expected a falsy value"
            )
        expected = ["begin", *inner_calls, "commit"]
        assert normalized(conn.log) == expected, (
            f"expected calls {expected}, got {conn.log} {LABELS}"
        )


@pytest.mark.rule(2)
@pytest.mark.parametrize("error_type", [KeyboardInterrupt, SystemExit])
def test_base_exceptions_roll_back(error_type: type[BaseException]) -> None:
    """KeyboardInterrupt and SystemExit roll back too, in outer and nested blocks"""
    conn = FakeConnection()
    error = error_type()

    def interrupted() -> None:
        with Transaction(conn):
            conn.write("order", 1)
            raise error

    with pytest.raises(error_type) as info:
        interrupted()
    assert info.value is error, f"expected {error!r} to propagate, got {info.value!r}"
    assert conn.log == ["begin", "rollback"], (
        f"{type(error).__name__} inside the block: expected calls [begin, rollback], "
        f"got {conn.log} (it is a BaseException, not an Exception)"
    )
    assert conn.committed == {}, f"nothing should be committed, got {conn.committed}"

    conn = FakeConnection()

    def interrupted_inside() -> None:
        with Transaction(conn), Transaction(conn):
            raise error

    with pytest.raises(error_type):
        interrupted_inside()
    expected = ["begin", "savepoint#1", "rollback_to#1", "rollback"]
    assert normalized(conn.log) == expected, (
        f"{type(error).__name__} in a nested block: expected calls {expected}, got {conn.log} "
        + LABELS
    )


@pytest.mark.rule(4)
def test_nested_success_releases_the_savepoint() -> None:
    """a nested block uses a savepoint, released when it ends normally"""
    conn = FakeConnection()
    with Transaction(conn):
        conn.write("order", 1)
        with Transaction(conn):
            conn.write("payment", 2)
    expected = ["begin", "savepoint#1", "release#1", "commit"]
    assert conn.log == expected, f"expected calls {expected}, got {conn.log} {LABELS}"
    assert conn.committed == {"order": 1, "payment": 2}, (
        f"expected both writes committed, got {conn.committed}"
    )


@pytest.mark.rule(3, 4)
def test_nested_failure_rolls_back_only_the_inner_block() -> None:
    """a failing nested block rolls back to its savepoint; the outer block goes on and commits"""
    conn = FakeConnection()

    def charge() -> None:
        with Transaction(conn):
            conn.write("payment", 2)
            raise Boom

    with Transaction(conn):
        conn.write("order", 1)
        with pytest.raises(Boom):
            charge()
        conn.write("unpaid", 3)
    expected = ["begin", "savepoint#1", "rollback_to#1", "commit"]
    assert normalized(conn.log) == expected, f"expected calls {expected}, got {conn.log} {LABELS}"
    assert conn.committed == {"order": 1, "unpaid": 3}, (
        f"expected the outer writes kept and the inner one undone, got {conn.committed}"
    )


@pytest.mark.rule(1, 4)
def test_outer_failure_rolls_back_everything() -> None:
    """when the outer block fails, the work of its released nested blocks is rolled back too"""
    conn = FakeConnection()

    def place_order() -> None:
        with Transaction(conn):
            conn.write("order", 1)
            with Transaction(conn):
                conn.write("payment", 2)
            raise Boom

    with pytest.raises(Boom):
        place_order()
    expected = ["begin", "savepoint#1", "release#1", "rollback"]
    assert conn.log == expected, f"expected calls {expected}, got {conn.log} {LABELS}"
    assert conn.committed == {}, f"nothing should be committed, got {conn.committed}"


@pytest.mark.rule(6)
def test_transactions_one_after_another() -> None:
    """a connection serves one transaction after another, whether earlier ones failed or not"""
    conn = FakeConnection()
    with contextlib.suppress(Boom), Transaction(conn), Transaction(conn):
        raise Boom
    with Transaction(conn):
        conn.write("retry", 1)
    with Transaction(conn), Transaction(conn):
        conn.write("nested", 2)
    expected = [
        "begin", "savepoint#1", "rollback_to#1", "rollback",
        "begin", "commit",
        "begin", "savepoint#2", "release#2", "commit",
    ]  # fmt: skip
    assert normalized(conn.log) == expected, f"expected calls {expected}, got {conn.log} {LABELS}"
    assert conn.committed == {"retry": 1, "nested": 2}, (
        f"expected the later transactions committed, got {conn.committed}"
    )


@pytest.mark.rule(6)
def test_connections_are_independent() -> None:
    """a transaction on one connection does not make another connection's block nested"""
    orders, audit = FakeConnection(), FakeConnection()
    with Transaction(orders):
        orders.write("order", 1)
        with Transaction(audit):
            audit.write("entry", 1)
    assert audit.log == ["begin", "commit"], (
        f"the audit connection had no transaction yet: expected [begin, commit], got {audit.log}"
    )
    assert orders.log == ["begin", "commit"], f"expected [begin, commit], got {orders.log}"


@pytest.mark.rule(1, 4)
def test_outermost_or_nested_is_decided_on_entry() -> None:
    """transaction objects created before they are entered: nesting is decided on entry"""
    conn = FakeConnection()
    outer, inner = Transaction(conn), Transaction(conn)  # both made before any block
    with outer:
        with inner:
            conn.write("payment", 2)
        later = Transaction(conn)  # made inside a transaction, entered after it ended
    with later:
        conn.write("refund", 3)
    expected = ["begin", "savepoint#1", "release#1", "commit", "begin", "commit"]
    assert conn.log == expected, (
        f"expected calls {expected}, got {conn.log} {LABELS}: a block is nested when the "
        "connection is in a transaction at the moment it is *entered*"
    )
    assert conn.committed == {"payment": 2, "refund": 3}, (
        f"expected both writes committed, got {conn.committed}"
    )


@pytest.mark.rule(4)
def test_a_transaction_begun_elsewhere_gets_a_savepoint() -> None:
    """a block entered while the connection is in a transaction begun by other code is nested"""
    conn = FakeConnection()
    conn.begin()  # e.g. a framework opened the transaction
    conn.write("order", 1)
    with Transaction(conn):
        conn.write("payment", 2)
    with contextlib.suppress(Boom), Transaction(conn):
        conn.write("gift", 3)
        raise Boom
    conn.commit()
    expected = ["begin", "savepoint#1", "release#1", "savepoint#2", "rollback_to#2", "commit"]
    assert normalized(conn.log) == expected, (
        f"connection.in_transaction was already true: expected calls {expected}, got {conn.log} "
        f"{LABELS}"
    )
    assert conn.committed == {"order": 1, "payment": 2}, (
        f"expected the failed block's write undone, the rest kept; got {conn.committed}"
    )


@pytest.mark.rule(4)
def test_savepoint_names_do_not_clash() -> None:
    """release and rollback_to reach the block's own savepoint, however deep the nesting"""
    conn = FakeConnection()
    with Transaction(conn):
        conn.write("order", 1)
        with contextlib.suppress(Boom), Transaction(conn):  # savepoint#1
            conn.write("payment", 2)
            with contextlib.suppress(Boom), Transaction(conn):  # savepoint#2
                conn.write("gift", 3)
                raise Boom
            with Transaction(conn):  # savepoint#3
                conn.write("note", 4)
            raise Boom
        with Transaction(conn):  # savepoint#4
            conn.write("unpaid", 5)
    expected = [
        "begin",
        "savepoint#1",
        "savepoint#2", "rollback_to#2",
        "savepoint#3", "release#3",
        "rollback_to#1",
        "savepoint#4", "release#4",
        "commit",
    ]  # fmt: skip
    assert normalized(conn.log) == expected, (
        f"expected calls {expected}, got {conn.log} {LABELS} (does a repeated savepoint name "
        "make a block release or roll back another block's savepoint?)"
    )
    assert conn.committed == {"order": 1, "unpaid": 5}, (
        f"expected only the outer block's and the last nested block's writes, got {conn.committed}"
    )


@dataclass(frozen=True)
class Block:
    """One `with` block of a generated program: its nested blocks, and whether it raises."""

    fails: bool
    children: tuple["Block", ...] = ()


blocks = st.recursive(
    st.builds(Block, fails=st.booleans()),
    lambda inner: st.builds(
        Block, fails=st.booleans(), children=st.lists(inner, max_size=3).map(tuple)
    ),
    max_leaves=12,
)


def expected_outcome(root: Block) -> tuple[list[str], dict[str, int]]:
    """The calls and committed rows that correct transactions produce for a program."""
    log: list[str] = []
    kept: dict[str, int] = {}
    created = 0

    def visit(block: Block, path: str, depth: int, survives: bool) -> None:
        nonlocal created
        survives = survives and not block.fails
        number = 0
        if depth == 0:
            log.append("begin")
        else:
            created += 1
            number = created
            log.append(f"savepoint#{number}")
        if survives:
            kept[path] = kept[path + "/end"] = depth
        for index, child in enumerate(block.children):
            visit(child, f"{path}.{index}", depth + 1, survives)
        if depth == 0:
            log.append("rollback" if block.fails else "commit")
        else:
            log.append(f"rollback_to#{number}" if block.fails else f"release#{number}")

    visit(root, "b", 0, survives=True)
    return log, kept


def describe(root: Block) -> str:
    lines = ["(each block writes a row, runs its nested blocks catching their Boom, writes a row)"]

    def walk(block: Block, indent: str) -> None:
        lines.append(f"{indent}with Transaction(conn):")
        for child in block.children:
            walk(child, indent + "    ")
        if block.fails:
            lines.append(f"{indent}    raise Boom")
        elif not block.children:
            lines.append(f"{indent}    ...")

    walk(root, "")
    return "\n".join(lines)


def refused(root: Block, error: FakeDatabaseError, log: list[str]) -> str:
    return f"for the program\n{describe(root)}\nthe database refused: {error}; calls: {log}"


def run_sync(conn: FakeConnection, block: Block, path: str, depth: int) -> None:
    with Transaction(conn):
        conn.write(path, depth)
        for index, child in enumerate(block.children):
            with contextlib.suppress(Boom):
                run_sync(conn, child, f"{path}.{index}", depth + 1)
        conn.write(path + "/end", depth)
        if block.fails:
            raise Boom(path)


async def run_async(conn: AsyncFakeConnection, block: Block, path: str, depth: int) -> None:
    async with AsyncTransaction(conn):
        conn.write(path, depth)
        for index, child in enumerate(block.children):
            with contextlib.suppress(Boom):
                await run_async(conn, child, f"{path}.{index}", depth + 1)
        conn.write(path + "/end", depth)
        if block.fails:
            raise Boom(path)


def check_program(
    root: Block, log: list[str], committed: dict[str, int], in_transaction: bool
) -> None:
    expected_log, expected_rows = expected_outcome(root)
    program = describe(root)
    assert normalized(log) == expected_log, (
        f"for the program\n{program}\nexpected calls {expected_log}, got {log} {LABELS}"
    )
    assert committed == expected_rows, (
        f"for the program\n{program}\nexpected committed rows {sorted(expected_rows)}, "
        f"got {sorted(committed)}"
    )
    assert not in_transaction, f"for the program\n{program}\na transaction was left open"


@pytest.mark.rule(1, 4)
@given(blocks)
def test_any_nesting_of_blocks(root: Block) -> None:
    """any program of nested blocks commits exactly the work of blocks that did not fail"""
    conn = FakeConnection()
    try:
        run_sync(conn, root, "b", 0)
    except Boom:
        pass
    except FakeDatabaseError as error:
        pytest.fail(refused(root, error, conn.log))
    check_program(root, conn.log, conn.committed, conn.in_transaction)


@pytest.mark.rule(1, 3, 5, 7)
async def test_async_commits_and_rolls_back() -> None:
    """async with: begin and commit on success; rollback and the original error on failure"""
    conn = AsyncFakeConnection()
    transaction = AsyncTransaction(conn)
    async with transaction as tx:
        assert tx is transaction, f"`async with ... as tx` should bind the transaction, got {tx!r}"
        conn.write("order", 1)
    assert conn.log == ["begin", "commit"], (
        f"expected awaited calls [begin, commit], got {conn.log} (was every call awaited?)"
    )
    assert conn.committed == {"order": 1}, f"expected the write committed, got {conn.committed}"

    conn = AsyncFakeConnection()
    error = Boom("declined")
    caught: BaseException | None = None
    try:
        async with AsyncTransaction(conn):
            conn.write("order", 1)
            explode(error)
    except BaseException as raised:
        caught = raised
    assert caught is error, f"expected the original exception to propagate, got {caught!r}"
    assert "explode" in frame_names(error), (
        f"the traceback lost the frame that raised the error; frames: {frame_names(error)}"
    )
    assert conn.log == ["begin", "rollback"], (
        f"expected awaited calls [begin, rollback], got {conn.log} (was every call awaited?)"
    )
    assert conn.committed == {}, f"nothing should be committed, got {conn.committed}"

    for nested in (False, True):
        conn = AsyncFakeConnection()
        async with contextlib.AsyncExitStack() as outer:
            if nested:
                await outer.enter_async_context(AsyncTransaction(conn))
            atx: AbstractAsyncContextManager[object] = AsyncTransaction(conn)
            await atx.__aenter__()
            try:
                result = await atx.__aexit__(Boom, error, error.__traceback__)
            except Boom:
                pytest.fail("__aexit__ raised the exception itself: return a falsy value instead")
            assert not result, (
                f"__aexit__ returned {result!r}: a truthy value swallows the exception"
            )


@pytest.mark.rule(4, 7)
async def test_async_nested_blocks_use_savepoints() -> None:
    """async with: nested blocks use savepoints; a failing one rolls back only its own work"""
    conn = AsyncFakeConnection()

    async def add_gift() -> None:
        async with AsyncTransaction(conn):
            conn.write("gift", 3)
            raise Boom

    async with AsyncTransaction(conn):
        conn.write("order", 1)
        async with AsyncTransaction(conn):
            conn.write("payment", 2)
        with pytest.raises(Boom):
            await add_gift()
    expected = ["begin", "savepoint#1", "release#1", "savepoint#2", "rollback_to#2", "commit"]
    assert normalized(conn.log) == expected, f"expected calls {expected}, got {conn.log} {LABELS}"
    assert conn.committed == {"order": 1, "payment": 2}, (
        f"expected the failed nested block's write undone, the rest kept; got {conn.committed}"
    )


@pytest.mark.rule(4, 7)
async def test_async_transaction_begun_elsewhere_gets_a_savepoint() -> None:
    """async with: a block entered while a transaction begun by other code is active is nested"""
    conn = AsyncFakeConnection()
    await conn.begin()  # e.g. a framework opened the transaction
    conn.write("order", 1)
    with contextlib.suppress(Boom):
        async with AsyncTransaction(conn):
            conn.write("gift", 3)
            raise Boom
    await conn.commit()
    expected = ["begin", "savepoint#1", "rollback_to#1", "commit"]
    assert normalized(conn.log) == expected, (
        f"connection.in_transaction was already true: expected calls {expected}, got {conn.log} "
        f"{LABELS}"
    )
    assert conn.committed == {"order": 1}, (
        f"expected the failed block's write undone, the rest kept; got {conn.committed}"
    )


@pytest.mark.rule(2, 7)
async def test_async_cancellation_rolls_back() -> None:
    """async with: a cancelled block rolls back and the cancellation propagates"""
    conn = AsyncFakeConnection()
    inside = asyncio.Event()

    async def work() -> None:
        async with AsyncTransaction(conn):
            conn.write("order", 1)
            inside.set()
            await asyncio.Event().wait()  # cancelled here

    task = asyncio.create_task(work())
    async with asyncio.timeout(5):
        await inside.wait()
    task.cancel()
    async with asyncio.timeout(5):
        outcome = await asyncio.gather(task, return_exceptions=True)
    assert isinstance(outcome[0], asyncio.CancelledError), (
        f"expected the task to end cancelled (CancelledError propagates), got {outcome[0]!r}"
    )
    assert conn.log == ["begin", "rollback"], (
        f"expected calls [begin, rollback] for a cancelled block, got {conn.log} "
        "(CancelledError is a BaseException, not an Exception)"
    )
    assert conn.committed == {}, f"nothing should be committed, got {conn.committed}"


@pytest.mark.rule(2)
async def test_async_cancelled_nested_block_rolls_back_to_its_savepoint() -> None:
    """async with: a nested block that is cancelled rolls back to its savepoint"""
    conn = AsyncFakeConnection()
    inside = asyncio.Event()

    async def work() -> None:
        async with AsyncTransaction(conn):
            conn.write("order", 1)
            async with AsyncTransaction(conn):
                conn.write("payment", 2)
                inside.set()
                await asyncio.Event().wait()  # cancelled here

    task = asyncio.create_task(work())
    async with asyncio.timeout(5):
        await inside.wait()
    task.cancel()
    async with asyncio.timeout(5):
        outcome = await asyncio.gather(task, return_exceptions=True)
    assert isinstance(outcome[0], asyncio.CancelledError), (
        f"expected the task to end cancelled (CancelledError propagates), got {outcome[0]!r}"
    )
    expected = ["begin", "savepoint#1", "rollback_to#1", "rollback"]
    assert normalized(conn.log) == expected, (
        f"a cancellation inside a nested block: expected calls {expected}, got {conn.log} "
        f"{LABELS} (CancelledError is a BaseException, not an Exception)"
    )
    assert conn.committed == {}, f"nothing should be committed, got {conn.committed}"


@pytest.mark.rule(1, 4, 7)
async def test_async_outermost_or_nested_is_decided_on_entry() -> None:
    """async with: transaction objects created before they are entered still nest correctly"""
    conn = AsyncFakeConnection()
    outer, inner = AsyncTransaction(conn), AsyncTransaction(conn)
    async with outer:
        async with inner:
            conn.write("payment", 2)
        later = AsyncTransaction(conn)
    async with later:
        conn.write("refund", 3)
    expected = ["begin", "savepoint#1", "release#1", "commit", "begin", "commit"]
    assert conn.log == expected, (
        f"expected calls {expected}, got {conn.log} {LABELS}: a block is nested when the "
        "connection is in a transaction at the moment it is *entered*"
    )


def check_interleaved(
    orders: FakeConnection | AsyncFakeConnection, audit: FakeConnection | AsyncFakeConnection
) -> None:
    """The outcome of the interleaved orders and audit programs below."""
    expected = ["begin", "savepoint#1", "savepoint#2", "rollback_to#2", "rollback_to#1", "commit"]
    assert normalized(orders.log) == expected, (
        f"expected calls {expected} on the orders connection, got {orders.log} {LABELS} (does a "
        "savepoint name depend on what another connection's blocks are doing?)"
    )
    assert orders.committed == {"order": 1}, (
        f"expected only the outer block's write committed, got {orders.committed}"
    )
    assert audit.committed == {"entry": 1}, f"expected the audit entry, got {audit.committed}"


@pytest.mark.rule(4)
def test_savepoint_names_do_not_clash_across_connections() -> None:
    """two generators on two connections interleave; each block reaches its own savepoint"""
    orders, audit = FakeConnection(), FakeConnection()

    def log_audit() -> Iterator[None]:
        with Transaction(audit):
            with Transaction(audit):  # open while the other generator nests
                audit.write("entry", 1)
                yield
            yield

    def place_order() -> Iterator[None]:
        with Transaction(orders):
            orders.write("order", 1)
            with contextlib.suppress(Boom), Transaction(orders):  # savepoint#1, fails at the end
                orders.write("payment", 2)
                yield
                with contextlib.suppress(Boom), Transaction(orders):  # savepoint#2, fails
                    orders.write("gift", 3)
                    raise Boom
                raise Boom

    audit_steps, order_steps = log_audit(), place_order()
    next(audit_steps)  # the audit block's savepoint is open
    next(order_steps)  # the order's first savepoint is open
    next(audit_steps)  # the audit block's savepoint is released
    next(order_steps, None)
    next(audit_steps, None)
    check_interleaved(orders, audit)


@pytest.mark.rule(4, 7)
async def test_async_savepoint_names_do_not_clash_across_connections() -> None:
    """async with: two tasks on two connections interleave; each block reaches its own savepoint"""
    orders, audit = AsyncFakeConnection(), AsyncFakeConnection()
    audit_nested, order_nested, audit_done = asyncio.Event(), asyncio.Event(), asyncio.Event()

    async def log_audit() -> None:
        async with AsyncTransaction(audit):
            async with AsyncTransaction(audit):  # open while the other task nests
                audit.write("entry", 1)
                audit_nested.set()
                await order_nested.wait()
            audit_done.set()

    async def place_order() -> None:
        await audit_nested.wait()
        async with AsyncTransaction(orders):
            orders.write("order", 1)
            with contextlib.suppress(Boom):
                async with AsyncTransaction(orders):  # savepoint#1, fails at the end
                    orders.write("payment", 2)
                    order_nested.set()
                    await audit_done.wait()
                    with contextlib.suppress(Boom):
                        async with AsyncTransaction(orders):  # savepoint#2, fails
                            orders.write("gift", 3)
                            raise Boom
                    raise Boom

    async with asyncio.timeout(5):
        await asyncio.gather(log_audit(), place_order())
    check_interleaved(orders, audit)


@pytest.mark.rule(1, 4, 7)
@given(blocks)
def test_async_any_nesting_of_blocks(root: Block) -> None:
    """async with: any program of nested blocks commits exactly the work that did not fail"""
    conn = AsyncFakeConnection()

    async def main() -> None:
        try:
            await run_async(conn, root, "b", 0)
        except Boom:
            pass
        except FakeDatabaseError as error:
            pytest.fail(refused(root, error, conn.log))

    asyncio.run(main())
    check_program(root, conn.log, conn.committed, conn.in_transaction)

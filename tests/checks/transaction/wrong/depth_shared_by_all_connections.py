"""Counts nesting depth in a class attribute shared by every connection, not per connection.

A transaction on a second connection, opened inside a transaction on the first, is taken for
a nested block and gets a SAVEPOINT on a connection that has no transaction at all.

Caught by: test_connections_are_independent
"""

import itertools
from types import TracebackType
from typing import Protocol, Self


class Connection(Protocol):
    """A blocking database connection: the only methods a Transaction may call."""

    @property
    def in_transaction(self) -> bool:
        """True between begin() and commit()/rollback()."""
        ...

    def begin(self) -> None:
        """BEGIN: start a transaction."""
        ...

    def commit(self) -> None:
        """COMMIT: make the transaction's work permanent and end it."""
        ...

    def rollback(self) -> None:
        """ROLLBACK: undo the transaction's work and end it."""
        ...

    def savepoint(self, name: str) -> None:
        """SAVEPOINT name: mark a point inside the transaction to roll back to."""
        ...

    def release(self, name: str) -> None:
        """RELEASE SAVEPOINT name: forget the mark and keep the work done since."""
        ...

    def rollback_to(self, name: str) -> None:
        """ROLLBACK TO SAVEPOINT name: undo the work done since the mark."""
        ...


class AsyncConnection(Protocol):
    """An async database connection: the same operations, as coroutines."""

    @property
    def in_transaction(self) -> bool:
        """True between begin() and commit()/rollback()."""
        ...

    async def begin(self) -> None: ...
    async def commit(self) -> None: ...
    async def rollback(self) -> None: ...
    async def savepoint(self, name: str) -> None: ...
    async def release(self, name: str) -> None: ...
    async def rollback_to(self, name: str) -> None: ...


_savepoint_numbers = itertools.count(1)


class Transaction:
    """``with Transaction(conn) as tx:`` commits on success, rolls back on any exception."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.savepoint: str | None = None  # None: the outermost block, a real transaction

    depth = 0  # how many blocks are open

    def __enter__(self) -> Self:
        if Transaction.depth > 0:
            self.savepoint = f"sp_{next(_savepoint_numbers)}"
            self.connection.savepoint(self.savepoint)
        else:
            self.connection.begin()
        Transaction.depth += 1
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        Transaction.depth -= 1
        # exc is None only when the block ended normally: any BaseException rolls back.
        if self.savepoint is None:
            if exc is None:
                self.connection.commit()
            else:
                self.connection.rollback()
        elif exc is None:
            self.connection.release(self.savepoint)
        else:
            self.connection.rollback_to(self.savepoint)
        # Returning None (falsy) lets the with statement re-raise the original exception.


class AsyncTransaction:
    """``async with AsyncTransaction(conn) as tx:``, the same rules over an AsyncConnection."""

    def __init__(self, connection: AsyncConnection) -> None:
        self.connection = connection
        self.savepoint: str | None = None

    async def __aenter__(self) -> Self:
        if self.connection.in_transaction:
            self.savepoint = f"sp_{next(_savepoint_numbers)}"
            await self.connection.savepoint(self.savepoint)
        else:
            await self.connection.begin()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # asyncio.CancelledError is a BaseException: a cancelled block rolls back too.
        if self.savepoint is None:
            if exc is None:
                await self.connection.commit()
            else:
                await self.connection.rollback()
        elif exc is None:
            await self.connection.release(self.savepoint)
        else:
            await self.connection.rollback_to(self.savepoint)

"""Commits in every case, like `try: yield finally: commit()`: a failed block's work is saved.

`finally` runs on success *and* on error, so it is the place for cleanup that must always
happen, not for a commit that must only happen on success.

Caught by: test_rolls_back_on_exception, test_async_commits_and_rolls_back
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

    def __enter__(self) -> Self:
        if self.connection.in_transaction:
            self.savepoint = f"sp_{next(_savepoint_numbers)}"
            self.connection.savepoint(self.savepoint)
        else:
            self.connection.begin()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.savepoint is None:
            self.connection.commit()
        else:
            self.connection.release(self.savepoint)


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
        if self.savepoint is None:
            await self.connection.commit()
        else:
            await self.connection.release(self.savepoint)

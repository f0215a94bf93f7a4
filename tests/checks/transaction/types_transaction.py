"""Hidden mypy checks for the transaction kata."""

from typing import assert_type

from katas.transaction import AsyncConnection, AsyncTransaction, Connection, Transaction


def check_enter_gives_the_precise_type() -> None:
    """`as tx` is typed as the transaction itself, and as the subclass for a subclass (Self)

    Rules: 8
    """

    class AuditedTransaction(Transaction):
        pass

    class AuditedAsyncTransaction(AsyncTransaction):
        pass

    def audit(tx: AuditedTransaction) -> None: ...
    def audit_async(tx: AuditedAsyncTransaction) -> None: ...

    def use(conn: Connection) -> None:
        with Transaction(conn) as tx:
            assert_type(tx, Transaction)
        with AuditedTransaction(conn) as audited:
            assert_type(audited, AuditedTransaction)
        with Transaction(conn) as plain:
            audit(plain)  # type: ignore[arg-type]

    async def use_async(conn: AsyncConnection) -> None:
        async with AsyncTransaction(conn) as tx:
            assert_type(tx, AsyncTransaction)
        async with AuditedAsyncTransaction(conn) as audited:
            assert_type(audited, AuditedAsyncTransaction)
        async with AsyncTransaction(conn) as plain:
            audit_async(plain)  # type: ignore[arg-type]


def check_exit_never_swallows() -> None:
    """__exit__/__aexit__ are typed as never swallowing (code after a returning block is dead)

    Rules: 3
    """

    def total(conn: Connection) -> int:
        with Transaction(conn):
            return 1

    async def total_async(conn: AsyncConnection) -> int:
        async with AsyncTransaction(conn):
            return 1

    def swallows(flag: bool) -> None: ...

    def exit_result(conn: Connection) -> None:
        swallows(Transaction(conn).__exit__(None, None, None))  # type: ignore[arg-type]

    async def aexit_result(conn: AsyncConnection) -> None:
        swallows(await AsyncTransaction(conn).__aexit__(None, None, None))  # type: ignore[arg-type]


def check_sync_and_async_do_not_mix() -> None:
    """Transaction only works with `with`, AsyncTransaction only with `async with`

    Rules: 8
    """

    def use(conn: AsyncConnection) -> None:
        with AsyncTransaction(conn):  # type: ignore[attr-defined]
            pass

    async def use_async(conn: Connection) -> None:
        async with Transaction(conn):  # type: ignore[attr-defined]
            pass


def check_connections_are_typed_by_protocol() -> None:
    """any class with the right methods is a Connection; an async one is not (and vice versa)

    Rules: 8
    """

    class SqliteLike:
        in_transaction = False

        def begin(self) -> None: ...
        def commit(self) -> None: ...
        def rollback(self) -> None: ...
        def savepoint(self, name: str) -> None: ...
        def release(self, name: str) -> None: ...
        def rollback_to(self, name: str) -> None: ...

    class AsyncpgLike:
        @property
        def in_transaction(self) -> bool:
            return False

        async def begin(self) -> None: ...
        async def commit(self) -> None: ...
        async def rollback(self) -> None: ...
        async def savepoint(self, name: str) -> None: ...
        async def release(self, name: str) -> None: ...
        async def rollback_to(self, name: str) -> None: ...

    Transaction(SqliteLike())
    AsyncTransaction(AsyncpgLike())
    Transaction(AsyncpgLike())  # type: ignore[arg-type]
    AsyncTransaction(SqliteLike())  # type: ignore[arg-type]
    Transaction("postgresql://localhost/shop")  # type: ignore[arg-type]

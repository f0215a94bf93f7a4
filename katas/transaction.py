"""Transaction: a context manager that commits, rolls back, and nests with savepoints.

``with`` guarantees that cleanup runs however a block ends. Database transactions are the
classic use: commit when the block finishes normally, roll back when it raises, and never hide
the error from the caller. Write the context manager twice: ``Transaction`` for a blocking
connection (part 1) and ``AsyncTransaction`` for ``async with`` and an async connection
(part 2).

Task
----
``Transaction(connection)`` works as ``with Transaction(conn) as tx: ...``. The connection is
anything with the methods of the ``Connection`` protocol below (a real driver, or the fake
connection the checks use, which records every call).

Rules
-----
1. Outermost block (``connection.in_transaction`` is false when it is entered): call
   ``begin()`` on entry; on exit call ``commit()`` if the block ended normally, ``rollback()``
   if it raised. Whether a block is outermost or nested is decided when it is entered, not
   when the transaction object is created.
2. "Raised" means *any* exception, ``BaseException`` included: ``KeyboardInterrupt``,
   ``SystemExit`` and, in part 2, ``asyncio.CancelledError`` must roll back too. Only a block
   that ends normally is committed.
3. Never swallow the exception: ``__exit__`` returns ``None`` (and is typed ``-> None``, so
   mypy knows the block never swallows), so the ``with`` statement re-raises the original
   exception object with its original traceback. Do not re-raise it yourself and do not wrap
   it in another exception. This holds for nested blocks too.
4. Nested block (``connection.in_transaction`` is already true when it is entered, also when
   the transaction was begun outside any ``Transaction``): instead of a second ``begin()``,
   call ``savepoint(name)`` on entry, then ``release(name)`` if the block ended normally or
   ``rollback_to(name)`` if it raised. Only the inner block's work is undone; the exception
   still propagates, so the enclosing code decides whether to catch it and carry on. Names
   must not clash: SQL allows repeated names, and ``release``/``rollback_to`` act on the most
   recent savepoint with that name, which must be this block's own. Unique names
   (``itertools.count`` is handy) are the simple way.
5. ``with Transaction(conn) as tx`` binds ``tx`` to the transaction object itself.
6. Each transaction object is used for one ``with`` block; the connection may be used for
   many transactions, one after another, and different connections are independent.
7. Part 2: ``AsyncTransaction`` follows the same rules with ``async with`` over an
   ``AsyncConnection``, whose methods are coroutines: await every one of them.
8. Types: ``with Transaction(conn) as tx`` gives ``tx`` the type of the class entered
   (``Self``: a subclass keeps its own type), for ``async with`` too. ``Transaction`` accepts
   any object with ``Connection``'s members (a structural ``Protocol``), ``AsyncTransaction``
   any with ``AsyncConnection``'s; mypy rejects the other kind of connection, a plain value,
   and the other kind of ``with``.

Example::

    with Transaction(conn):                # begin()
        create_order(conn)
        try:
            with Transaction(conn):        # savepoint("sp_1")
                charge_card(conn)          # raises PaymentDeclined
        except PaymentDeclined:            # rollback_to("sp_1"): only the charge is undone
            mark_unpaid(conn)
                                           # commit(): the order and the unpaid mark are kept

    async with AsyncTransaction(async_conn) as tx:   # await async_conn.begin()
        ...                                          # await async_conn.commit()

Where to start: ``__exit__(exc_type, exc, tb)`` receives ``None, None, None`` when the block
ended normally, and the exception otherwise. Decide in ``__enter__`` whether this block is the
outermost one or a nested one, and remember that decision (and the savepoint name) on ``self``
for ``__exit__``.
"""

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


class Transaction:
    """``with Transaction(conn) as tx:`` commits on success, rolls back on any exception."""

    def __init__(self, connection: Connection) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        raise NotImplementedError

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        raise NotImplementedError


class AsyncTransaction:
    """``async with AsyncTransaction(conn) as tx:``, the same rules over an AsyncConnection."""

    def __init__(self, connection: AsyncConnection) -> None:
        raise NotImplementedError

    async def __aenter__(self) -> Self:
        raise NotImplementedError

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        raise NotImplementedError

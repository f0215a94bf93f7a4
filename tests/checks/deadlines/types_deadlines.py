"""Hidden mypy checks for the deadlines kata."""

from typing import assert_type

from katas.deadlines import Connection, Ledger, Pool, fetch_with_deadline, record_payment


def check_fetch_returns_the_response_type() -> None:
    """fetch_with_deadline returns the response as str

    Rules: 1
    """

    async def use(pool: Pool) -> None:
        assert_type(await fetch_with_deadline(pool, "ping", deadline=0.5), str)
        number: int = await fetch_with_deadline(pool, "ping", deadline=0.5)  # type: ignore[assignment]
        print(number)


def check_deadline_is_a_keyword_only_float() -> None:
    """the deadline is passed by keyword, as a number of seconds

    Rules: 1
    """

    async def use(pool: Pool) -> None:
        await fetch_with_deadline(pool, "ping", deadline=2)
        await fetch_with_deadline(pool, "ping", 0.5)  # type: ignore[call-arg]
        await fetch_with_deadline(pool, "ping", deadline="0.5")  # type: ignore[arg-type]


def check_pool_without_release_is_rejected() -> None:
    """a pool must offer release(), not just acquire()

    Rules: 2
    """

    class LeakyPool:
        async def acquire(self) -> Connection:
            raise NotImplementedError

    class FullPool(LeakyPool):
        def release(self, connection: Connection) -> None:
            pass

    async def use() -> None:
        await fetch_with_deadline(FullPool(), "ping", deadline=0.5)
        await fetch_with_deadline(LeakyPool(), "ping", deadline=0.5)  # type: ignore[arg-type]


def check_ledger_protocol() -> None:
    """record_payment takes a Ledger; a store without commit() is rejected

    Rules: 6
    """

    class NoCommit:
        async def write(self, entry: str) -> None:
            pass

    async def use(ledger: Ledger) -> None:
        assert_type(await record_payment(ledger, "pay 10"), None)
        await record_payment(NoCommit(), "pay 10")  # type: ignore[arg-type]

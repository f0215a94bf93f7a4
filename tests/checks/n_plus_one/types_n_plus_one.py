"""Hidden mypy checks for the n_plus_one kata."""

from typing import assert_type

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from katas.n_plus_one import Author, AuthorLine, Book, BookLine, Publisher, report, report_async


def check_report_returns_author_lines() -> None:
    """report() takes a Session and returns list[AuthorLine]

    Rules: 1
    """
    assert_type(report(Session()), list[AuthorLine])
    report(Session()).append("Le Guin")  # type: ignore[arg-type]


def check_report_async_is_awaited_for_author_lines() -> None:
    """report_async() is a coroutine function giving list[AuthorLine] when awaited

    Rules: 1, 4
    """

    async def caller() -> None:
        assert_type(await report_async(AsyncSession()), list[AuthorLine])
        report_async(AsyncSession()).append("Le Guin")  # type: ignore[attr-defined]


def check_sessions_are_not_mixed_up() -> None:
    """the sync report refuses an AsyncSession and the async one a Session

    Rules: 4
    """

    async def caller() -> None:
        report(AsyncSession())  # type: ignore[arg-type]
        await report_async(Session())  # type: ignore[arg-type]
        await report(Session())  # type: ignore[misc]


def check_the_given_types_are_kept() -> None:
    """the models and the line classes keep their given types

    Rules: 5
    """
    author = Author(name="Le Guin")
    assert_type(author.books, list[Book])
    assert_type(author.books[0].publisher, Publisher)
    line = AuthorLine("Le Guin", (BookLine("Lavinia", "Tor"),))
    assert_type(line.books, tuple[BookLine, ...])
    assert_type(line.books[0].publisher, str)
    line.author = "Banks"  # type: ignore[misc]
    BookLine("Lavinia", Publisher(name="Tor"))  # type: ignore[arg-type]

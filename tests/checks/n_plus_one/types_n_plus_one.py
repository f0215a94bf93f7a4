"""Hidden mypy checks for the n_plus_one kata."""

from typing import assert_type

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from katas.n_plus_one import AuthorLine, report, report_async


def check_report_returns_author_lines() -> None:
    """report() takes a Session and returns list[AuthorLine]"""
    assert_type(report(Session()), list[AuthorLine])


def check_report_async_is_awaited_for_author_lines() -> None:
    """report_async() is a coroutine function giving list[AuthorLine] when awaited"""

    async def caller() -> None:
        assert_type(await report_async(AsyncSession()), list[AuthorLine])


def check_sessions_are_not_mixed_up() -> None:
    """the sync report refuses an AsyncSession and the async one a Session"""

    async def caller() -> None:
        report(AsyncSession())  # type: ignore[arg-type]
        await report_async(Session())  # type: ignore[arg-type]
        await report(Session())  # type: ignore[misc]

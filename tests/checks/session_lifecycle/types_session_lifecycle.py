"""Hidden mypy checks for the session_lifecycle kata."""

from typing import assert_type

from sqlalchemy import create_engine
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import Session, sessionmaker

from katas.session_lifecycle import (
    Author,
    AuthorDTO,
    Book,
    BookDTO,
    add_author,
    async_unit_of_work,
    get_author,
    get_author_async,
    list_authors,
    unit_of_work,
)


def check_unit_of_work_yields_a_session() -> None:
    """`with unit_of_work(factory) as s` gives a Session; the async one gives an AsyncSession

    Rules: 1
    """
    factory = sessionmaker(create_engine("sqlite://"))
    with unit_of_work(factory) as session:
        assert_type(session, Session)

    async def use() -> None:
        async_factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))
        async with async_unit_of_work(async_factory) as async_session:
            assert_type(async_session, AsyncSession)


def check_sync_and_async_are_not_mixed() -> None:
    """the sync unit of work rejects an async factory, and needs `with`, not `async with`

    Rules: 1
    """
    async_factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))
    unit_of_work(async_factory)  # type: ignore[arg-type]
    with async_unit_of_work(async_factory):  # type: ignore[attr-defined]
        pass


def check_dtos_are_read_only() -> None:
    """AuthorDTO and BookDTO are read-only: fields cannot be assigned, books is a tuple

    Rules: 4
    """
    dto = get_author(sessionmaker(create_engine("sqlite://")), 1)
    assert_type(dto, AuthorDTO)
    assert_type(dto.id, int)
    assert_type(dto.name, str)
    assert_type(dto.books, tuple[BookDTO, ...])
    assert_type(dto.books[0].title, str)
    dto.name = "Renamed"  # type: ignore[misc]
    dto.books[0].title = "Renamed"  # type: ignore[misc]
    dto.books.append(dto.books[0])  # type: ignore[attr-defined]


def check_functions_return_precise_types() -> None:
    """add_author returns int, list_authors list[Author] with typed relationships

    Rules: 5, 7
    """
    factory = sessionmaker(create_engine("sqlite://"))
    assert_type(add_author(factory, "Ada", ["Notes"]), int)
    authors = list_authors(factory)
    assert_type(authors, list[Author])
    assert_type(authors[0].books, list[Book])
    add_author(factory, "Ada", "Notes", "Sketch")  # type: ignore[call-arg]
    add_author(factory, 42, ["Notes"])  # type: ignore[arg-type]


def check_async_read_is_awaited_with_an_async_factory() -> None:
    """get_author_async takes an async_sessionmaker and must be awaited for an AuthorDTO

    Rules: 8
    """
    factory = sessionmaker(create_engine("sqlite://"))

    async def use() -> None:
        async_factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))
        assert_type(await get_author_async(async_factory, 1), AuthorDTO)
        await get_author_async(factory, 1)  # type: ignore[arg-type]
        print(get_author_async(async_factory, 1).name)  # type: ignore[attr-defined]

"""get_author opens a session and never closes it (the connection goes back only at GC).

Caught by: test_get_author_returns_a_frozen_dto
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass

from sqlalchemy import ForeignKey, Select, String, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    Session,
    mapped_column,
    relationship,
    selectinload,
    sessionmaker,
)


class Base(DeclarativeBase):
    pass


class Author(Base):
    __tablename__ = "authors"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    books: Mapped[list[Book]] = relationship(back_populates="author", order_by="Book.id")


class Book(Base):
    __tablename__ = "books"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id"))
    author: Mapped[Author] = relationship(back_populates="books")


@dataclass(frozen=True)
class BookDTO:
    """A book, detached from any session."""

    id: int
    title: str


@dataclass(frozen=True)
class AuthorDTO:
    """An author with their books, detached from any session."""

    id: int
    name: str
    books: tuple[BookDTO, ...]

    @classmethod
    def from_orm(cls, author: Author) -> AuthorDTO:
        """Copy a loaded Author; call it while its session is open."""
        books = tuple(BookDTO(id=book.id, title=book.title) for book in author.books)
        return cls(id=author.id, name=author.name, books=books)


@contextmanager
def unit_of_work(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A new session: commit on success, roll back on error (re-raised), always close."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


@asynccontextmanager
async def async_unit_of_work(
    factory: async_sessionmaker[AsyncSession],
) -> AsyncIterator[AsyncSession]:
    """The same unit of work for AsyncSession."""
    session = factory()
    try:
        yield session
        await session.commit()
    except BaseException:
        await session.rollback()
        raise
    finally:
        await session.close()


def add_author(factory: sessionmaker[Session], name: str, titles: Sequence[str]) -> int:
    """Insert an author and their books in one unit of work; return the author's id."""
    with unit_of_work(factory) as session:
        author = Author(name=name, books=[Book(title=title) for title in titles])
        session.add(author)
        session.flush()  # assigns the id while the session is open
        author_id = author.id
    return author_id


def _author_query(author_id: int) -> Select[Author]:
    return select(Author).where(Author.id == author_id).options(selectinload(Author.books))


def get_author(factory: sessionmaker[Session], author_id: int) -> AuthorDTO:
    """The author and their books as a DTO; LookupError if there is no such author."""
    session = factory()
    author = session.scalar(_author_query(author_id))
    if author is None:
        raise LookupError(f"no author with id {author_id}")
    return AuthorDTO.from_orm(author)


def list_authors(factory: sessionmaker[Session]) -> list[Author]:
    """All authors, ordered by id, with their books loaded eagerly."""
    # Read-only, so no commit: committing would expire everything we just loaded.
    with factory() as session:
        query = select(Author).order_by(Author.id).options(selectinload(Author.books))
        return list(session.scalars(query))


async def get_author_async(factory: async_sessionmaker[AsyncSession], author_id: int) -> AuthorDTO:
    """get_author for AsyncSession: no lazy loads."""
    async with factory() as session:
        author = await session.scalar(_author_query(author_id))
        if author is None:
            raise LookupError(f"no author with id {author_id}")
        return AuthorDTO.from_orm(author)

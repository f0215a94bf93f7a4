"""joinedload on the one-to-many collection, without unique().

Caught by: test_report_matches_the_naive_report, test_report_runs_at_most_two_statements

A JOIN from authors to books returns one row per book, so each author comes back once per
book. SQLAlchemy 2.x refuses to hand out such results unless ``.unique()`` is called on
them, so this raises ``InvalidRequestError`` instead of returning a report.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ForeignKey, Select, String, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    Session,
    joinedload,
    mapped_column,
    relationship,
)


class Base(DeclarativeBase):
    pass


class Publisher(Base):
    __tablename__ = "publishers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    books: Mapped[list[Book]] = relationship(back_populates="publisher")


class Author(Base):
    __tablename__ = "authors"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    books: Mapped[list[Book]] = relationship(back_populates="author")


class Book(Base):
    __tablename__ = "books"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id"))
    publisher_id: Mapped[int] = mapped_column(ForeignKey("publishers.id"))
    author: Mapped[Author] = relationship(back_populates="books")
    publisher: Mapped[Publisher] = relationship(back_populates="books")


@dataclass(frozen=True)
class BookLine:
    title: str
    publisher: str


@dataclass(frozen=True)
class AuthorLine:
    author: str
    books: tuple[BookLine, ...]


def _author_line(author: Author) -> AuthorLine:
    books = sorted(author.books, key=lambda book: (book.title, book.id))
    return AuthorLine(author.name, tuple(BookLine(b.title, b.publisher.name) for b in books))


def naive_report(session: Session) -> list[AuthorLine]:
    """The slow version: 1 query for the authors, then lazy loads for each author's books and
    for each publisher not seen yet."""
    authors = session.scalars(select(Author).order_by(Author.name, Author.id)).all()
    lines = []
    for author in authors:
        books = sorted(author.books, key=lambda book: (book.title, book.id))  # lazy load
        lines.append(
            AuthorLine(
                author.name,
                tuple(BookLine(book.title, book.publisher.name) for book in books),  # lazy
            )
        )
    return lines


def _authors_with_books() -> Select[Author]:
    # one-to-many: selectinload runs one extra SELECT ... WHERE author_id IN (...);
    # many-to-one: joinedload adds a JOIN to that same SELECT, so each book has its publisher.
    return (
        select(Author)
        .options(joinedload(Author.books).joinedload(Book.publisher))
        .order_by(Author.name, Author.id)
    )


def report(session: Session) -> list[AuthorLine]:
    authors = session.scalars(_authors_with_books()).all()
    return [_author_line(author) for author in authors]


async def report_async(session: AsyncSession) -> list[AuthorLine]:
    authors = (await session.scalars(_authors_with_books())).all()
    return [_author_line(author) for author in authors]

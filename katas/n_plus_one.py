"""Fix an N+1 query: eager loading with selectinload and joinedload, then the async version.

``naive_report`` below works, but it is slow in a way no unit test on three rows will show.
It runs one query for the authors, then, for every author, touching ``author.books`` fires a
lazy load (one more SELECT), and touching ``book.publisher`` fires one more SELECT for each
publisher not already in the session. With 1,000 authors that is over 1,000 round trips: the
N+1 problem.

Task
----
- ``report(session)``: return exactly what ``naive_report`` returns, with **at most two SQL
  statements**, whatever the number of books and publishers, for up to 500 authors. Choose a
  loader per relationship:

  - one-to-many (``Author.books``): ``selectinload`` -> one extra
    ``SELECT ... FROM books WHERE books.author_id IN (...)`` for all authors at once;
  - many-to-one (``Book.publisher``): ``joinedload`` -> a JOIN added to the books query.

- ``report_async(session)``: the same report through an ``AsyncSession``
  (``sqlite+aiosqlite``). Async SQLAlchemy cannot lazy-load: touching an unloaded relationship
  raises ``MissingGreenlet``, so everything the report touches must be loaded up front.

Rules
-----
1. Both functions list the authors exactly as ``naive_report`` does: one line per author,
   ordered by name, then id (two authors with the same name are two lines), authors without
   books included (with ``books == ()``).
2. In each line, the author's books are ordered by title, then id, each with the name of its
   publisher, exactly as ``naive_report`` builds them.
3. Each call of ``report`` or ``report_async`` runs at most 2 SQL statements for up to 500
   authors, whatever the number of books and publishers (the checks count them with an engine
   event). ``selectinload`` sends its ``IN (...)`` list in batches of 500 keys, so each
   further 500 authors may add one statement: a constant number per batch, never one per row.
4. ``report_async`` never lazy-loads: an ``AsyncSession`` refuses implicit IO (touching an
   unloaded relationship raises ``MissingGreenlet``), so its query must load everything the
   report touches.
5. The models, ``BookLine``, ``AuthorLine`` and ``naive_report`` are given; keep them as they
   are. Eager loading belongs in your query (loader options), not on the models:
   ``relationship(lazy="selectin")`` or ``lazy="joined"`` would make every other query of the
   application load all the books and publishers. The checks verify that a plain
   ``select(Author)`` still loads only the authors, and ``select(Book)`` only the books.

Example
-------
>>> from sqlalchemy import create_engine
>>> engine = create_engine("sqlite://")
>>> Base.metadata.create_all(engine)
>>> with Session(engine) as session:
...     tor = Publisher(name="Tor")
...     session.add(Author(name="Le Guin", books=[Book(title="Lavinia", publisher=tor)]))
...     session.commit()
...     report(session)
[AuthorLine(author='Le Guin', books=(BookLine(title='Lavinia', publisher='Tor'),))]

To see the statements yourself, create the engine with ``echo=True``.

Where to start
--------------
``select(Author).options(...)``: an option can be chained to load the next hop
(``selectinload(A.x).joinedload(X.y)``). Write one statement builder and use it in both
functions: only the way it is executed differs (``session.scalars`` vs
``await session.scalars``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship


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


def report(session: Session) -> list[AuthorLine]:
    """naive_report's result in at most 2 SQL statements."""
    raise NotImplementedError


async def report_async(session: AsyncSession) -> list[AuthorLine]:
    """The same report through an AsyncSession, where lazy loading is not available."""
    raise NotImplementedError

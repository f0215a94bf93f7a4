"""Session lifecycle: a unit of work, and results that survive the session closing.

The problem
-----------
This code "works" until someone touches a relationship::

    def get_author(factory, author_id):
        with factory() as session:
            return session.get(Author, author_id)

    author = get_author(factory, 1)
    author.books    # DetachedInstanceError: Parent instance <Author> is not bound to a
                    # Session; lazy load operation of attribute 'books' cannot proceed

``books`` is lazy: it is loaded by a SELECT the first time you read it, and that needs the
session, which is closed by then. The async version fails even inside the session, because a
lazy load would do blocking I/O inside the event loop::

    async with async_factory() as session:
        author = await session.get(Author, 1)
        author.books    # MissingGreenlet: greenlet_spawn has not been called; can't call
                        # await_only() here. Was IO attempted in an unexpected place?

And every function opens, commits and closes sessions its own way, so an exception in the
middle can leave half a change committed or a session open.

The task
--------
- ``unit_of_work(factory)``: a context manager around one new session (commit, rollback,
  close: rules 1 to 3). ``async_unit_of_work`` is the same for ``AsyncSession``.
- ``BookDTO`` / ``AuthorDTO``: immutable data transfer objects (rule 4).
- ``add_author(factory, name, titles)``, ``get_author(factory, author_id)``,
  ``list_authors(factory)`` and ``get_author_async(factory, author_id)`` (rules 5 to 8).

The factories the checks pass are plain ``sessionmaker(engine)`` /
``async_sessionmaker(engine)``: ``expire_on_commit`` is left at its default (True), so after a
commit every loaded attribute is expired and reading it needs the session again.

Rules
-----
1. ``unit_of_work(factory)`` yields a new session from ``factory`` each time it is used and
   commits it when the block ends without an exception. ``async_unit_of_work`` does the same
   for an ``async_sessionmaker``.
2. When the block raises any exception (also a ``BaseException`` such as
   ``KeyboardInterrupt`` or ``asyncio.CancelledError``), or the commit itself fails, the unit
   of work rolls back, commits nothing, and re-raises that same exception object.
3. Every session a function opens is closed before it returns or raises: the units of work
   (on success, on a failing block, on a failing commit), ``add_author``, ``get_author``,
   ``list_authors`` and ``get_author_async`` (also when they raise). No database connection
   is left checked out. (``async with factory.begin()`` is not enough for
   ``async_unit_of_work``: when the commit fails it rolls back but never closes the session.)
4. ``BookDTO`` and ``AuthorDTO`` are frozen dataclasses: assigning a field raises
   ``dataclasses.FrozenInstanceError``, ``AuthorDTO.books`` is a ``tuple`` of ``BookDTO``,
   and DTOs with equal fields compare equal.
5. ``add_author(factory, name, titles)`` inserts the author and their books in one unit of
   work, all or nothing (if any insert fails, none of the rows stays), and returns the new
   author's id as an ``int``.
6. ``get_author(factory, author_id)`` returns the author and their books (ordered by book
   id) as an ``AuthorDTO`` (load or copy the books while the session is open: no
   ``DetachedInstanceError``); it raises ``LookupError`` (e.g. ``KeyError``) when there is no
   such author.
7. ``list_authors(factory)`` returns all authors, ordered by id, as ORM objects whose
   ``name``, ``books`` and the books' titles can be read after the session is closed, all
   loaded in at most 3 SQL statements whatever the number of authors (eagerly, not one query
   per author).
8. ``get_author_async(factory, author_id)`` is ``get_author`` for an ``async_sessionmaker``
   (same result, same ``LookupError``). Async code never lazy-loads: touching an unloaded
   relationship raises ``MissingGreenlet``, so load what you need with loader options
   (``selectinload``).

Example
-------
>>> factory = sessionmaker(engine)
>>> ada = add_author(factory, "Ada", ["Notes", "Sketch"])
>>> get_author(factory, ada)
AuthorDTO(id=1, name='Ada', books=(BookDTO(id=1, title='Notes'), BookDTO(id=2, title='Sketch')))
>>> [book.title for book in list_authors(factory)[0].books]   # no DetachedInstanceError
['Notes', 'Sketch']

Where to start
--------------
``unit_of_work`` first, with ``@contextmanager``: where in the generator does the commit go so
that it runs only when the block succeeded, what must happen to an exception after the
rollback, and what runs in every case? (``sessionmaker.begin()`` is worth a look.) Then the
DTOs, then the queries, using ``select(Author).options(...)`` with a loader option.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager, AbstractContextManager

from sqlalchemy import ForeignKey, String
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    Session,
    mapped_column,
    relationship,
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


class BookDTO:
    """A book, detached from any session. TODO: make this a frozen dataclass."""

    id: int
    title: str


class AuthorDTO:
    """An author with their books, detached from any session. TODO: a frozen dataclass."""

    id: int
    name: str
    books: tuple[BookDTO, ...]


def unit_of_work(factory: sessionmaker[Session]) -> AbstractContextManager[Session]:
    """A new session: commit on success, roll back on error (re-raised), always close.

    Write it as a generator with ``@contextmanager`` (its return annotation then becomes
    ``Iterator[Session]``) or as a class with ``__enter__`` / ``__exit__``.
    """
    raise NotImplementedError


def async_unit_of_work(
    factory: async_sessionmaker[AsyncSession],
) -> AbstractAsyncContextManager[AsyncSession]:
    """The same unit of work for AsyncSession (``@asynccontextmanager``, or a class)."""
    raise NotImplementedError


def add_author(factory: sessionmaker[Session], name: str, titles: Sequence[str]) -> int:
    """Insert an author and their books in one unit of work; return the author's id."""
    raise NotImplementedError


def get_author(factory: sessionmaker[Session], author_id: int) -> AuthorDTO:
    """The author and their books as a DTO; LookupError if there is no such author."""
    raise NotImplementedError


def list_authors(factory: sessionmaker[Session]) -> list[Author]:
    """All authors, ordered by id, with their books loaded eagerly."""
    raise NotImplementedError


async def get_author_async(factory: async_sessionmaker[AsyncSession], author_id: int) -> AuthorDTO:
    """get_author for AsyncSession: no lazy loads."""
    raise NotImplementedError

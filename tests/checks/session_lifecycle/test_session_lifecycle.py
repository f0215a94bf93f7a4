"""Hidden pytest checks for the session_lifecycle kata."""

from __future__ import annotations

import dataclasses
import gc
import warnings
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.exc import IntegrityError, MissingGreenlet, StatementError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import DetachedInstanceError

from katas.session_lifecycle import (
    Author,
    AuthorDTO,
    Base,
    Book,
    BookDTO,
    add_author,
    async_unit_of_work,
    get_author,
    get_author_async,
    list_authors,
    unit_of_work,
)

LIBRARY = {"Ada": ["Notes", "Sketch"], "Grace": ["Compilers"], "Alan": []}


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "library.db"


@pytest.fixture
def engine(db_path: Path) -> Iterator[Engine]:
    engine = create_engine(f"sqlite:///{db_path}")
    Base.metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
async def async_engine(engine: Engine, db_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(f"sqlite+aiosqlite:///{db_path}")
    yield engine
    await engine.dispose()


class Tracked:
    """Sessions made by a tracking factory, and how often each was closed."""

    def __init__(self) -> None:
        self.sessions: list[Any] = []

    def unclosed(self) -> int:
        return sum(1 for s in self.sessions if s.close_calls == 0)


def tracking_factory(engine: Engine) -> tuple[sessionmaker[Session], Tracked]:
    """A plain sessionmaker(engine) whose sessions count their close() calls."""
    tracked = Tracked()

    class TrackingSession(Session):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.close_calls = 0
            tracked.sessions.append(self)

        def close(self) -> None:
            self.close_calls += 1
            super().close()

    return sessionmaker(engine, class_=TrackingSession), tracked


def async_tracking_factory(
    engine: AsyncEngine,
) -> tuple[async_sessionmaker[AsyncSession], Tracked]:
    """A plain async_sessionmaker(engine) whose sessions count their close() calls."""
    tracked = Tracked()

    class TrackingAsyncSession(AsyncSession):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.close_calls = 0
            tracked.sessions.append(self)

        async def close(self) -> None:
            self.close_calls += 1
            await super().close()

    return async_sessionmaker(engine, class_=TrackingAsyncSession), tracked


def seed(engine: Engine, library: dict[str, list[str]] = LIBRARY) -> dict[str, int]:
    """Insert authors and books with a plain session; returns the author ids by name."""
    with Session(engine) as session:
        authors = [
            Author(name=name, books=[Book(title=t) for t in titles])
            for name, titles in library.items()
        ]
        session.add_all(authors)
        session.commit()
        return {a.name: a.id for a in authors}


def snapshot(engine: Engine) -> tuple[list[str], list[str]]:
    """The author names and book titles in the database, read on a fresh connection."""
    with engine.connect() as connection:
        names = list(connection.scalars(select(Author.name).order_by(Author.id)))
        titles = list(connection.scalars(select(Book.title).order_by(Book.id)))
    return names, titles


def assert_all_closed(tracked: Tracked, what: str) -> None:
    assert tracked.sessions, f"{what} should open a session from the factory it is given"
    assert tracked.unclosed() == 0, (
        f"{what} opened {len(tracked.sessions)} session(s) and left {tracked.unclosed()} "
        f"of them unclosed"
    )


def test_unit_of_work_commits_on_success(engine: Engine) -> None:
    """unit_of_work commits when the block succeeds, then closes the session"""
    factory, tracked = tracking_factory(engine)
    with unit_of_work(factory) as session:
        assert isinstance(session, Session), f"expected a Session, got {type(session).__name__}"
        session.add(Author(name="Barbara", books=[Book(title="Clu")]))
    assert snapshot(engine) == (["Barbara"], ["Clu"]), (
        f"after the block the author and book should be committed, found {snapshot(engine)}"
    )
    assert_all_closed(tracked, "unit_of_work")


def test_unit_of_work_rolls_back_and_reraises(engine: Engine) -> None:
    """on an exception unit_of_work rolls back everything, re-raises it and closes"""
    ids = seed(engine)
    before = snapshot(engine)
    factory, tracked = tracking_factory(engine)
    boom = RuntimeError("boom")
    with pytest.raises(RuntimeError) as raised, unit_of_work(factory) as session:  # noqa: PT012
        session.add(Author(name="Ghost", books=[Book(title="Boo")]))
        ada = session.get(Author, ids["Ada"])
        assert ada is not None
        ada.name = "Renamed"
        session.flush()  # the changes reach the database, inside the transaction
        raise boom
    assert raised.value is boom, "the original exception should propagate, not a new one"
    assert snapshot(engine) == before, (
        f"a failed unit of work must leave the database unchanged: expected {before}, "
        f"found {snapshot(engine)}"
    )
    assert_all_closed(tracked, "unit_of_work")


def test_unit_of_work_rolls_back_when_the_commit_fails(engine: Engine) -> None:
    """a commit that fails (a unique name taken) propagates, changes nothing and still closes"""
    seed(engine)
    before = snapshot(engine)
    factory, tracked = tracking_factory(engine)
    with pytest.raises(IntegrityError), unit_of_work(factory) as session:  # noqa: PT012
        session.add(Author(name="Zed", books=[Book(title="Fine")]))
        session.add(Author(name="Ada"))  # violates the unique name when flushed
    assert snapshot(engine) == before, (
        f"nothing from the failed unit of work may be committed: expected {before}, "
        f"found {snapshot(engine)}"
    )
    assert_all_closed(tracked, "unit_of_work")


def test_add_author_returns_the_new_id(engine: Engine) -> None:
    """add_author inserts the author and the books in one unit of work and returns the id"""
    factory, tracked = tracking_factory(engine)
    try:
        new_id = add_author(factory, "Barbara", ["Clu", "Argus"])
    except DetachedInstanceError as error:
        pytest.fail(f"read the id before the session closes (flush), got {error!r}")
    assert isinstance(new_id, int), f"expected an int id, got {new_id!r}"
    with Session(engine) as check:
        author = check.get(Author, new_id)
        assert author is not None, f"no author with the returned id {new_id}"
        got = (author.name, [b.title for b in author.books])
    assert got == ("Barbara", ["Clu", "Argus"]), f"expected Barbara with 2 books, found {got}"
    assert_all_closed(tracked, "add_author")


def test_add_author_failure_leaves_no_books(engine: Engine) -> None:
    """a failing add_author (name taken) inserts none of its books"""
    seed(engine)
    before = snapshot(engine)
    factory, tracked = tracking_factory(engine)
    with pytest.raises(IntegrityError):
        add_author(factory, "Ada", ["Orphan"])
    assert snapshot(engine) == before, (
        f"a failed add_author must not leave rows behind: expected {before}, "
        f"found {snapshot(engine)}"
    )
    assert_all_closed(tracked, "add_author")


def test_get_author_returns_a_frozen_dto(engine: Engine) -> None:
    """get_author returns a frozen AuthorDTO with its books, readable after the session closes"""
    ids = seed(engine)
    factory, tracked = tracking_factory(engine)
    dto = get_author(factory, ids["Ada"])
    notes, sketch = BookDTO(id=1, title="Notes"), BookDTO(id=2, title="Sketch")
    expected = AuthorDTO(id=ids["Ada"], name="Ada", books=(notes, sketch))
    assert dto == expected, f"expected {expected}, got {dto}"
    assert dataclasses.is_dataclass(dto), "AuthorDTO should be a dataclass"
    with pytest.raises(dataclasses.FrozenInstanceError):
        dto.name = "Changed"  # type: ignore[misc]
    assert isinstance(dto.books, tuple), f"books should be a tuple, got {type(dto.books)}"
    assert get_author(factory, ids["Alan"]).books == (), "an author without books has books=()"
    with pytest.raises(LookupError):
        get_author(factory, 999)
    assert_all_closed(tracked, "get_author")


def test_list_authors_can_be_read_after_the_session_closes(engine: Engine) -> None:
    """list_authors returns authors whose books are loaded: no DetachedInstanceError later"""
    library = {f"author {n}": [f"book {n}.{k}" for k in range(n % 3)] for n in range(10)}
    seed(engine, library)
    statements: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    factory, tracked = tracking_factory(engine)
    event.listen(engine, "before_cursor_execute", count)
    try:
        authors = list_authors(factory)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert_all_closed(tracked, "list_authors")
    try:
        got = {author.name: [book.title for book in author.books] for author in authors}
    except DetachedInstanceError as error:
        pytest.fail(
            f"reading author.name / author.books after list_authors returned raised "
            f"DetachedInstanceError ({str(error).split(' (Background')[0]}): load the books "
            f"eagerly, and do not expire the objects by committing a read"
        )
    assert got == library, f"expected every author with their books, got {got}"
    assert [a.name for a in authors] == list(library), "authors should be ordered by id"
    assert len(statements) <= 3, (
        f"loading 10 authors and their books took {len(statements)} SQL statements; eager "
        f"loading needs at most 2 or 3, not one query per author"
    )


async def test_async_unit_of_work_commits_on_success(
    engine: Engine, async_engine: AsyncEngine
) -> None:
    """async_unit_of_work commits when the block succeeds, then closes the session"""
    factory, tracked = async_tracking_factory(async_engine)
    async with async_unit_of_work(factory) as session:
        assert isinstance(session, AsyncSession), (
            f"expected an AsyncSession, got {type(session).__name__}"
        )
        session.add(Author(name="Barbara", books=[Book(title="Clu")]))
    assert snapshot(engine) == (["Barbara"], ["Clu"]), (
        f"after the block the author and book should be committed, found {snapshot(engine)}"
    )
    assert_all_closed(tracked, "async_unit_of_work")


async def test_async_unit_of_work_rolls_back_and_reraises(
    engine: Engine, async_engine: AsyncEngine
) -> None:
    """on an exception async_unit_of_work rolls back, re-raises it and closes"""
    seed(engine)
    before = snapshot(engine)
    factory, tracked = async_tracking_factory(async_engine)
    boom = ValueError("boom")
    with pytest.raises(ValueError) as raised:  # noqa: PT011, PT012
        async with async_unit_of_work(factory) as session:
            session.add(Author(name="Ghost", books=[Book(title="Boo")]))
            await session.flush()
            raise boom
    assert raised.value is boom, "the original exception should propagate, not a new one"
    assert snapshot(engine) == before, (
        f"a failed unit of work must leave the database unchanged: expected {before}, "
        f"found {snapshot(engine)}"
    )
    assert_all_closed(tracked, "async_unit_of_work")


async def test_get_author_async_loads_without_lazy_loading(
    engine: Engine, async_engine: AsyncEngine
) -> None:
    """get_author_async returns the AuthorDTO with books, with no MissingGreenlet"""
    ids = seed(engine)
    factory, tracked = async_tracking_factory(async_engine)
    lazy_loaded = False
    try:
        dto = await get_author_async(factory, ids["Grace"])
    except (MissingGreenlet, StatementError) as error:
        if isinstance(error, StatementError) and not isinstance(error.orig, MissingGreenlet):
            raise
        lazy_loaded = True
    if lazy_loaded:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            gc.collect()  # the refused lazy load leaves an un-awaited driver coroutine behind
        pytest.fail(
            "MissingGreenlet: something was lazy-loaded inside async code (author.books?); "
            "load the books with a loader option such as selectinload"
        )
    expected = AuthorDTO(id=ids["Grace"], name="Grace", books=(BookDTO(id=3, title="Compilers"),))
    assert dto == expected, f"expected {expected}, got {dto}"
    with pytest.raises(LookupError):
        await get_author_async(factory, 999)
    assert_all_closed(tracked, "get_author_async")

"""Hidden pytest checks for the session_lifecycle kata.

The engines use NullPool: a connection returned to the pool is closed at once, so the leak
guard (``no_leaks``) sees exactly the connections a session still holds.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import gc
import warnings
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, event, select, text
from sqlalchemy.exc import IntegrityError, MissingGreenlet, StatementError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import DetachedInstanceError
from sqlalchemy.pool import NullPool

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
from pykata.leaks import no_leaks

LIBRARY = {"Ada": ["Notes", "Sketch"], "Grace": ["Compilers"], "Alan": []}
# the trigger that makes one book insert fail inside the database itself
REFUSED_TITLE = "Refused"
REFUSE_TRIGGER = f"""
CREATE TRIGGER refuse_book BEFORE INSERT ON books WHEN NEW.title = '{REFUSED_TITLE}'
BEGIN SELECT RAISE(ABORT, 'this book is refused'); END
"""


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "library.db"


@pytest.fixture
def engine(db_path: Path) -> Iterator[Engine]:
    engine = create_engine(f"sqlite:///{db_path}", poolclass=NullPool)
    Base.metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(text(REFUSE_TRIGGER))
    yield engine
    engine.dispose()


@pytest.fixture
async def async_engine(engine: Engine, db_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(f"sqlite+aiosqlite:///{db_path}", poolclass=NullPool)
    yield engine
    await engine.dispose()


class Tracked:
    """Sessions made by a tracking factory, and how often each was closed."""

    def __init__(self) -> None:
        self.sessions: list[Any] = []

    def unclosed(self) -> int:
        return sum(1 for s in self.sessions if s.close_calls == 0)

    def close_all(self) -> None:
        """Close what the code under test left open, so nothing leaks into the next check."""
        for session in self.sessions:
            session.close()
        gc.collect()


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


async def close_all_async(tracked: Tracked) -> None:
    for session in tracked.sessions:
        await session.close()
    gc.collect()


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


class Boom(BaseException):
    """Not an Exception: like KeyboardInterrupt, it skips `except Exception` handlers."""


# --- rule 1: commit on success ----------------------------------------------------------------


@pytest.mark.rule(1)
def test_unit_of_work_commits_on_success(engine: Engine) -> None:
    """unit_of_work commits when the block succeeds"""
    factory, tracked = tracking_factory(engine)
    try:
        with unit_of_work(factory) as session:
            assert isinstance(session, Session), f"expected a Session, got {type(session).__name__}"
            session.add(Author(name="Barbara", books=[Book(title="Clu")]))
        with unit_of_work(factory) as session:
            session.add(Author(name="Edsger"))
            session.flush()  # nothing is pending any more, but nothing is committed yet
        assert snapshot(engine) == (["Barbara", "Edsger"], ["Clu"]), (
            f"after the blocks the authors and book should be committed (also what a block "
            f"already flushed), found {snapshot(engine)}"
        )
    finally:
        tracked.close_all()


@pytest.mark.rule(1)
def test_unit_of_work_opens_a_new_session_each_time(engine: Engine) -> None:
    """each use of unit_of_work gets its own new session from the factory"""
    factory, tracked = tracking_factory(engine)
    try:
        with unit_of_work(factory) as first:
            first.add(Author(name="Barbara"))
        with unit_of_work(factory) as second:
            second.add(Author(name="Edsger"))
        assert first is not second, "two units of work shared one session"
        assert all(session in tracked.sessions for session in (first, second)), (
            "unit_of_work should yield sessions made by the factory it is given"
        )
        assert snapshot(engine)[0] == ["Barbara", "Edsger"], (
            f"both units of work should be committed, found {snapshot(engine)[0]}"
        )
    finally:
        tracked.close_all()


@pytest.mark.rule(1)
async def test_async_unit_of_work_commits_on_success(
    engine: Engine, async_engine: AsyncEngine
) -> None:
    """async_unit_of_work commits when the block succeeds"""
    factory, tracked = async_tracking_factory(async_engine)
    try:
        async with async_unit_of_work(factory) as session:
            assert isinstance(session, AsyncSession), (
                f"expected an AsyncSession, got {type(session).__name__}"
            )
            session.add(Author(name="Barbara", books=[Book(title="Clu")]))
        async with async_unit_of_work(factory) as second:
            second.add(Author(name="Edsger"))
            await second.flush()  # nothing is pending any more, but nothing is committed yet
        assert session is not second, "two async units of work shared one session"
        assert snapshot(engine) == (["Barbara", "Edsger"], ["Clu"]), (
            f"after the blocks the authors and book should be committed (also what a block "
            f"already flushed), found {snapshot(engine)}"
        )
    finally:
        await close_all_async(tracked)


# --- rule 2: roll back and re-raise -----------------------------------------------------------


@pytest.mark.rule(2)
def test_unit_of_work_rolls_back_and_reraises(engine: Engine) -> None:
    """on an exception unit_of_work rolls back everything and re-raises that same exception"""
    ids = seed(engine)
    before = snapshot(engine)
    factory, tracked = tracking_factory(engine)
    boom = RuntimeError("boom")
    try:
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
    finally:
        tracked.close_all()


@pytest.mark.rule(2)
@pytest.mark.parametrize("error", [KeyboardInterrupt(), Boom()], ids=["KeyboardInterrupt", "Boom"])
def test_unit_of_work_rolls_back_on_any_exception(engine: Engine, error: BaseException) -> None:
    """a BaseException (KeyboardInterrupt, ...) in the block is rolled back and re-raised too"""
    seed(engine)
    before = snapshot(engine)
    factory, tracked = tracking_factory(engine)
    try:
        with pytest.raises(type(error)) as raised, unit_of_work(factory) as session:  # noqa: PT012
            session.add(Author(name="Ghost", books=[Book(title="Boo")]))
            session.flush()
            raise error
        assert raised.value is error, "the original exception should propagate, not a new one"
        assert not session.in_transaction(), (
            f"after {type(error).__name__} the session is still in its transaction: roll it back"
        )
        assert snapshot(engine) == before, (
            f"a unit of work interrupted by {type(error).__name__} must commit nothing: expected "
            f"{before}, found {snapshot(engine)}"
        )
    finally:
        tracked.close_all()


@pytest.mark.rule(2)
def test_unit_of_work_rolls_back_when_the_commit_fails(engine: Engine) -> None:
    """a commit that fails (a unique name taken) propagates and changes nothing"""
    seed(engine)
    before = snapshot(engine)
    factory, tracked = tracking_factory(engine)
    try:
        with pytest.raises(IntegrityError), unit_of_work(factory) as session:  # noqa: PT012
            session.add(Author(name="Zed", books=[Book(title="Fine")]))
            session.add(Author(name="Ada"))  # violates the unique name when flushed
        assert snapshot(engine) == before, (
            f"nothing from the failed unit of work may be committed: expected {before}, "
            f"found {snapshot(engine)}"
        )
    finally:
        tracked.close_all()


@pytest.mark.rule(2)
@pytest.mark.parametrize(
    "error", [ValueError("boom"), asyncio.CancelledError()], ids=["ValueError", "CancelledError"]
)
async def test_async_unit_of_work_rolls_back_and_reraises(
    engine: Engine, async_engine: AsyncEngine, error: BaseException
) -> None:
    """on an exception (also a cancellation) async_unit_of_work rolls back and re-raises it"""
    seed(engine)
    before = snapshot(engine)
    factory, tracked = async_tracking_factory(async_engine)
    try:
        with pytest.raises(type(error)) as raised:  # noqa: PT012
            async with async_unit_of_work(factory) as session:
                session.add(Author(name="Ghost", books=[Book(title="Boo")]))
                await session.flush()
                raise error
        assert raised.value is error, "the original exception should propagate, not a new one"
        assert not session.in_transaction(), (
            f"after {type(error).__name__} the session is still in its transaction: roll it back"
        )
        assert snapshot(engine) == before, (
            f"a failed unit of work must leave the database unchanged: expected {before}, "
            f"found {snapshot(engine)}"
        )
    finally:
        await close_all_async(tracked)


@pytest.mark.rule(2)
async def test_async_unit_of_work_rolls_back_when_the_commit_fails(
    engine: Engine, async_engine: AsyncEngine
) -> None:
    """a failing async commit (a unique name taken) propagates as is and changes nothing"""
    seed(engine)
    before = snapshot(engine)
    factory, tracked = async_tracking_factory(async_engine)
    try:
        with pytest.raises(IntegrityError):  # noqa: PT012
            async with async_unit_of_work(factory) as session:
                session.add(Author(name="Zed", books=[Book(title="Fine")]))
                session.add(Author(name="Ada"))  # violates the unique name when flushed
        assert snapshot(engine) == before, (
            f"nothing from the failed unit of work may be committed: expected {before}, "
            f"found {snapshot(engine)}"
        )
    finally:
        await close_all_async(tracked)


# --- rule 3: every session closed, no connection left checked out ------------------------------


def uow_success(factory: sessionmaker[Session], ids: dict[str, int]) -> None:
    with unit_of_work(factory) as session:
        session.add(Author(name="Barbara"))


def uow_failing_block(factory: sessionmaker[Session], ids: dict[str, int]) -> None:
    with unit_of_work(factory) as session:
        session.execute(select(Author))  # the session now holds a connection
        raise LookupError("the block failed")


def uow_failing_commit(factory: sessionmaker[Session], ids: dict[str, int]) -> None:
    with unit_of_work(factory) as session:
        session.add(Author(name="Ada"))  # the name is taken: the commit fails


def uow_interrupted(factory: sessionmaker[Session], ids: dict[str, int]) -> None:
    with contextlib.suppress(Boom), unit_of_work(factory) as session:
        session.execute(select(Author))
        raise Boom  # not an Exception, like KeyboardInterrupt


# each call, on success and on its failure paths (the failures raise; that is expected here)
SYNC_CALLS: dict[str, Callable[[sessionmaker[Session], dict[str, int]], object]] = {
    "unit_of_work": uow_success,
    "unit_of_work_failing_block": uow_failing_block,
    "unit_of_work_failing_commit": uow_failing_commit,
    "unit_of_work_interrupted": uow_interrupted,
    "add_author": lambda f, ids: add_author(f, "Barbara", ["Clu"]),
    "add_author_name_taken": lambda f, ids: add_author(f, "Ada", ["Clu"]),
    "add_author_book_refused": lambda f, ids: add_author(f, "Barbara", [REFUSED_TITLE]),
    "get_author": lambda f, ids: get_author(f, ids["Ada"]),
    "get_author_missing": lambda f, ids: get_author(f, 999),
    "list_authors": lambda f, ids: list_authors(f),
}


@pytest.mark.rule(3)
@pytest.mark.parametrize("call", list(SYNC_CALLS))
def test_every_session_is_closed(engine: Engine, call: str) -> None:
    """every session opened is closed and its connection returned, on success and on failure"""
    ids = seed(engine)
    action = SYNC_CALLS[call]
    factory, tracked = tracking_factory(engine)
    try:
        with no_leaks(), contextlib.suppress(Exception):  # errors are other checks' business
            action(factory, ids)
        assert_all_closed(tracked, call)
    finally:
        tracked.close_all()


async def async_uow_success(factory: async_sessionmaker[AsyncSession], ids: dict[str, int]) -> None:
    async with async_unit_of_work(factory) as session:
        session.add(Author(name="Barbara"))


async def async_uow_failing_block(
    factory: async_sessionmaker[AsyncSession], ids: dict[str, int]
) -> None:
    async with async_unit_of_work(factory) as session:
        await session.execute(select(Author))
        raise LookupError("the block failed")


async def async_uow_failing_commit(
    factory: async_sessionmaker[AsyncSession], ids: dict[str, int]
) -> None:
    async with async_unit_of_work(factory) as session:
        session.add(Author(name="Ada"))


async def async_uow_cancelled(
    factory: async_sessionmaker[AsyncSession], ids: dict[str, int]
) -> None:
    """A task cancelled while it waits inside the block (CancelledError is not an Exception)."""
    inside = asyncio.Event()

    async def work() -> None:
        async with async_unit_of_work(factory) as session:
            await session.execute(select(Author))
            inside.set()
            await asyncio.Event().wait()  # waits until cancelled

    task = asyncio.create_task(work())
    entered = asyncio.create_task(inside.wait())
    await asyncio.wait({task, entered}, return_when=asyncio.FIRST_COMPLETED)
    entered.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await entered
    if task.done():
        await task  # it failed before the block was entered: its error fails the check
        return
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def async_get(factory: async_sessionmaker[AsyncSession], ids: dict[str, int]) -> None:
    await get_author_async(factory, ids["Ada"])


async def async_get_missing(factory: async_sessionmaker[AsyncSession], ids: dict[str, int]) -> None:
    await get_author_async(factory, 999)


ASYNC_CALLS: dict[
    str, Callable[[async_sessionmaker[AsyncSession], dict[str, int]], Awaitable[None]]
] = {
    "async_unit_of_work": async_uow_success,
    "async_unit_of_work_failing_block": async_uow_failing_block,
    "async_unit_of_work_failing_commit": async_uow_failing_commit,
    "async_unit_of_work_cancelled": async_uow_cancelled,
    "get_author_async": async_get,
    "get_author_async_missing": async_get_missing,
}


@pytest.mark.rule(3)
@pytest.mark.parametrize("call", list(ASYNC_CALLS))
async def test_every_async_session_is_closed(
    engine: Engine, async_engine: AsyncEngine, call: str
) -> None:
    """every async session opened is closed and its connection returned, also on failure"""
    ids = seed(engine)
    action = ASYNC_CALLS[call]
    factory, tracked = async_tracking_factory(async_engine)
    try:
        async with no_leaks():
            with contextlib.suppress(Exception):  # errors are other checks' business
                await action(factory, ids)
        assert_all_closed(tracked, call)
    finally:
        await close_all_async(tracked)


# --- rule 4: frozen DTOs ----------------------------------------------------------------------


@pytest.mark.rule(4)
def test_dtos_are_frozen_value_objects() -> None:
    """BookDTO and AuthorDTO are frozen dataclasses compared by value, books a tuple"""
    book = BookDTO(id=1, title="Notes")
    author = AuthorDTO(id=1, name="Ada", books=(book,))
    for dto in (book, author):
        assert dataclasses.is_dataclass(dto), f"{type(dto).__name__} should be a dataclass"
    with pytest.raises(dataclasses.FrozenInstanceError):
        author.name = "Changed"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        book.title = "Changed"  # type: ignore[misc]
    assert author == AuthorDTO(id=1, name="Ada", books=(BookDTO(id=1, title="Notes"),)), (
        "two AuthorDTOs with equal fields should compare equal"
    )
    assert author != AuthorDTO(id=1, name="Ada", books=()), "DTOs with other books are not equal"


@pytest.mark.rule(4)
def test_get_author_returns_a_frozen_dto(engine: Engine) -> None:
    """get_author returns a frozen AuthorDTO whose books are a tuple of BookDTO"""
    ids = seed(engine)
    factory, tracked = tracking_factory(engine)
    try:
        dto = get_author(factory, ids["Ada"])
    finally:
        tracked.close_all()
    assert isinstance(dto, AuthorDTO), f"expected an AuthorDTO, got {type(dto).__name__}"
    with pytest.raises(dataclasses.FrozenInstanceError):
        dto.name = "Changed"  # type: ignore[misc]
    assert isinstance(dto.books, tuple), f"books should be a tuple, got {type(dto.books)}"
    assert all(isinstance(book, BookDTO) for book in dto.books), (
        f"books should hold BookDTOs, got {[type(b).__name__ for b in dto.books]}"
    )


# --- rule 5: add_author -----------------------------------------------------------------------


@pytest.mark.rule(5)
def test_add_author_returns_the_new_id(engine: Engine) -> None:
    """add_author inserts the author and the books and returns the new id"""
    factory, tracked = tracking_factory(engine)
    try:
        try:
            new_id = add_author(factory, "Barbara", ["Clu", "Argus"])
        except DetachedInstanceError as error:
            pytest.fail(f"read the id before the session closes (flush), got {error!r}")
    finally:
        tracked.close_all()
    assert isinstance(new_id, int), f"expected an int id, got {new_id!r}"
    with Session(engine) as check:
        author = check.get(Author, new_id)
        assert author is not None, f"no author with the returned id {new_id}"
        got = (author.name, [b.title for b in author.books])
    assert got == ("Barbara", ["Clu", "Argus"]), f"expected Barbara with 2 books, found {got}"


@pytest.mark.rule(5)
def test_add_author_failure_leaves_no_books(engine: Engine) -> None:
    """a failing add_author (name taken) inserts none of its books"""
    seed(engine)
    before = snapshot(engine)
    factory, tracked = tracking_factory(engine)
    try:
        with pytest.raises(IntegrityError):
            add_author(factory, "Ada", ["Orphan"])
    finally:
        tracked.close_all()
    assert snapshot(engine) == before, (
        f"a failed add_author must not leave rows behind: expected {before}, "
        f"found {snapshot(engine)}"
    )


@pytest.mark.rule(5)
def test_add_author_is_all_or_nothing(engine: Engine) -> None:
    """when one book cannot be inserted, the author and the other books are not kept either"""
    seed(engine)
    before = snapshot(engine)
    factory, tracked = tracking_factory(engine)
    try:
        with pytest.raises(IntegrityError, match="refused"):
            add_author(factory, "Barbara", ["Clu", REFUSED_TITLE, "Argus"])
    finally:
        tracked.close_all()
    assert snapshot(engine) == before, (
        f"the database refused one of the books, so nothing of add_author may stay: expected "
        f"{before}, found {snapshot(engine)} (insert the author and the books in one unit of "
        f"work)"
    )


# --- rule 6: get_author -----------------------------------------------------------------------


@pytest.mark.rule(6)
def test_get_author_returns_the_author_with_books(engine: Engine) -> None:
    """get_author returns the author with their books ordered by id; LookupError if unknown"""
    ids = seed(engine, {"Ada": ["Sketch", "Notes", "Analysis"], "Alan": []})
    factory, tracked = tracking_factory(engine)
    try:
        dto = get_author(factory, ids["Ada"])
        expected = AuthorDTO(
            id=ids["Ada"],
            name="Ada",
            books=(
                BookDTO(id=1, title="Sketch"),
                BookDTO(id=2, title="Notes"),
                BookDTO(id=3, title="Analysis"),
            ),
        )
        assert dto == expected, f"expected {expected} (books ordered by id), got {dto}"
        alan = get_author(factory, ids["Alan"])
        assert alan == AuthorDTO(id=ids["Alan"], name="Alan", books=()), (
            f"an author without books has books=(), got {alan}"
        )
        with pytest.raises(LookupError):
            get_author(factory, 999)
    finally:
        tracked.close_all()


# --- rule 7: list_authors ---------------------------------------------------------------------


@pytest.mark.rule(7)
def test_list_authors_can_be_read_after_the_session_closes(engine: Engine) -> None:
    """list_authors returns authors whose books are loaded: no DetachedInstanceError later"""
    # names in reverse alphabetical order: ordering by name is not ordering by id
    library = {f"author {9 - n}": [f"book {n}.{k}" for k in range(n % 3)] for n in range(10)}
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
        tracked.close_all()
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


# --- rule 8: get_author_async -----------------------------------------------------------------


@pytest.mark.rule(8)
async def test_get_author_async_loads_without_lazy_loading(
    engine: Engine, async_engine: AsyncEngine
) -> None:
    """get_author_async returns the AuthorDTO with books, with no MissingGreenlet"""
    ids = seed(engine, {**LIBRARY, "Edsger": ["Go To", "A Discipline", "EWD"]})
    factory, tracked = async_tracking_factory(async_engine)
    lazy_loaded = False
    try:
        try:
            dto = await get_author_async(factory, ids["Edsger"])
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
        expected = AuthorDTO(
            id=ids["Edsger"],
            name="Edsger",
            books=(
                BookDTO(id=4, title="Go To"),
                BookDTO(id=5, title="A Discipline"),
                BookDTO(id=6, title="EWD"),
            ),
        )
        assert dto == expected, f"expected {expected}, got {dto}"
        alan = await get_author_async(factory, ids["Alan"])
        assert alan == AuthorDTO(id=ids["Alan"], name="Alan", books=()), (
            f"an author without books has books=(), got {alan}"
        )
        with pytest.raises(LookupError):
            await get_author_async(factory, 999)
    finally:
        await close_all_async(tracked)

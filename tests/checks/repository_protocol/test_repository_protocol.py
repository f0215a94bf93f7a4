"""Hidden checks for the repository_protocol kata.

One behavioural contract, run against both implementations: every test that takes ``kind``
builds a fresh repository (a fresh in-memory SQLite database for the SQLAlchemy one).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, event, text
from sqlalchemy.orm import Session

from katas.repository_protocol import (
    Base,
    Catalog,
    InMemoryRepository,
    Item,
    ItemNotFoundError,
    Repository,
    SqlAlchemyRepository,
)

KINDS = ["in_memory", "sqlalchemy"]


def reverse_unordered_selects(dbapi_connection: Any, connection_record: Any) -> None:
    dbapi_connection.execute("PRAGMA reverse_unordered_selects = ON")


@contextmanager
def database_session() -> Iterator[Session]:
    """A session on a brand-new in-memory SQLite database with the kata's tables.

    SQLite returns the rows of a query without ORDER BY in reverse order here, so a
    ``list_all`` that does not ask for an order shows.
    """
    engine = create_engine("sqlite://")
    event.listen(engine, "connect", reverse_unordered_selects)
    try:
        Base.metadata.create_all(engine)
        with Session(engine) as session:
            yield session
    finally:
        engine.dispose()


@contextmanager
def fresh_repository(kind: str) -> Iterator[Repository[Item]]:
    if kind == "in_memory":
        yield InMemoryRepository[Item]()
    elif kind == "third":
        yield DictRepository()
    else:
        with database_session() as session:
            yield SqlAlchemyRepository(session, Item)


@pytest.fixture(params=KINDS)
def repo(request: pytest.FixtureRequest) -> Iterator[Repository[Item]]:
    with fresh_repository(request.param) as repository:
        yield repository


def row(item: Item) -> tuple[str, int]:
    return (item.name, item.price_cents)


# the explain phase re-runs failing examples many times; the shrunk example is enough
NO_EXPLAIN = [Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink]


# --- the contract, for both implementations -------------------------------------------------


@pytest.mark.rule(2)
def test_add_assigns_an_id(repo: Repository[Item]) -> None:
    """add() stores the item and returns it with an integer id"""
    stored = repo.add(Item(name="lamp", price_cents=1999))
    assert isinstance(stored.id, int), f"expected an int id after add(), got {stored.id!r}"
    assert row(stored) == ("lamp", 1999), f"add() returned a different item: {row(stored)}"


@pytest.mark.rule(2)
def test_ids_are_distinct(repo: Repository[Item]) -> None:
    """every added item gets its own id"""
    ids = [repo.add(Item(name=f"item {n}", price_cents=n)).id for n in range(5)]
    assert len(set(ids)) == 5, f"expected 5 distinct ids for 5 items, got {ids}"


@pytest.mark.rule(2)
def test_get_returns_the_stored_item(repo: Repository[Item]) -> None:
    """get(id) returns the item with that id, and None for an unknown id"""
    lamp = repo.add(Item(name="lamp", price_cents=1999)).id
    desk = repo.add(Item(name="desk", price_cents=25000)).id
    found = repo.get(desk)
    assert found is not None, f"get({desk}) returned None right after adding that item"
    assert row(found) == ("desk", 25000), f"get({desk}) returned {row(found)}"
    missing = max(lamp, desk) + 1000
    assert repo.get(missing) is None, f"get({missing}) of an id never added should be None"


@pytest.mark.rule(2)
def test_list_all_is_ordered_by_id(repo: Repository[Item]) -> None:
    """list_all() returns every item, ordered by id (and [] when empty)"""
    assert repo.list_all() == [], "expected [] from an empty repository"
    names = ["c", "a", "b"]
    for name in names:
        repo.add(Item(name=name, price_cents=1))
    listed = repo.list_all()
    ids = [item.id for item in listed]
    assert ids == sorted(ids), f"expected items ordered by id, got ids {ids}"
    assert [item.name for item in listed] == names, (
        f"expected the items added ({names}), got {[item.name for item in listed]}"
    )


@pytest.mark.rule(2)
def test_delete_removes_only_that_item(repo: Repository[Item]) -> None:
    """delete(id) removes that item and returns True; deleting it again returns False"""
    keep = repo.add(Item(name="keep", price_cents=1)).id
    drop = repo.add(Item(name="drop", price_cents=2)).id
    assert repo.delete(drop) is True, "expected delete() of a stored item to return True"
    assert repo.get(drop) is None, "the deleted item can still be fetched with get()"
    assert repo.delete(drop) is False, "expected a second delete() of the same id to return False"
    assert [item.id for item in repo.list_all()] == [keep], (
        "expected only the other item to remain after delete()"
    )


# operations for the model-based property: (op, name, price, pick) where pick chooses a known
# id by index or, when None, an id that was never handed out
OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(["add", "get", "delete", "list"]),
        st.text(min_size=1, max_size=10),
        st.integers(min_value=0, max_value=10**6),
        st.none() | st.integers(min_value=0, max_value=20),
    ),
    max_size=25,
)


@pytest.mark.rule(2)
@pytest.mark.parametrize("kind", KINDS)
@settings(max_examples=40, phases=NO_EXPLAIN)
@given(operations=OPERATIONS)
def test_behaves_like_a_dict(kind: str, operations: list[tuple[str, str, int, int | None]]) -> None:
    """any sequence of add/get/delete/list_all behaves like a dict keyed by id"""
    model: dict[int, tuple[str, int]] = {}
    handed_out: list[int] = []
    with fresh_repository(kind) as repository:
        for op, name, price, pick in operations:
            if pick is None or not handed_out:
                target = max(handed_out, default=0) + 1000
            else:
                target = handed_out[pick % len(handed_out)]
            if op == "add":
                item = repository.add(Item(name=name, price_cents=price))
                assert item.id not in model, f"add() reused id {item.id} of a stored item"
                model[item.id] = (name, price)
                handed_out.append(item.id)
            elif op == "get":
                found = repository.get(target)
                got = None if found is None else row(found)
                assert got == model.get(target), (
                    f"get({target}) returned {got}, expected {model.get(target)} after {operations}"
                )
            elif op == "delete":
                deleted = repository.delete(target)
                expected = model.pop(target, None) is not None
                assert deleted is expected, (
                    f"delete({target}) returned {deleted}, expected {expected} after {operations}"
                )
            listed = [(item.id, row(item)) for item in repository.list_all()]
            assert listed == sorted(model.items()), (
                f"list_all() gave {listed}, expected {sorted(model.items())} after {operations}"
            )


# --- implementation specifics ----------------------------------------------------------------


@pytest.mark.rule(3)
def test_in_memory_repositories_do_not_share_items() -> None:
    """two InMemoryRepository instances keep separate items"""
    first = InMemoryRepository[Item]()
    second = InMemoryRepository[Item]()
    first.add(Item(name="only in first", price_cents=1))
    assert second.list_all() == [], (
        "an item added to one InMemoryRepository showed up in another: is the storage a "
        "class attribute instead of being created in __init__?"
    )


@pytest.mark.rule(3)
def test_in_memory_ids_count_up_and_are_never_reused() -> None:
    """InMemoryRepository numbers items 1, 2, 3, ... and never gives an id out twice"""
    repository = InMemoryRepository[Item]()
    ids = [repository.add(Item(name=name, price_cents=1)).id for name in "abc"]
    assert ids == [1, 2, 3], f"expected the first three items to get ids [1, 2, 3], got {ids}"
    repository.delete(3)  # the highest id so far
    repository.delete(1)
    later = [repository.add(Item(name=name, price_cents=1)).id for name in "de"]
    assert later == [4, 5], (
        f"after deleting ids 3 and 1, the next two items should get ids [4, 5], got {later}: "
        "an id, once given, is never given again"
    )
    fresh = InMemoryRepository[Item]().add(Item(name="first", price_cents=1)).id
    assert fresh == 1, f"a new InMemoryRepository should start again at id 1, got {fresh}"


@pytest.mark.rule(4)
def test_sql_repository_uses_the_table() -> None:
    """SqlAlchemyRepository writes rows to the items table and reads rows written by others"""
    with database_session() as session:
        repository = SqlAlchemyRepository(session, Item)
        lamp = Item(name="lamp", price_cents=1999)
        added = repository.add(lamp)
        assert isinstance(lamp.id, int), (
            f"right after add() the item should carry its database id, got {lamp.id!r}: "
            "session.add() alone does not INSERT, flush() does (and merge() leaves the item "
            "you passed without an id)"
        )
        assert added.id == lamp.id, f"add() returned id {added.id}, the item has id {lamp.id}"
        rows = session.execute(text("SELECT id, name, price_cents FROM items")).all()
        assert [tuple(r) for r in rows] == [(lamp.id, "lamp", 1999)], (
            f"expected the added item as a row of the items table right after add(), got {rows}"
        )
        other = session.execute(
            text("INSERT INTO items (name, price_cents) VALUES ('desk', 25000) RETURNING id")
        ).scalar_one()
        found = repository.get(other)
        assert found is not None, "get() did not find a row inserted into the table directly"
        assert row(found) == ("desk", 25000), f"get() returned {row(found)} for the desk row"
        assert [item.id for item in repository.list_all()] == sorted([added.id, other]), (
            "list_all() does not list every row of the table"
        )
        repository.delete(added.id)
        left = session.execute(text("SELECT id FROM items")).scalars().all()
        assert left == [other], f"expected only the desk row after delete(), the table has {left}"


@pytest.mark.rule(5)
def test_sql_repository_leaves_the_transaction_to_the_caller() -> None:
    """SqlAlchemyRepository flushes but never commits: the caller's rollback undoes its work"""
    with database_session() as session:
        repository = SqlAlchemyRepository(session, Item)
        kept = repository.add(Item(name="kept", price_cents=1)).id
        session.commit()
        undone = repository.add(Item(name="undone", price_cents=2)).id
        missing = undone + 1000
        assert repository.get(missing) is None, f"get({missing}) of an unknown id should be None"
        assert repository.delete(missing) is False, f"delete({missing}) should return False"
        pending = session.execute(text("SELECT name FROM items ORDER BY id")).scalars().all()
        assert pending == ["kept", "undone"], (
            f"after add() and a get()/delete() of an unknown id the session should still hold "
            f"the added row, the table holds {pending}: the repository must not roll back"
        )
        repository.delete(kept)
        session.rollback()
        names = session.execute(text("SELECT name FROM items")).scalars().all()
        assert names == ["kept"], (
            f"expected rollback() to undo an add() and a delete(), the table holds {names}: "
            "the repository must not commit, the caller owns the transaction"
        )


# --- the service -----------------------------------------------------------------------------


class DictRepository:
    """A third implementation, written here: the Catalog must work with it too."""

    def __init__(self) -> None:
        self.items: dict[int, Item] = {}
        self.calls: list[str] = []

    def add(self, item: Item) -> Item:
        self.calls.append("add")
        item.id = 100 + len(self.items)
        self.items[item.id] = item
        return item

    def get(self, item_id: int) -> Item | None:
        self.calls.append("get")
        return self.items.get(item_id)

    def list_all(self) -> list[Item]:
        self.calls.append("list_all")
        return [self.items[key] for key in sorted(self.items)]

    def delete(self, item_id: int) -> bool:
        self.calls.append("delete")
        return self.items.pop(item_id, None) is not None


def exercise_catalog(catalog: Catalog) -> None:
    lamp = catalog.add_item("lamp", 1999)
    desk = catalog.add_item("desk", 25000)
    assert isinstance(lamp.id, int), f"add_item() should return the stored item, got {lamp!r}"
    assert catalog.price_of(desk.id) == 25000, "price_of() did not return the item's price"
    assert catalog.total_cents() == 26999, (
        f"expected total_cents() == 26999, got {catalog.total_cents()}"
    )
    catalog.discontinue(lamp.id)
    assert catalog.total_cents() == 25000, "a discontinued item still counts in total_cents()"
    with pytest.raises(ItemNotFoundError):
        catalog.price_of(lamp.id)
    with pytest.raises(ItemNotFoundError):
        catalog.discontinue(lamp.id)
    for name, price in [("", 5), ("   ", 5), ("chair", -1)]:
        with pytest.raises(ValueError):  # noqa: PT011
            catalog.add_item(name, price)
    assert catalog.total_cents() == 25000, "an invalid add_item() call still stored an item"


@pytest.mark.rule(7, 8)
@pytest.mark.parametrize("kind", KINDS)
def test_catalog_works_with_either_repository(kind: str) -> None:
    """Catalog gives the same answers over both repositories, and rejects bad input"""
    with fresh_repository(kind) as repository:
        exercise_catalog(Catalog(repository))


@pytest.mark.rule(6)
def test_catalog_depends_only_on_the_protocol() -> None:
    """Catalog works with any object that has the Repository methods"""
    repository = DictRepository()
    exercise_catalog(Catalog(repository))
    assert {"add", "list_all", "delete"} <= set(repository.calls), (
        f"expected the Catalog to go through the repository's methods, it called {repository.calls}"
    )


@pytest.mark.rule(8)
@settings(max_examples=50)
@given(prices=st.lists(st.integers(min_value=0, max_value=10**9), max_size=20))
def test_total_is_the_sum_of_prices(prices: list[int]) -> None:
    """total_cents() is the sum of the prices of the stored items"""
    catalog = Catalog(InMemoryRepository[Item]())
    for n, price in enumerate(prices):
        catalog.add_item(f"item {n}", price)
    assert catalog.total_cents() == sum(prices), (
        f"expected total_cents() == {sum(prices)} for prices {prices}, got {catalog.total_cents()}"
    )


CATALOG_KINDS = [*KINDS, "third"]


@pytest.mark.rule(6)
@pytest.mark.parametrize("kind", CATALOG_KINDS)
def test_catalog_sees_changes_made_to_the_repository(kind: str) -> None:
    """Catalog keeps no state of its own: items added or deleted directly are seen at once"""
    with fresh_repository(kind) as repository:
        catalog = Catalog(repository)
        lamp = catalog.add_item("lamp", 100)
        assert catalog.total_cents() == 100, f"expected 100, got {catalog.total_cents()}"
        desk = repository.add(Item(name="desk", price_cents=250))
        assert catalog.price_of(desk.id) == 250, (
            "price_of() did not find an item added to the repository directly"
        )
        assert catalog.total_cents() == 350, (
            f"an item added to the repository directly should count in total_cents(): "
            f"expected 350, got {catalog.total_cents()}"
        )
        assert catalog.price_of(lamp.id) == 100, "price_of() did not return the lamp's price"
        repository.delete(lamp.id)
        assert catalog.total_cents() == 250, (
            f"an item deleted from the repository directly should no longer count: expected "
            f"250, got {catalog.total_cents()}"
        )
        with pytest.raises(ItemNotFoundError):
            catalog.price_of(lamp.id)
        Catalog(repository).discontinue(desk.id)  # another service on the same repository
        assert catalog.total_cents() == 0, (
            f"an item discontinued by another Catalog should no longer count: expected 0, got "
            f"{catalog.total_cents()}"
        )
        with pytest.raises(ItemNotFoundError):
            catalog.discontinue(desk.id)


BLANK_NAMES = ["", " ", "   ", "\t", "\n", " \t\r\n ", "\u00a0", "\u3000", "\u2003\u2003"]


@pytest.mark.rule(7)
@pytest.mark.parametrize("kind", CATALOG_KINDS)
def test_add_item_rejects_bad_input_before_storing(kind: str) -> None:
    """blank names (any whitespace) and negative prices raise ValueError and store nothing"""
    with fresh_repository(kind) as repository:
        catalog = Catalog(repository)
        bad = [(name, 5) for name in BLANK_NAMES] + [("chair", -1), ("chair", -(10**9)), ("", -1)]
        for name, price in bad:
            with pytest.raises(ValueError):  # noqa: PT011
                catalog.add_item(name, price)
            stored = [(item.name, item.price_cents) for item in repository.list_all()]
            assert stored == [], (
                f"add_item({name!r}, {price}) must raise ValueError before storing anything, "
                f"the repository holds {stored}"
            )
        free = catalog.add_item("free sample", 0)
        assert (free.name, free.price_cents) == ("free sample", 0), (
            f"a price of 0 is valid, add_item returned {(free.name, free.price_cents)}"
        )
        padded = catalog.add_item(" x ", 1)
        assert catalog.price_of(padded.id) == 1, "a name with text around spaces is not blank"
        assert catalog.total_cents() == 1, f"expected total 1, got {catalog.total_cents()}"
        assert len(repository.list_all()) == 2, "expected the two valid items to be stored"


@pytest.mark.rule(8)
@pytest.mark.parametrize("kind", CATALOG_KINDS)
def test_unknown_ids_raise_item_not_found(kind: str) -> None:
    """price_of and discontinue raise ItemNotFoundError for ids never added or discontinued"""
    with fresh_repository(kind) as repository:
        catalog = Catalog(repository)
        assert catalog.total_cents() == 0, f"an empty catalog totals 0, got {catalog.total_cents()}"
        for unknown in (1, 0, -1, 10**6):
            with pytest.raises(ItemNotFoundError):
                catalog.price_of(unknown)
            with pytest.raises(ItemNotFoundError):
                catalog.discontinue(unknown)
        mug = catalog.add_item("mug", 0)
        assert catalog.price_of(mug.id) == 0, "price_of() of a free item should be 0"
        catalog.discontinue(mug.id)
        with pytest.raises(ItemNotFoundError):
            catalog.price_of(mug.id)
        with pytest.raises(ItemNotFoundError):
            catalog.discontinue(mug.id)
        assert catalog.total_cents() == 0, (
            f"expected 0 after discontinuing, got {catalog.total_cents()}"
        )

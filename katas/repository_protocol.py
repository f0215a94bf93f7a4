"""Repository pattern: one generic Protocol, two implementations, a service that needs neither.

Business code should not care whether items live in a dict or in a database. A
``typing.Protocol`` states the contract once; any class with matching methods satisfies it
structurally (no inheritance needed), and mypy checks that it really matches.

Task
----
- ``Repository[T]``: the contract, a generic Protocol. Only ``add`` is typed for you; replace
  each ``Any`` with a precise type in terms of ``T``::

      add(item: T) -> T                store the item, give it a new id, return it
      get(item_id: int) -> T | None    the item with that id, or None
      list_all() -> list[T]            every stored item, ordered by id ([] when empty)
      delete(item_id: int) -> bool     remove the item; True if it existed, else False

- ``InMemoryRepository[E]``: keeps entities in a dict. ``E`` is any ``Entity`` subclass
  (such as ``Item``); ``add`` assigns the ids itself (1, 2, 3, ...).
- ``SqlAlchemyRepository[E]``: stores instances of the mapped class it is given (such as
  ``Item``) through a SQLAlchemy ``Session``. ``add`` must leave the item with its
  database-assigned id.
- ``Catalog``: a service written only against ``Repository[Item]``: ``add_item``,
  ``price_of``, ``total_cents`` and ``discontinue`` (see the rules).

``Base``, ``Entity``, ``Item`` and ``ItemNotFoundError`` are given; keep them as they are.

Rules
-----
1. Precise types: ``Repository[T]`` is a generic Protocol with the four signatures above, the
   implementations are generic in ``E`` (an ``Entity`` subclass) and give back ``E``, and no
   ``Any`` is left in your final signatures. The type checks use ``assert_type``, and a class
   whose methods do not match the Protocol must be refused where a ``Repository[Item]`` is
   expected.
2. Both implementations follow the contract above (one behavioural suite runs against each):
   ``add`` returns the stored item with an id that no other stored item has; ``get`` gives
   the item or ``None``; ``list_all`` gives every stored item ordered by id; ``delete`` returns
   ``True`` once the item is removed, ``False`` for an id that is not stored.
3. ``InMemoryRepository``: every instance has its own items, and ``add`` numbers the items
   1, 2, 3, ... in the order they are added, counting on after a delete (an id is never given
   out twice by the same repository).
4. ``SqlAlchemyRepository`` works on the mapped class's table through the session: right
   after ``add`` the row is in the table and the item carries its database id (flush), and
   rows written to the table by anyone else are found by ``get`` and ``list_all``.
5. ``SqlAlchemyRepository`` never commits or rolls back (no ``commit()``, ``rollback()`` or
   ``session.begin()``): the caller owns the transaction (unit of work), and the caller's
   rollback undoes the repository's writes.
6. ``Catalog`` uses only the four Protocol methods of the repository it is given: no
   ``isinstance``, no private attributes of an implementation, and no state of its own (no
   cached items or running totals). It must work with a repository class it has never seen,
   and see items that were added to or deleted from that repository directly.
7. ``add_item(name, price_cents)`` returns the stored ``Item``. It raises ``ValueError``, and
   stores nothing, for a blank name (empty or only whitespace, as ``str.isspace`` sees it) or
   a negative price; a price of 0 is valid.
8. ``price_of(item_id)`` returns the item's price and ``discontinue(item_id)`` deletes it;
   both raise ``ItemNotFoundError`` for an id that is not stored (never added, or already
   discontinued). ``total_cents()`` is the sum of the prices of all stored items (0 when
   there are none).

Example
-------
>>> catalog = Catalog(InMemoryRepository[Item]())
>>> lamp = catalog.add_item("lamp", 1999)
>>> lamp.id, catalog.total_cents()
(1, 1999)
>>> from sqlalchemy import create_engine
>>> from sqlalchemy.orm import Session
>>> engine = create_engine("sqlite://")
>>> Base.metadata.create_all(engine)
>>> with Session(engine) as session:
...     catalog = Catalog(SqlAlchemyRepository(session, Item))
...     catalog.add_item("desk", 25000).id
...     session.commit()
1

Where to start
--------------
Type the Protocol, then write ``InMemoryRepository`` and run the checks: the contract tests
run against both implementations, so half of them will pass. For the SQL one you need
``session.add``/``flush``/``get``/``delete`` and ``select(...)`` with ``session.scalars``.
"""

from __future__ import annotations

from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, MappedAsDataclass, Session, mapped_column


class Base(MappedAsDataclass, DeclarativeBase):
    """Declarative base: mapped classes get a typed ``__init__`` (dataclass style)."""


class Entity(Base):
    """Abstract base of stored entities: an integer primary key, assigned on add."""

    __abstract__ = True

    id: Mapped[int] = mapped_column(primary_key=True, init=False)


class Item(Entity):
    """The entity both repositories store. ``id`` is assigned on add, not passed in."""

    __tablename__ = "items"

    name: Mapped[str] = mapped_column(String(100))
    price_cents: Mapped[int]


class ItemNotFoundError(LookupError):
    """Raised by the Catalog when an item id does not exist."""


T = TypeVar("T")
E = TypeVar("E", bound=Entity)


class Repository(Protocol[T]):
    """Storage of entities of type T, addressed by integer ids."""

    def add(self, item: T) -> T: ...

    # TODO: type these three in terms of T, like add() above.
    def get(self, item_id: Any) -> Any: ...

    def list_all(self) -> Any: ...

    def delete(self, item_id: Any) -> Any: ...


class InMemoryRepository(Generic[E]):
    """Entities in a dict keyed by id."""

    def __init__(self) -> None:
        raise NotImplementedError

    def add(self, item: E) -> E:
        raise NotImplementedError

    def get(self, item_id: int) -> E | None:
        raise NotImplementedError

    def list_all(self) -> list[E]:
        raise NotImplementedError

    def delete(self, item_id: int) -> bool:
        raise NotImplementedError


class SqlAlchemyRepository(Generic[E]):
    """Instances of one mapped class, through a Session the caller owns."""

    def __init__(self, session: Session, model: type[E]) -> None:
        raise NotImplementedError

    def add(self, item: E) -> E:
        raise NotImplementedError

    def get(self, item_id: int) -> E | None:
        raise NotImplementedError

    def list_all(self) -> list[E]:
        raise NotImplementedError

    def delete(self, item_id: int) -> bool:
        raise NotImplementedError


class Catalog:
    """Business rules for items; knows only the Repository protocol."""

    def __init__(self, items: Repository[Item]) -> None:
        raise NotImplementedError

    def add_item(self, name: str, price_cents: int) -> Item:
        raise NotImplementedError

    def price_of(self, item_id: int) -> int:
        raise NotImplementedError

    def total_cents(self) -> int:
        raise NotImplementedError

    def discontinue(self, item_id: int) -> None:
        raise NotImplementedError

"""The SQL repository's add() only calls session.add(), without a flush.

Caught by: test_add_assigns_an_id

``session.add`` only puts the object in the unit of work; the INSERT, and so the id, come at
the next flush. The caller gets an item whose ``id`` is still None.
"""

from __future__ import annotations

from typing import Generic, Protocol, TypeVar

from sqlalchemy import String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, MappedAsDataclass, Session, mapped_column


class Base(MappedAsDataclass, DeclarativeBase):
    """Declarative base: mapped classes get a typed ``__init__`` (dataclass style)."""


class Entity(Base):
    """Abstract base of stored entities: an integer primary key, assigned on add."""

    __abstract__ = True

    id: Mapped[int] = mapped_column(primary_key=True, init=False)


class Item(Entity):
    """The entity both repositories store."""

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

    def get(self, item_id: int) -> T | None: ...

    def list_all(self) -> list[T]: ...

    def delete(self, item_id: int) -> bool: ...


class InMemoryRepository(Generic[E]):
    """A dict of entities; ids come from a counter, so they are never reused."""

    def __init__(self) -> None:
        self._items: dict[int, E] = {}
        self._next_id = 1

    def add(self, item: E) -> E:
        item.id = self._next_id
        self._next_id += 1
        self._items[item.id] = item
        return item

    def get(self, item_id: int) -> E | None:
        return self._items.get(item_id)

    def list_all(self) -> list[E]:
        return [self._items[key] for key in sorted(self._items)]

    def delete(self, item_id: int) -> bool:
        return self._items.pop(item_id, None) is not None


class SqlAlchemyRepository(Generic[E]):
    """Entities of one mapped class, through a Session the caller owns (flush, never commit)."""

    def __init__(self, session: Session, model: type[E]) -> None:
        self._session = session
        self._model = model

    def add(self, item: E) -> E:
        self._session.add(item)
        return item

    def get(self, item_id: int) -> E | None:
        return self._session.get(self._model, item_id)

    def list_all(self) -> list[E]:
        statement = select(self._model).order_by(self._model.id)
        return list(self._session.scalars(statement))

    def delete(self, item_id: int) -> bool:
        item = self._session.get(self._model, item_id)
        if item is None:
            return False
        self._session.delete(item)
        self._session.flush()
        return True


class Catalog:
    """Business rules for items; knows only the Repository protocol."""

    def __init__(self, items: Repository[Item]) -> None:
        self._items = items

    def add_item(self, name: str, price_cents: int) -> Item:
        if not name.strip():
            raise ValueError("an item needs a name")
        if price_cents < 0:
            raise ValueError(f"price_cents must be >= 0, got {price_cents}")
        return self._items.add(Item(name=name, price_cents=price_cents))

    def price_of(self, item_id: int) -> int:
        item = self._items.get(item_id)
        if item is None:
            raise ItemNotFoundError(item_id)
        return item.price_cents

    def total_cents(self) -> int:
        return sum(item.price_cents for item in self._items.list_all())

    def discontinue(self, item_id: int) -> None:
        if not self._items.delete(item_id):
            raise ItemNotFoundError(item_id)

"""Hidden mypy checks for the repository_protocol kata."""

from dataclasses import dataclass
from typing import assert_type

from sqlalchemy.orm import Mapped, Session

from katas.repository_protocol import (
    Catalog,
    Entity,
    InMemoryRepository,
    Item,
    Repository,
    SqlAlchemyRepository,
)


def check_implementations_satisfy_the_protocol() -> None:
    """both implementations can be used where a Repository[Item] is expected

    Rules: 1
    """
    _in_memory: Repository[Item] = InMemoryRepository[Item]()
    _in_database: Repository[Item] = SqlAlchemyRepository(Session(), Item)


def check_protocol_keeps_the_item_type() -> None:
    """through a Repository[Item], every method gives back Item (not Any)

    Rules: 1
    """
    repo: Repository[Item] = InMemoryRepository[Item]()
    assert_type(repo.add(Item(name="lamp", price_cents=1999)), Item)
    assert_type(repo.get(1), Item | None)
    assert_type(repo.list_all(), list[Item])
    assert_type(repo.delete(1), bool)


def check_protocol_rejects_misuse() -> None:
    """a Repository[Item] refuses other entity types and non-int ids

    Rules: 1
    """
    repo: Repository[Item] = InMemoryRepository[Item]()
    repo.add("lamp")  # type: ignore[arg-type]
    repo.get("1")  # type: ignore[arg-type]
    repo.delete(None)  # type: ignore[arg-type]
    _words: Repository[str] = InMemoryRepository[Item]()  # type: ignore[assignment]


def check_wrong_signature_is_rejected() -> None:
    """a class whose methods do not match the Protocol is not a Repository[Item]

    Rules: 1
    """

    class StringKeys:
        def add(self, item: Item) -> Item:
            return item

        def get(self, item_id: str) -> Item | None:
            return None

        def list_all(self) -> list[Item]:
            return []

        def delete(self, item_id: int) -> bool:
            return False

    class ReturnsNames:
        def add(self, item: Item) -> Item:
            return item

        def get(self, item_id: int) -> Item | None:
            return None

        def list_all(self) -> list[str]:
            return []

        def delete(self, item_id: int) -> bool:
            return False

    class NoDelete:
        def add(self, item: Item) -> Item:
            return item

        def get(self, item_id: int) -> Item | None:
            return None

        def list_all(self) -> list[Item]:
            return []

    _first: Repository[Item] = StringKeys()  # type: ignore[assignment]
    _second: Repository[Item] = ReturnsNames()  # type: ignore[assignment]
    _third: Repository[Item] = NoDelete()  # type: ignore[assignment]


def check_implementations_keep_the_entity_type() -> None:
    """the implementations are generic: their methods give back the entity type

    Rules: 1
    """
    in_memory = InMemoryRepository[Item]()
    assert_type(in_memory.get(1), Item | None)
    assert_type(in_memory.list_all(), list[Item])
    in_database = SqlAlchemyRepository(Session(), Item)
    assert_type(in_database, SqlAlchemyRepository[Item])
    assert_type(in_database.get(1), Item | None)
    assert_type(in_database.add(Item(name="desk", price_cents=1)), Item)
    in_memory.add("desk")  # type: ignore[arg-type]
    in_database.add(3)  # type: ignore[arg-type]


def check_implementations_reject_unsuitable_entities() -> None:
    """both implementations only store Entity subclasses

    Rules: 1
    """

    @dataclass
    class Tag:
        id: int
        label: str

    InMemoryRepository[str]()  # type: ignore[type-var]
    InMemoryRepository[Tag]()  # type: ignore[type-var]
    SqlAlchemyRepository(Session(), str)  # type: ignore[type-var]
    SqlAlchemyRepository(Session(), Tag)  # type: ignore[type-var]


def check_service_accepts_any_repository() -> None:
    """Catalog accepts either implementation, or any class with the Protocol's methods

    Rules: 1, 6
    """

    class Fake:
        def add(self, item: Item) -> Item:
            return item

        def get(self, item_id: int) -> Item | None:
            return None

        def list_all(self) -> list[Item]:
            return []

        def delete(self, item_id: int) -> bool:
            return False

    Catalog(InMemoryRepository[Item]())
    Catalog(SqlAlchemyRepository(Session(), Item))
    catalog = Catalog(Fake())
    assert_type(catalog.add_item("lamp", 1999), Item)
    assert_type(catalog.price_of(1), int)
    assert_type(catalog.total_cents(), int)


def check_service_rejects_other_repositories() -> None:
    """Catalog refuses a repository of another entity type, or a non-repository

    Rules: 1, 6
    """

    class Tag(Entity):
        __tablename__ = "tags"
        label: Mapped[str]

    Catalog(InMemoryRepository[Tag]())  # type: ignore[arg-type]
    Catalog(SqlAlchemyRepository(Session(), Tag))  # type: ignore[arg-type]
    Catalog(object())  # type: ignore[arg-type]
    Catalog(InMemoryRepository[Item]()).add_item(name=3, price_cents=1)  # type: ignore[arg-type]

"""INSERT ... ON CONFLICT DO NOTHING: existing and repeated SKUs keep their first value.

Caught by: test_existing_rows_are_updated_in_place, test_last_duplicate_wins_across_batches
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypedDict

from sqlalchemy import String
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Product(Base):
    __tablename__ = "products"

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    price_cents: Mapped[int]


class ProductRow(TypedDict):
    """One row of the import file."""

    sku: str
    name: str
    price_cents: int


def import_products(session: Session, rows: Iterable[ProductRow], *, batch_size: int = 1000) -> int:
    """Upsert every row (last duplicate wins) in about ceil(n / batch_size) statements.

    Returns the number of distinct SKUs in the input. Does not commit.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    batch: list[ProductRow] = []
    seen: set[str] = set()
    stmt = insert(Product).on_conflict_do_nothing(index_elements=[Product.sku])
    for row in rows:
        seen.add(row["sku"])
        batch.append(row)
        if len(batch) == batch_size:
            session.execute(stmt, batch)
            batch = []
    if batch:
        session.execute(stmt, batch)
    return len(seen)

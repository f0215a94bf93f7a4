"""One ORM object and a flush per row (plus a lookup): two statements for every row.

Caught by: test_statement_count_is_bounded_by_batches
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypedDict

from sqlalchemy import String, select
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
    seen: set[str] = set()
    for row in rows:
        seen.add(row["sku"])
        product = session.scalar(select(Product).where(Product.sku == row["sku"]))
        if product is None:
            session.add(Product(**row))
        else:
            product.name = row["name"]
            product.price_cents = row["price_cents"]
        session.flush()
    return len(seen)

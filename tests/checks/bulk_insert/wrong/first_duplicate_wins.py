"""Drops later duplicates of a SKU while batching, so the first value wins, not the last.

Caught by: test_last_duplicate_wins_across_batches
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
    # Last one wins: a later row for the same SKU replaces the earlier one (dicts keep the
    # first insertion position, which does not matter for an upsert).
    firsts: dict[str, ProductRow] = {}
    for row in rows:
        firsts.setdefault(row["sku"], row)
    latest = list(firsts.values())
    stmt = insert(Product)
    stmt = stmt.on_conflict_do_update(
        index_elements=[Product.sku],
        set_={"name": stmt.excluded.name, "price_cents": stmt.excluded.price_cents},
    )
    for start in range(0, len(latest), batch_size):
        session.execute(stmt, latest[start : start + batch_size])
    return len(latest)

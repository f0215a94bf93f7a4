"""Bulk insert: import tens of thousands of rows in a few statements, with an upsert rule.

The problem
-----------
The nightly product import looks like this and takes minutes::

    for row in rows:
        product = session.scalar(select(Product).where(Product.sku == row["sku"]))
        if product is None:
            session.add(Product(**row))
        else:
            product.name, product.price_cents = row["name"], row["price_cents"]
        session.flush()

That is two SQL round trips per row (and an ORM object per row): 20,000 rows, 40,000
statements.

The task
--------
Write ``import_products(session, rows, batch_size=1000)``: insert or update every row in a
number of statements bounded by the number of batches, never one per row. Pass a list of
dicts to one statement: ``session.execute(stmt, rows)`` is an "executemany" (one statement,
many parameter sets). SQLite's upsert is
``sqlalchemy.dialects.sqlite.insert(Product).on_conflict_do_update(...)``, with the new values
available as ``stmt.excluded.<column>``.

Rules
-----
1. Every row whose ``sku`` is not in the table yet is inserted with its ``name`` and
   ``price_cents``. Products that are not in the input are left as they are.
2. Upsert in place: ``sku`` is unique, and a row whose ``sku`` already exists updates that
   product's ``name`` and ``price_cents`` *in place*: the existing row keeps its ``id``
   (other tables point at it, so no delete-and-reinsert such as ``INSERT OR REPLACE``).
3. Last one wins: when the same ``sku`` appears several times in the input, the product ends
   with the values of its last occurrence, even when the occurrences fall in different
   batches.
4. Bulk statements: for ``n`` input rows the import runs at most ``ceil(n / batch_size)`` SQL
   statements (fewer is fine, one statement for everything too; none for an empty input),
   never one per row.
5. ``batch_size`` smaller than 1 raises ``ValueError`` before any SQL runs.
6. The caller owns the transaction: do not commit, roll back or begin a transaction; the
   caller commits the whole import, or rolls all of it back.
7. ``rows`` may be any iterable, including a generator that can be read only once. An empty
   input writes nothing and returns 0.
8. The return value is the number of distinct SKUs in the input (a SKU repeated in the input
   counts once, whether it was inserted or updated).

Example
-------
>>> with Session(engine) as session:
...     import_products(session, [
...         {"sku": "A-1", "name": "Mug", "price_cents": 900},
...         {"sku": "B-2", "name": "Tea", "price_cents": 450},
...         {"sku": "A-1", "name": "Big mug", "price_cents": 1200},   # last one wins
...     ])
...     session.commit()
2

Where to start
--------------
Build the upsert statement once; then feed it the rows ``batch_size`` at a time
(``itertools.batched`` is Python 3.12+, so slice a list or use ``itertools.islice``). Decide
how you make the last duplicate win across batches: collapsing the input into a dict keyed by
SKU does it, and also keeps every batch free of internal duplicates.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypedDict

from sqlalchemy import String
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
    raise NotImplementedError

"""Hidden mypy checks for the bulk_insert kata."""

from collections.abc import Iterator
from typing import assert_type

from sqlalchemy import create_engine
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from katas.bulk_insert import ProductRow, import_products


def check_returns_the_count_as_int() -> None:
    """import_products returns an int and accepts any iterable of ProductRow

    Rules: 7, 8
    """
    session = Session(create_engine("sqlite://"))
    rows: list[ProductRow] = [{"sku": "A-1", "name": "Mug", "price_cents": 900}]
    assert_type(import_products(session, rows), int)

    def read_file() -> Iterator[ProductRow]:
        yield {"sku": "B-2", "name": "Tea", "price_cents": 450}

    assert_type(import_products(session, read_file(), batch_size=500), int)


def check_rows_must_match_product_row() -> None:
    """a row with a missing key, a wrong value type or an unknown key is rejected

    Rules: 1
    """
    session = Session(create_engine("sqlite://"))
    import_products(session, [{"sku": "A", "name": "Mug"}])  # type: ignore[typeddict-item]
    import_products(
        session,
        [{"sku": "A", "name": "Mug", "price_cents": "9.00"}],  # type: ignore[typeddict-item]
    )
    import_products(
        session,
        [{"sku": "A", "name": "Mug", "price_cents": 9, "color": "red"}],  # type: ignore[typeddict-unknown-key]
    )
    import_products(session, [("A", "Mug", 900)])  # type: ignore[list-item]


def check_batch_size_is_a_keyword_int() -> None:
    """batch_size is keyword-only and an int

    Rules: 4, 5
    """
    session = Session(create_engine("sqlite://"))
    rows: list[ProductRow] = []
    import_products(session, rows, 500)  # type: ignore[call-arg]
    import_products(session, rows, batch_size=2.5)  # type: ignore[arg-type]


def check_takes_a_sync_session() -> None:
    """import_products takes a Session (not an AsyncSession, not an engine)

    Rules: 1, 6
    """
    rows: list[ProductRow] = []
    engine = create_engine("sqlite://")
    import_products(AsyncSession(), rows)  # type: ignore[arg-type]
    import_products(engine, rows)  # type: ignore[arg-type]

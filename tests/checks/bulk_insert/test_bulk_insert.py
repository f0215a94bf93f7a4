"""Hidden pytest checks for the bulk_insert kata."""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import Phase, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, create_engine, event, select, text
from sqlalchemy.orm import Session

from katas.bulk_insert import Base, Product, ProductRow, import_products

# Hypothesis's "explain" phase re-runs a failing test many times to annotate the report; it
# turns a 1 s failure into a 20 s one, so the checks skip it.
PHASES = [Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink]

ROWS = 20_000
SOME_ROWS = 2_500  # not a multiple of the default batch size: the last batch is partial


class TooManyStatementsError(AssertionError):
    """Raised from the statement counter as soon as the budget is exceeded (fails fast)."""


class StatementCounter:
    """Counts SQL statements sent to the database (an executemany counts as one)."""

    def __init__(self, engine: Engine, budget: int | None = None) -> None:
        self.engine = engine
        self.budget = budget
        self.count = 0

    def __enter__(self) -> StatementCounter:
        event.listen(self.engine, "before_cursor_execute", self.seen)
        return self

    def __exit__(self, *exc_info: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self.seen)

    def seen(self, *args: Any) -> None:
        self.count += 1
        if self.budget is not None and self.count > self.budget:
            raise TooManyStatementsError(
                f"more than {self.budget} SQL statements: the import is running statements "
                f"per row instead of per batch"
            )


# a trigger that makes the database itself refuse one SKU
REFUSED_SKU = "REFUSED"
REFUSE_TRIGGER = f"""
CREATE TRIGGER refuse_sku BEFORE INSERT ON products WHEN NEW.sku = '{REFUSED_SKU}'
BEGIN SELECT RAISE(ABORT, 'this SKU is refused'); END
"""


def new_engine() -> Engine:
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    return engine


@pytest.fixture
def engine() -> Iterator[Engine]:
    engine = new_engine()
    yield engine
    engine.dispose()


def make_rows(n: int, prefix: str = "SKU") -> list[ProductRow]:
    return [
        {"sku": f"{prefix}-{i:06d}", "name": f"product {i}", "price_cents": 100 + i % 977}
        for i in range(n)
    ]


def table(session: Session) -> dict[str, tuple[int, str, int]]:
    """The products table as sku -> (id, name, price_cents)."""
    rows = session.execute(select(Product.sku, Product.id, Product.name, Product.price_cents))
    return {sku: (id_, name, price) for sku, id_, name, price in rows}


def seed(engine: Engine, rows: list[ProductRow]) -> dict[str, int]:
    """Insert rows the plain way; returns sku -> id."""
    with Session(engine) as session:
        products = [Product(**row) for row in rows]
        session.add_all(products)
        session.commit()
        return {p.sku: p.id for p in products}


@pytest.mark.rule(1, 7, 8)
def test_imports_every_row(engine: Engine) -> None:
    """every row is imported with its values (from any iterable), and the count is returned"""
    rows = make_rows(SOME_ROWS)
    with Session(engine) as session:
        returned = import_products(session, iter(rows))
        session.commit()
    with Session(engine) as session:
        got = {sku: (name, price) for sku, (_, name, price) in table(session).items()}
    expected = {r["sku"]: (r["name"], r["price_cents"]) for r in rows}
    assert len(got) == SOME_ROWS, f"expected {SOME_ROWS} products in the table, found {len(got)}"
    assert got == expected, "some imported products have wrong names or prices"
    assert returned == SOME_ROWS, (
        f"expected import_products to return {SOME_ROWS}, got {returned!r}"
    )


@pytest.mark.rule(4)
@pytest.mark.parametrize(
    ("n", "batch_size"),
    # a batch of 5000 rows is 15,000 values: under SQLite's limit even for a multi-row VALUES
    [(ROWS, 1000), (ROWS, 6000), (5000, 5000), (5000, 50_000), (7, 1), (6, 3), (7, 3)],
    ids=["20000/1000", "20000/6000", "5000/5000", "5000/50000", "7/1", "6/3", "7/3"],
)
def test_statement_count_is_bounded_by_batches(engine: Engine, n: int, batch_size: int) -> None:
    """n rows take at most ceil(n / batch_size) statements, not one per row"""
    rows = make_rows(n)
    budget = math.ceil(n / batch_size)
    with Session(engine) as session, StatementCounter(engine, budget) as counter:
        import_products(session, rows, batch_size=batch_size)
        session.flush()
    assert counter.count <= budget, (
        f"importing {n} rows with batch_size={batch_size} should take at most "
        f"{budget} statements, took {counter.count}"
    )


@pytest.mark.rule(4)
def test_empty_input_runs_no_sql(engine: Engine) -> None:
    """an empty input runs no SQL statement at all"""
    with Session(engine) as session, StatementCounter(engine) as counter:
        import_products(session, [])
        import_products(session, iter([]), batch_size=1)
    assert counter.count == 0, f"an empty input should run no SQL, it ran {counter.count}"


@pytest.mark.rule(2)
def test_existing_rows_are_updated_in_place(engine: Engine) -> None:
    """an existing SKU gets the new name and price and keeps its id; others are untouched"""
    ids = seed(
        engine,
        [
            {"sku": "A", "name": "old A", "price_cents": 1},
            {"sku": "B", "name": "old B", "price_cents": 2},
            {"sku": "Z", "name": "untouched", "price_cents": 26},
        ],
    )
    incoming: list[ProductRow] = [
        {"sku": "A", "name": "new A", "price_cents": 10},
        {"sku": "C", "name": "new C", "price_cents": 30},
        {"sku": "B", "name": "new B", "price_cents": 20},
    ]
    with Session(engine) as session:
        import_products(session, incoming, batch_size=2)
        session.commit()
    with Session(engine) as session:
        got = table(session)
    named = {sku: (name, price) for sku, (_, name, price) in got.items()}
    expected = {
        "A": ("new A", 10),
        "B": ("new B", 20),
        "C": ("new C", 30),
        "Z": ("untouched", 26),
    }
    assert named == expected, f"expected existing SKUs updated with the input's values, got {named}"
    for sku in ("A", "B", "Z"):
        assert got[sku][0] == ids[sku], (
            f"product {sku} should be updated in place (id {ids[sku]}), but now has id "
            f"{got[sku][0]}: was it deleted and re-inserted?"
        )


@pytest.mark.rule(3)
def test_last_duplicate_wins_within_a_batch(engine: Engine) -> None:
    """a SKU repeated in one batch (new or existing) ends with its last value"""
    seed(engine, [{"sku": "A", "name": "old A", "price_cents": 1}])
    incoming: list[ProductRow] = [
        {"sku": "A", "name": "first A", "price_cents": 10},
        {"sku": "C", "name": "first C", "price_cents": 30},
        {"sku": "A", "name": "last A", "price_cents": 11},
        {"sku": "C", "name": "last C", "price_cents": 31},
    ]
    with Session(engine) as session:
        import_products(session, incoming)
        session.commit()
    with Session(engine) as session:
        named = {sku: (name, price) for sku, (_, name, price) in table(session).items()}
    expected = {"A": ("last A", 11), "C": ("last C", 31)}
    assert named == expected, f"expected the last value of each SKU {expected}, got {named}"


@pytest.mark.rule(8)
def test_returns_the_number_of_distinct_skus(engine: Engine) -> None:
    """the return value counts each SKU of the input once, new or existing"""
    seed(engine, [{"sku": "A", "name": "old A", "price_cents": 1}])
    incoming: list[ProductRow] = [
        {"sku": "A", "name": "first A", "price_cents": 10},
        {"sku": "C", "name": "new C", "price_cents": 30},
        {"sku": "B", "name": "new B", "price_cents": 20},
        {"sku": "A", "name": "last A", "price_cents": 11},
        {"sku": "C", "name": "last C", "price_cents": 31},
    ]
    with Session(engine) as session:
        returned = import_products(session, incoming, batch_size=2)
        again = import_products(session, incoming[:2])
        session.commit()
    assert returned == 3, f"3 distinct SKUs in the input (A, C, B): expected 3, got {returned!r}"
    assert again == 2, f"2 distinct SKUs, both already stored: expected 2, got {again!r}"


@pytest.mark.rule(3)
def test_last_duplicate_wins_across_batches(engine: Engine) -> None:
    """with batch_size=2 a SKU repeated in later batches ends with its last value"""
    incoming: list[ProductRow] = [
        {"sku": "X", "name": "x1", "price_cents": 1},
        {"sku": "Y", "name": "y1", "price_cents": 1},
        {"sku": "X", "name": "x2", "price_cents": 2},
        {"sku": "X", "name": "x3", "price_cents": 3},
        {"sku": "Z", "name": "z1", "price_cents": 1},
        {"sku": "Y", "name": "y2", "price_cents": 2},
        {"sku": "W", "name": "w1", "price_cents": 1},
    ]
    with Session(engine) as session:
        import_products(session, incoming, batch_size=2)
        session.commit()
    with Session(engine) as session:
        named = {sku: (name, price) for sku, (_, name, price) in table(session).items()}
    expected = {"X": ("x3", 3), "Y": ("y2", 2), "Z": ("z1", 1), "W": ("w1", 1)}
    assert named == expected, f"expected the last value of each SKU {expected}, got {named}"


@pytest.mark.rule(6)
def test_the_caller_owns_the_transaction_from_the_start(engine: Engine) -> None:
    """on a fresh session (no transaction begun yet) the caller's rollback still undoes it all"""
    with Session(engine) as session:
        import_products(session, make_rows(50), batch_size=20)
        session.rollback()
    with Session(engine) as session:
        left = len(table(session))
    assert left == 0, (
        f"the caller rolled back, yet {left} products remain: import_products must not begin "
        f"(and so commit) a transaction of its own"
    )


@pytest.mark.rule(6)
def test_a_failing_import_leaves_the_callers_work_alone(engine: Engine) -> None:
    """when the database refuses a row, the caller's earlier work in the transaction stays"""
    with engine.begin() as connection:
        connection.execute(text(REFUSE_TRIGGER))
    refused: ProductRow = {"sku": REFUSED_SKU, "name": "refused", "price_cents": 1}
    with Session(engine) as session:
        session.add(Product(sku="CALLER", name="the caller's own change", price_cents=1))
        session.flush()  # the caller's pending work, in the same transaction
        with contextlib.suppress(Exception):  # how the error surfaces is not this rule's business
            import_products(session, [*make_rows(5), refused], batch_size=2)
        assert session.in_transaction(), "import_products ended the caller's transaction"
        assert "CALLER" in table(session), (
            "the caller's own product vanished when the import failed: import_products must "
            "not roll back, the caller decides"
        )


@pytest.mark.rule(6)
def test_the_caller_owns_the_transaction(engine: Engine) -> None:
    """import_products neither commits nor rolls back: the caller's transaction decides"""
    with Session(engine) as session:
        session.add(Product(sku="CALLER", name="the caller's own change", price_cents=1))
        session.flush()  # the caller's pending work, in the same transaction
        import_products(session, make_rows(50), batch_size=20)
        pending = len(table(session))
        assert pending == 51, (
            f"inside the caller's transaction the table should hold the caller's product and "
            f"the 50 imported ones, it holds {pending}: import_products must not roll back"
        )
        session.rollback()
    with Session(engine) as session:
        left = len(table(session))
    assert left == 0, (
        f"the caller rolled back, yet {left} products remain: import_products must not commit"
    )


@pytest.mark.rule(7)
def test_empty_input_writes_nothing(engine: Engine) -> None:
    """an empty input returns 0 and writes nothing"""
    with Session(engine) as session:
        returned = import_products(session, [])
        session.commit()
        left = len(table(session))
    assert returned == 0, f"expected 0 for an empty input, got {returned!r}"
    assert left == 0, f"expected an empty table, found {left} products"


@pytest.mark.rule(5)
@pytest.mark.parametrize("batch_size", [0, -1, -1000])
def test_batch_size_below_one_is_refused(engine: Engine, batch_size: int) -> None:
    """batch_size < 1 raises ValueError before any SQL runs, for any input, even an empty one"""
    with Session(engine) as session, StatementCounter(engine) as counter:
        with pytest.raises(ValueError):  # noqa: PT011
            import_products(session, make_rows(5), batch_size=batch_size)
        with pytest.raises(ValueError):  # noqa: PT011
            import_products(session, iter(make_rows(5)), batch_size=batch_size)
        with pytest.raises(ValueError):  # noqa: PT011
            import_products(session, [], batch_size=batch_size)
    assert counter.count == 0, (
        f"batch_size={batch_size} must be refused before any SQL runs, {counter.count} "
        f"statement(s) ran"
    )


class ReadOnce:
    """An iterable that, like a file or a generator, can be read only once."""

    def __init__(self, rows: list[ProductRow]) -> None:
        self.rows = rows
        self.reads = 0

    def __iter__(self) -> Iterator[ProductRow]:
        self.reads += 1
        return iter(self.rows if self.reads == 1 else [])


@pytest.mark.rule(7)
def test_rows_are_read_once(engine: Engine) -> None:
    """rows from an iterable that can be read only once are all imported and counted"""
    rows = make_rows(25)
    rows.append({"sku": rows[0]["sku"], "name": "renamed", "price_cents": 5})
    source = ReadOnce(rows)
    with Session(engine) as session:
        returned = import_products(session, source, batch_size=10)
        session.commit()
        got = table(session)
    assert len(got) == 25, (
        f"expected the 25 products in the table, found {len(got)}: the rows can be read only "
        f"once (they were read {source.reads} times)"
    )
    assert got[rows[0]["sku"]][1:] == ("renamed", 5), "the last duplicate should win"
    assert returned == 25, f"expected 25 distinct SKUs, got {returned!r}"


def product_row(sku: str, price: int) -> ProductRow:
    return ProductRow(sku=sku, name=f"{sku}-{price}", price_cents=price)


# SKUs are compared exactly: case, spaces and accents make different SKUs. A few SKUs that
# collide often, and any other string (SQLite text cannot hold NUL).
skus = st.sampled_from(["A", "a", "A ", " A", "Ä", "B"]) | st.text(
    st.characters(exclude_characters="\x00", exclude_categories=("Cs",)), max_size=32
)
rows_strategy = st.lists(
    st.builds(product_row, skus, st.integers(-(2**63), 2**63 - 1)), max_size=25
)


@pytest.mark.rule(1, 2, 3, 8)
@settings(max_examples=60, phases=PHASES)
@given(existing=rows_strategy, incoming=rows_strategy, batch_size=st.integers(1, 6))
@example(
    existing=[product_row("a", 1)],
    incoming=[product_row("A", 2), product_row("A ", 3), product_row(" A", 4), product_row("a", 5)],
    batch_size=2,
)
def test_matches_a_last_wins_model(
    existing: list[ProductRow], incoming: list[ProductRow], batch_size: int
) -> None:
    """for any existing table, input and batch size the result matches a last-wins dict"""
    engine = new_engine()
    try:
        ids = seed(engine, list({r["sku"]: r for r in existing}.values()))
        model = {r["sku"]: (r["name"], r["price_cents"]) for r in existing}
        model.update({r["sku"]: (r["name"], r["price_cents"]) for r in incoming})
        with Session(engine) as session:
            returned = import_products(session, incoming, batch_size=batch_size)
            session.commit()
            got = table(session)
    finally:
        engine.dispose()
    named = {sku: (name, price) for sku, (_, name, price) in got.items()}
    assert named == model, (
        f"batch_size={batch_size}: expected the table {model} (existing rows updated, last "
        f"duplicate wins), got {named}"
    )
    moved = {sku: (ids[sku], got[sku][0]) for sku in ids if got[sku][0] != ids[sku]}
    assert not moved, f"existing products changed id (old, new): {moved}"
    distinct = len({r["sku"] for r in incoming})
    assert returned == distinct, f"expected {distinct} distinct SKUs returned, got {returned!r}"

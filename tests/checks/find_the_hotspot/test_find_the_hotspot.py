"""Hidden pytest checks for the find_the_hotspot kata: the same results, sub-quadratic growth.

The growth check counts work instead of timing it: order ids and customer names are ``str``
subclasses that count every comparison made on them (``==``, ``<``, ...). A list scan such as
``x in seen_ids`` or ``customers.index(c)`` compares ``x`` with every element, while a set or
dict lookup compares only on a hash match, so the count is deterministic and does not depend
on how busy the machine is.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from katas.find_the_hotspot import CustomerTotal, Order, customer_totals


def reference(orders: list[Order]) -> list[CustomerTotal]:
    """The specification, written for clarity rather than speed."""
    first_delivery: dict[str, Order] = {}
    for order in orders:
        first_delivery.setdefault(order.order_id, order)
    amounts: dict[str, list[int]] = {}
    for order in first_delivery.values():
        amounts.setdefault(order.customer, []).append(order.amount)
    return [CustomerTotal(c, len(a), sum(a)) for c, a in amounts.items()]


# Near-duplicates (case, spaces, full-width or decomposed letters) are different ids and names;
# any single character (st.text would make shrinking slow) stands for the rest of str.
LOOKALIKE_IDS = ["o1", "O1", " o1", "o1\n", "\uff4f1", "o2", "\u00e91", "e\u03011", ""]
LOOKALIKE_NAMES = ["ann", "Ann", "ann ", "\u00e1nn", "a\u0301nn", "bob", "BOB", ""]

orders_strategy = st.lists(
    st.builds(
        Order,
        order_id=st.sampled_from(LOOKALIKE_IDS) | st.characters(),
        customer=st.sampled_from(LOOKALIKE_NAMES) | st.characters(),
        amount=st.integers(-1_000, 10_000) | st.integers(),
    ),
    max_size=30,
)


class OneShot:
    """An iterable that can be iterated only once, like a stream of orders."""

    def __init__(self, orders: list[Order]) -> None:
        self.orders = orders
        self.iterations = 0

    def __iter__(self) -> Iterator[Order]:
        self.iterations += 1
        if self.iterations > 1:
            raise AssertionError("customer_totals read its input a second time")
        return iter(self.orders)


@pytest.mark.rule(1)
def test_reads_the_input_once() -> None:
    """accepts any iterable, such as a generator, and reads it only once"""
    orders = [Order("o1", "ann", 500), Order("o2", "bob", 250), Order("o1", "ann", 500)]
    expected = [CustomerTotal("ann", 1, 500), CustomerTotal("bob", 1, 250)]
    result = customer_totals(order for order in orders)
    assert result == expected, f"with a generator as input: expected {expected}, got {result}"
    assert customer_totals(tuple(orders)) == expected, "with a tuple as input"
    stream = OneShot(orders)
    assert customer_totals(stream) == expected, "with a stream that can be read once"
    assert stream.iterations == 1


@pytest.mark.rule(2)
def test_first_delivery_counts() -> None:
    """only the first delivery of an order_id counts, even if a later one differs"""
    orders = [
        Order("o1", "ann", 500),
        Order("o1", "ann", 500),
        Order("o1", "ann", 700),
        Order("o2", "bob", 250),
        Order("o2", "bob", 999),
    ]
    result = customer_totals(orders)
    expected = [CustomerTotal("ann", 1, 500), CustomerTotal("bob", 1, 250)]
    assert result == expected, f"expected {expected}, got {result}"


@pytest.mark.rule(2, 3)
def test_a_later_delivery_for_another_customer_is_ignored() -> None:
    """a re-sent order_id that names another customer counts for nobody"""
    orders = [Order("o1", "ann", 500), Order("o1", "bob", 9_999), Order("o2", "bob", 250)]
    result = customer_totals(orders)
    expected = [CustomerTotal("ann", 1, 500), CustomerTotal("bob", 1, 250)]
    assert result == expected, f"expected {expected}, got {result}"


@pytest.mark.rule(2)
@pytest.mark.parametrize("gap", [1_000, 5_000])
def test_a_delivery_resent_much_later_is_ignored(gap: int) -> None:
    """a re-sent order_id is ignored however many orders came in between"""
    orders = [Order(f"o{i}", f"c{i % 50}", 1) for i in range(gap)]
    orders += [Order("o0", "c0", 1_000), Order(f"o{gap // 2}", "c1", 1_000)]
    result = customer_totals(orders)
    expected = reference(orders)
    wrong = [(r, e) for r, e in zip(result, expected, strict=False) if r != e][:3]
    assert result == expected, (
        f"{gap} orders, then o0 and o{gap // 2} delivered again: the re-sent orders must be "
        f"ignored; first differences (got, expected): {wrong}"
    )


@pytest.mark.rule(2)
def test_order_ids_are_compared_exactly() -> None:
    """order ids that differ only in case, spaces or how a letter is written are different"""
    orders = [Order(order_id, "ann", 1) for order_id in LOOKALIKE_IDS]
    result = customer_totals(orders)
    expected = [CustomerTotal("ann", len(LOOKALIKE_IDS), len(LOOKALIKE_IDS))]
    assert result == expected, (
        f"the order ids {LOOKALIKE_IDS!r} are all different, so every order counts: "
        f"expected {expected}, got {result}"
    )


@pytest.mark.rule(3)
def test_customer_names_are_compared_exactly() -> None:
    """customer names that differ only in case, spaces or how a letter is written are different"""
    orders = [Order(f"o{i}", name, 1) for i, name in enumerate(LOOKALIKE_NAMES)]
    result = customer_totals(orders)
    expected = [CustomerTotal(name, 1, 1) for name in LOOKALIKE_NAMES]
    assert result == expected, f"expected one total per distinct name {expected}, got {result}"


@pytest.mark.rule(3)
def test_totals_per_customer() -> None:
    """counts and sums the orders of each customer"""
    orders = [
        Order("o1", "ann", 500),
        Order("o2", "bob", 250),
        Order("o3", "ann", 100),
        Order("o4", "ann", 0),
        Order("o5", "bob", -50),
        Order("o6", "cy", 50),
        Order("o7", "cy", -50),
        Order("o8", "dee", 2**53 + 1),  # beyond what a float holds exactly
        Order("o9", "dee", 10**30),
    ]
    result = customer_totals(orders)
    expected = [
        CustomerTotal("ann", 3, 600),
        CustomerTotal("bob", 2, 200),
        CustomerTotal("cy", 2, 0),
        CustomerTotal("dee", 2, 10**30 + 2**53 + 1),
    ]
    assert result == expected, f"expected {expected}, got {result}"


@pytest.mark.rule(3)
def test_a_customer_with_only_ignored_deliveries_is_not_listed() -> None:
    """a customer whose only delivery was a re-sent order_id gets no total at all"""
    orders = [Order("o1", "ann", 500), Order("o1", "zed", 500), Order("o2", "bob", 250)]
    result = customer_totals(orders)
    expected = [CustomerTotal("ann", 1, 500), CustomerTotal("bob", 1, 250)]
    assert result == expected, f"expected {expected}, got {result}"


@pytest.mark.rule(3)
def test_no_orders() -> None:
    """no orders give an empty list"""
    assert customer_totals([]) == []
    assert customer_totals(iter([])) == []


@pytest.mark.rule(4)
def test_customers_in_order_of_first_counted_order() -> None:
    """lists the customers in the order of their first counted order, not sorted"""
    orders = [Order("o1", "zoe", 1), Order("o2", "adam", 2), Order("o3", "mia", 3)]
    result = [t.customer for t in customer_totals(orders)]
    assert result == ["zoe", "adam", "mia"], f"expected ['zoe', 'adam', 'mia'], got {result}"


@pytest.mark.rule(4)
def test_an_ignored_delivery_does_not_place_a_customer() -> None:
    """a customer's place is that of their first COUNTED order, not of an ignored delivery"""
    orders = [
        Order("o1", "ann", 1),
        Order("o1", "bob", 1),  # ignored: o1 was already delivered
        Order("o2", "cy", 2),
        Order("o3", "bob", 3),
    ]
    result = [t.customer for t in customer_totals(orders)]
    assert result == ["ann", "cy", "bob"], f"expected ['ann', 'cy', 'bob'], got {result}"


@pytest.mark.rule(2, 3, 4)
@given(orders_strategy)
def test_same_results_as_the_original(orders: list[Order]) -> None:
    """gives the same results as the original for any orders"""
    expected = reference(orders)
    result = customer_totals(orders)
    assert result == expected, f"expected {expected}, got {result}"


# --- growth: counted comparisons -------------------------------------------------------------

N = 400
MAX_RATIO = 24  # linear code: about 8x; n log n: about 11x; quadratic code: about 64x


class TooManyComparisons(BaseException):
    """Stops a quadratic run early (a BaseException, so ``except Exception`` cannot hide it)."""


class Counter:
    comparisons = 0
    limit = 0


class Key(str):
    """A str that counts the comparisons made on it."""

    __hash__ = str.__hash__

    def _count(self) -> None:
        Counter.comparisons += 1
        if Counter.limit and Counter.comparisons > Counter.limit:
            raise TooManyComparisons

    def __eq__(self, other: object) -> bool:
        self._count()
        return str.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        self._count()
        return str.__ne__(self, other)

    def __lt__(self, other: str) -> bool:
        self._count()
        return str.__lt__(self, other)

    def __le__(self, other: str) -> bool:
        self._count()
        return str.__le__(self, other)

    def __gt__(self, other: str) -> bool:
        self._count()
        return str.__gt__(self, other)

    def __ge__(self, other: str) -> bool:
        self._count()
        return str.__ge__(self, other)


def growth_orders(n: int) -> list[Order]:
    """n orders with fresh Key objects: one in 8 re-sends an earlier order_id, and about one
    order in two is the first of a new customer."""
    return [
        Order(
            Key(f"o{i - 3}" if i % 8 == 7 else f"o{i}"),
            Key(f"customer{(i * 7919) % (n // 2 + 1)}"),
            i % 1000,
        )
        for i in range(n)
    ]


def comparisons(orders: list[Order], limit: int = 0) -> int:
    Counter.comparisons, Counter.limit = 0, limit
    try:
        customer_totals(orders)
    except TooManyComparisons:
        pass
    finally:
        Counter.limit = 0
    return Counter.comparisons


@pytest.mark.rule(5)
def test_work_grows_linearly() -> None:
    """8x more orders cost well under 64x more comparisons: no list scan per order"""
    small, large = growth_orders(N), growth_orders(8 * N)
    base = max(comparisons(small), N)
    limit = MAX_RATIO * base
    used = comparisons(large, limit + 1)
    assert used <= limit, (
        f"{8 * N} orders made more than {used // base}x as many comparisons of order ids and "
        f"customer names as {N} orders ({base}): linear code makes about 8x as many, "
        f"quadratic code about 64x, the limit is {MAX_RATIO}x. A list scan (`x in a_list`, "
        "`a_list.index(x)`) compares x with every element. "
        "Profile it: python -m cProfile -s tottime katas/find_the_hotspot.py"
    )

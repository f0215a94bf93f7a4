"""Hidden pytest checks for the find_the_hotspot kata: the same results, sub-quadratic growth."""

from __future__ import annotations

import gc
import time

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


orders_strategy = st.lists(
    st.builds(
        Order,
        order_id=st.sampled_from([f"o{i}" for i in range(8)]),
        customer=st.sampled_from(["ann", "bob", "cy", "dee", "eve"]),
        amount=st.integers(0, 10_000),
    ),
    max_size=30,
)


def test_totals_per_customer() -> None:
    """counts and sums the orders of each customer"""
    orders = [Order("o1", "ann", 500), Order("o2", "bob", 250), Order("o3", "ann", 100)]
    result = customer_totals(orders)
    expected = [CustomerTotal("ann", 2, 600), CustomerTotal("bob", 1, 250)]
    assert result == expected, f"expected {expected}, got {result}"


def test_customers_in_order_of_first_counted_order() -> None:
    """lists the customers in the order of their first counted order, not sorted"""
    orders = [Order("o1", "zoe", 1), Order("o2", "adam", 2), Order("o3", "mia", 3)]
    result = [t.customer for t in customer_totals(orders)]
    assert result == ["zoe", "adam", "mia"], f"expected ['zoe', 'adam', 'mia'], got {result}"


def test_first_delivery_counts() -> None:
    """only the first delivery of an order_id counts, even if a later one differs"""
    orders = [
        Order("o1", "ann", 500),
        Order("o1", "ann", 500),
        Order("o1", "bob", 9_999),
        Order("o2", "bob", 250),
    ]
    result = customer_totals(orders)
    expected = [CustomerTotal("ann", 1, 500), CustomerTotal("bob", 1, 250)]
    assert result == expected, f"expected {expected}, got {result}"


def test_no_orders() -> None:
    """no orders give an empty list"""
    assert customer_totals([]) == []


def test_reads_the_input_once() -> None:
    """accepts any iterable, such as a generator, and reads it only once"""
    orders = [Order("o1", "ann", 500), Order("o2", "bob", 250), Order("o1", "ann", 500)]
    result = customer_totals(order for order in orders)
    expected = [CustomerTotal("ann", 1, 500), CustomerTotal("bob", 1, 250)]
    assert result == expected, f"with a generator as input: expected {expected}, got {result}"


@given(orders_strategy)
def test_same_results_as_the_original(orders: list[Order]) -> None:
    """gives the same results as the original for any orders"""
    expected = reference(orders)
    result = customer_totals(orders)
    assert result == expected, f"expected {expected}, got {result}"


# --- scaling ---------------------------------------------------------------------------------

N = 700
MAX_RATIO = 30  # linear code: about 8x; quadratic code: about 64x


def timing_orders(n: int) -> list[Order]:
    """n orders, nearly all with a new order_id and a new customer; one in 8 is re-sent."""
    return [
        Order(f"o{i - 3}", f"c{i - 3}", i) if i % 8 == 7 else Order(f"o{i}", f"c{i}", i)
        for i in range(n)
    ]


def cpu_seconds(orders: list[Order]) -> float:
    """CPU time of one call: unlike the wall clock, it does not count waiting for a busy CPU."""
    gc.disable()
    try:
        start = time.process_time()
        customer_totals(orders)
        return time.process_time() - start
    finally:
        gc.enable()


def test_scales_sub_quadratically() -> None:
    """8x more orders take well under 64x longer: the growth is not quadratic"""
    small, large = timing_orders(N), timing_orders(8 * N)
    customer_totals(small)  # warm up
    small_times: list[float] = []
    large_times: list[float] = []
    for _ in range(3):  # best of up to 3 rounds, stopping as soon as the ratio is fine
        small_times += [cpu_seconds(small), cpu_seconds(small)]
        large_times.append(cpu_seconds(large))
        ratio = min(large_times) / max(min(small_times), 1e-6)
        if ratio <= MAX_RATIO:
            break
    assert ratio <= MAX_RATIO, (
        f"{8 * N} orders took {ratio:.0f}x as long as {N} "
        f"({min(large_times) * 1000:.0f} ms vs {min(small_times) * 1000:.1f} ms of CPU): "
        f"linear code takes about 8x, quadratic code about 64x, the limit is {MAX_RATIO}x. "
        "Profile it: python -m cProfile -s tottime katas/find_the_hotspot.py"
    )

"""Hidden mypy checks for the find_the_hotspot kata."""

from typing import assert_type

from katas.find_the_hotspot import CustomerTotal, Order, customer_totals


def check_takes_any_iterable_of_orders() -> None:
    """customer_totals takes any iterable of Orders (a list, a generator) and nothing else

    Rules: 6
    """
    orders = [Order("o1", "ann", 500)]
    assert_type(customer_totals(orders), list[CustomerTotal])
    assert_type(customer_totals(o for o in orders), list[CustomerTotal])
    assert_type(customer_totals(()), list[CustomerTotal])
    customer_totals([("o1", "ann", 500)])  # type: ignore[list-item]
    customer_totals(Order("o1", "ann", 500))  # type: ignore[arg-type]


def check_returns_typed_read_only_totals() -> None:
    """the result is a list of CustomerTotal with int fields, which are read-only

    Rules: 6
    """
    total = customer_totals([Order("o1", "ann", 500)])[0]
    assert_type(total.customer, str)
    assert_type(total.orders, int)
    assert_type(total.total, int)
    total.total = 0  # type: ignore[misc]

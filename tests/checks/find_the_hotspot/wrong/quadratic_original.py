"""The original, unchanged: two list scans per order make it O(n^2).

Caught by: test_scales_sub_quadratically
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Order:
    order_id: str
    customer: str
    amount: int  # in cents


@dataclass(frozen=True)
class CustomerTotal:
    customer: str
    orders: int
    total: int  # in cents


def customer_totals(orders: Iterable[Order]) -> list[CustomerTotal]:
    """Totals per customer over the first delivery of each order_id (correct, but slow)."""
    seen_ids: list[str] = []
    customers: list[str] = []
    counts: list[int] = []
    totals: list[int] = []
    for order in orders:
        if order.order_id in seen_ids:
            continue
        seen_ids.append(order.order_id)
        if order.customer not in customers:
            customers.append(order.customer)
            counts.append(0)
            totals.append(0)
        index = customers.index(order.customer)
        counts[index] += 1
        totals[index] += order.amount
    return [
        CustomerTotal(customer, count, total)
        for customer, count, total in zip(customers, counts, totals, strict=True)
    ]


def sample_orders(n: int) -> list[Order]:
    """n orders for profiling: about half the customers are new, one order in 8 is re-sent."""
    orders = []
    for i in range(n):
        order_id = f"o{i - 3}" if i % 8 == 7 else f"o{i}"
        orders.append(Order(order_id, f"customer{(i * 7919) % (n // 2 + 1)}", i % 1000))
    return orders


if __name__ == "__main__":
    print(len(customer_totals(sample_orders(10_000))), "customers")

"""Find the hotspot: profile an accidentally quadratic function with cProfile, then fix it.

Task
----
``customer_totals`` below is CORRECT, and it is what a nightly billing job calls. With a few
hundred orders it is instant; with 200,000 it runs for hours. Make it fast, keeping exactly the
same results. The queue that feeds the job delivers some orders more than once.

Rules
-----
1. ``orders`` may be any iterable of ``Order`` (a list, a tuple, a generator, a stream): read
   it only once, in a single pass.
2. Only the FIRST delivery of an ``order_id`` counts: later deliveries with the same
   ``order_id`` are ignored, even when their customer or amount differ. Ids are compared
   exactly, as the original does: ids that differ in case, spaces or any character (``"o1"``,
   ``"O1"``, ``" o1"``) are different orders.
3. The result has one ``CustomerTotal`` per customer with at least one counted order
   (customer names are compared exactly too, like order ids):
   ``orders`` is how many of their orders counted, ``total`` the sum of those amounts (any
   int, 0 or negative included). A customer whose only deliveries were ignored is not listed;
   no orders give ``[]``.
4. Customers come in the order of their first COUNTED order: not sorted, and an ignored
   delivery does not give a customer a place.
5. The work grows linearly (or as n log n) with the number of orders: no lookup may scan the
   order ids or the customers seen so far. The checks count how many times order ids and
   customer names are compared (``==``, ``<``, ...) on n and on 8n orders: linear code makes
   about 8x as many comparisons, n log n code about 11x, quadratic code about 64x; above 24x
   fails.
6. Same names and signatures, still typed:
   ``customer_totals(orders: Iterable[Order]) -> list[CustomerTotal]``, with ``Order`` and
   ``CustomerTotal`` left as they are (frozen dataclasses with typed fields).

How you are graded
------------------
- Hidden checks compare your results with the original's, on examples and on generated
  orders, and count the comparisons your function makes (rule 5). Comparisons are counted,
  not timed, so a busy machine does not change the verdict.
- Standard library only.

Profiling
---------
Measure before you change anything. The ``__main__`` block at the bottom runs the function on
sample data, so from the repository root::

    python -m cProfile -s cumtime katas/find_the_hotspot.py

prints one line per function: ``ncalls`` (calls), ``tottime`` (time spent in the function's
own code), ``cumtime`` (including everything it called). Sort by ``cumtime`` to follow the
time from the top down, by ``tottime`` (``-s tottime``) to see where it is actually burnt.
Builtin methods such as ``list.index`` get their own line; an expression such as ``x in a_list``
is not a call, so its cost shows up in the ``tottime`` of the function that contains it. To dig
further, save the profile (``-o profile.out``) and explore it with ``pstats``.

Example
-------
>>> orders = [Order("o1", "ann", 500), Order("o2", "bob", 250), Order("o1", "ann", 500),
...           Order("o3", "ann", 100)]
>>> for total in customer_totals(orders):
...     print(total)
CustomerTotal(customer='ann', orders=2, total=600)
CustomerTotal(customer='bob', orders=1, total=250)

Where to start
--------------
Run the profiler and read the top lines. For each lookup in the loop, ask what it costs as the
input grows (a list scan is O(n); a set or dict lookup is O(1) on average) and which data
structure answers the same question in constant time while keeping the required order. Run
the profiler again after the change: the hotspot should be gone.
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

"""Kill the mutants: write the pytest tests for a small shopping-cart module.

Task
----
``katas/cart.py`` is a small, correct module: a ``Cart`` with lines, a ``Coupon`` and sales
tax. Read it first: its docstrings are the specification. Your job is to write its tests, in
THIS file. All money is in integer cents. Your tests must pin down every rule below: each
rule is a behaviour of ``cart.py`` that some hidden mutant gets wrong.

Rules
-----
1. ``Coupon(code, percent, minimum_subtotal=0)`` accepts a ``percent`` from 1 to 100, both
   ends included (1 and 100 are valid); 0, a negative percent or more than 100 raises
   ``ValueError``.
2. ``Cart.add(sku, unit_price, quantity=1)`` accepts a ``unit_price`` of 0 (a free item) or
   more; a negative unit price raises ``ValueError``.
3. ``Cart.add`` accepts a ``quantity`` of 1 or more; 0 or a negative quantity raises
   ``ValueError``.
4. Adding a SKU that is already in the cart, at its unit price, adds to the quantity of its
   line: 4 apples, then 3 more, make a line of 7 apples.
5. Adding a SKU that is already in the cart at a different unit price raises ``ValueError``
   and leaves the line as it was (same price, same quantity).
6. ``Cart.remove(sku)`` deletes the SKU's whole line, whatever its quantity (4 apples go at
   once): the subtotal no longer counts it, and adding the SKU again afterwards starts a new
   line, at any unit price.
7. ``Cart.remove`` of a SKU that is not in the cart raises ``KeyError`` and changes nothing.
8. ``Cart.quantity(sku)`` is the number of units on the SKU's line, and 0 (not an error) for
   a SKU the cart has no line for.
9. ``Cart.subtotal()`` is the sum of ``unit_price * quantity`` over the lines (0 for an empty
   cart).
10. ``Cart.total(coupon, tax_rate)``: the coupon's discount is ``percent`` % of the subtotal
    rounded DOWN to a whole cent, even when the fraction is .5 or more (33 % of 320 is 105.6:
    the discount is 105), and it is taken once.
11. The coupon applies only when the subtotal is at least its ``minimum_subtotal``: a subtotal
    exactly equal to the minimum gets the discount, one cent less gets none.
12. Tax is ``tax_rate`` times the amount AFTER the discount (not the subtotal); the total is
    that amount plus the tax.
13. Tax is rounded to the nearest cent, an exact half cent UP: 70.28 becomes 70, 70.7 becomes
    71, 0.5 becomes 1 and 2.5 becomes 3.
14. ``make_cart(*lines)`` below is typed: it takes ``(sku, unit_price, quantity)`` tuples of
    ``(str, int, int)`` and returns a ``Cart`` holding those lines, added in order.

How you are graded
------------------
- The grader runs your tests against the correct ``cart.py``, where every one of your tests
  must pass, then against several hidden *mutants* of it: copies with one realistic bug
  planted each (a boundary off by one, a rounding mode, a step done in the wrong order, ...).
  A mutant is *killed* when at least one of your tests fails on it. You solve the kata when
  your tests pass on the correct code and kill every mutant. When a mutant survives, the
  grader names the behaviour your tests did not notice, never its code.
- Import the module under test as ``from katas.cart import Cart, Coupon``: the grader puts
  each mutant behind that name.
- Plain pytest: ``assert``, ``pytest.raises``, fixtures and ``@pytest.mark.parametrize``.
  No network, no randomness, no files outside ``tmp_path``.
- A test that asserts nothing, swallows every exception or is skipped kills nothing. Work out
  every expected value by hand: an expectation computed with the code under test checks
  nothing.
- Complete the typed factory ``make_cart`` below and build your carts with it.
- The module must type-check under ``mypy --strict``: annotate tests and fixtures
  (``def test_x(fruit: Cart) -> None:``, ``def fruit() -> Cart:``).

Example
-------
These two show the tools (a fixture, ``parametrize`` and ``pytest.raises``); they pass on the
correct code, but neither is the whole of its rule::

    @pytest.fixture
    def fruit() -> Cart:
        return make_cart(("apple", 50, 4), ("pear", 120, 1))


    def test_subtotal_is_the_sum_of_price_times_quantity(fruit: Cart) -> None:
        assert fruit.subtotal() == 4 * 50 + 120


    @pytest.mark.parametrize("percent", [0, 101])
    def test_a_coupon_takes_1_to_100_percent(percent: int) -> None:
        with pytest.raises(ValueError, match="percent"):
            Coupon("BAD", percent)

Where to start
--------------
Implement ``make_cart``. Then take the rules one at a time and write a test per rule, each
with an exact expected value worked out by hand (never computed with the code under test).
Then think about boundaries: the value exactly at a limit, a half cent, the same SKU twice,
the order of the steps in ``total``. Run your tests with ``pytest katas/kill_the_mutants.py``,
and grade them with ``nox -s check -- kill_the_mutants``.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from katas.cart import Cart, Coupon

Line = tuple[str, int, int]


def make_cart(*lines: Line) -> Cart:
    """A new cart holding the given ``(sku, unit_price, quantity)`` lines, added in order."""
    raise NotImplementedError

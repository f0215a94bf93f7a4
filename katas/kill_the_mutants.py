"""Kill the mutants: write the pytest tests for a small shopping-cart module.

Task
----
``katas/cart.py`` is a small, correct module: a ``Cart`` with lines, a ``Coupon`` and sales
tax. Read it first: its docstrings are the specification. Your job is to write its tests, in
THIS file.

The grader runs your tests twice over:

1. against the correct ``cart.py``, where every one of your tests must pass;
2. against several hidden *mutants* of it: copies with one realistic bug planted each (a
   boundary off by one, a rounding mode, a step done in the wrong order, ...). A mutant is
   *killed* when at least one of your tests fails on it.

You solve the kata when your tests pass on the correct code and kill every mutant. When a
mutant survives, the grader names the behaviour your tests did not notice, never its code.

Rules
-----
- Import the module under test as ``from katas.cart import Cart, Coupon``: the grader puts
  each mutant behind that name.
- Plain pytest: ``assert``, ``pytest.raises``, fixtures and ``@pytest.mark.parametrize``.
  No network, no randomness, no files outside ``tmp_path``.
- A test that asserts nothing, swallows every exception or is skipped kills nothing.
- Complete the typed factory ``make_cart`` below and build your carts with it.
- The module must type-check under ``mypy --strict``: annotate tests and fixtures
  (``def test_x(fruit: Cart) -> None:``, ``def fruit() -> Cart:``).

Example
-------
These two show the tools; they pass on the correct code but kill no mutant yet::

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
Implement ``make_cart``. Then take the docstrings of ``cart.py`` one rule at a time and write
a test per rule, each with an exact expected value worked out by hand (never computed with the
code under test). Then think about boundaries: the value exactly at a limit, a half cent, the
same SKU twice, the order of the steps in ``total``. Run your tests with
``pytest katas/kill_the_mutants.py``, and grade them with ``nox -s check -- kill_the_mutants``.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from katas.cart import Cart, Coupon

Line = tuple[str, int, int]


def make_cart(*lines: Line) -> Cart:
    """A new cart holding the given ``(sku, unit_price, quantity)`` lines, added in order."""
    raise NotImplementedError

"""Only the happy path: typical values checked exactly, but no boundary and no error case.

Every test is sensible, yet nothing sits at a limit (the coupon minimum, a half cent), repeats
a SKU or expects an exception, so the mutants that only misbehave there survive.

Caught by: mutant_minimum_is_exclusive, mutant_tax_rounded_half_even, mutant_add_replaces_quantity
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from katas.cart import Cart, Coupon

Line = tuple[str, int, int]


def make_cart(*lines: Line) -> Cart:
    cart = Cart()
    for sku, unit_price, quantity in lines:
        cart.add(sku, unit_price, quantity)
    return cart


@pytest.fixture
def fruit() -> Cart:
    return make_cart(("apple", 50, 4), ("pear", 120, 1))


def test_subtotal(fruit: Cart) -> None:
    assert fruit.subtotal() == 320


def test_total_with_coupon_and_tax(fruit: Cart) -> None:
    assert fruit.total(Coupon("SAVE10", 10), Decimal("0.25")) == 360


def test_tax_rounds_up_from_seven_tenths() -> None:
    assert make_cart(("item", 1010, 1)).total(tax_rate=Decimal("0.07")) == 1081

"""Good assertions wrapped in try/except: every failure is caught, so no test can fail.

Caught by: mutant_discount_applied_twice, mutant_tax_before_discount, mutant_minimum_is_exclusive
"""

from __future__ import annotations

from decimal import Decimal

from katas.cart import Cart, Coupon

Line = tuple[str, int, int]


def make_cart(*lines: Line) -> Cart:
    cart = Cart()
    for sku, unit_price, quantity in lines:
        cart.add(sku, unit_price, quantity)
    return cart


def test_total_with_coupon_and_tax() -> None:
    try:
        cart = make_cart(("apple", 50, 4), ("pear", 120, 1))
        assert cart.total(Coupon("SAVE10", 10, minimum_subtotal=320), Decimal("0.25")) == 360
    except Exception:
        pass

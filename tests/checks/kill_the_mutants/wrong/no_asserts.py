"""Tests that call every method but assert nothing: full coverage, no checks, no kills.

Line coverage is 100 %, and yet no result is compared with an expected value.

Caught by: mutant_discount_applied_twice, mutant_tax_before_discount, mutant_add_replaces_quantity
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


def test_every_method_runs() -> None:
    cart = make_cart(("apple", 50, 4), ("pear", 120, 1))
    cart.add("apple", 50, 2)
    cart.subtotal()
    cart.total(Coupon("SAVE10", 10), Decimal("0.07"))
    cart.quantity("apple")
    cart.remove("pear")

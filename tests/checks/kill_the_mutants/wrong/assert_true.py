"""Tests that only `assert True`: they pass on any code, so every mutant survives.

Caught by: mutant_discount_applied_twice, mutant_zero_quantity_accepted
"""

from __future__ import annotations

from katas.cart import Cart

Line = tuple[str, int, int]


def make_cart(*lines: Line) -> Cart:
    cart = Cart()
    for sku, unit_price, quantity in lines:
        cart.add(sku, unit_price, quantity)
    return cart


def test_cart() -> None:
    assert True


def test_total() -> None:
    assert True

"""A test whose expected value is wrong: it assumes tax is truncated to the cent.

It fails on the correct module, so the grader cannot trust any of the module's tests.

Caught by: tests_pass_on_correct_code
"""

from __future__ import annotations

from decimal import Decimal

from katas.cart import Cart

Line = tuple[str, int, int]


def make_cart(*lines: Line) -> Cart:
    cart = Cart()
    for sku, unit_price, quantity in lines:
        cart.add(sku, unit_price, quantity)
    return cart


def test_subtotal() -> None:
    assert make_cart(("apple", 50, 4)).subtotal() == 200


def test_tax_is_truncated() -> None:
    assert make_cart(("item", 1010, 1)).total(tax_rate=Decimal("0.07")) == 1080

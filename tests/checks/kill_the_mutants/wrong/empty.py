"""An empty test module: no test functions at all, so nothing is checked.

Caught by: tests_pass_on_correct_code
"""

from __future__ import annotations

from katas.cart import Cart

Line = tuple[str, int, int]


def make_cart(*lines: Line) -> Cart:
    cart = Cart()
    for sku, unit_price, quantity in lines:
        cart.add(sku, unit_price, quantity)
    return cart

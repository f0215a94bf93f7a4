"""Hidden mypy checks for the kill_the_mutants kata: the test module's factory helper is typed."""

from typing import assert_type

from katas.cart import Cart
from katas.kill_the_mutants import make_cart


def check_make_cart_is_typed() -> None:
    """make_cart takes (sku, unit_price, quantity) tuples and returns a Cart

    Rules: 14
    """
    assert_type(make_cart(), Cart)
    assert_type(make_cart(("apple", 50, 4), ("pear", 120, 1)), Cart)
    make_cart(("apple", "50", 4))  # type: ignore[arg-type]
    make_cart(("apple", 50))  # type: ignore[arg-type]
    make_cart(Cart())  # type: ignore[arg-type]

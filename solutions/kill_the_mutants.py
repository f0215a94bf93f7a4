"""Tests for katas/cart.py: one test per documented rule, plus its boundaries."""

from __future__ import annotations

from decimal import Decimal

import pytest

from katas.cart import Cart, Coupon

Line = tuple[str, int, int]


def make_cart(*lines: Line) -> Cart:
    """A cart holding the given ``(sku, unit_price, quantity)`` lines."""
    cart = Cart()
    for sku, unit_price, quantity in lines:
        cart.add(sku, unit_price, quantity)
    return cart


@pytest.fixture
def fruit() -> Cart:
    """Four apples at 50 and one pear at 120: subtotal 320."""
    return make_cart(("apple", 50, 4), ("pear", 120, 1))


def test_subtotal_is_the_sum_of_price_times_quantity(fruit: Cart) -> None:
    assert fruit.subtotal() == 4 * 50 + 120


def test_an_empty_cart_costs_nothing() -> None:
    assert Cart().total(Coupon("ALL", 100), Decimal("0.2")) == 0


def test_adding_a_sku_again_adds_to_its_quantity(fruit: Cart) -> None:
    fruit.add("apple", 50, 3)
    assert fruit.quantity("apple") == 7
    assert fruit.subtotal() == 7 * 50 + 120


def test_adding_a_sku_again_at_another_price_is_refused(fruit: Cart) -> None:
    with pytest.raises(ValueError, match="apple"):
        fruit.add("apple", 55)
    assert fruit.quantity("apple") == 4


@pytest.mark.parametrize("quantity", [0, -1])
def test_a_quantity_below_one_is_refused(quantity: int) -> None:
    cart = Cart()
    with pytest.raises(ValueError, match="quantity"):
        cart.add("apple", 50, quantity)
    assert cart.quantity("apple") == 0


def test_a_free_item_is_accepted_but_a_negative_price_is_not() -> None:
    cart = make_cart(("sticker", 0, 2))
    assert cart.quantity("sticker") == 2
    with pytest.raises(ValueError, match="unit_price"):
        cart.add("refund", -1)


def test_remove_deletes_the_whole_line(fruit: Cart) -> None:
    fruit.remove("apple")
    assert fruit.quantity("apple") == 0
    assert fruit.subtotal() == 120


def test_removing_an_unknown_sku_raises_key_error(fruit: Cart) -> None:
    with pytest.raises(KeyError):
        fruit.remove("banana")
    assert fruit.subtotal() == 320


@pytest.mark.parametrize("percent", [0, 101])
def test_a_coupon_takes_1_to_100_percent(percent: int) -> None:
    with pytest.raises(ValueError, match="percent"):
        Coupon("BAD", percent)


@pytest.mark.parametrize(
    ("coupon", "expected"),
    [
        (None, 320),
        (Coupon("SAVE10", 10), 288),
        (Coupon("HALF", 50), 160),
        (Coupon("ALL", 100), 0),
        (Coupon("ODD", 33), 215),  # 33% of 320 is 105.6: the discount is rounded down to 105
    ],
)
def test_the_coupon_takes_its_percentage_off(
    fruit: Cart, coupon: Coupon | None, expected: int
) -> None:
    assert fruit.total(coupon) == expected


@pytest.mark.parametrize(
    ("minimum", "expected"),
    [(319, 288), (320, 288), (321, 320)],
)
def test_the_coupon_needs_the_minimum_subtotal(fruit: Cart, minimum: int, expected: int) -> None:
    assert fruit.total(Coupon("SAVE10", 10, minimum_subtotal=minimum)) == expected


def test_tax_is_charged_after_the_discount(fruit: Cart) -> None:
    # 320 - 10% = 288; 25% tax on 288 = 72
    assert fruit.total(Coupon("SAVE10", 10), Decimal("0.25")) == 360


@pytest.mark.parametrize(
    ("price", "rate", "expected"),
    [
        (1000, "0.07", 1070),  # exact
        (1010, "0.07", 1081),  # 70.7 rounds up to 71
        (1004, "0.07", 1074),  # 70.28 rounds down to 70
        (50, "0.01", 51),  # exactly half a cent: up, to 1
        (150, "0.01", 152),  # exactly 1.5 cents: up, to 2
    ],
)
def test_tax_is_rounded_to_the_nearest_cent_halves_up(price: int, rate: str, expected: int) -> None:
    assert make_cart(("item", price, 1)).total(tax_rate=Decimal(rate)) == expected

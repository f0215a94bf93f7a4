"""Tests for katas/cart.py: one group of tests per rule of the kata, with its boundaries."""

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


@pytest.fixture
def basket() -> Cart:
    """One line of one unit at 320, so that totals depend on the coupon and tax alone."""
    return make_cart(("basket", 320, 1))


# Rule 1: a coupon takes 1 to 100 percent off, both ends included.


@pytest.mark.parametrize("percent", [0, -10, 101])
def test_a_coupon_outside_1_to_100_percent_is_refused(percent: int) -> None:
    with pytest.raises(ValueError, match="percent"):
        Coupon("BAD", percent)


@pytest.mark.parametrize("percent", [1, 100])
def test_a_coupon_of_1_or_100_percent_is_accepted(percent: int) -> None:
    assert Coupon("EDGE", percent).percent == percent


# Rule 2: a unit price of 0 is accepted, a negative one is not.


def test_a_free_item_is_accepted() -> None:
    cart = make_cart(("sticker", 0, 2))
    assert cart.quantity("sticker") == 2
    assert cart.subtotal() == 0


def test_a_negative_unit_price_is_refused() -> None:
    cart = Cart()
    with pytest.raises(ValueError, match="unit_price"):
        cart.add("refund", -1)
    assert cart.subtotal() == 0


# Rule 3: a quantity below 1 is refused.


@pytest.mark.parametrize("quantity", [0, -1])
def test_a_quantity_below_one_is_refused(quantity: int) -> None:
    cart = Cart()
    with pytest.raises(ValueError, match="quantity"):
        cart.add("apple", 50, quantity)
    assert cart.subtotal() == 0


# Rule 4: adding a SKU again adds to its line.


def test_adding_a_sku_again_adds_to_its_quantity(fruit: Cart) -> None:
    fruit.add("apple", 50, 3)
    assert fruit.quantity("apple") == 7
    assert fruit.quantity("pear") == 1


# Rule 5: adding a SKU again at another price is refused, and the line is unchanged.


def test_adding_a_sku_again_at_another_price_is_refused(fruit: Cart) -> None:
    with pytest.raises(ValueError, match="apple"):
        fruit.add("apple", 55, 2)
    assert fruit.quantity("apple") == 4
    fruit.add("apple", 50)  # still at its old price: no ValueError


# Rule 6: remove deletes the whole line; the SKU can then come back at any price.


def test_remove_deletes_the_whole_line(fruit: Cart) -> None:
    fruit.remove("apple")
    assert fruit.subtotal() == 120


def test_a_removed_sku_can_be_added_again_at_another_price(fruit: Cart) -> None:
    fruit.remove("apple")
    fruit.add("apple", 40, 2)
    assert fruit.quantity("apple") == 2


# Rule 7: removing an unknown SKU raises KeyError and changes nothing.


def test_removing_an_unknown_sku_raises_key_error(fruit: Cart) -> None:
    with pytest.raises(KeyError):
        fruit.remove("banana")
    assert fruit.quantity("apple") == 4
    assert fruit.quantity("pear") == 1


# Rule 8: the quantity of a SKU the cart has no line for is 0.


def test_the_quantity_of_a_sku_not_in_the_cart_is_zero(fruit: Cart) -> None:
    assert fruit.quantity("banana") == 0
    assert Cart().quantity("apple") == 0


# Rule 9: the subtotal is the sum of unit_price * quantity.


def test_subtotal_is_the_sum_of_price_times_quantity(fruit: Cart) -> None:
    assert fruit.subtotal() == 4 * 50 + 120


def test_an_empty_cart_has_a_subtotal_of_zero() -> None:
    assert Cart().subtotal() == 0


# Rule 10: the discount is percent % of the subtotal, rounded down, taken once.


@pytest.mark.parametrize(
    ("coupon", "expected"),
    [
        (None, 320),
        (Coupon("SAVE10", 10), 288),
        (Coupon("HALF", 50), 160),
        (Coupon("ODD", 33), 215),  # 33 % of 320 is 105.6: the discount is rounded down to 105
        (Coupon("MOST", 99), 4),  # 99 % of 320 is 316.8: rounded down to 316
    ],
)
def test_the_coupon_takes_its_percentage_off(
    basket: Cart, coupon: Coupon | None, expected: int
) -> None:
    assert basket.total(coupon) == expected


# Rule 11: the coupon needs a subtotal of at least its minimum; exactly the minimum qualifies.


@pytest.mark.parametrize(("minimum", "expected"), [(319, 288), (320, 288), (321, 320)])
def test_the_coupon_needs_the_minimum_subtotal(basket: Cart, minimum: int, expected: int) -> None:
    assert basket.total(Coupon("SAVE10", 10, minimum_subtotal=minimum)) == expected


# Rule 12: tax is charged on the amount after the discount.


def test_tax_is_charged_after_the_discount(basket: Cart) -> None:
    # 320 - 10% = 288; 25% tax on 288 = 72 (on 320 it would be 80)
    assert basket.total(Coupon("SAVE10", 10), Decimal("0.25")) == 360


# Rule 13: tax is rounded to the nearest cent, an exact half cent up.


@pytest.mark.parametrize(
    ("price", "rate", "expected"),
    [
        (1000, "0.07", 1070),  # exact
        (1010, "0.07", 1081),  # 70.7 rounds up to 71
        (1004, "0.07", 1074),  # 70.28 rounds down to 70
        (50, "0.01", 51),  # exactly half a cent: up, to 1
        (150, "0.01", 152),  # exactly 1.5 cents: up, to 2
        (250, "0.01", 253),  # exactly 2.5 cents: up, to 3 (not to the even 2)
    ],
)
def test_tax_is_rounded_to_the_nearest_cent_halves_up(price: int, rate: str, expected: int) -> None:
    assert make_cart(("item", price, 1)).total(tax_rate=Decimal(rate)) == expected

"""a negative quantity is accepted

Breaks: 3
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class Coupon:
    """A percentage off the subtotal, valid once the subtotal reaches ``minimum_subtotal``.

    ``percent`` must be from 1 to 100, both included (1 and 100 are valid), else
    ``ValueError``.
    """

    code: str
    percent: int
    minimum_subtotal: int = 0

    def __post_init__(self) -> None:
        if not 1 <= self.percent <= 100:
            raise ValueError(f"a coupon takes 1 to 100 percent off, not {self.percent}")


class Cart:
    """The lines of one order, one line per SKU."""

    def __init__(self) -> None:
        self._prices: dict[str, int] = {}
        self._quantities: dict[str, int] = {}

    def add(self, sku: str, unit_price: int, quantity: int = 1) -> None:
        """Add ``quantity`` units of ``sku`` at ``unit_price`` cents each.

        ``unit_price`` must be 0 (a free item) or more, and ``quantity`` 1 or more, else
        ``ValueError``. Adding a SKU that is already in the cart adds to the quantity of its
        line; the unit price must then be the line's price, else ``ValueError``. An ``add``
        that raises leaves the cart as it was.
        """
        if unit_price < 0:
            raise ValueError(f"unit_price must be >= 0, not {unit_price}")
        if quantity == 0:
            raise ValueError(f"quantity must be >= 1, not {quantity}")
        if sku in self._prices and self._prices[sku] != unit_price:
            raise ValueError(f"{sku} is in the cart at {self._prices[sku]}, not {unit_price}")
        self._prices[sku] = unit_price
        self._quantities[sku] = self._quantities.get(sku, 0) + quantity

    def remove(self, sku: str) -> None:
        """Remove the whole line of ``sku``, whatever its quantity.

        The SKU is then no longer in the cart: adding it again starts a new line, at any unit
        price. ``KeyError`` if the SKU is not in the cart (the cart is left as it was).
        """
        if sku not in self._quantities:
            raise KeyError(sku)
        del self._prices[sku]
        del self._quantities[sku]

    def quantity(self, sku: str) -> int:
        """How many units of ``sku`` the cart holds (0, not an error, when it has no line)."""
        return self._quantities.get(sku, 0)

    def subtotal(self) -> int:
        """The sum of ``unit_price * quantity`` over the lines (0 for an empty cart)."""
        return sum(self._prices[sku] * n for sku, n in self._quantities.items())

    def total(self, coupon: Coupon | None = None, tax_rate: Decimal = Decimal(0)) -> int:
        """What the customer pays, computed in this order:

        1. the subtotal;
        2. the coupon's discount, taken once: ``percent`` % of the subtotal rounded DOWN to a
           whole cent, but only when the subtotal is at least the coupon's
           ``minimum_subtotal`` (a subtotal exactly equal to the minimum qualifies);
        3. the tax: ``tax_rate`` times the discounted amount (after the discount, not the
           subtotal), rounded to the nearest cent, an exact half cent rounded UP
           (``Decimal.quantize`` with ``ROUND_HALF_UP``);
        4. total = discounted amount + tax.
        """
        subtotal = self.subtotal()
        discount = 0
        if coupon is not None and subtotal >= coupon.minimum_subtotal:
            discount = subtotal * coupon.percent // 100
        taxable = subtotal - discount
        tax = (taxable * tax_rate).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return taxable + int(tax)

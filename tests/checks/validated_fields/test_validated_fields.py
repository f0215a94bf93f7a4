"""Hidden pytest checks for the validated_fields kata: descriptors with __set_name__."""

from __future__ import annotations

import enum
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from katas.validated_fields import BoundedStr, Field, OneOf, PositiveInt

STATUSES = ("new", "paid", "shipped")


def order_class() -> type[Any]:
    """A fresh plain class using each validator (built per test: nothing runs at import)."""

    class Order:
        quantity = PositiveInt()
        customer = BoundedStr(min_length=1, max_length=8)
        status = OneOf(*STATUSES)

    return Order


@pytest.mark.rule(2, 4)
def test_values_round_trip() -> None:
    """a valid value assigned to each field reads back unchanged"""
    order = order_class()()
    order.quantity = 3
    order.customer = "ada"
    order.status = "paid"
    got = (order.quantity, order.customer, order.status)
    assert got == (3, "ada", "paid"), f"expected (3, 'ada', 'paid') read back, got {got}"
    order.quantity = 7
    assert order.quantity == 7, f"expected 7 after reassigning quantity, got {order.quantity!r}"


@pytest.mark.rule(2)
def test_instances_do_not_share_values() -> None:
    """two instances keep their own values (the value is not stored on the descriptor)"""
    order_cls = order_class()
    first, second = order_cls(), order_cls()
    first.quantity, first.customer, first.status = 1, "ada", "new"
    second.quantity, second.customer, second.status = 2, "grace", "shipped"
    got = (first.quantity, first.customer, first.status)
    assert got == (1, "ada", "new"), (
        f"setting fields on a second instance changed the first one: expected (1, 'ada', 'new'),"
        f" got {got}"
    )
    got = (second.quantity, second.customer, second.status)
    assert got == (2, "grace", "shipped"), f"expected (2, 'grace', 'shipped'), got {got}"


@pytest.mark.rule(2)
def test_fields_of_one_type_do_not_share_values() -> None:
    """two attributes using the same validator type keep separate values"""

    class Box:
        width = PositiveInt()
        height = PositiveInt()
        label = BoundedStr(max_length=5)
        note = BoundedStr(max_length=5)

    box = Box()
    box.width, box.height, box.label, box.note = 4, 9, "lid", "side"
    got = (box.width, box.height, box.label, box.note)
    assert got == (4, 9, "lid", "side"), (
        f"expected width 4, height 9, label 'lid', note 'side'; got {got}: values must be "
        "stored under each attribute's own name"
    )


@pytest.mark.rule(2)
def test_values_live_on_the_instance() -> None:
    """instances of two classes and many instances of one class never see each other's values"""
    order_cls, other_cls = order_class(), order_class()
    orders = [order_cls() for _ in range(5)]
    for number, order in enumerate(orders, start=1):
        order.quantity = number
    other = other_cls()
    other.quantity = 99
    got = [order.quantity for order in orders]
    assert got == [1, 2, 3, 4, 5], f"expected quantities [1, 2, 3, 4, 5], got {got}"
    fresh = order_cls()
    with pytest.raises(AttributeError):
        _ = fresh.quantity


@pytest.mark.rule(2)
def test_the_result_of_validate_is_stored() -> None:
    """__set__ stores what validate returns, which may differ from the value assigned"""

    class Trimmed(Field):  # not Field[str], so that this check does not depend on rule 10
        def validate(self, value: object) -> str:
            return str(value).strip()

    class Tag:
        label = Trimmed()

    tag = Tag()
    tag.label = "  sale  "
    assert tag.label == "sale", (
        f"validate returned 'sale' for '  sale  ', but the field reads {tag.label!r}: store "
        "the result of self.validate(value), not the value as assigned"
    )
    assert "sale" in vars(tag).values(), f"expected 'sale' in vars(tag), got {vars(tag)}"


@pytest.mark.rule(4)
def test_falsy_instances_get_their_own_values() -> None:
    """an instance that is falsy (it defines __bool__ or __len__) still reads its own value"""

    class EmptyCart:
        quantity = PositiveInt()

        def __len__(self) -> int:
            return 0

    cart = EmptyCart()
    with pytest.raises(AttributeError, match="quantity"):
        _ = cart.quantity
    cart.quantity = 2
    assert cart.quantity == 2, (
        f"expected 2 read from a falsy instance, got {cart.quantity!r} (only a missing "
        "instance, None, means access on the class)"
    )


@pytest.mark.rule(1, 5)
def test_class_access_returns_the_descriptor() -> None:
    """reading the attribute on the class returns the descriptor itself, named by __set_name__"""
    order_cls = order_class()
    descriptor = order_cls.quantity
    assert descriptor is vars(order_cls)["quantity"], (
        f"expected Order.quantity to be the PositiveInt descriptor, got {descriptor!r}"
    )
    assert isinstance(order_cls.customer, BoundedStr), (
        f"expected Order.customer to be a BoundedStr, got {order_cls.customer!r}"
    )
    assert isinstance(order_cls.status, OneOf), f"expected a OneOf, got {order_cls.status!r}"
    assert isinstance(descriptor, Field), "PositiveInt should be a subclass of Field"
    names = (order_cls.quantity.name, order_cls.customer.name, order_cls.status.name)
    assert names == ("quantity", "customer", "status"), (
        f"expected descriptor names ('quantity', 'customer', 'status') recorded by "
        f"__set_name__, got {names}"
    )


@pytest.mark.rule(4)
def test_unset_field_raises_attribute_error() -> None:
    """reading a field that was never set raises AttributeError naming the attribute"""
    order = order_class()()
    with pytest.raises(AttributeError) as caught:
        _ = order.customer
    assert "customer" in str(caught.value), (
        f"expected the AttributeError message to name 'customer', got {str(caught.value)!r}"
    )
    assert not hasattr(order, "quantity"), "hasattr() should be False for an unset field"


@pytest.mark.rule(6)
@pytest.mark.parametrize(
    ("attribute", "value", "error"),
    [
        ("quantity", 0, ValueError),
        ("quantity", "3", TypeError),
        ("customer", "", ValueError),
        ("customer", 42, TypeError),
        ("status", "lost", ValueError),
    ],
)
def test_error_messages_name_the_attribute(
    attribute: str, value: object, error: type[Exception]
) -> None:
    """every validation error names the attribute that was assigned"""

    class Shipment:
        count = PositiveInt()
        quantity = PositiveInt()
        customer = BoundedStr(min_length=1, max_length=8)
        carrier = BoundedStr(min_length=1, max_length=8)
        status = OneOf(*STATUSES)

    shipment = Shipment()
    with pytest.raises(error) as caught:
        setattr(shipment, attribute, value)
    message = str(caught.value)
    assert attribute in message, (
        f"expected the {error.__name__} for {attribute} = {value!r} to name {attribute!r}, "
        f"got {message!r}"
    )


@pytest.mark.rule(3)
def test_rejected_value_keeps_the_old_one() -> None:
    """a rejected assignment leaves the previous value in place"""
    order = order_class()()
    order.quantity, order.customer, order.status = 5, "ada", "new"
    for attribute, bad in (("quantity", -1), ("customer", "x" * 9), ("status", "lost")):
        with pytest.raises((TypeError, ValueError)):
            setattr(order, attribute, bad)
    got = (order.quantity, order.customer, order.status)
    assert got == (5, "ada", "new"), f"expected the old values (5, 'ada', 'new'), got {got}"


@pytest.mark.rule(7)
def test_positive_int_rules() -> None:
    """PositiveInt: 1 is accepted; 0 and negatives raise ValueError; bool, float, str TypeError"""
    order = order_class()()
    order.quantity = 1
    assert order.quantity == 1, f"expected 1, got {order.quantity!r}"
    for bad in (0, -5):
        with pytest.raises(ValueError, match="quantity"):
            order.quantity = bad
    for wrong in (True, 2.0, "2", None):
        with pytest.raises(TypeError, match="quantity"):
            order.quantity = wrong


@pytest.mark.rule(8)
def test_bounded_str_bounds_are_inclusive() -> None:
    """BoundedStr accepts exactly min_length and max_length characters, not one more or less"""

    class User:
        handle = BoundedStr(min_length=2, max_length=4)

    user = User()
    for ok in ("ab", "abcd"):
        user.handle = ok
        assert user.handle == ok, f"expected {ok!r} to be accepted, got {user.handle!r}"
    for bad in ("a", "abcde"):
        with pytest.raises(ValueError, match="handle"):
            user.handle = bad
    with pytest.raises(TypeError, match="handle"):
        user.handle = b"abc"


@pytest.mark.rule(7, 8, 9)
@given(
    quantity=st.integers(min_value=1),
    customer=st.text(min_size=1, max_size=8),
    status=st.sampled_from(STATUSES),
)
def test_any_valid_value_round_trips(quantity: int, customer: str, status: str) -> None:
    """any valid value is accepted and reads back equal"""
    order = order_class()()
    order.quantity, order.customer, order.status = quantity, customer, status
    got = (order.quantity, order.customer, order.status)
    assert got == (quantity, customer, status), (
        f"expected {(quantity, customer, status)!r} read back, got {got!r}"
    )


non_ints = st.one_of(
    st.booleans(),
    st.floats(allow_nan=False),
    st.text(),
    st.none(),
    st.lists(st.integers()),
    st.decimals(allow_nan=False),
)
non_strs = st.one_of(st.integers(), st.floats(allow_nan=False), st.binary(), st.none())


@pytest.mark.rule(3, 7, 8, 9)
@given(
    case=st.one_of(
        st.tuples(st.just("quantity"), st.integers(max_value=0), st.just(ValueError)),
        st.tuples(st.just("quantity"), non_ints, st.just(TypeError)),
        st.tuples(st.just("customer"), st.text(min_size=9), st.just(ValueError)),
        st.tuples(st.just("customer"), st.just(""), st.just(ValueError)),
        st.tuples(st.just("customer"), non_strs, st.just(TypeError)),
        st.tuples(
            st.just("status"),
            st.one_of(
                st.text(),
                st.integers(),
                st.none(),
                st.lists(st.text()),
                st.dictionaries(st.text(), st.text()),
            ).filter(lambda v: v not in STATUSES),
            st.just(ValueError),
        ),
    )
)
def test_any_invalid_value_raises(case: tuple[str, object, type[Exception]]) -> None:
    """any invalid value raises (TypeError for a wrong type, ValueError for a bad value)"""
    attribute, value, error = case
    order = order_class()()
    with pytest.raises(error):
        setattr(order, attribute, value)
    with pytest.raises(AttributeError):
        getattr(order, attribute)


@pytest.mark.rule(2)
def test_values_are_stored_in_the_instance_dict() -> None:
    """the value is stored in vars(instance); unhashable instances work too"""
    order = order_class()()
    customer = "".join(["a", "d", "a"])  # a str object of its own
    order.customer = customer
    assert any(value is customer for value in vars(order).values()), (
        f"expected the value in the instance's own __dict__ (vars(order)), got {vars(order)}: "
        "it must live on the instance, not on the descriptor"
    )

    class Line:  # defines __eq__, so its instances are unhashable
        quantity = PositiveInt()
        sku = BoundedStr(max_length=8)

        def __eq__(self, other: object) -> bool:
            return isinstance(other, Line) and vars(self) == vars(other)

    first, second = Line(), Line()
    try:
        first.quantity, first.sku = 2, "pen"
        second.quantity, second.sku = 2, "pen"
    except TypeError as error:
        pytest.fail(
            f"assigning a field of an unhashable instance raised {error!r}: the value must "
            "live in vars(instance), not in a dict keyed by the instance"
        )
    assert (first.quantity, first.sku) == (2, "pen"), (
        f"expected (2, 'pen'), got {(first.quantity, first.sku)}"
    )
    second.quantity = 5
    assert first.quantity == 2, f"equal instances must keep their own values, got {first.quantity}"


class Size(enum.IntEnum):
    SMALL = 1
    LARGE = 3


@pytest.mark.rule(7)
def test_positive_int_accepts_int_subclasses_but_not_bool() -> None:
    """PositiveInt accepts an IntEnum member or another int subclass, never a bool"""

    class Count(int):
        pass

    order = order_class()()
    for value in (Size.LARGE, Count(4)):
        try:
            order.quantity = value
        except (TypeError, ValueError) as error:
            pytest.fail(f"{value!r} is an int (a subclass of int) > 0, but was rejected: {error!r}")
        assert order.quantity == value, f"expected {value!r} stored, got {order.quantity!r}"
    for flag in (True, False):
        with pytest.raises(TypeError, match="quantity"):
            order.quantity = flag


@pytest.mark.rule(8)
def test_bounded_str_counts_every_character() -> None:
    """BoundedStr counts whitespace and non-ASCII characters and stores the string unchanged"""

    class Label(str):
        pass

    class Parcel:
        note = BoundedStr(max_length=4)
        city = BoundedStr(min_length=2, max_length=5)

    parcel = Parcel()
    for value in ("", "    ", " a\t\n", "Łódź", "東京都", "çàèé", "e\u0301", Label("lid")):
        try:
            parcel.note = value
        except (TypeError, ValueError) as error:
            pytest.fail(
                f"note = BoundedStr(max_length=4): {value!r} has len {len(value)} and must be "
                f"accepted, got {error!r}"
            )
        assert parcel.note == value, f"expected {value!r} stored unchanged, got {parcel.note!r}"
    for value in ("Kraków", "  abc", "東京都市圏", "ab\n\n\n", "a\u0301bcd"):
        with pytest.raises(ValueError, match="note"):
            parcel.note = value
    for value in (" ", "é"):
        with pytest.raises(ValueError, match="city"):
            parcel.city = value
    for value in ("  ", "Łó", "Zürich"[:5]):
        parcel.city = value
        assert parcel.city == value, f"expected {value!r} stored unchanged, got {parcel.city!r}"


@pytest.mark.rule(9)
def test_one_of_compares_with_equality() -> None:
    """OneOf accepts any value == a choice (not only the same object); lists work as choices"""

    class Job:
        size = OneOf(1000, 2000)
        tags = OneOf(["a"], ["a", "b"])
        status = OneOf(*STATUSES)

    job = Job()
    job.size = int("2000")  # equal to a choice, but another object
    assert job.size == 2000, f"expected 2000, got {job.size!r}"
    job.size = 1000.0
    assert job.size == 1000, f"1000.0 == 1000 is a choice; expected it accepted, got {job.size!r}"
    job.status = "".join(["pa", "id"])
    assert job.status == "paid", f"expected 'paid', got {job.status!r}"
    job.tags = ["a", "b"]
    assert job.tags == ["a", "b"], f"expected ['a', 'b'], got {job.tags!r}"
    for bad in (["b"], {"a": 1}, [[1]]):
        with pytest.raises(ValueError, match="tags"):
            job.tags = bad
    with pytest.raises(ValueError, match="status"):
        job.status = ["paid"]  # an unhashable value that is not a choice

"""Hidden mypy checks for the validated_fields kata."""

from typing import assert_type

from katas.validated_fields import BoundedStr, Field, OneOf, PositiveInt


def check_instance_access_has_the_value_type() -> None:
    """reading a field on an instance is typed as the value type (int, str), not object or Any

    Rules: 10
    """

    class Order:
        quantity = PositiveInt()
        customer = BoundedStr(min_length=1, max_length=20)
        status = OneOf("new", "paid", "shipped")

    order = Order()
    assert_type(order.quantity, int)
    assert_type(order.customer, str)
    assert_type(order.status, str)
    order.quantity.upper()  # type: ignore[attr-defined]
    order.customer.bit_length()  # type: ignore[attr-defined]


def check_class_access_is_the_descriptor() -> None:
    """reading a field on the class is typed as the descriptor, not as the value

    Rules: 10
    """

    class Order:
        quantity = PositiveInt()
        customer = BoundedStr(max_length=20)

    _quantity: Field[int] = Order.quantity
    _customer: Field[str] = Order.customer
    assert_type(Order.quantity.name, str)
    _total: int = Order.quantity  # type: ignore[assignment]
    _text: str = Order.customer  # type: ignore[assignment]


def check_one_of_infers_the_choice_type() -> None:
    """OneOf(...) is generic: OneOf(1, 2) holds ints, OneOf("a", "b") holds strs

    Rules: 10
    """

    class Job:
        priority = OneOf(1, 2, 3)

    assert_type(Job().priority, int)
    assert_type(OneOf("a", "b"), OneOf[str])
    Job().priority.upper()  # type: ignore[attr-defined]


def check_assigning_a_wrong_type_is_rejected() -> None:
    """assigning a value of the wrong type to a field is a type error

    Rules: 10
    """

    class Order:
        quantity = PositiveInt()
        customer = BoundedStr(max_length=20)
        status = OneOf("new", "paid")

    order = Order()
    order.quantity = 3
    order.customer = "ada"
    order.status = "paid"
    order.quantity = "3"  # type: ignore[assignment]
    order.customer = 42  # type: ignore[assignment]
    order.status = 1  # type: ignore[assignment]


def check_validators_are_fields() -> None:
    """PositiveInt is a Field[int] and BoundedStr a Field[str]

    Rules: 10
    """
    _number: Field[int] = PositiveInt()
    _text: Field[str] = BoundedStr(max_length=3)
    _wrong: Field[str] = PositiveInt()  # type: ignore[assignment]

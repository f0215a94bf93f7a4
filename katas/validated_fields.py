"""Validated fields: reusable validators written as descriptors.

Interview question: "What is a descriptor? How would you write a reusable validated attribute
(say, a positive int) without repeating a property in every class, and where does the value
live?"

The task
--------
Write ``Field``, a *data descriptor* (a class with ``__get__`` and ``__set__``) that validates
every assignment, and three validators built on it. They are used as class attributes of plain
classes (no dataclass, no ``__slots__``)::

    class Order:
        quantity = PositiveInt()
        customer = BoundedStr(min_length=1, max_length=20)
        status = OneOf("new", "paid", "shipped")

* ``__set_name__(owner, name)`` is called by Python when the class body is executed: record the
  attribute name in ``self.name`` ("quantity", "customer", ...). Each descriptor object is
  created once per *class*, so it must not keep one value for itself.
* ``__set__(instance, value)`` calls ``self.validate(value)`` and stores the result *per
  instance*: two ``Order`` objects have their own quantities. A rejected value leaves the old
  one in place.
* ``__get__(instance, owner)``: read from an instance -> that instance's value (reading a field
  that was never set raises ``AttributeError`` naming the attribute); read from the class
  (``Order.quantity``, where ``instance`` is ``None``) -> the descriptor itself, so that tools
  and tests can inspect it.
* ``validate(value)`` returns the value to store or raises. Every error message names the
  attribute (``"quantity must be positive, got -1"``).

The validators:

* ``PositiveInt()`` -- an ``int`` > 0. A non-int (``bool`` included, although it subclasses
  ``int``) raises ``TypeError``; zero or a negative number raises ``ValueError``.
* ``BoundedStr(*, min_length=0, max_length)`` -- a ``str`` whose length is between the two
  bounds, inclusive. A non-str raises ``TypeError``; a bad length raises ``ValueError``.
* ``OneOf(*choices)`` -- a value equal (``==``) to one of the choices; anything else raises
  ``ValueError``.

Typing: make ``Field`` generic, ``Field[T]`` where ``T`` is the value type, and subclass
``Field[int]``, ``Field[str]``; ``OneOf("new", "paid")`` is a ``OneOf[str]``. Give ``__get__``
two ``@overload`` signatures so that mypy types ``order.quantity`` as ``int`` but
``Order.quantity`` as the descriptor, and type ``__set__``'s value as ``T`` so that
``order.quantity = "3"`` is a type error. Below, every value is typed ``object`` as a placeholder.

Rules
-----
* The value lives on the instance (``vars(instance)`` is the instance's own ``__dict__``), never
  on the descriptor.
* No ``Any``, no ``cast``, no ``# type: ignore``: the hidden mypy checks use ``assert_type``.

Example
-------
>>> class Order:
...     quantity = PositiveInt()
>>> a, b = Order(), Order()
>>> a.quantity = 3
>>> b.quantity = 5
>>> a.quantity, b.quantity
(3, 5)
>>> a.quantity = 0
Traceback (most recent call last):
ValueError: quantity must be positive, got 0
>>> isinstance(Order.quantity, PositiveInt), Order.quantity.name
(True, 'quantity')

Where to start
--------------
Write ``__set_name__``, ``__get__`` and ``__set__`` on ``Field`` and ``validate`` on
``PositiveInt``; run ``nox -s check -- validated_fields``. Then make ``Field`` generic and add the
``__get__`` overloads (the ``None`` case returns ``Self``).
"""

from __future__ import annotations

from typing import Generic, Self, TypeVar, overload

T = TypeVar("T")


class Field:  # TODO: make Field generic in its value type, Field[T]
    """A data descriptor that validates a value before storing it on the instance."""

    name: str = "<unnamed field>"

    def __set_name__(self, owner: type[object], name: str) -> None:
        raise NotImplementedError

    # TODO: two @overload-ed signatures: instance None -> the descriptor, else -> the value
    def __get__(self, instance: object | None, owner: type[object] | None = None) -> object:
        raise NotImplementedError

    def __set__(self, instance: object, value: object) -> None:
        raise NotImplementedError

    def validate(self, value: object) -> object:
        """Return the value to store, or raise TypeError/ValueError naming ``self.name``."""
        raise NotImplementedError


class PositiveInt(Field):
    """An ``int`` greater than zero (``bool`` is not accepted)."""

    def validate(self, value: object) -> object:
        raise NotImplementedError


class BoundedStr(Field):
    """A ``str`` whose length lies between ``min_length`` and ``max_length``, inclusive."""

    def __init__(self, *, min_length: int = 0, max_length: int) -> None:
        raise NotImplementedError

    def validate(self, value: object) -> object:
        raise NotImplementedError


class OneOf(Field):
    """One of a fixed set of choices, compared with ``==``."""

    def __init__(self, *choices: object) -> None:
        raise NotImplementedError

    def validate(self, value: object) -> object:
        raise NotImplementedError

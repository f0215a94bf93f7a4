"""Validated fields: reusable validators written as descriptors.

Interview question: "What is a descriptor? How would you write a reusable validated attribute
(say, a positive int) without repeating a property in every class, and where does the value
live?"

The task
--------
Write ``Field``, a *data descriptor* (a class with ``__get__`` and ``__set__``) that validates
every assignment, and three validators built on it: ``PositiveInt``, ``BoundedStr`` and
``OneOf``. Each validator overrides ``validate(value)``, which returns the value to store or
raises. They are used as class attributes of plain classes (no dataclass, no ``__slots__``)::

    class Order:
        quantity = PositiveInt()
        customer = BoundedStr(min_length=1, max_length=20)
        status = OneOf("new", "paid", "shipped")

Typing: make ``Field`` generic, ``Field[T]`` where ``T`` is the value type, and subclass
``Field[int]``, ``Field[str]``. Below, every value is typed ``object`` as a placeholder. Use no
``Any``, no ``cast`` and no ``# type: ignore``: the hidden mypy checks use ``assert_type``.

Rules
-----
1. ``__set_name__(owner, name)`` is called by Python when the class body is executed: record
   the attribute name in ``self.name`` ("quantity", "customer", ...).
2. ``__set__(instance, value)`` calls ``self.validate(value)`` and stores the result on the
   instance, in ``vars(instance)`` (the instance's own ``__dict__``), never on the descriptor:
   each descriptor object is created once per *class* and shared by all its instances. So two
   ``Order`` objects have their own quantities, two fields of one class keep separate values,
   and instances of a class that defines ``__eq__`` (which makes them unhashable) work too.
3. A rejected value raises and leaves the old value in place; a field that was never set
   stays unset.
4. ``__get__(instance, owner)`` on an instance gives that instance's value; reading a field
   that was never set raises ``AttributeError`` naming the attribute.
5. ``__get__`` on the class (``Order.quantity``, where ``instance`` is ``None``) gives the
   descriptor itself, so that tools and tests can inspect it.
6. Every validation error message names the attribute (``"quantity must be positive, got -1"``).
7. ``PositiveInt()``: an ``int`` > 0; instances of ``int`` subclasses (an ``IntEnum`` member)
   count as ints, except ``bool``. A non-int (``bool`` included) raises ``TypeError``; zero or
   a negative number raises ``ValueError``.
8. ``BoundedStr(*, min_length=0, max_length)``: a ``str`` (or ``str`` subclass) whose length
   ``len(value)`` lies between the two bounds, inclusive. Every character counts (whitespace,
   non-ASCII letters), and the string is stored unchanged. A non-str raises ``TypeError``; a
   bad length raises ``ValueError``.
9. ``OneOf(*choices)``: a value equal (``==``) to one of the choices is accepted; anything
   else raises ``ValueError``. Choices and values need not be hashable (``OneOf([1], [2])``
   works, and assigning a list that is not a choice raises ``ValueError``).
10. Types: ``order.quantity`` is typed as the value type (``int``, ``str``) and
    ``Order.quantity`` as the descriptor (give ``__get__`` two ``@overload`` signatures, the
    ``None`` case returning ``Self``); ``__set__``'s value is typed ``T``, so
    ``order.quantity = "3"`` is a type error; ``PositiveInt`` is a ``Field[int]``,
    ``BoundedStr`` a ``Field[str]``, and ``OneOf`` is generic in its choices' type:
    ``OneOf("new", "paid")`` is a ``OneOf[str]``.

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

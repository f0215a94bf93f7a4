"""__get__ ignores the class-access case (instance is None), so Order.quantity blows up.

``__get__`` always reads from ``vars(instance)``; on the class, ``instance`` is ``None`` and
the lookup raises instead of returning the descriptor. Without the ``None`` overload mypy also
types ``Order.quantity`` as an ``int``.

Caught by: test_class_access_returns_the_descriptor, check_class_access_is_the_descriptor
"""

from __future__ import annotations

from typing import Generic, TypeVar

T = TypeVar("T")


class Field(Generic[T]):
    name: str = "<unnamed field>"

    def __set_name__(self, owner: type[object], name: str) -> None:
        self.name = name

    def __get__(self, instance: object, owner: type[object] | None = None) -> T:
        try:
            value: T = vars(instance)[self.name]
        except KeyError:
            raise AttributeError(f"{self.name!r} has not been set") from None
        return value

    def __set__(self, instance: object, value: T) -> None:
        vars(instance)[self.name] = self.validate(value)

    def validate(self, value: object) -> T:
        raise NotImplementedError


class PositiveInt(Field[int]):
    def validate(self, value: object) -> int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError(f"{self.name} must be an int, got {type(value).__name__}")
        if value <= 0:
            raise ValueError(f"{self.name} must be positive, got {value}")
        return value


class BoundedStr(Field[str]):
    def __init__(self, *, min_length: int = 0, max_length: int) -> None:
        self.min_length = min_length
        self.max_length = max_length

    def validate(self, value: object) -> str:
        if not isinstance(value, str):
            raise TypeError(f"{self.name} must be a str, got {type(value).__name__}")
        if not self.min_length <= len(value) <= self.max_length:
            raise ValueError(f"{self.name} has a bad length: {len(value)}")
        return value


class OneOf(Field[T]):
    def __init__(self, *choices: T) -> None:
        self.choices = choices

    def validate(self, value: object) -> T:
        for choice in self.choices:
            if choice == value:
                return choice
        raise ValueError(f"{self.name} must be one of {self.choices!r}, got {value!r}")

"""Has no __set_name__, so the descriptor never learns its attribute name.

Values are kept per instance in a WeakKeyDictionary, which works, but error messages can only
say "value must be positive" and ``Order.quantity.name`` is never set.

Caught by: test_error_messages_name_the_attribute, test_class_access_returns_the_descriptor
"""

from __future__ import annotations

from typing import Generic, Self, TypeVar, overload
from weakref import WeakKeyDictionary

T = TypeVar("T")


class Field(Generic[T]):
    name: str = "<unnamed field>"

    def __init__(self) -> None:
        self.values: WeakKeyDictionary[object, T] = WeakKeyDictionary()

    @overload
    def __get__(self, instance: None, owner: type[object] | None = None) -> Self: ...
    @overload
    def __get__(self, instance: object, owner: type[object] | None = None) -> T: ...
    def __get__(self, instance: object | None, owner: type[object] | None = None) -> Self | T:
        if instance is None:
            return self
        try:
            return self.values[instance]
        except KeyError:
            raise AttributeError("field has not been set") from None

    def __set__(self, instance: object, value: T) -> None:
        self.values[instance] = self.validate(value)

    def validate(self, value: object) -> T:
        raise NotImplementedError


class PositiveInt(Field[int]):
    def validate(self, value: object) -> int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError(f"value must be an int, got {type(value).__name__}")
        if value <= 0:
            raise ValueError(f"value must be positive, got {value}")
        return value


class BoundedStr(Field[str]):
    def __init__(self, *, min_length: int = 0, max_length: int) -> None:
        super().__init__()
        self.min_length = min_length
        self.max_length = max_length

    def validate(self, value: object) -> str:
        if not isinstance(value, str):
            raise TypeError(f"value must be a str, got {type(value).__name__}")
        if not self.min_length <= len(value) <= self.max_length:
            raise ValueError(f"length must be {self.min_length}..{self.max_length}")
        return value


class OneOf(Field[T]):
    def __init__(self, *choices: T) -> None:
        super().__init__()
        self.choices = choices

    def validate(self, value: object) -> T:
        for choice in self.choices:
            if choice == value:
                return choice
        raise ValueError(f"value must be one of {self.choices!r}, got {value!r}")

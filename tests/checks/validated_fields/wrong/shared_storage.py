"""Stores the value on the descriptor, so every instance of the class shares one value.

The descriptor object is created once, in the class body; ``self.value = value`` puts the
value on that single shared object instead of on the instance.

Caught by: test_instances_do_not_share_values, test_values_live_on_the_instance
"""

from __future__ import annotations

from typing import Generic, Self, TypeVar, overload

T = TypeVar("T")


class Field(Generic[T]):
    name: str = "<unnamed field>"
    value: T

    def __set_name__(self, owner: type[object], name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type[object] | None = None) -> Self: ...
    @overload
    def __get__(self, instance: object, owner: type[object] | None = None) -> T: ...
    def __get__(self, instance: object | None, owner: type[object] | None = None) -> Self | T:
        if instance is None:
            return self
        try:
            return self.value
        except AttributeError:
            raise AttributeError(f"{self.name!r} has not been set") from None

    def __set__(self, instance: object, value: T) -> None:
        self.value = self.validate(value)

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

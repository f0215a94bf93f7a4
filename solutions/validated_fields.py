"""Validated fields with descriptors: reference solution."""

from __future__ import annotations

from typing import Generic, Self, TypeVar, overload

T = TypeVar("T")


class Field(Generic[T]):
    """A data descriptor that validates a value before storing it on the instance."""

    name: str = "<unnamed field>"

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
            value: T = vars(instance)[self.name]
        except KeyError:
            raise AttributeError(f"{self.name!r} has not been set") from None
        return value

    def __set__(self, instance: object, value: T) -> None:
        # The instance __dict__ is per instance; the data descriptor still wins on lookup.
        vars(instance)[self.name] = self.validate(value)

    def validate(self, value: object) -> T:
        """Return the value to store, or raise TypeError/ValueError naming ``self.name``."""
        raise NotImplementedError


class PositiveInt(Field[int]):
    """An ``int`` greater than zero (``bool`` is not accepted)."""

    def validate(self, value: object) -> int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError(f"{self.name} must be an int, got {type(value).__name__}")
        if value <= 0:
            raise ValueError(f"{self.name} must be positive, got {value}")
        return value


class BoundedStr(Field[str]):
    """A ``str`` whose length lies between ``min_length`` and ``max_length``, inclusive."""

    def __init__(self, *, min_length: int = 0, max_length: int) -> None:
        self.min_length = min_length
        self.max_length = max_length

    def validate(self, value: object) -> str:
        if not isinstance(value, str):
            raise TypeError(f"{self.name} must be a str, got {type(value).__name__}")
        if not self.min_length <= len(value) <= self.max_length:
            raise ValueError(
                f"{self.name} must have {self.min_length} to {self.max_length} characters, "
                f"got {len(value)}"
            )
        return value


class OneOf(Field[T]):
    """One of a fixed set of choices, compared with ``==``."""

    def __init__(self, *choices: T) -> None:
        self.choices = choices

    def validate(self, value: object) -> T:
        for choice in self.choices:
            if choice == value:
                return choice
        raise ValueError(f"{self.name} must be one of {self.choices!r}, got {value!r}")

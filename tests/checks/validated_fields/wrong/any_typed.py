"""Works at runtime but types every value as Any, so mypy checks nothing about the fields.

``Field`` is not generic and ``__get__``/``__set__`` use ``Any``: ``order.quantity`` is
``Any`` and ``order.quantity = "3"`` type-checks.

Caught by: check_instance_access_has_the_value_type, check_assigning_a_wrong_type_is_rejected
"""

from __future__ import annotations

from typing import Any


class Field:
    name: str = "<unnamed field>"

    def __set_name__(self, owner: type[object], name: str) -> None:
        self.name = name

    def __get__(self, instance: Any, owner: Any = None) -> Any:
        if instance is None:
            return self
        try:
            return vars(instance)[self.name]
        except KeyError:
            raise AttributeError(f"{self.name!r} has not been set") from None

    def __set__(self, instance: Any, value: Any) -> None:
        vars(instance)[self.name] = self.validate(value)

    def validate(self, value: Any) -> Any:
        raise NotImplementedError


class PositiveInt(Field):
    def validate(self, value: Any) -> Any:
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError(f"{self.name} must be an int, got {type(value).__name__}")
        if value <= 0:
            raise ValueError(f"{self.name} must be positive, got {value}")
        return value


class BoundedStr(Field):
    def __init__(self, *, min_length: int = 0, max_length: int) -> None:
        self.min_length = min_length
        self.max_length = max_length

    def validate(self, value: Any) -> Any:
        if not isinstance(value, str):
            raise TypeError(f"{self.name} must be a str, got {type(value).__name__}")
        if not self.min_length <= len(value) <= self.max_length:
            raise ValueError(f"{self.name} has a bad length: {len(value)}")
        return value


class OneOf(Field):
    def __init__(self, *choices: Any) -> None:
        self.choices = choices

    def validate(self, value: Any) -> Any:
        if value not in self.choices:
            raise ValueError(f"{self.name} must be one of {self.choices!r}, got {value!r}")
        return value

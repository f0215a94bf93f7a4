"""ServerConfig is declared total=False with no Required keys: host and port become optional.

mypy then accepts `{"host": "db"}` as a ServerConfig, and the validator (which trusts
`__required_keys__`) no longer reports a missing port.

Caught by: check_required_keys_are_required, test_missing_required_keys_are_reported
"""

# No `from __future__ import annotations` here: on Python 3.11 string annotations hide
# Required/NotRequired from the TypedDict's __required_keys__.

from collections.abc import Mapping
from dataclasses import dataclass
from typing import (
    Annotated,
    NotRequired,
    Required,
    TypedDict,
    TypeVar,
    cast,
    get_args,
    get_origin,
    get_type_hints,
)

T = TypeVar("T")


@dataclass(frozen=True)
class Range:
    """The value is a number with ``low <= value <= high``."""

    low: float
    high: float


@dataclass(frozen=True)
class Length:
    """The value is a string with ``shortest <= len(value) <= longest``."""

    shortest: int
    longest: int


@dataclass(frozen=True)
class OneOf:
    """The value is one of ``choices``."""

    choices: tuple[object, ...]


class ConfigError(ValueError):
    """A config failed validation; ``problems`` lists everything that is wrong."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class ServerConfig(TypedDict, total=False):
    host: Annotated[str, Length(1, 253)]
    port: Annotated[int, Range(1, 65535)]
    workers: NotRequired[Annotated[int, Range(1, 64)]]
    log_level: NotRequired[Annotated[str, OneOf(("debug", "info", "warning", "error"))]]
    debug: NotRequired[bool]


def validate(schema: type[T], data: Mapping[str, object]) -> T:
    hints = get_type_hints(schema, include_extras=True)
    required: frozenset[str] = getattr(schema, "__required_keys__", frozenset(hints))
    problems = [f"missing required key {key!r}" for key in sorted(required - data.keys())]
    problems += [f"unknown key {key!r}" for key in data if key not in hints]
    for key, hint in hints.items():
        if key in data:
            base, metadata = _unwrap(hint)
            problems += _check_value(key, data[key], base, metadata)
    if problems:
        raise ConfigError(problems)
    return cast(T, dict(data))


def _unwrap(hint: object) -> tuple[type, list[object]]:
    """``NotRequired[Annotated[int, Range(1, 2)]]`` -> ``(int, [Range(1, 2)])``."""
    metadata: list[object] = []
    while True:
        origin = get_origin(hint)
        if origin is Annotated:
            hint, *extra = get_args(hint)
            metadata.extend(extra)
        elif origin is Required or origin is NotRequired:
            hint = get_args(hint)[0]
        elif isinstance(hint, type):
            return hint, metadata
        else:
            raise TypeError(f"unsupported annotation in a config schema: {hint!r}")


def _check_value(key: str, value: object, base: type, metadata: list[object]) -> list[str]:
    accepted = (int, float) if base is float else (base,)
    if (isinstance(value, bool) and base is not bool) or not isinstance(value, accepted):
        return [f"{key!r}: expected {base.__name__}, got {type(value).__name__}"]
    problems = []
    for constraint in metadata:
        match constraint:
            case Range(low, high) if isinstance(value, int | float) and not low <= value <= high:
                problems.append(f"{key!r}: {value!r} is outside {low}..{high}")
            case Length(shortest, longest) if isinstance(value, str) and not (
                shortest <= len(value) <= longest
            ):
                problems.append(f"{key!r}: length must be within {shortest}..{longest}")
            case OneOf(choices) if value not in choices:
                problems.append(f"{key!r}: {value!r} is not one of {choices}")
    return problems

"""The validator hard-codes ServerConfig's rules by key name instead of reading the metadata.

It passes for ServerConfig, but a new TypedDict with its own Annotated constraints is only
checked for required and unknown keys.

Caught by: test_a_new_schema_is_validated_by_its_own_metadata
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, NotRequired, TypedDict, TypeVar, cast

T = TypeVar("T")


@dataclass(frozen=True)
class Range:
    low: float
    high: float


@dataclass(frozen=True)
class Length:
    shortest: int
    longest: int


@dataclass(frozen=True)
class OneOf:
    choices: tuple[object, ...]


class ConfigError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class ServerConfig(TypedDict):
    host: Annotated[str, Length(1, 253)]
    port: Annotated[int, Range(1, 65535)]
    workers: NotRequired[Annotated[int, Range(1, 64)]]
    log_level: NotRequired[Annotated[str, OneOf(("debug", "info", "warning", "error"))]]
    debug: NotRequired[bool]


TYPES: dict[str, type] = {"host": str, "port": int, "workers": int, "log_level": str}
RANGES = {"port": (1, 65535), "workers": (1, 64)}


def validate(schema: type[T], data: Mapping[str, object]) -> T:
    required: frozenset[str] = getattr(schema, "__required_keys__", frozenset())
    known = required | getattr(schema, "__optional_keys__", frozenset())
    problems = [f"missing required key {key!r}" for key in sorted(required - data.keys())]
    problems += [f"unknown key {key!r}" for key in data if key not in known]
    for key, value in data.items():
        expected = bool if key == "debug" else TYPES.get(key)
        if expected is not None and (
            type(value) is bool and expected is not bool or not isinstance(value, expected)
        ):
            problems.append(f"{key!r}: expected {expected.__name__}")
            continue
        if key in RANGES and isinstance(value, int):
            low, high = RANGES[key]
            if not low <= value <= high:
                problems.append(f"{key!r}: out of range")
        if key == "host" and isinstance(value, str) and not 1 <= len(value) <= 253:
            problems.append(f"{key!r}: bad length")
        if key == "log_level" and value not in ("debug", "info", "warning", "error"):
            problems.append(f"{key!r}: bad level")
    if problems:
        raise ConfigError(problems)
    return cast(T, dict(data))

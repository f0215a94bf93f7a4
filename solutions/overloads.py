"""A parse() whose return type depends on a Literal argument: reference solution."""

from __future__ import annotations

import json
from typing import Literal, TypeAlias, overload

JSON: TypeAlias = dict[str, "JSON"] | list["JSON"] | str | int | float | bool | None

TRUE_WORDS = frozenset({"true", "yes", "on", "1"})
FALSE_WORDS = frozenset({"false", "no", "off", "0"})


@overload
def parse(value: str, kind: Literal["str"] = ...) -> str: ...
@overload
def parse(value: str, kind: Literal["int"]) -> int: ...
@overload
def parse(value: str, kind: Literal["float"]) -> float: ...
@overload
def parse(value: str, kind: Literal["bool"]) -> bool: ...
@overload
def parse(value: str, kind: Literal["json"]) -> JSON: ...
def parse(value: str, kind: str = "str") -> JSON:
    if kind == "str":
        return value
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    if kind == "bool":
        word = value.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValueError(f"not a boolean: {value!r}")
    if kind == "json":
        document: JSON = json.loads(value)
        return document
    raise ValueError(f"unknown kind: {kind!r}")

"""A last catch-all overload `(value: str, kind: str) -> JSON` makes any kind type-check.

The per-kind overloads still give precise results, but "xml" or a plain str kind is no
longer a type error: the fallback swallows every mistake.

Caught by: check_unknown_kind_is_rejected
"""

from __future__ import annotations

import json
from typing import Literal, TypeAlias, overload

JSON: TypeAlias = dict[str, "JSON"] | list["JSON"] | str | int | float | bool | None


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
@overload
def parse(value: str, kind: str) -> JSON: ...
def parse(value: str, kind: str = "str") -> JSON:
    if kind == "str":
        return value
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    if kind == "bool":
        word = value.strip().lower()
        if word in {"true", "yes", "on", "1"}:
            return True
        if word in {"false", "no", "off", "0"}:
            return False
        raise ValueError(f"not a boolean: {value!r}")
    if kind == "json":
        document: JSON = json.loads(value)
        return document
    raise ValueError(f"unknown kind: {kind!r}")

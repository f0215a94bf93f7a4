"""The "bool" kind uses bool(value), so every non-empty string, "false" included, is True.

Caught by: test_bool_parses_words_not_truthiness, test_bool_rejects_other_words
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
def parse(value: str, kind: str = "str") -> JSON:
    if kind == "str":
        return value
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    if kind == "bool":
        return bool(value)
    if kind == "json":
        document: JSON = json.loads(value)
        return document
    raise ValueError(f"unknown kind: {kind!r}")

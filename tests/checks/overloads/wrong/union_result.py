"""No overloads: kind is a Literal union and the result is the union of every result type.

Unknown kinds are rejected, but `parse("1", "int")` is `str | int | float | bool | JSON` for
mypy, so every caller must narrow or cast.

Caught by: check_each_kind_has_its_own_return_type, check_results_are_usable_without_casts
"""

from __future__ import annotations

import json
from typing import Literal, TypeAlias

JSON: TypeAlias = dict[str, "JSON"] | list["JSON"] | str | int | float | bool | None


def parse(value: str, kind: Literal["str", "int", "float", "bool", "json"] = "str") -> JSON:
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

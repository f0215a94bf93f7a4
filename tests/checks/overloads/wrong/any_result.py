"""parse() is typed `(value: str, kind: str) -> Any`: it runs, but mypy checks nothing.

Callers get Any back, and an unknown kind such as "xml" is accepted.

Caught by: check_each_kind_has_its_own_return_type, check_unknown_kind_is_rejected
"""

from __future__ import annotations

import json
from typing import Any, TypeAlias

JSON: TypeAlias = dict[str, "JSON"] | list["JSON"] | str | int | float | bool | None


def parse(value: str, kind: str = "str") -> Any:
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
        return json.loads(value)
    raise ValueError(f"unknown kind: {kind!r}")

"""The guards take Any and return a plain bool: correct answers, but mypy learns nothing.

After `if is_json_object(value):` the value is still the whole JSON union (or Any), so every
caller needs a cast or an isinstance of its own.

Caught by: check_is_json_object_narrows_both_branches, check_is_str_list_narrows_to_a_list_of_str
"""

from __future__ import annotations

from typing import Any, TypeAlias

JSON: TypeAlias = dict[str, "JSON"] | list["JSON"] | str | int | float | bool | None


def is_json_object(value: Any) -> bool:
    return isinstance(value, dict)


def is_json_array(value: Any) -> bool:
    return isinstance(value, list)


def is_str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def get_tags(document: Any) -> list[str]:
    if is_json_object(document):
        tags = document.get("tags")
        if is_str_list(tags):
            return list(tags)
    return []


def sum_numbers(document: Any) -> float:
    if is_number(document):
        return float(document)
    if is_json_object(document):
        return sum(sum_numbers(item) for item in document.values())
    if is_json_array(document):
        return sum(sum_numbers(item) for item in document)
    return 0

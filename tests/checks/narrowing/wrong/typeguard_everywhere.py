"""Every guard uses TypeGuard, including is_json_object and is_json_array.

The true branch is narrowed, but after a false is_json_object(value) mypy still thinks value
may be a dict: TypeIs would have ruled it out.

Caught by: check_is_json_object_narrows_both_branches, check_is_json_array_narrows_both_branches
"""

from __future__ import annotations

from typing import TypeAlias, TypeGuard

JSON: TypeAlias = dict[str, "JSON"] | list["JSON"] | str | int | float | bool | None


def is_json_object(value: JSON) -> TypeGuard[dict[str, JSON]]:
    return isinstance(value, dict)


def is_json_array(value: JSON) -> TypeGuard[list[JSON]]:
    return isinstance(value, list)


def is_str_list(value: JSON) -> TypeGuard[list[str]]:
    # TypeGuard, not TypeIs: list[str] is not a subtype of list[JSON] (lists are invariant).
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def is_number(value: JSON) -> TypeGuard[int | float]:
    # TypeGuard, not TypeIs: False for True/False, which ARE ints, so a False result
    # must not tell the type checker "not an int".
    return isinstance(value, int | float) and not isinstance(value, bool)


def get_tags(document: JSON) -> list[str]:
    if is_json_object(document):
        tags = document.get("tags")
        if is_str_list(tags):
            return tags
    return []


def sum_numbers(document: JSON) -> float:
    if is_number(document):
        return document
    if is_json_object(document):
        return sum(sum_numbers(item) for item in document.values())
    if is_json_array(document):
        return sum(sum_numbers(item) for item in document)
    return 0

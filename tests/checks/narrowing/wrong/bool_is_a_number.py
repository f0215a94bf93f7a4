"""is_number is a plain isinstance(value, int | float), so True and False count as numbers.

bool is a subclass of int; sum_numbers then adds 1 for every true in the document.

Caught by: test_is_number_rejects_bools, test_sum_numbers
"""

from __future__ import annotations

from typing import TypeAlias, TypeGuard

from typing_extensions import TypeIs

JSON: TypeAlias = dict[str, "JSON"] | list["JSON"] | str | int | float | bool | None


def is_json_object(value: JSON) -> TypeIs[dict[str, JSON]]:
    return isinstance(value, dict)


def is_json_array(value: JSON) -> TypeIs[list[JSON]]:
    return isinstance(value, list)


def is_str_list(value: JSON) -> TypeGuard[list[str]]:
    # TypeGuard, not TypeIs: list[str] is not a subtype of list[JSON] (lists are invariant).
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def is_number(value: JSON) -> TypeGuard[int | float]:
    # TypeGuard, not TypeIs: False for True/False, which ARE ints, so a False result
    # must not tell the type checker "not an int".
    return isinstance(value, int | float)


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

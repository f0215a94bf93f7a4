"""Hidden mypy checks for the narrowing kata."""

import json
from typing import assert_type

from katas.narrowing import (
    JSON,
    get_tags,
    is_json_array,
    is_json_object,
    is_number,
    is_str_list,
    sum_numbers,
)


def check_is_json_object_narrows_both_branches() -> None:
    """is_json_object narrows to dict[str, JSON] when true and rules dict out when false"""
    value: JSON = json.loads("{}")
    if is_json_object(value):
        assert_type(value, dict[str, JSON])
        assert_type(value.get("key"), JSON)
    else:
        assert_type(value, list[JSON] | str | int | float | bool | None)


def check_is_json_array_narrows_both_branches() -> None:
    """is_json_array narrows to list[JSON] when true and rules list out when false"""
    value: JSON = json.loads("[]")
    if is_json_array(value):
        assert_type(value, list[JSON])
    else:
        assert_type(value, dict[str, JSON] | str | int | float | bool | None)


def check_is_str_list_narrows_to_a_list_of_str() -> None:
    """is_str_list narrows to list[str] when true, and leaves the value alone when false"""
    value: JSON = json.loads('["a"]')
    if is_str_list(value):
        assert_type(value, list[str])
        assert_type(", ".join(value), str)
    else:
        assert_type(value, JSON)


def check_is_number_narrows_one_way() -> None:
    """is_number narrows to int | float when true; when false the value may still be a bool"""
    value: JSON = json.loads("true")
    if is_number(value):
        assert_type(value, int | float)
    elif isinstance(value, bool):
        assert_type(value, bool)


def check_consumers_are_precisely_typed() -> None:
    """get_tags returns list[str] and sum_numbers returns float"""
    document: JSON = json.loads('{"tags": ["a"]}')
    assert_type(get_tags(document), list[str])
    assert_type(sum_numbers(document), float)

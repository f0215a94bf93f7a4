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


def check_guards_take_json_values() -> None:
    """the guards accept any JSON value and refuse values that are not JSON

    Rules: 1
    """
    value: JSON = json.loads("null")
    assert_type(bool(is_json_object(value)), bool)
    is_json_array(value)
    is_str_list(["a", 1])
    is_number(1.5)
    is_json_object(b"{}")  # type: ignore[arg-type]
    is_json_array({1, 2})  # type: ignore[arg-type]
    is_str_list(("a", "b"))  # type: ignore[arg-type]
    is_number(object())  # type: ignore[arg-type]


def check_is_json_object_narrows_both_branches() -> None:
    """is_json_object narrows to dict[str, JSON] when true and rules dict out when false

    Rules: 3
    """
    value: JSON = json.loads("{}")
    if is_json_object(value):
        assert_type(value, dict[str, JSON])
        assert_type(value.get("key"), JSON)
        value.append(1)  # type: ignore[attr-defined]
    else:
        assert_type(value, list[JSON] | str | int | float | bool | None)
        value.keys()  # type: ignore[union-attr]


def check_is_json_array_narrows_both_branches() -> None:
    """is_json_array narrows to list[JSON] when true and rules list out when false

    Rules: 5
    """
    value: JSON = json.loads("[]")
    if is_json_array(value):
        assert_type(value, list[JSON])
        value.keys()  # type: ignore[attr-defined]
    else:
        assert_type(value, dict[str, JSON] | str | int | float | bool | None)
        value.append(1)  # type: ignore[union-attr]


def check_is_str_list_narrows_to_a_list_of_str() -> None:
    """is_str_list narrows to list[str] when true, and leaves the value alone when false

    Rules: 7
    """
    value: JSON = json.loads('["a"]')
    if is_str_list(value):
        assert_type(value, list[str])
        assert_type(", ".join(value), str)
        value.append(1)  # type: ignore[arg-type]
    else:
        assert_type(value, JSON)
        value.upper()  # type: ignore[union-attr]


def check_is_number_narrows_one_way() -> None:
    """is_number narrows to int | float when true; when false the value may still be a bool

    Rules: 9
    """
    value: JSON = json.loads("true")
    if is_number(value):
        assert_type(value, int | float)
        value.upper()  # type: ignore[union-attr]
    elif isinstance(value, bool):
        assert_type(value, bool)
    if not is_number(value):
        assert_type(value, JSON)


def check_consumers_are_precisely_typed() -> None:
    """get_tags returns list[str] and sum_numbers returns float, for any JSON document

    Rules: 12
    """
    document: JSON = json.loads('{"tags": ["a"]}')
    assert_type(get_tags(document), list[str])
    assert_type(sum_numbers(document), float)
    assert_type(get_tags(None), list[str])
    assert_type(sum_numbers([1, 2.5, {"a": True}]), float)
    get_tags(document).append(1)  # type: ignore[arg-type]
    get_tags(b"{}")  # type: ignore[arg-type]
    sum_numbers({1, 2})  # type: ignore[arg-type]

"""Hidden pytest checks for the narrowing kata: the guards tell the truth at runtime."""

import math
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from katas.narrowing import (
    get_tags,
    is_json_array,
    is_json_object,
    is_number,
    is_str_list,
    sum_numbers,
)

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(-1e6, 1e6, allow_nan=False)
    | st.text(max_size=3),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=3), children, max_size=4)
    ),
    max_leaves=10,
)
str_lists = st.lists(st.text(max_size=3), max_size=4)
non_str_values = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.lists(st.text(max_size=2), max_size=2)
    | st.dictionaries(st.text(max_size=2), st.integers(), max_size=2)
)


def reference_sum(value: Any) -> float:
    if isinstance(value, bool):
        return 0
    if isinstance(value, int | float):
        return value
    if isinstance(value, dict):
        return sum(reference_sum(item) for item in value.values())
    if isinstance(value, list):
        return sum(reference_sum(item) for item in value)
    return 0


def test_is_json_object_and_is_json_array() -> None:
    """is_json_object is true only for dicts, is_json_array only for lists"""
    for value in ({}, {"a": 1}):
        assert is_json_object(value) is True, f"is_json_object({value!r}) should be True"
        assert is_json_array(value) is False, f"is_json_array({value!r}) should be False"
    for value in ([], [{"a": 1}]):
        assert is_json_array(value) is True, f"is_json_array({value!r}) should be True"
        assert is_json_object(value) is False, f"is_json_object({value!r}) should be False"
    for value in (None, "[]", "{}", 0, 1.5, True):
        assert is_json_object(value) is False, f"is_json_object({value!r}) should be False"
        assert is_json_array(value) is False, f"is_json_array({value!r}) should be False"


def test_is_str_list() -> None:
    """is_str_list is true for a list whose items are all str (the empty list included)"""
    for value in ([], ["a"], ["a", "", "b"]):
        assert is_str_list(value) is True, f"is_str_list({value!r}) should be True"
    for value in (["a", 1], [1, "a"], [["a"]], [None], "abc", {"a": "b"}, None):
        assert is_str_list(value) is False, (
            f"is_str_list({value!r}) should be False (every item must be a str, "
            "and a str itself is not a list)"
        )


def test_is_number_rejects_bools() -> None:
    """is_number is true for ints and floats but not for True/False (bool subclasses int)"""
    for value in (0, -3, 10**30, 1.5, -0.0, float("inf")):
        assert is_number(value) is True, f"is_number({value!r}) should be True"
    for value in (True, False, "1", None, [1], {"n": 1}):
        assert is_number(value) is False, f"is_number({value!r}) should be False"


def test_get_tags() -> None:
    """get_tags returns the "tags" list of an object when it is a list of str, else []"""
    cases: list[tuple[Any, list[str]]] = [
        ({"tags": ["a", "b"]}, ["a", "b"]),
        ({"tags": [], "x": 1}, []),
        ({"tags": "a"}, []),
        ({"tags": ["a", 1]}, []),
        ({"tag": ["a"]}, []),
        ({}, []),
        (["tags"], []),
        ([{"tags": ["a"]}], []),
        (None, []),
        ("tags", []),
    ]
    for document, expected in cases:
        got = get_tags(document)
        assert got == expected, f"get_tags({document!r}) should be {expected!r}, got {got!r}"


def test_sum_numbers() -> None:
    """sum_numbers adds every number in a document, at any depth, skipping bools"""
    document = {"a": 1, "b": [2, 3.5, {"c": -1}], "d": True, "e": "7", "f": None}
    got = sum_numbers(document)
    assert got == 5.5, f"expected 1 + 2 + 3.5 - 1 = 5.5 (True and '7' are not numbers), got {got}"
    assert sum_numbers([]) == 0, f"an empty array sums to 0, got {sum_numbers([])}"
    assert sum_numbers(4) == 4, f"a bare number sums to itself, got {sum_numbers(4)}"
    assert sum_numbers(False) == 0, f"a bool is not a number, got {sum_numbers(False)}"


@given(json_values)
def test_guards_agree_with_isinstance(value: Any) -> None:
    """for any JSON value, every guard agrees with the equivalent isinstance checks"""
    expected = {
        "is_json_object": isinstance(value, dict),
        "is_json_array": isinstance(value, list),
        "is_str_list": isinstance(value, list) and all(isinstance(x, str) for x in value),
        "is_number": isinstance(value, int | float) and not isinstance(value, bool),
    }
    got = {
        "is_json_object": is_json_object(value),
        "is_json_array": is_json_array(value),
        "is_str_list": is_str_list(value),
        "is_number": is_number(value),
    }
    assert got == expected, f"for {value!r}: expected {expected}, got {got}"


@given(str_lists, non_str_values)
def test_is_str_list_checks_every_item(strings: list[str], other: Any) -> None:
    """a list of str with any non-str value mixed in (at any position) is not a str list"""
    assert is_str_list(strings) is True, f"is_str_list({strings!r}) should be True"
    for position in range(len(strings) + 1):
        mixed = [*strings[:position], other, *strings[position:]]
        assert is_str_list(mixed) is False, f"is_str_list({mixed!r}) should be False"


@given(json_values)
def test_sum_numbers_matches_a_reference(value: Any) -> None:
    """for any JSON document, sum_numbers equals the sum of its non-bool numbers"""
    expected = reference_sum(value)
    got = sum_numbers(value)
    assert math.isclose(got, expected, rel_tol=1e-9, abs_tol=1e-6), (
        f"sum_numbers({value!r}) should be {expected}, got {got}"
    )

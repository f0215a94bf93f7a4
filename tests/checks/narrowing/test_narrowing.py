"""Hidden pytest checks for the narrowing kata: the guards tell the truth at runtime."""

import math
from collections import OrderedDict
from typing import Any

import pytest
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


def json_documents(numbers: st.SearchStrategy[float]) -> st.SearchStrategy[Any]:
    """JSON documents whose numbers come from ``numbers``."""
    return st.recursive(
        st.none() | st.booleans() | numbers | st.text(max_size=3),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(st.text(max_size=3), children, max_size=4)
        ),
        max_leaves=10,
    )


# finite, bounded numbers, so that sums do not depend on float rounding
json_values = json_documents(st.integers(-(10**6), 10**6) | st.floats(-1e6, 1e6, allow_nan=False))
# the whole domain: any int, any float (inf and nan included)
any_json_values = json_documents(st.integers() | st.floats())
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


class Tags(list[Any]):
    """A list subclass: still a list."""


@pytest.mark.rule(2)
def test_is_json_object() -> None:
    """is_json_object is true exactly for dicts (subclasses included), false for the rest"""
    for value in ({}, {"a": 1}, {"": None}, OrderedDict(a=[1]), {"a": {"b": {}}}):
        assert is_json_object(value) is True, f"is_json_object({value!r}) should be True"
    for value in ([], [{"a": 1}], None, "[]", "{}", "", 0, 1.5, True, False, Tags()):
        assert is_json_object(value) is False, f"is_json_object({value!r}) should be False"


@pytest.mark.rule(4)
def test_is_json_array() -> None:
    """is_json_array is true exactly for lists (subclasses included), false for the rest"""
    for value in ([], [{"a": 1}], [None], [[]], Tags(["a"])):
        assert is_json_array(value) is True, f"is_json_array({value!r}) should be True"
    for value in ({}, {"a": [1]}, OrderedDict(), None, "[]", "", 0, 1.5, True, False):
        assert is_json_array(value) is False, f"is_json_array({value!r}) should be False"


@pytest.mark.rule(6)
def test_is_str_list() -> None:
    """is_str_list is true for a list whose items are all str (the empty list included)"""
    for value in ([], ["a"], ["a", "", "b"]):
        assert is_str_list(value) is True, f"is_str_list({value!r}) should be True"
    for value in (["a", 1], [1, "a"], [["a"]], [None], ["a", None], "abc", "", {"a": "b"}, None):
        assert is_str_list(value) is False, (
            f"is_str_list({value!r}) should be False (every item must be a str, "
            "and a str itself is not a list)"
        )


@pytest.mark.rule(8)
def test_is_number_rejects_bools() -> None:
    """is_number is true for ints and floats but not for True/False (bool subclasses int)"""
    for value in (0, 1, -3, 10**30, 1.5, 0.0, -0.0, float("inf"), float("-inf"), float("nan")):
        assert is_number(value) is True, f"is_number({value!r}) should be True"
    for value in (True, False, "1", "1.5", "", None, [1], [], {"n": 1}, {}):
        assert is_number(value) is False, f"is_number({value!r}) should be False"


@pytest.mark.rule(10)
def test_get_tags() -> None:
    """get_tags returns the "tags" list of an object when it is a list of str, else []"""
    cases: list[tuple[Any, list[str]]] = [
        ({"tags": ["a", "b"]}, ["a", "b"]),
        ({"tags": [], "x": 1}, []),
        ({"tags": "a"}, []),
        ({"tags": ["a", 1]}, []),
        ({"tags": [1, "a"]}, []),
        ({"tags": None}, []),
        ({"tags": {"a": "b"}}, []),
        ({"tags": [["a"]]}, []),
        ({"tags": ["", "b"], "other": [1]}, ["", "b"]),
        ({"TAGS": ["a"]}, []),
        ({"nested": {"tags": ["a"]}}, []),
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


@pytest.mark.rule(11)
def test_sum_numbers() -> None:
    """sum_numbers adds every number in a document, at any depth, skipping bools"""
    document = {"a": 1, "b": [2, 3.5, {"c": -1}], "d": True, "e": "7", "f": None}
    got = sum_numbers(document)
    assert got == 5.5, f"expected 1 + 2 + 3.5 - 1 = 5.5 (True and '7' are not numbers), got {got}"
    assert sum_numbers([]) == 0, f"an empty array sums to 0, got {sum_numbers([])}"
    assert sum_numbers(4) == 4, f"a bare number sums to itself, got {sum_numbers(4)}"
    assert sum_numbers(False) == 0, f"a bool is not a number, got {sum_numbers(False)}"
    assert sum_numbers(True) == 0, f"a bool is not a number, got {sum_numbers(True)}"
    assert sum_numbers(None) == 0, f"null sums to 0, got {sum_numbers(None)}"
    assert sum_numbers("12") == 0, f"a numeric string is not a number, got {sum_numbers('12')}"
    assert sum_numbers({"12": 1}) == 1, "keys are not numbers, only values count"
    deep = {"a": [[[{"b": [[2.5]]}]]], "c": {"d": {"e": [1, [True, -0.5]]}}}
    assert sum_numbers(deep) == 3.0, (
        f"expected 2.5 + 1 - 0.5 = 3.0 at any depth, got {sum_numbers(deep)}"
    )
    assert sum_numbers([1.5, 2]) == 3.5, "a float and an int add up to 3.5"


@pytest.mark.rule(11)
def test_sum_numbers_adds_inf_and_nan() -> None:
    """sum_numbers adds inf and nan like float addition does, and never raises"""
    inf, nan = math.inf, math.nan
    assert sum_numbers([1, inf]) == inf, "1 + inf is inf"
    assert sum_numbers({"a": [-inf], "b": 2}) == -inf, "-inf + 2 is -inf"
    for document in ([inf, -inf], {"a": inf, "b": [1, {"c": -inf}]}, {"n": nan, "m": 1}):
        got = sum_numbers(document)
        assert math.isnan(got), f"sum_numbers({document!r}) should be nan, got {got!r}"


@pytest.mark.rule(2, 4, 6, 8)
@given(any_json_values)
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


@pytest.mark.rule(6)
@given(str_lists, non_str_values)
def test_is_str_list_checks_every_item(strings: list[str], other: Any) -> None:
    """a list of str with any non-str value mixed in (at any position) is not a str list"""
    assert is_str_list(strings) is True, f"is_str_list({strings!r}) should be True"
    for position in range(len(strings) + 1):
        mixed = [*strings[:position], other, *strings[position:]]
        assert is_str_list(mixed) is False, f"is_str_list({mixed!r}) should be False"


@pytest.mark.rule(11)
@given(json_values)
def test_sum_numbers_matches_a_reference(value: Any) -> None:
    """for any JSON document, sum_numbers equals the sum of its non-bool numbers"""
    expected = reference_sum(value)
    got = sum_numbers(value)
    assert math.isclose(got, expected, rel_tol=1e-9, abs_tol=1e-6), (
        f"sum_numbers({value!r}) should be {expected}, got {got}"
    )


@pytest.mark.rule(10)
@given(json_values, json_values)
def test_get_tags_matches_a_reference(tags: Any, document: Any) -> None:
    """for any document, get_tags returns its "tags" exactly when they are a list of str"""
    for candidate in (document, {"tags": tags}, {"tags": tags, "other": document}):
        value = candidate.get("tags") if isinstance(candidate, dict) else None
        is_tags = isinstance(value, list) and all(isinstance(item, str) for item in value)
        expected = value if is_tags else []
        got = get_tags(candidate)
        assert got == expected, f"get_tags({candidate!r}) should be {expected!r}, got {got!r}"

"""Hidden pytest checks for the overloads kata: runtime behaviour."""

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from katas.overloads import parse

TRUE_WORDS = ["true", "yes", "on", "1"]
FALSE_WORDS = ["false", "no", "off", "0"]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4)
    ),
    max_leaves=15,
)


def test_str_is_the_default_kind() -> None:
    """parse(value) and parse(value, "str") return the text unchanged"""
    assert parse(" a b ") == " a b ", f"parse(' a b ') should be unchanged, got {parse(' a b ')!r}"
    assert parse("42", "str") == "42", "parse('42', 'str') should be the str '42'"


def test_each_kind_returns_its_type() -> None:
    """ "int" gives an int, "float" a float, "bool" a bool, "json" the decoded document"""
    cases: list[tuple[Any, type]] = [
        (parse("42", "int"), int),
        (parse("-7", "int"), int),
        (parse("1", "float"), float),
        (parse("2.5", "float"), float),
        (parse("true", "bool"), bool),
    ]
    for result, expected_type in cases:
        assert type(result) is expected_type, (
            f"expected a {expected_type.__name__}, got {result!r} ({type(result).__name__})"
        )
    assert parse("42", "int") == 42, "parse('42', 'int') should be 42"
    assert parse("2.5", "float") == 2.5, "parse('2.5', 'float') should be 2.5"
    doc = parse('{"a": [1, 2.5, null, true]}', "json")
    assert doc == {"a": [1, 2.5, None, True]}, f"the JSON document was decoded as {doc!r}"


@pytest.mark.parametrize("value", ["1.5", "abc", "", "1e3", "0x10"])
def test_invalid_int_raises_value_error(value: str) -> None:
    """parse(..., "int") raises ValueError for text that is not an integer"""
    with pytest.raises(ValueError):  # noqa: PT011 (any message is fine)
        parse(value, "int")


@pytest.mark.parametrize(
    ("value", "kind"),
    [("abc", "float"), ("", "float"), ("{", "json"), ("[1,]", "json"), ("", "json")],
)
def test_invalid_float_or_json_raises_value_error(value: str, kind: Any) -> None:
    """parse(..., "float") and parse(..., "json") raise ValueError for malformed text"""
    with pytest.raises(ValueError):  # noqa: PT011 (any message is fine)
        parse(value, kind)


def test_bool_parses_words_not_truthiness() -> None:
    """ "bool" maps true/yes/on/1 to True and false/no/off/0 to False, ignoring case and spaces"""
    for word in TRUE_WORDS:
        for text in (word, word.upper(), f" {word.title()} "):
            assert parse(text, "bool") is True, f"parse({text!r}, 'bool') should be True"
    for word in FALSE_WORDS:
        for text in (word, word.upper(), f" {word.title()}\n"):
            assert parse(text, "bool") is False, (
                f"parse({text!r}, 'bool') should be False (a non-empty string is truthy, "
                "but 'false' means False)"
            )


@given(st.text(max_size=8))
def test_bool_rejects_other_words(text: str) -> None:
    """ "bool" raises ValueError for any text that is not one of the eight words"""
    if text.strip().lower() in TRUE_WORDS + FALSE_WORDS:
        return
    try:
        result = parse(text, "bool")
    except ValueError:
        return
    pytest.fail(f"parse({text!r}, 'bool') should raise ValueError, got {result!r}")


def test_unknown_kind_raises_value_error() -> None:
    """an unknown kind (only possible by bypassing the types) raises ValueError"""
    kind: Any = "xml"
    with pytest.raises(ValueError, match="xml"):
        parse("<a/>", kind)


@given(st.integers())
def test_int_round_trip(number: int) -> None:
    """parse(str(n), "int") == n for every int"""
    assert parse(str(number), "int") == number, f"parse({str(number)!r}, 'int') != {number}"


@given(st.floats(allow_nan=False))
def test_float_round_trip(number: float) -> None:
    """parse(repr(x), "float") == x for every float (inf included)"""
    assert parse(repr(number), "float") == number, f"parse({number!r}, 'float') != {number!r}"


@given(st.booleans(), st.data())
def test_bool_round_trip(flag: bool, data: st.DataObject) -> None:
    """any accepted word in any letter case parses back to its bool"""
    word = data.draw(st.sampled_from(TRUE_WORDS if flag else FALSE_WORDS))
    upper = data.draw(st.lists(st.booleans(), min_size=len(word), max_size=len(word)))
    text = "".join(c.upper() if up else c for c, up in zip(word, upper, strict=True))
    assert parse(text, "bool") is flag, f"parse({text!r}, 'bool') should be {flag}"


@given(json_values)
def test_json_round_trip(document: Any) -> None:
    """parse(json.dumps(doc), "json") == doc for every JSON document"""
    text = json.dumps(document)
    assert parse(text, "json") == document, f"parse({text!r}, 'json') did not give it back"

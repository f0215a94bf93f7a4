"""Hidden pytest checks for the overloads kata: runtime behaviour."""

import json
import math
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


@pytest.mark.rule(1)
def test_str_is_the_default_kind() -> None:
    """parse(value) and parse(value, "str") return the text unchanged"""
    assert parse(" a b ") == " a b ", f"parse(' a b ') should be unchanged, got {parse(' a b ')!r}"
    assert parse("42", "str") == "42", "parse('42', 'str') should be the str '42'"
    assert parse(" x\t\n", kind="str") == " x\t\n", "parse(value, kind='str') must not strip"
    assert parse("") == "", "parse('') should be ''"


@pytest.mark.rule(1)
@given(st.text())
def test_str_round_trip(text: str) -> None:
    """parse(text) returns exactly the text, for any text"""
    assert parse(text) == text, f"parse({text!r}) should return it unchanged"
    assert parse(text, "str") == text, f"parse({text!r}, 'str') should return it unchanged"


@pytest.mark.rule(2, 3, 4, 5)
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


@pytest.mark.rule(2)
@pytest.mark.parametrize(
    "value", ["1.5", "abc", "", " ", "1e3", "0x10", "1__0", "_1", "- 1", "1.0"]
)
def test_invalid_int_raises_value_error(value: str) -> None:
    """parse(..., "int") raises ValueError for text that is not an integer"""
    with pytest.raises(ValueError):  # noqa: PT011 (any message is fine)
        parse(value, "int")


@pytest.mark.rule(2)
@pytest.mark.parametrize(
    ("text", "expected"),
    [(" 42 ", 42), ("+5", 5), ("-1_000", -1000), ("\t7\n", 7), ("007", 7), ("\u0664\u0662", 42)],
)
def test_int_accepts_what_int_accepts(text: str, expected: int) -> None:
    """parse(..., "int") accepts what int() accepts: whitespace, signs, underscores, any digits"""
    result = parse(text, "int")
    assert result == expected, (
        f"parse({text!r}, 'int') should be {expected} like int(), got {result!r}"
    )
    assert type(result) is int, f"parse({text!r}, 'int') should be an int, got {type(result)}"


@pytest.mark.rule(3)
@pytest.mark.parametrize("value", ["abc", "", " ", "1,5", "0x10", "1.5.0", "infinity!"])
def test_invalid_float_raises_value_error(value: str) -> None:
    """parse(..., "float") raises ValueError for text that float() refuses"""
    with pytest.raises(ValueError):  # noqa: PT011 (any message is fine)
        parse(value, "float")


@pytest.mark.rule(3)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", 1.0),
        (" -2 ", -2.0),
        ("1e3", 1000.0),
        ("1_0.5", 10.5),
        ("-inf", -math.inf),
        (".5", 0.5),
    ],
)
def test_float_accepts_what_float_accepts(text: str, expected: float) -> None:
    """parse(..., "float") accepts what float() accepts and always returns a float"""
    result = parse(text, "float")
    assert result == expected, f"parse({text!r}, 'float') should be {expected!r}, got {result!r}"
    assert type(result) is float, f"parse({text!r}, 'float') should be a float, got {type(result)}"
    nan = parse("NaN", "float")
    assert type(nan) is float, f"parse('NaN', 'float') should be a float, got {nan!r}"
    assert math.isnan(nan), f"parse('NaN', 'float') should be nan, got {nan!r}"


@pytest.mark.rule(5)
@pytest.mark.parametrize("value", ["{", "[1,]", "", " ", "{'a': 1}", "tru", "01", "[1] [2]"])
def test_invalid_json_raises_value_error(value: str) -> None:
    """parse(..., "json") raises ValueError for malformed text"""
    with pytest.raises(ValueError):  # noqa: PT011 (any message is fine)
        parse(value, "json")


@pytest.mark.rule(5)
def test_json_accepts_any_document() -> None:
    """parse(..., "json") accepts any JSON document: objects, arrays, bare values, Infinity"""
    cases: list[tuple[str, object]] = [
        ("1", 1),
        ("-2.5", -2.5),
        ('"text"', "text"),
        ("null", None),
        ("false", False),
        (" [] ", []),
        ('{"a": {"b": [true]}}', {"a": {"b": [True]}}),
        ("-Infinity", -math.inf),
        ('{"x": Infinity}', {"x": math.inf}),
    ]
    for text, expected in cases:
        result = parse(text, "json")
        assert result == expected, f"parse({text!r}, 'json') should be {expected!r}, got {result!r}"
        assert type(result) is type(expected), f"parse({text!r}, 'json') gave {type(result)}"


@pytest.mark.rule(4)
def test_bool_parses_words_not_truthiness() -> None:
    """ "bool" maps true/yes/on/1 to True and false/no/off/0 to False, ignoring case and spaces"""
    for word in TRUE_WORDS:
        for text in (word, word.upper(), f" {word.title()} ", f"\t{word}\r\n", f"\xa0{word}\u3000"):
            assert parse(text, "bool") is True, f"parse({text!r}, 'bool') should be True"
    for word in FALSE_WORDS:
        for text in (
            word,
            word.upper(),
            f" {word.title()}\n",
            f"\n\t{word.upper()}\x0b",
            f"{word}\u2003",
        ):
            assert parse(text, "bool") is False, (
                f"parse({text!r}, 'bool') should be False (a non-empty string is truthy, "
                "but 'false' means False)"
            )


@pytest.mark.rule(4)
@pytest.mark.parametrize(
    "text",
    ["", " ", "t", "f", "y", "n", "tru", "rue", "yes!", "y es", "o n", "2", "-1", "01", "1.0",
     "none", "null", "truefalse", "yes no", "enabled", "disabled", "'true'", "off\x00"],
)  # fmt: skip
def test_bool_rejects_near_misses(text: str) -> None:
    """ "bool" raises ValueError for "", prefixes, parts and near misses of the eight words"""
    try:
        result = parse(text, "bool")
    except ValueError:
        return
    pytest.fail(f"parse({text!r}, 'bool') should raise ValueError, got {result!r}")


@pytest.mark.rule(4)
@given(st.text(max_size=8))
def test_bool_rejects_other_words(text: str) -> None:
    """ "bool" raises ValueError for any text that is not one of the eight words"""
    stripped = text.strip()
    if {stripped.lower(), stripped.upper().lower(), stripped.casefold()} & {
        *TRUE_WORDS,
        *FALSE_WORDS,
    }:
        return
    try:
        result = parse(text, "bool")
    except ValueError:
        return
    pytest.fail(f"parse({text!r}, 'bool') should raise ValueError, got {result!r}")


@pytest.mark.rule(6)
@pytest.mark.parametrize("kind", ["xml", "INT", "Str", " int", "", "boolean", "string", "list"])
def test_unknown_kind_raises_value_error(kind: Any) -> None:
    """an unknown kind (only possible by bypassing the types) raises ValueError"""
    with pytest.raises(ValueError):  # noqa: PT011 (any message is fine)
        parse("1", kind)


@pytest.mark.rule(2)
@given(st.integers())
def test_int_round_trip(number: int) -> None:
    """parse(str(n), "int") == n for every int"""
    assert parse(str(number), "int") == number, f"parse({str(number)!r}, 'int') != {number}"


@pytest.mark.rule(3)
@given(st.floats(allow_nan=False))
def test_float_round_trip(number: float) -> None:
    """parse(repr(x), "float") == x for every float (inf included)"""
    assert parse(repr(number), "float") == number, f"parse({number!r}, 'float') != {number!r}"


@pytest.mark.rule(4)
@given(st.booleans(), st.data())
def test_bool_round_trip(flag: bool, data: st.DataObject) -> None:
    """any accepted word in any letter case parses back to its bool"""
    word = data.draw(st.sampled_from(TRUE_WORDS if flag else FALSE_WORDS))
    upper = data.draw(st.lists(st.booleans(), min_size=len(word), max_size=len(word)))
    text = "".join(c.upper() if up else c for c, up in zip(word, upper, strict=True))
    assert parse(text, "bool") is flag, f"parse({text!r}, 'bool') should be {flag}"


@pytest.mark.rule(5)
@given(json_values)
def test_json_round_trip(document: Any) -> None:
    """parse(json.dumps(doc), "json") == doc for every JSON document"""
    text = json.dumps(document)
    assert parse(text, "json") == document, f"parse({text!r}, 'json') did not give it back"

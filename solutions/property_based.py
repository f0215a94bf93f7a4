"""Properties of katas/rle.py, checked with hypothesis.

Round-trip alone is not enough: a consistent but wrong pair (runs split at 9, the character
written before its count) still round-trips. So the properties also pin the format and its
invariants, every rejected input, and a few examples.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from katas.rle import decode, encode

DIGITS = "0123456789"
RUN = re.compile(r"([1-9][0-9]*)([^0-9])")
ENCODED = re.compile(r"(?:[1-9][0-9]*[^0-9])*")

characters = st.characters(exclude_characters=DIGITS)


def texts() -> SearchStrategy[str]:
    """Valid inputs of encode(): texts without ASCII digits, often made of long runs."""
    runs = st.lists(st.tuples(characters, st.integers(1, 30)), max_size=6)
    return st.one_of(st.text(characters), runs.map(lambda rs: "".join(c * n for c, n in rs)))


def assert_refused(function: Callable[[str], str], argument: str) -> None:
    """``function(argument)`` raises ValueError (the docstrings promise no message)."""
    try:
        result = function(argument)
    except ValueError:
        return
    pytest.fail(f"{function.__name__}({argument!r}) returned {result!r} instead of raising")


# Rule 1: decode(encode(text)) == text over the whole domain.


@given(texts())
@example("two  spaces,\nnew lines, emoji 🙂, é, ² and ٣")  # the rule names each of them
def test_decode_reverses_encode(text: str) -> None:
    assert decode(encode(text)) == text


# Rule 2: encode writes maximal runs, count (any length) then character.


@given(texts())
def test_encode_writes_maximal_runs_as_count_then_character(text: str) -> None:
    encoded = encode(text)
    assert ENCODED.fullmatch(encoded), f"{encoded!r} is not a sequence of <count><character>"
    runs = [(int(count), char) for count, char in RUN.findall(encoded)]
    assert "".join(char * count for count, char in runs) == text
    assert all(a[1] != b[1] for a, b in itertools.pairwise(runs)), (
        f"runs not maximal in {encoded!r}"
    )


@pytest.mark.parametrize(
    ("text", "encoded"),
    [
        ("aaabccdddd", "3a1b2c4d"),
        ("x" * 12, "12x"),
        ("a" * 100 + "b", "100a1b"),
        ("  \n\n", "2 2\n"),
        ("é😀😀", "1é2😀"),
    ],
)
def test_encode_examples(text: str, encoded: str) -> None:
    assert encode(text) == encoded


# Rule 3: decode reads counts of several digits.


@pytest.mark.parametrize(
    ("encoded", "text"),
    [("10a", "a" * 10), ("123b", "b" * 123), ("1x20y3z", "x" + "y" * 20 + "zzz")],
)
def test_decode_reads_counts_of_several_digits(encoded: str, text: str) -> None:
    assert decode(encoded) == text


# Rule 4: the empty text.


def test_the_empty_text_encodes_and_decodes_to_itself() -> None:
    assert encode("") == ""
    assert decode("") == ""


# Rule 5: encode refuses an ASCII digit anywhere.


@given(texts(), st.sampled_from(DIGITS), st.integers(min_value=0))
def test_a_text_with_a_digit_anywhere_is_refused(text: str, digit: str, where: int) -> None:
    where %= len(text) + 1
    assert_refused(encode, text[:where] + digit + text[where:])


# Rule 6: decode refuses a character without a count.


@pytest.mark.parametrize("encoded", ["a", "3ab", "x3a"])
def test_examples_of_a_character_without_a_count_are_refused(encoded: str) -> None:
    assert_refused(decode, encoded)


@given(texts(), characters)
def test_a_character_without_a_count_is_refused(text: str, char: str) -> None:
    encoded = encode(text)
    for malformed in (char + encoded, encoded + char):
        assert_refused(decode, malformed)


# Rule 7: decode refuses a count without a character.


@pytest.mark.parametrize("encoded", ["3", "3a4", "2b10"])
def test_examples_of_a_count_without_a_character_are_refused(encoded: str) -> None:
    assert_refused(decode, encoded)


@given(texts(), st.integers(1, 999))
def test_a_count_without_a_character_is_refused(text: str, count: int) -> None:
    assert_refused(decode, encode(text) + str(count))


# Rule 8: decode refuses a count of zero.


@pytest.mark.parametrize("encoded", ["0a", "2b0a"])
def test_examples_of_a_count_of_zero_are_refused(encoded: str) -> None:
    assert_refused(decode, encoded)


@given(texts(), characters)
def test_a_count_of_zero_is_refused(text: str, char: str) -> None:
    assert_refused(decode, encode(text) + "0" + char)


# Rule 9: decode refuses a count with a leading zero.


@pytest.mark.parametrize("encoded", ["03a", "2b010c", "00a"])
def test_examples_of_a_count_with_a_leading_zero_are_refused(encoded: str) -> None:
    assert_refused(decode, encoded)


@given(texts().filter(bool), st.integers(1, 3))
def test_a_count_with_a_leading_zero_is_refused(text: str, zeros: int) -> None:
    encoded = encode(text)
    assert_refused(decode, "0" * zeros + encoded)


# Rule 10: decode accepts neighbouring runs of one character.


@given(texts(), texts())
def test_decode_joins_encodings(first: str, second: str) -> None:
    assert decode(encode(first) + encode(second)) == first + second


def test_decode_accepts_neighbouring_runs_of_one_character() -> None:
    assert decode("1a1a") == "aa"
    assert decode("2b3b") == "b" * 5

"""Properties of katas/rle.py, checked with hypothesis.

Round-trip alone is not enough: a consistent but wrong pair (runs split at 9, the character
written before its count) still round-trips. So the properties also pin the format and its
invariants, the rejected inputs, and a few examples.
"""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from katas.rle import decode, encode

DIGITS = "0123456789"
RUN = re.compile(r"([1-9][0-9]*)([^0-9])")
ENCODED = re.compile(r"(?:[1-9][0-9]*[^0-9])*")

characters = st.characters(exclude_characters=DIGITS)


def texts() -> SearchStrategy[str]:
    """Valid inputs of encode(): texts without digits, often made of long runs."""
    runs = st.lists(st.tuples(characters, st.integers(1, 30)), max_size=6)
    return st.one_of(st.text(characters), runs.map(lambda rs: "".join(c * n for c, n in rs)))


@given(texts())
def test_decode_reverses_encode(text: str) -> None:
    assert decode(encode(text)) == text


@given(texts())
def test_encode_writes_maximal_runs_as_count_then_character(text: str) -> None:
    encoded = encode(text)
    assert ENCODED.fullmatch(encoded), f"{encoded!r} is not a sequence of <count><character>"
    runs = [(int(count), char) for count, char in RUN.findall(encoded)]
    assert sum(count for count, _ in runs) == len(text)
    assert all(a[1] != b[1] for a, b in itertools.pairwise(runs)), (
        f"runs not maximal in {encoded!r}"
    )


@given(texts())
def test_encode_reverses_decode_on_its_own_output(text: str) -> None:
    encoded = encode(text)
    assert encode(decode(encoded)) == encoded


@given(texts(), st.sampled_from(DIGITS), st.integers(min_value=0))
def test_a_text_with_a_digit_is_refused(text: str, digit: str, where: int) -> None:
    where %= len(text) + 1
    with pytest.raises(ValueError, match="digit"):
        encode(text[:where] + digit + text[where:])


@given(texts(), st.sampled_from(["{}7", "{}0a", "{}05b", "{}x", "x{}"]))
def test_malformed_input_is_refused(text: str, malformation: str) -> None:
    with pytest.raises(ValueError, match="run-length"):
        decode(malformation.format(encode(text)))


@pytest.mark.parametrize(
    ("text", "encoded"),
    [
        ("", ""),
        ("aaabccdddd", "3a1b2c4d"),
        ("x" * 12, "12x"),
        ("  \n\n", "2 2\n"),
        ("é😀😀", "1é2😀"),
    ],
)
def test_examples(text: str, encoded: str) -> None:
    assert encode(text) == encoded
    assert decode(encoded) == text


def test_decode_accepts_neighbouring_runs_of_one_character() -> None:
    assert decode("1a1a") == "aa"
    assert decode("10a2a") == "a" * 12
